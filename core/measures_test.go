package core_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/core"
	"groupwork/core/coretest"
)

// TestPHQ9Deterioration: a member's PHQ-9 that rises by at least the
// reliable-change threshold (6) since their previous one sends the lead one
// private, non-urgent notice (not a safety alert, nothing to the group or
// the member); a rise of 5 sends nothing; the member's review shows the
// series with bands and the reliable-change marker.
func TestPHQ9Deterioration(t *testing.T) {
	h := safetyGroup(t)
	h.Do("Tess", "/exercise start phq-9")
	answerPHQ(t, h, "Ana", [9]int{1, 1, 1, 1, 1, 1, 1, 1, 0}) // 8, mild
	answerPHQ(t, h, "Bo", [9]int{1, 1, 1, 1, 1, 1, 1, 1, 0})  // 8, mild
	h.Do("Tess", "/exercise stop")
	if n := len(h.DMs("Tess")); n != 0 {
		t.Fatalf("a first questionnaire sent %d notices", n)
	}

	h.Clock.Advance(14 * 24 * time.Hour)
	h.Do("Tess", "/exercise start phq-9")
	answerPHQ(t, h, "Ana", [9]int{2, 2, 2, 2, 2, 1, 2, 1, 0}) // 14, moderate: +6
	dms := h.DMs("Tess")
	if len(dms) != 1 {
		t.Fatalf("want one notice to the lead, got %d: %v", len(dms), dms)
	}
	for _, want := range []string{"groupwork: an update for you", "reliable deterioration", "Ana's PHQ-9 is 14 (moderate), up from 8 (mild)", "+6", "not a safety alert"} {
		if !strings.Contains(dms[0], want) {
			t.Errorf("notice lacks %q:\n%s", want, dms[0])
		}
	}
	if len(h.DMs("Cora")) != 0 || len(h.DMs("Ana")) != 0 {
		t.Error("the notice went beyond the lead")
	}
	for _, p := range h.PostsTo("group-channel") {
		if strings.Contains(p, "deterioration") || strings.Contains(p, "PHQ-9 is") {
			t.Errorf("the group saw it: %s", p)
		}
	}
	answerPHQ(t, h, "Bo", [9]int{2, 2, 1, 1, 1, 2, 1, 1, 2 - 2}) // 11: +3, no notice
	if n := len(h.DMs("Tess")); n != 1 {
		t.Errorf("a change under the threshold sent a notice (%d DMs)", n)
	}
	h.Do("Tess", "/exercise stop")

	rev := coretest.Text(h.Do("Tess", "/review member @Ana"))
	if !strings.Contains(rev, "PHQ-9 (0–27, higher is worse, reliable change 6)") || !strings.Contains(rev, "14 (moderate) ▼ reliable deterioration (+6)") {
		t.Errorf("review lacks the series:\n%s", rev)
	}
	golden(t, filepath.Join("transcripts", "phq9-deterioration.golden"), h.Transcript())
}

// TestMeasuresInExport: the JSON export lists each questionnaire result
// with its total, band and reliable change.
func TestMeasuresInExport(t *testing.T) {
	h := safetyGroup(t)
	h.Do("Tess", "/exercise start phq-9")
	answerPHQ(t, h, "Ana", [9]int{1, 1, 1, 1, 1, 1, 1, 1, 0})
	h.Do("Tess", "/exercise stop")
	h.Clock.Advance(14 * 24 * time.Hour)
	h.Do("Tess", "/exercise start phq-9")
	answerPHQ(t, h, "Ana", [9]int{2, 2, 2, 2, 2, 1, 2, 1, 0})
	rep := h.Do("Tess", "/review export json")
	var x core.Export
	for _, b := range rep.Message.Blocks {
		if f, ok := b.(*bot.File); ok {
			if err := json.Unmarshal(f.Data, &x); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(x.Measures) != 2 {
		t.Fatalf("measures = %+v", x.Measures)
	}
	first, second := x.Measures[0], x.Measures[1]
	if first.Member != "Ana" || first.Instrument != "PHQ-9" || first.Total == nil || *first.Total != 8 || first.Band != "mild" || first.Change != "" || first.Max != 27 {
		t.Errorf("first = %+v", first)
	}
	if second.Total == nil || *second.Total != 14 || second.Change != "deteriorated" || second.Delta == nil || *second.Delta != 6 {
		t.Errorf("second = %+v", second)
	}
}
