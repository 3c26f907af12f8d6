package sqlite

import (
	"context"
	"fmt"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/exercises"
)

// BenchmarkSaveAnswer measures one write transaction (answer upsert plus
// participation upsert) with synchronous=FULL, so it is fsync-bound.
func BenchmarkSaveAnswer(b *testing.B) {
	ctx := context.Background()
	db := MustOpen(b)
	g := mustGroup(b, db, "c1")
	r := mustRun(b, db, g, t0, "ann")
	a := &bot.AnswerRecord{RunID: r.ID, UserID: "ann",
		Answer: exercises.Answer{Scale: 3, Choices: []int{1, 2}, Text: "a short reflection"}}
	i := 0
	for b.Loop() {
		a.StepID = fmt.Sprintf("s%d", i%20)
		a.AnsweredAt = t0.Add(time.Duration(i) * time.Second)
		if err := db.SaveAnswer(ctx, a, bot.StatusPartial); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkRunsQuery reads a quarter's runs from a group with two years of
// daily runs among ten groups.
func BenchmarkRunsQuery(b *testing.B) {
	ctx := context.Background()
	db := MustOpen(b)
	const groups, days = 10, 730
	var target *bot.Group
	tx, err := db.beginWrite(ctx)
	if err != nil {
		b.Fatal(err)
	}
	for gi := range groups {
		g := &bot.Group{Name: "g", Platform: "discord", ChannelID: fmt.Sprint(gi), CreatedAt: t0}
		if err := createGroup(ctx, tx, g); err != nil {
			b.Fatal(err)
		}
		if gi == groups/2 {
			target = g
		}
		for d := range days {
			opened := t0.Add(time.Duration(d) * 24 * time.Hour)
			r := &bot.Run{GroupID: g.ID, ExerciseID: "mood", Definition: make([]byte, 512),
				OpenedAt: opened, ClosesAt: opened.Add(24 * time.Hour)}
			if err := insertRun(ctx, tx, r); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	from := t0.Add(300 * 24 * time.Hour)
	to := from.Add(91 * 24 * time.Hour)

	for b.Loop() {
		rs, err := db.Runs(ctx, target.ID, from, to)
		if err != nil {
			b.Fatal(err)
		}
		if len(rs) != 91 {
			b.Fatalf("%d runs, want 91", len(rs))
		}
	}
}
