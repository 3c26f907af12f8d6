// Package discordtest is an in-repo fake Discord: an HTTP server that speaks
// the parts of the REST API v9 and of the gateway websocket that groupwork
// uses, so that the real discordgo client can be tested end to end without a
// network. It enforces the platform limits that matter (message length,
// component layout, the 3 s interaction deadline, one response per
// interaction, per-route rate limits) and records every violation, so a test
// can assert that an adapter never made one.
//
// Everything is kept in memory and guarded by one mutex; waiting helpers use
// channels with deadlines, never sleeps.
package discordtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Permission bits the fake knows about (Discord's values).
const (
	PermAdministrator      int64 = 1 << 3
	PermViewChannel        int64 = 1 << 10
	PermSendMessages       int64 = 1 << 11
	PermReadMessageHistory int64 = 1 << 16
	// PermDefault is what an ordinary member has in the fake guild.
	PermDefault = PermViewChannel | PermSendMessages | PermReadMessageHistory
)

// Fixed ids of the fake's world.
const (
	GuildID        = "100000000000000001"
	GroupChannelID = "100000000000000002"
	BotID          = "100000000000000009"
	AppID          = BotID
	OwnerID        = "100000000000000008"
	BotRoleID      = "100000000000000012" // the bot's own managed role
)

// Fake is a fake Discord server. Create it with New; it is closed with the test.
type Fake struct {
	tb    testing.TB
	srv   *httptest.Server
	token string

	// InteractionDeadline is how long after dispatch an interaction may be
	// answered (3 s on Discord).
	InteractionDeadline time.Duration
	// HeartbeatInterval is sent in Hello (milliseconds on the wire).
	HeartbeatInterval time.Duration

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced on every state change
	nextID   int64
	users    map[string]*User // by id
	byName   map[string]string
	channels map[string]*Channel
	roles    []*Role
	messages []*Message
	nonces   map[string]*Message // channel+"/"+nonce
	commands map[string][]json.RawMessage
	inters   map[string]*Exchange // by interaction id
	byToken  map[string]*Exchange
	requests []Request
	viols    []string
	limits   []*limit
	global   *bucket // SetGlobalLimit; nil for none
	buckets  map[string]*bucket
	gw       gateway
	msgSeq   int64
	exSeq    int64
}

// User is a person in the fake guild.
type User struct {
	ID         string `json:"id"`
	Username   string `json:"username"`
	GlobalName string `json:"global_name,omitempty"`
	Bot        bool   `json:"bot,omitempty"`
	Nick       string `json:"-"`
	Admin      bool   `json:"-"`
	Roles      []string
}

// Overwrite is a channel permission overwrite.
type Overwrite struct {
	ID    string `json:"id"`
	Type  int    `json:"type"` // 0 role, 1 member
	Allow int64  `json:"allow,string"`
	Deny  int64  `json:"deny,string"`
}

// Channel is a guild text channel or a DM.
type Channel struct {
	ID         string      `json:"id"`
	Type       int         `json:"type"`
	GuildID    string      `json:"guild_id,omitempty"`
	Name       string      `json:"name,omitempty"`
	ParentID   string      `json:"parent_id,omitempty"` // a thread's channel
	Overwrites []Overwrite `json:"permission_overwrites"`
	Recipient  string      `json:"-"`
}

// Role is a guild role.
type Role struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Permissions int64  `json:"permissions,string"`
	// Managed roles belong to an integration, like the role Discord gives
	// a bot when it joins a server.
	Managed bool `json:"managed"`
}

// Component is any message or modal component, as sent on the wire.
type Component struct {
	Type        int         `json:"type"`
	CustomID    string      `json:"custom_id,omitempty"`
	Label       string      `json:"label,omitempty"`
	Style       int         `json:"style,omitempty"`
	URL         string      `json:"url,omitempty"`
	Options     []Option    `json:"options,omitempty"`
	Placeholder string      `json:"placeholder,omitempty"`
	MinValues   *int        `json:"min_values,omitempty"`
	MaxValues   int         `json:"max_values,omitempty"`
	Required    *bool       `json:"required,omitempty"`
	MaxLength   int         `json:"max_length,omitempty"`
	Value       string      `json:"value,omitempty"`
	Components  []Component `json:"components,omitempty"`
}

