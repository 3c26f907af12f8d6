package storetest

import (
	"context"
	"slices"
	"testing"

	"groupwork/bot"
)

func testKeywordRemovals(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "c1")
	other := mustGroup(t, db, "c2")

	for _, k := range []string{"hopeless", "no hope", "suicide"} {
		if err := db.RemoveStarterKeyword(ctx, g.ID, k); err != nil {
			t.Fatal(err)
		}
	}
	wantCode(t, db.RemoveStarterKeyword(ctx, g.ID, "hopeless"), bot.EConflict)
	wantCode(t, db.RemoveStarterKeyword(ctx, 999, "hopeless"), bot.ENotFound)
	got, err := db.RemovedStarterKeywords(ctx, g.ID)
	if err != nil || !slices.Equal(got, []string{"hopeless", "no hope", "suicide"}) {
		t.Fatalf("removed = %q, %v", got, err)
	}
	if got, err := db.RemovedStarterKeywords(ctx, other.ID); err != nil || len(got) != 0 {
		t.Fatalf("another group's removals = %q, %v", got, err)
	}
	if n, err := db.RestoreStarterKeywords(ctx, g.ID, []string{"no hope", "never removed"}); err != nil || n != 1 {
		t.Fatalf("restore one = %d, %v", n, err)
	}
	if n, err := db.RestoreStarterKeywords(ctx, g.ID, nil); err != nil || n != 2 {
		t.Fatalf("restore all = %d, %v", n, err)
	}
	if got, err := db.RemovedStarterKeywords(ctx, g.ID); err != nil || len(got) != 0 {
		t.Fatalf("after restoring all = %q, %v", got, err)
	}
}
