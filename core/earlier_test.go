package core_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"groupwork/core"
	"groupwork/core/coretest"
)

// TestGoalReviewShowsOwnGoal: goal-review shows each member the structured
// goal they set in goal-set (what, when, how often, how they will know), in
// their own words, on their private screen; a member who set none is told
// so plainly; nobody sees another member's goal.
func TestGoalReviewShowsOwnGoal(t *testing.T) {
	h := setup(t)
	h.Do("Tess", "/exercise start goal-set")
	h.Press("Ana", "Start")
	h.Fill("Ana", "Write my answer", "Walk to the shop")
	h.Press("Ana", "4")
	h.Fill("Ana", "Write my answer", "Tuesday morning")
	h.Press("Ana", "2 or 3 times")
	h.Fill("Ana", "Write my answer", "I will tick it on my calendar")
	h.Do("Tess", "/exercise stop")

	h.Clock.Advance(7 * 24 * time.Hour)
	h.Do("Tess", "/exercise start goal-review")
	ana := coretest.Text(h.Press("Ana", "Start"))
	for _, want := range []string{`Last time, you set this goal: “Walk to the shop”`, `When: “Tuesday morning”. How often: 2 or 3 times.`, `You said you would know because: “I will tick it on my calendar”`} {
		if !strings.Contains(ana, want) {
			t.Errorf("Ana's screen lacks %q:\n%s", want, ana)
		}
	}
	bo := coretest.Text(h.Press("Bo", "Start"))
	if !strings.Contains(bo, "Last time, you set this goal: (you did not write one last time)") || strings.Contains(bo, "Walk to the shop") {
		t.Errorf("Bo's screen:\n%s", bo)
	}
	h.Press("Ana", "Partly")
	h.Press("Ana", "0")
	h.Fill("Ana", "Write my answer", "Rain on Thursday")
	h.Press("Ana", "Keep it private")
	h.Press("Ana", "4")
	for _, p := range h.PostsTo("group-channel") {
		if strings.Contains(p, "Walk to the shop") {
			t.Errorf("the goal was posted to the group: %s", p)
		}
	}
	golden(t, filepath.Join("transcripts", "goal-review-shows-goal.golden"), h.Transcript())
}

// TestHomeworkReview: homework-review shows each member the homework their
// therapist set for them at the last session (from the session plan), and
// records done / partly / not done with a reason; goal-review shows the
// expected outcome level the therapist set. Without a session plan, those
// lines are left out, not shown empty.
func TestHomeworkReview(t *testing.T) {
	h := safetyGroup(t, coretest.Option(func(c *core.Config) { c.SessionPlans = fakePlans{} }))
	h.Do("Tess", "/exercise start homework-review")
	text := coretest.Text(h.Press("Ana", "Start"))
	if !strings.Contains(text, "Your homework from the last session: “Use the calendar every morning”") {
		t.Errorf("homework not shown:\n%s", text)
	}
	h.Press("Ana", "Partly done")
	h.Fill("Ana", "Write my answer", "Forgot on Friday")
	h.Do("Tess", "/exercise stop")
	note := coretest.Text(h.Do("Tess", "/review note @Ana"))
	for _, want := range []string{"Homework set: Use the calendar every morning", "status: Partly done; reason: “Forgot on Friday”"} {
		if !strings.Contains(note, want) {
			t.Errorf("note lacks %q:\n%s", want, note)
		}
	}
	h.Do("Tess", "/exercise start goal-review")
	if text := coretest.Text(h.Press("Ana", "Start")); !strings.Contains(text, "What your therapist expects: “Walks to the shop twice, with a list”") {
		t.Errorf("expected level not shown:\n%s", text)
	}
	golden(t, filepath.Join("transcripts", "homework-review-with-plan.golden"), h.Transcript())

	plain := setup(t)
	plain.Do("Tess", "/exercise start homework-review")
	if text := coretest.Text(plain.Press("Ana", "Start")); strings.Contains(text, "homework from the last session") || strings.Contains(text, "{assigned") {
		t.Errorf("without a plan the line should be left out:\n%s", text)
	}
}
