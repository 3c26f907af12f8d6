package discordtest

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Discord limits the fake enforces.
const (
	maxContent     = 2000
	maxRows        = 5
	maxButtons     = 5
	maxOptions     = 25
	maxLabel       = 80
	maxOptionLabel = 100
	maxCustomID    = 100
	maxModalTitle  = 45
	maxInputLabel  = 45
	maxInputs      = 5
	maxNonce       = 25
	maxBody        = 8 << 20
	followupTTL    = 15 * time.Minute
)

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if v != nil {
		_ = json.NewEncoder(w).Encode(v)
	}
}

func apiError(w http.ResponseWriter, status, code int, msg string) {
	writeJSON(w, status, map[string]any{"code": code, "message": msg})
}

// payload is a message (or interaction response data) as clients send it.
type payload struct {
	Content         *string         `json:"content"`
	Components      []Component     `json:"components"`
	Flags           int             `json:"flags"`
	AllowedMentions json.RawMessage `json:"allowed_mentions"`
	Nonce           any             `json:"nonce"`
	EnforceNonce    bool            `json:"enforce_nonce"`
	// interaction responses only
	Choices  []map[string]any `json:"choices"`
	CustomID string           `json:"custom_id"`
	Title    string           `json:"title"`
	files    []Attachment
}

// readPayload decodes a JSON body or a multipart body with payload_json and
// files[n]. v is the payload or a wrapper holding one (interaction responses).
func readPayload(r *http.Request, v any) ([]Attachment, error) {
	body := http.MaxBytesReader(nil, r.Body, maxBody)
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		return nil, json.NewDecoder(body).Decode(v)
	}
	mr := multipart.NewReader(body, params["boundary"])
	var files []Attachment
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return files, nil
		}
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return nil, err
		}
		if p.FormName() == "payload_json" {
			if err := json.Unmarshal(data, v); err != nil {
				return nil, err
			}
			continue
		}
		files = append(files, Attachment{Name: p.FileName(), ContentType: p.Header.Get("Content-Type"), Size: len(data)})
	}
}

// checkMessage returns the first platform limit the message breaks.
func checkMessage(p *payload) string {
	if p.Content != nil && utf8.RuneCountInString(*p.Content) > maxContent {
		return fmt.Sprintf("content is %d characters (max %d)", utf8.RuneCountInString(*p.Content), maxContent)
	}
	if len(p.Components) > maxRows {
		return fmt.Sprintf("%d action rows (max %d)", len(p.Components), maxRows)
	}
	seen := map[string]bool{}
	for i, row := range p.Components {
		if row.Type != 1 {
			return fmt.Sprintf("top-level component %d is type %d, not an action row", i, row.Type)
		}
		if len(row.Components) == 0 {
			return fmt.Sprintf("action row %d is empty", i)
		}
		selects := 0
		for _, c := range row.Components {
			switch c.Type {
			case 2:
				if c.Label == "" || utf8.RuneCountInString(c.Label) > maxLabel {
					return fmt.Sprintf("button label of %d characters (1 to %d)", utf8.RuneCountInString(c.Label), maxLabel)
				}
			case 3:
				selects++
				if len(c.Options) == 0 || len(c.Options) > maxOptions {
					return fmt.Sprintf("select with %d options (1 to %d)", len(c.Options), maxOptions)
				}
				for _, o := range c.Options {
					if o.Label == "" || utf8.RuneCountInString(o.Label) > maxOptionLabel || len(o.Value) > maxOptionLabel {
						return "select option label or value out of range"
					}
				}
				if c.MaxValues > len(c.Options) || (c.MinValues != nil && *c.MinValues > c.MaxValues && c.MaxValues > 0) {
					return "select min/max values out of range"
				}
			default:
				return fmt.Sprintf("component type %d in an action row", c.Type)
			}
			if c.CustomID == "" || len(c.CustomID) > maxCustomID {
				return fmt.Sprintf("custom_id of %d characters (1 to %d)", len(c.CustomID), maxCustomID)
			}
			if seen[c.CustomID] {
				return "duplicate custom_id " + c.CustomID
			}
			seen[c.CustomID] = true
		}
		if selects > 0 && len(row.Components) > 1 {
			return "an action row holds a select and something else"
		}
		if len(row.Components) > maxButtons {
			return fmt.Sprintf("action row with %d buttons (max %d)", len(row.Components), maxButtons)
		}
	}
	return ""
}

