package discord_test

import (
	"strings"
	"testing"
	"time"

	"groupwork/adapters/adaptertest"
	"groupwork/adapters/discord/discordtest"
	"groupwork/bot"
)

// channelCalls counts the REST requests that post or edit messages in the
// group channel (interaction responses are exempt from Discord's channel
// limits and are not counted), by method.
func channelCalls(f *discordtest.Fake) map[string]int {
	out := map[string]int{}
	for _, r := range f.Requests() {
		if strings.Contains(r.Path, "/channels/"+discordtest.GroupChannelID+"/messages") {
			out[r.Method]++
		}
	}
	return out
}

// TestLiveHourOnDiscord runs the same live hour as the shell's golden
// transcript end to end through the real adapter and the fake Discord:
// plan, start, roll call, a go-around with one pass and one timeout, the
// timed activity with its reveal, a live poll, notes, and the end with the
// goal's status. It counts the REST calls the go-around and the countdown
// make in the group channel and checks them against Discord's per-channel
// message limit (5 per 5 seconds) on the hour's own clock.
func TestLiveHourOnDiscord(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Berlin")
	clock := bot.NewManualClock(time.Date(2026, 11, 5, 17, 30, 0, 0, loc))
	d := newDriver(t, adaptertest.Options{Clock: clock}).(*driver)
	f := d.e.fake
	tick := func(by time.Duration) {
		t.Helper()
		clock.Advance(by)
		if err := d.e.bot.Scheduler().Tick(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	// calls records, per moment of the hour's clock, the channel calls made.
	type moment struct {
		at    time.Time
		calls int
	}
	var moments []moment
	measure := func(fn func()) map[string]int {
		t.Helper()
		before := channelCalls(f)
		fn()
		after := channelCalls(f)
		diff := map[string]int{}
		n := 0
		for k, v := range after {
			diff[k] = v - before[k]
			n += diff[k]
		}
		moments = append(moments, moment{clock.Now(), n})
		return diff
	}

	members := []string{"Ana", "Ben", "Cleo", "Dev", "Eli"}
	d.Do(t, "Tess", `/group create "Thursday group" Europe/Berlin`)
	for _, m := range members {
		d.Do(t, "Tess", "/group add @"+m)
		d.Do(t, m, "/privacy accept")
	}
	must(t, "plan", d.Do(t, "Tess", `/session plan goal:"Notice one early sign of stress" topic:"Stress at work" goaround:"One thing that went well this week" activity:early-signs`),
		"plan for the next session is saved")
	tick(30 * time.Minute)
	start := d.Do(t, "Tess", "/session start")
	must(t, "start (therapist sees the plan)", start, "goal: Notice one early sign of stress")
	if !start.Private {
		t.Fatal("the plan must be private to the therapist")
	}
	var notice string
	for _, m := range f.Messages(discordtest.GroupChannelID) {
		if strings.Contains(m.Content, "The live session has started") {
			notice = m.Content
		}
	}
	if !strings.Contains(notice, "Stress at work") || !strings.Contains(notice, "go-around") || strings.Contains(notice, "Notice one early sign") {
		t.Fatalf("members should see the topic and first activity, not the goal:\n%s", notice)
	}
	d.Do(t, "Tess", "/exercise start roll-call")
	for _, m := range members {
		d.Press(t, m, "I'm here")
	}

	// The go-around: one post, then one edit per turn, spaced as people talk.
	goCalls := measure(func() {
		must(t, "go-around", d.Do(t, "Tess", `/goaround "One thing that went well this week" minutes:2`), "in this order: Ana, Ben, Cleo, Dev, Eli", "A thread under the go-around message")
	})
	steps := []func(){
		func() { tick(40 * time.Second); d.Press(t, "Ana", "I'm done") },
		func() {
			tick(5 * time.Second)
			must(t, "pass is private", d.Press(t, "Ben", "Pass"), "Nobody else sees")
		},
		func() { tick(2 * time.Minute) }, // Cleo's time runs out
		func() { tick(30 * time.Second); d.Press(t, "Dev", "I'm done") },
		func() { tick(50 * time.Second); d.Press(t, "Eli", "I'm done") },
	}
	for _, s := range steps {
		for k, v := range measure(s) {
			goCalls[k] += v
		}
	}
	if goCalls["POST"] != 2 || goCalls["PATCH"] != 5 {
		t.Errorf("go-around channel calls = %v, want 2 POST (the message, its thread) and 5 PATCH (one edit per turn)", goCalls)
	}
	threads := 0
	for _, r := range f.Requests() {
		if r.Method == "POST" && strings.HasSuffix(r.Path, "/threads") && r.Status == 201 {
			threads++
		}
	}
	if threads != 1 {
		t.Errorf("%d threads opened, want 1 under the go-around message", threads)
	}
	var summary string
	for _, m := range f.Messages(discordtest.GroupChannelID) {
		if strings.HasPrefix(m.Content, "**Go-around:**") {
			summary = m.Content
		}
	}
	if !strings.Contains(summary, "Shared: Ana, Dev and Eli.") || strings.Contains(summary, "Ben") || strings.Contains(summary, "Cleo") {
		t.Errorf("the go-around summary must name who shared and never who passed:\n%s", summary)
	}

	// The timed activity: a one-minute countdown edits at 60 s and 10 s only.
	actCalls := measure(func() { d.Do(t, "Tess", "/activity start early-signs") })
	for i := 0; i < 12; i++ { // a tick every 5 s for the quiet minute
		for k, v := range measure(func() { tick(5 * time.Second) }) {
			actCalls[k] += v
		}
	}
	if actCalls["POST"] != 1 || actCalls["PATCH"] != 2 {
		t.Errorf("a one-minute countdown ticked every 5 s made %v, want 1 POST and 2 PATCH (10 s left, then the question)", actCalls)
	}
	for i, m := range members {
		m := m
		for k, v := range measure(func() {
			tick(3 * time.Second)
			d.Press(t, m, []string{"In my body", "In my thoughts", "In my body", "In what I did", "In my body"}[i])
		}) {
			actCalls[k] += v
		}
	}
	var reveal string
	for _, m := range f.Messages(discordtest.GroupChannelID) {
		if strings.HasPrefix(m.Content, "**Early signs of stress** · live") {
			reveal = m.Content
		}
	}
	if !strings.Contains(reveal, "In my body 3, In my thoughts 1, In what I did 1") {
		t.Errorf("reveal after everyone answered:\n%s", reveal)
	}
	d.Do(t, "Tess", "/activity next")
	for i := 0; i < 40; i++ { // the three-minute discussion, a tick every 5 s
		measure(func() { tick(5 * time.Second) })
	}

	// A live poll revealed on command: four answers stay under the guard.
	d.Do(t, "Tess", "/poll start mood-checkin energy")
	for i, m := range members[:4] {
		d.Press(t, m, []string{"3", "4", "2", "4"}[i])
	}
	must(t, "poll reveal", d.Do(t, "Tess", "/poll reveal"), "4 of 5 members answered")
	for _, m := range f.Messages(discordtest.GroupChannelID) {
		if strings.HasPrefix(m.Content, "**Live poll**") && !strings.Contains(m.Content, "fewer than 5 people answered") {
			t.Errorf("a poll with four answers must stay private:\n%s", m.Content)
		}
	}

	must(t, "note", d.Do(t, "Tess", `/session note @Ben "Passed in the go-around, spoke up later."`), "Noted for Ben")
	clock.Set(time.Date(2026, 11, 5, 19, 30, 0, 0, loc))
	end := d.Do(t, "Tess", `/session end goal:partly rating:yes note:"Good energy."`)
	must(t, "end", end, "partly met", "Group note: Good energy.", "Ana: present (took part in the go-around)", "Cleo: absent", "go-around: their time ran out")
	must(t, "rating", d.Press(t, "Ana", "4"), "how connected")
	must(t, "rating 2", d.Press(t, "Ana", "5"), "helpful 4, connected 5")

	// Discord allows about 5 message posts or edits per 5 seconds in a
	// channel: no 5-second stretch of the hour came near it.
	for i := range moments {
		n := 0
		for _, m := range moments[i:] {
			if m.at.Sub(moments[i].at) >= 5*time.Second {
				break
			}
			n += m.calls
		}
		if n > 5 {
			t.Errorf("%d channel calls in the 5 s from %s", n, moments[i].at.Format("15:04:05"))
		}
	}
	t.Logf("channel calls: go-around %v, activity %v", goCalls, actCalls)
	if f.RateLimited() != 0 {
		t.Errorf("%d requests were rate limited", f.RateLimited())
	}
	if v := f.Violations(); len(v) > 0 {
		t.Errorf("the fake saw protocol violations: %v", v)
	}
}
