package slacktest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// Fixed ids of the fake's world.
const (
	TeamID      = "T0FAKE0001"
	OtherTeamID = "T0OTHER002"
	BotUserID   = "U0BOT00001"
	BotID       = "B0BOT00001"
	AppID       = "A0APP00001"
	// VerificationToken is the deprecated token field every payload carries.
	VerificationToken = "fake-verification-token"
)

// Role is a person's role in the workspace.
type Role int

// Workspace roles, as users.info reports them.
const (
	RoleMember Role = iota
	RoleAdmin
	RoleOwner
	RolePrimaryOwner
)

// User is a person (or the bot) in a workspace.
type User struct {
	ID       string
	Name     string // username, lower case
	RealName string
	TeamID   string
	Role     Role
	Bot      bool
	Deleted  bool
}

// Channel is a conversation: a public or private channel, or an IM.
type Channel struct {
	ID       string
	Name     string
	Private  bool
	IM       bool
	User     string // the other party of an IM
	Creator  string
	Members  []string
	Archived bool
	Created  int64
}

func (c *Channel) has(userID string) bool {
	for _, m := range c.Members {
		if m == userID {
			return true
		}
	}
	return false
}

// File is a file shared in a message.
type File struct {
	ID, Name, Title string
}

// Message is a message as the fake stores it.
type Message struct {
	Channel  string
	TS       string
	ThreadTS string
	User     string // who posted it (BotUserID for the bot)
	Text     string
	Blocks   json.RawMessage // the raw blocks array, nil when none
	// Ephemeral messages are seen by VisibleTo only.
	Ephemeral bool
	VisibleTo string
	// Via is how it was made: "chat.postMessage", "chat.postEphemeral",
	// "response_url", "ack", "files.completeUploadExternal" or "user".
	Via     string
	Deleted bool
	Edits   int
	Seq     int64 // bumped on every create or edit
	Files   []File
	// Exchange is the id of the delivery a response_url or ack message answers.
	Exchange string
	// At is when the fake stored it (for measuring posting rates).
	At time.Time
}

// View is a modal the bot opened.
type View struct {
	ID              string
	ExternalID      string
	CallbackID      string
	PrivateMetadata string
	Title           string
	Blocks          json.RawMessage
	Raw             json.RawMessage // the view object as last sent
	User            string
	Hash            string
	RootID          string
	PreviousID      string
	Stack           int // 1 for a root view, 2–3 for pushed ones
	Updates         int
	Closed          bool
	NotifyOnClose   bool
	// Errors are the field errors of the last submission answered with
	// response_action "errors".
	Errors map[string]string
}

// Upload is a file sent through the external upload flow.
type Upload struct {
	FileID         string
	Filename       string
	Title          string
	AltText        string
	Length         int
	Data           []byte
	Uploaded       bool
	Completed      bool
	Channel        string
	InitialComment string
	ThreadTS       string
}

// Request is one Web API call the fake served.
type Request struct {
	Method string // e.g. "chat.postMessage"
	Status int
	OK     bool
	Error  string
	At     time.Time
}

// Fake is a fake Slack server. Create it with New; it is closed with the test.
type Fake struct {
	tb  testing.TB
	srv *httptest.Server

	// AckDeadline is how long after delivery an ack is on time (3 s).
	AckDeadline time.Duration
	// TriggerLife is how long a trigger id can open a view (3 s).
	TriggerLife time.Duration
	// PingInterval is how often the fake pings Socket Mode clients;
	// slack-go drops a connection not pinged for 30 s.
	PingInterval time.Duration
	// DisconnectGrace is how long after Disconnect the fake itself closes the
	// socket if the client has not.
	DisconnectGrace time.Duration

	mu        sync.Mutex
	changed   chan struct{}
	botToken  string
	appToken  string
	secret    string
	idSeq     int64
	tsBase    int64
	tsSeq     int64
	msgSeq    int64
	users     map[string]*User
	byName    map[string]string
	channels  map[string]*Channel
	ims       map[string]string // user id -> IM channel id
	messages  []*Message
	views     []*View
	triggers  map[string]*trigger
	responses map[string]*responseURL
	uploads   map[string]*Upload
	upOrder   []string
	requests  []Request
	viols     []string
	limit     postLimit
	buckets   map[string]*tokenBucket
	sock      socketState
	http      *Endpoints
	exchanges []*Exchange
	byEnv     map[string]*Exchange
	client    *http.Client
	closed    bool
	faults    map[string][]Fault
}

type trigger struct {
	ex     *Exchange
	issued time.Time
	used   bool
	user   string
}

type responseURL struct {
	ex     *Exchange
	issued time.Time
	uses   int
}

