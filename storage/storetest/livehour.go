package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"groupwork/bot"
)

// testLiveHour covers bot.LiveHourStore: plans move to their session,
// go-arounds and activities round-trip with their turns, a second note
// replaces the first and keeps it, ratings upsert, and /forgetme and the
// retention purge reach all of it.
func testLiveHour(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "c1")
	other := mustGroup(t, db, "c2")

	// Plans: the next session's plan, then attached to the session.
	p := &bot.SessionPlan{GroupID: g.ID, Goal: "Notice one trigger", Topic: "Triggers", Exercises: []string{"mood-checkin"},
		GoAround: "One thing that went well", Activity: "strategy-share", SetBy: "lead-1", SetAt: t0}
	wantCode(t, db.SetSessionPlan(ctx, p), "")
	p.Topic = "Triggers at work" // a second plan for the next session replaces the first
	wantCode(t, db.SetSessionPlan(ctx, p), "")
	wantCode(t, db.SetSessionPlan(ctx, &bot.SessionPlan{GroupID: 9999, SetAt: t0}), bot.ENotFound)
	got, err := db.SessionPlan(ctx, g.ID, 0)
	if err != nil || got.Topic != "Triggers at work" || !reflect.DeepEqual(got.Exercises, p.Exercises) || !got.SetAt.Equal(t0) {
		t.Fatalf("next plan = %+v, %v", got, err)
	}
	_, err = db.SessionPlan(ctx, other.ID, 0)
	wantCode(t, err, bot.ENotFound)
	s := &bot.LiveSession{GroupID: g.ID, StartedAt: t0.Add(time.Hour)}
	wantCode(t, db.StartSession(ctx, s), "")
	wantCode(t, db.AttachSessionPlan(ctx, g.ID, s.ID), "")
	wantCode(t, db.AttachSessionPlan(ctx, other.ID, s.ID), "") // nothing to attach is no error
	_, err = db.SessionPlan(ctx, g.ID, 0)
	wantCode(t, err, bot.ENotFound)
	got, err = db.SessionPlan(ctx, g.ID, s.ID)
	if err != nil || got.Goal != p.Goal {
		t.Fatalf("attached plan = %+v, %v", got, err)
	}
	got.GoalMet, got.Note = bot.GoalPartly, "Good energy."
	wantCode(t, db.SetSessionPlan(ctx, got), "")
	plans, err := db.SessionPlans(ctx, g.ID, time.Time{}, time.Time{})
	if err != nil || len(plans) != 1 || plans[0].GoalMet != bot.GoalPartly || plans[0].Note != "Good energy." {
		t.Fatalf("plans = %+v, %v", plans, err)
	}
	if plans, _ := db.SessionPlans(ctx, g.ID, t0.Add(2*time.Hour), time.Time{}); len(plans) != 0 {
		t.Errorf("plans after the session started: %+v", plans)
	}

	// Go-arounds: turns round-trip in order; ended ones are not active.
	ga := &bot.GoAround{GroupID: g.ID, SessionID: s.ID, Prompt: "How was your week?", Each: 2 * time.Minute,
		Turns:     []bot.GoAroundTurn{{UserID: "ann"}, {UserID: "bob"}, {UserID: "cat"}},
		TurnEnds:  t0.Add(time.Hour + 2*time.Minute),
		Ref:       bot.MessageRef{ChannelID: "c1", MessageID: "m1"},
		StartedBy: "lead-1", StartedAt: t0.Add(time.Hour)}
	wantCode(t, db.SaveGoAround(ctx, ga), "")
	if ga.ID == 0 {
		t.Fatal("go-around has no id")
	}
	ga.Turns[0] = bot.GoAroundTurn{UserID: "ann", Outcome: bot.TurnPassed, At: t0.Add(time.Hour + time.Minute)}
	ga.Pos, ga.Paused, ga.Left, ga.TurnEnds = 1, true, 90*time.Second, time.Time{}
	wantCode(t, db.SaveGoAround(ctx, ga), "")
	active, err := db.GoArounds(ctx, 0, time.Time{}, time.Time{}, true)
	if err != nil || len(active) != 1 {
		t.Fatalf("active = %v, %v", active, err)
	}
	a := active[0]
	if a.Pos != 1 || !a.Paused || a.Left != 90*time.Second || !a.TurnEnds.IsZero() || a.Ref != ga.Ref || len(a.Turns) != 3 ||
		a.Turns[0].Outcome != bot.TurnPassed || !a.Turns[0].At.Equal(ga.Turns[0].At) || a.Turns[2].UserID != "cat" || a.Turns[2].Outcome != "" {
		t.Fatalf("go-around read back as %+v", a)
	}
	end := t0.Add(time.Hour + 10*time.Minute)
	ga.EndedAt = &end
	wantCode(t, db.SaveGoAround(ctx, ga), "")
	if active, _ := db.GoArounds(ctx, g.ID, time.Time{}, time.Time{}, true); len(active) != 0 {
		t.Errorf("an ended go-around is active: %+v", active)
	}
	if all, _ := db.GoArounds(ctx, g.ID, t0, t0.Add(2*time.Hour), false); len(all) != 1 || all[0].EndedAt == nil {
		t.Errorf("go-arounds of the hour = %+v", all)
	}
	wantCode(t, db.SaveGoAround(ctx, &bot.GoAround{ID: 9999, GroupID: g.ID, StartedAt: t0}), bot.ENotFound)

	// Live activities.
	r := mustRun(t, db, g, t0.Add(time.Hour), "ann", "bob")
	la := &bot.LiveActivity{GroupID: g.ID, SessionID: s.ID, RunID: r.ID, Poll: true, StepEnds: t0.Add(70 * time.Minute), Ref: bot.MessageRef{ChannelID: "c1", MessageID: "m2"}}
	wantCode(t, db.SaveLiveActivity(ctx, la), "")
	la.Step, la.NextEdit = 2, t0.Add(65*time.Minute)
	wantCode(t, db.SaveLiveActivity(ctx, la), "")
	las, err := db.ActiveLiveActivities(ctx, g.ID)
	if err != nil || len(las) != 1 || las[0].Step != 2 || !las[0].Poll || las[0].RunID != r.ID || !las[0].NextEdit.Equal(la.NextEdit) || las[0].Ref != la.Ref {
		t.Fatalf("live activities = %+v, %v", las, err)
	}
	la.EndedAt = &end
	wantCode(t, db.SaveLiveActivity(ctx, la), "")
	if las, _ := db.ActiveLiveActivities(ctx, 0); len(las) != 0 {
		t.Errorf("an ended activity is active: %+v", las)
	}
	wantCode(t, db.SaveLiveActivity(ctx, &bot.LiveActivity{GroupID: g.ID, RunID: 9999}), bot.ENotFound)

	// Notes: one current line per member and session; the old one is kept.
	n1 := &bot.SessionNote{GroupID: g.ID, SessionID: s.ID, UserID: "ann", Author: "lead-1", Text: "Quiet today.", At: t0.Add(70 * time.Minute)}
	n2 := &bot.SessionNote{GroupID: g.ID, SessionID: s.ID, UserID: "ann", Author: "lead-1", Text: "Quiet, then spoke up.", At: t0.Add(80 * time.Minute)}
	n3 := &bot.SessionNote{GroupID: g.ID, SessionID: s.ID, UserID: "bob", Author: "lead-1", Text: "Helped Ann.", At: t0.Add(81 * time.Minute)}
	for _, n := range []*bot.SessionNote{n1, n2, n3} {
		wantCode(t, db.AddSessionNote(ctx, n), "")
	}
	notes, err := db.SessionNotes(ctx, g.ID, "ann")
	if err != nil || len(notes) != 2 || notes[0].Text != n1.Text || notes[0].ReplacedAt == nil || !notes[0].ReplacedAt.Equal(n2.At) ||
		notes[1].Text != n2.Text || notes[1].ReplacedAt != nil {
		t.Fatalf("ann's notes = %+v, %v", notes, err)
	}
	if all, _ := db.SessionNotes(ctx, g.ID, ""); len(all) != 3 {
		t.Errorf("group notes = %d, want 3", len(all))
	}

	// Ratings upsert per member and session.
	wantCode(t, db.SetSessionRating(ctx, &bot.SessionRating{SessionID: s.ID, UserID: "ann", Helpful: 3, At: end}), "")
	wantCode(t, db.SetSessionRating(ctx, &bot.SessionRating{SessionID: s.ID, UserID: "ann", Helpful: 4, Connected: 5, At: end}), "")
	wantCode(t, db.SetSessionRating(ctx, &bot.SessionRating{SessionID: s.ID, UserID: "bob", Helpful: 2, Connected: 2, At: end}), "")
	wantCode(t, db.SetSessionRating(ctx, &bot.SessionRating{SessionID: 9999, UserID: "ann", Helpful: 2, At: end}), bot.ENotFound)
	rs, err := db.SessionRatings(ctx, g.ID, time.Time{}, time.Time{})
	if err != nil || len(rs) != 2 || rs[0].UserID != "ann" || rs[0].Helpful != 4 || rs[0].Connected != 5 {
		t.Fatalf("ratings = %+v, %v", rs, err)
	}

	// /forgetme: Ann's notes and ratings go; her turn stays, anonymous.
	if _, err := db.Forget(ctx, g.ID, "ann", "anon-1", true, end); err != nil {
		t.Fatal(err)
	}
	if notes, _ := db.SessionNotes(ctx, g.ID, "ann"); len(notes) != 0 {
		t.Errorf("notes about a forgotten member remain: %+v", notes)
	}
	if rs, _ := db.SessionRatings(ctx, g.ID, time.Time{}, time.Time{}); len(rs) != 1 || rs[0].UserID != "bob" {
		t.Errorf("ratings after forget = %+v", rs)
	}
	all, _ := db.GoArounds(ctx, g.ID, time.Time{}, time.Time{}, false)
	if len(all) != 1 || all[0].Turns[0].UserID != "anon-1" || all[0].Turns[0].Outcome != bot.TurnPassed {
		t.Errorf("turns after forget = %+v", all[0].Turns)
	}
	// Without keeping counts, the turn goes too.
	if _, err := db.Forget(ctx, g.ID, "bob", "anon-2", false, end); err != nil {
		t.Fatal(err)
	}
	all, _ = db.GoArounds(ctx, g.ID, time.Time{}, time.Time{}, false)
	for _, tu := range all[0].Turns {
		if tu.UserID == "bob" || tu.UserID == "anon-2" {
			t.Errorf("a forgotten member's turn remains: %+v", all[0].Turns)
		}
	}
	// The retention purge removes the session's remaining notes and ratings.
	wantCode(t, db.AddSessionNote(ctx, &bot.SessionNote{GroupID: g.ID, SessionID: s.ID, UserID: "cat", Text: "x", At: end}), "")
	wantCode(t, db.SetSessionRating(ctx, &bot.SessionRating{SessionID: s.ID, UserID: "cat", Helpful: 1, At: end}), "")
	if _, err := db.Purge(ctx, g.ID, end.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if notes, _ := db.SessionNotes(ctx, g.ID, ""); len(notes) != 0 {
		t.Errorf("notes after purge: %+v", notes)
	}
	if rs, _ := db.SessionRatings(ctx, g.ID, time.Time{}, time.Time{}); len(rs) != 0 {
		t.Errorf("ratings after purge: %+v", rs)
	}
}
