package core

import (
	"strings"
	"testing"
	"time"
)

func TestEveryWeeks(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	w, err := ParseWhen("every 2 weeks monday 10:00 from 2026-10-19")
	if err != nil {
		t.Fatal(err)
	}
	if w.Describe() != "on Monday at 10:00, every 2 weeks from Mon 19 Oct 2026" {
		t.Errorf("words = %q", w.Describe())
	}
	// Across the end of summer time (25 Oct 2026): still 10:00 local.
	want := []string{"2026-10-19 10:00 CEST", "2026-11-02 10:00 CET", "2026-11-16 10:00 CET", "2026-11-30 10:00 CET"}
	at := time.Date(2026, 10, 1, 0, 0, 0, 0, berlin)
	for i, wt := range want {
		at = w.Next(at, berlin, nil)
		if got := at.Format("2006-01-02 15:04 MST"); got != wt {
			t.Errorf("fire %d = %s, want %s", i+1, got, wt)
		}
	}
	// "every other" is every 2 weeks; a start date in mid-week counts from
	// that week, and nothing fires before it.
	w2, err := ParseWhen("every other wednesday at 9:00 from 2026-11-05")
	if err != nil {
		t.Fatal(err)
	}
	if got := w2.Next(time.Date(2026, 11, 1, 0, 0, 0, 0, berlin), berlin, nil); got.Format("2006-01-02") != "2026-11-18" {
		t.Errorf("first fire %s, want 2026-11-18 (the 4th is before the start, the 11th is an off week)", got)
	}
	for _, c := range []struct{ in, want string }{
		{"every 2 weeks monday 10:00", "the date is the first one"},
		{"every 1 week monday 10:00 from 2026-11-02", "every 2 to 12 weeks"},
		{"every 2 weeks weekdays 10:00 from 2026-11-02", "name one day of the week"},
		{"every 2 weeks monday 10:00 from 2026-13-02", "is not a date"},
		{"every 3 weeks moonday 10:00 from 2026-11-02", "I don't know the day"},
	} {
		if _, err := ParseWhen(c.in); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: err = %v, want %q", c.in, err, c.want)
		}
	}
}
