package slack

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"groupwork/adapters/adaptertest"
	"groupwork/adapters/slack/slacktest"
	"groupwork/bot"
	"groupwork/core"
	"groupwork/exercises"
	"groupwork/storage/sqlite/sqlitetest"
)

// env is a real core (SQLite store, built-in exercises) wired to the real
// Slack adapter, whose slack-go client talks to the fake Slack over
// loopback: in Socket Mode, or in HTTP mode with signed requests.
type env struct {
	fake    *slacktest.Fake
	bot     *core.Bot
	a       *Adapter
	logs    *syncBuffer
	channel string // the group channel: private, the bot in it

	store    bot.Store
	httpMode bool
	opts     adaptertest.Options
	mod      []func(*Config)
	cancel   context.CancelFunc // nil once stopped
	done     chan error
	err      error
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newEnv(t testing.TB, httpMode bool, mod ...func(*Config)) *env {
	t.Helper()
	return newEnvWith(t, httpMode, nil, mod...)
}

// newEnvWith is newEnv with h, when not nil, in place of the core as the
// adapter's handler (the core still posts through the adapter).
func newEnvWith(t testing.TB, httpMode bool, h bot.Handler, mod ...func(*Config)) *env {
	t.Helper()
	var wrap func(bot.Handler) bot.Handler
	if h != nil {
		wrap = func(bot.Handler) bot.Handler { return h }
	}
	return newEnvOpts(t, httpMode, adaptertest.Options{Wrap: wrap}, mod...)
}

// newEnvOpts starts a core and an adapter on a new store and a new fake
// Slack; o.Clock is the core's clock and o.Wrap wraps the core as the
// adapter's handler.
func newEnvOpts(t testing.TB, httpMode bool, o adaptertest.Options, mod ...func(*Config)) *env {
	t.Helper()
	e := &env{fake: slacktest.New(t), logs: &syncBuffer{}, store: sqlitetest.Open(t), httpMode: httpMode, opts: o, mod: mod}
	e.start(t)
	t.Cleanup(func() {
		if err := e.stop(t); err != nil {
			t.Errorf("Run returned %v", err)
		}
		if v := e.fake.Violations(); len(v) > 0 {
			t.Errorf("Slack's rules broken: %q", v)
		}
		for _, secret := range []string{e.fake.BotToken(), e.fake.AppToken(), e.fake.SigningSecret()} {
			if strings.Contains(e.logs.String(), secret) {
				t.Errorf("a secret appears in the log")
			}
		}
	})
	if !httpMode {
		e.fake.WaitConnected(t, 1)
	}
	ch := e.fake.AddChannel("scenario", true, slacktest.BotUserID)
	e.channel = ch.ID
	return e
}

// start builds a core and an adapter on the env's store and fake and runs
// the adapter, as a (re)started process would.
func (e *env) start(t testing.TB) {
	t.Helper()
	log := slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var clock bot.Clock = bot.SystemClock{}
	if e.opts.Clock != nil {
		clock = e.opts.Clock
	}
	b, err := core.New(core.Config{Store: e.store, Library: exercises.Builtin(), Clock: clock, Logger: log})
	if err != nil {
		t.Fatalf("core.New: %v", err)
	}
	cfg := Config{BotToken: e.fake.BotToken(), AppToken: e.fake.AppToken(), APIURL: e.fake.APIURL(), TeamIDs: []string{slacktest.TeamID}}
	if e.httpMode {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		cfg.HTTP, cfg.AppToken, cfg.SigningSecret, cfg.Listener = true, "", e.fake.SigningSecret(), ln
		e.fake.UseHTTP(slacktest.Endpoints{Commands: "http://" + ln.Addr().String() + "/slack"})
	}
	for _, m := range e.mod {
		m(&cfg)
	}
	a, err := New(cfg, log)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	a.SetCommands(b.Router())
	b.AddAdapter(a)
	var h bot.Handler = b
	if e.opts.Wrap != nil {
		h = e.opts.Wrap(b)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, h) }()
	e.bot, e.a, e.cancel, e.done = b, a, cancel, done
}

