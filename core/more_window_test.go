package core_test

import (
	"strings"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/core/coretest"
)

// TestMoreWindow: in the last hours before the close a member may ask,
// once, for one more day; their answer within it is on time, not late,
// while another member's answer after the close is late.
func TestMoreWindow(t *testing.T) {
	h := setup(t)
	h.Do("Tess", "/exercise start mood-checkin") // open 24h, until Tue 10:00
	rep := coretest.Text(h.Press("Ana", "Start"))
	wantNotIn(t, "early screen", rep, "I need more time") // not while there is plenty of time
	h.Clock.Advance(14 * time.Hour)
	h.SeeChannel("Ana")
	rep = coretest.Text(h.Press("Ana", "Start"))
	wantIn(t, "late screen", rep, "If you need more time, you can have one more day.", "I need more time")
	rep = coretest.Text(h.Press("Ana", "I need more time"))
	wantIn(t, "after asking", rep, "You have until Wed 4 Nov, 10:00. Take your time.")
	wantNotIn(t, "after asking", rep, "[2] I need more time")
	ev := &bot.Action{EventMeta: h.Meta("Ana"), CustomID: bot.CustomID{Kind: "morew", Ref: 1}.String()}
	if got := coretest.Text(h.Event("Ana", ev)); !strings.Contains(got, "You already have until") {
		t.Errorf("a second extension: %q", got)
	}

	h.Clock.Advance(12 * time.Hour) // past the run's close, within Ana's day
	if err := h.Bot.CloseDue(t.Context()); err != nil {
		t.Fatal(err)
	}
	open := func(who string) bot.Reply { // the channel's Start button is gone once the run closed
		return h.Event(who, &bot.Action{EventMeta: h.Meta(who), CustomID: bot.CustomID{Kind: "open", Ref: 1}.String()})
	}
	answerAll(t, h, "Ana", open("Ana"), "fine")
	answerAll(t, h, "Bo", open("Bo"), "fine")
	parts, err := h.Store.Participation(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bot.Status{}
	for _, p := range parts {
		got[p.UserID] = p.Status
	}
	if got[h.User("Ana").ID] != bot.StatusAnswered || got[h.User("Bo").ID] != bot.StatusLate {
		t.Fatalf("statuses: %v", got)
	}
	// After her day the exercise is closed for Ana too.
	h.Clock.Advance(24 * time.Hour)
	ev = &bot.Action{EventMeta: h.Meta("Ana"), CustomID: bot.CustomID{Kind: "morew", Ref: 1}.String()} // a new delivery
	if got := coretest.Text(h.Event("Ana", ev)); !strings.Contains(got, "You already have until") {
		t.Errorf("after the extra day: %q", got)
	}
}
