package slacktest

import (
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// params are a call's arguments, from a form, a query or a JSON body
// (non-string JSON values are kept as their JSON text).
type params map[string]string

func readParams(r *http.Request) (params, error) {
	p := params{}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "application/json" {
		var m map[string]json.RawMessage
		body, err := io.ReadAll(io.LimitReader(r.Body, 4<<20))
		if err != nil {
			return nil, err
		}
		if len(body) > 0 {
			if err := json.Unmarshal(body, &m); err != nil {
				return nil, err
			}
		}
		for k, v := range m {
			var s string
			if json.Unmarshal(v, &s) == nil {
				p[k] = s
			} else {
				p[k] = string(v)
			}
		}
		for k, vs := range r.URL.Query() {
			p[k] = vs[0]
		}
		return p, nil
	}
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	for k, vs := range r.Form {
		p[k] = vs[0]
	}
	return p, nil
}

func (p params) bool(k string) bool { b, _ := strconv.ParseBool(p[k]); return b }

// result is a handler's answer.
type result struct {
	body       obj
	err        string
	retryAfter int // seconds; > 0 answers 429
	status     int // an HTTP status other than 200 (injected faults)
}

// Fault is a failure to inject into the next calls of a Web API method.
type Fault struct {
	// Error is the Slack error code answered with ok=false (HTTP 200), e.g.
	// "internal_error" or "channel_not_found".
	Error string
	// Status, if set, answers that HTTP status instead (e.g. 500, 503).
	Status int
	// RetryAfter, if set, answers 429 with this Retry-After in seconds.
	RetryAfter int
	// Times is how many calls fail (default 1).
	Times int
}

// Inject makes the next calls of method (e.g. "chat.postMessage") fail as
// fault says, before any other check. Faults queue up in order.
func (f *Fake) Inject(method string, fault Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if fault.Times <= 0 {
		fault.Times = 1
	}
	f.faults[method] = append(f.faults[method], fault)
}

// takeFault answers from the first queued fault of method. Callers hold f.mu.
func (f *Fake) takeFault(method string, res *result) bool {
	q := f.faults[method]
	if len(q) == 0 {
		return false
	}
	ft := &q[0]
	ft.Times--
	if ft.Times <= 0 {
		f.faults[method] = q[1:]
	}
	*res = result{err: ft.Error, retryAfter: ft.RetryAfter, status: ft.Status}
	if res.err == "" {
		res.err = "fatal_error"
	}
	return true
}

func ok(body obj) result {
	if body == nil {
		body = obj{}
	}
	body["ok"] = true
	return result{body: body}
}

func fail(code string) result { return result{err: code} }

func (f *Fake) serveAPI(w http.ResponseWriter, r *http.Request) {
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	p, err := readParams(r)
	token := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(r.Header.Get("Authorization")), "Bearer"))
	if token == "" && p != nil {
		token = p["token"]
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var res result
	switch {
	case err != nil:
		res = fail("invalid_form_data")
	case token == "":
		res = fail("not_authed")
	case method == "apps.connections.open":
		if token != f.appToken {
			if strings.HasPrefix(token, "xoxb-") {
				res = fail("not_allowed_token_type")
			} else {
				res = fail("invalid_auth")
			}
		} else {
			res = f.connectionsOpen()
		}
	case token != f.botToken:
		res = fail("invalid_auth")
	case f.takeFault(method, &res):
	default:
		h, known := f.handlers()[method]
		if !known {
			res = fail("unknown_method")
		} else {
			res = h(p)
		}
	}
	req := Request{Method: method, At: time.Now()}
	switch {
	case res.retryAfter > 0:
		req.Status = http.StatusTooManyRequests
		req.Error = "ratelimited"
		w.Header().Set("Retry-After", strconv.Itoa(res.retryAfter))
		writeJSON(w, http.StatusTooManyRequests, obj{"ok": false, "error": "ratelimited"})
	case res.status != 0:
		req.Status, req.Error = res.status, res.err
		writeJSON(w, res.status, obj{"ok": false, "error": res.err})
	case res.err != "":
		req.Status, req.Error = http.StatusOK, res.err
		writeJSON(w, http.StatusOK, obj{"ok": false, "error": res.err})
	default:
		req.Status, req.OK = http.StatusOK, true
		writeJSON(w, http.StatusOK, res.body)
	}
	f.requests = append(f.requests, req)
	f.touch()
}

