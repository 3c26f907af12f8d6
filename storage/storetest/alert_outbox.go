package storetest

import (
	"context"
	"testing"
	"time"

	"groupwork/bot"
)

// testAlertOutbox: notices are queued once, come back when due (and,
// failed, until reported), keep their retries, and go with their alert.
func testAlertOutbox(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "c1")
	al := &bot.SafetyAlert{GroupID: g.ID, UserID: "ana", ExerciseID: "mood", StepID: "mood", Rule: bot.RuleScale, RaisedAt: t0}
	if _, err := db.RaiseAlert(ctx, al); err != nil {
		t.Fatal(err)
	}
	mail := &bot.Outbound{AlertID: al.ID, GroupID: g.ID, UserID: "lead-1", Channel: "email", Step: bot.NoticeFirst, At: t0, NextAt: t0}
	hook := &bot.Outbound{AlertID: al.ID, GroupID: g.ID, UserID: "lead-1", Channel: "webhook", Step: bot.NoticeFirst, At: t0, NextAt: t0.Add(time.Minute)}
	for _, o := range []*bot.Outbound{mail, hook} {
		wantCode(t, db.QueueOutbound(ctx, o), "")
	}
	again := *mail
	again.ID = 0
	wantCode(t, db.QueueOutbound(ctx, &again), "")
	if again.ID != mail.ID {
		t.Errorf("a repeat got a new id %d, want %d", again.ID, mail.ID)
	}
	wantCode(t, db.QueueOutbound(ctx, &bot.Outbound{AlertID: 999, GroupID: g.ID, UserID: "x", Channel: "email", Step: bot.NoticeFirst, At: t0, NextAt: t0}), bot.ENotFound)
	wantCode(t, db.QueueOutbound(ctx, &bot.Outbound{AlertID: al.ID, GroupID: g.ID, UserID: "x", Channel: "pigeon", Step: bot.NoticeFirst, At: t0, NextAt: t0}), bot.EInvalid)

	due := func(at time.Time) []*bot.Outbound {
		t.Helper()
		os, err := db.PendingOutbound(ctx, at)
		if err != nil {
			t.Fatal(err)
		}
		return os
	}
	if os := due(t0); len(os) != 1 || os[0].ID != mail.ID || os[0].State != "pending" || os[0].Channel != "email" ||
		!os[0].At.Equal(t0) || os[0].UserID != "lead-1" || os[0].Step != bot.NoticeFirst || os[0].GroupID != g.ID {
		t.Fatalf("due at t0: %+v", os)
	}
	if os := due(t0.Add(time.Minute)); len(os) != 2 {
		t.Fatalf("due a minute later: %d notices, want 2", len(os))
	}

	// A retry later, then given up: failed comes back until reported.
	mail.Attempts, mail.NextAt = 1, t0.Add(2*time.Minute)
	wantCode(t, db.UpdateOutbound(ctx, mail), "")
	if os := due(t0.Add(time.Minute)); len(os) != 1 || os[0].ID != hook.ID {
		t.Fatalf("after a retry was set: %+v", os)
	}
	mail.Attempts, mail.State = 6, "failed"
	wantCode(t, db.UpdateOutbound(ctx, mail), "")
	hook.State = "sent"
	wantCode(t, db.UpdateOutbound(ctx, hook), "")
	if os := due(t0); len(os) != 1 || os[0].ID != mail.ID || os[0].State != "failed" || os[0].Attempts != 6 || os[0].Reported {
		t.Fatalf("a failure not yet reported: %+v", os)
	}
	mail.Reported = true
	wantCode(t, db.UpdateOutbound(ctx, mail), "")
	if os := due(t0.Add(time.Hour)); len(os) != 0 {
		t.Fatalf("after the failure was reported: %+v", os)
	}
	wantCode(t, db.UpdateOutbound(ctx, &bot.Outbound{ID: 999, State: "sent"}), bot.ENotFound)
	wantCode(t, db.UpdateOutbound(ctx, &bot.Outbound{ID: mail.ID, State: "lost"}), bot.EInvalid)

	// Purging the acknowledged alert takes its notices with it.
	late := &bot.Outbound{AlertID: al.ID, GroupID: g.ID, UserID: "lead-1", Channel: "email", Step: bot.NoticeResend, At: t0, NextAt: t0}
	wantCode(t, db.QueueOutbound(ctx, late), "")
	if err := db.AckAlert(ctx, g.ID, al.ID, "lead-1", "called", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Purge(ctx, g.ID, t0.Add(48*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if os := due(t0.Add(time.Hour)); len(os) != 0 {
		t.Fatalf("notices outlived their alert: %+v", os)
	}
}
