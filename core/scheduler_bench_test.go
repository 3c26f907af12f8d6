package core_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/core"
	"groupwork/core/coretest"
	"groupwork/exercises"
	"groupwork/storage/sqlite/sqlitetest"
)

// benchSchedules stores 100 groups of 100 "daily 08:00" schedules (10,000),
// all due at the same minute, and returns a bot on a fake clock.
func benchSchedules(b *testing.B, n int) (*core.Bot, *coretest.Clock, time.Time) {
	b.Helper()
	ctx := context.Background()
	db := sqlitetest.Open(b)
	loc, _ := time.LoadLocation("Europe/Berlin")
	first := time.Date(2026, 11, 3, 8, 0, 0, 0, loc)
	start := first.Add(-time.Hour)
	var g *bot.Group
	for i := range n {
		if i%100 == 0 {
			g = &bot.Group{Name: "G", Platform: coretest.Platform, ChannelID: fmt.Sprintf("c%d", i), TimeZone: "Europe/Berlin", CreatedAt: start}
			if err := db.CreateGroup(ctx, g, &bot.Membership{UserID: "lead", Role: bot.RoleLead, JoinedAt: start}); err != nil {
				b.Fatal(err)
			}
		}
		if err := db.AddSchedule(ctx, &bot.Schedule{GroupID: g.ID, ExerciseID: "mood-checkin", When: "daily 08:00", CreatedAt: start, NextAt: first}); err != nil {
			b.Fatal(err)
		}
	}
	clock := coretest.NewClock(start)
	bt, err := core.New(core.Config{Store: db, Library: exercises.Builtin(), Clock: clock})
	if err != nil {
		b.Fatal(err)
	}
	bt.AddAdapter(coretest.NewAdapter(coretest.Platform))
	return bt, clock, first
}

// BenchmarkClaim10000SameMinute measures computing and recording the fires
// of 10,000 schedules due in the same minute (one op = all 10,000).
func BenchmarkClaim10000SameMinute(b *testing.B) {
	const n = 10000
	bt, clock, first := benchSchedules(b, n)
	ctx := context.Background()
	day := 0
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		clock.Set(first.AddDate(0, 0, day).Add(30 * time.Second))
		day++
		if err := bt.Scheduler().ClaimDue(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/n, "µs/fire")
	b.ReportMetric(float64(int64(after.HeapInuse)-int64(before.HeapInuse))/1024, "retained-KiB")
}

// BenchmarkTick10000SameMinute measures a whole pass that claims, opens and
// posts 10,000 fires due in the same minute (no members, fake adapter).
func BenchmarkTick10000SameMinute(b *testing.B) {
	const n = 10000
	bt, clock, first := benchSchedules(b, n)
	ctx := context.Background()
	day := 0
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		clock.Set(first.AddDate(0, 0, day).Add(30 * time.Second))
		day++
		if err := bt.Scheduler().Tick(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/n, "µs/fire")
}
