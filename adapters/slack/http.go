package slack

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"

	slackgo "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// maxSkew is Slack's window for a request's timestamp.
const maxSkew = 5 * time.Minute

// Errors of request verification; each is answered 401 (413 for size).
var (
	ErrTooLarge  = errors.New("request body too large")
	ErrStale     = errors.New("request timestamp outside the 5-minute window")
	ErrSignature = errors.New("request signature does not match")
)

// verify reads a request body, bounded by max bytes, and checks Slack's
// signature over it: "v0=" + hex(HMAC-SHA256(secret, "v0:" + ts + ":" +
// body)), compared in constant time, with ts no more than 5 minutes from
// now. Nothing else about the request is looked at before it passes.
func verify(r *http.Request, secret string, max int64, now time.Time) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > max {
		return nil, ErrTooLarge
	}
	tsText := r.Header.Get("X-Slack-Request-Timestamp")
	ts, err := strconv.ParseInt(tsText, 10, 64)
	if err != nil {
		return nil, ErrStale
	}
	if d := now.Sub(time.Unix(ts, 0)); d > maxSkew || d < -maxSkew {
		return nil, ErrStale
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + tsText + ":"))
	mac.Write(body)
	want := "v0=" + hex.EncodeToString(mac.Sum(nil))
	if !hmac.Equal([]byte(want), []byte(r.Header.Get("X-Slack-Signature"))) {
		return nil, ErrSignature
	}
	return body, nil
}

// Handler returns the HTTP-mode handler: slash commands, interactivity and
// events on any path (point all three Request URLs at it). Every request is
// verified before anything else; a forgery gets 401 and has no effect.
func (a *Adapter) Handler(ctx context.Context) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		body, err := verify(r, a.cfg.SigningSecret, a.cfg.MaxBody, a.cfg.Now())
		switch {
		case errors.Is(err, ErrTooLarge):
			a.log.Warn("request refused: body too large", "remote", r.RemoteAddr)
			http.Error(w, "too large", http.StatusRequestEntityTooLarge)
			return
		case err != nil:
			a.log.Warn("request refused", "reason", err.Error(), "remote", r.RemoteAddr)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		a.serveVerified(ctx, w, r, body)
	})
}

// request is a decoded, verified HTTP-mode request.
type request struct {
	command *slackgo.SlashCommand
	action  *slackgo.InteractionCallback
	event   *slackevents.EventsAPIEvent
	// challenge is the url_verification challenge to echo.
	challenge string
}

// decode reads a verified body: JSON (events) or a form (slash commands,
// and interactivity with its one "payload" field).
func decode(contentType string, body []byte) (*request, error) {
	if bytes.HasPrefix(bytes.TrimSpace(body), []byte("{")) {
		var probe struct {
			Type      string `json:"type"`
			Challenge string `json:"challenge"`
		}
		if err := json.Unmarshal(body, &probe); err != nil {
			return nil, err
		}
		if probe.Type == "url_verification" {
			return &request{challenge: probe.Challenge}, nil
		}
		ev, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
		if err != nil {
			return nil, err
		}
		return &request{event: &ev}, nil
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, err
	}
	if p := form.Get("payload"); p != "" {
		var ic slackgo.InteractionCallback
		if err := json.Unmarshal([]byte(p), &ic); err != nil {
			return nil, err
		}
		return &request{action: &ic}, nil
	}
	if form.Get("command") == "" {
		return nil, errors.New("neither a command, an interaction nor an event")
	}
	sc := slackgo.SlashCommand{
		Token: "", TeamID: form.Get("team_id"), TeamDomain: form.Get("team_domain"),
		EnterpriseID: form.Get("enterprise_id"), ChannelID: form.Get("channel_id"), ChannelName: form.Get("channel_name"),
		UserID: form.Get("user_id"), UserName: form.Get("user_name"), Command: form.Get("command"), Text: form.Get("text"),
		ResponseURL: form.Get("response_url"), TriggerID: form.Get("trigger_id"), APIAppID: form.Get("api_app_id"),
	}
	return &request{command: &sc}, nil
}

func (a *Adapter) serveVerified(ctx context.Context, w http.ResponseWriter, r *http.Request, body []byte) {
	req, err := decode(r.Header.Get("Content-Type"), body)
	if err != nil {
		// the error may quote the body: log only that it happened
		a.log.Warn("signed request could not be read", "bytes", len(body))
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	acked := false
	ackFn := func(p any) {
		if acked {
			return
		}
		acked = true
		if p == nil {
			w.WriteHeader(http.StatusOK)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(p)
	}
	id := r.Header.Get("X-Slack-Request-Timestamp") + ":" + r.Header.Get("X-Slack-Signature")
	retry := r.Header.Get("X-Slack-Retry-Num") != ""
	switch {
	case req.challenge != "":
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, req.challenge)
	case req.command != nil:
		a.onCommand(ctx, *req.command, id, retry, ackFn, true)
	case req.action != nil:
		a.onInteraction(ctx, req.action, id, retry, ackFn, true)
	case req.event != nil:
		ackFn(nil)
		if cb, ok := req.event.Data.(*slackevents.EventsAPICallbackEvent); ok && r.Header.Get("X-Slack-Retry-Num") != "" {
			a.log.Debug("event redelivered", "event", cb.EventID, "retry", r.Header.Get("X-Slack-Retry-Num"))
		}
		a.onEvent(*req.event)
	}
	ackFn(nil)
}

// serveHTTP listens on Listen until ctx ends.
func (a *Adapter) serveHTTP(ctx context.Context) error {
	if a.cfg.Listener != nil {
		return a.serveListener(ctx, a.cfg.Listener)
	}
	ln, err := net.Listen("tcp", a.cfg.Listen)
	if err != nil {
		return err
	}
	return a.serveListener(ctx, ln)
}

func (a *Adapter) serveListener(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: a.Handler(ctx), ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second, MaxHeaderBytes: 16 << 10}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	a.log.Info("listening for Slack requests", "addr", ln.Addr().String())
	a.connected.Store(true) // in HTTP mode, Slack reaches us: listening is connected
	select {
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
		<-errc
		return nil
	case err := <-errc:
		return err
	}
}
