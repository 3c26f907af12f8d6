package coretest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/core"
	"groupwork/exercises"
	"groupwork/storage/sqlite"
	"groupwork/storage/sqlite/sqlitetest"
)

// Platform is the platform name of the harness's fake adapter.
const Platform = "test"

// Start is the harness clock's starting time: Monday 2 November 2026, 09:00 UTC.
var Start = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// Harness is a core wired to a fake adapter, a fake clock and a real SQLite
// store. It records a readable transcript of everything said and shown.
type Harness struct {
	TB      testing.TB
	Bot     *core.Bot
	Store   *sqlite.DB
	Clock   *Clock
	Adapter *Adapter
	// Channel is the channel where commands are typed unless a test says otherwise.
	Channel string
	// Through, when set, receives every event in place of Bot: a wrapper
	// around it, as an adapter would be given (ops.Metrics.Handler).
	Through bot.Handler

	mu         sync.Mutex
	users      map[string]bot.User // by lower-case name
	seen       map[string]*bot.Message
	transcript strings.Builder
	seq        int
	cfg        core.Config // for Restart
}

// Option changes the harness's configuration before the bot is built.
type Option func(*core.Config)

// WithLibrary uses lib instead of the built-in exercises.
func WithLibrary(lib *exercises.Library) Option { return func(c *core.Config) { c.Library = lib } }

// WithIntake sets the per-person intake limit. The harness turns it off
// unless a test sets it: its people act at a fake clock that stands still,
// which no person can, and a transcript of fifty steps is not a flood.
func WithIntake(l core.IntakeLimit) Option { return func(c *core.Config) { c.Intake = l } }

// WithLog sends the bot's log to w (text handler, debug level).
func WithLog(w io.Writer) Option {
	return func(c *core.Config) {
		c.Logger = slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
}

// NewBot returns a harness with the built-in exercise library.
func NewBot(tb testing.TB, opts ...Option) *Harness {
	tb.Helper()
	store := sqlitetest.Open(tb)
	h := &Harness{
		TB: tb, Store: store, Clock: NewClock(Start), Adapter: NewAdapter(Platform), Channel: "group-channel",
		users: map[string]bot.User{}, seen: map[string]*bot.Message{},
	}
	cfg := core.Config{Store: store, Library: exercises.Builtin(), Clock: h.Clock, Intake: core.IntakeLimit{Burst: -1}}
	for _, o := range opts {
		o(&cfg)
	}
	h.cfg = cfg
	b, err := core.New(cfg)
	if err != nil {
		tb.Fatalf("new bot: %v", err)
	}
	h.Bot = b
	h.Adapter.OnPost = h.onPost
	h.Adapter.OnEdit = func(p Posted) {
		text, _ := bot.Render(&p.Message)
		if !strings.HasPrefix(p.To, "dm:") { // people press on the edited version (a live go-around, a countdown)
			m := p.Message
			h.mu.Lock()
			h.seen["#"+p.To] = &m
			h.mu.Unlock()
		}
		h.logf("# edited %s in %s\n%s", p.Ref.MessageID, p.To, indent(text))
	}
	b.AddAdapter(h.Adapter)
	return h
}

// Restart builds a new Bot on a new store opened on the same database file,
// as a process restart would; the clock, the fake adapter and the people
// stay. The old store is closed at the end of the test.
func (h *Harness) Restart() {
	h.TB.Helper()
	store, err := sqlite.Open(context.Background(), h.Store.Path())
	if err != nil {
		h.TB.Fatalf("reopen store: %v", err)
	}
	h.TB.Cleanup(func() { _ = store.Close() })
	cfg := h.cfg
	cfg.Store = store
	b, err := core.New(cfg)
	if err != nil {
		h.TB.Fatalf("new bot: %v", err)
	}
	b.AddAdapter(h.Adapter)
	h.Store, h.Bot = store, b
	h.logf("-- restarted")
}

// User registers (or returns) a person by display name; their id is
// "u-<name>" in lower case.
func (h *Harness) User(name string) bot.User {
	h.mu.Lock()
	defer h.mu.Unlock()
	key := strings.ToLower(name)
	if u, ok := h.users[key]; ok {
		return u
	}
	u := bot.User{ID: "u-" + key, Name: name}
	h.users[key] = u
	return u
}

// Admin registers a platform administrator (who has no groupwork role by that).
func (h *Harness) Admin(name string) bot.User {
	u := h.User(name)
	u.PlatformAdmin = true
	h.mu.Lock()
	h.users[strings.ToLower(name)] = u
	h.mu.Unlock()
	return u
}

// resolve treats every @Name as a person of the platform, as a mention
// would; a token without @ is not a person.
func (h *Harness) resolve(tok string) (string, string, bool) {
	name, ok := strings.CutPrefix(tok, "@")
	if !ok || name == "" {
		return "", "", false
	}
	u := h.User(name)
	return u.ID, u.Name, true
}

// NextDelivery returns a fresh delivery id.
func (h *Harness) NextDelivery() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.seq++
	return fmt.Sprintf("d%d", h.seq)
}

