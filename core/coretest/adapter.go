package coretest

import (
	"context"
	"fmt"
	"slices"
	"strings"
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
	// OnEdit, when set, is called with every edited message (under no lock).
	OnEdit func(Posted)

	// Readers are people who can read every channel whatever the group (as
	// server administrators can); Outsiders reports those not in the group.
	Readers []string
	// Public and Unjoined name channels CheckChannel reports as public, or
	// as not joined by the bot; every other channel is private and joined.
	Public, Unjoined []string

	mu       sync.Mutex
	posts    []Posted
	access   map[string]map[string]bool // channel → user → may read
	channels int
}

var (
	_ bot.Adapter         = (*Adapter)(nil)
	_ bot.DirectMessenger = (*Adapter)(nil)
	_ bot.ChannelManager  = (*Adapter)(nil)
	_ bot.Editor          = (*Adapter)(nil)
	_ bot.ChannelChecker  = (*Adapter)(nil)
)

// CheckChannel reports the channel as Public and Unjoined say.
func (a *Adapter) CheckChannel(ctx context.Context, channelID string) (private, joined bool, err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return !slices.Contains(a.Public, channelID), !slices.Contains(a.Unjoined, channelID), nil
}

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

// Edit replaces the message ref names: Posts then returns the new version.
// An unknown ref is an error, as on a platform.
func (a *Adapter) Edit(ctx context.Context, ref bot.MessageRef, m bot.Message) error {
	a.mu.Lock()
	for i, p := range a.posts {
		if p.Ref == ref {
			a.posts[i].Message = m
			p.Message = m
			hook := a.OnEdit
			a.mu.Unlock()
			if hook != nil {
				hook(p)
			}
			return nil
		}
	}
	a.mu.Unlock()
	return fmt.Errorf("no message %s in %s", ref.MessageID, ref.ChannelID)
}

// Posts returns a copy of everything sent so far.
func (a *Adapter) Posts() []Posted {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]Posted(nil), a.posts...)
}

// CreatePrivateChannel records a new channel readable by userIDs.
func (a *Adapter) CreatePrivateChannel(ctx context.Context, place bot.Place, name string, userIDs []string) (string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.channels++
	id := fmt.Sprintf("private-%d", a.channels)
	for _, u := range userIDs {
		a.setAccess(id, u, true)
	}
	return id, nil
}

// Grant records that userID may read channelID.
func (a *Adapter) Grant(ctx context.Context, channelID, userID string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.setAccess(channelID, userID, true)
	return nil
}

// Revoke records that userID may no longer read channelID.
func (a *Adapter) Revoke(ctx context.Context, channelID, userID string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.setAccess(channelID, userID, false)
	return nil
}

func (a *Adapter) setAccess(channelID, userID string, ok bool) {
	if a.access == nil {
		a.access = map[string]map[string]bool{}
	}
	if a.access[channelID] == nil {
		a.access[channelID] = map[string]bool{}
	}
	a.access[channelID][userID] = ok
}

// CanRead reports whether Grant (and no later Revoke) gave userID access.
func (a *Adapter) CanRead(channelID, userID string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.access[channelID][userID]
}

// Outsiders returns the Readers not in userIDs.
func (a *Adapter) Outsiders(ctx context.Context, channelID string, userIDs []string) ([]string, error) {
	in := map[string]bool{}
	for _, u := range userIDs {
		in[u] = true
	}
	var out []string
	for _, r := range a.Readers {
		if !in["u-"+strings.ToLower(r)] {
			out = append(out, r)
		}
	}
	return out, nil
}
