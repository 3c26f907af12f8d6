package core_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/core/coretest"
)

// liveGroup is setup with a third member, Cy, and a tick helper.
func liveGroup(t *testing.T) (*coretest.Harness, func(time.Duration)) {
	t.Helper()
	h := setup(t)
	h.Do("Tess", "/group add @Cy")
	h.Do("Cy", "/privacy accept")
	return h, func(d time.Duration) {
		t.Helper()
		h.Clock.Advance(d)
		if err := h.Bot.Scheduler().Tick(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
}

func wantText(t *testing.T, what string, rep bot.Reply, frags ...string) {
	t.Helper()
	text := coretest.Text(rep)
	for _, f := range frags {
		if !strings.Contains(text, f) {
			t.Fatalf("%s: want %q in:\n%s", what, f, text)
		}
	}
}

// lastChannel returns the newest version of the channel message whose
// first line starts with head.
func lastChannel(h *coretest.Harness, head string) string {
	var out string
	for _, p := range h.Adapter.Posts() {
		if p.To == h.Channel && strings.HasPrefix(p.Message.Text, head) {
			out = p.Message.Text
		}
	}
	return out
}

func TestGoAroundControls(t *testing.T) {
	h, tick := liveGroup(t)
	wantText(t, "start", h.Do("Tess", `/goaround How was your week? minutes:3 order:"Cy, Ana"`), "in this order: Cy, Ana, Bo")
	wantText(t, "members cannot steer", h.Do("Ana", "/goaround skip"), "Only this group's therapists")
	wantText(t, "not your turn", h.Press("Ana", "I'm done"), "It is Cy's turn now")
	if got := lastChannel(h, "**Go-around:**"); !strings.Contains(got, "Now: **Cy**") {
		t.Fatalf("pressing out of turn moved the go-around:\n%s", got)
	}
	// Pause keeps the time left: two minutes paused do not end Cy's turn.
	tick(time.Minute)
	wantText(t, "pause (the panel's button)", h.Press("Tess", "Pause"), "Paused")
	wantText(t, "a second one is refused", h.Do("Tess", "/goaround Another question"), "already running")
	tick(10 * time.Minute)
	wantText(t, "paused turn", h.Press("Cy", "I'm done"), "paused for a moment")
	wantText(t, "resume", h.Do("Tess", "/goaround resume"), "Resumed")
	tick(2*time.Minute - time.Second)
	if got := lastChannel(h, "**Go-around:**"); !strings.Contains(got, "Now: **Cy**") {
		t.Fatalf("Cy's turn ended before the two minutes she had left:\n%s", got)
	}
	tick(time.Second) // her time is up now
	if got := lastChannel(h, "**Go-around:**"); !strings.Contains(got, "Now: **Ana**") {
		t.Fatalf("the timeout did not move on:\n%s", got)
	}
	// Back gives Cy a new, full turn; skip moves past her.
	wantText(t, "back", h.Do("Tess", "/goaround back"), "Back to the previous person")
	wantText(t, "skip", h.Do("Tess", "/goaround skip"), "Skipped")
	h.Press("Ana", "Pass")
	wantText(t, "end", h.Do("Tess", "/goaround end"), "Cy: skipped by a therapist", "Ana: chose to pass", "Bo: not reached")
	got := lastChannel(h, "**Go-around:**")
	if !strings.Contains(got, "has finished") || strings.Contains(got, "Ana") || strings.Contains(got, "Shared:") {
		t.Fatalf("the summary must not show who passed or was skipped:\n%s", got)
	}
	wantText(t, "nothing to steer", h.Do("Tess", "/goaround skip"), "There is no go-around running")
	// A press on a stale copy of the buttons (a client that missed the edit) changes nothing.
	stale := bot.CustomID{Kind: "goturn", Ref: 1, Step: "2", Value: "done"}.String()
	wantText(t, "stale button", h.Event("Bo", &bot.Action{EventMeta: h.Meta("Bo"), CustomID: stale}), "This go-around has ended")
	// One post, edited: never a post per step.
	n := 0
	for _, p := range h.Adapter.Posts() {
		if strings.HasPrefix(p.Message.Text, "**Go-around:**") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d go-around posts, want 1 edited message", n)
	}
}

func TestGoAroundRefusals(t *testing.T) {
	h, _ := liveGroup(t)
	wantText(t, "no prompt", h.Do("Tess", "/goaround minutes:2"), "needs a prompt")
	wantText(t, "minutes", h.Do("Tess", "/goaround Hello minutes:30"), "Minutes each is from 1 to 15")
	wantText(t, "unknown name", h.Do("Tess", "/goaround Hello order:Zed"), `"Zed" is not one of the members`)
	wantText(t, "members only", h.Do("Ana", "/goaround Hello"), "Only this group's therapists")
	h.Do("Tess", "/goaround Hello order:random")
	wantText(t, "therapist on a member's button", h.Press("Tess", "Pass"), "for the member whose turn it is")
}

func TestLivePollGuardAndReveal(t *testing.T) {
	h, _ := liveGroup(t)
	wantText(t, "text step refused", h.Do("Tess", "/poll start mood-checkin note"), "needs a scale or choice question", "mood, energy, strategy")
	h.Do("Tess", "/poll start mood-checkin energy")
	wantText(t, "one at a time", h.Do("Tess", "/activity start early-signs"), "already running")
	wantText(t, "therapist cannot vote", h.Press("Tess", "3"), "answered by members")
	for _, m := range []string{"Ana", "Bo", "Cy"} {
		h.Press(m, "4")
	}
	h.Press("Ana", "2") // a changed answer replaces the first in the total
	wantText(t, "reveal", h.Do("Tess", "/poll reveal"), "3 of 3 members answered")
	// Three members is below the default guard of five: nothing is shown.
	if got := lastChannel(h, "**Live poll**"); !strings.Contains(got, "fewer than 5 people answered") || strings.Contains(got, "average") {
		t.Fatalf("guard:\n%s", got)
	}
	stale := bot.CustomID{Kind: "livevote", Ref: 1, Step: "energy", Value: "5"}.String()
	wantText(t, "stale button", h.Event("Bo", &bot.Action{EventMeta: h.Meta("Bo"), CustomID: stale}), "This question has closed")
	// A live poll is part of the session, not between-session work.
	wantText(t, "review", h.Do("Tess", "/review member @Ana"), "Between-session exercises: 0 due")
}

func TestLivePollRevealsAboveTheGuard(t *testing.T) {
	h, _ := liveGroup(t)
	for _, m := range []string{"Di", "Ed", "Fi"} {
		h.Do("Tess", "/group add @"+m)
		h.Do(m, "/privacy accept")
	}
	h.Do("Tess", "/poll start mood-checkin mood")
	for i, m := range []string{"Ana", "Bo", "Cy", "Di", "Ed", "Fi"} {
		h.SeeChannel(m)                                       // the alert screen is private; the poll is in the channel
		h.Press(m, []string{"6", "8", "7", "2", "7", "7"}[i]) // Di's 2 raises a private alert
	}
	h.Do("Tess", "/poll reveal")
	got := lastChannel(h, "**Live poll**")
	// Di's alerted answer is left out of the total: (6+8+7+7+7)/5 = 7.0.
	if !strings.Contains(got, "group average 7.0") || !strings.Contains(got, "5 answers") || strings.Contains(got, "Di") {
		t.Fatalf("reveal above the guard:\n%s", got)
	}
}

func TestSessionPlanNotesAndOutcome(t *testing.T) {
	h, _ := liveGroup(t)
	if rep := h.Do("Tess", "/session plan topic:Sleep"); rep.Form == nil || rep.Form.Title != "Plan the next session" {
		t.Fatalf("without a goal the plan opens its form: %+v", rep)
	}
	wantText(t, "bad exercise", h.Do("Tess", `/session plan goal:"Sleep better" exercises:nope`), `no exercise "nope"`)
	wantText(t, "members cannot plan", h.Do("Ana", `/session plan goal:"x"`), "Only this group's therapists")
	h.Do("Tess", `/session plan goal:"Sleep better" topic:Sleep exercises:mood-checkin`)
	wantText(t, "note before any session", h.Do("Tess", "/session note @Ana Tired."), "no live session yet")
	start := h.Do("Tess", "/session start")
	wantText(t, "start", start, "goal: Sleep better", "Exercise mood-checkin")
	if got := lastChannel(h, "The live session has started"); !strings.Contains(got, "Today's topic: **Sleep**") || strings.Contains(got, "Sleep better") {
		t.Fatalf("members see the topic, not the goal:\n%s", got)
	}
	wantText(t, "two lines", h.Do("Tess", "/session note @Ana "+strings.Repeat("x", 301)), "one line of at most 300")
	wantText(t, "not a member", h.Do("Tess", "/session note @Tess Fine."), "not a member")
	h.Do("Tess", "/session note @Ana Tired today.")
	wantText(t, "second note", h.Do("Tess", "/session note @Ana Tired, but joined in."), "replaces your earlier note")
	wantText(t, "end without goal", h.Do("Tess", "/session end"), "Goal: Sleep better — not recorded", "/session outcome")
	wantText(t, "outcome needs something", h.Do("Tess", "/session outcome"), "Say whether the goal was met")
	wantText(t, "outcome", h.Do("Tess", "/session outcome goal:yes Slept better all week."), "Goal: Sleep better — met.", "Group note: Slept better all week.")
	note := h.Do("Tess", "/review member @Ana")
	wantText(t, "progress note", note, "Session notes:", "Tired, but joined in. (replaces 1 earlier note)")
	if strings.Contains(coretest.Text(note), "Tired today.") {
		t.Fatalf("the replaced note is history, not the progress note:\n%s", coretest.Text(note))
	}
	wantText(t, "group review", h.Do("Tess", "/review group"), "Review of Tuesday group")
	exp := h.Do("Tess", "/review export json")
	var data string
	for _, b := range exp.Message.Blocks {
		if f, ok := b.(*bot.File); ok {
			data = string(f.Data)
		}
	}
	if !strings.Contains(data, `"goal": "Sleep better"`) || !strings.Contains(data, `"goal_met": "yes"`) {
		t.Fatalf("the export's sessions:\n%s", data)
	}
}

// TestGoAroundConcurrentPresses delivers the same member's I'm done many
// times at once (a double tap, a redelivery with a new id) together with
// the scheduler's pass at the turn's end: the turn moves on exactly once,
// with one edit and one recorded outcome.
func TestGoAroundConcurrentPresses(t *testing.T) {
	h, _ := liveGroup(t)
	h.Do("Tess", "/goaround Hello minutes:1")
	h.Clock.Advance(time.Minute) // the tick below would time Ana's turn out
	before := strings.Count(h.Transcript(), "# edited")
	done := bot.CustomID{Kind: "goturn", Ref: 1, Step: "0", Value: "done"}.String()
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h.Bot.Handle(t.Context(), &bot.Action{EventMeta: h.Meta("Ana"), CustomID: done})
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := h.Bot.Scheduler().Tick(t.Context()); err != nil {
			t.Error(err)
		}
	}()
	wg.Wait()
	if got := lastChannel(h, "**Go-around:**"); !strings.Contains(got, "Now: **Bo**") {
		t.Fatalf("after Ana's presses the turn should be Bo's, once:\n%s", got)
	}
	if n := strings.Count(h.Transcript(), "# edited") - before; n != 1 {
		t.Errorf("%d edits for one turn change, want 1: each press or tick saw the turn still open", n)
	}
}

func TestMyDataShowsTheLiveHour(t *testing.T) {
	h, _ := liveGroup(t)
	h.Do("Tess", "/session start")
	h.Do("Tess", "/goaround Hello")
	h.Press("Ana", "Pass")
	h.Do("Tess", "/session note @Ana Quiet.")
	h.Do("Tess", "/session end rating:yes")
	h.SeeChannel("Ana")
	h.Press("Ana", "3")
	rep := h.Do("Ana", "/mydata")
	wantText(t, "mydata", rep, "1 go-around turn (only whether you shared or passed, never what you said), 1 session rating", "1 private session note")
	var data string
	for _, b := range rep.Message.Blocks {
		if f, ok := b.(*bot.File); ok {
			data = string(f.Data)
		}
	}
	if !strings.Contains(data, `"outcome": "chose to pass"`) || !strings.Contains(data, `"helpful": 3`) || strings.Contains(data, "Quiet.") {
		t.Fatalf("my-data.json:\n%s", data)
	}
}
