package core_test

import (
	"strings"
	"testing"

	"groupwork/bot"
	"groupwork/core/coretest"
)

// setup creates a group led by Tess with members Ana and Bo (both consented).
func setup(t *testing.T) *coretest.Harness {
	t.Helper()
	h := coretest.NewBot(t)
	h.Do("Tess", "/group create \"Tuesday group\" Europe/Berlin")
	h.Do("Tess", "/group add @Ana")
	h.Do("Tess", "/group add @Bo")
	h.Do("Ana", "/privacy accept")
	h.Do("Bo", "/privacy accept")
	return h
}

func TestMoodCheckinEndToEnd(t *testing.T) {
	h := setup(t)
	h.Do("Tess", "/exercise start mood-checkin")
	rep := h.Press("Ana", "Start")
	if !strings.Contains(coretest.Text(rep), "How has your mood been") {
		t.Log(h.Transcript())
		t.Fatalf("first screen:\n%s", coretest.Text(rep))
	}
	h.Press("Ana", "7")
	h.Press("Ana", "4")
	h.Press("Ana", "Wrote it down")
	h.Fill("Ana", "Write my answer", "Walking helped")
	rep = h.Press("Ana", "Share with the group")
	if !strings.Contains(coretest.Text(rep), "Your answers are saved") {
		t.Fatalf("done screen:\n%s", coretest.Text(rep))
	}
	t.Log(h.Transcript())
}

func TestNonTherapistIsRefusedReview(t *testing.T) {
	h := setup(t)
	h.Do("Tess", "/exercise start mood-checkin")
	h.Press("Ana", "Start")
	h.Press("Ana", "2")
	for _, who := range []string{"Ana", "Stranger"} {
		rep := h.Do(who, "/review group")
		text := coretest.Text(rep)
		if !rep.Private || !strings.Contains(text, "Only") || strings.Contains(text, "Bo") {
			t.Errorf("%s got %q", who, text)
		}
	}
	_ = bot.RoleLead
}

// TestFormReopensFromItsID: pressing a button whose id is a text form's id
// opens that form, so adapters need not remember forms across restarts.
func TestFormReopensFromItsID(t *testing.T) {
	h := setup(t)
	h.Do("Tess", "/exercise start session-reflection")
	h.Press("Ana", "Start")
	h.Press("Ana", "4")
	id := bot.CustomID{Kind: "text", Ref: 1, Step: "remember"}.String()
	rep := h.Event("Ana", &bot.Action{EventMeta: h.Meta("Ana"), CustomID: id})
	if rep.Form == nil || rep.Form.CustomID != id || rep.Form.Fields[0].ID != "answer" {
		t.Fatalf("want the form %s, got %+v", id, rep)
	}
	// Someone outside the group pressing it gets no form.
	if rep := h.Event("Zed", &bot.Action{EventMeta: h.Meta("Zed"), CustomID: id}); rep.Form != nil {
		t.Errorf("a non-member got the form")
	}
}
