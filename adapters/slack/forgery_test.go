package slack

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"groupwork/adapters/slack/slacktest"
)

// TestHTTPForgeriesChangeNothing sends forged, stale, oversize and replayed
// requests to a real core on SQLite in HTTP mode, then shows that none of
// them created anything: the genuine /groupwork group create that follows
// is the channel's first group.
func TestHTTPForgeriesChangeNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	d := &driver{e: e, last: map[string]*slacktest.Exchange{}, joined: map[string]bool{}}
	tess := d.user(t, "Tess")
	target := "http://" + e.a.cfg.Listener.Addr().String() + "/slack"
	form := func(text, trigger string) []byte {
		return []byte(url.Values{"command": {"/groupwork"}, "team_id": {slacktest.TeamID}, "channel_id": {e.channel},
			"user_id": {tess}, "user_name": {"tess"}, "text": {text}, "trigger_id": {trigger},
			"response_url": {e.fake.URL() + "/response/none"}}.Encode())
	}
	send := func(req *http.Request) (int, string) {
		t.Helper()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	const ct = "application/x-www-form-urlencoded"
	now := time.Now()

	forged := e.fake.SignedRequest(target, ct, form(`group create "Forged"`, "f1"), now)
	forged.Header.Set("X-Slack-Signature", "v0="+strings.Repeat("ab", 32))
	tampered := e.fake.SignedRequest(target, ct, form(`group create "Forged"`, "f2"), now)
	body := form(`group create "Tampered"`, "f2")
	tampered.Body, tampered.ContentLength = io.NopCloser(strings.NewReader(string(body))), int64(len(body))
	big := append(form(`group create "Big"`, "f3"), []byte("&pad="+strings.Repeat("x", 70<<10))...)
	for name, c := range map[string]struct {
		req  *http.Request
		want int
	}{
		"forged signature": {forged, 401},
		"tampered body":    {tampered, 401},
		"stale timestamp":  {e.fake.SignedRequest(target, ct, form(`group create "Stale"`, "f4"), now.Add(-6*time.Minute)), 401},
		"oversize body":    {e.fake.SignedRequest(target, ct, big, now), 413},
	} {
		if got, _ := send(c.req); got != c.want {
			t.Errorf("%s: status %d, want %d", name, got, c.want)
		}
	}

	// a genuine request, then the same request replayed within the window:
	// the second delivery of the same trigger id has no effect
	genuine := form(`group create "Real group"`, "g1")
	code, reply := send(e.fake.SignedRequest(target, ct, genuine, now))
	e.idle(t)
	if code != 200 {
		t.Fatalf("genuine request: %d %s", code, reply)
	}
	replay := e.fake.SignedRequest(target, ct, genuine, now)
	replay.Header.Set("X-Slack-Retry-Num", "1")
	code, reply = send(replay)
	e.idle(t)
	if code != 200 || reply != "" {
		t.Errorf("a replay should get an empty 200, got %d %q", code, reply)
	}
	info := d.Do(t, "Tess", "/group info")
	must(t, "the one group", info, "Real group")
	for _, bad := range []string{"Forged", "Tampered", "Big", "Stale"} {
		if info.Has(bad) {
			t.Errorf("a refused request created %q", bad)
		}
	}
	welcomes := 0
	for _, m := range e.fake.Messages(e.channel) {
		if strings.Contains(m.AllText(), "is now the home of") {
			welcomes++
		}
	}
	if welcomes != 1 {
		t.Errorf("%d welcome posts, want 1 (the replay must have no effect)", welcomes)
	}
}
