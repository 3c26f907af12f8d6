package storetest

import (
	"context"
	"testing"
	"time"

	"groupwork/bot"
)

func testResultPosts(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "c1")
	other := mustGroup(t, db, "c2")
	r1 := mustRun(t, db, g, t0, "ann")
	r2 := mustRun(t, db, g, t0.Add(time.Hour), "ann")
	r3 := mustRun(t, db, other, t0, "bob")

	wantCode(t, db.SetResultPost(ctx, &bot.ResultPost{RunID: 9999, Ref: bot.MessageRef{ChannelID: "c1", MessageID: "m"}, PostedAt: t0}), bot.ENotFound)
	for _, p := range []*bot.ResultPost{
		{RunID: r2.ID, Ref: bot.MessageRef{ChannelID: "c1", MessageID: "m2"}, PostedAt: t0.Add(2 * time.Hour),
			Earlier: []bot.MessageRef{{ChannelID: "c1", MessageID: "m2a"}, {ChannelID: "c1", MessageID: "m2b"}}},
		{RunID: r1.ID, Ref: bot.MessageRef{ChannelID: "c1", MessageID: "old"}, PostedAt: t0.Add(time.Hour)},
		{RunID: r1.ID, Ref: bot.MessageRef{ChannelID: "c1", MessageID: "m1"}, PostedAt: t0.Add(time.Hour)}, // a re-post replaces
		{RunID: r3.ID, Ref: bot.MessageRef{ChannelID: "c2", MessageID: "m3"}, PostedAt: t0},
	} {
		if err := db.SetResultPost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	ps, err := db.ResultPosts(ctx, g.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[0].RunID != r1.ID || ps[0].Ref.MessageID != "m1" || len(ps[0].Earlier) != 0 || ps[1].RunID != r2.ID || !ps[1].PostedAt.Equal(t0.Add(2*time.Hour)) {
		t.Fatalf("posts of the group: %+v", ps)
	}
	if e := ps[1].Earlier; len(e) != 2 || e[0] != (bot.MessageRef{ChannelID: "c1", MessageID: "m2a"}) || e[1].MessageID != "m2b" {
		t.Errorf("earlier parts: %+v", e)
	}
	if err := db.DeleteResultPost(ctx, r1.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteResultPost(ctx, r1.ID); err != nil {
		t.Errorf("deleting again: %v", err)
	}
	if ps, _ := db.ResultPosts(ctx, g.ID); len(ps) != 1 || ps[0].RunID != r2.ID {
		t.Errorf("after delete: %+v", ps)
	}
}
