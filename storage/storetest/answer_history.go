package storetest

import (
	"context"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/exercises"
)

// testAnswerVersionsKeepWhatWasSaid: a changed answer keeps every earlier
// version with its time; a share decision or the same answer again is not
// a new version and does not move the time of what was said; the current
// answer is the latest version.
func testAnswerVersionsKeepWhatWasSaid(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "c1")
	r := mustRun(t, db, g, t0, "ann", "bob")
	save := func(at time.Duration, a exercises.Answer) *bot.AnswerRecord {
		t.Helper()
		rec := &bot.AnswerRecord{RunID: r.ID, UserID: "ann", StepID: "mood", Answer: a, AnsweredAt: t0.Add(at)}
		if err := db.SaveAnswer(ctx, rec, bot.StatusAnswered); err != nil {
			t.Fatal(err)
		}
		return rec
	}
	v1 := save(time.Minute, exercises.Answer{Scale: 1})
	v2 := save(2*time.Minute, exercises.Answer{Scale: 8})
	same := save(3*time.Minute, exercises.Answer{Scale: 8, Shared: true}) // a share decision
	again := save(4*time.Minute, exercises.Answer{Scale: 8, Shared: true})
	if v1.Version == 0 || v2.Version == v1.Version || same.Version != v2.Version || again.Version != v2.Version {
		t.Fatalf("versions %d, %d, share %d, again %d", v1.Version, v2.Version, same.Version, again.Version)
	}
	if !same.AnsweredAt.Equal(t0.Add(2 * time.Minute)) {
		t.Errorf("a share decision moved the time of what was said to %v", same.AnsweredAt)
	}
	cur, err := db.Answers(ctx, r.ID, "ann")
	if err != nil || len(cur) != 1 || cur[0].Answer.Scale != 8 || !cur[0].Answer.Shared || !cur[0].AnsweredAt.Equal(t0.Add(2*time.Minute)) {
		t.Fatalf("current answer %+v, %v", cur, err)
	}
	// bob answered once: not in the history of changed answers.
	if err := db.SaveAnswer(ctx, &bot.AnswerRecord{RunID: r.ID, UserID: "bob", StepID: "mood", Answer: exercises.Answer{Scale: 5}, AnsweredAt: t0}, bot.StatusAnswered); err != nil {
		t.Fatal(err)
	}
	hist, err := db.AnswerHistory(ctx, g.ID, "", time.Time{}, time.Time{})
	if err != nil || len(hist) != 2 {
		t.Fatalf("history %+v, %v", hist, err)
	}
	if hist[0].Answer.Scale != 1 || !hist[0].AnsweredAt.Equal(t0.Add(time.Minute)) || hist[1].Answer.Scale != 8 || hist[1].Answer.Shared {
		t.Errorf("history %+v %+v", hist[0], hist[1])
	}
	if h, _ := db.AnswerHistory(ctx, g.ID, "bob", time.Time{}, time.Time{}); len(h) != 0 {
		t.Errorf("bob's unchanged answer has a history: %+v", h)
	}
	if v, err := db.AnswerVersion(ctx, v1.Version); err != nil || v.Answer.Scale != 1 || v.UserID != "ann" {
		t.Errorf("version %d: %+v, %v", v1.Version, v, err)
	}
}
