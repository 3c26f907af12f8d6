package core

import (
	"testing"
	"time"

	"groupwork/bot"
)

// BenchmarkNextRhythm: one next-fire computation of an n-weekly rule and a
// monthly rule in a zone with DST.
func BenchmarkNextRhythm(b *testing.B) {
	loc, _ := time.LoadLocation("Europe/Berlin")
	for _, rule := range []string{"every 3 weeks on monday and thursday 9:00 from 2026-01-05", "last friday of the month 17:00", "every wednesday 18:00"} {
		w, err := ParseWhen(rule)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(rule, func(b *testing.B) {
			t := time.Date(2026, 3, 1, 0, 0, 0, 0, loc)
			for b.Loop() {
				t = w.Next(t, loc, nil)
			}
		})
	}
}

// BenchmarkSessionPlanNext: the next session with a year of moves and
// cancellations, the cost every session-relative rule pays per fire.
func BenchmarkSessionPlanNext(b *testing.B) {
	base := time.Date(2026, 1, 7, 18, 0, 0, 0, time.UTC)
	var changes []*bot.SessionChange
	for i := range 52 {
		d := base.AddDate(0, 0, 7*i)
		c := &bot.SessionChange{Day: d.Format(time.DateOnly)}
		if i%2 == 0 {
			c.MovedTo = d.AddDate(0, 0, 1)
		}
		changes = append(changes, c)
	}
	p := newSessionPlan(&bot.SessionTime{Weekday: time.Wednesday, Hour: 18}, changes)
	g := base
	for b.Loop() {
		o, ok := p.nextAfter(g)
		if !ok {
			g = base
			continue
		}
		g = o.start
	}
}

// BenchmarkWriteICal: a year of weekly sessions and daily exercises.
func BenchmarkWriteICal(b *testing.B) {
	var evs []icalEvent
	t := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	for i := range 52 * 8 {
		evs = append(evs, icalEvent{UID: "exercise-1-" + t.Format("20060102"), Summary: "Tuesday group: Between-session check-in, with a long enough title to fold",
			Description: "Exercise mood-checkin, posted by schedule 1 (every day at 09:00), open for 24 hours.", Start: t, End: t.Add(24 * time.Hour)})
		t = t.Add(time.Duration(i%3+20) * time.Hour)
	}
	b.ResetTimer()
	for b.Loop() {
		writeICal("Tuesday group", t, evs)
	}
}