func checkModal(p *payload) string {
	if p.CustomID == "" || len(p.CustomID) > maxCustomID {
		return "modal custom_id out of range"
	}
	if p.Title == "" || utf8.RuneCountInString(p.Title) > maxModalTitle {
		return fmt.Sprintf("modal title of %d characters (1 to %d)", utf8.RuneCountInString(p.Title), maxModalTitle)
	}
	if len(p.Components) == 0 || len(p.Components) > maxInputs {
		return fmt.Sprintf("modal with %d rows (1 to %d)", len(p.Components), maxInputs)
	}
	for _, row := range p.Components {
		if row.Type != 1 || len(row.Components) != 1 || row.Components[0].Type != 4 {
			return "modal row is not one text input"
		}
		in := row.Components[0]
		if in.Label == "" || utf8.RuneCountInString(in.Label) > maxInputLabel {
			return fmt.Sprintf("text input label of %d characters (1 to %d)", utf8.RuneCountInString(in.Label), maxInputLabel)
		}
		if in.CustomID == "" || len(in.CustomID) > maxCustomID {
			return "text input custom_id out of range"
		}
		if in.Style != 1 && in.Style != 2 {
			return "text input style must be 1 or 2"
		}
	}
	return ""
}

func nonceString(v any) string {
	switch n := v.(type) {
	case string:
		return n
	case float64:
		return fmt.Sprintf("%.0f", n)
	}
	return ""
}

func (f *Fake) messageJSON(m *Message) map[string]any {
	out := map[string]any{
		"id": m.ID, "channel_id": m.ChannelID, "content": m.Content, "flags": m.Flags,
		"components": m.Components, "author": f.users[BotID], "type": 0,
		"timestamp": time.Now().UTC().Format(time.RFC3339),
	}
	if m.Nonce != "" {
		out["nonce"] = m.Nonce
	}
	return out
}

// listMessages returns a channel's latest messages, newest first, as
// Discord's GET channel messages does: at most limit (default 50, at most
// 100), without the nonce, which Discord does not return there. Callers hold f.mu.
func (f *Fake) listMessages(channelID, limit string) []map[string]any {
	n, err := strconv.Atoi(limit)
	if err != nil || n <= 0 {
		n = 50
	}
	n = min(n, 100)
	var out []map[string]any
	for i := len(f.messages) - 1; i >= 0 && len(out) < n; i-- {
		m := f.messages[i]
		if m.ChannelID != channelID || m.Ephemeral() || m.Deferred {
			continue
		}
		j := f.messageJSON(m)
		delete(j, "nonce")
		out = append(out, j)
	}
	return out
}

// newMessage stores a message from a payload. Callers hold f.mu.
func (f *Fake) newMessage(channelID string, p *payload) *Message {
	m := &Message{ID: f.newID(), ChannelID: channelID, Components: p.Components, Flags: p.Flags,
		AllowedMentions: p.AllowedMentions, Files: p.files}
	if p.Content != nil {
		m.Content = *p.Content
	}
	f.msgSeq++
	m.Seq = f.msgSeq
	f.messages = append(f.messages, m)
	f.touch()
	return m
}

// edit applies a payload to a stored message. Callers hold f.mu.
func (f *Fake) edit(m *Message, p *payload) {
	if p.Content != nil {
		m.Content = *p.Content
	}
	if p.Components != nil {
		m.Components = p.Components
	}
	if p.AllowedMentions != nil {
		m.AllowedMentions = p.AllowedMentions
	}
	if len(p.files) > 0 {
		m.Files = append(m.Files, p.files...)
	}
	m.Deferred = false
	m.Edits++
	f.msgSeq++
	m.Seq = f.msgSeq
	f.touch()
}

func (f *Fake) message(id string) *Message {
	for _, m := range f.messages {
		if m.ID == id {
			return m
		}
	}
	return nil
}

