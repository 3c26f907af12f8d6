// Package bottest is the test harness for the core: a recording fake
// adapter, a fake clock and NewBot, which wires a real core to a real SQLite
// file in the test's temporary directory. Most behaviour is tested as a
// transcript: people type commands and press buttons by label, and the test
// reads what they saw.
package bottest

import (
	"sync"
	"time"
)

// Clock is a settable clock. It is safe for concurrent use.
type Clock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []waiter
}

type waiter struct {
	at time.Time
	ch chan time.Time
}

// NewClock returns a clock stopped at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	c.fire()
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
	c.fire()
}

// After returns a channel that receives the clock's time once Advance or
// Set has moved it d or more past now (at once when d <= 0). It makes the
// clock a bot.WaitClock, so the scheduler's loop runs on fake time.
func (c *Clock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	c.waiters = append(c.waiters, waiter{at: c.now.Add(d), ch: ch})
	c.fire()
	return ch
}

// AdvanceToNextWaiter moves the clock to the earliest deadline of a
// pending After and fires what is due then, as time passing would; it
// reports false (and does nothing) when nothing waits.
func (c *Clock) AdvanceToNextWaiter() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.waiters) == 0 {
		return false
	}
	next := c.waiters[0].at
	for _, w := range c.waiters[1:] {
		if w.at.Before(next) {
			next = w.at
		}
	}
	if next.After(c.now) {
		c.now = next
	}
	c.fire()
	return true
}

// Waiters returns how many After channels have not fired yet.
func (c *Clock) Waiters() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.waiters)
}

// fire delivers to the waiters that are due; c.mu is held.
func (c *Clock) fire() {
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if !w.at.After(c.now) {
			w.ch <- c.now
		} else {
			kept = append(kept, w)
		}
	}
	c.waiters = kept
}
