package notify_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"groupwork/notify"
	"groupwork/notify/smtptest"
)

func mailer(s *smtptest.Server) *notify.Email {
	return &notify.Email{
		Host: s.Host, Port: s.Port, Username: "groupwork", Password: "s3cret-pw", From: "groupwork@practice.example",
		To: map[string]string{"u-tess": "tess@practice.example"}, TLS: s.ClientTLS(),
		Now: func() time.Time { return time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC) },
	}
}

func TestEmailGoesOverSTARTTLSWithLogin(t *testing.T) {
	s := smtptest.New(t)
	s.User, s.Password = "groupwork", "s3cret-pw"
	e := mailer(s)
	if !e.Reaches("u-tess") || e.Reaches("u-ana") {
		t.Fatal("Reaches is wrong")
	}
	if err := e.Send(t.Context(), "u-tess", "groupwork: a safety alert needs you", "A safety alert needs you (alert #3).\nSee /alerts list."); err != nil {
		t.Fatal(err)
	}
	ms := s.Messages()
	if len(ms) != 1 {
		t.Fatalf("%d messages", len(ms))
	}
	m := ms[0]
	if !m.TLS || m.User != "groupwork" || m.From != "groupwork@practice.example" || m.To != "tess@practice.example" {
		t.Errorf("envelope %+v", m)
	}
	for _, want := range []string{"Subject: groupwork: a safety alert needs you\r\n", "Auto-Submitted: auto-generated\r\n",
		"To: tess@practice.example\r\n", "Date: Wed, 04 Mar 2026 09:00:00 +0000\r\n", "\r\n\r\nA safety alert needs you (alert #3).\r\nSee /alerts list."} {
		if !strings.Contains(m.Data, want) {
			t.Errorf("the message lacks %q:\n%s", want, m.Data)
		}
	}
	if err := e.Send(t.Context(), "u-ana", "s", "t"); err == nil {
		t.Error("sent to a person without an address")
	}
}

func TestEmailRefusesAServerWithoutSTARTTLS(t *testing.T) {
	s := smtptest.New(t)
	s.NoStartTLS()
	err := mailer(s).Send(t.Context(), "u-tess", "s", "t")
	if !errors.Is(err, notify.ErrNoStartTLS) {
		t.Fatalf("err = %v, want ErrNoStartTLS", err)
	}
	if len(s.Messages()) != 0 {
		t.Error("a message went out unencrypted")
	}
}

func TestEmailFailuresSayWhatFailedButNotThePassword(t *testing.T) {
	s := smtptest.New(t)
	s.User, s.Password = "groupwork", "another-password"
	err := mailer(s).Send(t.Context(), "u-tess", "s", "t")
	if err == nil || !strings.Contains(err.Error(), "login") || strings.Contains(err.Error(), "s3cret-pw") {
		t.Errorf("wrong password: %v", err)
	}
	s.Password = "s3cret-pw"
	s.FailRecipients(1)
	err = mailer(s).Send(t.Context(), "u-tess", "s", "t")
	if err == nil || !strings.Contains(err.Error(), "451") {
		t.Errorf("a refused recipient: %v", err)
	}
	if err := mailer(s).Send(t.Context(), "u-tess", "s", "t"); err != nil {
		t.Errorf("the retry: %v", err)
	}
	if n := len(s.Messages()); n != 1 {
		t.Errorf("%d messages, want 1", n)
	}
	// A server that is not there.
	dead := mailer(s)
	dead.Port = 1
	if err := dead.Send(t.Context(), "u-tess", "s", "t"); err == nil || !strings.Contains(err.Error(), "connect") {
		t.Errorf("no server: %v", err)
	}
}
