// Package discord connects groupwork to Discord through discordgo: the
// gateway for interactions and voice presence, native slash commands with
// autocomplete, components and modals for answers, and private channels
// for groups. It needs no privileged intent: everything a member writes
// arrives through a modal, never as a channel message the bot reads.
//
// Logs carry ids only (interaction, channel, guild, user), never message
// text, option values or form fields, and never the token.
package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"golang.org/x/time/rate"

	"groupwork/bot"
)

// Platform is the platform name the adapter reports and puts in bot.Place.
const Platform = "discord"

// Config is what the adapter needs. Token is the bot token from the
// Developer Portal (without the "Bot " prefix).
type Config struct {
	Token string
	// ApplicationID is the application's id; the bot user's id (which is
	// the same for bot applications) when empty.
	ApplicationID string
	// GuildIDs are the servers whose command trees are registered at start.
	// Empty registers global commands, which Discord may take up to an
	// hour to show.
	GuildIDs []string
	// BaseURL is where REST calls (and gateway discovery) go; default
	// https://discord.com/. Tests point it at discordtest.
	BaseURL string
	// AckAfter is how long the core may take before the adapter defers
	// the interaction and sends the reply as a follow-up; default 2 s,
	// which leaves a second of Discord's 3 s deadline for the network.
	AckAfter time.Duration
	// MaxInFlight bounds the events handled at once; beyond it an
	// interaction is answered "busy, try again". Default 64.
	MaxInFlight int
	// GlobalRate paces every REST call made with the bot token (interaction
	// callbacks are exempt, as on Discord) so that the bot stays under
	// Discord's global limit of 50 requests a second across all goroutines:
	// discordgo pauses only the goroutine that got a global 429. The burst
	// is a fifth of the rate, so that no one-second window holds more than
	// 1.2 × GlobalRate requests. Default 40 (at most 48 in any second).
	GlobalRate float64
	// DrainTimeout is how long a stop waits for handlers in flight, which
	// keep a context the stop does not cancel; after it their context is
	// cancelled. Default 8 s, inside Docker's and systemd's default stop
	// grace periods (10 s and 90 s).
	DrainTimeout time.Duration
	// Transport, when set, makes the REST calls in place of
	// http.DefaultTransport (metrics: ops.Metrics.Transport).
	Transport http.RoundTripper
}

// Adapter is the Discord adapter. Post, DirectMessage, Edit and the channel
// methods are safe for concurrent use and work before Run (REST only).
type Adapter struct {
	cfg   Config
	log   *slog.Logger
	s     *discordgo.Session
	ids   *idStore
	sem   chan struct{}
	inner sync.WaitGroup
	// revoked receives once when Discord refuses the bot token on a REST
	// call while running (the token was reset or revoked): Run then stops.
	revoked chan struct{}

	mu       sync.Mutex
	specs    []bot.CommandSpec
	complete func(source, prefix string) []bot.Choice
	h        bot.Handler
	ctx      context.Context // handlers' context: survives the stop, cancelled when the drain times out
	abort    context.CancelFunc
	running  bool
	stopping bool            // no new events are taken
	inflight map[string]bool // interaction ids being handled
	botID    string
	voice    map[string]string // guild/user → voice channel

	connected atomic.Bool // the gateway session is up (Connected)

	// handled, when set (tests), is called with an interaction's id once
	// the adapter is done with one delivery of it, answered or dropped.
	handled func(id string)
}

var (
	_ bot.Adapter         = (*Adapter)(nil)
	_ bot.DirectMessenger = (*Adapter)(nil)
	_ bot.Editor          = (*Adapter)(nil)
	_ bot.PartsPoster     = (*Adapter)(nil)
	_ bot.ChannelManager  = (*Adapter)(nil)
)

// ErrUnauthorized is returned by Run when Discord refuses the token.
var ErrUnauthorized = errors.New("discord refused the bot token (401 Unauthorized): check DISCORD_TOKEN — it must be the token from the Bot page of your application in the Discord Developer Portal")

