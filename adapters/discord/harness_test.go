package discord_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"groupwork/adapters/adaptertest"
	"groupwork/adapters/discord"
	"groupwork/adapters/discord/discordtest"
	"groupwork/bot"
	"groupwork/core"
	"groupwork/exercises"
	"groupwork/storage/sqlite"
	"groupwork/storage/sqlite/sqlitetest"
)

const token = "test-token-secret-XYZ"

// env is a real core (SQLite store, built-in exercises) wired to the real
// Discord adapter, which talks to a fake Discord through discordgo.
type env struct {
	fake  *discordtest.Fake
	bot   *core.Bot
	a     *discord.Adapter
	logs  *syncBuffer
	store *sqlite.DB

	handler bot.Handler // replaces the core as the adapter's handler, when set
	wrap    func(bot.Handler) bot.Handler
	dcfg    discord.Config
	bcfg    core.Config
	log     *slog.Logger

	cancel context.CancelFunc
	done   chan struct{} // closed when Run returned, with err set
	err    error

	mu      sync.Mutex
	handled map[string]int // interaction id → deliveries the adapter is done with
	changed chan struct{}  // closed and replaced when handled changes
}

type envOption func(*env)

func withAckAfter(d time.Duration) envOption {
	return func(e *env) { e.dcfg.AckAfter = d }
}

// withOptions applies the conformance suite's options.
func withOptions(o adaptertest.Options) envOption {
	return func(e *env) {
		if o.Clock != nil {
			e.bcfg.Clock = o.Clock
		}
		e.wrap = o.Wrap
	}
}

// syncBuffer is a log sink tests can search.
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

// newEnv starts the adapter against a fresh fake and waits until the
// gateway is ready. handler, when set, replaces the core as the adapter's
// handler (the core still posts through the adapter).
func newEnv(t testing.TB, handler bot.Handler, opts ...envOption) *env {
	t.Helper()
	fake := discordtest.New(t, token)
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	store := sqlitetest.Open(t)
	e := &env{
		fake: fake, logs: logs, store: store, handler: handler, log: log,
		bcfg:    core.Config{Store: store, Library: exercises.Builtin(), Clock: bot.SystemClock{}, Logger: log},
		dcfg:    discord.Config{Token: token, GuildIDs: []string{discordtest.GuildID}, BaseURL: fake.URL()},
		handled: map[string]int{}, changed: make(chan struct{}),
	}
	for _, o := range opts {
		o(e)
	}
	e.start(t)
	t.Cleanup(func() {
		e.cancel()
		select {
		case <-e.done:
			if e.err != nil {
				t.Errorf("Run returned %v", e.err)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("Run did not return after cancel")
		}
		if strings.Contains(logs.String(), token) {
			t.Errorf("the token appears in the log")
		}
	})
	return e
}

// start builds a core and an adapter on e's store and fake, runs the
// adapter and waits until it has identified with the gateway.
func (e *env) start(t testing.TB) {
	t.Helper()
	b, err := core.New(e.bcfg)
	if err != nil {
		t.Fatalf("core.New: %v", err)
	}
	a, err := discord.New(e.dcfg, e.log)
	if err != nil {
		t.Fatalf("discord.New: %v", err)
	}
	a.SetCommands(b.Router().Specs(), b.Complete)
	a.OnHandled(e.onHandled)
	b.AddAdapter(a)
	var h bot.Handler = b
	if e.handler != nil {
		h = e.handler
	}
	if e.wrap != nil {
		h = e.wrap(h)
	}
	identified, _ := e.fake.GatewayStats()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	e.bot, e.a, e.cancel, e.done = b, a, cancel, done
	go func() { e.err = a.Run(ctx, h); close(done) }()
	ready := make(chan bool, 1)
	go func() {
		ready <- e.fake.WaitIdentified(identified+1, 10*time.Second)
	}()
	select {
	case ok := <-ready:
		if !ok {
			t.Fatalf("adapter did not connect to the fake gateway")
		}
	case <-done:
		t.Fatalf("Run returned early: %v", e.err)
	}
}

func (e *env) onHandled(id string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.handled[id]++
	close(e.changed)
	e.changed = make(chan struct{})
}

// handledCount returns how many deliveries of interaction id the adapter is done with.
func (e *env) handledCount(id string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.handled[id]
}

// waitHandled waits until the adapter is done with n deliveries of id.
func (e *env) waitHandled(t testing.TB, id string, n int) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		e.mu.Lock()
		got, ch := e.handled[id], e.changed
		e.mu.Unlock()
		if got >= n {
			return
		}
		select {
		case <-ch:
		case <-deadline:
			t.Fatalf("the adapter is done with %d deliveries of interaction %s, want %d", got, id, n)
		}
	}
}

// driver plays people through the fake Discord; it implements
// adaptertest.Driver.
type driver struct {
	e    *env
	mu   sync.Mutex
	last map[string]*discordtest.Exchange
}

var _ adaptertest.Driver = (*driver)(nil)

