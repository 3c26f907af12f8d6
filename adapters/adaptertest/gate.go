package adaptertest

import (
	"context"
	"sync"
	"testing"
	"time"

	"groupwork/bot"
)

// gate wraps the core so that a scenario can hold one event in flight: the
// next event of a chosen person is held, before or after the core handled
// it, until the scenario releases it. Every other event passes.
type gate struct {
	next bot.Handler

	mu      sync.Mutex
	user    string // display name whose next event is held; "" for none
	after   bool   // hold after the core answered (else before it)
	held    chan struct{}
	release chan struct{}
	ctxErr  error // the held handler's ctx.Err() when released
}

func (g *gate) wrap(next bot.Handler) bot.Handler {
	g.next = next
	return g
}

// arm holds the next event of user.
func (g *gate) arm(user string, after bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.user, g.after = user, after
	g.held, g.release = make(chan struct{}), make(chan struct{})
}

func (g *gate) Handle(ctx context.Context, ev bot.Event) bot.Reply {
	g.mu.Lock()
	hold := g.user != "" && ev.Meta().User.Name == g.user
	var held, release chan struct{}
	after := g.after
	if hold {
		g.user = ""
		held, release = g.held, g.release
	}
	g.mu.Unlock()
	if !hold {
		return g.next.Handle(ctx, ev)
	}
	var rep bot.Reply
	if after {
		rep = g.next.Handle(ctx, ev)
	}
	close(held)
	<-release
	g.mu.Lock()
	g.ctxErr = ctx.Err()
	g.mu.Unlock()
	if !after {
		rep = g.next.Handle(ctx, ev)
	}
	return rep
}

// waitHeld waits until the armed event is held.
func (g *gate) waitHeld(t testing.TB) {
	t.Helper()
	g.mu.Lock()
	held := g.held
	g.mu.Unlock()
	select {
	case <-held:
	case <-time.After(10 * time.Second):
		t.Fatalf("the event to hold never reached the core")
	}
}

// open lets the held event go on.
func (g *gate) open() {
	g.mu.Lock()
	defer g.mu.Unlock()
	close(g.release)
}

// heldCtxErr returns the error of the context the adapter gave the held
// handler, as it was when the event was let go.
func (g *gate) heldCtxErr() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.ctxErr
}

// async runs f in a goroutine and returns a way to wait for its result.
func async(f func() Seen) func(t testing.TB) Seen {
	ch := make(chan Seen, 1)
	go func() { ch <- f() }()
	return func(t testing.TB) Seen {
		t.Helper()
		select {
		case s := <-ch:
			return s
		case <-time.After(10 * time.Second):
			t.Fatalf("no answer within 10 s")
			return Seen{}
		}
	}
}
