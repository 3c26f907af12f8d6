package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"groupwork/bot"
	"groupwork/config"
	"groupwork/core"
	"groupwork/ops"
	"groupwork/storage/sqlite"
)

// opsWiring is the health and metrics side of one `run`. A nil
// *opsWiring (ops.listen not configured) measures nothing and every
// method is a no-op, so the wiring reads the same either way.
type opsWiring struct {
	metrics *ops.Metrics
	ln      net.Listener
	checks  map[string]ops.Check
	state   ops.StateReader // the store, read at each scrape; nil without one
}

// newOps opens the ops listener when cfg asks for it, before anything
// else, so that a port in use is reported at once.
func newOps(cfg *config.Config) (*opsWiring, error) {
	if cfg.Ops.Listen == "" {
		return nil, nil
	}
	ln, err := ops.Listen(cfg.Ops.Listen, cfg.Ops.Public)
	if err != nil {
		return nil, err
	}
	return &opsWiring{metrics: ops.NewMetrics(), ln: ln, checks: map[string]ops.Check{}}, nil
}

// instrument times store (nil when it could not be opened: readiness then
// fails) and gives bcfg the event middleware and the scheduler hook.
func (o *opsWiring) instrument(bcfg *core.Config, store *sqlite.DB) {
	if o == nil {
		return
	}
	bcfg.Middleware = append(bcfg.Middleware, o.metrics.Middleware)
	if store == nil {
		o.checks["store"] = func(context.Context) error {
			return errors.New("the database could not be opened (see the log); only /crisis is served")
		}
		return
	}
	o.checks["store"] = store.Ping
	o.state = store // untimed: scrapes are not the bot's store traffic
	bcfg.Store = o.metrics.TimedStore(store)
	bcfg.SchedulerPosted = o.metrics.SchedulerPosted
}

// handler is what the adapters get: b, with each event counted and timed.
func (o *opsWiring) handler(b *core.Bot) bot.Handler {
	if o == nil {
		return b
	}
	return o.metrics.Handler(b)
}

// transport counts a platform client's posts and 429s.
func (o *opsWiring) transport(platform string) http.RoundTripper {
	if o == nil {
		return nil
	}
	return o.metrics.Transport(platform, nil)
}

// connected makes a platform's connection a readiness check.
func (o *opsWiring) connected(platform string, up func() bool) {
	if o == nil {
		return
	}
	o.checks[platform] = func(context.Context) error {
		if !up() {
			return errors.New("not connected")
		}
		return nil
	}
}

// serve reports open runs and alerts (when there is a store) and serves
// the endpoints until ctx ends.
func (o *opsWiring) serve(ctx context.Context, log *slog.Logger) {
	if o == nil {
		return
	}
	if o.state != nil {
		o.metrics.WatchState(o.state, time.Now, log)
	}
	srv := ops.NewServer(o.metrics, o.checks, log.With("component", "ops"))
	log.Info("health and metrics listening", "addr", o.ln.Addr().String())
	go func() {
		if err := srv.Serve(ctx, o.ln); err != nil {
			log.Error("health and metrics listener stopped", "err", err)
		}
	}()
}
