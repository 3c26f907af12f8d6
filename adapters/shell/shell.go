// Package shell is a terminal adapter: people are played by typing, or by a
// script (the demo), through the same core, router and store as Discord and
// Slack. Everything said is printed as a readable transcript.
package shell

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"reflect"
	"strings"
	"sync"
	"time"

	"groupwork/bot"
)

// Platform is the adapter's platform name.
const Platform = "shell"

// Adapter is the shell adapter. One Adapter is one terminal with one group
// channel; any number of people take turns at it. It is safe for concurrent
// use, though a terminal is naturally used by one goroutine.
type Adapter struct {
	channel string
	clock   bot.Clock

	mu      sync.Mutex
	out     io.Writer
	h       bot.Handler
	parser  CommandParser
	users   map[string]bot.User     // by lower-case name
	private map[string]*bot.Message // each person's last private message
	public  *bot.Message            // the channel's last post
	view    map[string]*bot.Message // the last message each person was shown
	last    map[string]bot.Event    // each person's last event, for Repeat
	posts   []bot.Message
	seq     int
	// prefix makes delivery ids unique across runs: the store remembers
	// delivery ids, so ids that started again from shell-1 would make a
	// reopened database ignore the first commands as repeats.
	prefix string

	stopping bool
	inflight sync.WaitGroup     // deliveries being handled
	drainFor time.Duration      // how long Run waits for them
	abortCtx context.Context    // cancelled when that wait times out
	abort    context.CancelFunc // cancels abortCtx
}

var (
	_ bot.Adapter         = (*Adapter)(nil)
	_ bot.DirectMessenger = (*Adapter)(nil)
)

// Option configures an Adapter.
type Option func(*Adapter)

// WithClock stamps each transcript line with the clock's time in loc.
func WithClock(c bot.Clock) Option { return func(a *Adapter) { a.clock = c } }

// WithDrainTimeout sets how long Run, once its context ends, waits for
// handlers in flight before cancelling their context (8 s unless set).
func WithDrainTimeout(d time.Duration) Option { return func(a *Adapter) { a.drainFor = d } }

// New returns a shell adapter writing its transcript to out. The group
// channel is called channel ("#group" when empty).
func New(out io.Writer, channel string, opts ...Option) *Adapter {
	if channel == "" {
		channel = "group"
	}
	a := &Adapter{channel: channel, out: out, users: map[string]bot.User{}, private: map[string]*bot.Message{}, view: map[string]*bot.Message{}, last: map[string]bot.Event{},
		prefix: "shell-" + randomHex(4) + "-", drainFor: 8 * time.Second}
	a.abortCtx, a.abort = context.WithCancel(context.Background())
	for _, o := range opts {
		o(a)
	}
	return a
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

// Platform returns "shell".
func (a *Adapter) Platform() string { return Platform }

// Channel returns the id of the one channel.
func (a *Adapter) Channel() string { return a.channel }

// SetHandler sets the core that receives what people do. Run sets it too.
func (a *Adapter) SetHandler(h bot.Handler) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.h = h
}

// CommandParser parses typed command lines; *bot.Router is one.
type CommandParser interface {
	ParseCommandLine(line string, resolve bot.UserResolver) (*bot.Command, error)
}

// SetCommands sets the parser for typed commands.
func (a *Adapter) SetCommands(p CommandParser) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.parser = p
}

// Run sets the handler and blocks until ctx ends; input arrives through Do,
// Press, Fill and Console. When ctx ends, what people do is refused, and
// Run returns once the handlers in flight have finished and shown their
// answers: their context is not cancelled by the stop, only when they
// outlast the drain timeout (see WithDrainTimeout).
func (a *Adapter) Run(ctx context.Context, h bot.Handler) error {
	a.SetHandler(h)
	<-ctx.Done()
	a.mu.Lock()
	a.stopping = true
	a.mu.Unlock()
	done := make(chan struct{})
	go func() { a.inflight.Wait(); close(done) }()
	timer := time.NewTimer(a.drainFor)
	defer timer.Stop()
	select {
	case <-done:
		return nil
	case <-timer.C:
	}
	a.abort()
	select {
	case <-done:
	case <-time.After(time.Second): // a handler that ignores its context
	}
	return nil
}

// Post prints m as posted into the channel.
func (a *Adapter) Post(ctx context.Context, channelID string, m bot.Message) (bot.MessageRef, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.showPublic(&m)
	a.printf("%sbot in #%s:\n%s\n", a.stamp(), channelID, indent(render(&m)))
	return bot.MessageRef{ChannelID: channelID, MessageID: fmt.Sprintf("m%d", len(a.posts))}, nil
}

