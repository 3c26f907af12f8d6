package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/exercises"
)

// testTimes: an instant comes back as the same instant in UTC; the zero
// time stays zero and a time before 1970 is kept.
func testTimes(t *testing.T, db bot.Store) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		at   time.Time
	}{
		{"zone and microseconds", t0},
		{"zero", time.Time{}},
		{"before 1970", time.Date(1969, 7, 20, 20, 17, 0, 1000, time.UTC)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := &bot.Group{Name: tc.name, Platform: "slack", ChannelID: tc.name, TimeZone: "UTC", CreatedAt: tc.at}
			if err := db.CreateGroup(ctx, g, nil); err != nil {
				t.Fatal(err)
			}
			got, err := db.Group(ctx, g.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !got.CreatedAt.Equal(tc.at) || got.CreatedAt.IsZero() != tc.at.IsZero() {
				t.Errorf("CreatedAt = %v, want %v", got.CreatedAt, tc.at)
			}
			if !tc.at.IsZero() && got.CreatedAt.Location() != time.UTC {
				t.Errorf("CreatedAt in %v, want UTC", got.CreatedAt.Location())
			}
		})
	}
}

// testConcurrentWriters: many goroutines writing answers to one run at once
// all succeed, and every answer and participation row is there.
func testConcurrentWriters(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "c1")
	r := mustRun(t, db, g, t0)
	const writers, each = 8, 20
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Go(func() {
			user := fmt.Sprintf("u%d", w)
			for i := range each {
				err := db.SaveAnswer(ctx, &bot.AnswerRecord{RunID: r.ID, UserID: user, StepID: fmt.Sprintf("s%02d", i),
					Answer: exercises.Answer{Scale: i}, AnsweredAt: t0.Add(time.Duration(i) * time.Second)}, bot.StatusPartial)
				if err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if as, err := db.Answers(ctx, r.ID, ""); err != nil || len(as) != writers*each {
		t.Errorf("%d answers stored (%v), want %d", len(as), err, writers*each)
	}
	if ps, err := db.Participation(ctx, r.ID); err != nil || len(ps) != writers {
		t.Errorf("%d participation rows (%v), want %d", len(ps), err, writers)
	}
}