// New returns an adapter. It does no I/O: the token is checked when Run starts.
// Its log lines carry component=discord: pass log without a component.
func New(cfg Config, log *slog.Logger) (*Adapter, error) {
	if strings.TrimSpace(cfg.Token) == "" {
		return nil, errors.New("discord: no bot token configured (set DISCORD_TOKEN)")
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "https://discord.com/"
	}
	base, err := url.Parse(cfg.BaseURL)
	if err != nil || base.Host == "" || (base.Scheme != "https" && base.Scheme != "http") {
		return nil, fmt.Errorf("discord: base URL %q is not an http(s) URL", cfg.BaseURL)
	}
	if cfg.AckAfter <= 0 {
		cfg.AckAfter = 2 * time.Second
	}
	if cfg.MaxInFlight <= 0 {
		cfg.MaxInFlight = 64
	}
	if cfg.GlobalRate <= 0 {
		cfg.GlobalRate = 40
	}
	if cfg.DrainTimeout <= 0 {
		cfg.DrainTimeout = 8 * time.Second
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s, err := discordgo.New("Bot " + strings.TrimPrefix(strings.TrimSpace(cfg.Token), "Bot "))
	if err != nil {
		return nil, fmt.Errorf("discord: new session: %w", err)
	}
	// Debug logs the Authorization header and bodies: never on. LogError
	// messages carry no content.
	s.Debug = false
	s.LogLevel = discordgo.LogError
	revoked := make(chan struct{}, 1)
	pace := rate.NewLimiter(rate.Limit(cfg.GlobalRate), int(max(cfg.GlobalRate/5, 1)))
	next := cfg.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	s.Client = &http.Client{Timeout: 20 * time.Second, Transport: &rewrite{base: base, next: next, revoked: revoked, pace: pace}}
	s.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildVoiceStates
	// Handlers run on the gateway goroutine and hand work to a bounded pool.
	s.SyncEvents = true
	s.ShouldReconnectOnError = true
	s.StateEnabled = false
	return &Adapter{
		cfg: cfg, log: log.With("component", "discord"), s: s,
		ids: newIDStore(10000), revoked: revoked, sem: make(chan struct{}, cfg.MaxInFlight),
		voice: map[string]string{}, inflight: map[string]bool{},
	}, nil
}

// SetCommands gives the adapter the command tree to register and the
// completion source for options with OptionSpec.Complete. Call it before
// Run, typically with b.Router().Specs() and b.Complete.
func (a *Adapter) SetCommands(specs []bot.CommandSpec, complete func(source, prefix string) []bot.Choice) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.specs = append([]bot.CommandSpec(nil), specs...)
	a.complete = complete
}

// Connected reports whether the gateway session is up: false before Run
// has connected, while discordgo reconnects, and after Run returns.
func (a *Adapter) Connected() bool { return a.connected.Load() }

// Platform returns "discord".
func (a *Adapter) Platform() string { return Platform }

// Run checks the token, registers the command tree in every configured
// guild, connects to the gateway and handles events until ctx ends. It
// returns ErrUnauthorized (wrapped) when the token is refused. Gateway drops
// are resumed by discordgo; events missed meanwhile are replayed by Discord.
func (a *Adapter) Run(ctx context.Context, h bot.Handler) error {
	a.mu.Lock()
	if a.running {
		a.mu.Unlock()
		return errors.New("discord: Run called twice")
	}
	// Handlers get a context that the stop does not cancel, so that an
	// answer being written is finished and sent; drain cancels it when the
	// handlers outlast DrainTimeout.
	hctx, abort := context.WithCancel(context.WithoutCancel(ctx))
	defer abort()
	a.running, a.h, a.ctx, a.abort = true, h, hctx, abort
	a.mu.Unlock()

	me, err := a.s.User("@me", discordgo.WithContext(ctx))
	if err != nil {
		if status(err) == http.StatusUnauthorized {
			return fmt.Errorf("discord: %w", ErrUnauthorized)
		}
		return fmt.Errorf("discord: check token: %w", err)
	}
	a.mu.Lock()
	a.botID = me.ID
	a.mu.Unlock()
	appID := a.cfg.ApplicationID
	if appID == "" {
		appID = me.ID
	}
	cmds := a.commandTree()
	guilds := a.cfg.GuildIDs
	if len(guilds) == 0 {
		guilds = []string{""}
	}
	for _, g := range guilds {
		if _, err := a.s.ApplicationCommandBulkOverwrite(appID, g, cmds, discordgo.WithContext(ctx)); err != nil {
			if status(err) == http.StatusUnauthorized {
				return fmt.Errorf("discord: %w", ErrUnauthorized)
			}
			return fmt.Errorf("discord: register commands in guild %q: %w", g, err)
		}
	}
	if len(a.cfg.GuildIDs) > 0 {
		// /crisis must work in a direct message too: register it globally.
		if _, err := a.s.ApplicationCommandBulkOverwrite(appID, "", a.dmCommands(), discordgo.WithContext(ctx)); err != nil {
			if status(err) == http.StatusUnauthorized {
				return fmt.Errorf("discord: %w", ErrUnauthorized)
			}
			// The guilds work; only /crisis in direct messages is missing.
			a.log.Error("could not register /crisis for direct messages; it still works in the guilds", "err", err)
		}
	}
	a.log.Info("commands registered", "guilds", len(a.cfg.GuildIDs), "commands", len(cmds))

	remove := []func(){
		a.s.AddHandler(a.onInteraction),
		a.s.AddHandler(a.onVoiceState),
		a.s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Connect) {
			a.connected.Store(true)
			a.log.Info("gateway connected")
		}),
		a.s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) {
			a.connected.Store(false)
			a.log.Warn("gateway disconnected; reconnecting")
		}),
		a.s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Resumed) {
			a.connected.Store(true)
			a.log.Info("gateway resumed")
		}),
	}
	defer a.connected.Store(false)
	defer func() {
		for _, r := range remove {
			r()
		}
	}()

	opened := make(chan error, 1)
	go func() { opened <- a.s.Open() }()
	select {
	case err := <-opened:
		if err != nil {
			return fmt.Errorf("discord: open gateway: %w", err)
		}
	case <-ctx.Done():
		<-opened
		a.stopTaking()
		_ = a.shutdown()
		a.drain()
		return nil
	}
	a.log.Info("running", "bot", me.ID)
	var result error
	select {
	case <-ctx.Done():
	case <-a.revoked:
		a.log.Error("discord refused the bot token while running; stopping")
		result = fmt.Errorf("discord: %w", ErrUnauthorized)
	}
	a.stopTaking()
	err = a.shutdown()
	a.drain()
	if err != nil {
		a.log.Warn("close gateway", "err", err)
	}
	return result
}

