package slacktest_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"groupwork/adapters/slack/slacktest"
)

// httpApp is a minimal HTTP-mode app: it checks signatures with slack-go's
// verifier and hands what it parsed to the test.
type httpApp struct {
	srv  *httptest.Server
	got  chan httpReq
	resp map[string]string // path -> response body
}

type httpReq struct {
	path  string
	retry string
	cmd   slack.SlashCommand
	cb    slack.InteractionCallback
	event slackevents.EventsAPIEvent
}

func startHTTPApp(t *testing.T, secret func() string) *httpApp {
	a := &httpApp{got: make(chan httpReq, 16), resp: map[string]string{}}
	a.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		sv, err := slack.NewSecretsVerifier(r.Header, secret())
		if err == nil {
			_, _ = sv.Write(body)
			err = sv.Ensure()
		}
		if err != nil {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		got := httpReq{path: r.URL.Path, retry: r.Header.Get("X-Slack-Retry-Num")}
		switch r.URL.Path {
		case "/commands":
			got.cmd, err = slack.SlashCommandParse(r)
		case "/interactivity":
			err = r.ParseForm()
			if err == nil {
				err = json.Unmarshal([]byte(r.PostForm.Get("payload")), &got.cb)
			}
		case "/events":
			got.event, err = slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		a.got <- got
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, a.resp[r.URL.Path])
	}))
	t.Cleanup(a.srv.Close)
	return a
}

func (a *httpApp) next(t *testing.T) httpReq {
	t.Helper()
	timer := time.NewTimer(10 * time.Second)
	defer timer.Stop()
	select {
	case g := <-a.got:
		return g
	case <-timer.C:
		t.Fatal("the app got no request")
	}
	return httpReq{}
}

func TestHTTPDelivery(t *testing.T) {
	f := slacktest.New(t)
	thea, ana := f.User("Thea"), f.User("Ana")
	ch := f.AddChannel("tuesday-group", true, slacktest.BotUserID, thea.ID, ana.ID)
	a := startHTTPApp(t, func() string { return "8f742231b10e8888abcd99yyyzzz85a5" })
	if f.SigningSecret() != "8f742231b10e8888abcd99yyyzzz85a5" {
		t.Fatal("the test app must know the fake's signing secret")
	}
	a.resp["/commands"] = `{"text":"Usage: /groupwork group create \"name\""}`
	f.UseHTTP(slacktest.Endpoints{Commands: a.srv.URL + "/commands", Interactivity: a.srv.URL + "/interactivity", Events: a.srv.URL + "/events"})

	ex := f.SlashCommand(thea.ID, ch.ID, "/groupwork", "group")
	g := a.next(t)
	if g.cmd.Text != "group" || g.cmd.UserID != thea.ID || g.cmd.TriggerID != ex.TriggerID || g.cmd.TeamID != slacktest.TeamID {
		t.Fatalf("command = %+v", g.cmd)
	}
	st := ex.Acked(t)
	if st.Status() != 200 || len(st.Followups) != 1 || !st.Followups[0].Ephemeral || st.Followups[0].VisibleTo != thea.ID {
		t.Fatalf("state = %+v", st)
	}

	api := client(f)
	_, ts, err := api.PostMessage(ch.ID, slack.MsgOptionBlocks(slack.NewActionBlock("consent",
		slack.NewButtonBlockElement("consent:yes", "yes", slack.NewTextBlockObject("plain_text", "I agree", false, false)))))
	if err != nil {
		t.Fatal(err)
	}
	click := f.Click(ana.ID, *f.Message(ch.ID, ts), "consent:yes")
	g = a.next(t)
	if g.path != "/interactivity" || g.cb.ActionCallback.BlockActions[0].ActionID != "consent:yes" || g.cb.User.ID != ana.ID {
		t.Fatalf("interaction = %+v", g.cb)
	}
	click.Acked(t)

	evx := f.Event(slacktest.TeamID, map[string]any{"type": "member_joined_channel", "user": ana.ID, "channel": ch.ID})
	g = a.next(t)
	if g.event.Type != slackevents.CallbackEvent || g.event.InnerEvent.Type != "member_joined_channel" || g.retry != "" {
		t.Fatalf("event = %+v (retry %q)", g.event, g.retry)
	}
	evx.Acked(t)
	f.Redeliver(evx)
	if g = a.next(t); g.retry != "1" {
		t.Fatalf("redelivery has X-Slack-Retry-Num %q, want 1", g.retry)
	}
	if st := evx.Acked(t); st.Deliveries != 2 || len(st.Statuses) != 2 {
		t.Fatalf("state = %+v", st)
	}

	// the fake signs with its current secret: an app with another refuses
	f.SetSigningSecret("rotated")
	forged := f.SlashCommand(thea.ID, ch.ID, "/groupwork", "help")
	if st := forged.Answered(t); st.Status() != http.StatusUnauthorized || st.Acked || len(st.Followups) != 0 {
		t.Fatalf("forged: %+v", st)
	}
	noViolations(t, f)
}

func TestSignHelpers(t *testing.T) {
	f := slacktest.New(t)
	body := []byte(url.Values{"text": {"help"}}.Encode())
	check := func(r *http.Request) error {
		sv, err := slack.NewSecretsVerifier(r.Header, f.SigningSecret())
		if err != nil {
			return err
		}
		b, _ := io.ReadAll(r.Body)
		_, _ = sv.Write(b)
		return sv.Ensure()
	}
	if err := check(f.SignedRequest("http://app.invalid/commands", "application/x-www-form-urlencoded", body, time.Now())); err != nil {
		t.Fatalf("fresh request refused: %v", err)
	}
	if err := check(f.SignedRequest("http://app.invalid/commands", "application/x-www-form-urlencoded", body, time.Now().Add(-6*time.Minute))); err == nil {
		t.Fatal("a six-minute-old timestamp should be refused")
	}
	r := f.SignedRequest("http://app.invalid/commands", "application/x-www-form-urlencoded", body, time.Now())
	r.Body = io.NopCloser(bytes.NewReader(append(body, '&', 'x')))
	if err := check(r); err == nil {
		t.Fatal("a changed body should be refused")
	}
	if slacktest.Sign("s", time.Unix(1, 0), []byte("b")) == slacktest.Sign("s", time.Unix(2, 0), []byte("b")) {
		t.Fatal("the timestamp must be signed")
	}
}

func newChallengeApp(t *testing.T, f *slacktest.Fake) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		sv, err := slack.NewSecretsVerifier(r.Header, f.SigningSecret())
		if err == nil {
			_, _ = sv.Write(body)
			err = sv.Ensure()
		}
		if err != nil {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var c slackevents.ChallengeResponse
		_ = json.Unmarshal(body, &c)
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, c.Challenge)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}
