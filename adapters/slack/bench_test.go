package slack

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"groupwork/adapters/slack/slacktest"
	"groupwork/bot"
)

// BenchmarkHTTPAckLatency sends 2,000 signed slash commands (/groupwork
// help from 8 people, answered by the real core in the ack) at 200
// requests a second to
// the adapter in HTTP mode, and reports the ack latency's p50 and p99.
// "stub" answers with a fixed private reply instead of the core, to show
// the adapter's own share. Run with -benchtime=1x: the sample count is fixed.
func BenchmarkHTTPAckLatency(b *testing.B) {
	b.Run("core", func(b *testing.B) { ackLatency(b, nil) })
	b.Run("stub", func(b *testing.B) {
		ackLatency(b, bot.HandlerFunc(func(context.Context, bot.Event) bot.Reply { return bot.PrivateText("help text") }))
	})
}

func ackLatency(b *testing.B, h bot.Handler) {
	const samples, perSecond = 2000, 200
	e := newEnvWith(b, true, h)
	target := "http://" + e.a.cfg.Listener.Addr().String() + "/slack"
	var users []string
	for i := range 8 {
		users = append(users, e.fake.User(fmt.Sprint("user", i)).ID)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	for b.Loop() {
		lat := make([]time.Duration, samples)
		var wg sync.WaitGroup
		tick := time.NewTicker(time.Second / perSecond)
		failed := 0
		var mu sync.Mutex
		for i := range samples {
			<-tick.C
			body := url.Values{"command": {"/groupwork"}, "team_id": {slacktest.TeamID}, "channel_id": {e.channel},
				"user_id": {users[i%len(users)]}, "user_name": {"someone"}, "text": {"help"}, "trigger_id": {fmt.Sprintf("bench-%d", i)},
				"response_url": {e.fake.URL() + "/response/none"}}.Encode()
			req := e.fake.SignedRequest(target, "application/x-www-form-urlencoded", []byte(body), time.Now())
			wg.Add(1)
			go func() {
				defer wg.Done()
				start := time.Now()
				resp, err := client.Do(req)
				if err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				lat[i] = time.Since(start)
				if err != nil || resp.StatusCode != 200 {
					mu.Lock()
					failed++
					mu.Unlock()
				}
			}()
		}
		tick.Stop()
		wg.Wait()
		slices.Sort(lat)
		b.ReportMetric(float64(lat[samples/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(lat[samples*99/100].Microseconds())/1000, "p99-ms")
		b.ReportMetric(float64(lat[samples-1].Microseconds())/1000, "max-ms")
		b.ReportMetric(float64(failed), "failed")
	}
}

// BenchmarkChannelPostRate posts 12 messages at once into one channel
// against the fake's limit (one a second, bursts of 3) and reports the rate
// achieved and the 429s met.
func BenchmarkChannelPostRate(b *testing.B) {
	const n = 12
	e := newEnv(b, false)
	for b.Loop() {
		e.fake.SetPostLimit(time.Second, 3) // a fresh bucket
		before := e.fake.RateLimited()
		start := time.Now()
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := e.a.Post(context.Background(), e.channel, bot.Message{Text: fmt.Sprintf("post %d", i)}); err != nil {
					b.Errorf("post: %v", err)
				}
			}()
		}
		wg.Wait()
		el := time.Since(start)
		b.ReportMetric(float64(n)/el.Seconds(), "posts/s")
		b.ReportMetric(float64(e.fake.RateLimited()-before), "429s")
	}
}
