package core_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/core"
	"groupwork/core/coretest"
)

// fakePlans stands in for the live-session plan (built elsewhere): its notes
// name another member, which the progress note must not repeat.
type fakePlans struct{}

func (fakePlans) SessionPlan(ctx context.Context, groupID int64, userID string, from, to time.Time) (*core.SessionPlan, error) {
	return &core.SessionPlan{
		Goal:         "Practise one memory strategy and plan its use at home.",
		Intervention: "Psychoeducation on external memory aids; rehearsal in pairs; goal setting.",
		Notes:        []string{"Engaged well; paired with Bo, who supported her with the calendar task."},
		Homework:     "Use the calendar every morning",
		Expected:     "Walks to the shop twice, with a list",
	}, nil
}

// demoMember plays four weeks of a small group for Ana: two PHQ-9s with a
// reliable improvement, a structured goal and its review, a check-in, and
// two live sessions. Bo is there too, so that a note that named him would
// show it.
func demoMember(t *testing.T) *coretest.Harness {
	t.Helper()
	h := safetyGroup(t, coretest.Option(func(c *core.Config) { c.SessionPlans = fakePlans{} }))
	h.Do("Tess", "/session start")
	h.Do("Tess", "/session mark @Ana present")
	h.Do("Tess", "/session mark @Bo late")
	h.Clock.Advance(90 * time.Minute)
	h.Do("Tess", "/session end")

	h.Do("Tess", "/exercise start phq-9")
	answerPHQ(t, h, "Ana", [9]int{2, 3, 2, 2, 1, 2, 2, 1, 0}) // 15, moderately severe
	answerPHQ(t, h, "Bo", [9]int{1, 1, 1, 1, 0, 0, 0, 0, 0})
	h.Do("Tess", "/exercise start goal-set")
	h.Press("Ana", "Start")
	h.Fill("Ana", "Write my answer", "Walk to the shop")
	h.Press("Ana", "4")
	h.Fill("Ana", "Write my answer", "Tuesday morning")
	h.Press("Ana", "2 or 3 times")
	h.Fill("Ana", "Write my answer", "I will tick it on my calendar")
	h.Do("Tess", "/exercise stop")

	h.Clock.Advance(7 * 24 * time.Hour)
	h.Do("Tess", "/session start")
	h.Do("Tess", "/session mark @Ana present")
	h.Do("Tess", "/session mark @Bo absent")
	h.Clock.Advance(90 * time.Minute)
	h.Do("Tess", "/session end")
	h.Do("Tess", "/exercise start goal-review")
	h.Press("Ana", "Start")
	h.Press("Ana", "Partly")
	h.Press("Ana", "-1")
	h.Fill("Ana", "Write my answer", "Rain on Thursday")
	h.Press("Ana", "Keep it private")
	h.Press("Ana", "4")
	h.Do("Tess", "/exercise stop")

	h.Clock.Advance(7 * 24 * time.Hour)
	h.Do("Tess", "/exercise start phq-9")
	answerPHQ(t, h, "Ana", [9]int{1, 1, 1, 1, 1, 1, 1, 1, 0}) // 8, mild: -7, reliable improvement
	h.Do("Tess", "/exercise stop")
	return h
}

// TestProgressNotes: a DAP, a BIRP and a SOAP note of the demo member,
// each a golden file: attendance, participation, measures with bands and
// reliable change, goals and homework in the member's words, the session's
// goal, intervention and the therapist's notes, and an empty plan; no other
// member is named anywhere in it.
func TestProgressNotes(t *testing.T) {
	h := demoMember(t)
	for _, f := range core.NoteFormats {
		t.Run(f, func(t *testing.T) {
			rep := h.Do("Tess", "/review note @Ana format:"+f)
			if !rep.Private {
				t.Error("the note must be private")
			}
			text := coretest.Text(rep)
			var file string
			for _, blk := range rep.Message.Blocks {
				if fb, ok := blk.(*bot.File); ok {
					file = string(fb.Data)
				}
			}
			if !strings.HasPrefix(text, "```\nPROGRESS NOTE") || file == "" || !strings.HasPrefix(file, "PROGRESS NOTE") {
				t.Fatalf("want the note in the chat and as a file:\n%s", text)
			}
			text = file
			for _, want := range []string{"PROGRESS NOTE (" + strings.ToUpper(f) + "): Ana", "PHQ-9", "15 (moderately severe)", "8 (mild)", "reliable improvement", "Walk to the shop", "Partly", "Practise one memory strategy", "Psychoeducation", "another member", "[for the therapist to complete]", "attended 2 of 2"} {
				if !strings.Contains(text, want) {
					t.Errorf("%s note lacks %q:\n%s", f, want, text)
				}
			}
			if strings.Contains(text, "Bo") {
				t.Errorf("%s note names another member:\n%s", f, text)
			}
			golden(t, filepath.Join("notes", "ana-"+f+".txt"), file)
		})
	}
	if text := coretest.Text(h.Do("Ana", "/review note @Ana")); strings.Contains(text, "PROGRESS NOTE") {
		t.Errorf("a member got a note: %s", text)
	}
}
