package slack

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"groupwork/bot"
)

const secret = "test-signing-secret"

var t0 = time.Unix(1_800_000_000, 0)

func sign(ts int64, body string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + strconv.FormatInt(ts, 10) + ":" + body))
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

func signed(body string, ts int64, sig string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/slack", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
	r.Header.Set("X-Slack-Signature", sig)
	return r
}

// recorder is a core stand-in that counts the events that reached it: a
// refused request must not reach it (and so cannot write anything).
type recorder struct {
	mu    sync.Mutex
	evs   []bot.Event
	reply bot.Reply
	gate  chan struct{} // when set, Handle waits for it
}

func (r *recorder) Handle(ctx context.Context, ev bot.Event) bot.Reply {
	if r.gate != nil {
		<-r.gate
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.evs = append(r.evs, ev)
	return r.reply
}

func (r *recorder) count() int { r.mu.Lock(); defer r.mu.Unlock(); return len(r.evs) }

func httpAdapter(t *testing.T, h bot.Handler, mod ...func(*Config)) (*Adapter, http.Handler) {
	t.Helper()
	a := testAdapter(t, append([]func(*Config){func(c *Config) {
		c.HTTP, c.SigningSecret, c.AppToken = true, secret, ""
		c.Now = func() time.Time { return t0 }
		c.MaxBody = 4096
	}}, mod...)...)
	a.h = h
	return a, a.Handler(context.Background())
}

func commandBody(team, text string) string {
	return url.Values{"command": {"/groupwork"}, "team_id": {team}, "channel_id": {"C0GROUP"}, "user_id": {"U0TESS"},
		"user_name": {"tess"}, "text": {text}, "trigger_id": {"tr-1"}, "response_url": {""}}.Encode()
}

func TestHTTPRefusesBeforeAnythingElse(t *testing.T) {
	rec := &recorder{reply: bot.PrivateText("hello")}
	_, h := httpAdapter(t, rec)
	body := commandBody("T0TEAM01", "help")
	now := t0.Unix()
	cases := []struct {
		name string
		req  *http.Request
		want int
	}{
		{"forged signature", signed(body, now, sign(now, body+"x")), 401},
		{"no signature", signed(body, now, ""), 401},
		{"other secret", signed(body, now, "v0="+strings.Repeat("0", 64)), 401},
		{"stale timestamp", signed(body, now-301, sign(now-301, body)), 401},
		{"future timestamp", signed(body, now+301, sign(now+301, body)), 401},
		{"bad timestamp", func() *http.Request {
			r := signed(body, now, sign(now, body))
			r.Header.Set("X-Slack-Request-Timestamp", "soon")
			return r
		}(), 401},
		{"oversize body", func() *http.Request {
			big := body + "&pad=" + strings.Repeat("a", 5000)
			return signed(big, now, sign(now, big))
		}(), 413},
		{"GET", httptest.NewRequest(http.MethodGet, "/slack", nil), 405},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, c.req)
			if w.Code != c.want {
				t.Errorf("status %d, want %d", w.Code, c.want)
			}
			if rec.count() != 0 {
				t.Errorf("a refused request reached the core")
			}
		})
	}
	// a replay of a captured request after the window is stale
	w := httptest.NewRecorder()
	h.ServeHTTP(w, signed(body, now-600, sign(now-600, body)))
	if w.Code != 401 || rec.count() != 0 {
		t.Errorf("replay after 10 minutes: status %d, core saw %d", w.Code, rec.count())
	}
	// the genuine request is answered in the ack itself
	w = httptest.NewRecorder()
	h.ServeHTTP(w, signed(body, now, sign(now, body)))
	if w.Code != 200 || rec.count() != 1 {
		t.Fatalf("genuine request: status %d, core saw %d", w.Code, rec.count())
	}
	var got map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || got["response_type"] != "ephemeral" || got["text"] != "hello" {
		t.Errorf("ack body %s", w.Body.String())
	}
}

func TestHTTPOtherWorkspaceRefused(t *testing.T) {
	rec := &recorder{reply: bot.PrivateText("hello")}
	_, h := httpAdapter(t, rec)
	body := commandBody("T0OTHER9", "help")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, signed(body, t0.Unix(), sign(t0.Unix(), body)))
	if w.Code != 200 || rec.count() != 0 || !strings.Contains(w.Body.String(), "does not serve this workspace") {
		t.Errorf("other workspace: status %d, core saw %d, body %s", w.Code, rec.count(), w.Body.String())
	}
}

func TestHTTPUsageHelpWithoutTheCore(t *testing.T) {
	rec := &recorder{}
	_, h := httpAdapter(t, rec)
	body := commandBody("T0TEAM01", `group create "Tuesday`)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, signed(body, t0.Unix(), sign(t0.Unix(), body)))
	if rec.count() != 0 || !strings.Contains(w.Body.String(), "quote is not closed") || !strings.Contains(w.Body.String(), "ephemeral") {
		t.Errorf("usage help: core saw %d, body %s", rec.count(), w.Body.String())
	}
}

