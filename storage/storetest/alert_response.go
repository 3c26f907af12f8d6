package storetest

import (
	"context"
	"testing"
	"time"

	"groupwork/bot"
)

// testAlertResponses: a member's responses to an alert are kept, the newest
// is returned per alert of the group, an unknown alert is ENotFound, an
// erased member's responses follow the re-keyed alert, and a purge that
// deletes an acknowledged alert deletes its responses with it.
func testAlertResponses(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "c1")
	other := mustGroup(t, db, "c2")
	r := mustRun(t, db, g, t0, "ann", "bob")
	raise := func(user string) *bot.SafetyAlert {
		al := &bot.SafetyAlert{GroupID: g.ID, UserID: user, RunID: r.ID, StepID: "mood", Rule: bot.RuleScale, RaisedAt: t0}
		if ok, err := db.RaiseAlert(ctx, al); err != nil || !ok {
			t.Fatalf("raise: %v %v", ok, err)
		}
		return al
	}
	ann, bob := raise("ann"), raise("bob")
	if err := db.AddAlertResponse(ctx, ann.ID, bot.ResponseOK, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := db.AddAlertResponse(ctx, ann.ID, bot.ResponseContact, t0.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	wantCode(t, db.AddAlertResponse(ctx, 999, bot.ResponseOK, t0), bot.ENotFound)
	got, err := db.AlertResponses(ctx, g.ID)
	if err != nil || len(got) != 1 || got[ann.ID].Response != bot.ResponseContact || !got[ann.ID].At.Equal(t0.Add(2*time.Minute)) {
		t.Fatalf("responses %+v, %v", got, err)
	}
	if got, _ := db.AlertResponses(ctx, other.ID); len(got) != 0 {
		t.Errorf("another group sees the responses: %+v", got)
	}
	if _, err := db.Forget(ctx, g.ID, "ann", "anon-1", true, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.AlertResponses(ctx, g.ID); got[ann.ID].Response != bot.ResponseContact {
		t.Errorf("the response was lost with the erasure of the member: %+v", got)
	}
	if err := db.AddAlertResponse(ctx, bob.ID, bot.ResponseOK, t0); err != nil {
		t.Fatal(err)
	}
	if err := db.AckAlert(ctx, g.ID, bob.ID, "lead-1", "called", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Purge(ctx, g.ID, t0.Add(48*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.AlertResponses(ctx, g.ID); len(got) != 1 {
		t.Errorf("responses of a purged alert left behind: %+v", got)
	}
	wantCode(t, db.AddAlertResponse(ctx, bob.ID, bot.ResponseOK, t0), bot.ENotFound)
}
