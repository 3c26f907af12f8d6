package discordtest

import (
	"net/http"
	"testing"
	"time"
)

// Interaction types, as on the wire.
const (
	TypeCommand      = 2
	TypeComponent    = 3
	TypeAutocomplete = 4
	TypeModalSubmit  = 5
)

// Exchange is one interaction the fake dispatched and everything the bot
// did in answer to it. Read it through State or the waiting helpers.
type Exchange struct {
	f          *Fake
	seq        int64
	ID, Token  string
	Type       int
	UserID     string
	ChannelID  string
	Source     string // the message a component sits on
	raw        map[string]any
	dispatched time.Time

	// guarded by f.mu
	deliveries int
	attempts   int
	rejected   []int // HTTP statuses of refused callbacks
	callback   *Callback
	original   *Message
	followups  []*Message
	modal      *Modal
	choices    []map[string]any
}

// Callback is the accepted initial response to an interaction.
type Callback struct {
	Type    int
	Flags   int
	Latency time.Duration // from dispatch to the callback, on the fake's clock
}

// Modal is a form the bot opened.
type Modal struct {
	CustomID string
	Title    string
	Inputs   []Component // the text inputs, in order
}

// State is a snapshot of an exchange.
type State struct {
	Deliveries int
	Attempts   int   // callback attempts, refused ones included
	Rejected   []int // statuses of refused callbacks
	Callback   *Callback
	// Original is the message the initial response made or updated (nil
	// for an ack without a message).
	Original  *Message
	Followups []Message
	Modal     *Modal
	Choices   []map[string]any
}

// Shown returns the messages the person saw as a result, in order.
func (s State) Shown() []Message {
	var out []Message
	if s.Original != nil && !s.Original.Deferred {
		out = append(out, *s.Original)
	}
	return append(out, s.Followups...)
}

// State returns a snapshot of the exchange.
func (e *Exchange) State() State {
	e.f.mu.Lock()
	defer e.f.mu.Unlock()
	return e.stateLocked()
}

func (e *Exchange) stateLocked() State {
	s := State{Deliveries: e.deliveries, Attempts: e.attempts, Rejected: append([]int(nil), e.rejected...), Modal: e.modal, Choices: e.choices}
	if e.callback != nil {
		cb := *e.callback
		s.Callback = &cb
	}
	if e.original != nil {
		m := *e.original
		s.Original = &m
	}
	for _, m := range e.followups {
		s.Followups = append(s.Followups, *m)
	}
	return s
}

// Wait waits until cond holds for the exchange's state.
func (e *Exchange) Wait(tb testing.TB, what string, cond func(State) bool) State {
	tb.Helper()
	var s State
	e.f.Wait(tb, 10*time.Second, what, func() bool { s = e.stateLocked(); return cond(s) })
	return s
}

// Settled waits until the bot has acknowledged the interaction and, when
// it deferred a message, filled it in.
func (e *Exchange) Settled(tb testing.TB) State {
	tb.Helper()
	return e.Wait(tb, "the interaction "+e.ID+" to be answered", func(s State) bool {
		if s.Callback == nil {
			return false
		}
		if s.Callback.Type == 5 {
			return s.Original != nil && !s.Original.Deferred
		}
		return true
	})
}

// Dispatch sends an interaction of type typ by the person called user in
// channelID, with data as its data object; source is the message a
// component sits on (nil for commands).
func (f *Fake) Dispatch(user string, typ int, channelID string, data map[string]any, source *Message) *Exchange {
	f.mu.Lock()
	defer f.mu.Unlock()
	u := f.userLocked(user)
	f.exSeq++
	e := &Exchange{f: f, seq: f.exSeq, ID: f.newID(), Token: "itok-" + f.newID(), Type: typ, UserID: u.ID, ChannelID: channelID}
	in := map[string]any{
		"id": e.ID, "application_id": AppID, "type": typ, "data": data, "channel_id": channelID,
		"token": e.Token, "version": 1, "locale": "en-US", "app_permissions": "0",
	}
	if c := f.channels[channelID]; c != nil && c.Type == 1 {
		in["user"] = u
		in["context"] = 1
	} else {
		in["guild_id"] = GuildID
		in["member"] = f.memberJSON(u)
	}
	if source != nil {
		e.Source = source.ID
		in["message"] = f.messageJSON(source)
	}
	e.raw = in
	f.inters[e.ID] = e
	f.byToken[e.Token] = e
	f.deliverLocked(e)
	return e
}

func (f *Fake) deliverLocked(e *Exchange) {
	e.deliveries++
	if e.deliveries == 1 {
		e.dispatched = time.Now()
	}
	f.dispatch("INTERACTION_CREATE", e.raw)
	f.touch()
}

// Latest returns the newest interaction sent by the person called user, or
// nil.
func (f *Fake) Latest(user string) *Exchange {
	f.mu.Lock()
	defer f.mu.Unlock()
	u := f.userLocked(user)
	var last *Exchange
	for _, e := range f.inters {
		if e.UserID == u.ID && (last == nil || e.seq > last.seq) {
			last = e
		}
	}
	return last
}