func (f *Fake) serveREST(rw http.ResponseWriter, r *http.Request) {
	w := &statusWriter{ResponseWriter: rw, status: http.StatusOK}
	path := strings.TrimPrefix(r.URL.Path, "/api/v9")
	seg := strings.Split(strings.Trim(path, "/"), "/")
	f.mu.Lock()
	defer f.mu.Unlock()
	defer func() {
		f.requests = append(f.requests, Request{Method: r.Method, Path: path, Status: w.status, At: time.Now()})
		f.touch()
	}()
	// interaction callbacks and webhooks authenticate with the interaction token
	tokenAuth := seg[0] == "interactions" || seg[0] == "webhooks"
	if !tokenAuth && r.Header.Get("Authorization") != "Bot "+f.token {
		apiError(w, http.StatusUnauthorized, 0, "401: Unauthorized")
		return
	}
	if !tokenAuth && !f.globalLimit(w) {
		return
	}
	if seg[0] != "interactions" && !f.rateLimit(w, r.Method, path) {
		return
	}
	route := r.Method + " " + shape(seg)
	switch route {
	case "GET gateway", "GET gateway/*":
		u := "ws" + strings.TrimPrefix(f.srv.URL, "http") + "/ws"
		writeJSON(w, 200, map[string]any{"url": u, "shards": 1})
	case "GET users/@me":
		writeJSON(w, 200, f.users[BotID])
	case "POST users/@me/channels":
		f.createDM(w, r)
	case "PUT applications/*/commands":
		f.putCommands(w, r, "")
	case "PUT applications/*/guilds/*/commands":
		f.putCommands(w, r, seg[3])
	case "GET channels/*":
		c, ok := f.channels[seg[1]]
		if !ok {
			apiError(w, 404, 10003, "Unknown Channel")
			return
		}
		writeJSON(w, 200, c)
	case "GET channels/*/messages":
		if _, ok := f.channels[seg[1]]; !ok {
			apiError(w, 404, 10003, "Unknown Channel")
			return
		}
		writeJSON(w, 200, f.listMessages(seg[1], r.URL.Query().Get("limit")))
	case "POST channels/*/messages":
		f.createMessage(w, r, seg[1])
	case "PATCH channels/*/messages/*":
		m := f.message(seg[3])
		if m == nil || m.ChannelID != seg[1] {
			apiError(w, 404, 10008, "Unknown Message")
			return
		}
		f.editFromRequest(w, r, m, "edit message")
	case "POST channels/*/messages/*/threads":
		f.startThread(w, r, seg[1], seg[3])
	case "PUT channels/*/permissions/*":
		f.putPermission(w, r, seg[1], seg[3])
	case "DELETE channels/*/permissions/*":
		c, ok := f.channels[seg[1]]
		if !ok {
			apiError(w, 404, 10003, "Unknown Channel")
			return
		}
		c.Overwrites = removeOverwrite(c.Overwrites, seg[3])
		w.WriteHeader(204)
	case "GET guilds/*":
		writeJSON(w, 200, map[string]any{"id": GuildID, "name": "Practice", "owner_id": OwnerID, "roles": f.roles})
	case "GET guilds/*/roles":
		writeJSON(w, 200, f.roles)
	case "GET guilds/*/members/*":
		u, ok := f.users[seg[3]]
		if !ok {
			apiError(w, 404, 10013, "Unknown User")
			return
		}
		writeJSON(w, 200, f.memberJSON(u))
	case "POST guilds/*/channels":
		f.createChannel(w, r, seg[1])
	case "POST interactions/*/*/callback":
		f.callback(w, r, seg[1], seg[2])
	case "POST webhooks/*/*":
		f.followup(w, r, seg[2])
	case "PATCH webhooks/*/*/messages/*":
		f.editWebhookMessage(w, r, seg[2], seg[4])
	case "DELETE webhooks/*/*/messages/*":
		f.deleteWebhookMessage(w, seg[2], seg[4])
	default:
		f.violation("unsupported route %s", route)
		apiError(w, 404, 0, "404: Not Found")
	}
}

// shape replaces ids and tokens in a path with *: "channels/*/messages".
func shape(seg []string) string {
	out := make([]string, len(seg))
	copy(out, seg)
	switch seg[0] {
	case "interactions", "webhooks":
		// interactions/{id}/{token}/callback, webhooks/{app}/{token}/messages/{id}
		for _, i := range []int{1, 2, 4} {
			if i < len(out) {
				out[i] = "*"
			}
		}
	case "gateway", "users":
	default:
		for i := 1; i < len(out); i += 2 {
			out[i] = "*"
		}
	}
	return strings.Join(out, "/")
}

func (f *Fake) memberJSON(u *User) map[string]any {
	perms := PermDefault
	if u.Admin {
		perms = 1<<41 - 1
	}
	roles := u.Roles
	if roles == nil {
		roles = []string{}
	}
	m := map[string]any{"user": u, "roles": roles, "permissions": fmt.Sprint(perms)}
	if u.Nick != "" {
		m["nick"] = u.Nick
	}
	return m
}

func (f *Fake) putCommands(w http.ResponseWriter, r *http.Request, guildID string) {
	var cmds []json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&cmds); err != nil {
		apiError(w, 400, 50109, "The request body contains invalid JSON.")
		return
	}
	out := make([]map[string]any, 0, len(cmds))
	for _, c := range cmds {
		var m map[string]any
		_ = json.Unmarshal(c, &m)
		m["id"] = f.newID()
		m["application_id"] = AppID
		if name, _ := m["name"].(string); name == "" || len(name) > 32 || strings.ToLower(name) != name {
			f.violation("command name %q is not 1-32 lower-case characters", name)
		}
		if d, _ := m["description"].(string); d == "" || utf8.RuneCountInString(d) > 100 {
			f.violation("command %v: description must be 1-100 characters", m["name"])
		}
		out = append(out, m)
	}
	f.commands[guildID] = cmds
	writeJSON(w, 200, out)
}

