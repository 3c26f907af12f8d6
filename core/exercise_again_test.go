package core_test

import (
	"strings"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/core/coretest"
)

// TestStartingOpenExerciseAsksFirst: starting an exercise that is already
// open asks first; keeping posts nothing, a second one opens beside it, and
// replacing closes the open one before posting the new one. A member cannot
// press the therapist's button. Once the window is over, no question.
func TestStartingOpenExerciseAsksFirst(t *testing.T) {
	h := coretest.NewBot(t)
	h.Do("Tess", "/group create G")
	h.Do("Tess", "/group add @Ana")
	mustDo(t, h, "Tess", "/exercise start mood-checkin", "Started")
	before := len(h.PostsTo(h.Channel))
	mustDo(t, h, "Tess", "/exercise start mood-checkin", "is already open in this group (run 1")
	if n := len(h.PostsTo(h.Channel)); n != before {
		t.Fatalf("asking posted to the group")
	}
	if text := coretest.Text(h.Press("Tess", "Keep the open one")); !strings.Contains(text, "Nothing new was started") {
		t.Errorf("keep: %s", text)
	}
	forged := &bot.Action{EventMeta: h.Meta("Ana"), CustomID: bot.CustomID{Kind: "again", Ref: 1, Value: "again"}.String()}
	if text := coretest.Text(h.Event("Ana", forged)); !strings.Contains(text, "Only this group's therapists") {
		t.Errorf("member started a run: %s", text)
	}
	if n := len(h.PostsTo(h.Channel)); n != before {
		t.Fatalf("keeping or a forged button posted to the group")
	}
	h.Do("Tess", "/exercise start mood-checkin")
	if text := coretest.Text(h.Press("Tess", "Start a second one")); !strings.Contains(text, "Started **Between-session check-in** (run 2)") {
		t.Errorf("again: %s", text)
	}
	h.Do("Tess", "/exercise start mood-checkin")
	if text := coretest.Text(h.Press("Tess", "Close it and start a new one")); !strings.Contains(text, "Closed run 1") || !strings.Contains(text, "(run 3)") {
		t.Errorf("replace: %s", text)
	}
	if open, _ := h.Store.OpenRuns(t.Context(), 1); len(open) != 2 {
		t.Errorf("open runs after replace: %d, want 2 (runs 2 and 3)", len(open))
	}
	h.Clock.Advance(48 * time.Hour) // every window is over
	mustDo(t, h, "Tess", "/exercise start mood-checkin", "Started")
}
