// Package slack connects groupwork to Slack through slack-go: Socket Mode
// (the default: an outbound websocket, no public address) or HTTP mode
// (signed requests from Slack), one slash command whose text holds the
// core's commands, Block Kit buttons and selects, modals for written
// answers, and private channels for groups.
//
// Logs carry ids only (team, channel, user, trigger), never message text,
// command text, form values or tokens.
package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	slackgo "github.com/slack-go/slack"

	"groupwork/bot"
)

// Platform is the platform name the adapter reports and puts in bot.Place.
const Platform = "slack"

// Config is what the adapter needs.
type Config struct {
	BotToken string // xoxb-…
	AppToken string // xapp-…, Socket Mode only
	// HTTP selects HTTP mode: Slack posts signed requests to Listen.
	HTTP          bool
	SigningSecret string
	Listen        string
	// Listener, when set, is used instead of listening on Listen (tests).
	Listener net.Listener
	// APIURL is the Web API base; default https://slack.com/api/.
	APIURL string
	// TeamIDs are the workspaces served; events from others are refused.
	TeamIDs []string
	// Command is the slash command without "/"; default "groupwork".
	Command string
	// AckAfter is how long the core may take on a slash command in HTTP
	// mode before the adapter answers the request with nothing and sends
	// the reply through response_url; default 1.5 s, half of Slack's 3 s,
	// leaving the rest for the network and a loaded machine. Interactions,
	// and every Socket Mode envelope, are acked at once. It also bounds how
	// long a form may take to come back from the core and still open (the
	// trigger id lives about 3 s).
	AckAfter time.Duration
	// DrainTimeout is how long a stop waits for handlers in flight, which
	// finish with a context the stop does not cancel (default 8 s, inside
	// Docker's 10 s stop grace). Then they are cancelled.
	DrainTimeout time.Duration
	// MaxInFlight bounds the events handled at once; beyond it a request
	// is answered "busy". Default 64.
	MaxInFlight int
	// ChannelInterval and ChannelBurst pace chat.postMessage per channel
	// (Slack allows about one message a second per channel, with short
	// bursts); default 1 s and 2: one less than the burst Slack allows, so
	// that network jitter never meets the limit. Posts wait in line rather
	// than fail.
	ChannelInterval time.Duration
	ChannelBurst    int
	// MaxBody bounds an HTTP-mode request body, checked before the
	// signature; default 64 KiB.
	MaxBody int64
	// Now is the clock for the HTTP-mode timestamp window; time.Now by default.
	Now func() time.Time
	// HTTPClient makes the Web API and response_url calls.
	HTTPClient *http.Client
}

// Adapter is the Slack adapter. Post, DirectMessage, Edit and the channel
// methods are safe for concurrent use and work before Run (Web API only).
type Adapter struct {
	cfg    Config
	log    *slog.Logger
	api    *slackgo.Client
	hc     *http.Client
	sem    chan struct{}
	inner  sync.WaitGroup
	pace   *pacer
	people people
	spell  *spelling

	mu      sync.Mutex
	router  *bot.Router
	h       bot.Handler
	running bool
	botID   string
	fatal   chan error
	// hard is the handlers' context: a stop does not end it; it ends
	// DrainTimeout after the stop, when handlers are cancelled.
	hard       context.Context
	hardCancel context.CancelFunc
	drainOnce  sync.Once
	// flight holds the delivery ids being handled: a repeat of one of them
	// is dropped, so it can never answer before the real reply.
	flight map[string]bool
	// handled counts, per delivery id, the deliveries the adapter is done
	// with; changed is closed and replaced on each change (for tests).
	handled map[string]int
	dropped map[string]int // repeats dropped while the first was in flight
	changed chan struct{}

	connected atomic.Bool // Socket Mode is connected, or HTTP mode listens (Connected)
}

var (
	_ bot.Adapter         = (*Adapter)(nil)
	_ bot.DirectMessenger = (*Adapter)(nil)
	_ bot.Editor          = (*Adapter)(nil)
	_ bot.ChannelManager  = (*Adapter)(nil)
	_ bot.PostFinder      = (*Adapter)(nil)
	_ bot.ChannelChecker  = (*Adapter)(nil)
)

// ErrUnauthorized is returned by Run when Slack refuses the bot token or
// the app was uninstalled.
var ErrUnauthorized = errors.New("slack refused the bot token: check SLACK_BOT_TOKEN — it must be the Bot User OAuth Token (xoxb-…) of the installed app")