func (f *Fake) createMessage(w http.ResponseWriter, r *http.Request, channelID string) {
	if _, ok := f.channels[channelID]; !ok {
		apiError(w, 404, 10003, "Unknown Channel")
		return
	}
	p, ok := f.readMessage(w, r, "create message")
	if !ok {
		return
	}
	nonce := nonceString(p.Nonce)
	if len(nonce) > maxNonce {
		f.violation("nonce of %d characters (max %d)", len(nonce), maxNonce)
		apiError(w, 400, 50035, "Invalid Form Body: nonce too long")
		return
	}
	if nonce != "" && p.EnforceNonce {
		if m, ok := f.nonces[channelID+"/"+nonce]; ok {
			writeJSON(w, 200, f.messageJSON(m))
			return
		}
	}
	m := f.newMessage(channelID, p)
	m.Nonce = nonce
	if nonce != "" && p.EnforceNonce {
		f.nonces[channelID+"/"+nonce] = m
	}
	writeJSON(w, 200, f.messageJSON(m))
}

func (f *Fake) createDM(w http.ResponseWriter, r *http.Request) {
	var body struct {
		RecipientID string `json:"recipient_id"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || f.users[body.RecipientID] == nil {
		apiError(w, 400, 50035, "Invalid Form Body")
		return
	}
	for _, c := range f.channels {
		if c.Type == 1 && c.Recipient == body.RecipientID {
			writeJSON(w, 200, c)
			return
		}
	}
	c := &Channel{ID: f.newID(), Type: 1, Recipient: body.RecipientID, Overwrites: []Overwrite{}}
	f.channels[c.ID] = c
	writeJSON(w, 200, c)
}

// DMChannel returns the id of the DM channel with the person called name, or "".
func (f *Fake) DMChannel(name string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	u := f.userLocked(name)
	for _, c := range f.channels {
		if c.Type == 1 && c.Recipient == u.ID {
			return c.ID
		}
	}
	return ""
}

func (f *Fake) createChannel(w http.ResponseWriter, r *http.Request, guildID string) {
	var body struct {
		Name       string      `json:"name"`
		Type       int         `json:"type"`
		Overwrites []Overwrite `json:"permission_overwrites"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.Name == "" || len(body.Name) > 100 {
		apiError(w, 400, 50035, "Invalid Form Body")
		return
	}
	c := &Channel{ID: f.newID(), Type: body.Type, GuildID: guildID, Name: body.Name, Overwrites: body.Overwrites}
	if c.Overwrites == nil {
		c.Overwrites = []Overwrite{}
	}
	f.channels[c.ID] = c
	writeJSON(w, 201, c)
}

func (f *Fake) putPermission(w http.ResponseWriter, r *http.Request, channelID, target string) {
	c, ok := f.channels[channelID]
	if !ok {
		apiError(w, 404, 10003, "Unknown Channel")
		return
	}
	var o Overwrite
	if err := json.NewDecoder(r.Body).Decode(&o); err != nil {
		apiError(w, 400, 50035, "Invalid Form Body")
		return
	}
	o.ID = target
	c.Overwrites = append(removeOverwrite(c.Overwrites, target), o)
	w.WriteHeader(204)
}

func removeOverwrite(os []Overwrite, id string) []Overwrite {
	out := os[:0:0]
	for _, o := range os {
		if o.ID != id {
			out = append(out, o)
		}
	}
	return out
}

// startThread opens a public thread (type 11) under a message; the thread
// takes its parent channel's permissions, as on Discord.
func (f *Fake) startThread(w http.ResponseWriter, r *http.Request, channelID, messageID string) {
	m := f.message(messageID)
	parent, ok := f.channels[channelID]
	if m == nil || !ok || m.ChannelID != channelID {
		apiError(w, 404, 10008, "Unknown Message")
		return
	}
	var body struct {
		Name string `json:"name"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.Name == "" || len([]rune(body.Name)) > 100 {
		apiError(w, 400, 50035, "Invalid Form Body")
		return
	}
	c := &Channel{ID: f.newID(), Type: 11, GuildID: parent.GuildID, Name: body.Name, ParentID: channelID, Overwrites: []Overwrite{}}
	f.channels[c.ID] = c
	writeJSON(w, 201, c)
}
