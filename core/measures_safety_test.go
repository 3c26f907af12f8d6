package core_test

import (
	"path/filepath"
	"strings"
	"testing"

	"groupwork/core/coretest"
)

// answerPHQ answers the PHQ-9 from the Start button on: item i (1-based)
// gets scores[i-1], then the difficulty item. It stops after item 9 when
// that answer raised the alert screen, and returns the last reply.
func answerPHQ(t *testing.T, h *coretest.Harness, who string, scores [9]int) string {
	t.Helper()
	labels := []string{"Not at all", "Several days", "More than half the days", "Nearly every day"}
	h.Press(who, "Start")
	var text string
	for i, s := range scores {
		text = coretest.Text(h.Press(who, labels[s]))
		if i == 8 && strings.Contains(text, "Please contact me") {
			return text
		}
	}
	return coretest.Text(h.Press(who, "Not difficult at all"))
}

// TestPHQ9Item9Alert: any answer above "Not at all" to item 9 raises a
// safety alert on the usual path: private to the lead and the backup, with
// nothing the member chose in it beyond the rule, acknowledged and
// recorded; the member sees crisis resources at once, on a screen of its
// own, and can then finish the questionnaire. "Not at all" raises nothing.
func TestPHQ9Item9Alert(t *testing.T) {
	h := safetyGroup(t)
	h.Do("Tess", "/exercise start phq-9")

	// Bo answers "Not at all" to item 9: no alert.
	if text := answerPHQ(t, h, "Bo", [9]int{1, 1, 0, 0, 0, 0, 0, 0, 0}); strings.Contains(text, "Please contact me") {
		t.Fatalf("item 9 = 0 raised the alert screen:\n%s", text)
	}
	if len(h.DMs("Tess")) != 0 {
		t.Fatalf("an alert was sent for item 9 = 0: %v", h.DMs("Tess"))
	}

	// Ana answers "Several days" to item 9.
	text := answerPHQ(t, h, "Ana", [9]int{2, 2, 1, 1, 0, 1, 0, 0, 1})
	for _, want := range []string{"Thank you for telling us how you are", "TelefonSeelsorge", "not available around the clock", "Please contact me"} {
		if !strings.Contains(text, want) {
			t.Errorf("the member's screen lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "how difficult") {
		t.Errorf("the alert screen also shows the next item:\n%s", text)
	}
	for _, who := range []string{"Tess", "Cora"} {
		dm := h.LastDM(who)
		for _, want := range []string{"Safety alert #1", "Member: Ana", "phq-9", "PHQ-9 item 9", "/alerts ack 1"} {
			if !strings.Contains(dm, want) {
				t.Errorf("%s's alert lacks %q:\n%s", who, want, dm)
			}
		}
		if strings.Contains(dm, "Several days") {
			t.Errorf("%s's alert names the answer:\n%s", who, dm)
		}
	}
	h.Press("Ana", "Please contact me")
	h.Press("Ana", "Continue")
	h.Press("Ana", "Not difficult at all")

	list := coretest.Text(h.Do("Tess", "/alerts list"))
	if !strings.Contains(list, "#1") || !strings.Contains(list, "**open**") || !strings.Contains(list, "asked to be contacted") {
		t.Errorf("/alerts:\n%s", list)
	}
	h.Do("Tess", "/alerts ack 1 \"called Ana, safe, plan reviewed\"")
	if list := coretest.Text(h.Do("Tess", "/alerts list")); !strings.Contains(list, "No open safety alerts") {
		t.Errorf("after ack:\n%s", list)
	}
	golden(t, filepath.Join("transcripts", "phq9-item9-alert.golden"), h.Transcript())
}
