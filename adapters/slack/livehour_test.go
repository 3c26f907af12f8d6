package slack

import (
	"strings"
	"testing"
	"time"

	"groupwork/adapters/adaptertest"
	"groupwork/bot"
)

// TestLiveHourOnSlack runs the live hour through the real adapter and the
// fake Slack — everything but voice, which Slack does not report: plan,
// start, a go-around with a pass and a timeout, the timed activity with its
// reveal, a live poll, a note and the end. The go-around and the countdown
// edit their one message (chat.update), never post per step, and no call
// was rate limited (Slack allows about one message per second per channel).
func TestLiveHourOnSlack(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Berlin")
	clock := bot.NewManualClock(time.Date(2026, 11, 5, 18, 0, 0, 0, loc))
	d := newDriver(t, false, adaptertest.Options{Clock: clock})
	f := d.e.fake
	tick := func(by time.Duration) {
		t.Helper()
		clock.Advance(by)
		if err := d.e.bot.Scheduler().Tick(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	channelPosts := func(prefix string) int {
		n := 0
		for _, m := range f.Messages(d.e.channel) {
			if !m.Ephemeral && strings.Contains(m.Text, prefix) {
				n++
			}
		}
		return n
	}
	members := []string{"Ana", "Ben", "Cleo", "Dev", "Eli"}
	d.Do(t, "Tess", `/group create "Thursday group" Europe/Berlin`)
	for _, m := range members {
		d.Do(t, "Tess", "/group add @"+m)
		d.Do(t, m, "/privacy accept")
	}
	d.Do(t, "Tess", `/session plan goal:"Notice one early sign of stress" topic:"Stress at work" goaround:"One thing that went well this week"`)
	must(t, "start", d.Do(t, "Tess", "/session start"), "goal: Notice one early sign of stress")

	updates := f.Calls("chat.update")
	must(t, "go-around", d.Do(t, "Tess", "/goaround One thing that went well this week minutes:2"), "in this order: Ana, Ben, Cleo, Dev, Eli")
	d.Press(t, "Ana", "I'm done")
	must(t, "pass", d.Press(t, "Ben", "Pass"), "Nobody else sees")
	tick(2 * time.Minute) // Cleo's time runs out
	d.Press(t, "Dev", "I'm done")
	d.Press(t, "Eli", "I'm done")
	if got := f.Calls("chat.update") - updates; got != 5 {
		t.Errorf("the go-around made %d chat.update calls, want 5 (one per turn)", got)
	}
	if n := channelPosts("Go-around:"); n != 1 {
		t.Errorf("%d go-around messages in the channel, want 1", n)
	}

	updates = f.Calls("chat.update")
	d.Do(t, "Tess", "/activity start early-signs")
	for i := 0; i < 12; i++ {
		tick(5 * time.Second)
	}
	if got := f.Calls("chat.update") - updates; got != 2 {
		t.Errorf("a one-minute countdown made %d chat.update calls, want 2", got)
	}
	for i, m := range members {
		d.Press(t, m, []string{"In my body", "In my thoughts", "In my body", "In what I did", "In my body"}[i])
	}
	var reveal string
	for _, m := range f.Messages(d.e.channel) {
		if strings.Contains(m.Text, "Early signs of stress") {
			reveal = m.Text
		}
	}
	if !strings.Contains(reveal, "In my body 3, In my thoughts 1, In what I did 1") {
		t.Errorf("reveal:\n%s", reveal)
	}
	d.Do(t, "Tess", "/activity end")

	d.Do(t, "Tess", "/poll start mood-checkin energy")
	for i, m := range members[:4] {
		d.Press(t, m, []string{"3", "4", "2", "4"}[i])
	}
	must(t, "poll", d.Do(t, "Tess", "/poll reveal"), "4 of 5 members answered")
	must(t, "note", d.Do(t, "Tess", "/session note @Ben Passed, then spoke up."), "Noted for Ben")
	tick(time.Hour)
	must(t, "end", d.Do(t, "Tess", `/session end goal:partly note:"Good energy."`), "partly met", "Ana: present (took part in the go-around)", "Cleo: absent")
	if f.RateLimited() != 0 {
		t.Errorf("%d calls were rate limited", f.RateLimited())
	}
}
