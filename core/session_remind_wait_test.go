package core_test

import (
	"context"
	"runtime"
	"testing"
	"time"

	"groupwork/core/coretest"
)

// TestRunWakesForSessionReminder: the scheduler's loop waits exactly until
// a session reminder is due, not up to five minutes (its longest wait)
// longer. The loop's first wait is read from the fake clock: the earliest
// pending timer, before any time passes.
func TestRunWakesForSessionReminder(t *testing.T) {
	h := coretest.NewBot(t)
	h.Do("Tess", `/group create G Europe/Berlin`)
	h.Do("Tess", "/group add @Ana")
	mustDo(t, h, "Tess", "/group session monday 13:03", "every Monday 13:03")
	mustDo(t, h, "Tess", "/session remind 3h", "3 hours") // due at 10:03 Berlin, three minutes after the harness starts
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- h.Bot.Scheduler().Run(ctx) }()
	deadline := time.After(10 * time.Second)
	for h.Clock.Waiters() == 0 {
		select {
		case <-deadline:
			t.Fatal("the loop never waited")
		default:
			runtime.Gosched()
		}
	}
	h.Clock.AdvanceToNextWaiter() // to the earliest deadline: the loop's first wait
	at := h.Clock.Now()
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := at.In(mustZone(t, "Europe/Berlin")).Format("15:04"); got != "10:03" {
		t.Errorf("the loop first waited until %s, want 10:03", got)
	}
}
