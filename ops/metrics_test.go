package ops_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"groupwork/bot"
	"groupwork/core"
	"groupwork/core/coretest"
	"groupwork/ops"
)

// scrape GETs /metrics from srv and parses the text format.
func scrape(t *testing.T, srv *httptest.Server) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := srv.Client().Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: %s", resp.Status)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return fams
}

// value finds the sample of name whose labels include want.
func value(fams map[string]*dto.MetricFamily, name string, want map[string]string) (float64, bool) {
	f, ok := fams[name]
	if !ok {
		return 0, false
	}
next:
	for _, m := range f.GetMetric() {
		have := map[string]string{}
		for _, l := range m.GetLabel() {
			have[l.GetName()] = l.GetValue()
		}
		for k, v := range want {
			if have[k] != v {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue(), true
		case m.Gauge != nil:
			return m.Gauge.GetValue(), true
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount()), true
		}
	}
	return 0, false
}

// TestMetricsAfterAGroupsDay drives a group through a check-in with a
// low mood (a safety alert), a refusal and a redelivery, all through the
// metrics' handler as an adapter would, then scrapes /metrics: the ack
// histogram and the event counts are there, the open run and alert are
// counted, and no label anywhere carries a user id, a name, the group's
// name, the channel or what a member wrote.
func TestMetricsAfterAGroupsDay(t *testing.T) {
	m := ops.NewMetrics()
	h := coretest.NewBot(t, func(c *core.Config) {
		c.Store = m.TimedStore(c.Store)
		c.Middleware = append(c.Middleware, m.Middleware)
	})
	h.Through = m.Handler(h.Bot)
	m.WatchState(h.Store, h.Clock.Now, nil)

	secret := "Walking by the Spree with Oksana helped"
	h.Do("Tess", `/group create "Zoë's Tuesday circle" Europe/Berlin`)
	h.Do("Tess", "/group add @Ana")
	h.Do("Ana", "/privacy accept")
	h.Do("Tess", "/exercise start mood-checkin")
	h.Press("Ana", "Start")
	h.Press("Ana", "2") // a low mood: a private alert for Tess
	h.Press("Ana", "I'm OK for now")
	h.Press("Ana", "Continue")
	h.Press("Ana", "4")
	h.Press("Ana", "Wrote it down")
	h.Fill("Ana", "Write my answer", secret)
	if rep := h.Do("Stranger", "/review group"); !strings.Contains(coretest.Text(rep), "Only") {
		t.Fatalf("a stranger was not refused: %q", coretest.Text(rep))
	}
	again := &bot.Command{EventMeta: h.Meta("Tess"), Name: "alerts", Sub: "list"}
	h.Event("Tess", again)
	if rep := h.Event("Tess", again); !rep.Silent {
		t.Fatalf("a redelivery was answered: %+v", rep)
	}

	srv := httptest.NewServer(ops.NewServer(m, nil, nil).Handler())
	defer srv.Close()
	fams := scrape(t, srv)

	if n, ok := value(fams, "groupwork_ack_latency_seconds", map[string]string{"platform": "other" /* the harness says "test", not a platform of ours */, "kind": "command"}); !ok || n < 4 {
		t.Errorf("ack histogram for commands: %v samples (found %v), want at least 4", n, ok)
	}
	if n, ok := value(fams, "groupwork_ack_latency_seconds", map[string]string{"kind": "action"}); !ok || n < 3 {
		t.Errorf("ack histogram for button presses: %v samples", n)
	}
	for _, c := range []struct {
		labels map[string]string
		want   float64
	}{
		{map[string]string{"kind": "command", "outcome": "forbidden"}, 1},
		{map[string]string{"kind": "command", "outcome": "duplicate"}, 1},
		{map[string]string{"kind": "submit", "outcome": "ok"}, 1},
	} {
		if n, _ := value(fams, "groupwork_events_total", c.labels); n != c.want {
			t.Errorf("events %v = %v, want %v", c.labels, n, c.want)
		}
	}
	if n, _ := value(fams, "groupwork_open_alerts", nil); n != 1 {
		t.Errorf("open alerts = %v, want 1", n)
	}
	if n, _ := value(fams, "groupwork_open_runs", nil); n != 1 {
		t.Errorf("open runs = %v, want 1", n)
	}
	if n, ok := value(fams, "groupwork_store_operation_seconds", map[string]string{"op": "RaiseAlert"}); !ok || n < 1 {
		t.Errorf("store latency of RaiseAlert: %v samples", n)
	}
	if _, ok := fams["go_goroutines"]; !ok {
		t.Error("no Go runtime metrics")
	}
	h.Clock.Advance(90 * time.Minute)
	if n, _ := value(scrape(t, srv), "groupwork_unacknowledged_alert_age_seconds", nil); n != 5400 {
		t.Errorf("the unacknowledged alert's age = %v s, want 5400 (90 minutes)", n)
	}

	// No content in any label: not an id, a name, the group, the channel
	// or a word a member wrote.
	forbidden := []string{"u-", "Tess", "Ana", "Stranger", "Zoë", "Tuesday", "circle", "group-channel", "Spree", "Oksana", "Walking"}
	for name, f := range fams {
		for _, mt := range f.GetMetric() {
			for _, l := range mt.GetLabel() {
				for _, bad := range forbidden {
					if strings.Contains(l.GetValue(), bad) {
						t.Errorf("%s has the label %s=%q, which carries %q", name, l.GetName(), l.GetValue(), bad)
					}
				}
			}
		}
	}
}

