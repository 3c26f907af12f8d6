package slacktest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// socketState is the fake's Socket Mode side. Guarded by Fake.mu.
type socketState struct {
	upgrader websocket.Upgrader
	tickets  map[string]bool
	cur      *sockConn
	all      map[*sockConn]bool
	hellos   int
}

// sockConn is one client connection. Writes go through a queue drained by
// one goroutine, so the fake never writes to a socket while holding its lock.
type sockConn struct {
	ws   *websocket.Conn
	out  chan []byte
	once sync.Once
	done chan struct{}
}

func (s *socketState) init() {
	s.tickets = map[string]bool{}
	s.all = map[*sockConn]bool{}
	s.upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
}

func (s *socketState) closeAll() {
	for c := range s.all {
		c.close()
	}
}

func (c *sockConn) send(b []byte) bool {
	select {
	case c.out <- b:
		return true
	case <-c.done:
		return false
	default:
		c.close() // a client that does not read is dropped
		return false
	}
}

func (c *sockConn) close() {
	c.once.Do(func() {
		close(c.done)
		_ = c.ws.Close()
	})
}

func (c *sockConn) writeLoop(ping time.Duration) {
	t := time.NewTicker(ping)
	defer t.Stop()
	_ = c.ws.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(5*time.Second))
	for {
		select {
		case b := <-c.out:
			if err := c.ws.WriteMessage(websocket.TextMessage, b); err != nil {
				c.close()
				return
			}
		case <-t.C:
			if err := c.ws.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(5*time.Second)); err != nil {
				c.close()
				return
			}
		case <-c.done:
			return
		}
	}
}

// connectionsOpen answers apps.connections.open. Callers hold f.mu.
func (f *Fake) connectionsOpen() result {
	ticket := f.newID("ticket")
	f.sock.tickets[ticket] = true
	u := "ws" + f.srv.URL[len("http"):] + "/socket?ticket=" + ticket
	return ok(obj{"url": u})
}

func (f *Fake) serveSocket(w http.ResponseWriter, r *http.Request) {
	ticket := r.URL.Query().Get("ticket")
	f.mu.Lock()
	valid := f.sock.tickets[ticket]
	delete(f.sock.tickets, ticket)
	f.mu.Unlock()
	if !valid {
		http.Error(w, "invalid ticket", http.StatusUnauthorized)
		return
	}
	ws, err := f.sock.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &sockConn{ws: ws, out: make(chan []byte, 256), done: make(chan struct{})}
	f.mu.Lock()
	if f.closed {
		f.mu.Unlock()
		_ = ws.Close()
		return
	}
	f.sock.all[c] = true
	f.sock.hellos++
	hello, _ := json.Marshal(obj{"type": "hello", "num_connections": len(f.sock.all),
		"debug_info":      obj{"host": "fake-slack", "approximate_connection_time": 18060},
		"connection_info": obj{"app_id": AppID}})
	c.send(hello)
	f.sock.cur = c
	f.touch()
	f.mu.Unlock()
	go c.writeLoop(f.PingInterval)
	f.flushPending(c)
	f.readSocket(c)
}

// readSocket reads acks until the connection ends.
func (f *Fake) readSocket(c *sockConn) {
	defer func() {
		c.close()
		f.mu.Lock()
		delete(f.sock.all, c)
		if f.sock.cur == c {
			f.sock.cur = nil
			for o := range f.sock.all {
				f.sock.cur = o
			}
		}
		f.touch()
		f.mu.Unlock()
	}()
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		var ack struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if json.Unmarshal(data, &ack) != nil || ack.EnvelopeID == "" {
			f.mu.Lock()
			f.violation("socket: a frame that is not an ack: %.80s", data)
			f.mu.Unlock()
			continue
		}
		f.mu.Lock()
		if len(data) >= MaxAckPayload {
			f.violation("socket: ack of %s is %d bytes (limit %d)", ack.EnvelopeID, len(data), MaxAckPayload)
		}
		if ex, found := f.byEnv[ack.EnvelopeID]; found {
			f.acked(ex, http.StatusOK, ack.Payload)
		} else {
			f.violation("socket: ack for unknown envelope %s", ack.EnvelopeID)
		}
		f.mu.Unlock()
	}
}

// flushPending sends on c every socket delivery that found no connection.
func (f *Fake) flushPending(c *sockConn) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, ex := range f.exchanges {
		if ex.pending && ex.socket {
			ex.pending = false
			f.sendEnvelope(c, ex)
		}
	}
}

// WaitConnected waits until n Socket Mode connections have been greeted
// with hello in all (1 for the first connection, 2 after a reconnect, …)
// and one is open.
func (f *Fake) WaitConnected(tb testing.TB, n int) {
	tb.Helper()
	f.Wait(tb, 10*time.Second, "socket mode connection #"+strconv.Itoa(n), func() bool {
		return f.sock.hellos >= n && f.sock.cur != nil
	})
}

// Connections counts the Socket Mode connections greeted so far.
func (f *Fake) Connections() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.sock.hellos
}

// OpenConnections counts the Socket Mode connections open now.
func (f *Fake) OpenConnections() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.sock.all)
}

// Disconnect sends {"type":"disconnect"} on every open socket, as Slack
// does before it rotates a connection; the fake closes the old sockets
// itself after DisconnectGrace if the client has not. New deliveries wait
// for the next connection.
func (f *Fake) Disconnect(reason string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	msg, _ := json.Marshal(obj{"type": "disconnect", "reason": reason, "debug_info": obj{"host": "fake-slack"}})
	grace := f.DisconnectGrace
	for c := range f.sock.all {
		c.send(msg)
		delete(f.sock.all, c)
		go func(c *sockConn) {
			t := time.NewTimer(grace)
			defer t.Stop()
			select {
			case <-t.C:
				c.close()
			case <-c.done:
			}
		}(c)
	}
	f.sock.cur = nil
	f.touch()
}

// DropConnections closes every socket abruptly, without a disconnect
// message, as a network failure would.
func (f *Fake) DropConnections() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for c := range f.sock.all {
		c.close()
		delete(f.sock.all, c)
	}
	f.sock.cur = nil
	f.touch()
}
