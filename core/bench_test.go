package core_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/core/coretest"
)

// BenchmarkAnswerButton measures one member pressing an answer button, from
// the event to the reply: dedupe claim, checks, the answer write and the
// next screen.
func BenchmarkAnswerButton(b *testing.B) {
	h := coretest.NewBot(b)
	h.Do("Tess", "/group create G")
	h.Do("Tess", "/group add @Ana")
	h.Do("Ana", "/privacy accept")
	h.Do("Tess", "/exercise start mood-checkin")
	h.Press("Ana", "Start")
	id := bot.CustomID{Kind: "ans", Ref: 1, Step: "mood", Value: "6"}.String()
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ev := &bot.Action{EventMeta: h.Meta("Ana"), CustomID: id}
		if rep := h.Bot.Handle(ctx, ev); rep.Message == nil {
			b.Fatal("no reply")
		}
	}
}

// BenchmarkReviewGroupYear measures /review group's computation over a
// year of weekly check-ins for 8 members (52 runs, 416 participation rows,
// about 1,700 answers).
func BenchmarkReviewGroupYear(b *testing.B) {
	h := coretest.NewBot(b)
	h.Do("Tess", "/group create G")
	members := []string{"A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8"}
	for _, m := range members {
		h.Do("Tess", "/group add @"+m)
		h.Do(m, "/privacy accept")
	}
	ctx := context.Background()
	g, err := h.Store.GroupByChannel(ctx, coretest.Platform, h.Channel)
	if err != nil {
		b.Fatal(err)
	}
	for w := 0; w < 52; w++ {
		run, err := h.Bot.StartRun(ctx, g, "mood-checkin", "u-tess")
		if err != nil {
			b.Fatal(err)
		}
		for i, m := range members[:6+w%3] {
			for _, step := range []string{"mood", "energy"} {
				h.Bot.Handle(ctx, &bot.Action{EventMeta: h.Meta(m), CustomID: bot.CustomID{Kind: "ans", Ref: run.ID, Step: step, Value: fmt.Sprint(1 + (i+w)%5)}.String()})
			}
			h.Bot.Handle(ctx, &bot.Action{EventMeta: h.Meta(m), CustomID: bot.CustomID{Kind: "skip", Ref: run.ID, Step: "strategy"}.String()})
			h.Bot.Handle(ctx, &bot.Action{EventMeta: h.Meta(m), CustomID: bot.CustomID{Kind: "skip", Ref: run.ID, Step: "note"}.String()})
		}
		h.Clock.Advance(7 * 24 * time.Hour)
		if err := h.Bot.CloseDue(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rv, err := h.Bot.BuildGroupReview(ctx, g, time.Time{}, time.Time{})
		if err != nil {
			b.Fatal(err)
		}
		if len(rv.Runs) != 52 {
			b.Fatalf("runs: %d", len(rv.Runs))
		}
		_ = rv.Text()
	}
}
