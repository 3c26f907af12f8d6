// Package coretest is the test harness for the core: a recording fake
// adapter, a fake clock and NewBot, which wires a real core to a real SQLite
// file in the test's temporary directory. Most behaviour is tested as a
// transcript: people type commands and press buttons by label, and the test
// reads what they saw.
package coretest

import (
	"time"

	"groupwork/bot"
)

// Clock is the core's manual clock, under the name tests use.
type Clock = bot.ManualClock

// NewClock returns a clock stopped at t.
func NewClock(t time.Time) *Clock { return bot.NewManualClock(t) }
