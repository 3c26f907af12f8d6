package storetest

import (
	"context"
	"testing"
	"time"

	"groupwork/bot"
)

// testSessionChanges: a moved or cancelled session is kept per day, a new
// change of the same day replaces the old one, the new start comes back
// as the same wall time, the reminder lead is part of the calendar,
// member zones are set and removed, and an unknown group is not found.
func testSessionChanges(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "c1")
	moved := time.Date(2026, 12, 17, 19, 0, 0, 0, time.UTC)
	if err := db.SetSessionChange(ctx, &bot.SessionChange{GroupID: g.ID, Day: "2026-12-16", MovedTo: moved, By: "tess", At: t0}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetSessionChange(ctx, &bot.SessionChange{GroupID: g.ID, Day: "2026-12-09", By: "tess", At: t0}); err != nil {
		t.Fatal(err)
	}
	cs, err := db.SessionChanges(ctx, g.ID)
	if err != nil || len(cs) != 2 {
		t.Fatalf("changes: %v %v", cs, err)
	}
	if cs[0].Day != "2026-12-09" || !cs[0].MovedTo.IsZero() || cs[1].Day != "2026-12-16" || !cs[1].MovedTo.Equal(moved) || cs[1].By != "tess" || !cs[1].At.Equal(t0) {
		t.Errorf("changes read back as %+v %+v", cs[0], cs[1])
	}
	if err := db.SetSessionChange(ctx, &bot.SessionChange{GroupID: g.ID, Day: "2026-12-16", By: "co", At: t0}); err != nil {
		t.Fatal(err)
	}
	if cs, _ := db.SessionChanges(ctx, g.ID); len(cs) != 2 || !cs[1].MovedTo.IsZero() || cs[1].By != "co" {
		t.Errorf("a second change of a day did not replace the first: %+v", cs)
	}
	if err := db.SetSessionChange(ctx, &bot.SessionChange{GroupID: g.ID + 99, Day: "2026-12-16", At: t0}); bot.ErrorCode(err) != bot.ENotFound {
		t.Errorf("unknown group: %v", err)
	}
	if other, _ := db.SessionChanges(ctx, g.ID+99); len(other) != 0 {
		t.Errorf("another group sees %d changes", len(other))
	}

	cal, err := db.Calendar(ctx, g.ID)
	if err != nil {
		t.Fatal(err)
	}
	cal.RemindBefore = 2 * time.Hour
	if err := db.SetCalendar(ctx, cal); err != nil {
		t.Fatal(err)
	}
	if cal, _ := db.Calendar(ctx, g.ID); cal.RemindBefore != 2*time.Hour {
		t.Errorf("reminder lead read back as %v", cal.RemindBefore)
	}

	if err := db.SetMemberZone(ctx, g.ID, "ana", "America/New_York"); err != nil {
		t.Fatal(err)
	}
	if err := db.SetMemberZone(ctx, g.ID, "ana", "Europe/London"); err != nil {
		t.Fatal(err)
	}
	if z, err := db.MemberZones(ctx, g.ID); err != nil || len(z) != 1 || z["ana"] != "Europe/London" {
		t.Errorf("zones: %v %v", z, err)
	}
	if err := db.SetMemberZone(ctx, g.ID, "ana", ""); err != nil {
		t.Fatal(err)
	}
	if z, _ := db.MemberZones(ctx, g.ID); len(z) != 0 {
		t.Errorf("zone not removed: %v", z)
	}
	if err := db.SetMemberZone(ctx, g.ID+99, "ana", "Europe/London"); bot.ErrorCode(err) != bot.ENotFound {
		t.Errorf("zone in unknown group: %v", err)
	}
	// Forget erases the member's zone, and only theirs.
	for _, u := range []string{"ana", "bo"} {
		if err := db.SetMemberZone(ctx, g.ID, u, "Europe/London"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Forget(ctx, g.ID, "ana", "anon-1", true, t0); err != nil {
		t.Fatal(err)
	}
	if z, _ := db.MemberZones(ctx, g.ID); len(z) != 1 || z["bo"] == "" {
		t.Errorf("zones after Forget of ana: %v", z)
	}
}
