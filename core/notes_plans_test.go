package core_test

import (
	"strings"
	"testing"

	"groupwork/core/coretest"
)

// TestProgressNoteReadsTheLiveHour: a DAP note of a member carries the
// session's goal and outcome, what was done in it, and the therapist's own
// note about her as written — not the note it replaced, and nothing about
// another member.
func TestProgressNoteReadsTheLiveHour(t *testing.T) {
	h, _ := liveGroup(t)
	h.Do("Tess", `/session plan goal:"Sleep better" topic:Sleep exercises:mood-checkin`)
	h.Do("Tess", "/session start")
	h.Do("Tess", "/session note @Ana Tired today.")
	h.Do("Tess", "/session note @Ana Tired, but joined in.")
	h.Do("Tess", "/session note @Cy Spoke first.")
	h.Do("Tess", "/session end goal:yes")
	text := coretest.Text(h.Do("Tess", "/review note @Ana format:dap"))
	for _, want := range []string{"Sleep better (goal met: yes)", "topic: Sleep", "Between-session check-in", "Tired, but joined in."} {
		if !strings.Contains(text, want) {
			t.Errorf("the note lacks %q:\n%s", want, text)
		}
	}
	for _, not := range []string{"Tired today.", "Spoke first.", "Cy"} {
		if strings.Contains(text, not) {
			t.Errorf("the note has %q:\n%s", not, text)
		}
	}
}
