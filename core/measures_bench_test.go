package core_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/core"
	"groupwork/core/coretest"
)

// phqYear is a group of 8 members who answered the PHQ-9 every two weeks
// for a year (26 runs, about 2,300 item answers), with a weekly session.
func phqYear(b *testing.B) (*coretest.Harness, *bot.Group) {
	h := coretest.NewBot(b)
	h.Do("Tess", "/group create G Europe/Berlin")
	h.Do("Tess", "/group session wednesday 18:00")
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
	items := []string{"q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "difficulty"}
	for w := 0; w < 26; w++ {
		run, err := h.Bot.StartRun(ctx, g, "phq-9", "u-tess")
		if err != nil {
			b.Fatal(err)
		}
		for i, m := range members {
			for j, step := range items {
				v := (i + w + j) % 3
				if step == "q9" {
					v = 0
				}
				h.Bot.Handle(ctx, &bot.Action{EventMeta: h.Meta(m), CustomID: bot.CustomID{Kind: "ans", Ref: run.ID, Step: step, Value: fmt.Sprint(v)}.String()})
			}
		}
		if err := h.Bot.CloseRun(ctx, run); err != nil {
			b.Fatal(err)
		}
		h.Clock.Advance(14 * 24 * time.Hour)
	}
	return h, g
}

// BenchmarkPreSessionBriefPHQYear measures the lead's pre-session brief
// over a year of fortnightly PHQ-9s for 8 members.
func BenchmarkPreSessionBriefPHQYear(b *testing.B) {
	h, g := phqYear(b)
	ctx := context.Background()
	sess := h.Clock.Now().Add(2 * time.Hour)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := h.Bot.PreSessionBrief(ctx, g, sess); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProgressNotePHQYear measures one member's progress note over
// the same year.
func BenchmarkProgressNotePHQYear(b *testing.B) {
	h, g := phqYear(b)
	ctx := context.Background()
	uid := h.User("A1").ID
	all := core.Period{To: h.Clock.Now().Add(time.Nanosecond), Words: "all time"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		pn, err := h.Bot.ProgressNote(ctx, g, uid, all, "dap")
		if err != nil || pn.Text() == "" {
			b.Fatal(err)
		}
	}
}