func (f *Fake) handlers() map[string]func(params) result {
	return map[string]func(params) result{
		"auth.test":                    f.authTest,
		"chat.postMessage":             f.postMessage,
		"chat.postEphemeral":           f.postEphemeral,
		"chat.update":                  f.chatUpdate,
		"chat.delete":                  f.chatDelete,
		"conversations.create":         f.convCreate,
		"conversations.invite":         f.convInvite,
		"conversations.kick":           f.convKick,
		"conversations.info":           f.convInfo,
		"conversations.members":        f.convMembers,
		"conversations.open":           f.convOpen,
		"conversations.history":        f.convHistory,
		"users.info":                   f.usersInfo,
		"views.open":                   func(p params) result { return f.viewsOpen(p, false) },
		"views.push":                   func(p params) result { return f.viewsOpen(p, true) },
		"views.update":                 f.viewsUpdate,
		"files.getUploadURLExternal":   f.getUploadURL,
		"files.completeUploadExternal": f.completeUpload,
	}
}

func (f *Fake) authTest(params) result {
	return ok(obj{"url": "https://fake-practice.slack.com/", "team": "Fake Practice", "user": "groupwork",
		"team_id": TeamID, "user_id": BotUserID, "bot_id": BotID})
}

// visible returns the channel id names if the bot can see it. A user id
// stands for the bot's IM with them. Callers hold f.mu.
func (f *Fake) visible(id string) (*Channel, string) {
	if strings.HasPrefix(id, "U") || strings.HasPrefix(id, "W") {
		if _, ok := f.users[id]; !ok {
			return nil, "channel_not_found"
		}
		return f.imLocked(id), ""
	}
	c, found := f.channels[id]
	if !found || (c.Private && !c.has(BotUserID)) {
		return nil, "channel_not_found"
	}
	return c, ""
}

// member is visible plus the bot being in the channel.
func (f *Fake) member(id string) (*Channel, string) {
	c, e := f.visible(id)
	if e != "" {
		return nil, e
	}
	if c.Archived {
		return nil, "is_archived"
	}
	if !c.has(BotUserID) {
		return nil, "not_in_channel"
	}
	return c, ""
}

// content reads and checks text and blocks. Callers hold f.mu.
func (f *Fake) content(method string, p params) (string, json.RawMessage, string) {
	text := p["text"]
	var blocks json.RawMessage
	if b := p["blocks"]; b != "" && b != "null" && b != "[]" {
		blocks = json.RawMessage(b)
		if r := validateBlocks(blocks, false); r != "" {
			f.violation("%s: invalid_blocks: %s", method, r)
			return "", nil, "invalid_blocks"
		}
	}
	if text == "" && blocks == nil && p["attachments"] == "" {
		return "", nil, "no_text"
	}
	if len([]rune(text)) > MaxMessageText {
		f.violation("%s: msg_too_long (%d characters)", method, len([]rune(text)))
		return "", nil, "msg_too_long"
	}
	return text, blocks, ""
}

func messageJSON(m *Message) obj {
	o := obj{"type": "message", "text": m.Text, "user": m.User, "ts": m.TS, "team": TeamID}
	if m.User == BotUserID {
		o["bot_id"] = BotID
		o["app_id"] = AppID
	}
	if m.Blocks != nil {
		o["blocks"] = m.Blocks
	}
	if m.ThreadTS != "" {
		o["thread_ts"] = m.ThreadTS
	}
	if m.Edits > 0 {
		o["edited"] = obj{"user": m.User, "ts": m.TS}
	}
	if len(m.Files) > 0 {
		var fs []obj
		for _, fl := range m.Files {
			fs = append(fs, obj{"id": fl.ID, "name": fl.Name, "title": fl.Title})
		}
		o["files"] = fs
	}
	return o
}

