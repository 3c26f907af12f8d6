package bottest

import (
	"context"
	"fmt"
	"sync"

	"groupwork/bot"
)

// Posted is one message the bot sent.
type Posted struct {
	Ref     bot.MessageRef
	To      string // channel id, or "dm:<user id>"
	Message bot.Message
}

// Adapter is a recording fake adapter. It is safe for concurrent use.
type Adapter struct {
	platform string
	// OnPost, when set, is called with every message sent (under no lock).
	OnPost func(Posted)
	// FailPost, when set, is returned by Post and DirectMessage.
	FailPost error

	mu    sync.Mutex
	posts []Posted
}

var (
	_ bot.Adapter         = (*Adapter)(nil)
	_ bot.DirectMessenger = (*Adapter)(nil)
)

// NewAdapter returns a fake adapter for the named platform.
func NewAdapter(platform string) *Adapter { return &Adapter{platform: platform} }

// Platform returns the platform name.
func (a *Adapter) Platform() string { return a.platform }

// Run blocks until ctx ends: events are injected by the harness instead.
func (a *Adapter) Run(ctx context.Context, h bot.Handler) error {
	<-ctx.Done()
	return nil
}

// Post records m as posted into channelID.
func (a *Adapter) Post(ctx context.Context, channelID string, m bot.Message) (bot.MessageRef, error) {
	return a.record(channelID, m)
}

// DirectMessage records m as sent privately to userID.
func (a *Adapter) DirectMessage(ctx context.Context, userID string, m bot.Message) (bot.MessageRef, error) {
	return a.record("dm:"+userID, m)
}

func (a *Adapter) record(to string, m bot.Message) (bot.MessageRef, error) {
	a.mu.Lock()
	if a.FailPost != nil {
		err := a.FailPost
		a.mu.Unlock()
		return bot.MessageRef{}, err
	}
	p := Posted{To: to, Message: m, Ref: bot.MessageRef{ChannelID: to, MessageID: fmt.Sprintf("m%d", len(a.posts)+1)}}
	a.posts = append(a.posts, p)
	hook := a.OnPost
	a.mu.Unlock()
	if hook != nil {
		hook(p)
	}
	return p.Ref, nil
}

// Posts returns a copy of everything sent so far.
func (a *Adapter) Posts() []Posted {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]Posted(nil), a.posts...)
}