// shutdown closes the gateway for good: without turning reconnection off
// first, a heartbeat failing during Close would start discordgo's endless
// reconnect loop.
func (a *Adapter) shutdown() error {
	a.s.Lock()
	a.s.ShouldReconnectOnError = false
	a.s.Unlock()
	return a.s.Close()
}

// stopTaking makes the adapter drop events that arrive from now on; after
// it, no handler starts, so drain's wait cannot race a new one.
func (a *Adapter) stopTaking() {
	a.mu.Lock()
	a.stopping = true
	a.mu.Unlock()
}

// drain waits for the handlers in flight to finish and send their answers.
// Their context is not cancelled by the stop; when they outlast
// DrainTimeout it is, and they get one more second to return.
func (a *Adapter) drain() {
	done := make(chan struct{})
	go func() { a.inner.Wait(); close(done) }()
	timer := time.NewTimer(a.cfg.DrainTimeout)
	defer timer.Stop()
	select {
	case <-done:
		return
	case <-timer.C:
	}
	a.log.Warn("handlers still running at shutdown; cancelling them", "after", a.cfg.DrainTimeout)
	a.mu.Lock()
	abort := a.abort
	a.mu.Unlock()
	abort()
	select {
	case <-done:
	case <-time.After(time.Second):
		a.log.Warn("handlers did not return after cancellation")
	}
}

// take registers a delivery of interaction id for handling. It refuses
// (false) when the adapter is stopping, or when the same interaction is
// already being handled: a repeat is silent, and the first delivery's
// answer must be the one Discord gets. A repeat that arrives after the
// first finished reaches the core, whose delivery claim makes it silent.
func (a *Adapter) take(id string) (bot.Handler, context.Context, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.inflight[id] {
		return nil, nil, false
	}
	h, ctx, ok := a.beginLocked()
	if ok {
		a.inflight[id] = true
	}
	return h, ctx, ok
}

// begin counts one piece of handler work in, unless the adapter is not
// running or is stopping; the caller calls a.inner.Done when it ends.
func (a *Adapter) begin() (bot.Handler, context.Context, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.beginLocked()
}

func (a *Adapter) beginLocked() (bot.Handler, context.Context, bool) {
	if a.h == nil || a.stopping {
		return nil, nil, false
	}
	a.inner.Add(1)
	return a.h, a.ctx, true
}

// release ends what take began.
func (a *Adapter) release(id string) {
	a.mu.Lock()
	delete(a.inflight, id)
	a.mu.Unlock()
	a.inner.Done()
	a.done(id)
}

func (a *Adapter) done(id string) {
	if a.handled != nil {
		a.handled(id)
	}
}

// status returns the HTTP status of a discordgo REST error, or 0.
func status(err error) int {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		return re.Response.StatusCode
	}
	return 0
}

// rewrite sends every request to the configured base URL's scheme and
// host, so one session can talk to a fake Discord without touching
// discordgo's package-level endpoints.
type rewrite struct {
	base    *url.URL
	next    http.RoundTripper
	revoked chan<- struct{}
	pace    *rate.Limiter // the global request budget, shared by every goroutine
}

func (r *rewrite) RoundTrip(req *http.Request) (*http.Response, error) {
	if !exemptFromGlobal(req.URL.Path) {
		if err := r.pace.Wait(req.Context()); err != nil {
			return nil, err
		}
	}
	out := req
	if req.URL.Scheme != r.base.Scheme || req.URL.Host != r.base.Host {
		out = req.Clone(req.Context())
		out.URL.Scheme, out.URL.Host, out.Host = r.base.Scheme, r.base.Host, r.base.Host
	}
	resp, err := r.next.RoundTrip(out)
	// A 401 on a call authorised by the bot token means the token is no
	// longer valid; interaction callbacks and follow-ups (webhooks) use the
	// interaction's own token, whose expiry says nothing about the bot's.
	if err == nil && resp.StatusCode == http.StatusUnauthorized && !exemptFromGlobal(req.URL.Path) {
		select {
		case r.revoked <- struct{}{}:
		default:
		}
	}
	return resp, err
}

// exemptFromGlobal reports whether a request is an interaction callback or
// follow-up: these use the interaction's own token and are not counted in
// the bot's global rate limit.
func exemptFromGlobal(path string) bool {
	return strings.Contains(path, "/interactions/") || strings.Contains(path, "/webhooks/")
}
