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