// stop ends the adapter's Run context and waits for Run to return.
func (e *env) stop(t testing.TB) error {
	if e.cancel == nil {
		return e.err
	}
	e.cancel()
	e.cancel = nil
	select {
	case e.err = <-e.done:
	case <-time.After(20 * time.Second):
		t.Errorf("Run did not return after cancel")
	}
	return e.err
}

// idle waits until the adapter has finished every request in flight,
// follow-ups included.
func (e *env) idle(t testing.TB) {
	t.Helper()
	done := make(chan struct{})
	go func() { e.a.inner.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		t.Fatalf("the adapter is still busy")
	}
}

// driver plays people through the fake Slack; it implements
// adaptertest.Driver.
type driver struct {
	e      *env
	mu     sync.Mutex
	last   map[string]*slacktest.Exchange
	joined map[string]bool
}

// done waits until the adapter is done with ex's first delivery (the
// core's answer sent), not with other requests: one held elsewhere does not
// block it. Without a trigger id it waits for the adapter to be idle.
func (d *driver) done(t testing.TB, ex *slacktest.Exchange) { d.await(t, ex, 1, false) }

// await waits until the adapter is done with want deliveries of ex's
// delivery id, counting the repeats it dropped when dropped is set. A
// repeat shares its exchange with the first delivery, so the count is the
// caller's, never looked up by exchange.
func (d *driver) await(t testing.TB, ex *slacktest.Exchange, want int, dropped bool) {
	t.Helper()
	if ex.TriggerID == "" {
		d.e.idle(t)
		return
	}
	id := "slack:" + ex.TriggerID
	deadline := time.NewTimer(15 * time.Second)
	defer deadline.Stop()
	for {
		a := d.e.a
		a.mu.Lock()
		got, changed := a.handled[id], a.changed
		if dropped {
			got += a.dropped[id]
		}
		if changed == nil {
			a.changed = make(chan struct{})
			changed = a.changed
		}
		a.mu.Unlock()
		if got >= want {
			return
		}
		select {
		case <-changed:
		case <-deadline.C:
			t.Fatalf("the adapter is done with %d deliveries of %s, want %d", got, id, want)
		}
	}
}

var _ adaptertest.Driver = (*driver)(nil)

func newDriver(t *testing.T, httpMode bool, o adaptertest.Options) *driver {
	t.Parallel()
	return &driver{e: newEnvOpts(t, httpMode, o), last: map[string]*slacktest.Exchange{}, joined: map[string]bool{}}
}

// Stop ends the adapter's Run context, as SIGTERM does, and returns at once.
func (d *driver) Stop(t testing.TB) <-chan error {
	out := make(chan error, 1)
	go func() { out <- d.e.stop(t) }()
	return out
}

// Restart stops the adapter and the core and starts new ones on the same
// database and the same fake Slack.
func (d *driver) Restart(t testing.TB) {
	n := d.e.fake.Connections()
	if err := d.e.stop(t); err != nil {
		t.Fatalf("Run: %v", err)
	}
	d.e.start(t)
	if !d.e.httpMode {
		d.e.fake.WaitConnected(t, n+1)
	}
}

// user returns the person's id, inviting them into the group channel on
// first use (every person of a scenario is in it).
func (d *driver) user(t testing.TB, name string) string {
	t.Helper()
	u := d.e.fake.User(name)
	d.mu.Lock()
	seen := d.joined[u.ID]
	d.joined[u.ID] = true
	d.mu.Unlock()
	if !seen {
		if err := d.e.a.Grant(context.Background(), d.e.channel, u.ID); err != nil {
			t.Fatalf("invite %s: %v", name, err)
		}
	}
	return u.ID
}

