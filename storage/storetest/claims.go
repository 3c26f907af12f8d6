package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/exercises"
)

// testConcurrentDeliveryClaims: of many concurrent claims of one delivery
// id exactly one wins, whichever connection each lands on.
func testConcurrentDeliveryClaims(t *testing.T, db bot.Store) {
	ctx := context.Background()
	const n = 16
	for _, id := range []string{"ev-a", "ev-b"} {
		var (
			wg   sync.WaitGroup
			mu   sync.Mutex
			wins int
			errs []error
		)
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := db.ClaimDelivery(ctx, id, t0)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					errs = append(errs, err)
				}
				if ok {
					wins++
				}
			}()
		}
		wg.Wait()
		if len(errs) > 0 || wins != 1 {
			t.Errorf("%d concurrent claims of %s: %d won, errors %v", n, id, wins, errs)
		}
	}
}

// testClaimNotice: a one-off notice key is claimed once, concurrent
// claims included.
func testClaimNotice(t *testing.T, db bot.Store) {
	ctx := context.Background()
	if ok, err := db.ClaimNotice(ctx, "nudge-1-ann", t0); err != nil || !ok {
		t.Fatalf("first claim: %v %v", ok, err)
	}
	if ok, err := db.ClaimNotice(ctx, "nudge-1-ann", t0.Add(time.Minute)); err != nil || ok {
		t.Fatalf("second claim: %v %v", ok, err)
	}
	var wg sync.WaitGroup
	wins := make(chan bool, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := db.ClaimNotice(ctx, "digest-7", t0)
			if err != nil {
				t.Error(err)
			}
			wins <- ok
		}()
	}
	wg.Wait()
	close(wins)
	n := 0
	for ok := range wins {
		if ok {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d concurrent notice claims won, want 1", n)
	}
}

// testAnswerAndParticipationTogether: SaveAnswer writes the answer and the
// member's participation in one transaction: both or neither.
func testAnswerAndParticipationTogether(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "c1")
	r := mustRun(t, db, g, t0, "ann")
	status := func() bot.Status {
		t.Helper()
		ps, err := db.Participation(ctx, r.ID)
		if err != nil || len(ps) != 1 {
			t.Fatalf("participation %+v, %v", ps, err)
		}
		return ps[0].Status
	}
	a := &bot.AnswerRecord{RunID: r.ID, UserID: "ann", StepID: "mood", Answer: exercises.Answer{Scale: 4}, AnsweredAt: t0}
	wantCode(t, db.SaveAnswer(ctx, a, "no-such-status"), bot.EInvalid)
	if as, _ := db.Answers(ctx, r.ID, "ann"); len(as) != 0 {
		t.Errorf("a refused participation status left its answer behind: %+v", as)
	}
	if st := status(); st != bot.StatusPending {
		t.Errorf("status %q after a refused save", st)
	}
	wantCode(t, db.SaveAnswer(ctx, a, bot.StatusPartial), "")
	if as, _ := db.Answers(ctx, r.ID, "ann"); len(as) != 1 || status() != bot.StatusPartial {
		t.Errorf("answer %+v with status %q, want one with partial", as, status())
	}
}

