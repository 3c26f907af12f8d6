package slacktest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"
)

// Envelope kinds, as Socket Mode names them.
const (
	KindSlash       = "slash_commands"
	KindInteractive = "interactive"
	KindEvents      = "events_api"
)

// Endpoints are the app's HTTP request URLs (the manifest's slash command
// url, interactivity request_url and event_subscriptions request_url).
// Empty fields fall back to Commands.
type Endpoints struct {
	Commands      string
	Interactivity string
	Events        string
}

// Exchange is one thing the fake sent the app, and what came of it.
type Exchange struct {
	f *Fake
	// ID is the envelope id (Socket Mode) or the fake's delivery id (HTTP).
	ID          string
	Kind        string // KindSlash, KindInteractive or KindEvents
	Type        string // block_actions, view_submission, view_closed; or the event type; or the command
	UserID      string
	TeamID      string
	ChannelID   string
	TriggerID   string
	ResponseURL string
	EventID     string
	// Payload is the JSON payload (for slash commands, an object of the
	// form's fields).
	Payload json.RawMessage

	sourceTS string // the message an action sits on
	viewID   string // the view an action or submission came from
	form     url.Values

	// guarded by f.mu
	socket     bool
	pending    bool
	deliveries int
	dispatched time.Time
	acks       int
	ackPayload json.RawMessage
	statuses   []int
	latency    time.Duration
	followups  []*Message
	views      []*View
	errs       []string
}

// State is a snapshot of an exchange.
type State struct {
	Deliveries int
	// Acks counts acks (Socket Mode) or 200 responses (HTTP).
	Acks  int
	Acked bool
	// AckPayload is the last ack's payload, or the last HTTP response body.
	AckPayload json.RawMessage
	// Statuses are the HTTP statuses of each delivery (HTTP mode).
	Statuses   []int
	AckLatency time.Duration
	// Followups are the messages posted or replaced through response_url.
	Followups []Message
	// Views are the modals opened or pushed with this delivery's trigger id.
	Views []View
	// Errors are transport failures delivering over HTTP.
	Errors []string
}

// Status is the last HTTP status (0 before any, or in Socket Mode).
func (s State) Status() int {
	if len(s.Statuses) == 0 {
		return 0
	}
	return s.Statuses[len(s.Statuses)-1]
}

// State returns a snapshot of the exchange.
func (e *Exchange) State() State {
	e.f.mu.Lock()
	defer e.f.mu.Unlock()
	return e.stateLocked()
}

func (e *Exchange) stateLocked() State {
	s := State{Deliveries: e.deliveries, Acks: e.acks, Acked: e.acks > 0, AckPayload: e.ackPayload,
		Statuses: append([]int(nil), e.statuses...), AckLatency: e.latency, Errors: append([]string(nil), e.errs...)}
	for _, m := range e.followups {
		s.Followups = append(s.Followups, *m)
	}
	for _, v := range e.views {
		s.Views = append(s.Views, *v)
	}
	return s
}

// Wait waits until cond holds for the exchange's state. cond runs without
// the fake's lock.
func (e *Exchange) Wait(tb testing.TB, what string, cond func(State) bool) State {
	tb.Helper()
	s, ok := waitSnapshot(e.f, 10*time.Second, e.stateLocked, func(s State) (State, bool) { return s, cond(s) })
	if !ok {
		tb.Fatalf("fake slack: timed out after 10s waiting for %s", what)
	}
	return s
}

// Acked waits for the app to ack the latest delivery.
func (e *Exchange) Acked(tb testing.TB) State {
	tb.Helper()
	return e.Wait(tb, "the ack of "+e.Kind+" "+e.ID, func(s State) bool { return s.Acks >= s.Deliveries && s.Acks > 0 })
}

// Answered waits for the latest delivery to get any HTTP status (HTTP mode:
// refusals included).
func (e *Exchange) Answered(tb testing.TB) State {
	tb.Helper()
	return e.Wait(tb, "an HTTP answer to "+e.ID, func(s State) bool {
		return len(s.Statuses)+len(s.Errors) >= s.Deliveries
	})
}

// UseHTTP makes every later delivery a signed HTTP request to the app.
func (f *Fake) UseHTTP(ep Endpoints) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if ep.Interactivity == "" {
		ep.Interactivity = ep.Commands
	}
	if ep.Events == "" {
		ep.Events = ep.Commands
	}
	f.http = &ep
}

