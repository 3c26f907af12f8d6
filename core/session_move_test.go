package core_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"groupwork/core/coretest"
)

// statuses returns "user:status" of every participation row of the group, by run.
func statuses(t *testing.T, h *coretest.Harness) []string {
	t.Helper()
	ctx := context.Background()
	g, err := h.Store.GroupByChannel(ctx, coretest.Platform, h.Channel)
	if err != nil {
		t.Fatal(err)
	}
	runs, err := h.Store.Runs(ctx, g.ID, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range runs {
		ps, err := h.Store.Participation(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			out = append(out, r.OpenedAt.In(mustZone(t, "Europe/Berlin")).Format("Mon 2 Jan 15:04")+" "+p.UserID+":"+string(p.Status))
		}
	}
	return out
}

// TestSessionMoveAndCancel: a moved session takes the schedules counted
// from it along, members are told once in the channel, a cancelled session
// posts nothing counted from it, and the record neither excuses nor misses
// anyone for it: a leave on the old day does not excuse the moved run.
func TestSessionMoveAndCancel(t *testing.T) {
	h := schedGroup(t) // Monday 2 Nov 2026, 10:00 Berlin
	mustDo(t, h, "Tess", "/group session wednesday 18:00 60m", "every Wednesday 18:00")
	mustDo(t, h, "Tess", `/schedule add mood-checkin "24h before session" 12h`, "First post: Tue 3 Nov, 18:00")
	mustDo(t, h, "Tess", "/group leave @Bo 2026-11-03 2026-11-03", "Bo is on leave")

	mustDo(t, h, "Ana", "/session move 2026-11-05 19:00", "Only this group's therapists")
	got := mustDo(t, h, "Tess", "/session move 2026-11-05 19:00",
		"The session of Wed 4 Nov 2026 is moved to **Thu 5 Nov, 19:00** (Europe/Berlin time). Members were told in the channel.")
	if !strings.Contains(got, "schedule 1 (`mood-checkin`): next Wed 4 Nov, 19:00") {
		t.Errorf("move reply does not show the schedule following:\n%s", got)
	}
	if ps := posts(h, "group-channel", "session-change-"); len(ps) != 1 || !strings.Contains(ps[0], "moved to **Thu 5 Nov, 19:00**") {
		t.Fatalf("channel posts: %q", ps)
	}
	mustDo(t, h, "Tess", "/session cancel 2026-11-04", "There is no session on Wed 4 Nov 2026. The next one is Thu 5 Nov, 19:00.")
	mustDo(t, h, "Tess", "/session cancel 2026-11-11", "There is **no session** on Wed 11 Nov. The next one is Wed 18 Nov, 18:00")
	mustDo(t, h, "Tess", "/session move 2026-11-02 09:00", "has already passed")
	mustDo(t, h, "Tess", "/session move 2026-12-01 18:00 of:2026-11-11", "at most 14 days")
	mustDo(t, h, "Tess", "/session move 2026-11-05 10:00 of:2026-11-11", "There is already a session on Thu 5 Nov 2026")
	mustDo(t, h, "Ana", "/schedule list", "Moved: the session of Wed 4 Nov to Thu 5 Nov, 19:00.\nCancelled: the session of Wed 11 Nov.")
	mustDo(t, h, "Tess", "/schedule next 1", "1. Wed 4 Nov 2026, 19:00 CET · `mood-checkin` (schedule 1)\n2. Tue 17 Nov 2026, 18:00 CET")

	for _, at := range []string{"2026-11-03 18:00", "2026-11-04 19:00", "2026-11-05 07:30", "2026-11-10 18:00", "2026-11-11 06:30", "2026-11-17 18:00", "2026-11-18 06:30"} {
		tick(t, h, at)
	}
	want := []string{
		"Wed 4 Nov 19:00 u-ana:missed", "Wed 4 Nov 19:00 u-bo:missed",
		"Tue 17 Nov 18:00 u-ana:missed", "Tue 17 Nov 18:00 u-bo:missed",
	}
	if got := statuses(t, h); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("participation:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestSessionMoveBackAndRollCall: moving a session back to its own time
// undoes the move; the roll call is refused after the moved session ended,
// not after the regular one.
func TestSessionMoveBackAndRollCall(t *testing.T) {
	h := schedGroup(t)
	mustDo(t, h, "Tess", "/group session wednesday 18:00 60m", "every Wednesday 18:00")
	mustDo(t, h, "Tess", "/session move thursday 19:00", "is moved to **Thu 5 Nov, 19:00**")
	tick(t, h, "2026-11-04 20:00") // the regular session would have ended
	mustDo(t, h, "Tess", "/exercise start roll-call", "Started")
	tick(t, h, "2026-11-05 20:30")
	mustDo(t, h, "Tess", "/exercise stop", "")
	mustDo(t, h, "Tess", "/exercise start roll-call", "Today's session ended at 20:00")
	mustDo(t, h, "Tess", "/session move 2026-11-06 18:00 of:2026-11-04", "has already started or taken place")
	mustDo(t, h, "Tess", "/session move 2026-11-11 18:00", "is back at its usual time")
	mustDo(t, h, "Tess", "/session cancel 11 Nov", "There is **no session** on Wed 11 Nov")
	mustDo(t, h, "Tess", "/session move 2026-11-11 18:00", "is back at its usual time")
	mustDo(t, h, "Tess", "/session cancel 2026-11-11", "no session")
	mustDo(t, h, "Tess", "/group session thursday 18:00", "Moves and cancellations of single sessions on the old day (2) no longer apply")
	if l := mustDo(t, h, "Tess", "/schedule list", ""); strings.Contains(l, "Cancelled") {
		t.Errorf("a cancellation of the old weekday is still listed:\n%s", l)
	}
	h2 := coretest.NewBot(t)
	h2.Do("Tess", "/group create G")
	mustDo(t, h2, "Tess", "/session cancel 2026-11-11", "no weekly session yet")
}

// TestCancelClosesItsOpenExercise: an exercise a schedule already posted
// for a session that is then cancelled is closed; who had answered keeps
// the answer, the others are not due, not missed; other runs stay open.
func TestCancelClosesItsOpenExercise(t *testing.T) {
	h := schedGroup(t)
	mustDo(t, h, "Tess", "/group session wednesday 18:00 60m", "every Wednesday 18:00")
	mustDo(t, h, "Tess", `/schedule add mood-checkin "24h before session" 36h`, "First post: Tue 3 Nov, 18:00")
	mustDo(t, h, "Tess", `/schedule add session-reflection "daily 09:00"`, "Schedule 2")
	tick(t, h, "2026-11-03 18:00")
	h.SeeChannel("Ana")
	h.Press("Ana", "Start")
	h.Press("Ana", "7")
	h.Press("Ana", "4")
	h.Press("Ana", "Skip this question")
	h.Press("Ana", "Skip this question")
	tick(t, h, "2026-11-04 09:00")
	got := mustDo(t, h, "Tess", "/session cancel wednesday", "There is **no session** on Wed 4 Nov.")
	if !strings.Contains(got, "1 exercise posted for this session was closed") {
		t.Errorf("reply: %s", got)
	}
	tick(t, h, "2026-11-05 06:00")
	want := []string{
		"Tue 3 Nov 18:00 u-ana:answered", "Tue 3 Nov 18:00 u-bo:not-due",
		"Wed 4 Nov 09:00 u-ana:pending", "Wed 4 Nov 09:00 u-bo:pending",
	}
	if got := statuses(t, h); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("participation:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n := len(posts(h, "group-channel", "close-")); n != 1 {
		t.Errorf("%d results posts, want 1", n)
	}
}

// TestMoveKeepsWhatWasPosted: a roll call already posted for a session
// that then moves stays open and serves it; its schedule does not post a
// second roll call for the same session, only for the next one.
func TestMoveKeepsWhatWasPosted(t *testing.T) {
	h := schedGroup(t)
	mustDo(t, h, "Tess", "/group session wednesday 18:00 60m", "every Wednesday 18:00")
	mustDo(t, h, "Tess", `/schedule add roll-call "1h before session"`, "First post: Wed 4 Nov, 17:00")
	tick(t, h, "2026-11-04 17:00")
	h.Clock.Set(h.Clock.Now().Add(10 * time.Minute))
	got := mustDo(t, h, "Tess", "/session move wednesday 19:00", "is moved to **Wed 4 Nov, 19:00**")
	if !strings.Contains(got, "Already posted for it and still open: _Are you joining today's session?_") ||
		!strings.Contains(got, "schedule 1 (`roll-call`): next Wed 11 Nov, 17:00") {
		t.Errorf("reply:\n%s", got)
	}
	tick(t, h, "2026-11-04 18:00")
	tick(t, h, "2026-11-11 17:00")
	if n := len(posts(h, "group-channel", "run-")); n != 2 {
		t.Errorf("%d roll calls in two weeks, want 2\n%s", n, h.Transcript())
	}
}

// TestParseDayWeekday: a weekday is the next such day, today included.
func TestParseDayWeekday(t *testing.T) {
	h := schedGroup(t) // Monday 2 Nov 2026
	mustDo(t, h, "Tess", "/group session monday 18:00", "every Monday 18:00")
	mustDo(t, h, "Tess", "/session cancel monday", "There is **no session** on Mon 2 Nov.")
	mustDo(t, h, "Tess", "/group holiday add tuesday", "No scheduled exercises on 2026-11-03")
}

// TestMoveAgainAfterRegularTime: a session moved to a later day can move
// again after its regular time has passed, as long as it has not taken
// place; a cancelled one can be put back on a day still to come.
func TestMoveAgainAfterRegularTime(t *testing.T) {
	h := schedGroup(t)
	mustDo(t, h, "Tess", "/group session wednesday 18:00 60m", "every Wednesday 18:00")
	mustDo(t, h, "Tess", "/session move thursday 18:00", "moved to **Thu 5 Nov, 18:00**")
	tick(t, h, "2026-11-04 20:00")
	mustDo(t, h, "Tess", "/session move friday 18:00 of:2026-11-04", "The session of Wed 4 Nov 2026 is moved to **Fri 6 Nov, 18:00**")
	mustDo(t, h, "Tess", "/session cancel friday", "no session")
	tick(t, h, "2026-11-06 20:00")
	mustDo(t, h, "Tess", "/session move 2026-11-07 10:00 of:2026-11-04", "moved to **Sat 7 Nov, 10:00**")
}
