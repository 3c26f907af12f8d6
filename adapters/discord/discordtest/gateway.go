package discordtest

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// gateway is the fake's websocket side. Its fields are guarded by Fake.mu.
type gateway struct {
	upgrader   websocket.Upgrader
	cur        *gwConn
	all        map[*gwConn]bool
	seq        int64
	sessionID  string
	log        []gwEvent // dispatched in the current session, for resume
	identifies int
	resumes    int
	drops      int
	intents    int64
}

type gwEvent struct {
	seq  int64
	typ  string
	data json.RawMessage
}

// gwConn is one client connection. Writes go through a queue drained by one
// goroutine, so the fake never writes to a socket while holding its lock.
type gwConn struct {
	ws         *websocket.Conn
	out        chan []byte
	once       sync.Once
	done       chan struct{}
	ready      bool // identified or resumed
	heartbeats int
}

type frame struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d,omitempty"`
	S  int64           `json:"s,omitempty"`
	T  string          `json:"t,omitempty"`
}

func (g *gateway) init() {
	g.all = map[*gwConn]bool{}
	g.upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
}

func (c *gwConn) send(v any) {
	b, _ := json.Marshal(v)
	select {
	case c.out <- b:
	case <-c.done:
	default:
		// a client that does not read is dropped, as Discord would
		c.close()
	}
}

func (c *gwConn) close() {
	c.once.Do(func() {
		close(c.done)
		_ = c.ws.Close()
	})
}

func (c *gwConn) writeLoop() {
	for {
		select {
		case b := <-c.out:
			if err := c.ws.WriteMessage(websocket.TextMessage, b); err != nil {
				c.close()
				return
			}
		case <-c.done:
			return
		}
	}
}

func (g *gateway) closeAll() {
	for c := range g.all {
		c.close()
	}
}

func (f *Fake) serveGateway(w http.ResponseWriter, r *http.Request) {
	ws, err := f.gw.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gwConn{ws: ws, out: make(chan []byte, 4096), done: make(chan struct{})}
	go c.writeLoop()
	f.mu.Lock()
	f.gw.all[c] = true
	hello, _ := json.Marshal(map[string]any{"heartbeat_interval": f.HeartbeatInterval.Milliseconds()})
	c.send(frame{Op: 10, D: hello})
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		delete(f.gw.all, c)
		if f.gw.cur == c {
			f.gw.cur = nil
		}
		f.touch()
		f.mu.Unlock()
		c.close()
	}()
	for {
		_, msg, err := ws.ReadMessage()
		if err != nil {
			return
		}
		var in struct {
			Op int             `json:"op"`
			D  json.RawMessage `json:"d"`
		}
		if json.Unmarshal(msg, &in) != nil {
			f.mu.Lock()
			f.violation("gateway: undecodable frame")
			f.mu.Unlock()
			return
		}
		f.mu.Lock()
		switch in.Op {
		case 1:
			c.heartbeats++
			c.send(frame{Op: 11})
			f.touch()
		case 2:
			var id struct {
				Token   string `json:"token"`
				Intents int64  `json:"intents"`
			}
			_ = json.Unmarshal(in.D, &id)
			if strings.TrimPrefix(id.Token, "Bot ") != f.token {
				f.violation("gateway: identify with a wrong token")
				f.mu.Unlock()
				_ = ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(4004, "Authentication failed."), time.Now().Add(time.Second))
				return
			}
			f.gw.identifies++
			f.gw.intents = id.Intents
			f.gw.seq = 0
			f.gw.log = nil
			f.gw.sessionID = "session-" + f.newID()
			c.ready = true
			f.gw.cur = c
			ready, _ := json.Marshal(map[string]any{
				"v": 9, "session_id": f.gw.sessionID,
				"user":        f.users[BotID],
				"guilds":      []map[string]any{{"id": GuildID, "unavailable": true}},
				"application": map[string]any{"id": AppID},
			})
			f.gw.seq++
			c.send(frame{Op: 0, T: "READY", S: f.gw.seq, D: ready})
			f.touch()
		case 6:
			var rs struct {
				Token     string `json:"token"`
				SessionID string `json:"session_id"`
				Seq       int64  `json:"seq"`
			}
			_ = json.Unmarshal(in.D, &rs)
			if strings.TrimPrefix(rs.Token, "Bot ") != f.token || rs.SessionID != f.gw.sessionID {
				// invalid session: the client must identify again
				c.send(frame{Op: 9, D: json.RawMessage("false")})
				f.mu.Unlock()
				continue
			}
			f.gw.resumes++
			c.ready = true
			f.gw.cur = c
			for _, ev := range f.gw.log {
				if ev.seq > rs.Seq {
					c.send(frame{Op: 0, T: ev.typ, S: ev.seq, D: ev.data})
				}
			}
			f.gw.seq++
			c.send(frame{Op: 0, T: "RESUMED", S: f.gw.seq, D: json.RawMessage("{}")})
			f.touch()
		}
		f.mu.Unlock()
	}
}

// dispatch sends an event to the connected client, or keeps it for a
// resume when none is connected. Callers hold f.mu.
func (f *Fake) dispatch(typ string, data any) {
	b, _ := json.Marshal(data)
	f.gw.seq++
	ev := gwEvent{seq: f.gw.seq, typ: typ, data: b}
	f.gw.log = append(f.gw.log, ev)
	if c := f.gw.cur; c != nil {
		c.send(frame{Op: 0, T: typ, S: ev.seq, D: ev.data})
	}
}

// WaitReady waits until a client has identified or resumed and sent its
// first heartbeat on the current connection.
func (f *Fake) WaitReady(timeout time.Duration) bool {
	return f.waitFor(timeout, func() bool { return f.gw.cur != nil && f.gw.cur.heartbeats > 0 })
}

// WaitIdentified waits until clients have identified n times in all and
// the current connection has sent its first heartbeat: a restarted client
// is then connected.
func (f *Fake) WaitIdentified(n int, timeout time.Duration) bool {
	return f.waitFor(timeout, func() bool { return f.gw.identifies >= n && f.gw.cur != nil && f.gw.cur.heartbeats > 0 })
}

// DropGateway waits for the current connection's first heartbeat (discordgo
// can otherwise close its own new connection later), then cuts it without a
// close frame, as a network failure would. The client is expected to
// reconnect and resume; events dispatched meanwhile are replayed then.
func (f *Fake) DropGateway() {
	f.tb.Helper()
	if !f.WaitReady(5 * time.Second) {
		f.tb.Fatalf("fake discord: no gateway connection to drop")
	}
	f.mu.Lock()
	c := f.gw.cur
	f.gw.cur = nil
	f.gw.drops++
	f.touch()
	f.mu.Unlock()
	_ = c.ws.UnderlyingConn().Close()
	c.close()
}

// GatewayStats returns how many times a client identified and resumed.
func (f *Fake) GatewayStats() (identifies, resumes int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.gw.identifies, f.gw.resumes
}

// Intents returns the intents the client identified with.
func (f *Fake) Intents() int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.gw.intents
}

// VoiceState dispatches a VOICE_STATE_UPDATE for the person called name:
// channelID "" means they left voice.
func (f *Fake) VoiceState(name, channelID string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	u := f.userLocked(name)
	var ch any
	if channelID != "" {
		ch = channelID
	}
	f.dispatch("VOICE_STATE_UPDATE", map[string]any{
		"guild_id": GuildID, "channel_id": ch, "user_id": u.ID, "session_id": "vs-" + u.ID,
		"member": f.memberJSON(u),
	})
}