// Redeliver sends the same interaction (same id and token) again, as a
// gateway replay could.
func (f *Fake) Redeliver(e *Exchange) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.deliverLocked(e)
}

// Command sends a slash command in the group channel. options are raw
// Discord option objects ({"name","type","value"} or a subcommand with
// "options"); users named by type-6 options are resolved automatically.
func (f *Fake) Command(user, name string, options ...map[string]any) *Exchange {
	return f.CommandIn(user, GroupChannelID, name, options...)
}

// CommandIn is Command in another channel (a DM channel, for example).
func (f *Fake) CommandIn(user, channelID, name string, options ...map[string]any) *Exchange {
	if options == nil {
		options = []map[string]any{}
	}
	data := map[string]any{"id": "cmd-" + name, "name": name, "type": 1, "options": options}
	f.mu.Lock()
	users, members := map[string]any{}, map[string]any{}
	var walk func([]map[string]any)
	walk = func(os []map[string]any) {
		for _, o := range os {
			if t, _ := o["type"].(int); t == 6 {
				if id, _ := o["value"].(string); f.users[id] != nil {
					users[id] = f.users[id]
					m := f.memberJSON(f.users[id])
					delete(m, "user")
					members[id] = m
				}
			}
			if sub, ok := o["options"].([]map[string]any); ok {
				walk(sub)
			}
		}
	}
	walk(options)
	f.mu.Unlock()
	if len(users) > 0 {
		data["resolved"] = map[string]any{"users": users, "members": members}
	}
	return f.Dispatch(user, TypeCommand, channelID, data, nil)
}

// Autocomplete sends an autocomplete request; one option should carry
// "focused": true.
func (f *Fake) Autocomplete(user, name string, options ...map[string]any) *Exchange {
	data := map[string]any{"id": "cmd-" + name, "name": name, "type": 1, "options": options}
	return f.Dispatch(user, TypeAutocomplete, GroupChannelID, data, nil)
}

// Press presses the component customID on message m (a button, or a select
// when values are given).
func (f *Fake) Press(user string, m Message, customID string, values ...string) *Exchange {
	ct := 2
	if values != nil {
		ct = 3
	}
	data := map[string]any{"custom_id": customID, "component_type": ct}
	if values != nil {
		data["values"] = values
	}
	return f.Dispatch(user, TypeComponent, m.ChannelID, data, &m)
}

// Submit submits a modal with values by text input custom id. source is
// the message whose button opened it (nil if none).
func (f *Fake) Submit(user, channelID string, modal Modal, values map[string]string, source *Message) *Exchange {
	var rows []map[string]any
	for _, in := range modal.Inputs {
		rows = append(rows, map[string]any{"type": 1, "components": []map[string]any{{"type": 4, "custom_id": in.CustomID, "value": values[in.CustomID]}}})
	}
	data := map[string]any{"custom_id": modal.CustomID, "components": rows}
	return f.Dispatch(user, TypeModalSubmit, channelID, data, source)
}

// callback serves POST /interactions/{id}/{token}/callback.
func (f *Fake) callback(w http.ResponseWriter, r *http.Request, id, token string) {
	e, ok := f.inters[id]
	if !ok || e.Token != token {
		apiError(w, 404, 10062, "Unknown interaction")
		return
	}
	e.attempts++
	refuse := func(status, code int, msg string) {
		e.rejected = append(e.rejected, status)
		apiError(w, status, code, msg)
	}
	if e.callback != nil {
		refuse(400, 40060, "Interaction has already been acknowledged.")
		return
	}
	lat := time.Since(e.dispatched)
	if lat > f.InteractionDeadline {
		f.violation("interaction %s answered after %v (deadline %v)", id, lat.Round(time.Millisecond), f.InteractionDeadline)
		refuse(404, 10062, "Unknown interaction")
		return
	}
	var body struct {
		Type int      `json:"type"`
		Data *payload `json:"data"`
	}
	files, err := readPayload(r, &body)
	if err != nil {
		refuse(400, 50109, "The request body contains invalid JSON.")
		return
	}
	p := body.Data
	if p == nil {
		p = &payload{}
	}
	p.files = files
	bad := func(msg string) {
		f.violation("interaction %s response type %d: %s", id, body.Type, msg)
		refuse(400, 50035, "Invalid Form Body: "+msg)
	}
	switch body.Type {
	case 4:
		if e.Type == TypeAutocomplete {
			bad("autocomplete must be answered with type 8")
			return
		}
		if msg := checkMessage(p); msg != "" {
			bad(msg)
			return
		}
		m := f.newMessage(e.ChannelID, p)
		m.Interaction = e.ID
		if m.Ephemeral() {
			m.VisibleTo = e.UserID
		}
		e.original = m
	case 5:
		m := f.newMessage(e.ChannelID, &payload{Flags: p.Flags & 64})
		m.Interaction, m.Deferred = e.ID, true
		if m.Ephemeral() {
			m.VisibleTo = e.UserID
		}
		e.original = m
	case 6, 7:
		if e.Type != TypeComponent && !(e.Type == TypeModalSubmit && e.Source != "") {
			bad("types 6 and 7 answer components only")
			return
		}
		if body.Type == 7 {
			if msg := checkMessage(p); msg != "" {
				bad(msg)
				return
			}
			m := f.message(e.Source)
			if m == nil {
				refuse(404, 10008, "Unknown Message")
				return
			}
			f.edit(m, p)
			e.original = m
		}
	case 8:
		if e.Type != TypeAutocomplete {
			bad("type 8 answers autocomplete only")
			return
		}
		if len(p.Choices) > 25 {
			bad("more than 25 choices")
			return
		}
		e.choices = p.Choices
	case 9:
		if e.Type == TypeModalSubmit || e.Type == TypeAutocomplete {
			bad("a modal cannot answer a modal or autocomplete")
			return
		}
		if msg := checkModal(p); msg != "" {
			bad(msg)
			return
		}
		md := &Modal{CustomID: p.CustomID, Title: p.Title}
		for _, row := range p.Components {
			md.Inputs = append(md.Inputs, row.Components...)
		}
		e.modal = md
	default:
		bad("unknown response type")
		return
	}
	e.callback = &Callback{Type: body.Type, Flags: p.Flags, Latency: lat}
	f.touch()
	w.WriteHeader(204)
}

