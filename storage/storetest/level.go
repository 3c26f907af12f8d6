package storetest

import (
	"context"
	"testing"
	"time"

	"groupwork/bot"
)

// testLevels: a member's level per family is replaced, not added to; the
// first start of an attempt fixes its level and form; a finish scores it
// once; purges and erasure take both with the answers they come from.
func testLevels(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "lv1")
	other := mustGroup(t, db, "lv2")
	set := func(user, family string, level int, locked bool, at time.Time) {
		t.Helper()
		if err := db.SetMemberLevel(ctx, &bot.MemberLevel{GroupID: g.ID, UserID: user, Family: family, Level: level, Locked: locked, SetBy: "lead-1", Reason: "set", UpdatedAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	set("ann", "words", 2, false, t0)
	set("ann", "words", 3, true, t0.Add(time.Hour))
	set("ann", "span", 1, false, t0)
	set("bob", "words", 4, false, t0)
	wantCode(t, db.SetMemberLevel(ctx, &bot.MemberLevel{GroupID: g.ID, UserID: "ann", Family: "words", Level: 0, UpdatedAt: t0}), bot.EInvalid)
	wantCode(t, db.SetMemberLevel(ctx, &bot.MemberLevel{GroupID: 999, UserID: "ann", Family: "words", Level: 1, UpdatedAt: t0}), bot.ENotFound)
	ls, err := db.MemberLevels(ctx, g.ID, "ann")
	if err != nil || len(ls) != 2 || ls[0].Family != "span" || ls[1].Level != 3 || !ls[1].Locked || ls[1].SetBy != "lead-1" ||
		!ls[1].UpdatedAt.Equal(t0.Add(time.Hour)) || ls[1].UpdatedAt.Location() != time.UTC {
		t.Fatalf("ann's levels: %+v, %v", ls, err)
	}
	if all, err := db.MemberLevels(ctx, g.ID, ""); err != nil || len(all) != 3 {
		t.Fatalf("group levels: %d, %v", len(all), err)
	}
	if none, err := db.MemberLevels(ctx, other.ID, ""); err != nil || len(none) != 0 {
		t.Fatalf("another group's levels: %+v, %v", none, err)
	}

	r1 := mustRun(t, db, g, t0, "ann", "bob")
	r2 := mustRun(t, db, g, t0.Add(72*time.Hour), "ann")
	start := func(r *bot.Run, user string, level, form int, at time.Time) *bot.Attempt {
		t.Helper()
		a, err := db.StartAttempt(ctx, &bot.Attempt{RunID: r.ID, UserID: user, Family: "words", Level: level, Form: form, StartedAt: at})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	a := start(r1, "ann", 3, 2, t0.Add(time.Minute))
	if a.Level != 3 || a.Form != 2 || a.FinishedAt != nil || !a.StartedAt.Equal(t0.Add(time.Minute)) {
		t.Fatalf("started: %+v", a)
	}
	// A second start (another device, a redelivery) keeps the first.
	if again := start(r1, "ann", 5, 0, t0.Add(time.Hour)); again.Level != 3 || again.Form != 2 || !again.StartedAt.Equal(a.StartedAt) {
		t.Fatalf("restart changed the attempt: %+v", again)
	}
	start(r1, "bob", 4, 0, t0.Add(2*time.Minute))
	start(r2, "ann", 3, 3, t0.Add(73*time.Hour))
	if _, err := db.StartAttempt(ctx, &bot.Attempt{RunID: 999, UserID: "ann", Family: "words", Level: 1, StartedAt: t0}); bot.ErrorCode(err) != bot.ENotFound {
		t.Fatalf("attempt at a missing run: %v", err)
	}
	if _, err := db.StartAttempt(ctx, &bot.Attempt{RunID: r1.ID, UserID: "cy", Family: "words", Level: 0, StartedAt: t0}); bot.ErrorCode(err) != bot.EInvalid {
		t.Fatalf("attempt at level 0: %v", err)
	}
	if err := db.FinishAttempt(ctx, r1.ID, "ann", 7, 10, t0.Add(5*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := db.FinishAttempt(ctx, r1.ID, "ann", 10, 10, t0.Add(9*time.Minute)); err != nil { // a second finish changes nothing
		t.Fatal(err)
	}
	wantCode(t, db.FinishAttempt(ctx, r1.ID, "dan", 1, 10, t0), bot.ENotFound)
	for range 2 {
		if err := db.ExtendAttempt(ctx, r2.ID, "ann", 90*time.Second); err != nil {
			t.Fatal(err)
		}
	}
	wantCode(t, db.ExtendAttempt(ctx, r2.ID, "dan", time.Minute), bot.ENotFound)
	wantCode(t, db.ExtendAttempt(ctx, r2.ID, "ann", 0), bot.EInvalid)
	as, err := db.Attempts(ctx, g.ID, "ann", "words")
	if err != nil || len(as) != 2 || as[0].Points != 7 || as[0].Max != 10 || as[0].FinishedAt == nil ||
		!as[0].FinishedAt.Equal(t0.Add(5*time.Minute)) || as[1].Form != 3 || as[1].FinishedAt != nil || as[0].Extra != 0 || as[1].Extra != 3*time.Minute {
		t.Fatalf("ann's attempts: %+v, %v", as, err)
	}
	if all, err := db.Attempts(ctx, g.ID, "", ""); err != nil || len(all) != 3 || all[1].UserID != "bob" {
		t.Fatalf("group attempts: %+v, %v", all, err)
	}
	if none, err := db.Attempts(ctx, g.ID, "", "span"); err != nil || len(none) != 0 {
		t.Fatalf("span attempts: %+v, %v", none, err)
	}

	if show, err := db.ShowScores(ctx, g.ID); err != nil || show {
		t.Fatalf("scores shown by default: %v, %v", show, err)
	}
	if err := db.SetShowScores(ctx, g.ID, true); err != nil {
		t.Fatal(err)
	}
	if show, err := db.ShowScores(ctx, g.ID); err != nil || !show {
		t.Fatalf("scores after enabling: %v, %v", show, err)
	}
	if show, err := db.ShowScores(ctx, other.ID); err != nil || show {
		t.Fatalf("another group's scores shown: %v, %v", show, err)
	}
	wantCode(t, db.SetShowScores(ctx, 999, true), bot.ENotFound)

	// "I need more time": once per member and run.
	if err := db.ExtendWindow(ctx, r1.ID, "ann", t0.Add(48*time.Hour)); err != nil {
		t.Fatal(err)
	}
	wantCode(t, db.ExtendWindow(ctx, r1.ID, "ann", t0.Add(72*time.Hour)), bot.EConflict)
	wantCode(t, db.ExtendWindow(ctx, 999, "ann", t0), bot.ENotFound)
	if ext, err := db.WindowExtensions(ctx, r1.ID); err != nil || len(ext) != 1 || !ext["ann"].Equal(t0.Add(48*time.Hour)) {
		t.Fatalf("extensions: %v, %v", ext, err)
	}

	// Retention: the purge takes the attempts of old runs.
	if _, err := db.Purge(ctx, g.ID, t0.Add(48*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if as, err := db.Attempts(ctx, g.ID, "", ""); err != nil || len(as) != 1 || as[0].RunID != r2.ID {
		t.Fatalf("attempts after purge: %+v, %v", as, err)
	}
	if ext, err := db.WindowExtensions(ctx, r1.ID); err != nil || len(ext) != 0 {
		t.Fatalf("extensions after purge: %v, %v", ext, err)
	}
	// Erasure: the member's levels and attempts go; others' stay.
	if _, err := db.Forget(ctx, g.ID, "ann", "anon-1", true, t0.Add(100*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if ls, err := db.MemberLevels(ctx, g.ID, ""); err != nil || len(ls) != 1 || ls[0].UserID != "bob" {
		t.Fatalf("levels after erasure: %+v, %v", ls, err)
	}
	if as, err := db.Attempts(ctx, g.ID, "", ""); err != nil || len(as) != 0 {
		t.Fatalf("attempts after erasure: %+v, %v", as, err)
	}
}
