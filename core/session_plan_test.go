package core

import (
	"testing"
	"time"

	"groupwork/bot"
)

// FuzzSessionPlan: with any moves (up to 14 days either way) and
// cancellations of the weekly session, nextAfter returns exactly the
// earliest actual session start after g, as listing every occurrence
// says, and never one that was cancelled.
func FuzzSessionPlan(f *testing.F) {
	f.Add(int64(0), []byte{0, 1, 2, 3})
	f.Add(int64(86400*3), []byte{5, 200, 7, 0, 9, 255})
	f.Add(int64(-86400*10), []byte{1, 1, 1, 1, 1, 1, 1, 1})
	weekly := &bot.SessionTime{Weekday: time.Wednesday, Hour: 18}
	base := time.Date(2026, 11, 4, 18, 0, 0, 0, time.UTC) // a Wednesday session
	f.Fuzz(func(t *testing.T, shift int64, ops []byte) {
		if len(ops) > 40 {
			ops = ops[:40]
		}
		var changes []*bot.SessionChange
		for i := 0; i+1 < len(ops); i += 2 {
			day := base.AddDate(0, 0, 7*int(ops[i]%12))
			c := &bot.SessionChange{Day: day.Format(time.DateOnly)}
			if ops[i+1] != 0 { // move by -14..+14 days in hours
				h := int(ops[i+1])%(2*14*24+1) - 14*24
				c.MovedTo = day.Add(time.Duration(h) * time.Hour)
			}
			changes = append(changes, c)
		}
		p := newSessionPlan(weekly, changes)
		g := base.Add(time.Duration(shift%(86400*60)) * time.Second)
		// every actual start from regular sessions in a wide window
		var want time.Time
		for a := base.AddDate(0, 0, -7*20); a.Before(base.AddDate(0, 0, 7*40)); a = a.AddDate(0, 0, 7) {
			if o, ok := p.at(a); ok && o.start.After(g) && (want.IsZero() || o.start.Before(want)) {
				want = o.start
			}
		}
		got, ok := p.nextAfter(g)
		if !ok || !got.start.Equal(want) {
			t.Fatalf("after %v: got %v (%v), want %v", g, got.start, ok, want)
		}
		if c, cancelled := p.changes[got.day]; cancelled && c.MovedTo.IsZero() {
			t.Fatalf("returned the cancelled session of %s", got.day)
		}
	})
}