// UseSocketMode makes every later delivery a Socket Mode envelope (the default).
func (f *Fake) UseSocketMode() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.http = nil
}

// Sign returns Slack's signature of body at ts: "v0=" + hex HMAC-SHA256 of
// "v0:<unix ts>:<body>" keyed with secret.
func Sign(secret string, ts time.Time, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + strconv.FormatInt(ts.Unix(), 10) + ":"))
	mac.Write(body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// SignedRequest builds a POST of body to u signed at ts with the fake's
// signing secret, as Slack sends it.
func (f *Fake) SignedRequest(u, contentType string, body []byte, ts time.Time) *http.Request {
	req, err := http.NewRequest(http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		f.tb.Fatalf("fake slack: %v", err)
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)")
	req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts.Unix(), 10))
	req.Header.Set("X-Slack-Signature", Sign(f.SigningSecret(), ts, body))
	return req
}

// newExchange registers a delivery. Callers hold f.mu.
func (f *Fake) newExchange(kind, typ string, u *User, channel string) *Exchange {
	ex := &Exchange{f: f, ID: f.newEnvelopeID(), Kind: kind, Type: typ, UserID: u.ID, TeamID: u.TeamID, ChannelID: channel}
	if kind != KindEvents {
		ex.TriggerID = strconv.FormatInt(f.idSeq+1000000, 10) + "." + strconv.FormatInt(time.Now().UnixNano()%1e9, 10) + "." + f.newID("trig")
		f.triggers[ex.TriggerID] = &trigger{ex: ex, issued: time.Now(), user: u.ID}
		ex.ResponseURL = f.newResponseURL(ex)
	}
	f.exchanges = append(f.exchanges, ex)
	f.byEnv[ex.ID] = ex
	return ex
}

func (f *Fake) newEnvelopeID() string {
	f.idSeq++
	return "env-" + strconv.FormatInt(f.tsBase, 16) + "-" + strconv.FormatInt(f.idSeq, 10)
}

func (f *Fake) userByID(tb testing.TB, id string) *User {
	u, found := f.users[id]
	if !found {
		tb.Fatalf("fake slack: no user %s", id)
	}
	return u
}

func (f *Fake) channelName(id string) string {
	if c, found := f.channels[id]; found {
		if c.IM {
			return "directmessage"
		}
		if c.Private {
			return "privategroup"
		}
		return c.Name
	}
	return ""
}

func userObj(u *User) obj {
	return obj{"id": u.ID, "username": u.Name, "name": u.Name, "team_id": u.TeamID}
}

// SlashCommand delivers the command typed by userID in channelID.
func (f *Fake) SlashCommand(userID, channelID, command, text string) *Exchange {
	f.tb.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	u := f.userByID(f.tb, userID)
	ex := f.newExchange(KindSlash, command, u, channelID)
	ex.form = url.Values{
		"token": {VerificationToken}, "team_id": {u.TeamID}, "team_domain": {"fake-practice"},
		"channel_id": {channelID}, "channel_name": {f.channelName(channelID)}, "user_id": {u.ID},
		"user_name": {u.Name}, "command": {command}, "text": {text}, "api_app_id": {AppID},
		"is_enterprise_install": {"false"}, "response_url": {ex.ResponseURL}, "trigger_id": {ex.TriggerID},
	}
	m := obj{}
	for k, v := range ex.form {
		m[k] = v[0]
	}
	ex.Payload, _ = json.Marshal(m)
	f.deliver(ex)
	return ex
}

func (f *Fake) interactiveBase(ex *Exchange, u *User, typ string) obj {
	return obj{"type": typ, "user": userObj(u), "api_app_id": AppID, "token": VerificationToken,
		"team": obj{"id": u.TeamID, "domain": "fake-practice"}, "trigger_id": ex.TriggerID,
		"is_enterprise_install": false, "enterprise": nil}
}