func (f *Fake) postMessage(p params) result {
	c, e := f.member(p["channel"])
	if e != "" {
		return fail(e)
	}
	text, blocks, e := f.content("chat.postMessage", p)
	if e != "" {
		return fail(e)
	}
	if ra := f.takeToken(c.ID); ra > 0 {
		return result{retryAfter: ra}
	}
	m := f.addMessage(&Message{Channel: c.ID, User: BotUserID, Text: text, Blocks: blocks, ThreadTS: p["thread_ts"], Via: "chat.postMessage"})
	return ok(obj{"channel": c.ID, "ts": m.TS, "message": messageJSON(m)})
}

func (f *Fake) postEphemeral(p params) result {
	c, e := f.member(p["channel"])
	if e != "" {
		return fail(e)
	}
	u, found := f.users[p["user"]]
	if !found {
		return fail("user_not_found")
	}
	if !c.has(u.ID) {
		return fail("user_not_in_channel")
	}
	text, blocks, e := f.content("chat.postEphemeral", p)
	if e != "" {
		return fail(e)
	}
	m := f.addMessage(&Message{Channel: c.ID, User: BotUserID, Text: text, Blocks: blocks, ThreadTS: p["thread_ts"],
		Ephemeral: true, VisibleTo: u.ID, Via: "chat.postEphemeral"})
	return ok(obj{"message_ts": m.TS})
}

func (f *Fake) chatUpdate(p params) result {
	c, e := f.visible(p["channel"])
	if e != "" {
		return fail(e)
	}
	m := f.findMessage(c.ID, p["ts"])
	if m == nil || m.Deleted || m.Ephemeral {
		return fail("message_not_found")
	}
	if m.User != BotUserID {
		return fail("cant_update_message")
	}
	text, blocks, e := f.content("chat.update", p)
	if e != "" {
		return fail(e)
	}
	m.Text, m.Blocks = text, blocks
	m.Edits++
	f.msgSeq++
	m.Seq = f.msgSeq
	f.checkMentions("chat.update", text, blocks)
	f.touch()
	return ok(obj{"channel": c.ID, "ts": m.TS, "text": m.Text, "message": messageJSON(m)})
}

func (f *Fake) chatDelete(p params) result {
	c, e := f.visible(p["channel"])
	if e != "" {
		return fail(e)
	}
	m := f.findMessage(c.ID, p["ts"])
	if m == nil || m.Deleted || m.Ephemeral {
		return fail("message_not_found")
	}
	if m.User != BotUserID {
		return fail("cant_delete_message")
	}
	m.Deleted = true
	f.touch()
	return ok(obj{"channel": c.ID, "ts": m.TS})
}

var channelName = regexp.MustCompile(`^[a-z0-9_\-\p{Ll}]+$`)

func (f *Fake) channelJSON(c *Channel) obj {
	o := obj{"id": c.ID, "created": c.Created, "is_archived": c.Archived, "is_member": c.has(BotUserID),
		"num_members": len(c.Members), "context_team_id": TeamID}
	if c.IM {
		o["is_im"] = true
		o["user"] = c.User
		o["is_open"] = true
		return o
	}
	o["name"] = c.Name
	o["name_normalized"] = c.Name
	o["is_channel"] = true
	o["is_private"] = c.Private
	o["is_group"] = false
	o["creator"] = c.Creator
	return o
}

func (f *Fake) convCreate(p params) result {
	name := p["name"]
	switch {
	case name == "":
		return fail("invalid_name_required")
	case len([]rune(name)) > 80:
		return fail("invalid_name_maxlength")
	case !channelName.MatchString(name):
		return fail("invalid_name_specials")
	}
	for _, c := range f.channels {
		if c.Name == name && !c.IM {
			return fail("name_taken")
		}
	}
	if t := p["team_id"]; t != "" && t != TeamID {
		return fail("team_not_found")
	}
	c := &Channel{ID: f.newID("C"), Name: name, Private: p.bool("is_private"), Creator: BotUserID,
		Members: []string{BotUserID}, Created: time.Now().Unix()}
	f.channels[c.ID] = c
	f.touch()
	return ok(obj{"channel": f.channelJSON(c)})
}

