package notify_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"groupwork/core"
	"groupwork/core/coretest"
	"groupwork/notify"
	"groupwork/notify/smtptest"
)

// alertGroup: Tess leads, Cora is the backup, Ana has consented; Ana's
// mood of 1 raises alert #1. pass runs the scheduler's pass after d.
func alertGroup(t *testing.T, chans ...core.AlertChannel) (h *coretest.Harness, pass func(d time.Duration)) {
	t.Helper()
	h = coretest.NewBot(t, func(c *core.Config) { c.AlertChannels = chans })
	h.Do("Tess", `/group create "Zoë's circle" Europe/Berlin`)
	h.Do("Tess", "/group add @Ana")
	h.Do("Tess", "/group add @Cora co-therapist")
	h.Do("Tess", "/group backup @Cora")
	h.Do("Ana", "/privacy accept")
	h.Do("Tess", "/exercise start mood-checkin")
	h.Press("Ana", "Start")
	h.Press("Ana", "1")
	return h, func(d time.Duration) {
		h.Clock.Advance(d)
		if err := h.Bot.Scheduler().Tick(t.Context()); err != nil {
			t.Fatalf("tick: %v", err)
		}
	}
}

// TestAlertByEmailThroughAFlakyServer: the SMTP server refuses the first
// two tries (451); the third, four minutes later by the backoff, delivers
// a content-free message over STARTTLS.
func TestAlertByEmailThroughAFlakyServer(t *testing.T) {
	s := smtptest.New(t)
	s.User, s.Password = "groupwork", "pw"
	s.FailRecipients(2)
	e := &notify.Email{Host: s.Host, Port: s.Port, Username: "groupwork", Password: "pw", From: "groupwork@practice.example",
		To: map[string]string{"u-tess": "tess@practice.example"}, TLS: s.ClientTLS()}
	_, pass := alertGroup(t, e)
	for range 10 {
		pass(time.Minute)
	}
	ms := s.Messages()
	if len(ms) != 1 {
		t.Fatalf("%d messages, want 1", len(ms))
	}
	if !ms[0].TLS || !strings.Contains(ms[0].Data, "A safety alert in one of your groups needs you (alert #1)") {
		t.Errorf("message: %+v", ms[0])
	}
	for _, leak := range []string{"Ana", "Zoë", "circle", "mood"} {
		if strings.Contains(ms[0].Data, leak) {
			t.Errorf("the e-mail carries %q", leak)
		}
	}
}

// TestAlertByWebhookGivenUpTellsTheBackup: a webhook that answers 503 is
// given up after 6 tries and Cora, the backup, is told Tess was not
// reached; an e-mail server without STARTTLS is given up at its first try
// (a retry cannot mend it), and Cora is told at once.
func TestAlertByWebhookGivenUpTellsTheBackup(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	s := smtptest.New(t)
	s.NoStartTLS()
	hook := &notify.Webhook{URLs: map[string]string{"u-tess": srv.URL}, Client: srv.Client()}
	mail := &notify.Email{Host: s.Host, Port: s.Port, From: "groupwork@practice.example",
		To: map[string]string{"u-tess": "tess@practice.example"}, TLS: s.ClientTLS()}
	h, pass := alertGroup(t, hook, mail)
	pass(0)
	if dms := strings.Join(h.DMs("Cora"), "\n"); !strings.Contains(dms, "The e-mail about safety alert #1 could not be delivered to Tess after 1 try") {
		t.Errorf("Cora was not told at once that the e-mail failed for good: %q", dms)
	}
	for range 40 {
		pass(time.Minute)
	}
	if n := calls.Load(); n != 6 {
		t.Errorf("the webhook was called %d times, want 6", n)
	}
	if len(s.Messages()) != 0 {
		t.Error("mail went to a server without STARTTLS")
	}
	var told []string
	for _, dm := range h.DMs("Cora") {
		if strings.Contains(dm, "could not reach a therapist") {
			told = append(told, dm)
		}
	}
	if len(told) != 2 || !strings.Contains(strings.Join(told, "\n"), "The webhook notice about safety alert #1 could not be delivered to Tess after 6 tries") ||
		!strings.Contains(strings.Join(told, "\n"), "The e-mail about safety alert #1") {
		t.Errorf("Cora was told: %q", told)
	}
}