// testSchedules: schedules are stored, listed per group until removed, and
// due ones are found by NextAt.
func testSchedules(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "c1")
	other := mustGroup(t, db, "c2")
	if _, ok, err := db.NextScheduleAt(ctx); err != nil || ok {
		t.Fatalf("next of no schedule: %v %v", ok, err)
	}
	add := func(g *bot.Group, next time.Time) *bot.Schedule {
		t.Helper()
		s := &bot.Schedule{GroupID: g.ID, ExerciseID: "mood-check", When: "daily 10:00", Window: 24 * time.Hour,
			Remind: 4 * time.Hour, CreatedBy: "lead-1", CreatedAt: t0, NextAt: next}
		if err := db.AddSchedule(ctx, s); err != nil || s.ID == 0 {
			t.Fatalf("add schedule: %v id %d", err, s.ID)
		}
		return s
	}
	a := add(g, t0.Add(2*time.Hour))
	b := add(g, t0.Add(time.Hour))
	c := add(other, t0.Add(3*time.Hour))
	got, err := db.Schedule(ctx, a.ID)
	if err != nil || got.When != "daily 10:00" || got.Window != 24*time.Hour || got.Remind != 4*time.Hour || !got.NextAt.Equal(a.NextAt) || got.RemovedAt != nil {
		t.Fatalf("schedule %+v, %v", got, err)
	}
	_, err = db.Schedule(ctx, 9999)
	wantCode(t, err, bot.ENotFound)
	if ss, _ := db.Schedules(ctx, g.ID); len(ss) != 2 || ss[0].ID != a.ID {
		t.Errorf("schedules of the group, oldest first: %+v", ss)
	}
	if next, ok, err := db.NextScheduleAt(ctx); err != nil || !ok || !next.Equal(b.NextAt) {
		t.Errorf("next %v %v %v, want %v", next, ok, err, b.NextAt)
	}
	due, err := db.DueSchedules(ctx, t0.Add(2*time.Hour), 10)
	if err != nil || len(due) != 2 || due[0].ID != b.ID || due[1].ID != a.ID {
		t.Errorf("due at +2h, earliest first: %+v, %v", due, err)
	}
	if due, _ := db.DueSchedules(ctx, t0.Add(5*time.Hour), 1); len(due) != 1 || due[0].ID != b.ID {
		t.Errorf("due with limit 1: %+v", due)
	}
	if err := db.SetScheduleNext(ctx, b.ID, t0.Add(10*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := db.RemoveSchedule(ctx, a.ID, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if ss, _ := db.Schedules(ctx, g.ID); len(ss) != 1 || ss[0].ID != b.ID {
		t.Errorf("a removed schedule is listed: %+v", ss)
	}
	if s, err := db.Schedule(ctx, a.ID); err != nil || s.RemovedAt == nil {
		t.Errorf("removed schedule %+v, %v", s, err)
	}
	if next, _, _ := db.NextScheduleAt(ctx); !next.Equal(c.NextAt) {
		t.Errorf("next %v, want the other group's %v", next, c.NextAt)
	}
}

// testFireStates: a claimed fire opens its run, then advances one state at
// a time; a step from the wrong state is a conflict, and skipped fires are
// reported once.
func testFireStates(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "c1")
	s := &bot.Schedule{GroupID: g.ID, ExerciseID: "mood-check", When: "daily 10:00", CreatedAt: t0, NextAt: t0.Add(time.Hour)}
	if err := db.AddSchedule(ctx, s); err != nil {
		t.Fatal(err)
	}
	fs, err := db.ClaimFires(ctx, []bot.FireClaim{{ScheduleID: s.ID, ScheduledFor: s.NextAt, State: bot.FireClaimed, Next: s.NextAt.Add(24 * time.Hour)}}, t0)
	if err != nil || len(fs) != 1 {
		t.Fatalf("claim: %+v, %v", fs, err)
	}
	f := fs[0]
	r := &bot.Run{GroupID: g.ID, ExerciseID: "mood-check", Version: "1", Definition: []byte("id: mood-check\n"),
		OpenedAt: t0.Add(time.Hour), ClosesAt: t0.Add(25 * time.Hour), StartedBy: fmt.Sprintf("schedule:%d", s.ID)}
	parts := []*bot.Participation{{UserID: "ann", Status: bot.StatusPending, UpdatedAt: t0}}
	wantCode(t, db.OpenFire(ctx, f.ID, r, parts, t0.Add(time.Hour)), "")
	if r.ID == 0 {
		t.Fatal("OpenFire did not set the run's ID")
	}
	r2 := *r
	r2.ID = 0
	wantCode(t, db.OpenFire(ctx, f.ID, &r2, nil, t0.Add(time.Hour)), bot.EConflict)
	if ps, _ := db.Participation(ctx, r.ID); len(ps) != 1 {
		t.Errorf("participation of the opened run: %+v", ps)
	}
	got, err := db.FireOfRun(ctx, r.ID)
	if err != nil || got.ID != f.ID || got.State != bot.FireOpened || got.RunID != r.ID {
		t.Fatalf("fire of run %+v, %v", got, err)
	}
	wantCode(t, db.AdvanceFire(ctx, f.ID, bot.FireClaimed, bot.FirePosting, "", t0), bot.EConflict)
	wantCode(t, db.AdvanceFire(ctx, f.ID, bot.FireOpened, bot.FirePosting, "", t0), "")
	wantCode(t, db.AdvanceFire(ctx, f.ID, bot.FirePosting, bot.FirePosted, "msg-1", t0), "")
	if run, _ := db.Run(ctx, r.ID); run.MessageID != "msg-1" {
		t.Errorf("the posted message is not on the run: %q", run.MessageID)
	}
	if un, _ := db.UnfinishedFires(ctx); len(un) != 1 || un[0].State != bot.FirePosted {
		t.Errorf("unfinished fires %+v", un)
	}
	wantCode(t, db.AdvanceFire(ctx, f.ID, bot.FirePosted, bot.FireDone, "", t0), "")
	if un, _ := db.UnfinishedFires(ctx); len(un) != 0 {
		t.Errorf("a done fire is unfinished: %+v", un)
	}
	// A manual run has no fire.
	manual := mustRun(t, db, g, t0)
	_, err = db.FireOfRun(ctx, manual.ID)
	wantCode(t, err, bot.ENotFound)

	skipped, err := db.ClaimFires(ctx, []bot.FireClaim{{ScheduleID: s.ID, ScheduledFor: s.NextAt.Add(24 * time.Hour), State: bot.FireSkipped, Reason: bot.SkipHoliday, Next: s.NextAt.Add(48 * time.Hour)}}, t0)
	if err != nil || len(skipped) != 1 || skipped[0].State != bot.FireSkipped {
		t.Fatalf("skip: %+v, %v", skipped, err)
	}
	if sk, _ := db.SkippedFires(ctx, g.ID, bot.SkipHoliday, true); len(sk) != 1 || sk[0].Reported {
		t.Fatalf("unreported skips %+v", sk)
	}
	if sk, _ := db.SkippedFires(ctx, 0, bot.SkipPaused, false); len(sk) != 0 {
		t.Errorf("skips for another reason %+v", sk)
	}
	if err := db.MarkReported(ctx, []int64{skipped[0].ID}); err != nil {
		t.Fatal(err)
	}
	if sk, _ := db.SkippedFires(ctx, g.ID, "", true); len(sk) != 0 {
		t.Errorf("reported skip still unreported: %+v", sk)
	}
	if sk, _ := db.SkippedFires(ctx, 0, "", false); len(sk) != 1 || !sk[0].Reported {
		t.Errorf("all skips %+v", sk)
	}
}