// Option is a select menu option.
type Option struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// Attachment is a file sent with a message.
type Attachment struct {
	Name        string
	ContentType string
	Size        int
}

// Message is a message as the fake stores it.
type Message struct {
	ID         string
	ChannelID  string
	Content    string
	Components []Component
	Flags      int
	// VisibleTo is the only user who sees an ephemeral message.
	VisibleTo string
	Nonce     string
	// AllowedMentions is the raw allowed_mentions object; nil when absent.
	AllowedMentions json.RawMessage
	Files           []Attachment
	// Interaction is the id of the interaction this message answers, if any.
	Interaction string
	// Deferred marks a "thinking…" placeholder not yet filled in.
	Deferred bool
	Seq      int64 // bumped on every create or edit
	Edits    int
}

// Ephemeral reports whether only one person sees the message.
func (m *Message) Ephemeral() bool { return m.Flags&64 != 0 }

// Request is one REST request the fake served.
type Request struct {
	Method, Path string
	Status       int
	At           time.Time
}

// New starts a fake Discord that accepts the bot token token.
func New(tb testing.TB, token string) *Fake {
	tb.Helper()
	f := &Fake{
		tb: tb, token: token,
		InteractionDeadline: 3 * time.Second,
		HeartbeatInterval:   time.Second,
		changed:             make(chan struct{}),
		nextID:              200000000000000000,
		users:               map[string]*User{},
		byName:              map[string]string{},
		channels:            map[string]*Channel{},
		nonces:              map[string]*Message{},
		commands:            map[string][]json.RawMessage{},
		inters:              map[string]*Exchange{},
		byToken:             map[string]*Exchange{},
		buckets:             map[string]*bucket{},
	}
	f.gw.init()
	// Joining a server gives a bot a managed role of its own name.
	f.users[BotID] = &User{ID: BotID, Username: "groupwork", Bot: true, Roles: []string{BotRoleID}}
	f.users[OwnerID] = &User{ID: OwnerID, Username: "owner", GlobalName: "Server Owner"}
	f.channels[GroupChannelID] = &Channel{ID: GroupChannelID, Type: 0, GuildID: GuildID, Name: "tuesday-group",
		Overwrites: []Overwrite{{ID: GuildID, Type: 0, Deny: PermViewChannel}, {ID: BotID, Type: 1, Allow: PermDefault}}}
	f.roles = []*Role{
		{ID: GuildID, Name: "@everyone", Permissions: PermDefault},
		{ID: "100000000000000010", Name: "Admins", Permissions: PermAdministrator},
		{ID: "100000000000000011", Name: "Moderators", Permissions: PermDefault},
		{ID: BotRoleID, Name: "groupwork", Permissions: PermDefault, Managed: true},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/ws", f.serveGateway)
	mux.HandleFunc("/ws/", f.serveGateway)
	mux.HandleFunc("/api/v9/", f.serveREST)
	f.srv = httptest.NewServer(mux)
	tb.Cleanup(f.Close)
	return f
}

// SetToken changes the token the fake accepts, as resetting it in the
// developer portal does: the bot's token stops working.
func (f *Fake) SetToken(token string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.token = token
}

// URL is the base URL to give the adapter (Config.BaseURL).
func (f *Fake) URL() string { return f.srv.URL + "/" }

// Close stops the server and drops every gateway connection.
func (f *Fake) Close() {
	f.mu.Lock()
	f.gw.closeAll()
	f.mu.Unlock()
	f.srv.CloseClientConnections()
	f.srv.Close()
}

// newID returns a fresh snowflake-like id. Callers hold f.mu.
func (f *Fake) newID() string {
	f.nextID++
	return strconv.FormatInt(f.nextID, 10)
}

// touch wakes every waiter. Callers hold f.mu.
func (f *Fake) touch() {
	close(f.changed)
	f.changed = make(chan struct{})
}

// violation records a broken platform rule. Callers hold f.mu.
func (f *Fake) violation(format string, args ...any) {
	f.viols = append(f.viols, fmt.Sprintf(format, args...))
	f.touch()
}

// Violations returns every platform rule the client broke, in order.
func (f *Fake) Violations() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.viols...)
}

