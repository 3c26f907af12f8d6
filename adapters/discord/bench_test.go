package discord_test

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"groupwork/adapters/discord"
	"groupwork/adapters/discord/discordtest"
	"groupwork/bot"
)

// BenchmarkInteractionAck sends slash commands at about 200 per second
// (open loop: the next one does not wait for the previous answer) through
// the fake gateway to the real core (/help, with its SQLite delivery claim)
// and reports the acknowledgement latency the fake measured, from dispatch
// to the interaction callback.
func BenchmarkInteractionAck(b *testing.B) {
	e := newEnv(b, nil)
	const every = 5 * time.Millisecond // 200 per second
	tick := time.NewTicker(every)
	defer tick.Stop()
	exs := make([]*discordtest.Exchange, 0, b.N)
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		<-tick.C
		exs = append(exs, e.fake.Command(fmt.Sprint("user", i%8), "help"))
	}
	lat := make([]time.Duration, 0, len(exs))
	for _, ex := range exs {
		lat = append(lat, ex.Settled(b).Callback.Latency)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "ms-p50")
	b.ReportMetric(pct(0.99), "ms-p99")
	b.ReportMetric(float64(len(exs))/elapsed.Seconds(), "interactions/s")
	if v := e.fake.Violations(); len(v) > 0 {
		b.Errorf("platform rules broken: %q", v)
	}
}

// BenchmarkPostThroughput posts into one channel whose bucket allows 5
// messages per 100 ms (50/s) and reports the rate achieved as a fraction of
// that limit, and the 429s it took.
func BenchmarkPostThroughput(b *testing.B) {
	f := discordtest.New(b, token)
	const n, per = 5, 100 * time.Millisecond
	f.SetRateLimit("POST", "/channels/", n, per)
	a, err := discord.New(discord.Config{Token: token, BaseURL: f.URL()}, nil)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := a.Post(ctx, discordtest.GroupChannelID, bot.Message{Text: "prompt", Key: fmt.Sprint("p", i)}); err != nil {
			b.Fatal(err)
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	limit := float64(n) / per.Seconds()
	b.ReportMetric(float64(b.N)/elapsed.Seconds()/limit, "of-limit")
	b.ReportMetric(float64(f.RateLimited()), "429s")
}
