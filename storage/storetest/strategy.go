package storetest

import (
	"context"
	"testing"
	"time"

	"groupwork/bot"
)

// testStrategies: the board keeps strategies per group with counts of
// distinct people, marks are idempotent, a second strategy of one author
// from one run is a conflict, updates and removal work, and Forget keeps
// a strategy without its author's id only when they agreed.
func testStrategies(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "c1")
	other := mustGroup(t, db, "c2")
	add := func(author, text, source string, keep bool) *bot.Strategy {
		t.Helper()
		s := &bot.Strategy{GroupID: g.ID, AuthorID: author, Text: text, Topic: "memory", Source: source, KeepAnon: keep, CreatedAt: t0}
		if err := db.AddStrategy(ctx, s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	a := add("ana", "Write it on the fridge", "run:1", true)
	b := add("ana", "Set an alarm", "command", false)
	add("bo", "Ask a friend", "command", false)
	if err := db.AddStrategy(ctx, &bot.Strategy{GroupID: g.ID, AuthorID: "ana", Text: "again", Source: "run:1", CreatedAt: t0}); bot.ErrorCode(err) != bot.EConflict {
		t.Errorf("second strategy of one run: %v", err)
	}
	for _, m := range []struct {
		user   string
		helped bool
	}{{"bo", false}, {"bo", false}, {"bo", true}, {"cy", false}, {"ana", true}} {
		if err := db.MarkStrategy(ctx, a.ID, m.user, m.helped, t0); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.MarkStrategy(ctx, 999, "bo", false, t0); bot.ErrorCode(err) != bot.ENotFound {
		t.Errorf("mark of unknown strategy: %v", err)
	}
	got, err := db.Strategies(ctx, g.ID, "bo")
	if err != nil || len(got) != 3 {
		t.Fatalf("board: %v %v", got, err)
	}
	if s := got[0]; s.Text != a.Text || s.Tried != 3 || s.Helped != 2 || !s.MeTried || !s.MeHelped || !s.KeepAnon || !s.CreatedAt.Equal(t0) {
		t.Errorf("first strategy read back as %+v", s)
	}
	if s := got[1]; s.Tried != 0 || s.MeTried {
		t.Errorf("unmarked strategy: %+v", s)
	}
	if o, _ := db.Strategies(ctx, other.ID, "bo"); len(o) != 0 {
		t.Errorf("another group sees %d strategies", len(o))
	}
	b.Pinned, b.Proposed = true, "Set two alarms"
	if err := db.UpdateStrategy(ctx, b); err != nil {
		t.Fatal(err)
	}
	if s, err := db.Strategy(ctx, b.ID); err != nil || !s.Pinned || s.Proposed != "Set two alarms" {
		t.Errorf("update: %+v %v", s, err)
	}
	if _, err := db.Forget(ctx, g.ID, "ana", "anon-1", true, t0); err != nil {
		t.Fatal(err)
	}
	got, _ = db.Strategies(ctx, g.ID, "")
	if len(got) != 2 || got[0].ID != a.ID || got[0].AuthorID != "" || got[0].Tried != 2 || got[0].Helped != 1 || got[1].AuthorID != "bo" {
		t.Errorf("after Forget: %+v", got)
	}
	late := &bot.Strategy{GroupID: g.ID, AuthorID: "bo", Text: "Later", Source: "command", CreatedAt: t0.Add(48 * time.Hour)}
	if err := db.AddStrategy(ctx, late); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Purge(ctx, g.ID, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Strategies(ctx, g.ID, ""); len(got) != 1 || got[0].ID != late.ID {
		t.Errorf("after a purge of what is older than an hour after t0: %+v", got)
	}
	if _, err := db.Strategy(ctx, a.ID); bot.ErrorCode(err) != bot.ENotFound {
		t.Errorf("purged strategy: %v", err)
	}
	if err := db.RemoveStrategy(ctx, late.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Strategy(ctx, a.ID); bot.ErrorCode(err) != bot.ENotFound {
		t.Errorf("removed strategy: %v", err)
	}
	if err := db.RemoveStrategy(ctx, a.ID); bot.ErrorCode(err) != bot.ENotFound {
		t.Errorf("second remove: %v", err)
	}
}