func (f *Fake) exchangeByToken(w http.ResponseWriter, token string) *Exchange {
	e, ok := f.byToken[token]
	if !ok {
		apiError(w, 404, 10015, "Unknown Webhook")
		return nil
	}
	if e.callback == nil {
		f.violation("interaction %s: webhook used before the interaction was acknowledged", e.ID)
		apiError(w, 404, 10015, "Unknown Webhook")
		return nil
	}
	if time.Since(e.dispatched) > followupTTL {
		apiError(w, 401, 50027, "Invalid Webhook Token")
		return nil
	}
	return e
}

// followup serves POST /webhooks/{app}/{token}.
func (f *Fake) followup(w http.ResponseWriter, r *http.Request, token string) {
	e := f.exchangeByToken(w, token)
	if e == nil {
		return
	}
	p, ok := f.readMessage(w, r, "followup")
	if !ok {
		return
	}
	var m *Message
	if e.original != nil && e.original.Deferred {
		// the first follow-up after a deferred message replaces the
		// "thinking…" placeholder and keeps its ephemeral state
		m = e.original
		f.edit(m, p)
	} else {
		m = f.newMessage(e.ChannelID, p)
		m.Interaction = e.ID
		if m.Ephemeral() {
			m.VisibleTo = e.UserID
		}
		e.followups = append(e.followups, m)
	}
	if r.URL.Query().Get("wait") != "true" {
		w.WriteHeader(204)
		return
	}
	writeJSON(w, 200, f.messageJSON(m))
}

func (f *Fake) webhookMessage(e *Exchange, id string) *Message {
	if id == "@original" {
		if e.original == nil && e.Source != "" && e.callback.Type == 6 {
			// after a deferred update, @original is the component's message
			e.original = f.message(e.Source)
		}
		return e.original
	}
	for _, m := range e.followups {
		if m.ID == id {
			return m
		}
	}
	return nil
}

func (f *Fake) editWebhookMessage(w http.ResponseWriter, r *http.Request, token, id string) {
	e := f.exchangeByToken(w, token)
	if e == nil {
		return
	}
	m := f.webhookMessage(e, id)
	if m == nil {
		apiError(w, 404, 10008, "Unknown Message")
		return
	}
	f.editFromRequest(w, r, m, "edit interaction message")
}

// editFromRequest applies the edit in r's body to m, after checking it
// against Discord's limits, and answers with the edited message.
func (f *Fake) editFromRequest(w http.ResponseWriter, r *http.Request, m *Message, what string) {
	p, ok := f.readMessage(w, r, what)
	if !ok {
		return
	}
	f.edit(m, p)
	writeJSON(w, 200, f.messageJSON(m))
}

// readMessage reads a message payload (JSON or multipart with files) and
// checks it against Discord's limits; on a problem it records a violation,
// answers 400 and returns false.
func (f *Fake) readMessage(w http.ResponseWriter, r *http.Request, what string) (*payload, bool) {
	var p payload
	files, err := readPayload(r, &p)
	if err != nil {
		apiError(w, 400, 50109, "The request body contains invalid JSON.")
		return nil, false
	}
	p.files = files
	if msg := checkMessage(&p); msg != "" {
		f.violation("%s: %s", what, msg)
		apiError(w, 400, 50035, "Invalid Form Body: "+msg)
		return nil, false
	}
	return &p, true
}

func (f *Fake) deleteWebhookMessage(w http.ResponseWriter, token, id string) {
	e := f.exchangeByToken(w, token)
	if e == nil {
		return
	}
	m := f.webhookMessage(e, id)
	if m == nil {
		apiError(w, 404, 10008, "Unknown Message")
		return
	}
	for i, x := range f.messages {
		if x == m {
			f.messages = append(f.messages[:i], f.messages[i+1:]...)
			break
		}
	}
	if e.original == m {
		e.original = nil
	}
	f.touch()
	w.WriteHeader(204)
}
