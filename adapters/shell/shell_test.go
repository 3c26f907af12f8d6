package shell_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"groupwork/adapters/adaptertest"
	"groupwork/adapters/shell"
	"groupwork/bot"
	"groupwork/core"
	"groupwork/exercises"
	"groupwork/storage/sqlite"
	"groupwork/storage/sqlite/sqlitetest"
)

// newShell wires a shell adapter to a real core and a real SQLite file.
func newShell(t testing.TB) (*shell.Adapter, *bytes.Buffer) {
	t.Helper()
	var out bytes.Buffer
	a, _ := wire(t, &out, sqlitetest.Open(t), adaptertest.Options{})
	return a, &out
}

// wire builds a core on store and a shell adapter for it; the returned
// handler is what the adapter runs with.
func wire(t testing.TB, out io.Writer, store *sqlite.DB, o adaptertest.Options) (*shell.Adapter, bot.Handler) {
	t.Helper()
	a := shell.New(out, "group")
	b, err := core.New(core.Config{Store: store, Library: exercises.Builtin(), Clock: o.Clock})
	if err != nil {
		t.Fatal(err)
	}
	b.AddAdapter(a)
	var h bot.Handler = b
	if o.Wrap != nil {
		h = o.Wrap(b)
	}
	a.SetHandler(h)
	a.SetCommands(b.Router())
	return a, h
}

// driver plays people at the shell while the adapter runs, with the run's
// context, as the console does.
type driver struct {
	a      *shell.Adapter
	store  *sqlite.DB
	o      adaptertest.Options
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{} // closed when Run returned, with err set
	err    error
}

func newDriver(t *testing.T, o adaptertest.Options) adaptertest.Driver {
	store := sqlitetest.Open(t)
	d := &driver{store: store, o: o}
	d.start(t)
	t.Cleanup(func() { d.cancel(); <-d.done })
	return d
}

func (d *driver) start(t testing.TB) {
	a, h := wire(t, io.Discard, d.store, d.o)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { d.err = a.Run(ctx, h); close(done) }()
	d.a, d.ctx, d.cancel, d.done = a, ctx, cancel, done
}

func (d *driver) Stop(t testing.TB) <-chan error {
	d.cancel()
	out := make(chan error, 1)
	go func() { <-d.done; out <- d.err }()
	return out
}

func (d *driver) Restart(t testing.TB) {
	d.cancel()
	<-d.done
	if d.err != nil {
		t.Fatalf("Run: %v", d.err)
	}
	d.start(t)
}

func seen(t testing.TB, r shell.Result) adaptertest.Seen {
	t.Helper()
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if r.Reply.Message == nil {
		return adaptertest.Seen{None: r.Reply.Form == nil}
	}
	text, items := bot.Render(r.Reply.Message)
	s := adaptertest.Seen{Text: text, Private: r.Reply.Private}
	for _, it := range items {
		s.Items = append(s.Items, it.Label)
	}
	for _, b := range r.Reply.Message.Blocks {
		if f, ok := b.(*bot.File); ok {
			s.Files = append(s.Files, f.Name)
		}
	}
	return s
}

func (d *driver) Do(t testing.TB, user, line string) adaptertest.Seen {
	return seen(t, d.a.Do(d.ctx, user, line))
}
func (d *driver) Press(t testing.TB, user, label string) adaptertest.Seen {
	return seen(t, d.a.Press(d.ctx, user, label))
}
func (d *driver) Choose(t testing.TB, user string, labels ...string) adaptertest.Seen {
	return seen(t, d.a.Choose(d.ctx, user, labels...))
}
func (d *driver) Fill(t testing.TB, user, label, text string) adaptertest.Seen {
	return seen(t, d.a.Fill(d.ctx, user, label, text))
}
func (d *driver) Repeat(t testing.TB, user string) adaptertest.Seen {
	return seen(t, d.a.Repeat(d.ctx, user))
}
func (d *driver) MakeAdmin(t testing.TB, user string) { d.a.MakeAdmin(user) }
func (d *driver) Channel(t testing.TB) []adaptertest.Seen {
	var out []adaptertest.Seen
	for _, m := range d.a.Posts() {
		text, _ := bot.Render(&m)
		out = append(out, adaptertest.Seen{Text: text})
	}
	return out
}

func TestConformance(t *testing.T) {
	adaptertest.Run(t, newDriver)
}

func TestConsole(t *testing.T) {
	a, out := newShell(t)
	script := strings.Join([]string{
		`/group create "Console group"`,
		"/group add @Ana",
		"/exercise start roll-call",
		"/as Ana",
		"2", // the channel's roll call: [1] I'm here [2] Running late …
		"/privacy accept",
		"/as Tess",
		"/exercise start session-reflection",
		"/as Ana",
		"1",  // Start
		"4",  // usefulness 4
		"99", // no such button
		"1",  // Write my answer → form
		"Breathing slowly",
		"/review group", // refused: Ana is a member
		"hello",
		"/quit",
		"/as Never", // after /quit: not read
	}, "\n")
	if err := a.Console(context.Background(), strings.NewReader(script), "Tess"); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"You are Tess.",
		"Group **Console group** is set up",
		"You are now Ana.",
		"Ana presses [Running late]",
		"Before anything you answer can be saved", // consent gate on the roll call
		"Ana presses [4]",
		"fills in the form",
		"Only this group's therapists and observers can use /review group.",
		"Type a command starting with /",
		"there is no [99] here",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("console output lacks %q", want)
		}
	}
	if strings.Contains(got, "Breathing slowly") {
		t.Errorf("the transcript must not echo what a member wrote in a form")
	}
	if strings.Contains(got, "You are now Never") {
		t.Errorf("input after /quit was read")
	}
}

// TestConsoleNumbersReachEarlierButtons: after a plain confirmation, the
// numbers refer to the newest message that has buttons, as scrolling up
// would, and the console says so.
func TestConsoleNumbersReachEarlierButtons(t *testing.T) {
	a, out := newShell(t)
	script := strings.Join([]string{
		`/group create "G"`,
		"/group add @Ana",
		"/exercise start roll-call",
		"/as Ana",
		"/privacy accept", // a confirmation without buttons
		"1",               // the roll call's first button
		"/quit",
	}, "\n")
	if err := a.Console(context.Background(), strings.NewReader(script), "Tess"); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{"(pressing on the earlier message: **Are you joining today's session?**)", "Ana presses [I'm here]", "I noted: I'm here"} {
		if !strings.Contains(got, want) {
			t.Errorf("console output lacks %q:\n%s", want, got)
		}
	}
}