// New starts a fake Slack with one workspace (TeamID), the bot, and fresh
// tokens and signing secret.
func New(tb testing.TB) *Fake {
	tb.Helper()
	f := &Fake{
		tb:              tb,
		AckDeadline:     3 * time.Second,
		TriggerLife:     3 * time.Second,
		PingInterval:    5 * time.Second,
		DisconnectGrace: 10 * time.Second,
		changed:         make(chan struct{}),
		botToken:        "xoxb-1000-2000-fakebottoken",
		appToken:        "xapp-1-A0APP00001-3000-fakeapptoken",
		secret:          "8f742231b10e8888abcd99yyyzzz85a5",
		tsBase:          time.Now().Unix(),
		users:           map[string]*User{},
		byName:          map[string]string{},
		channels:        map[string]*Channel{},
		ims:             map[string]string{},
		triggers:        map[string]*trigger{},
		responses:       map[string]*responseURL{},
		uploads:         map[string]*Upload{},
		buckets:         map[string]*tokenBucket{},
		byEnv:           map[string]*Exchange{},
		faults:          map[string][]Fault{},
		limit:           postLimit{interval: time.Second, burst: 3},
		client:          &http.Client{Timeout: 30 * time.Second},
	}
	f.sock.init()
	f.users[BotUserID] = &User{ID: BotUserID, Name: "groupwork", RealName: "groupwork", TeamID: TeamID, Bot: true}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/upload/", f.serveUpload)
	mux.HandleFunc("/api/", f.serveAPI)
	mux.HandleFunc("/socket", f.serveSocket)
	mux.HandleFunc("/response/", f.serveResponseURL)
	f.srv = httptest.NewServer(mux)
	tb.Cleanup(f.Close)
	return f
}

// APIURL is the Web API base to give slack.OptionAPIURL; it ends in "/".
func (f *Fake) APIURL() string { return f.srv.URL + "/api/" }

// URL is the server's root, e.g. "http://127.0.0.1:1234".
func (f *Fake) URL() string { return f.srv.URL }

// BotToken is the bot token the fake accepts.
func (f *Fake) BotToken() string { f.mu.Lock(); defer f.mu.Unlock(); return f.botToken }

// AppToken is the app-level token apps.connections.open accepts.
func (f *Fake) AppToken() string { f.mu.Lock(); defer f.mu.Unlock(); return f.appToken }

// SigningSecret is the secret HTTP deliveries are signed with.
func (f *Fake) SigningSecret() string { f.mu.Lock(); defer f.mu.Unlock(); return f.secret }

// SetBotToken changes the bot token the fake accepts, as a reinstall does:
// the old one gets invalid_auth.
func (f *Fake) SetBotToken(tok string) { f.mu.Lock(); defer f.mu.Unlock(); f.botToken = tok }

// SetAppToken changes the app-level token.
func (f *Fake) SetAppToken(tok string) { f.mu.Lock(); defer f.mu.Unlock(); f.appToken = tok }

// SetSigningSecret changes the signing secret.
func (f *Fake) SetSigningSecret(s string) { f.mu.Lock(); defer f.mu.Unlock(); f.secret = s }

// Close stops the server and drops every socket.
func (f *Fake) Close() {
	f.mu.Lock()
	if f.closed {
		f.mu.Unlock()
		return
	}
	f.closed = true
	f.sock.closeAll()
	f.touch()
	f.mu.Unlock()
	f.srv.CloseClientConnections()
	f.srv.Close()
}

// newID returns a fresh id with the given prefix. Callers hold f.mu.
func (f *Fake) newID(prefix string) string {
	f.idSeq++
	return fmt.Sprintf("%s%08d", prefix, f.idSeq)
}

// newTS returns a fresh, increasing message timestamp. Callers hold f.mu.
func (f *Fake) newTS() string {
	f.tsSeq++
	return fmt.Sprintf("%d.%06d", f.tsBase+f.tsSeq/1000000, f.tsSeq%1000000)
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

// Violations returns every platform rule the app broke, in order.
func (f *Fake) Violations() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.viols...)
}