func TestSchedulerLagAndAlertAge(t *testing.T) {
	m := ops.NewMetrics()
	due := time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC)
	m.SchedulerPosted(due, due.Add(90*time.Second))
	m.SchedulerPosted(due, due.Add(-time.Second)) // clocks disagree: never a negative lag
	srv := httptest.NewServer(ops.NewServer(m, nil, nil).Handler())
	defer srv.Close()
	fams := scrape(t, srv)
	h := fams["groupwork_scheduler_lag_seconds"].GetMetric()[0].GetHistogram()
	if h.GetSampleCount() != 2 || h.GetSampleSum() != 90 {
		t.Errorf("lag: %d samples summing to %v s, want 2 summing to 90", h.GetSampleCount(), h.GetSampleSum())
	}
}

func TestTransportCountsPostsAnd429s(t *testing.T) {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("busy") != "" {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		io.WriteString(w, "{}")
	}))
	defer api.Close()
	m := ops.NewMetrics()
	hc := &http.Client{Transport: m.Transport("discord", nil)}
	for _, c := range []struct{ method, path string }{
		{"POST", "/api/v9/channels/123/messages"},          // a post
		{"POST", "/api/v9/channels/123/messages?busy=1"},   // limited, not a post
		{"GET", "/api/v9/channels/123/messages"},           // a read
		{"POST", "/api/v9/interactions/9/token/callback"},  // a reply, not a post
		{"PATCH", "/api/v9/channels/123/messages/456"},     // an edit
		{"POST", "/api/v9/channels/124/messages"},          // a post
		{"POST", "/api/v9/applications/1/commands?busy=1"}, // limited
	} {
		req, _ := http.NewRequest(c.method, api.URL+c.path, nil)
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	srv := httptest.NewServer(ops.NewServer(m, nil, nil).Handler())
	defer srv.Close()
	fams := scrape(t, srv)
	if n, _ := value(fams, "groupwork_posts_total", map[string]string{"platform": "discord"}); n != 2 {
		t.Errorf("posts = %v, want 2", n)
	}
	if n, _ := value(fams, "groupwork_rate_limited_total", map[string]string{"platform": "discord"}); n != 2 {
		t.Errorf("429s = %v, want 2", n)
	}

	slack := &http.Client{Transport: m.Transport("slack", nil)}
	for _, path := range []string{"/api/chat.postMessage", "/api/chat.update", "/api/chat.postEphemeral", "/api/chat.postMessage?busy=1"} {
		resp, err := slack.Post(api.URL+path, "application/json", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	fams = scrape(t, srv)
	if n, _ := value(fams, "groupwork_posts_total", map[string]string{"platform": "slack"}); n != 1 {
		t.Errorf("slack posts = %v, want 1 (chat.postMessage only)", n)
	}
	if n, _ := value(fams, "groupwork_rate_limited_total", map[string]string{"platform": "slack"}); n != 1 {
		t.Errorf("slack 429s = %v, want 1", n)
	}
}

// TestSchedulerLagFromTheCore: a daily prompt due at 12:00 Berlin (11:00
// UTC) and posted by a scheduler pass ten minutes later is observed as 600
// seconds of lag.
func TestSchedulerLagFromTheCore(t *testing.T) {
	m := ops.NewMetrics()
	h := coretest.NewBot(t, func(c *core.Config) { c.SchedulerPosted = m.SchedulerPosted })
	h.Do("Tess", `/group create "Circle" Europe/Berlin`)
	h.Do("Tess", "/group add @Ana")
	if rep := h.Do("Tess", `/schedule add mood-checkin "daily 12:00"`); !strings.Contains(coretest.Text(rep), "Schedule 1") {
		t.Fatalf("schedule add: %s", coretest.Text(rep))
	}
	h.Clock.Set(time.Date(2026, 11, 2, 11, 10, 0, 0, time.UTC))
	if err := h.Bot.Scheduler().Tick(t.Context()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(ops.NewServer(m, nil, nil).Handler())
	defer srv.Close()
	hist := scrape(t, srv)["groupwork_scheduler_lag_seconds"].GetMetric()[0].GetHistogram()
	if hist.GetSampleCount() != 1 || hist.GetSampleSum() != 600 {
		t.Errorf("lag: %d samples summing to %v s, want 1 of 600", hist.GetSampleCount(), hist.GetSampleSum())
	}
}
