package storetest

import (
	"context"
	"testing"
	"time"

	"groupwork/bot"
)

func testClaimFiresIsIdempotentAndAdvancesInSteps(t *testing.T, db bot.Store) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	g := &bot.Group{Name: "G", Platform: "p", ChannelID: "c", TimeZone: "UTC", CreatedAt: t0}
	if err := db.CreateGroup(ctx, g, &bot.Membership{UserID: "lead", Role: bot.RoleLead, JoinedAt: t0}); err != nil {
		t.Fatal(err)
	}
	s := &bot.Schedule{GroupID: g.ID, ExerciseID: "x", When: "daily 10:00", CreatedAt: t0, NextAt: t0.Add(time.Hour)}
	if err := db.AddSchedule(ctx, s); err != nil {
		t.Fatal(err)
	}
	claim := []bot.FireClaim{{ScheduleID: s.ID, ScheduledFor: s.NextAt, State: bot.FireClaimed, Next: s.NextAt.Add(24 * time.Hour)}}
	fs, err := db.ClaimFires(ctx, claim, t0)
	if err != nil || len(fs) != 1 {
		t.Fatalf("first claim: %v %d", err, len(fs))
	}
	// The same claim again is stale (the schedule moved on): nothing recorded.
	if again, err := db.ClaimFires(ctx, claim, t0); err != nil || len(again) != 0 {
		t.Fatalf("second claim: %v %d", err, len(again))
	}
	// Even with next_at put back, the (schedule, instant) key holds.
	if err := db.SetScheduleNext(ctx, s.ID, s.NextAt); err != nil {
		t.Fatal(err)
	}
	if again, err := db.ClaimFires(ctx, claim, t0); err != nil || len(again) != 0 {
		t.Fatalf("repeated key: %v %d", err, len(again))
	}
	if next, ok, err := db.NextScheduleAt(ctx); err != nil || !ok || !next.Equal(s.NextAt.Add(24*time.Hour)) {
		t.Fatalf("next: %v %v %v", next, ok, err)
	}
	f := fs[0]
	run := &bot.Run{GroupID: g.ID, ExerciseID: "x", OpenedAt: t0, ClosesAt: t0.Add(time.Hour)}
	if err := db.OpenFire(ctx, f.ID, run, nil, t0); err != nil {
		t.Fatal(err)
	}
	if err := db.OpenFire(ctx, f.ID, &bot.Run{GroupID: g.ID, ExerciseID: "x", OpenedAt: t0, ClosesAt: t0}, nil, t0); bot.ErrorCode(err) != bot.EConflict {
		t.Fatalf("second open: %v", err)
	}
	if rs, _ := db.Runs(ctx, g.ID, time.Time{}, time.Time{}); len(rs) != 1 {
		t.Fatalf("a refused open left a run behind: %d runs", len(rs))
	}
	if err := db.AdvanceFire(ctx, f.ID, bot.FireOpened, bot.FirePosting, "", t0); err != nil {
		t.Fatal(err)
	}
	if err := db.AdvanceFire(ctx, f.ID, bot.FirePosting, bot.FirePosted, "m1", t0); err != nil {
		t.Fatal(err)
	}
	if err := db.AdvanceFire(ctx, f.ID, bot.FirePosting, bot.FirePosted, "m2", t0); bot.ErrorCode(err) != bot.EConflict {
		t.Fatalf("repeated step: %v", err)
	}
	if r, _ := db.Run(ctx, run.ID); r.MessageID != "m1" {
		t.Errorf("run message %q", r.MessageID)
	}
	if got, _ := db.FireOfRun(ctx, run.ID); got == nil || got.ID != f.ID || got.State != bot.FirePosted {
		t.Errorf("fire of run: %+v", got)
	}
	if ok, _ := db.ClaimNotice(ctx, "nudge-1-a", t0); !ok {
		t.Error("first notice refused")
	}
	if ok, _ := db.ClaimNotice(ctx, "nudge-1-a", t0); ok {
		t.Error("second notice claimed")
	}
}

func testCalendarAndHolidays(t *testing.T, db bot.Store) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	g := &bot.Group{Name: "G", Platform: "p", ChannelID: "c", TimeZone: "UTC", CreatedAt: t0}
	if err := db.CreateGroup(ctx, g, &bot.Membership{UserID: "lead", Role: bot.RoleLead, JoinedAt: t0}); err != nil {
		t.Fatal(err)
	}
	c := &bot.Calendar{GroupID: g.ID, Session: &bot.SessionTime{Weekday: time.Wednesday, Hour: 18, Minute: 30, Duration: time.Hour},
		StartDate: "2026-11-02", EndDate: "2027-02-26", Paused: true, PausedUntil: "2026-12-01"}
	if err := db.SetCalendar(ctx, c); err != nil {
		t.Fatal(err)
	}
	got, err := db.Calendar(ctx, g.ID)
	if err != nil || *got.Session != *c.Session || got.EndDate != c.EndDate || !got.Paused || got.PausedUntil != c.PausedUntil {
		t.Fatalf("calendar: %+v %v", got, err)
	}
	if err := db.AddHolidays(ctx, g.ID, []string{"2026-12-31", "2026-12-24", "2026-12-24"}); err != nil {
		t.Fatal(err)
	}
	if err := db.RemoveHoliday(ctx, g.ID, "2026-12-31"); err != nil {
		t.Fatal(err)
	}
	if err := db.RemoveHoliday(ctx, g.ID, "2026-12-31"); bot.ErrorCode(err) != bot.ENotFound {
		t.Fatalf("remove twice: %v", err)
	}
	if hs, _ := db.Holidays(ctx, g.ID); len(hs) != 1 || hs[0] != "2026-12-24" {
		t.Errorf("holidays %v", hs)
	}
}
