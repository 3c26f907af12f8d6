package storetest

import (
	"context"
	"testing"

	"groupwork/bot"
)

// Migration 0011 lets participation say no-consent, keeps refusing unknown
// statuses, and still closes pending rows as missed.
func testParticipationNoConsent(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "c1")
	r := mustRun(t, db, g, t0, "ann", "bob")
	if err := db.SetParticipation(ctx, &bot.Participation{RunID: r.ID, UserID: "bob", Status: "no-consent", UpdatedAt: t0}); err != nil {
		t.Fatalf("no-consent: %v", err)
	}
	wantCode(t, db.SetParticipation(ctx, &bot.Participation{RunID: r.ID, UserID: "ann", Status: "gone", UpdatedAt: t0}), bot.EInvalid)
	if err := db.CloseRun(ctx, r.ID, t0.Add(1)); err != nil {
		t.Fatal(err)
	}
	ps, err := db.Participation(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bot.Status{}
	for _, p := range ps {
		got[p.UserID] = p.Status
	}
	if got["ann"] != "missed" || got["bob"] != "no-consent" {
		t.Errorf("after close: %v", got)
	}
}
