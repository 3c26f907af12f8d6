package bot

import "time"

// Clock tells the time. The core never calls time.Now directly, so tests and
// the demo can run on simulated time.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real clock.
type SystemClock struct{}

// Now returns the current time.
func (SystemClock) Now() time.Time { return time.Now() }

// WaitClock is a Clock that can also wake a waiter once it has advanced by d.
// The scheduler's loop uses it when the configured clock has it, so a fake
// clock drives the loop too; otherwise it waits on real time.
type WaitClock interface {
	Clock
	After(d time.Duration) <-chan time.Time
}

// After waits for real time to pass.
func (SystemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
