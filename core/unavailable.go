package core

import (
	"context"
	"errors"

	"groupwork/bot"
)

// unavailableText is what everyone but /crisis is told while the database
// cannot be opened.
const unavailableText = "Sorry, groupwork is not available right now, so I could not do that, and nothing was saved. Please try again later. If you need help now, type /crisis."

// errStoreDown is what the stand-in store of an unavailable bot returns.
var errStoreDown = errors.New("the database could not be opened")

// downStore stands in for the store of an unavailable bot. The middleware
// of such a bot answers every event that needs a store before it is
// reached; the one lookup /crisis tries fails at once. Any other method is
// a programming error and panics (nil interface), which Recover reports.
type downStore struct{ bot.Store }

func (downStore) GroupByChannel(context.Context, string, string) (*bot.Group, error) {
	return nil, errStoreDown
}

// NewUnavailable returns a bot for when the database cannot be opened
// (cause, for the operator's log): /crisis answers from the built-in table
// and configuration; every other command, button and form is told plainly
// that the service is unavailable and nothing was saved. cfg.Store is
// ignored. The bot runs no schedules: callers must not start its
// scheduler (see Unavailable).
func NewUnavailable(cfg Config, cause error) (*Bot, error) {
	if cause == nil {
		cause = errStoreDown
	}
	cfg.Store = downStore{}
	b, err := New(cfg)
	if err != nil {
		return nil, err
	}
	b.down = cause
	// Storeless commands skip this chain; everything else stops here.
	mw := append(cfg.Middleware[:len(cfg.Middleware):len(cfg.Middleware)], bot.Recover(b.log), bot.Log(b.log, b.clock), b.refuseUnavailable)
	b.router.SetMiddleware(mw...)
	return b, nil
}

// Unavailable returns why the bot serves /crisis only, or nil for a bot
// with a working store.
func (b *Bot) Unavailable() error { return b.down }

func (b *Bot) refuseUnavailable(next bot.RequestHandler) bot.RequestHandler {
	return func(ctx context.Context, req *bot.Request) (bot.Reply, error) {
		if _, ok := req.Event.(*bot.Presence); ok {
			return bot.Reply{}, nil // voice presence: nothing to record, nobody to answer
		}
		return bot.PrivateText(unavailableText), nil
	}
}