func (f *Fake) convInvite(p params) result {
	c, e := f.member(p["channel"])
	if e != "" {
		return fail(e)
	}
	if c.IM {
		return fail("method_not_supported_for_channel_type")
	}
	ids := strings.Split(p["users"], ",")
	if p["users"] == "" {
		return fail("no_user")
	}
	if len(ids) > 1000 {
		return fail("too_many_users")
	}
	var add []string
	for _, id := range ids {
		id = strings.TrimSpace(id)
		u, found := f.users[id]
		switch {
		case !found || u.Deleted:
			return fail("user_not_found")
		case id == BotUserID:
			return fail("cant_invite_self")
		case c.has(id):
			return fail("already_in_channel")
		}
		add = append(add, id)
	}
	c.Members = append(c.Members, add...)
	f.touch()
	return ok(obj{"channel": f.channelJSON(c)})
}

func (f *Fake) convKick(p params) result {
	c, e := f.member(p["channel"])
	if e != "" {
		return fail(e)
	}
	id := p["user"]
	switch {
	case id == BotUserID:
		return fail("cant_kick_self")
	case f.users[id] == nil:
		return fail("user_not_found")
	case !c.has(id):
		return fail("not_in_channel")
	}
	for i, m := range c.Members {
		if m == id {
			c.Members = append(c.Members[:i:i], c.Members[i+1:]...)
			break
		}
	}
	f.touch()
	return ok(nil)
}

func (f *Fake) convInfo(p params) result {
	c, e := f.visible(p["channel"])
	if e != "" {
		return fail(e)
	}
	return ok(obj{"channel": f.channelJSON(c)})
}

// page applies cursor (an offset) and limit to n items.
func page(p params, n int) (from, to int, next string) {
	from, _ = strconv.Atoi(p["cursor"])
	limit, _ := strconv.Atoi(p["limit"])
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	from = min(max(from, 0), n)
	to = min(from+limit, n)
	if to < n {
		next = strconv.Itoa(to)
	}
	return from, to, next
}

func (f *Fake) convMembers(p params) result {
	c, e := f.visible(p["channel"])
	if e != "" {
		return fail(e)
	}
	from, to, next := page(p, len(c.Members))
	return ok(obj{"members": append([]string{}, c.Members[from:to]...), "response_metadata": obj{"next_cursor": next}})
}

func (f *Fake) convOpen(p params) result {
	if p["channel"] != "" {
		c, e := f.visible(p["channel"])
		if e != "" {
			return fail(e)
		}
		return ok(obj{"channel": f.channelJSON(c)})
	}
	ids := strings.Split(p["users"], ",")
	if p["users"] == "" {
		return fail("users_list_not_supplied")
	}
	if len(ids) != 1 {
		return fail("not_supported") // multi-person DMs are not used
	}
	u, found := f.users[ids[0]]
	if !found || u.Deleted {
		return fail("user_not_found")
	}
	if u.Bot {
		return fail("cannot_dm_bot")
	}
	_, already := f.ims[u.ID]
	c := f.imLocked(u.ID)
	f.touch()
	res := obj{"channel": obj{"id": c.ID}}
	if p.bool("return_im") {
		res["channel"] = f.channelJSON(c)
	}
	if already {
		res["already_open"] = true
	}
	return ok(res)
}

func (f *Fake) convHistory(p params) result {
	c, e := f.member(p["channel"])
	if e != "" {
		return fail(e)
	}
	oldest, latest := p["oldest"], p["latest"]
	incl := p.bool("inclusive")
	var list []*Message
	for i := len(f.messages) - 1; i >= 0; i-- { // newest first
		m := f.messages[i]
		if m.Channel != c.ID || m.Ephemeral || m.Deleted {
			continue
		}
		if oldest != "" && (tsLess(m.TS, oldest) || (!incl && m.TS == oldest)) {
			continue
		}
		if latest != "" && (tsLess(latest, m.TS) || (!incl && m.TS == latest)) {
			continue
		}
		list = append(list, m)
	}
	from, to, next := page(p, len(list))
	msgs := []obj{}
	for _, m := range list[from:to] {
		msgs = append(msgs, messageJSON(m))
	}
	return ok(obj{"messages": msgs, "has_more": next != "", "response_metadata": obj{"next_cursor": next}})
}

