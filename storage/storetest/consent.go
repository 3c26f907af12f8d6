package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"groupwork/bot"
)

func testConsent(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "c1")

	t.Run("none recorded", func(t *testing.T) {
		c, err := db.Consent(ctx, g.ID, "ann")
		if err != nil {
			t.Fatal(err)
		}
		if *c != (bot.Consent{GroupID: g.ID, UserID: "ann", State: bot.ConsentNone}) {
			t.Errorf("Consent = %+v, want state none", c)
		}
	})

	for _, tc := range []struct {
		name string
		c    bot.Consent
		code string
	}{
		{"accept", bot.Consent{GroupID: g.ID, UserID: "ann", State: bot.ConsentAccepted, Version: "v1", DecidedAt: t0}, ""},
		{"later decline replaces", bot.Consent{GroupID: g.ID, UserID: "ann", State: bot.ConsentDeclined, Version: "v2", DecidedAt: t0.Add(time.Hour)}, ""},
		{"unknown state", bot.Consent{GroupID: g.ID, UserID: "bob", State: "maybe", DecidedAt: t0}, bot.EInvalid},
		{"unknown group", bot.Consent{GroupID: 9999, UserID: "bob", State: bot.ConsentAccepted, DecidedAt: t0}, bot.ENotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := db.SetConsent(ctx, &tc.c)
			wantCode(t, err, tc.code)
			if err != nil {
				return
			}
			got, err := db.Consent(ctx, tc.c.GroupID, tc.c.UserID)
			if err != nil {
				t.Fatal(err)
			}
			if got.State != tc.c.State || got.Version != tc.c.Version || !got.DecidedAt.Equal(tc.c.DecidedAt) {
				t.Errorf("Consent = %+v, want %+v", got, tc.c)
			}
		})
	}
}

func testLeaves(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "c1")
	day := 24 * time.Hour

	for _, tc := range []struct {
		name string
		l    bot.Leave
		code string
	}{
		{"second week", bot.Leave{GroupID: g.ID, UserID: "ann", From: t0.Add(7 * day), To: t0.Add(14 * day)}, ""},
		{"first week", bot.Leave{GroupID: g.ID, UserID: "bob", From: t0, To: t0.Add(7 * day)}, ""},
		{"ends before start", bot.Leave{GroupID: g.ID, UserID: "bob", From: t0, To: t0.Add(-day)}, bot.EInvalid},
		{"unknown group", bot.Leave{GroupID: 9999, UserID: "bob", From: t0, To: t0.Add(day)}, bot.ENotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantCode(t, db.AddLeave(ctx, &tc.l), tc.code)
		})
	}

	t.Run("list by start", func(t *testing.T) {
		ls, err := db.Leaves(ctx, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ls) != 2 || ls[0].UserID != "bob" || ls[1].UserID != "ann" {
			t.Fatalf("Leaves = %+v, want bob then ann", ls)
		}
		if !ls[1].From.Equal(t0.Add(7*day)) || !ls[1].To.Equal(t0.Add(14*day)) || ls[1].GroupID != g.ID {
			t.Errorf("ann's leave = %+v", ls[1])
		}
	})
}

func testConsentHistory(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "ch")
	for i, st := range []bot.ConsentState{bot.ConsentDeclined, bot.ConsentAccepted, bot.ConsentDeclined, bot.ConsentAccepted} {
		if err := db.SetConsent(ctx, &bot.Consent{GroupID: g.ID, UserID: "ann", State: st, Version: "v1", DecidedAt: t0.Add(time.Duration(i) * time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SetConsent(ctx, &bot.Consent{GroupID: g.ID, UserID: "bob", State: bot.ConsentAccepted, Version: "v1", DecidedAt: t0}); err != nil {
		t.Fatal(err)
	}
	hist, err := db.ConsentHistory(ctx, g.ID, "ann")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range hist {
		got = append(got, string(c.State)+"@"+c.DecidedAt.Sub(t0).String())
	}
	if want := "declined@0s accepted@1h0m0s declined@2h0m0s accepted@3h0m0s"; strings.Join(got, " ") != want {
		t.Errorf("history = %q, want %q", strings.Join(got, " "), want)
	}
	if hist, _ := db.ConsentHistory(ctx, g.ID, "nobody"); len(hist) != 0 {
		t.Errorf("history of someone without decisions: %+v", hist)
	}
}