// Wait blocks until cond (called under the fake's lock) holds, or fails the
// test after timeout.
func (f *Fake) Wait(tb testing.TB, timeout time.Duration, what string, cond func() bool) {
	tb.Helper()
	if !f.waitFor(timeout, cond) {
		tb.Fatalf("fake discord: timed out after %v waiting for %s", timeout, what)
	}
}

func (f *Fake) waitFor(timeout time.Duration, cond func() bool) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		f.mu.Lock()
		ok := cond()
		ch := f.changed
		f.mu.Unlock()
		if ok {
			return true
		}
		select {
		case <-ch:
		case <-deadline.C:
			return false
		}
	}
}

// User returns the person called name, creating them on first use. Their
// global name is name; their id is a fresh snowflake.
func (f *Fake) User(name string) *User {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.userLocked(name)
}

func (f *Fake) userLocked(name string) *User {
	key := strings.ToLower(name)
	if id, ok := f.byName[key]; ok {
		return f.users[id]
	}
	u := &User{ID: f.newID(), Username: key, GlobalName: name}
	f.users[u.ID] = u
	f.byName[key] = u.ID
	return u
}

// SetAdmin gives the person called name the Administrator permission (as a
// member of the Admins role).
func (f *Fake) SetAdmin(name string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	u := f.userLocked(name)
	u.Admin = true
	u.Roles = append(u.Roles, "100000000000000010")
}

// SetNick sets the person's server nickname.
func (f *Fake) SetNick(name, nick string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.userLocked(name).Nick = nick
}

// Messages returns the messages in channelID that everyone there sees
// (channel posts and public interaction responses), oldest first.
func (f *Fake) Messages(channelID string) []Message {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Message
	for _, m := range f.messages {
		if m.ChannelID == channelID && !m.Ephemeral() && !m.Deferred {
			out = append(out, *m)
		}
	}
	return out
}

// AllMessages returns every message, ephemeral ones included, oldest first.
func (f *Fake) AllMessages() []Message {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]Message, len(f.messages))
	for i, m := range f.messages {
		out[i] = *m
	}
	return out
}

// VisibleTo returns the messages user sees in channelID (public ones and
// ephemeral ones addressed to them), in the order they were last changed.
func (f *Fake) VisibleTo(userID, channelID string) []Message {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Message
	for _, m := range f.messages {
		if m.ChannelID != channelID || m.Deferred {
			continue
		}
		if m.Ephemeral() && m.VisibleTo != userID {
			continue
		}
		out = append(out, *m)
	}
	sortBySeq(out)
	return out
}

func sortBySeq(ms []Message) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && ms[j].Seq < ms[j-1].Seq; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}

// Commands returns the command tree last registered for guildID ("" for
// global commands), as raw JSON objects.
func (f *Fake) Commands(guildID string) []json.RawMessage {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]json.RawMessage(nil), f.commands[guildID]...)
}

// Requests returns every REST request served so far.
func (f *Fake) Requests() []Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Request(nil), f.requests...)
}

// Channel returns a copy of a channel, or nil.
func (f *Fake) Channel(id string) *Channel {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.channels[id]
	if !ok {
		return nil
	}
	cp := *c
	cp.Overwrites = append([]Overwrite(nil), c.Overwrites...)
	return &cp
}

// Responses returns every interaction exchange, in dispatch order.
func (f *Fake) Responses() []*Exchange {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]*Exchange, 0, len(f.inters))
	for _, e := range f.inters {
		out = append(out, e)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].seq < out[j-1].seq; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// AddRole adds a guild role with base permissions perms and returns its id.
func (f *Fake) AddRole(name string, perms int64) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := f.newID()
	f.roles = append(f.roles, &Role{ID: id, Name: name, Permissions: perms})
	return id
}

// SetOverwrites replaces the permission overwrites of a channel.
func (f *Fake) SetOverwrites(channelID string, ows ...Overwrite) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.channels[channelID].Overwrites = append([]Overwrite(nil), ows...)
}
