package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/exercises"
)

func testLiveSessions(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "c1")
	other := mustGroup(t, db, "c2")

	s1 := &bot.LiveSession{GroupID: g.ID, StartedAt: t0, StartedBy: "tess", VoiceChannelID: "v1", Grace: 5 * time.Minute}
	wantCode(t, db.StartSession(ctx, s1), "")
	wantCode(t, db.StartSession(ctx, &bot.LiveSession{GroupID: g.ID, StartedAt: t0.Add(time.Minute)}), bot.EConflict)
	wantCode(t, db.StartSession(ctx, &bot.LiveSession{GroupID: 9999, StartedAt: t0}), bot.ENotFound)
	wantCode(t, db.StartSession(ctx, &bot.LiveSession{GroupID: other.ID, StartedAt: t0}), "") // one open per group

	open, err := db.OpenSession(ctx, g.ID)
	want := *s1
	want.StartedAt = s1.StartedAt.UTC()
	if err != nil || !reflect.DeepEqual(*open, want) {
		t.Fatalf("open session %+v %v, want %+v", open, err, s1)
	}
	// Presence: one long before (pruned at the end), one in the lookback, one during.
	for _, p := range []*bot.PresenceRecord{
		{GroupID: g.ID, UserID: "ann", VoiceChannelID: "v1", Joined: true, At: t0.Add(-10 * time.Hour)},
		{GroupID: g.ID, UserID: "ann", VoiceChannelID: "v1", Joined: false, At: t0.Add(-9 * time.Hour)},
		{GroupID: g.ID, UserID: "bob", VoiceChannelID: "v1", Joined: true, At: t0.Add(-time.Hour)},
		{GroupID: g.ID, UserID: "ann", VoiceChannelID: "v1", Joined: true, At: t0.Add(10 * time.Minute)},
	} {
		wantCode(t, db.AddPresence(ctx, p), "")
	}
	wantCode(t, db.AddPresence(ctx, &bot.PresenceRecord{GroupID: 9999, UserID: "x", At: t0}), bot.ENotFound)
	ended, err := db.EndSession(ctx, g.ID, t0.Add(90*time.Minute))
	if err != nil || ended.EndedAt == nil || !ended.EndedAt.Equal(t0.Add(90*time.Minute)) {
		t.Fatalf("end: %+v %v", ended, err)
	}
	_, err = db.EndSession(ctx, g.ID, t0.Add(2*time.Hour))
	wantCode(t, err, bot.ENotFound)
	_, err = db.OpenSession(ctx, g.ID)
	wantCode(t, err, bot.ENotFound)
	pres, err := db.PresenceBetween(ctx, g.ID, time.Time{}, time.Time{})
	if err != nil || len(pres) != 2 || pres[0].UserID != "bob" || pres[1].UserID != "ann" {
		t.Errorf("presence after the prune: %+v %v", pres, err)
	}

	// A group without sessions keeps only the last few hours of presence.
	wantCode(t, db.AddPresence(ctx, &bot.PresenceRecord{GroupID: other.ID, UserID: "zed", Joined: true, At: t0.Add(-48 * time.Hour)}), "")
	wantCode(t, db.AddPresence(ctx, &bot.PresenceRecord{GroupID: other.ID, UserID: "zed", Joined: false, At: t0.Add(-47 * time.Hour)}), "")
	if _, err := db.EndSession(ctx, other.ID, t0); err != nil { // its session started at t0: the earlier records are not in it
		t.Fatal(err)
	}
	wantCode(t, db.AddPresence(ctx, &bot.PresenceRecord{GroupID: other.ID, UserID: "zed", Joined: true, At: t0.Add(48 * time.Hour)}), "")
	if pres, _ := db.PresenceBetween(ctx, other.ID, time.Time{}, time.Time{}); len(pres) != 1 || !pres[0].At.Equal(t0.Add(48*time.Hour)) {
		t.Errorf("presence of the other group: %+v", pres)
	}

	wantCode(t, db.SetAttendanceMark(ctx, &bot.AttendanceMark{SessionID: s1.ID, UserID: "cy", Status: bot.AttendLate, MarkedBy: "tess", At: t0}), "")
	wantCode(t, db.SetAttendanceMark(ctx, &bot.AttendanceMark{SessionID: s1.ID, UserID: "cy", Status: bot.AttendPresent, MarkedBy: "tess", At: t0}), "")
	wantCode(t, db.SetAttendanceMark(ctx, &bot.AttendanceMark{SessionID: 9999, UserID: "cy", Status: bot.AttendPresent, At: t0}), bot.ENotFound)
	wantCode(t, db.SetAttendanceMark(ctx, &bot.AttendanceMark{SessionID: s1.ID, UserID: "cy", Status: "asleep", At: t0}), bot.EInvalid)
	marks, err := db.AttendanceMarks(ctx, g.ID, time.Time{}, time.Time{})
	if err != nil || len(marks) != 1 || marks[0].Status != bot.AttendPresent {
		t.Errorf("marks %+v %v", marks, err)
	}
	if marks, _ := db.AttendanceMarks(ctx, g.ID, t0.Add(time.Hour), time.Time{}); len(marks) != 0 {
		t.Errorf("marks outside the period: %+v", marks)
	}
	all, err := db.LiveSessions(ctx, g.ID, time.Time{}, time.Time{})
	if err != nil || len(all) != 1 || all[0].ID != s1.ID || all[0].Grace != 5*time.Minute {
		t.Errorf("sessions %+v %v", all, err)
	}
}

