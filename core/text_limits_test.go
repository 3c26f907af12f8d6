package core_test

import (
	"strings"
	"testing"

	"groupwork/bot"
	"groupwork/core/coretest"
)

// TestLengthLimitsAreFriendly: over-long input is refused with a sentence
// that says the limit, and nothing is stored.
func TestLengthLimitsAreFriendly(t *testing.T) {
	h := safetyGroup(t)
	cases := []struct{ line, want string }{
		{`/group create "` + strings.Repeat("n", 81) + `"`, "1 to 80 characters"},
		{"/group footer " + strings.Repeat("f", 301), "at most 300 characters"},
		{`/group keywords add "` + strings.Repeat("k", 61) + `"`, "at most 60 characters"},
		{`/alerts ack 1 "` + strings.Repeat("a", 501) + `"`, "at most 500 characters"},
		{"/help " + strings.Repeat("x", bot.MaxCommandLine), "too long"},
	}
	for _, tc := range cases {
		if text := coretest.Text(h.DoIn("fresh-channel", "Tess", tc.line)); strings.HasPrefix(tc.line, "/group create") && !strings.Contains(text, tc.want) {
			t.Errorf("%.30s…: %s", tc.line, text)
		}
		if strings.HasPrefix(tc.line, "/group create") {
			continue
		}
		if text := coretest.Text(h.Do("Tess", tc.line)); !strings.Contains(text, tc.want) {
			t.Errorf("%.30s…: %s", tc.line, text)
		}
	}
	h.Do("Tess", "/exercise start session-reflection")
	h.Press("Ana", "Start")
	h.Press("Ana", "4")
	if text := coretest.Text(h.Fill("Ana", "Write my answer", strings.Repeat("w", 301))); !strings.Contains(text, "300") {
		t.Errorf("long answer: %s", text)
	}
	if recs, _ := h.Store.Answers(t.Context(), 1, "u-ana"); len(recs) != 1 {
		t.Errorf("stored %d answers, want only the scale", len(recs))
	}
}