var atName = regexp.MustCompile(`(^|\s)@(\w+)`)

// Do types the command as a Slack user would: "/group add @Ana" becomes
// "/groupwork group add <@U…|ana>" (the client escapes mentions).
func (d *driver) Do(t testing.TB, user, line string) adaptertest.Seen {
	t.Helper()
	uid := d.user(t, user)
	text := strings.TrimPrefix(strings.TrimSpace(line), "/")
	text = atName.ReplaceAllStringFunc(text, func(m string) string {
		sub := atName.FindStringSubmatch(m)
		u := d.e.fake.User(sub[2])
		return sub[1] + "<@" + u.ID + "|" + u.Name + ">"
	})
	return d.exchange(t, user, uid, func() *slacktest.Exchange {
		return d.e.fake.SlashCommand(uid, d.e.channel, "/groupwork", text)
	})
}

// exchange runs one delivery and returns what the person saw in answer:
// the ack's message, response_url follow-ups, ephemerals for them, a form
// that opened; or, when the answer was public, the new channel messages.
func (d *driver) exchange(t testing.TB, user, uid string, deliver func() *slacktest.Exchange) adaptertest.Seen {
	t.Helper()
	before := d.maxSeq()
	ex := deliver()
	d.mu.Lock()
	d.last[strings.ToLower(user)] = ex
	d.mu.Unlock()
	st := ex.Acked(t)
	d.done(t, ex)
	st = ex.State()
	if len(st.Views) > 0 {
		v := st.Views[len(st.Views)-1]
		return adaptertest.Seen{Text: "(form) " + v.Title, Private: true}
	}
	var mine, public []slacktest.Message
	for _, m := range d.e.fake.AllMessages() {
		if m.Seq <= before {
			continue
		}
		switch {
		case m.Exchange != "" && m.Exchange == ex.ID, m.Ephemeral && m.VisibleTo == uid:
			mine = append(mine, m)
		case m.Channel == d.e.channel && !m.Ephemeral:
			public = append(public, m)
		}
	}
	if len(mine) == 0 {
		mine = public
	}

	return toSeen(mine)
}

func (d *driver) maxSeq() int64 {
	var n int64
	for _, m := range d.e.fake.AllMessages() {
		n = max(n, m.Seq)
	}
	return n
}

// find returns the latest message user sees in the group channel with a
// button or option labelled label.
func (d *driver) find(t testing.TB, uid, label string) (slacktest.Message, slacktest.Action, string) {
	t.Helper()
	msgs := d.e.fake.VisibleTo(uid, d.e.channel)
	for i := len(msgs) - 1; i >= 0; i-- {
		for _, a := range msgs[i].Actions() {
			if a.Type == "button" && a.Text == label {
				return msgs[i], a, ""
			}
			for _, o := range a.Options {
				if o.Text == label {
					return msgs[i], a, o.Value
				}
			}
		}
	}
	t.Fatalf("%s sees no %q", uid, label)
	return slacktest.Message{}, slacktest.Action{}, ""
}

func (d *driver) Press(t testing.TB, user, label string) adaptertest.Seen {
	t.Helper()
	uid := d.user(t, user)
	m, a, value := d.find(t, uid, label)
	return d.exchange(t, user, uid, func() *slacktest.Exchange {
		if a.Type == "button" {
			return d.e.fake.Click(uid, m, a.ActionID)
		}
		return d.e.fake.Select(uid, m, a.ActionID, value)
	})
}

func (d *driver) Choose(t testing.TB, user string, labels ...string) adaptertest.Seen {
	t.Helper()
	t.Fatalf("Choose is not used by the suite yet")
	return adaptertest.Seen{}
}