func tsLess(a, b string) bool {
	x, _ := strconv.ParseFloat(a, 64)
	y, _ := strconv.ParseFloat(b, 64)
	if x != y {
		return x < y
	}
	return a < b
}

func userJSON(u *User) obj {
	return obj{"id": u.ID, "team_id": u.TeamID, "name": u.Name, "real_name": u.RealName, "deleted": u.Deleted,
		"is_bot": u.Bot, "is_admin": u.Role >= RoleAdmin, "is_owner": u.Role >= RoleOwner,
		"is_primary_owner": u.Role == RolePrimaryOwner, "is_restricted": false, "is_ultra_restricted": false,
		"tz": "Europe/Berlin", "profile": obj{"real_name": u.RealName, "display_name": u.RealName, "team": u.TeamID}}
}

func (f *Fake) usersInfo(p params) result {
	u, found := f.users[p["user"]]
	if !found {
		return fail("user_not_found")
	}
	return ok(obj{"user": userJSON(u)})
}

func viewJSON(v *View, raw obj) obj {
	o := obj{}
	for k, val := range raw {
		o[k] = val
	}
	o["id"] = v.ID
	o["team_id"] = TeamID
	o["app_id"] = AppID
	o["bot_id"] = BotID
	o["hash"] = v.Hash
	o["root_view_id"] = v.RootID
	o["previous_view_id"] = nilIfEmpty(v.PreviousID)
	o["state"] = obj{"values": obj{}}
	if _, has := o["private_metadata"]; !has {
		o["private_metadata"] = ""
	}
	if _, has := o["callback_id"]; !has {
		o["callback_id"] = ""
	}
	if _, has := o["external_id"]; !has {
		o["external_id"] = ""
	}
	return o
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// setView fills v from a validated view object. Callers hold f.mu.
func (f *Fake) setView(v *View, raw obj) {
	v.CallbackID = str(raw, "callback_id")
	v.PrivateMetadata = str(raw, "private_metadata")
	v.ExternalID = str(raw, "external_id")
	v.Title = textOf(raw["title"])
	v.Blocks, _ = json.Marshal(raw["blocks"])
	v.NotifyOnClose, _ = raw["notify_on_close"].(bool)
	v.Hash = f.newID("h.")
	v.Raw, _ = json.Marshal(viewJSON(v, raw))
	f.checkMentions("view", v.Title, v.Blocks)
}

// useTrigger checks and spends a trigger id. Callers hold f.mu.
func (f *Fake) useTrigger(method, id string) (*trigger, string) {
	t, found := f.triggers[id]
	switch {
	case id == "":
		return nil, "invalid_arguments"
	case !found:
		return nil, "invalid_trigger_id"
	case t.used:
		f.violation("%s: trigger id %s used twice", method, id)
		return nil, "exchanged_trigger_id"
	case time.Since(t.issued) > f.TriggerLife:
		f.violation("%s: trigger id used %v after it was issued (it lives %v)", method, time.Since(t.issued).Round(time.Millisecond), f.TriggerLife)
		return nil, "expired_trigger_id"
	}
	t.used = true
	return t, ""
}

func (f *Fake) viewsOpen(p params, push bool) result {
	method := "views.open"
	if push {
		method = "views.push"
	}
	raw, why := validateView(json.RawMessage(p["view"]))
	if why != "" {
		f.violation("%s: invalid view: %s", method, why)
		return fail("invalid_arguments")
	}
	if ext := str(raw, "external_id"); ext != "" {
		for _, v := range f.views {
			if v.ExternalID == ext && !v.Closed {
				return fail("duplicate_external_id")
			}
		}
	}
	t, e := f.useTrigger(method, p["trigger_id"])
	if e != "" {
		return fail(e)
	}
	v := &View{ID: f.newID("V"), User: t.user, Stack: 1}
	v.RootID = v.ID
	if push {
		var top *View
		for _, o := range f.views {
			if o.User == t.user && !o.Closed && (top == nil || o.Stack >= top.Stack) {
				top = o
			}
		}
		if top == nil {
			return fail("not_found")
		}
		if top.Stack >= 3 {
			return fail("push_limit_reached")
		}
		v.Stack, v.RootID, v.PreviousID = top.Stack+1, top.RootID, top.ID
	} else {
		for _, o := range f.views { // a new root replaces whatever was open
			if o.User == t.user {
				o.Closed = true
			}
		}
	}
	f.setView(v, raw)
	f.views = append(f.views, v)
	if t.ex != nil {
		t.ex.views = append(t.ex.views, v)
	}
	f.touch()
	var out obj
	_ = json.Unmarshal(v.Raw, &out)
	return ok(obj{"view": out})
}

func (f *Fake) viewsUpdate(p params) result {
	var v *View
	for _, o := range f.views {
		if (p["view_id"] != "" && o.ID == p["view_id"]) || (p["view_id"] == "" && p["external_id"] != "" && o.ExternalID == p["external_id"]) {
			v = o
		}
	}
	if v == nil {
		return fail("not_found")
	}
	if v.Closed {
		return fail("view_not_found")
	}
	if h := p["hash"]; h != "" && h != v.Hash {
		return fail("hash_conflict")
	}
	raw, why := validateView(json.RawMessage(p["view"]))
	if why != "" {
		f.violation("views.update: invalid view: %s", why)
		return fail("invalid_arguments")
	}
	f.setView(v, raw)
	v.Updates++
	f.touch()
	var out obj
	_ = json.Unmarshal(v.Raw, &out)
	return ok(obj{"view": out})
}

func (f *Fake) getUploadURL(p params) result {
	name := p["filename"]
	n, err := strconv.Atoi(p["length"])
	if name == "" || err != nil || n <= 0 {
		return fail("invalid_arguments")
	}
	u := &Upload{FileID: f.newID("F"), Filename: name, Length: n, AltText: p["alt_txt"]}
	f.uploads[u.FileID] = u
	f.upOrder = append(f.upOrder, u.FileID)
	f.touch()
	return ok(obj{"upload_url": f.srv.URL + "/api/upload/" + u.FileID, "file_id": u.FileID})
}

func (f *Fake) serveUpload(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/api/upload/")
	var data []byte
	ct, ps, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var err error
	if strings.HasPrefix(ct, "multipart/") {
		mr := multipart.NewReader(r.Body, ps["boundary"])
		for {
			part, perr := mr.NextPart()
			if perr != nil {
				break
			}
			if part.FormName() == "file" || part.FileName() != "" {
				data, err = io.ReadAll(io.LimitReader(part, 64<<20))
				break
			}
		}
	} else {
		data, err = io.ReadAll(io.LimitReader(r.Body, 64<<20))
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	u, found := f.uploads[id]
	req := Request{Method: "upload", At: time.Now(), Status: http.StatusOK}
	defer func() { f.requests = append(f.requests, req); f.touch() }()
	if !found || err != nil || r.Method != http.MethodPost {
		req.Status, req.Error = http.StatusNotFound, "upload_not_found"
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	if len(data) != u.Length {
		f.violation("upload %s: %d bytes sent, %d announced", id, len(data), u.Length)
	}
	u.Data, u.Uploaded = data, true
	req.OK = true
	w.Header().Set("Content-Type", "text/plain")
	_, _ = io.WriteString(w, "OK - "+strconv.Itoa(len(data)))
}

func (f *Fake) completeUpload(p params) result {
	var files []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal([]byte(p["files"]), &files); err != nil || len(files) == 0 {
		return fail("invalid_arguments")
	}
	var ch *Channel
	chID := p["channel_id"]
	if chID == "" {
		chID = p["channels"]
	}
	if chID != "" {
		c, e := f.member(chID)
		if e != "" {
			return fail(e)
		}
		ch = c
	}
	var ups []*Upload
	for _, fl := range files {
		u, found := f.uploads[fl.ID]
		if !found || !u.Uploaded || u.Completed {
			return fail("file_not_found")
		}
		u.Title = fl.Title
		ups = append(ups, u)
	}
	out := []obj{}
	msg := &Message{User: BotUserID, Text: p["initial_comment"], ThreadTS: p["thread_ts"], Via: "files.completeUploadExternal"}
	if b := p["blocks"]; b != "" && b != "null" && msg.Text == "" {
		if why := validateBlocks(json.RawMessage(b), false); why != "" {
			f.violation("files.completeUploadExternal: invalid_blocks: %s", why)
			return fail("invalid_blocks")
		}
		msg.Blocks = json.RawMessage(b)
	}
	for _, u := range ups {
		u.Completed = true
		if ch != nil {
			u.Channel, u.InitialComment, u.ThreadTS = ch.ID, p["initial_comment"], p["thread_ts"]
		}
		msg.Files = append(msg.Files, File{ID: u.FileID, Name: u.Filename, Title: u.Title})
		out = append(out, obj{"id": u.FileID, "title": u.Title})
	}
	if ch != nil {
		msg.Channel = ch.ID
		f.addMessage(msg)
	}
	f.touch()
	return ok(obj{"files": out})
}

// serveResponseURL records a response_url follow-up.
func (f *Fake) serveResponseURL(w http.ResponseWriter, r *http.Request) {
	tok := strings.TrimPrefix(r.URL.Path, "/response/")
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	var msg struct {
		Text            string          `json:"text"`
		Blocks          json.RawMessage `json:"blocks"`
		ResponseType    string          `json:"response_type"`
		ReplaceOriginal bool            `json:"replace_original"`
		DeleteOriginal  bool            `json:"delete_original"`
		ThreadTS        string          `json:"thread_ts"`
	}
	err := json.Unmarshal(body, &msg)
	f.mu.Lock()
	defer f.mu.Unlock()
	req := Request{Method: "response_url", At: time.Now(), Status: http.StatusOK}
	reply := func(status int, e string) {
		req.Status, req.Error, req.OK = status, e, e == ""
		f.requests = append(f.requests, req)
		f.touch()
		if e != "" {
			writeJSON(w, status, obj{"ok": false, "error": e})
			return
		}
		writeJSON(w, status, obj{"ok": true})
	}
	ru, found := f.responses[tok]
	switch {
	case !found || r.Method != http.MethodPost:
		reply(http.StatusNotFound, "invalid_url")
		return
	case err != nil:
		reply(http.StatusBadRequest, "invalid_payload")
		return
	case time.Since(ru.issued) > 30*time.Minute:
		f.violation("response_url used after 30 minutes")
		reply(http.StatusNotFound, "expired_url")
		return
	case ru.uses >= 5:
		f.violation("response_url of %s used more than 5 times", ru.ex.ID)
		reply(http.StatusNotFound, "used_url")
		return
	}
	ru.uses++
	ex := ru.ex
	blocks := msg.Blocks
	if string(blocks) == "null" || string(blocks) == "[]" {
		blocks = nil
	}
	if blocks != nil {
		if why := validateBlocks(blocks, false); why != "" {
			f.violation("response_url: invalid_blocks: %s", why)
			reply(http.StatusOK, "invalid_blocks")
			return
		}
	}
	if src := f.findMessage(ex.ChannelID, ex.sourceTS); src != nil && (msg.ReplaceOriginal || msg.DeleteOriginal) {
		if msg.DeleteOriginal {
			src.Deleted = true
		} else {
			src.Text, src.Blocks = msg.Text, blocks
			src.Edits++
			f.msgSeq++
			src.Seq = f.msgSeq
			f.checkMentions("response_url", msg.Text, blocks)
		}
		ex.followups = append(ex.followups, src)
		reply(http.StatusOK, "")
		return
	}
	if msg.Text == "" && blocks == nil {
		reply(http.StatusOK, "no_text")
		return
	}
	m := &Message{Channel: ex.ChannelID, User: BotUserID, Text: msg.Text, Blocks: blocks, ThreadTS: msg.ThreadTS,
		Via: "response_url", Exchange: ex.ID}
	if msg.ResponseType != "in_channel" {
		m.Ephemeral, m.VisibleTo = true, ex.UserID
	}
	f.addMessage(m)
	ex.followups = append(ex.followups, m)
	reply(http.StatusOK, "")
}

// newResponseURL issues a response_url for ex. Callers hold f.mu.
func (f *Fake) newResponseURL(ex *Exchange) string {
	tok := f.newID("R") + "/" + url.PathEscape(ex.ID)
	f.responses[tok] = &responseURL{ex: ex, issued: time.Now()}
	return f.srv.URL + "/response/" + tok
}