func testGroupParticipationAndAnswers(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "c1")
	other := mustGroup(t, db, "c2")
	day := 24 * time.Hour
	r1 := mustRun(t, db, g, t0, "ann", "bob")
	r2 := mustRun(t, db, g, t0.Add(day), "ann")
	mustRun(t, db, other, t0, "zed")
	answers := []exercises.Answer{{Scale: 7}, {Scale: 10}, {Scale: -3}, {Choices: []int{1, 2}}, {Text: "words"}, {Skipped: true}, {Scale: 4, Shared: true}}
	for i, a := range answers {
		run := r1
		if i%2 == 1 {
			run = r2
		}
		rec := &bot.AnswerRecord{RunID: run.ID, UserID: "ann", StepID: string(rune('a' + i)), Answer: a, AnsweredAt: t0.Add(time.Duration(i) * time.Minute)}
		wantCode(t, db.SaveAnswer(ctx, rec, bot.StatusAnswered), "")
	}
	ps, err := db.GroupParticipation(ctx, g.ID, time.Time{}, time.Time{})
	if err != nil || len(ps) != 3 || ps[0].RunID != r1.ID || ps[2].RunID != r2.ID {
		t.Errorf("participation %+v %v", ps, err)
	}
	ps, _ = db.GroupParticipation(ctx, g.ID, t0.Add(time.Hour), time.Time{})
	if len(ps) != 1 {
		t.Errorf("participation from day 2: %d rows", len(ps))
	}
	as, err := db.GroupAnswers(ctx, g.ID, time.Time{}, time.Time{})
	if err != nil || len(as) != len(answers) {
		t.Fatalf("answers %d %v", len(as), err)
	}
	got := map[string]exercises.Answer{}
	for _, a := range as {
		got[a.StepID] = a.Answer
	}
	for i, want := range answers {
		if g := got[string(rune('a'+i))]; !reflect.DeepEqual(g, want) {
			t.Errorf("answer %d: got %+v, want %+v", i, g, want)
		}
	}
	if as, _ := db.GroupAnswers(ctx, g.ID, time.Time{}, t0.Add(time.Hour)); len(as) != 4 {
		t.Errorf("answers of day 1: %d", len(as))
	}
}