// DirectMessage prints m as a private message to one person.
func (a *Adapter) DirectMessage(ctx context.Context, userID string, m bot.Message) (bot.MessageRef, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.private[userID], a.view[userID] = &m, &m
	a.printf("%sbot to %s (direct message):\n%s\n", a.stamp(), a.nameOf(userID), indent(render(&m)))
	return bot.MessageRef{ChannelID: "dm:" + userID, MessageID: fmt.Sprintf("dm%d", len(a.posts))}, nil
}

// Posts returns the messages posted into the channel so far.
func (a *Adapter) Posts() []bot.Message {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]bot.Message(nil), a.posts...)
}

// Person returns the user called name, creating them on first mention. Their
// id is their lower-case name.
func (a *Adapter) Person(name string) bot.User {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.person(name)
}

func (a *Adapter) person(name string) bot.User {
	key := strings.ToLower(strings.TrimPrefix(name, "@"))
	if u, ok := a.users[key]; ok {
		return u
	}
	display := strings.TrimPrefix(name, "@")
	u := bot.User{ID: key, Name: display}
	a.users[key] = u
	return u
}

// MakeAdmin marks the person as a platform administrator (which gives them
// nothing in groupwork: the point of the flag is to prove that).
func (a *Adapter) MakeAdmin(name string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	u := a.person(name)
	u.PlatformAdmin = true
	a.users[u.ID] = u
}

// showPublic records a channel post: everyone now looks at it. Callers hold a.mu.
func (a *Adapter) showPublic(m *bot.Message) {
	a.public = m
	a.posts = append(a.posts, *m)
	for _, u := range a.users {
		a.view[u.ID] = m
	}
}

func (a *Adapter) nameOf(id string) string {
	if u, ok := a.users[id]; ok {
		return u.Name
	}
	return id
}

func (a *Adapter) stamp() string {
	if a.clock == nil {
		return ""
	}
	return "[" + a.clock.Now().Format("Mon 2 Jan 15:04") + "] "
}

func (a *Adapter) printf(format string, args ...any) {
	fmt.Fprintf(a.out, format, args...)
}

// Say prints a narrator's line into the transcript (used by the demo).
func (a *Adapter) Say(format string, args ...any) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.printf("\n== "+format+"\n", args...)
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}

// render shows a message as it was written, except that characters that
// could disguise text (bidi overrides, controls) are shown as codes.
func render(m *bot.Message) string {
	text, _ := bot.Render(m)
	return bot.ShowControls(text)
}

var _ bot.ChannelManager = (*Adapter)(nil)

// CreatePrivateChannel is refused: a terminal has exactly one channel.
func (a *Adapter) CreatePrivateChannel(ctx context.Context, place bot.Place, name string, userIDs []string) (string, error) {
	return "", &bot.Error{Code: bot.EInvalid, Msg: "The terminal has only one channel; use /group create without channel:new."}
}

// Grant does nothing: everyone at the terminal sees the one channel.
func (a *Adapter) Grant(ctx context.Context, channelID, userID string) error { return nil }

// Revoke does nothing, for the same reason.
func (a *Adapter) Revoke(ctx context.Context, channelID, userID string) error { return nil }

// Outsiders is always empty: nobody outside the people typing reads a terminal.
func (a *Adapter) Outsiders(ctx context.Context, channelID string, userIDs []string) ([]string, error) {
	return nil, nil
}

var _ bot.Editor = (*Adapter)(nil)

// Edit replaces a message posted into the channel: the transcript shows
// the new version, and people then see and press that version (the live
// hour's go-around and countdowns edit one message rather than post anew).
func (a *Adapter) Edit(ctx context.Context, ref bot.MessageRef, m bot.Message) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	var i int
	if _, err := fmt.Sscanf(ref.MessageID, "m%d", &i); err != nil || i < 1 || i > len(a.posts) || ref.ChannelID != a.channel {
		return fmt.Errorf("shell: no message %q in #%s", ref.MessageID, ref.ChannelID)
	}
	old := a.posts[i-1]
	a.posts[i-1] = m
	// Whoever was looking at the old version now sees the new one.
	nm := &m
	if a.public != nil && reflect.DeepEqual(*a.public, old) {
		a.public = nm
	}
	for id, v := range a.view {
		if v != nil && reflect.DeepEqual(*v, old) {
			a.view[id] = nm
		}
	}
	a.printf("%sbot edited its message %s in #%s:\n%s\n", a.stamp(), ref.MessageID, ref.ChannelID, indent(render(&m)))
	return nil
}