// Meta returns event metadata for user in the harness channel.
func (h *Harness) Meta(user string) bot.EventMeta {
	return bot.EventMeta{DeliveryID: h.NextDelivery(), User: h.User(user), Place: bot.Place{Platform: Platform, ChannelID: h.Channel}}
}

// Do types a command line as user in the harness channel. Parse errors are
// shown as the reply, as a platform would.
func (h *Harness) Do(user, line string) bot.Reply {
	h.TB.Helper()
	h.logf("> %s: %s", user, line)
	cmd, err := h.Bot.Router().ParseCommandLine(line, h.resolve)
	if err != nil {
		rep := bot.PrivateText(bot.ErrorMessage(err))
		h.show(user, rep)
		return rep
	}
	cmd.EventMeta = h.Meta(user)
	return h.deliver(user, cmd)
}

// Event delivers a prepared event (keeping its delivery id) as user.
func (h *Harness) Event(user string, ev bot.Event) bot.Reply {
	h.TB.Helper()
	return h.deliver(user, ev)
}

func (h *Harness) deliver(user string, ev bot.Event) bot.Reply {
	var to bot.Handler = h.Bot
	if h.Through != nil {
		to = h.Through
	}
	rep := to.Handle(h.TB.Context(), ev)
	h.show(user, rep)
	return rep
}

// Press presses the button or menu option labelled label on the last message
// user saw privately, or else on the channel's last post.
func (h *Harness) Press(user, label string) bot.Reply {
	h.TB.Helper()
	it := h.find(user, label)
	h.logf("> %s presses [%s]", user, label)
	ev := &bot.Action{EventMeta: h.Meta(user), CustomID: it.CustomID}
	if it.Value != "" {
		ev.Values = []string{it.Value}
	}
	return h.deliver(user, ev)
}

// Choose picks several options of one menu on the last message user saw.
func (h *Harness) Choose(user string, labels ...string) bot.Reply {
	h.TB.Helper()
	h.logf("> %s chooses [%s]", user, strings.Join(labels, "] ["))
	var ev *bot.Action
	for _, l := range labels {
		it := h.find(user, l)
		if ev == nil {
			ev = &bot.Action{EventMeta: h.Meta(user), CustomID: it.CustomID}
		}
		ev.Values = append(ev.Values, it.Value)
	}
	return h.deliver(user, ev)
}

// Fill presses the form button labelled label and submits text as the
// form's first field.
func (h *Harness) Fill(user, label, text string) bot.Reply {
	h.TB.Helper()
	it := h.find(user, label)
	if it.Form == nil {
		h.TB.Fatalf("%q is not a form button", label)
	}
	h.logf("> %s fills in [%s]: %q", user, label, text)
	ev := &bot.Submit{EventMeta: h.Meta(user), CustomID: it.Form.CustomID, Fields: map[string]string{it.Form.Fields[0].ID: text}}
	return h.deliver(user, ev)
}

func (h *Harness) find(user, label string) bot.Item {
	h.TB.Helper()
	uid := h.User(user).ID
	h.mu.Lock()
	views := []*bot.Message{h.seen[uid], h.seen["#"+h.Channel]}
	h.mu.Unlock()
	var labels []string
	for _, m := range views {
		_, items := bot.Render(m)
		for _, it := range items {
			if it.Label == label {
				return it
			}
			labels = append(labels, it.Label)
		}
	}
	h.TB.Fatalf("%s sees no %q; items: %q", user, label, labels)
	return bot.Item{}
}

// SeeChannel makes user's next Press act on the channel's last post.
func (h *Harness) SeeChannel(user string) {
	uid := h.User(user).ID
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.seen, uid)
}

func (h *Harness) show(user string, rep bot.Reply) {
	switch {
	case rep.Form != nil:
		h.logf("< form %q for %s", rep.Form.Title, user)
	case rep.Message == nil:
		h.logf("< (nothing)")
	default:
		text, _ := bot.Render(rep.Message)
		where := "in channel"
		if rep.Private {
			where = "private to " + user
			uid := h.User(user).ID
			h.mu.Lock()
			h.seen[uid] = rep.Message
			h.mu.Unlock()
		}
		h.logf("< (%s)\n%s", where, indent(text))
	}
}

func (h *Harness) onPost(p Posted) {
	text, _ := bot.Render(&p.Message)
	h.mu.Lock()
	m := p.Message
	if uid, ok := strings.CutPrefix(p.To, "dm:"); ok {
		h.seen[uid] = &m
	} else {
		h.seen["#"+p.To] = &m
	}
	h.mu.Unlock()
	h.logf("# posted to %s\n%s", p.To, indent(text))
}

func (h *Harness) logf(format string, args ...any) {
	h.mu.Lock()
	defer h.mu.Unlock()
	fmt.Fprintf(&h.transcript, format+"\n", args...)
}

// Note writes a line into the transcript (for the reader of a golden file).
func (h *Harness) Note(format string, args ...any) { h.logf("-- "+format, args...) }

// Transcript returns everything recorded so far.
func (h *Harness) Transcript() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.transcript.String()
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}

// Text returns the reply's rendered text ("" for none).
func Text(rep bot.Reply) string {
	text, _ := bot.Render(rep.Message)
	return text
}