// messageAction delivers block_actions on an element of msg.
func (f *Fake) messageAction(userID string, msg Message, actionID string, act func(Action) obj) *Exchange {
	f.tb.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	u := f.userByID(f.tb, userID)
	stored := f.findMessage(msg.Channel, msg.TS)
	if stored == nil || stored.Deleted {
		f.tb.Fatalf("fake slack: message %s/%s is gone", msg.Channel, msg.TS)
	}
	if stored.Ephemeral && stored.VisibleTo != userID {
		f.tb.Fatalf("fake slack: %s cannot see the ephemeral message %s", userID, msg.TS)
	}
	if c := f.channels[stored.Channel]; c != nil && !stored.Ephemeral && !c.has(userID) {
		f.tb.Fatalf("fake slack: %s is not in channel %s", userID, stored.Channel)
	}
	a, found := findAction(stored.Blocks, actionID)
	if !found {
		f.tb.Fatalf("fake slack: message %s has no element %q (has %v)", msg.TS, actionID, actionsIn(stored.Blocks))
	}
	ex := f.newExchange(KindInteractive, "block_actions", u, stored.Channel)
	ex.sourceTS = stored.TS
	p := f.interactiveBase(ex, u, "block_actions")
	p["container"] = obj{"type": "message", "message_ts": stored.TS, "channel_id": stored.Channel, "is_ephemeral": stored.Ephemeral}
	p["channel"] = obj{"id": stored.Channel, "name": f.channelName(stored.Channel)}
	if !stored.Ephemeral {
		p["message"] = messageJSON(stored)
	}
	p["response_url"] = ex.ResponseURL
	p["state"] = obj{"values": obj{}}
	ac := act(a)
	ac["action_id"], ac["block_id"], ac["action_ts"] = a.ActionID, a.BlockID, f.newTS()
	p["actions"] = []obj{ac}
	ex.Payload, _ = json.Marshal(p)
	f.deliver(ex)
	return ex
}

func plain(s string) obj { return obj{"type": "plain_text", "text": s, "emoji": true} }

// Click delivers block_actions for the button actionID of msg.
func (f *Fake) Click(userID string, msg Message, actionID string) *Exchange {
	f.tb.Helper()
	return f.messageAction(userID, msg, actionID, func(a Action) obj {
		if a.Type != "button" {
			f.tb.Fatalf("fake slack: %q is a %s, not a button", actionID, a.Type)
		}
		return obj{"type": "button", "text": plain(a.Text), "value": a.Value}
	})
}

// Select delivers block_actions choosing value in the static select actionID of msg.
func (f *Fake) Select(userID string, msg Message, actionID, value string) *Exchange {
	f.tb.Helper()
	return f.messageAction(userID, msg, actionID, func(a Action) obj {
		return selectAction(f.tb, a, value)
	})
}

func selectAction(tb testing.TB, a Action, value string) obj {
	for _, o := range a.Options {
		if o.Value == value {
			opt := obj{"text": plain(o.Text), "value": o.Value}
			switch a.Type {
			case "static_select", "radio_buttons", "overflow":
				return obj{"type": a.Type, "selected_option": opt}
			case "checkboxes":
				return obj{"type": a.Type, "selected_options": []obj{opt}}
			}
			tb.Fatalf("fake slack: %q is a %s, not a select", a.ActionID, a.Type)
		}
	}
	tb.Fatalf("fake slack: %q has no option %q (has %v)", a.ActionID, value, a.Options)
	return nil
}

// openView returns the user's open view. Callers hold f.mu.
func (f *Fake) openView(userID string, v View) *View {
	stored := f.viewByID(v.ID)
	if stored == nil || stored.Closed || stored.User != userID {
		f.tb.Fatalf("fake slack: view %s is not open for %s", v.ID, userID)
	}
	return stored
}

func (f *Fake) viewPayload(v *View, values obj) obj {
	var o obj
	_ = json.Unmarshal(v.Raw, &o)
	o["state"] = obj{"values": values}
	return o
}

// ClickInView delivers block_actions on an element of an open modal: a
// button (value "") or a select/radio (value is the option's value).
func (f *Fake) ClickInView(userID string, v View, actionID, value string) *Exchange {
	f.tb.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	u := f.userByID(f.tb, userID)
	stored := f.openView(userID, v)
	a, found := findAction(stored.Blocks, actionID)
	if !found {
		f.tb.Fatalf("fake slack: view %s has no element %q", v.ID, actionID)
	}
	ex := f.newExchange(KindInteractive, "block_actions", u, "")
	ex.viewID = stored.ID
	p := f.interactiveBase(ex, u, "block_actions")
	p["container"] = obj{"type": "view", "view_id": stored.ID}
	p["view"] = f.viewPayload(stored, obj{})
	var ac obj
	if a.Type == "button" {
		ac = obj{"type": "button", "text": plain(a.Text), "value": a.Value}
	} else {
		ac = selectAction(f.tb, a, value)
	}
	ac["action_id"], ac["block_id"], ac["action_ts"] = a.ActionID, a.BlockID, f.newTS()
	p["actions"] = []obj{ac}
	ex.Payload, _ = json.Marshal(p)
	f.deliver(ex)
	return ex
}

