package slacktest_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"groupwork/adapters/slack/slacktest"
)

// BenchmarkSocketRoundTrip is the fake's own cost of one slash command
// delivered over Socket Mode to the real socketmode client and acked: the
// floor under any ack latency an adapter measures against it.
func BenchmarkSocketRoundTrip(b *testing.B) {
	f := slacktest.New(b)
	thea := f.User("Thea")
	ch := f.AddChannel("g", true, slacktest.BotUserID, thea.ID)
	a := startAppTB(b, f)
	f.WaitConnected(b, 1)
	go func() {
		for evt := range a.reqs {
			_ = a.sm.Ack(*evt.Request)
		}
	}()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f.SlashCommand(thea.ID, ch.ID, "/groupwork", "help").Acked(b)
	}
}

// BenchmarkHTTPRoundTrip is the same over signed HTTP, to an app that
// only answers 200.
func BenchmarkHTTPRoundTrip(b *testing.B) {
	f := slacktest.New(b)
	thea := f.User("Thea")
	ch := f.AddChannel("g", true, slacktest.BotUserID, thea.ID)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
	}))
	b.Cleanup(srv.Close)
	f.UseHTTP(slacktest.Endpoints{Commands: srv.URL})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f.SlashCommand(thea.ID, ch.ID, "/groupwork", "help").Acked(b)
	}
}