// New returns an adapter. It does no I/O.
func New(cfg Config, log *slog.Logger) (*Adapter, error) {
	if strings.TrimSpace(cfg.BotToken) == "" {
		return nil, errors.New("slack: no bot token configured (set SLACK_BOT_TOKEN)")
	}
	if cfg.HTTP && cfg.SigningSecret == "" {
		return nil, errors.New("slack: HTTP mode needs the signing secret (set SLACK_SIGNING_SECRET)")
	}
	if !cfg.HTTP && strings.TrimSpace(cfg.AppToken) == "" {
		return nil, errors.New("slack: Socket Mode needs the app-level token (set SLACK_APP_TOKEN)")
	}
	if cfg.APIURL == "" {
		cfg.APIURL = slackgo.APIURL
	}
	if !strings.HasSuffix(cfg.APIURL, "/") {
		cfg.APIURL += "/"
	}
	if cfg.Command == "" {
		cfg.Command = "groupwork"
	}
	cfg.Command = strings.TrimPrefix(cfg.Command, "/")
	if cfg.DrainTimeout <= 0 {
		cfg.DrainTimeout = 8 * time.Second
	}
	if cfg.AckAfter <= 0 {
		cfg.AckAfter = 1500 * time.Millisecond
	}
	if cfg.MaxInFlight <= 0 {
		cfg.MaxInFlight = 64
	}
	if cfg.ChannelInterval <= 0 {
		cfg.ChannelInterval = time.Second
	}
	if cfg.ChannelBurst <= 0 {
		cfg.ChannelBurst = 2
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 64 << 10
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 20 * time.Second}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	opts := []slackgo.Option{slackgo.OptionAPIURL(cfg.APIURL), slackgo.OptionHTTPClient(hc)}
	if cfg.AppToken != "" {
		opts = append(opts, slackgo.OptionAppLevelToken(cfg.AppToken))
	}
	return &Adapter{
		cfg: cfg, log: log.With("component", "slack"), hc: hc,
		api:    slackgo.New(cfg.BotToken, opts...),
		sem:    make(chan struct{}, cfg.MaxInFlight),
		pace:   newPacer(cfg.ChannelInterval, cfg.ChannelBurst),
		people: people{m: map[string]person{}},
		spell:  newSpelling(cfg.Command, nil),
		fatal:  make(chan error, 1),
	}, nil
}

// SetCommands gives the adapter the core's router: the slash command's
// text is parsed against its specs, and the core's command spellings
// ("/group add") are shown in the Slack spelling ("/groupwork group add").
// Call it before Run, typically with b.Router().
func (a *Adapter) SetCommands(r *bot.Router) {
	var names []string
	for _, s := range r.Specs() {
		if !slices.Contains(names, s.Name) {
			names = append(names, s.Name)
		}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.router = r
	a.spell = newSpelling(a.cfg.Command, names)
}

// Platform returns "slack".
func (a *Adapter) Platform() string { return Platform }

// Run checks the bot token, then serves Socket Mode or HTTP mode until ctx
// ends. It returns ErrUnauthorized (wrapped) when the token is refused or
// the app is uninstalled while running.
func (a *Adapter) Run(ctx context.Context, h bot.Handler) error {
	a.mu.Lock()
	if a.running {
		a.mu.Unlock()
		return errors.New("slack: Run called twice")
	}
	if a.router == nil {
		a.mu.Unlock()
		return errors.New("slack: SetCommands was not called")
	}
	a.running, a.h = true, h
	a.mu.Unlock()

	me, err := a.api.AuthTestContext(ctx)
	if err != nil {
		if isAuthError(err) {
			return fmt.Errorf("slack: %w", ErrUnauthorized)
		}
		return fmt.Errorf("slack: check token: %s", redact(err))
	}
	a.mu.Lock()
	a.botID = me.UserID
	a.mu.Unlock()
	if me.TeamID != "" && !slices.Contains(a.cfg.TeamIDs, me.TeamID) {
		a.log.Warn("the bot token belongs to a workspace that is not in team_ids; its requests will be refused", "team", me.TeamID)
	}
	hard, hardCancel := context.WithCancel(context.WithoutCancel(ctx))
	defer hardCancel()
	a.mu.Lock()
	a.hard, a.hardCancel = hard, hardCancel
	a.mu.Unlock()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	if a.cfg.HTTP {
		go func() { done <- a.serveHTTP(ctx) }()
	} else {
		go func() { done <- a.serveSocket(ctx, h) }()
	}
	defer a.connected.Store(false)
	a.log.Info("running", "bot", me.UserID, "mode", a.mode())
	var result error
	select {
	case <-ctx.Done():
	case err := <-a.fatal:
		result = err
	case err := <-done:
		if ctx.Err() == nil {
			result = err
		}
		done <- nil
	}
	cancel()
	<-done
	a.drain()
	return result
}

// Connected reports whether the adapter can receive events: Socket Mode
// is connected, or in HTTP mode the listener is open. False before Run
// and after it returns.
func (a *Adapter) Connected() bool { return a.connected.Load() }

func (a *Adapter) mode() string {
	if a.cfg.HTTP {
		return "http"
	}
	return "socket"
}

func (a *Adapter) handler() (bot.Handler, *bot.Router) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.h, a.router
}