// Submit delivers view_submission of an open modal. values are keyed by
// action_id: a text input's text, or a select's option value. A required
// input left empty fails the test, as Slack's client would not submit.
func (f *Fake) Submit(userID string, v View, values map[string]string) *Exchange {
	f.tb.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	u := f.userByID(f.tb, userID)
	stored := f.openView(userID, v)
	state := obj{}
	used := map[string]bool{}
	for _, b := range decodeBlocks(stored.Blocks) {
		if str(b, "type") != "input" {
			continue
		}
		el, _ := b["element"].(obj)
		a := elementAction(str(b, "block_id"), el)
		a.Optional, _ = b["optional"].(bool)
		val, given := values[a.ActionID]
		used[a.ActionID] = true
		if (!given || val == "") && !a.Optional {
			f.tb.Fatalf("fake slack: required input %q of view %s left empty", a.ActionID, v.ID)
		}
		var entry obj
		switch a.Type {
		case "plain_text_input", "number_input":
			if ml, ok := el["max_length"].(float64); ok && len([]rune(val)) > int(ml) {
				f.tb.Fatalf("fake slack: input %q takes at most %d characters", a.ActionID, int(ml))
			}
			entry = obj{"type": a.Type, "value": nilIfEmpty(val)}
		default:
			if val == "" {
				entry = obj{"type": a.Type, "selected_option": nil}
			} else {
				entry = selectAction(f.tb, a, val)
			}
		}
		state[a.BlockID] = obj{a.ActionID: entry}
	}
	for k := range values {
		if !used[k] {
			f.tb.Fatalf("fake slack: view %s has no input %q", v.ID, k)
		}
	}
	ex := f.newExchange(KindInteractive, "view_submission", u, "")
	ex.viewID = stored.ID
	p := f.interactiveBase(ex, u, "view_submission")
	p["view"] = f.viewPayload(stored, state)
	p["response_urls"] = []obj{}
	ex.Payload, _ = json.Marshal(p)
	f.deliver(ex)
	return ex
}

// CloseView closes an open modal as its user would; the app hears
// view_closed only if the view asked for notify_on_close (else nil).
func (f *Fake) CloseView(userID string, v View) *Exchange {
	f.tb.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	u := f.userByID(f.tb, userID)
	stored := f.openView(userID, v)
	stored.Closed = true
	f.touch()
	if !stored.NotifyOnClose {
		return nil
	}
	ex := f.newExchange(KindInteractive, "view_closed", u, "")
	ex.viewID = stored.ID
	p := f.interactiveBase(ex, u, "view_closed")
	delete(p, "trigger_id")
	p["view"] = f.viewPayload(stored, obj{})
	p["is_cleared"] = false
	ex.Payload, _ = json.Marshal(p)
	f.deliver(ex)
	return ex
}

// PostAsUser stores a message written by userID in channelID and sends the
// app a "message" event for it.
func (f *Fake) PostAsUser(userID, channelID, text string) (Message, *Exchange) {
	f.tb.Helper()
	f.mu.Lock()
	c, found := f.channels[channelID]
	if !found {
		f.mu.Unlock()
		f.tb.Fatalf("fake slack: no channel %s", channelID)
	}
	if !c.has(userID) {
		f.mu.Unlock()
		f.tb.Fatalf("fake slack: %s is not in %s", userID, channelID)
	}
	m := f.addMessage(&Message{Channel: channelID, User: userID, Text: text, Via: "user"})
	kind := "channel"
	switch {
	case c.IM:
		kind = "im"
	case c.Private:
		kind = "group"
	}
	ev := obj{"type": "message", "channel": channelID, "user": userID, "text": text, "ts": m.TS,
		"event_ts": m.TS, "channel_type": kind, "team": f.users[userID].TeamID}
	cp := *m
	f.mu.Unlock()
	return cp, f.Event(f.users[userID].TeamID, ev)
}