// TestSlowCoreFollowsUpThroughResponseURL: when the core takes longer than
// AckAfter the request is acked empty at once and the reply goes to the
// response_url.
func TestSlowCoreFollowsUpThroughResponseURL(t *testing.T) {
	got := make(chan map[string]any, 1)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m map[string]any
		b, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(b, &m)
		got <- m
		_, _ = io.WriteString(w, "ok")
	}))
	defer hook.Close()
	rec := &recorder{reply: bot.PrivateText("slow answer"), gate: make(chan struct{})}
	_, h := httpAdapter(t, rec, func(c *Config) { c.AckAfter = time.Millisecond })
	v, _ := url.ParseQuery(commandBody("T0TEAM01", "help"))
	v.Set("response_url", hook.URL+"/response/1")
	body := v.Encode()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, signed(body, t0.Unix(), sign(t0.Unix(), body)))
	if w.Code != 200 || w.Body.Len() != 0 {
		t.Errorf("want an empty ack, got %d %q", w.Code, w.Body.String())
	}
	close(rec.gate)
	select {
	case m := <-got:
		if m["text"] != "slow answer" || m["response_type"] != "ephemeral" {
			t.Errorf("follow-up %v", m)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no follow-up reached the response_url")
	}
}

func TestRedeliveryKeepsTheDeliveryID(t *testing.T) {
	rec := &recorder{}
	a, h := httpAdapter(t, rec)
	payload := `{"type":"block_actions","team":{"id":"T0TEAM01"},"user":{"id":"U0ANA","name":"ana"},"trigger_id":"tr-9",` +
		`"container":{"type":"message","message_ts":"1.2","channel_id":"C0GROUP","is_ephemeral":false},"channel":{"id":"C0GROUP"},` +
		`"actions":[{"action_id":"gw:ans:1:mood:6","block_id":"b1","type":"button","value":"gw:ans:1:mood:6"}]}`
	body := url.Values{"payload": {payload}}.Encode()
	for i := range 2 {
		r := signed(body, t0.Unix(), sign(t0.Unix(), body))
		if i == 1 {
			r.Header.Set("X-Slack-Retry-Num", "1")
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != 200 {
			t.Fatalf("status %d", w.Code)
		}
	}
	a.inner.Wait() // interactions are acked before the core runs
	a.mu.Lock()
	handled, dropped := a.handled["slack:tr-9"], a.dropped["slack:tr-9"]
	a.mu.Unlock()
	if handled+dropped != 2 || handled < 1 {
		t.Errorf("handled %d, dropped %d: want both deliveries accounted for, the first handled", handled, dropped)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	// A repeat that arrives while the first is in flight is dropped by the
	// adapter; one that arrives after reaches the core with the same id,
	// which the core answers silently. Either way the core can tell.
	if len(rec.evs) != handled {
		t.Fatalf("core saw %d events, adapter handled %d", len(rec.evs), handled)
	}
	for _, ev := range rec.evs {
		act := ev.(*bot.Action)
		if act.DeliveryID != "slack:tr-9" || act.CustomID != "gw:ans:1:mood:6" || act.MessageID != "1.2" {
			t.Errorf("the core cannot see the repeat: %+v", act)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add("application/x-www-form-urlencoded", commandBody("T0TEAM01", "group add <@U1|a>"))
	f.Add("application/x-www-form-urlencoded", url.Values{"payload": {`{"type":"view_submission","view":{"callback_id":"x","state":{"values":{"a":{"b":{"value":"c"}}}}}}`}}.Encode())
	f.Add("application/json", `{"type":"url_verification","challenge":"abc"}`)
	f.Add("application/json", `{"type":"event_callback","team_id":"T1","event":{"type":"app_uninstalled"}}`)
	f.Add("", "payload=%7B")
	a := testAdapter(f)
	f.Fuzz(func(t *testing.T, ct, body string) {
		req, err := decode(ct, []byte(body))
		if err != nil {
			return
		}
		switch {
		case req.command != nil:
			a.commandRequest(*req.command, "d")
		case req.action != nil:
			a.interactionRequest(req.action, "d")
		}
	})
}

// TestPublicReplyByResponseURL: a public answer to a press goes to the
// press's response_url as in_channel, not into the channel's post queue.
func TestPublicReplyByResponseURL(t *testing.T) {
	got := make(chan map[string]any, 1)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m map[string]any
		b, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(b, &m)
		got <- m
	}))
	defer hook.Close()
	rec := &recorder{reply: bot.Reply{Message: &bot.Message{Text: "Round closed <!here>"}}}
	a, h := httpAdapter(t, rec)
	payload := `{"type":"block_actions","team":{"id":"T0TEAM01"},"user":{"id":"U0ANA","name":"ana"},"trigger_id":"tr-5",` +
		`"response_url":"` + hook.URL + `/r/1","container":{"type":"message","message_ts":"1.2","channel_id":"C0GROUP"},"channel":{"id":"C0GROUP"},` +
		`"actions":[{"action_id":"gw:close:1::","block_id":"b1","type":"button"}]}`
	body := url.Values{"payload": {payload}}.Encode()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, signed(body, t0.Unix(), sign(t0.Unix(), body)))
	if w.Code != 200 || w.Body.Len() != 0 {
		t.Errorf("a press is acked at once and empty: %d %q", w.Code, w.Body.String())
	}
	a.inner.Wait()
	select {
	case m := <-got:
		if m["response_type"] != "in_channel" || m["text"] != "Round closed &lt;!here&gt;" || m["replace_original"] != false {
			t.Errorf("public reply %v", m)
		}
	default:
		t.Fatal("no reply reached the response_url")
	}
}