func newDriver(t *testing.T, o adaptertest.Options) adaptertest.Driver {
	t.Parallel() // Session.Close sleeps 1 s: let scenarios overlap
	return &driver{e: newEnv(t, nil, withOptions(o)), last: map[string]*discordtest.Exchange{}}
}

// Stop ends the adapter's Run context, as SIGTERM does.
func (d *driver) Stop(t testing.TB) <-chan error {
	e := d.e
	e.cancel()
	out := make(chan error, 1)
	go func() { <-e.done; out <- e.err }()
	return out
}

// Restart stops the adapter and the core and starts new ones on the same
// database and the same fake Discord.
func (d *driver) Restart(t testing.TB) {
	e := d.e
	e.cancel()
	<-e.done
	if e.err != nil {
		t.Fatalf("Run: %v", e.err)
	}
	e.start(t)
}

func (d *driver) remember(user string, ex *discordtest.Exchange) {
	d.mu.Lock()
	d.last[strings.ToLower(user)] = ex
	d.mu.Unlock()
}

// seen waits for the bot's answer to ex, and for the adapter to be done
// with it, and describes what the person saw.
func (d *driver) seen(t testing.TB, ex *discordtest.Exchange) adaptertest.Seen {
	t.Helper()
	s := seen(t, ex)
	d.e.waitHandled(t, ex.ID, 1)
	return s
}

// Do types a slash command as a Discord client would send it: the line is
// parsed against the command tree the adapter registered with the fake.
func (d *driver) Do(t testing.TB, user, line string) adaptertest.Seen {
	t.Helper()
	name, opts := d.parse(t, line)
	ex := d.e.fake.Command(user, name, opts...)
	d.remember(user, ex)
	return d.seen(t, ex)
}

func (d *driver) parse(t testing.TB, line string) (string, []map[string]any) {
	t.Helper()
	toks := tokenize(strings.TrimPrefix(strings.TrimSpace(line), "/"))
	name := strings.ToLower(toks[0])
	toks = toks[1:]
	var cmd *discordgo.ApplicationCommand
	for _, raw := range d.e.fake.Commands(discordtest.GuildID) {
		var c discordgo.ApplicationCommand
		if err := json.Unmarshal(raw, &c); err != nil {
			t.Fatalf("registered command: %v", err)
		}
		if c.Name == name {
			cmd = &c
		}
	}
	if cmd == nil {
		// not registered: sent anyway, as a stale client could
		return name, nil
	}
	specs := cmd.Options
	var sub *discordgo.ApplicationCommandOption
	if len(specs) > 0 && specs[0].Type == discordgo.ApplicationCommandOptionSubCommand {
		if len(toks) == 0 {
			t.Fatalf("/%s needs a subcommand", name)
		}
		for _, s := range specs {
			if s.Name == strings.ToLower(toks[0]) {
				sub = s
			}
		}
		if sub == nil {
			t.Fatalf("/%s has no subcommand %q", name, toks[0])
		}
		specs, toks = sub.Options, toks[1:]
	}
	var opts []map[string]any
	used := map[string]bool{}
	pos := 0
	for _, tok := range toks {
		var spec *discordgo.ApplicationCommandOption
		val := tok
		if k, v, ok := strings.Cut(tok, ":"); ok {
			for _, s := range specs {
				if s.Name == strings.ToLower(k) {
					spec, val = s, v
				}
			}
		}
		if spec == nil {
			for pos < len(specs) && used[specs[pos].Name] {
				pos++
			}
			if pos == len(specs) {
				t.Fatalf("/%s: no option left for %q", name, tok)
			}
			spec = specs[pos]
		}
		used[spec.Name] = true
		opts = append(opts, d.option(spec, val))
	}
	if sub != nil {
		if opts == nil {
			opts = []map[string]any{}
		}
		return name, []map[string]any{{"name": sub.Name, "type": 1, "options": opts}}
	}
	return name, opts
}

func (d *driver) option(spec *discordgo.ApplicationCommandOption, val string) map[string]any {
	o := map[string]any{"name": spec.Name, "type": int(spec.Type), "value": val}
	switch spec.Type {
	case discordgo.ApplicationCommandOptionInteger:
		if n, err := strconv.Atoi(val); err == nil {
			o["value"] = n
		}
	case discordgo.ApplicationCommandOptionBoolean:
		o["value"] = val == "yes" || val == "true"
	case discordgo.ApplicationCommandOptionUser:
		o["value"] = d.e.fake.User(strings.TrimPrefix(val, "@")).ID
	}
	return o
}