// Event delivers an events_api event_callback wrapping event, for teamID.
func (f *Fake) Event(teamID string, event map[string]any) *Exchange {
	f.tb.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	typ, _ := event["type"].(string)
	userID, _ := event["user"].(string)
	channel, _ := event["channel"].(string)
	u := f.users[userID]
	if u == nil {
		u = &User{ID: userID, TeamID: teamID}
	}
	ex := f.newExchange(KindEvents, typ, u, channel)
	ex.TeamID = teamID
	ex.EventID = f.newID("Ev")
	p := obj{"token": VerificationToken, "team_id": teamID, "api_app_id": AppID, "event": event,
		"type": "event_callback", "event_id": ex.EventID, "event_time": time.Now().Unix(),
		"authorizations":        []obj{{"team_id": teamID, "user_id": BotUserID, "is_bot": true, "is_enterprise_install": false}},
		"is_ext_shared_channel": false, "event_context": "4-" + ex.EventID}
	ex.Payload, _ = json.Marshal(p)
	f.deliver(ex)
	return ex
}

// URLVerification sends the Events API's url_verification challenge to the
// events endpoint (HTTP mode only); the app must answer with the challenge,
// which State.AckPayload then holds. The challenge is the exchange's EventID.
func (f *Fake) URLVerification() *Exchange {
	f.tb.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.http == nil {
		f.tb.Fatalf("fake slack: url_verification is sent in HTTP mode only")
	}
	ex := f.newExchange(KindEvents, "url_verification", &User{TeamID: TeamID}, "")
	ex.EventID = f.newID("challenge")
	ex.Payload, _ = json.Marshal(obj{"token": VerificationToken, "challenge": ex.EventID, "type": "url_verification"})
	f.deliver(ex)
	return ex
}

// Redeliver sends the same delivery again, as Slack does when an ack is
// late or lost: same envelope id, payload, event id and trigger id, with
// the retry count one higher.
func (f *Fake) Redeliver(ex *Exchange) *Exchange {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.deliver(ex)
	return ex
}

// deliver sends ex by the current transport. Callers hold f.mu.
func (f *Fake) deliver(ex *Exchange) {
	ex.deliveries++
	ex.dispatched = time.Now()
	f.touch()
	if f.http != nil {
		ex.socket = false
		go f.post(ex, *f.http, ex.deliveries-1)
		return
	}
	ex.socket = true
	if f.sock.cur == nil {
		ex.pending = true
		return
	}
	f.sendEnvelope(f.sock.cur, ex)
}

// sendEnvelope writes ex on c. Callers hold f.mu.
func (f *Fake) sendEnvelope(c *sockConn, ex *Exchange) {
	env := obj{"envelope_id": ex.ID, "type": ex.Kind, "payload": ex.Payload,
		"accepts_response_payload": ex.Kind != KindEvents, "retry_attempt": ex.deliveries - 1, "retry_reason": ""}
	if ex.deliveries > 1 {
		env["retry_reason"] = "timeout"
	}
	b, _ := json.Marshal(env)
	ex.dispatched = time.Now()
	if !c.send(b) {
		ex.pending = true
	}
}

// post delivers ex over signed HTTP and records the answer.
func (f *Fake) post(ex *Exchange, ep Endpoints, retry int) {
	var target, ct string
	var body []byte
	switch ex.Kind {
	case KindSlash:
		target, ct, body = ep.Commands, "application/x-www-form-urlencoded", []byte(ex.form.Encode())
	case KindInteractive:
		target, ct = ep.Interactivity, "application/x-www-form-urlencoded"
		body = []byte(url.Values{"payload": {string(ex.Payload)}}.Encode())
	default:
		target, ct, body = ep.Events, "application/json", ex.Payload
	}
	req, err := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		f.mu.Lock()
		ex.errs = append(ex.errs, err.Error())
		f.touch()
		f.mu.Unlock()
		return
	}
	now := time.Now()
	req.Header.Set("Content-Type", ct)
	req.Header.Set("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)")
	req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(now.Unix(), 10))
	req.Header.Set("X-Slack-Signature", Sign(f.SigningSecret(), now, body))
	if retry > 0 {
		req.Header.Set("X-Slack-Retry-Num", strconv.Itoa(retry))
		req.Header.Set("X-Slack-Retry-Reason", "http_timeout")
	}
	resp, err := f.client.Do(req)
	f.mu.Lock()
	defer f.mu.Unlock()
	if err != nil {
		ex.errs = append(ex.errs, err.Error())
		f.touch()
		return
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	ex.statuses = append(ex.statuses, resp.StatusCode)
	if resp.StatusCode != http.StatusOK {
		ex.ackPayload = data
		f.touch()
		return
	}
	if ex.Type == "url_verification" {
		ex.acks++
		ex.ackPayload = data
		ex.latency = time.Since(ex.dispatched)
		f.touch()
		return
	}
	if len(bytes.TrimSpace(data)) > 0 && !json.Valid(data) {
		if ex.Kind != KindSlash {
			data = nil // Slack ignores a non-JSON body here
		} else { // a plain-text answer to a slash command is an ephemeral message
			data, _ = json.Marshal(obj{"text": string(data)})
		}
	}
	f.acked(ex, resp.StatusCode, data)
}

