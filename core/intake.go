package core

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"groupwork/bot"
)

// Defaults of IntakeLimit: a person may send 20 events at once, then one
// every half second. A member answering a check-in presses a button every
// few seconds, and a double-press only doubles that; a flood of a thousand
// presses gets 20 through, then two a second.
const (
	DefaultIntakeBurst = 20
	DefaultIntakeEvery = 500 * time.Millisecond
)

// SlowDownText is the private answer to an event over a person's limit.
const SlowDownText = "You are going a bit fast — please wait a moment and try again."

// IntakeLimit bounds the events one person may send, on every adapter: a
// token bucket of Burst events that refills one event per Every. Zero
// values mean the defaults; a negative Burst turns the limit off.
type IntakeLimit struct {
	Burst int
	Every time.Duration
}

// intake is the per-person limit on inbound events. It runs before the
// delivery claim, so that a flood costs no write to the store; a refused
// event's delivery id is remembered, so that a platform's repeat of it is
// silent like any repeat.
type intake struct {
	burst int
	every rate.Limit
	clock bot.Clock

	mu      sync.Mutex
	people  map[string]*rate.Limiter // by platform and user id
	refused map[string]bool          // delivery ids refused, recent ones
	order   []string                 // refused ids, oldest first
}

// maxRefusedIDs bounds the refused ids remembered; maxPeople is the size at
// which people whose bucket is full again are forgotten.
const (
	maxRefusedIDs = 4096
	maxPeople     = 4096
)

func newIntake(l IntakeLimit, clock bot.Clock) *intake {
	if l.Burst == 0 {
		l.Burst = DefaultIntakeBurst
	}
	if l.Every <= 0 {
		l.Every = DefaultIntakeEvery
	}
	if l.Burst < 0 {
		return nil
	}
	return &intake{burst: l.Burst, every: rate.Every(l.Every), clock: clock, people: map[string]*rate.Limiter{}, refused: map[string]bool{}}
}

// middleware refuses, with SlowDownText, the events of a person over their
// limit. Presence changes are not counted: they are not pressed, and
// dropping them would lose attendance. Storeless commands (/crisis) never
// reach it: they always answer.
func (in *intake) middleware(next bot.RequestHandler) bot.RequestHandler {
	if in == nil {
		return next
	}
	return func(ctx context.Context, req *bot.Request) (bot.Reply, error) {
		if _, ok := req.Event.(*bot.Presence); ok {
			return next(ctx, req)
		}
		meta := req.Event.Meta()
		switch in.allow(meta) {
		case intakeRepeat:
			return bot.Silence, nil
		case intakeRefused:
			return bot.PrivateText(SlowDownText), nil
		}
		return next(ctx, req)
	}
}

type intakeVerdict int

const (
	intakeAllowed intakeVerdict = iota
	intakeRefused
	intakeRepeat
)

func (in *intake) allow(meta *bot.EventMeta) intakeVerdict {
	now := in.clock.Now()
	in.mu.Lock()
	defer in.mu.Unlock()
	if meta.DeliveryID != "" && in.refused[meta.DeliveryID] {
		return intakeRepeat
	}
	key := meta.Place.Platform + "/" + meta.User.ID
	l, ok := in.people[key]
	if !ok {
		if len(in.people) >= maxPeople {
			in.forgetRested(now)
		}
		l = rate.NewLimiter(in.every, in.burst)
		in.people[key] = l
	}
	if l.AllowN(now, 1) {
		return intakeAllowed
	}
	if meta.DeliveryID != "" {
		in.refused[meta.DeliveryID] = true
		in.order = append(in.order, meta.DeliveryID)
		if len(in.order) > maxRefusedIDs {
			delete(in.refused, in.order[0])
			in.order = in.order[1:]
		}
	}
	return intakeRefused
}

// forgetRested drops the people whose bucket is full again: a fresh one is
// the same.
func (in *intake) forgetRested(now time.Time) {
	for k, l := range in.people {
		if l.TokensAt(now) >= float64(in.burst) {
			delete(in.people, k)
		}
	}
}
