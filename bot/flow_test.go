package bot_test

import (
	"strings"
	"testing"

	"groupwork/bot"
	"groupwork/bot/bottest"
)

// setup creates a group led by Tess with members Ana and Bo (both consented).
func setup(t *testing.T) *bottest.Harness {
	t.Helper()
	h := bottest.NewBot(t)
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
	if !strings.Contains(bottest.Text(rep), "How has your mood been") {
		t.Log(h.Transcript())
		t.Fatalf("first screen:\n%s", bottest.Text(rep))
	}
	h.Press("Ana", "7")
	h.Press("Ana", "4")
	h.Press("Ana", "Wrote it down")
	h.Fill("Ana", "Write my answer", "Walking helped")
	rep = h.Press("Ana", "Share with the group")
	if !strings.Contains(bottest.Text(rep), "Your answers are saved") {
		t.Fatalf("done screen:\n%s", bottest.Text(rep))
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
		text := bottest.Text(rep)
		if !rep.Private || !strings.Contains(text, "Only") || strings.Contains(text, "Bo") {
			t.Errorf("%s got %q", who, text)
		}
	}
	_ = bot.RoleLead
}
