package ops

import (
	"context"
	"time"

	"groupwork/bot"
)

// Handler counts every event h handles by platform, kind and outcome,
// and times it into the ack-latency histogram: from the adapter handing
// the event over to the reply being ready for its acknowledgement. Give
// it to the adapters in place of the bot. It sees every event, /crisis
// included, even when the bot runs without its database; the outcome's
// error code comes from Middleware, which core.Config.Middleware puts
// outside the core's own middleware.
func (m *Metrics) Handler(h bot.Handler) bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, ev bot.Event) bot.Reply {
		start := time.Now()
		slot := new(string)
		rep := h.Handle(context.WithValue(ctx, outcomeKey{}, slot), ev)
		outcome := *slot
		switch {
		case outcome != "":
		case rep.Silent:
			outcome = "duplicate"
		default:
			outcome = "ok"
		}
		platform, kind := platformLabel(ev.Meta().Place.Platform), kindLabel(ev)
		m.events.WithLabelValues(platform, kind, outcome).Inc()
		m.ack.WithLabelValues(platform, kind).Observe(time.Since(start).Seconds())
		return rep
	})
}

// outcomeKey marks the slot where Middleware leaves a failed event's
// error code for Handler; the router turns errors into replies, so the
// code is not visible from outside it.
type outcomeKey struct{}

// Middleware notes the error code of a failed event for Handler. Without
// Handler around the bot it does nothing.
func (m *Metrics) Middleware(next bot.RequestHandler) bot.RequestHandler {
	return func(ctx context.Context, req *bot.Request) (bot.Reply, error) {
		rep, err := next(ctx, req)
		if slot, ok := ctx.Value(outcomeKey{}).(*string); ok && err != nil {
			*slot = codeLabel(bot.ErrorCode(err))
		}
		return rep, err
	}
}

// The label values below come from fixed sets: whatever an event carries,
// a label never holds an id, a name or text.

func platformLabel(p string) string {
	switch p {
	case "discord", "slack", "shell":
		return p
	}
	return "other"
}

func kindLabel(ev bot.Event) string {
	switch ev.(type) {
	case *bot.Command:
		return "command"
	case *bot.Action:
		return "action"
	case *bot.Submit:
		return "submit"
	case *bot.Presence:
		return "presence"
	}
	return "other"
}

func codeLabel(code string) string {
	switch code {
	case bot.EInvalid, bot.ENotFound, bot.EForbidden, bot.EConflict, bot.EInternal:
		return code
	}
	return "other"
}