func (d *driver) Fill(t testing.TB, user, label, text string) adaptertest.Seen {
	t.Helper()
	uid := d.user(t, user)
	m, a, _ := d.find(t, uid, label)
	open := d.e.fake.Click(uid, m, a.ActionID)
	open.Acked(t)
	d.done(t, open)
	st := open.State()
	if len(st.Views) == 0 {
		t.Fatalf("%q did not open a form", label)
	}
	v := st.Views[len(st.Views)-1]
	var input string
	for _, act := range v.Actions() {
		if act.Type == "plain_text_input" {
			input = act.ActionID
			break
		}
	}
	return d.exchange(t, user, uid, func() *slacktest.Exchange {
		return d.e.fake.Submit(uid, v, map[string]string{input: text})
	})
}

// SubmitForm fills in and sends the last form the user's last exchange
// opened, values by field id.
func (d *driver) SubmitForm(t testing.TB, user string, values map[string]string) adaptertest.Seen {
	t.Helper()
	uid := d.user(t, user)
	d.mu.Lock()
	ex := d.last[strings.ToLower(user)]
	d.mu.Unlock()
	views := ex.State().Views
	if len(views) == 0 {
		t.Fatalf("%s has no form open", user)
	}
	v := views[len(views)-1]
	return d.exchange(t, user, uid, func() *slacktest.Exchange { return d.e.fake.Submit(uid, v, values) })
}

func (d *driver) Repeat(t testing.TB, user string) adaptertest.Seen {
	t.Helper()
	d.mu.Lock()
	ex := d.last[strings.ToLower(user)]
	d.mu.Unlock()
	uid := d.e.fake.User(user).ID
	before := d.maxSeq()
	a := d.e.a
	a.mu.Lock()
	n := a.handled["slack:"+ex.TriggerID] + a.dropped["slack:"+ex.TriggerID]
	a.mu.Unlock()
	again := d.e.fake.Redeliver(ex)
	again.Acked(t)
	d.await(t, again, n+1, true)
	var shown []slacktest.Message
	for _, m := range d.e.fake.AllMessages() {
		if m.Seq > before && (m.Exchange == again.ID || (m.Ephemeral && m.VisibleTo == uid)) {
			shown = append(shown, m)
		}
	}
	if len(again.State().Views) > len(ex.State().Views) {
		shown = append(shown, slacktest.Message{Text: "(form)"})
	}
	return toSeen(shown)
}

func (d *driver) MakeAdmin(t testing.TB, user string) {
	d.e.fake.User(user)
	d.e.fake.SetRole(user, slacktest.RoleAdmin)
}

func (d *driver) Channel(t testing.TB) []adaptertest.Seen {
	var out []adaptertest.Seen
	for _, m := range d.e.fake.Messages(d.e.channel) {
		out = append(out, toSeen([]slacktest.Message{m}))
	}
	return out
}

func toSeen(ms []slacktest.Message) adaptertest.Seen {
	if len(ms) == 0 {
		return adaptertest.Seen{None: true}
	}
	s := adaptertest.Seen{Private: true}
	var texts []string
	for _, m := range ms {
		if !m.Ephemeral {
			s.Private = false
		}
		texts = append(texts, unescape(m.AllText()))
		for _, a := range m.Actions() {
			if a.Type == "button" {
				s.Items = append(s.Items, a.Text)
			}
			for _, o := range a.Options {
				s.Items = append(s.Items, o.Text)
			}
		}
		for _, f := range m.Files {
			s.Files = append(s.Files, f.Name)
		}
	}
	s.Text = strings.Join(texts, "\n")
	return s
}

// unescape reads Slack's entities back, as the client shows them.
func unescape(s string) string {
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
}

func TestConformanceSocketMode(t *testing.T) {
	adaptertest.Run(t, func(t *testing.T, o adaptertest.Options) adaptertest.Driver { return newDriver(t, false, o) })
}

func TestConformanceHTTPMode(t *testing.T) {
	adaptertest.Run(t, func(t *testing.T, o adaptertest.Options) adaptertest.Driver { return newDriver(t, true, o) })
}
