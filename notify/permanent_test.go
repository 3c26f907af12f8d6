package notify_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"groupwork/notify"
	"groupwork/notify/smtptest"
)

func isPermanent(err error) bool {
	var p interface{ Permanent() bool }
	return errors.As(err, &p) && p.Permanent()
}

// TestWhichFailuresArePermanent: what a retry cannot mend is marked, so
// the core gives up at once and the backup hears sooner; what a retry may
// mend (a busy server, a timeout, a 5xx webhook) is not.
func TestWhichFailuresArePermanent(t *testing.T) {
	s := smtptest.New(t)
	s.User, s.Password = "groupwork", "right"
	e := mailer(s)
	e.Password = "wrong"
	if err := e.Send(t.Context(), "u-tess", "s", "t"); !isPermanent(err) {
		t.Errorf("a refused login (535): %v, want permanent", err)
	}
	e.Password = "right"
	s.FailRecipients(1)
	if err := e.Send(t.Context(), "u-tess", "s", "t"); err == nil || isPermanent(err) {
		t.Errorf("a greylisted recipient (451): %v, want a temporary error", err)
	}
	bare := smtptest.New(t)
	bare.NoStartTLS()
	if err := mailer(bare).Send(t.Context(), "u-tess", "s", "t"); !isPermanent(err) || !errors.Is(err, notify.ErrNoStartTLS) {
		t.Errorf("no STARTTLS: %v, want permanent ErrNoStartTLS", err)
	}

	status := 0
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(status) }))
	defer srv.Close()
	hook := &notify.Webhook{URLs: map[string]string{"u-tess": srv.URL}, Client: srv.Client()}
	for _, c := range []struct {
		status    int
		permanent bool
	}{{404, true}, {410, true}, {403, true}, {429, false}, {408, false}, {500, false}, {503, false}} {
		status = c.status
		err := hook.Send(t.Context(), "u-tess", "s", "t")
		if err == nil || isPermanent(err) != c.permanent {
			t.Errorf("webhook %d: %v, permanent %v, want %v", c.status, err, isPermanent(err), c.permanent)
		}
	}
}
