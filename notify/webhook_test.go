package notify_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"groupwork/notify"
)

func TestWebhookPostsSignedJSON(t *testing.T) {
	var got struct {
		body []byte
		h    http.Header
	}
	status := http.StatusNoContent
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.body, _ = io.ReadAll(r.Body)
		got.h = r.Header.Clone()
		w.WriteHeader(status)
	}))
	defer srv.Close()
	hook := &notify.Webhook{
		URLs:   map[string]string{"u-tess": srv.URL + "/hooks/T0KEN-in-the-path"},
		Secret: "hook-secret", Client: srv.Client(),
		Now: func() time.Time { return time.Unix(1772614800, 0) },
	}
	if err := hook.Send(t.Context(), "u-tess", "groupwork: a safety alert needs you", "alert #3"); err != nil {
		t.Fatal(err)
	}
	var p map[string]string
	if err := json.Unmarshal(got.body, &p); err != nil {
		t.Fatal(err)
	}
	if p["event"] != "groupwork.safety_alert" || p["text"] != "groupwork: a safety alert needs you\n\nalert #3" || p["sent_at"] != "2026-03-04T09:00:00Z" {
		t.Errorf("payload %v", p)
	}
	ts := got.h.Get("X-Groupwork-Timestamp")
	if ts != "1772614800" || got.h.Get("X-Groupwork-Signature") != notify.Sign("hook-secret", ts, got.body) {
		t.Errorf("signature headers %v", got.h)
	}
	if notify.Sign("other", ts, got.body) == notify.Sign("hook-secret", ts, got.body) {
		t.Error("the signature does not depend on the secret")
	}

	status = http.StatusBadGateway
	err := hook.Send(t.Context(), "u-tess", "s", "t")
	if err == nil || !strings.Contains(err.Error(), "502") {
		t.Errorf("a 502: %v", err)
	}
	srv.Close()
	err = hook.Send(t.Context(), "u-tess", "s", "t")
	if err == nil || strings.Contains(err.Error(), "T0KEN") {
		t.Errorf("an unreachable hook: %v (must not show the address)", err)
	}
}