func (a *Adapter) spelling() *spelling {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.spell
}

func (a *Adapter) servesTeam(team string) bool {
	return slices.Contains(a.cfg.TeamIDs, team)
}

// stop ends Run with err (once).
func (a *Adapter) stop(err error) {
	select {
	case a.fatal <- err:
	default:
	}
}

// waitInFlight waits at most d for the handlers in flight, and reports
// whether they all finished.
func (a *Adapter) waitInFlight(d time.Duration) bool {
	done := make(chan struct{})
	go func() { a.inner.Wait(); close(done) }()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-done:
		return true
	case <-t.C:
		a.log.Warn("handlers still running at shutdown", "waited", d.String())
		return false
	}
}

// drain waits, once, for the handlers in flight after a stop: at most
// DrainTimeout, then their context is cancelled and they get a second more.
// Socket Mode drains before it closes the socket, so that the acks and
// answers of the handlers in flight still reach Slack.
func (a *Adapter) drain() {
	a.drainOnce.Do(func() {
		if a.waitInFlight(a.cfg.DrainTimeout) {
			return
		}
		a.mu.Lock()
		hardCancel := a.hardCancel
		a.mu.Unlock()
		if hardCancel != nil {
			hardCancel()
		}
		a.waitInFlight(time.Second)
	})
}

// handlerCtx is the context handlers run with: not ended by a stop, only
// when the drain after it runs out.
func (a *Adapter) handlerCtx(ctx context.Context) context.Context {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.hard != nil {
		return a.hard
	}
	return ctx
}

// begin marks delivery id as in flight; it returns false when it already
// is (a repeat of a delivery still being handled).
func (a *Adapter) begin(id string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.flight == nil {
		a.flight = map[string]bool{}
	}
	if id != "" && a.flight[id] {
		return false
	}
	a.flight[id] = true
	return true
}

// drop records a repeat dropped because its first delivery is in flight.
func (a *Adapter) drop(id string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.dropped == nil {
		a.dropped = map[string]int{}
	}
	a.dropped[id]++
	if a.changed != nil {
		close(a.changed)
	}
	a.changed = make(chan struct{})
}

// finish records that the adapter is done with one delivery of id;
// inFlight says whether begin had marked it.
func (a *Adapter) finish(id string, inFlight bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if inFlight {
		delete(a.flight, id)
	}
	if a.handled == nil {
		a.handled = map[string]int{}
	}
	a.handled[id]++
	if a.changed != nil {
		close(a.changed)
	}
	a.changed = make(chan struct{})
}

func isAuthError(err error) bool {
	var se slackgo.SlackErrorResponse
	if errors.As(err, &se) {
		switch se.Err {
		case "invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired":
			return true
		}
	}
	s := err.Error()
	return s == "invalid_auth" || s == "not_authed" || s == "account_inactive" || s == "token_revoked"
}

// redact keeps the Slack error code of an error and nothing a request or
// response carried.
func redact(err error) string {
	var se slackgo.SlackErrorResponse
	if errors.As(err, &se) {
		return "slack error " + se.Err
	}
	var rl *slackgo.RateLimitedError
	if errors.As(err, &rl) {
		return rl.Error()
	}
	var st slackgo.StatusCodeError
	if errors.As(err, &st) {
		return fmt.Sprintf("HTTP %d", st.Code)
	}
	// A response_url is a credential for replying: never log it.
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Op + " request failed: " + redact(ue.Err)
	}
	return err.Error()
}
