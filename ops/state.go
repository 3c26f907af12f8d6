package ops

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"groupwork/bot"
)

// StateReader is what the state collector reads at scrape time.
type StateReader interface {
	Groups(ctx context.Context) ([]*bot.Group, error)
	OpenRuns(ctx context.Context, groupID int64) ([]*bot.Run, error)
	Alerts(ctx context.Context, groupID int64, open bool) ([]*bot.SafetyAlert, error)
}

var (
	openRunsDesc = prometheus.NewDesc("groupwork_open_runs",
		"Exercise runs that are open (accepting answers), across all groups.", nil, nil)
	openAlertsDesc = prometheus.NewDesc("groupwork_open_alerts",
		"Safety alerts that no therapist has acknowledged yet, across all groups.", nil, nil)
	oldestAlertDesc = prometheus.NewDesc("groupwork_unacknowledged_alert_age_seconds",
		"Age of the oldest unacknowledged safety alert (0 when there is none). Alert on this: a safety alert should not wait hours.", nil, nil)
	stateUpDesc = prometheus.NewDesc("groupwork_state_read_ok",
		"1 when the open runs and alerts could be read from the store at this scrape, 0 when not (the other state metrics are then absent).", nil, nil)
)

// stateCollector reads the open runs and alerts when /metrics is scraped,
// so the numbers are the store's, not a counter that drifts after a
// restart. A practice has tens of groups: a few queries per scrape.
type stateCollector struct {
	r     StateReader
	now   func() time.Time
	log   *slog.Logger
	limit time.Duration
}

// WatchState makes /metrics report open runs, open alerts and the age of
// the oldest unacknowledged alert, read from r at each scrape; now is the
// bot's clock.
func (m *Metrics) WatchState(r StateReader, now func() time.Time, log *slog.Logger) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	m.reg.MustRegister(&stateCollector{r: r, now: now, log: log, limit: 5 * time.Second})
}

func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- openRunsDesc
	ch <- openAlertsDesc
	ch <- oldestAlertDesc
	ch <- stateUpDesc
}

func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), c.limit)
	defer cancel()
	runs, alerts, oldest, err := c.read(ctx)
	if err != nil {
		c.log.Warn("metrics: could not read open runs and alerts", "err", err)
		ch <- prometheus.MustNewConstMetric(stateUpDesc, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(stateUpDesc, prometheus.GaugeValue, 1)
	ch <- prometheus.MustNewConstMetric(openRunsDesc, prometheus.GaugeValue, float64(runs))
	ch <- prometheus.MustNewConstMetric(openAlertsDesc, prometheus.GaugeValue, float64(alerts))
	ch <- prometheus.MustNewConstMetric(oldestAlertDesc, prometheus.GaugeValue, oldest.Seconds())
}

func (c *stateCollector) read(ctx context.Context) (runs, alerts int, oldest time.Duration, err error) {
	groups, err := c.r.Groups(ctx)
	if err != nil {
		return 0, 0, 0, err
	}
	now := c.now()
	for _, g := range groups {
		rs, err := c.r.OpenRuns(ctx, g.ID)
		if err != nil {
			return 0, 0, 0, err
		}
		for _, r := range rs {
			if r.Open(now) {
				runs++
			}
		}
		as, err := c.r.Alerts(ctx, g.ID, true)
		if err != nil {
			return 0, 0, 0, err
		}
		for _, a := range as {
			if !a.Open() {
				continue
			}
			alerts++
			oldest = max(oldest, now.Sub(a.RaisedAt))
		}
	}
	return runs, alerts, oldest, nil
}
