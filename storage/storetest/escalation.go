package storetest

import (
	"context"
	"testing"
	"time"

	"groupwork/bot"
)

func testAlertNoticesAndQuietHours(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "c1")
	al := &bot.SafetyAlert{GroupID: g.ID, UserID: "ana", ExerciseID: "mood", StepID: "mood", Rule: bot.RuleScale, RaisedAt: t0}
	if _, err := db.RaiseAlert(ctx, al); err != nil {
		t.Fatal(err)
	}
	for i, step := range []string{bot.NoticeFirst, bot.NoticeHeld, bot.NoticeBackup} {
		if err := db.AddAlertNotice(ctx, &bot.AlertNotice{AlertID: al.ID, UserID: "tess", Step: step, At: t0.Add(time.Duration(i) * time.Minute)}); err != nil {
			t.Fatal(err)
		}
	}
	wantCode(t, db.AddAlertNotice(ctx, &bot.AlertNotice{AlertID: al.ID, UserID: "tess", Step: "shout", At: t0}), bot.EInvalid)
	wantCode(t, db.AddAlertNotice(ctx, &bot.AlertNotice{AlertID: 999, UserID: "tess", Step: bot.NoticeFirst, At: t0}), bot.ENotFound)
	ns, err := db.AlertNotices(ctx, al.ID)
	if err != nil || len(ns) != 3 || ns[0].Step != bot.NoticeFirst || ns[2].Step != bot.NoticeBackup || !ns[1].At.Equal(t0.Add(time.Minute)) {
		t.Fatalf("notices: %+v, %v", ns, err)
	}
	// Purging an acknowledged alert takes its delivery record with it.
	if err := db.AckAlert(ctx, g.ID, al.ID, "tess", "called", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Purge(ctx, g.ID, t0.Add(48*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if ns, err := db.AlertNotices(ctx, al.ID); err != nil || len(ns) != 0 {
		t.Fatalf("notices after purge: %+v, %v", ns, err)
	}

	if err := db.SetQuietHours(ctx, &bot.QuietHours{GroupID: g.ID, UserID: "tess", From: 22 * 60, To: 7 * 60}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetQuietHours(ctx, &bot.QuietHours{GroupID: g.ID, UserID: "tess", From: 23 * 60, To: 6 * 60}); err != nil {
		t.Fatal(err)
	}
	wantCode(t, db.SetQuietHours(ctx, &bot.QuietHours{GroupID: g.ID, UserID: "tess", From: 24 * 60, To: 0}), bot.EInvalid)
	wantCode(t, db.SetQuietHours(ctx, &bot.QuietHours{GroupID: 999, UserID: "tess", From: 0, To: 60}), bot.ENotFound)
	qs, err := db.QuietHours(ctx, g.ID)
	if err != nil || len(qs) != 1 || qs[0].String() != "23:00-06:00" {
		t.Fatalf("quiet hours: %+v, %v", qs, err)
	}
	if err := db.ClearQuietHours(ctx, g.ID, "tess"); err != nil {
		t.Fatal(err)
	}
	if qs, err := db.QuietHours(ctx, g.ID); err != nil || len(qs) != 0 {
		t.Fatalf("quiet hours after clear: %+v, %v", qs, err)
	}
}
