package core_test

import (
	"context"
	"testing"
	"time"

	"groupwork/core"
	"groupwork/core/coretest"
)

// TestRunWakesForSessionReminder: the scheduler's loop wakes when a
// session reminder is due, not up to five minutes (its longest wait)
// later. Fake time jumps to each moment the loop waits for, as in
// TestSchedulerRunLoopOnFakeClock.
func TestRunWakesForSessionReminder(t *testing.T) {
	var h *coretest.Harness
	sentAt := make(chan time.Time, 1)
	h = coretest.NewBot(t, func(c *core.Config) {
		c.SchedulerStep = func(s string) {
			if s == "session-reminded" {
				select {
				case sentAt <- h.Clock.Now():
				default:
				}
			}
		}
	})
	h.Do("Tess", `/group create G Europe/Berlin`)
	h.Do("Tess", "/group add @Ana")
	mustDo(t, h, "Tess", "/group session monday 13:03", "every Monday 13:03")
	mustDo(t, h, "Tess", "/session remind 3h", "3 hours") // due at 10:03 Berlin, three minutes after the harness starts
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- h.Bot.Scheduler().Run(ctx) }()
	deadline := time.After(10 * time.Second)
	var at time.Time
	for sent := false; !sent; {
		h.Clock.AdvanceToNextWaiter()
		select {
		case at = <-sentAt:
			sent = true
		case <-deadline:
			t.Fatalf("no reminder; clock at %s", h.Clock.Now())
		default:
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := at.In(mustZone(t, "Europe/Berlin")).Format("15:04"); got != "10:03" {
		t.Errorf("reminded at %s, want 10:03", got)
	}
}
