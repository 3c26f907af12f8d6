package ops

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metrics holds groupwork's instruments on their own registry (no global
// registration: two bots in one test process do not collide). Its methods
// are safe for concurrent use.
type Metrics struct {
	reg *prometheus.Registry

	events     *prometheus.CounterVec   // platform, kind, outcome
	ack        *prometheus.HistogramVec // platform, kind
	posts      *prometheus.CounterVec   // platform
	limited    *prometheus.CounterVec   // platform
	schedLag   prometheus.Histogram
	storeOps   *prometheus.HistogramVec // op
	storeErrs  *prometheus.CounterVec   // op
	alertSends *prometheus.CounterVec   // channel, outcome
}

// ackBuckets reach past both platforms' 3-second deadline, so that a slow
// reply shows where it fell: under the adapter's defer point (1.5–2 s),
// before the deadline, or after it.
var ackBuckets = []float64{.005, .01, .025, .05, .1, .25, .5, 1, 1.5, 2, 2.5, 3, 5, 10}

// lagBuckets go from a prompt on time to one posted late after downtime
// (the grace window is hours).
var lagBuckets = []float64{.1, .5, 1, 5, 15, 60, 300, 900, 3600, 4 * 3600, 12 * 3600}

// NewMetrics returns the instruments, registered together with the Go
// runtime and process collectors.
func NewMetrics() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.events = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "groupwork_events_total",
		Help: "Inbound events (commands, button presses, form submissions, presence changes) by platform, kind and outcome: ok, duplicate (a redelivery, answered with silence), or the error code (invalid, not_found, forbidden, conflict, internal…).",
	}, []string{"platform", "kind", "outcome"})
	m.ack = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "groupwork_ack_latency_seconds",
		Help:    "Time from an event reaching the core to its reply being ready for the platform's acknowledgement (3 s deadline on Discord and Slack; the adapters defer before it).",
		Buckets: ackBuckets,
	}, []string{"platform", "kind"})
	m.posts = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "groupwork_posts_total",
		Help: "Messages the bot posted to a platform (Discord channel messages, Slack chat.postMessage), by platform.",
	}, []string{"platform"})
	m.limited = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "groupwork_rate_limited_total",
		Help: "HTTP 429 (rate limited) responses from a platform's API, by platform.",
	}, []string{"platform"})
	m.schedLag = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "groupwork_scheduler_lag_seconds",
		Help:    "Time from when a scheduled prompt was due to when it was posted.",
		Buckets: lagBuckets,
	})
	m.storeOps = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "groupwork_store_operation_seconds",
		Help:    "Latency of store operations, by store method.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	}, []string{"op"})
	m.storeErrs = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "groupwork_store_errors_total",
		Help: "Store operations that returned an error other than not found, by store method.",
	}, []string{"op"})
	m.alertSends = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "groupwork_alert_deliveries_total",
		Help: "Attempts to deliver a safety-alert notice off-platform (e-mail, webhook), by channel and outcome: sent or error (an error is retried with backoff; see the log).",
	}, []string{"channel", "outcome"})
	m.reg.MustRegister(m.events, m.ack, m.posts, m.limited, m.schedLag, m.storeOps, m.storeErrs, m.alertSends,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Registry returns the registry that /metrics serves.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// SchedulerPosted records the lag of one scheduled prompt; it has the
// shape of core.Config.SchedulerPosted.
func (m *Metrics) SchedulerPosted(due, posted time.Time) {
	m.schedLag.Observe(max(posted.Sub(due), 0).Seconds())
}

// AlertDelivery counts one off-platform alert delivery attempt.
func (m *Metrics) AlertDelivery(channel, outcome string) {
	m.alertSends.WithLabelValues(channel, outcome).Inc()
}
