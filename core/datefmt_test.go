package core_test

import (
	"strings"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/core/coretest"
)

// TestFarDatesShowTheYear: a date more than six months from now, before or
// after, carries its year; a near one does not.
func TestFarDatesShowTheYear(t *testing.T) {
	h := coretest.NewBot(t)
	h.Do("Tess", "/group create G")
	h.Do("Tess", "/group dates start:2027-07-01")
	mustDo(t, h, "Tess", `/schedule add mood-checkin "every wednesday 18:00"`, "First post: Wed 7 Jul 2027, 18:00.")
	mustDo(t, h, "Tess", "/schedule list", "next Wed 7 Jul 2027, 18:00")
	h.Do("Tess", "/group end")
	text := coretest.Text(h.Press("Tess", "End the group"))
	if !strings.Contains(text, "has ended (Mon 2 Nov, 09:00)") || !strings.Contains(text, "on Tue 2 Nov 2027, 09:00 (after the retention period of 365 days)") {
		t.Errorf("end:\n%s", text)
	}
	h.Clock.Advance(200 * 24 * time.Hour)
	mustDo(t, h, "Tess", "/group end", "has ended (Mon 2 Nov 2026, 09:00)")

	g := &bot.Group{TimeZone: "Europe/Berlin"}
	now := time.Date(2026, 12, 20, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		t    time.Time
		want string
	}{
		{time.Date(2027, 1, 5, 17, 0, 0, 0, time.UTC), "Tue 5 Jan, 18:00"},
		{time.Date(2027, 7, 5, 17, 0, 0, 0, time.UTC), "Mon 5 Jul 2027, 19:00"},
		{time.Date(2026, 5, 5, 17, 0, 0, 0, time.UTC), "Tue 5 May 2026, 19:00"},
		{time.Date(2026, 7, 5, 17, 0, 0, 0, time.UTC), "Sun 5 Jul, 19:00"},
	} {
		if got := g.FormatTimeFrom(c.t, now); got != c.want {
			t.Errorf("FormatTimeFrom(%s) = %q, want %q", c.t, got, c.want)
		}
	}
}

// TestFarAlertDatesShowTheYear: an alert, the member's answer to its
// screen and its deliveries, listed months later, carry their year.
func TestFarAlertDatesShowTheYear(t *testing.T) {
	h := safetyGroup(t)
	h.Do("Tess", "/exercise start goal-set")
	h.Press("Ana", "Start")
	h.Fill("Ana", "Write my answer", "I want to kill myself")
	h.Press("Ana", "Please contact me")
	h.Clock.Advance(200 * 24 * time.Hour)
	text := coretest.Text(h.Do("Tess", "/alerts list"))
	for _, want := range []string{"#1 Mon 2 Nov 2026", "asked to be contacted (Mon 2 Nov 2026", "Tess Mon 2 Nov 2026"} {
		if !strings.Contains(text, want) {
			t.Errorf("alerts list lacks %q:\n%s", want, text)
		}
	}
}