// acked records an ack and applies its payload. Callers hold f.mu.
func (f *Fake) acked(ex *Exchange, status int, payload json.RawMessage) {
	ex.acks++
	ex.ackPayload = payload
	ex.latency = time.Since(ex.dispatched)
	if ex.latency > f.AckDeadline {
		f.violation("%s %s acked after %v (deadline %v)", ex.Kind, ex.ID, ex.latency.Round(time.Millisecond), f.AckDeadline)
	}
	defer f.touch()
	p := bytes.TrimSpace(payload)
	if len(p) == 0 || string(p) == "null" || string(p) == "{}" {
		if ex.Type == "view_submission" {
			if v := f.viewByID(ex.viewID); v != nil {
				v.Closed = true
			}
		}
		return
	}
	switch {
	case ex.Kind == KindSlash:
		var msg struct {
			Text         string          `json:"text"`
			Blocks       json.RawMessage `json:"blocks"`
			ResponseType string          `json:"response_type"`
		}
		if json.Unmarshal(p, &msg) != nil {
			f.violation("ack of %s: payload is not a message", ex.ID)
			return
		}
		if string(msg.Blocks) == "null" || string(msg.Blocks) == "[]" {
			msg.Blocks = nil
		}
		if msg.Blocks != nil {
			if why := validateBlocks(msg.Blocks, false); why != "" {
				f.violation("ack of %s: invalid_blocks: %s", ex.ID, why)
				return
			}
		}
		if msg.Text == "" && msg.Blocks == nil {
			return
		}
		m := &Message{Channel: ex.ChannelID, User: BotUserID, Text: msg.Text, Blocks: msg.Blocks, Via: "ack", Exchange: ex.ID}
		if msg.ResponseType != "in_channel" {
			m.Ephemeral, m.VisibleTo = true, ex.UserID
		}
		f.addMessage(m)
		ex.followups = append(ex.followups, m)
	case ex.Type == "view_submission":
		f.viewResponse(ex, p)
	}
}

// viewResponse applies a view_submission ack's response_action. Callers hold f.mu.
func (f *Fake) viewResponse(ex *Exchange, p []byte) {
	var r struct {
		ResponseAction string            `json:"response_action"`
		Errors         map[string]string `json:"errors"`
		View           json.RawMessage   `json:"view"`
	}
	if json.Unmarshal(p, &r) != nil {
		f.violation("ack of %s: response is not JSON", ex.ID)
		return
	}
	v := f.viewByID(ex.viewID)
	if v == nil {
		return
	}
	switch r.ResponseAction {
	case "errors":
		if len(r.Errors) == 0 {
			f.violation("ack of %s: response_action errors without errors", ex.ID)
		}
		ids := map[string]bool{}
		for _, a := range actionsIn(v.Blocks) {
			ids[a.BlockID] = true
		}
		for k := range r.Errors {
			if !ids[k] {
				f.violation("ack of %s: error for unknown block %q", ex.ID, k)
			}
		}
		v.Errors = r.Errors
	case "update", "push":
		raw, why := validateView(r.View)
		if why != "" {
			f.violation("ack of %s: invalid view: %s", ex.ID, why)
			return
		}
		if r.ResponseAction == "update" {
			f.setView(v, raw)
			v.Updates++
			return
		}
		nv := &View{ID: f.newID("V"), User: v.User, Stack: v.Stack + 1, RootID: v.RootID, PreviousID: v.ID}
		f.setView(nv, raw)
		f.views = append(f.views, nv)
		ex.views = append(ex.views, nv)
	case "clear":
		for _, o := range f.views {
			if o.User == v.User {
				o.Closed = true
			}
		}
	case "":
		v.Closed = true
	default:
		f.violation("ack of %s: unknown response_action %q", ex.ID, r.ResponseAction)
	}
}

// Exchanges returns every delivery made so far, in order.
func (f *Fake) Exchanges() []*Exchange {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]*Exchange(nil), f.exchanges...)
}