// Wait blocks until cond holds, or fails the test after timeout. cond is
// called under the fake's lock: it may read the fake's state but must not
// call the fake's methods (WaitMessage, WaitView and Exchange.Wait call
// theirs without the lock).
func (f *Fake) Wait(tb testing.TB, timeout time.Duration, what string, cond func() bool) {
	tb.Helper()
	if !f.waitFor(timeout, cond) {
		tb.Fatalf("fake slack: timed out after %v waiting for %s", timeout, what)
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

// User returns the person called name in TeamID, creating an ordinary
// member on first use.
func (f *Fake) User(name string) *User {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.userLocked(name, TeamID)
}

// UserInTeam returns the person called name, creating them in teamID on
// first use (another workspace's people reach a shared channel this way).
func (f *Fake) UserInTeam(name, teamID string) *User {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.userLocked(name, teamID)
}

func (f *Fake) userLocked(name, team string) *User {
	key := strings.ToLower(name)
	if id, ok := f.byName[key]; ok {
		return f.users[id]
	}
	u := &User{ID: f.newID("U"), Name: strings.ReplaceAll(key, " ", "."), RealName: name, TeamID: team}
	f.users[u.ID] = u
	f.byName[key] = u.ID
	return u
}

// SetRole changes the workspace role of the person called name.
func (f *Fake) SetRole(name string, r Role) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.userLocked(name, TeamID).Role = r
}

// SetDeleted deactivates (or reactivates) the person called name.
func (f *Fake) SetDeleted(name string, deleted bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.userLocked(name, TeamID).Deleted = deleted
}

// AddChannel makes a channel that already exists, with the given members
// (list BotUserID for the bot to be in it).
func (f *Fake) AddChannel(name string, private bool, members ...string) *Channel {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := &Channel{ID: f.newID("C"), Name: name, Private: private, Creator: firstOr(members, ""),
		Members: append([]string(nil), members...), Created: time.Now().Unix()}
	f.channels[c.ID] = c
	f.touch()
	cp := *c
	cp.Members = append([]string(nil), c.Members...)
	return &cp
}

func firstOr(s []string, d string) string {
	if len(s) > 0 {
		return s[0]
	}
	return d
}

// Channel returns a copy of the channel, or nil.
func (f *Fake) Channel(id string) *Channel {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.channels[id]
	if !ok {
		return nil
	}
	cp := *c
	cp.Members = append([]string(nil), c.Members...)
	return &cp
}

// ChannelByName returns a copy of the channel called name, or nil.
func (f *Fake) ChannelByName(name string) *Channel {
	f.mu.Lock()
	var id string
	for _, c := range f.channels {
		if c.Name == name && !c.IM {
			id = c.ID
		}
	}
	f.mu.Unlock()
	if id == "" {
		return nil
	}
	return f.Channel(id)
}

// Members lists the member ids of a channel.
func (f *Fake) Members(channelID string) []string {
	if c := f.Channel(channelID); c != nil {
		return c.Members
	}
	return nil
}

// DMChannel returns the IM channel the bot has opened with userID, or "".
func (f *Fake) DMChannel(userID string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.ims[userID]
}

// OpenDM opens the bot's IM with userID as the person would (from the app's
// Messages tab) and returns its id; the same id conversations.open gives.
func (f *Fake) OpenDM(userID string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := f.imLocked(userID).ID
	f.touch()
	return id
}

// imLocked returns (opening it if needed) the bot's IM with userID.
func (f *Fake) imLocked(userID string) *Channel {
	if id, ok := f.ims[userID]; ok {
		return f.channels[id]
	}
	c := &Channel{ID: f.newID("D"), IM: true, User: userID, Members: []string{BotUserID, userID}, Created: time.Now().Unix()}
	f.channels[c.ID] = c
	f.ims[userID] = c.ID
	return c
}

func (f *Fake) collect(keep func(*Message) bool) []Message {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Message
	for _, m := range f.messages {
		if keep(m) {
			out = append(out, *m)
		}
	}
	return out
}

// Messages returns what everyone in channelID sees (not ephemeral, not
// deleted), oldest first.
func (f *Fake) Messages(channelID string) []Message {
	return f.collect(func(m *Message) bool { return m.Channel == channelID && !m.Ephemeral && !m.Deleted })
}

// VisibleTo returns the messages userID sees in channelID: the channel's
// and the ephemerals addressed to them, in the order they were last changed.
func (f *Fake) VisibleTo(userID, channelID string) []Message {
	out := f.collect(func(m *Message) bool {
		return m.Channel == channelID && !m.Deleted && (!m.Ephemeral || m.VisibleTo == userID)
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out
}

// Ephemerals returns every ephemeral message userID was shown, oldest first.
func (f *Fake) Ephemerals(userID string) []Message {
	return f.collect(func(m *Message) bool { return m.Ephemeral && m.VisibleTo == userID && !m.Deleted })
}

// DMs returns the messages in the bot's IM with userID, oldest first.
func (f *Fake) DMs(userID string) []Message {
	id := f.DMChannel(userID)
	if id == "" {
		return nil
	}
	return f.collect(func(m *Message) bool { return m.Channel == id && !m.Deleted && (!m.Ephemeral || m.VisibleTo == userID) })
}

// AllMessages returns every message, ephemeral and deleted ones included.
func (f *Fake) AllMessages() []Message {
	return f.collect(func(*Message) bool { return true })
}

// WaitMessage waits for the first stored message (of any kind, deleted
// ones excepted) for which match holds, and returns it. match runs without
// the fake's lock, so it may call the fake.
func (f *Fake) WaitMessage(tb testing.TB, what string, match func(Message) bool) Message {
	tb.Helper()
	got, ok := waitSnapshot(f, 10*time.Second, func() []Message {
		var out []Message
		for _, m := range f.messages {
			if !m.Deleted {
				out = append(out, *m)
			}
		}
		return out
	}, func(ms []Message) (Message, bool) {
		for _, m := range ms {
			if match(m) {
				return m, true
			}
		}
		return Message{}, false
	})
	if !ok {
		tb.Fatalf("fake slack: timed out after 10s waiting for %s", what)
	}
	return got
}

// waitSnapshot takes snap under the fake's lock and tests it with pick
// outside the lock, after every change, until pick succeeds or timeout.
func waitSnapshot[S, R any](f *Fake, timeout time.Duration, snap func() S, pick func(S) (R, bool)) (R, bool) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		f.mu.Lock()
		s := snap()
		ch := f.changed
		f.mu.Unlock()
		if r, ok := pick(s); ok {
			return r, true
		}
		select {
		case <-ch:
		case <-deadline.C:
			var zero R
			return zero, false
		}
	}
}

// Message returns the message at channelID/ts, or nil.
func (f *Fake) Message(channelID, ts string) *Message {
	f.mu.Lock()
	defer f.mu.Unlock()
	if m := f.findMessage(channelID, ts); m != nil {
		cp := *m
		return &cp
	}
	return nil
}

func (f *Fake) findMessage(channelID, ts string) *Message {
	for _, m := range f.messages {
		if m.Channel == channelID && m.TS == ts {
			return m
		}
	}
	return nil
}

// addMessage stores m with a fresh ts and seq. Callers hold f.mu.
func (f *Fake) addMessage(m *Message) *Message {
	if m.TS == "" {
		m.TS = f.newTS()
	}
	f.msgSeq++
	m.Seq = f.msgSeq
	m.At = time.Now()
	f.checkMentions(m.Via, m.Text, m.Blocks)
	f.messages = append(f.messages, m)
	f.touch()
	return m
}

// checkMentions records a violation for any broadcast mention the app sent.
// Callers hold f.mu.
func (f *Fake) checkMentions(via, text string, blocks json.RawMessage) {
	all := text + string(blocks)
	for _, b := range []string{"<!channel", "<!here", "<!everyone", "<!subteam"} {
		if strings.Contains(all, b) {
			f.violation("%s: broadcast mention %s> in posted text", via, b)
		}
	}
}

// Views returns the modals opened for userID, oldest first.
func (f *Fake) Views(userID string) []View {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []View
	for _, v := range f.views {
		if v.User == userID {
			out = append(out, *v)
		}
	}
	return out
}

// View returns the view with id, or nil.
func (f *Fake) View(id string) *View {
	f.mu.Lock()
	defer f.mu.Unlock()
	if v := f.viewByID(id); v != nil {
		cp := *v
		return &cp
	}
	return nil
}

func (f *Fake) viewByID(id string) *View {
	for _, v := range f.views {
		if v.ID == id {
			return v
		}
	}
	return nil
}

// WaitView waits for a view of userID for which match holds. match runs
// without the fake's lock.
func (f *Fake) WaitView(tb testing.TB, userID, what string, match func(View) bool) View {
	tb.Helper()
	got, ok := waitSnapshot(f, 10*time.Second, func() []View {
		var out []View
		for _, v := range f.views {
			if v.User == userID {
				out = append(out, *v)
			}
		}
		return out
	}, func(vs []View) (View, bool) {
		for _, v := range vs {
			if match(v) {
				return v, true
			}
		}
		return View{}, false
	})
	if !ok {
		tb.Fatalf("fake slack: timed out after 10s waiting for %s", what)
	}
	return got
}

// Uploads returns every file upload started, in order.
func (f *Fake) Uploads() []Upload {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]Upload, 0, len(f.upOrder))
	for _, id := range f.upOrder {
		u := *f.uploads[id]
		u.Data = append([]byte(nil), u.Data...)
		out = append(out, u)
	}
	return out
}

// Requests returns every Web API call served so far.
func (f *Fake) Requests() []Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Request(nil), f.requests...)
}

// Calls counts the Web API calls of method (successful or not).
func (f *Fake) Calls(method string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, r := range f.requests {
		if r.Method == method {
			n++
		}
	}
	return n
}

// RateLimited counts the calls answered with 429.
func (f *Fake) RateLimited() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, r := range f.requests {
		if r.Status == http.StatusTooManyRequests {
			n++
		}
	}
	return n
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