func tokenize(s string) []string {
	var toks []string
	var cur strings.Builder
	in, quoted := false, false
	for _, r := range s {
		switch {
		case r == '"':
			quoted, in = !quoted, true
		case r == ' ' && !quoted:
			if in {
				toks = append(toks, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if in {
		toks = append(toks, cur.String())
	}
	return toks
}

// find returns the latest message user sees in the group channel with a
// button or menu option labelled label.
func (d *driver) find(t testing.TB, user, label string) (discordtest.Message, discordtest.Component, string) {
	t.Helper()
	uid := d.e.fake.User(user).ID
	msgs := d.e.fake.VisibleTo(uid, discordtest.GroupChannelID)
	for i := len(msgs) - 1; i >= 0; i-- {
		for _, row := range msgs[i].Components {
			for _, c := range row.Components {
				if c.Type == 2 && c.Label == label {
					return msgs[i], c, ""
				}
				for _, o := range c.Options {
					if o.Label == label {
						return msgs[i], c, o.Value
					}
				}
			}
		}
	}
	t.Fatalf("%s sees no %q", user, label)
	return discordtest.Message{}, discordtest.Component{}, ""
}

func (d *driver) Press(t testing.TB, user, label string) adaptertest.Seen {
	t.Helper()
	m, c, value := d.find(t, user, label)
	var ex *discordtest.Exchange
	if c.Type == 3 {
		ex = d.e.fake.Press(user, m, c.CustomID, value)
	} else {
		ex = d.e.fake.Press(user, m, c.CustomID)
	}
	d.remember(user, ex)
	return d.seen(t, ex)
}

func (d *driver) Choose(t testing.TB, user string, labels ...string) adaptertest.Seen {
	t.Helper()
	m, c, _ := d.find(t, user, labels[0])
	var values []string
	for _, l := range labels {
		for _, o := range c.Options {
			if o.Label == l {
				values = append(values, o.Value)
			}
		}
	}
	ex := d.e.fake.Press(user, m, c.CustomID, values...)
	d.remember(user, ex)
	return d.seen(t, ex)
}

func (d *driver) Fill(t testing.TB, user, label, text string) adaptertest.Seen {
	t.Helper()
	m, c, _ := d.find(t, user, label)
	open := d.e.fake.Press(user, m, c.CustomID).Settled(t)
	if open.Modal == nil {
		t.Fatalf("%q did not open a form: %+v", label, open)
	}
	ex := d.e.fake.Submit(user, m.ChannelID, *open.Modal, map[string]string{open.Modal.Inputs[0].CustomID: text}, &m)
	d.remember(user, ex)
	return d.seen(t, ex)
}

// Repeat delivers the person's latest interaction again, as a gateway replay
// would, and waits until the adapter is done with that delivery: answered,
// refused or dropped. A repeat that made any callback or follow-up, even
// one Discord refused, is not None.
func (d *driver) Repeat(t testing.TB, user string) adaptertest.Seen {
	t.Helper()
	ex := d.e.fake.Latest(user)
	if ex == nil {
		t.Fatalf("%s has sent no interaction", user)
	}
	before := ex.State()
	n := d.e.handledCount(ex.ID)
	d.e.fake.Redeliver(ex)
	d.e.waitHandled(t, ex.ID, n+1)
	s := ex.State()
	if s.Attempts == before.Attempts && len(s.Followups) == len(before.Followups) {
		return adaptertest.Seen{None: true}
	}
	if len(s.Rejected) > len(before.Rejected) {
		return adaptertest.Seen{Text: fmt.Sprintf("(answered again; Discord refused it with HTTP %v)", s.Rejected[len(before.Rejected):])}
	}
	return toSeen(s.Shown()[len(before.Shown()):])
}

func (d *driver) MakeAdmin(t testing.TB, user string) { d.e.fake.SetAdmin(user) }

func (d *driver) Channel(t testing.TB) []adaptertest.Seen {
	var out []adaptertest.Seen
	for _, m := range d.e.fake.Messages(discordtest.GroupChannelID) {
		out = append(out, toSeen([]discordtest.Message{m}))
	}
	return out
}

// seen waits for the bot's answer to ex and describes what the person saw.
func seen(t testing.TB, ex *discordtest.Exchange) adaptertest.Seen {
	t.Helper()
	s := ex.Settled(t)
	if s.Modal != nil {
		return adaptertest.Seen{Text: "(form) " + s.Modal.Title, Private: true}
	}
	shown := s.Shown()
	if len(shown) == 0 {
		return adaptertest.Seen{None: true}
	}
	return toSeen(shown)
}

func toSeen(ms []discordtest.Message) adaptertest.Seen {
	if len(ms) == 0 {
		return adaptertest.Seen{None: true}
	}
	var s adaptertest.Seen
	var texts []string
	s.Private = ms[0].Ephemeral()
	for _, m := range ms {
		texts = append(texts, m.Content)
		// components are shown under the text, as a client draws them
		for _, row := range m.Components {
			var line []string
			for _, c := range row.Components {
				if c.Type == 2 {
					s.Items = append(s.Items, c.Label)
					line = append(line, "["+c.Label+"]")
				}
				for _, o := range c.Options {
					s.Items = append(s.Items, o.Label)
					line = append(line, "("+o.Label+")")
				}
			}
			texts = append(texts, strings.Join(line, " "))
		}
		for _, f := range m.Files {
			s.Files = append(s.Files, f.Name)
		}
	}
	s.Text = strings.Join(texts, "\n")
	return s
}
