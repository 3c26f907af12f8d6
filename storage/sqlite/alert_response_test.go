package sqlite

import (
	"context"
	"testing"
	"time"

	"groupwork/bot"
)

// TestPurgedAlertTakesItsResponses: the rows of responses to a purged
// alert go with it (the conformance suite sees only that the alert is gone).
func TestPurgedAlertTakesItsResponses(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	g := mustGroup(t, db, "c1")
	r := mustRun(t, db, g, t0, "bob")
	al := &bot.SafetyAlert{GroupID: g.ID, UserID: "bob", RunID: r.ID, StepID: "mood", Rule: bot.RuleScale, RaisedAt: t0}
	if ok, err := db.RaiseAlert(ctx, al); err != nil || !ok {
		t.Fatalf("raise: %v %v", ok, err)
	}
	if err := db.AddAlertResponse(ctx, al.ID, bot.ResponseOK, t0); err != nil {
		t.Fatal(err)
	}
	if err := db.AckAlert(ctx, g.ID, al.ID, "lead-1", "called", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Purge(ctx, g.ID, t0.Add(48*time.Hour)); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM alert_responses WHERE alert_id = ?`, al.ID).Scan(&n); err != nil || n != 0 {
		t.Errorf("responses of a purged alert left behind: %d, %v", n, err)
	}
}
