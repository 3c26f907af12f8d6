package core_test

import (
	"strings"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/core/coretest"
)

// TestLaterPart: the delayed recall of word-learning. The member's screen
// stops after the learning tries, says when the rest comes and offers no
// button; an early press of a forged button is refused; at the time the
// scheduler sends the member (and only members at the stop) one private
// message with the button, never two; the rest then plays as usual.
func TestLaterPart(t *testing.T) {
	h := setup(t)
	h.Do("Tess", "/exercise start word-learning")
	h.Press("Ana", "Start")
	h.Press("Ana", "I have read them")
	h.Fill("Ana", "Write my answer", "chair horse")
	h.Press("Ana", "I have read them")
	h.Clock.Advance(2 * time.Minute)
	rep := h.Fill("Ana", "Write my answer", "chair horse apple")
	wantIn(t, "the stop", coretest.Text(rep), "half an hour", "I will send you a private message at 10:32.")
	if _, items := bot.Render(rep.Message); len(items) != 0 {
		t.Fatalf("the stop offers buttons before its time: %+v", items)
	}
	early := &bot.Action{EventMeta: h.Meta("Ana"), CustomID: bot.CustomID{Kind: "cont", Ref: 1, Step: "wait"}.String()}
	if got := coretest.Text(h.Event("Ana", early)); !strings.Contains(got, "It is not time for the last part yet") {
		t.Fatalf("an early press: %q", got)
	}
	tick := func() {
		t.Helper()
		if err := h.Bot.Scheduler().Tick(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	h.Clock.Advance(20 * time.Minute)
	tick()
	if n := dmsTo(h, "Ana"); n != 0 {
		t.Fatalf("%d messages before the time", n)
	}
	h.Clock.Advance(15 * time.Minute)
	tick()
	tick()
	if n := dmsTo(h, "Ana"); n != 1 {
		t.Fatalf("Ana got %d messages at the time, want 1", n)
	}
	if n := dmsTo(h, "Bo"); n != 0 { // Bo never started: nothing to recall
		t.Fatalf("Bo got %d messages", n)
	}
	rep = h.Press("Ana", "I am ready")
	wantIn(t, "the delayed recall", coretest.Text(rep), "from the list you learnt earlier")
}

// dmsTo counts the private messages the bot sent who on its own.
func dmsTo(h *coretest.Harness, who string) int {
	n := 0
	for _, p := range h.Adapter.Posts() {
		if p.To == "dm:"+h.User(who).ID && strings.Contains(coretest.Text(bot.Reply{Message: &p.Message}), "time for the last part") {
			n++
		}
	}
	return n
}
