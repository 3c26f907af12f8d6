package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"groupwork/bot"
)

func testAudit(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "c1")
	other := mustGroup(t, db, "c2")
	at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }

	recs := []*bot.AuditRecord{
		{GroupID: g.ID, ActorID: "lead-1", Action: "review group", Subjects: []string{"ann", "bob"}, At: at(1)},
		{GroupID: g.ID, ActorID: "lead-1", Action: "review member", Subjects: []string{"ann"}, At: at(2)},
		{GroupID: g.ID, ActorID: "bob", Action: "mydata", Subjects: []string{"bob"}, At: at(3)},
		{GroupID: other.ID, ActorID: "lead-1", Action: "review member", Subjects: []string{"ann"}, At: at(4)},
		{GroupID: g.ID, ActorID: "lead-1", Action: "review group", At: at(5)}, // nil subjects
		{GroupID: g.ID, ActorID: "lead-1", Action: "review member", Subjects: []string{"annie"}, At: at(6)},
	}
	for i, r := range recs {
		if err := db.AddAudit(ctx, r); err != nil {
			t.Fatalf("AddAudit %d: %v", i, err)
		}
		if r.ID == 0 {
			t.Fatalf("AddAudit %d did not set ID", i)
		}
	}
	t.Run("unknown group", func(t *testing.T) {
		wantCode(t, db.AddAudit(ctx, &bot.AuditRecord{GroupID: 9999, ActorID: "x", Action: "mydata", At: t0}), bot.ENotFound)
	})

	for _, tc := range []struct {
		name    string
		groupID int64
		user    string
		want    []int64
	}{
		{"ann, newest first", g.ID, "ann", []int64{recs[1].ID, recs[0].ID}},
		{"bob", g.ID, "bob", []int64{recs[2].ID, recs[0].ID}},
		{"ann in other group", other.ID, "ann", []int64{recs[3].ID}},
		{"nobody", g.ID, "cy", nil},
		{"no substring match", g.ID, "an", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rs, err := db.AuditAbout(ctx, tc.groupID, tc.user)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, r := range rs {
				got = append(got, r.ID)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("AuditAbout = %v, want %v", got, tc.want)
			}
		})
	}
	t.Run("fields round-trip", func(t *testing.T) {
		rs, err := db.AuditAbout(ctx, g.ID, "bob")
		if err != nil {
			t.Fatal(err)
		}
		got, want := rs[1], recs[0]
		if got.GroupID != want.GroupID || got.ActorID != want.ActorID || got.Action != want.Action ||
			!reflect.DeepEqual(got.Subjects, want.Subjects) || !got.At.Equal(want.At) {
			t.Errorf("got %+v, want %+v", got, want)
		}
	})
}
