package core

import (
	"strings"
	"testing"
	"time"
)

// daySeeds are days and day lists as therapists type them to /group
// holiday, /group leave, /group pause and /group dates.
var daySeeds = []string{
	"2026-12-24", "24 Dec", "24 December 2026", "Dec 24", "December 24, 2026", "today", "tomorrow", "thursday", "Wed", "sundays",
	"24 Dec, 31 Dec", "2026-12-24 2026-12-31", "2026-12-24 to 2027-01-01", "24 Dec 2026 31 Dec 2026",
	"29 Feb", "Feb 29", "29 Feb 2028", "2026-02-29", "31 Apr", "0000-01-01", "9999-12-31",
	"2027-01-01 to 2026-12-24", "2026-01-01 to 2027-12-31", "to", " to ", "", ",", "24", "Dec",
}

// dayNamed returns the month and day s names when it is one of parseDay's
// forms without a year.
func dayNamed(s string) (time.Month, int, bool) {
	s = strings.TrimSpace(strings.Trim(s, ","))
	for _, layout := range []string{"2 Jan", "2 January", "Jan 2", "January 2"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Month(), t.Day(), true
		}
	}
	return 0, 0, false
}

// FuzzParseDay: a day typed by a therapist is refused with a plain
// EInvalid, or it is a midnight in the group's zone that reads back from
// its ISO form; a day without a year is the one named, at most about four
// years ahead (29 February) and never before today.
func FuzzParseDay(f *testing.F) {
	for _, s := range daySeeds {
		f.Add(s)
	}
	loc, err := time.LoadLocation("America/Sao_Paulo") // midnight did not exist on some days
	if err != nil {
		f.Fatal(err)
	}
	now := time.Date(2026, 11, 4, 12, 0, 0, 0, loc)
	today := time.Date(2026, 11, 4, 0, 0, 0, 0, loc)
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseDay(s, loc, now)
		if err != nil {
			checkPlain(t, err)
			return
		}
		if d.Location() != loc || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0 || d.Hour() > 1 {
			t.Fatalf("%q read as %v, not the start of a day", s, d)
		}
		iso := d.Format(time.DateOnly)
		if again, err := parseDay(iso, loc, now); err != nil || !again.Equal(d) {
			t.Fatalf("%q read as %s, which reads back as %v, %v", s, iso, again, err)
		}
		if m, day, ok := dayNamed(s); ok {
			if d.Month() != m || d.Day() != day || d.Before(today) || d.After(today.AddDate(4, 0, 1)) {
				t.Fatalf("%q read as %s", s, iso)
			}
		}
	})
}

// FuzzParseDays: a list or range of days (/group holiday) is refused with
// a plain EInvalid, or it is at least one ISO day, each reading back as
// itself; a range is consecutive days, at most a year and a day of them.
func FuzzParseDays(f *testing.F) {
	for _, s := range daySeeds {
		f.Add(s)
	}
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		f.Fatal(err)
	}
	now := time.Date(2026, 11, 4, 12, 0, 0, 0, loc)
	f.Fuzz(func(t *testing.T, s string) {
		days, err := parseDays(s, loc, now)
		if err != nil {
			checkPlain(t, err)
			return
		}
		if len(days) == 0 {
			t.Fatalf("%q: no days and no error", s)
		}
		for _, iso := range days {
			d, err := parseDay(iso, loc, now)
			if err != nil || d.Format(time.DateOnly) != iso {
				t.Fatalf("%q gave %q, which reads back as %v, %v", s, iso, d, err)
			}
		}
		if strings.Contains(strings.ReplaceAll(s, ",", " "), " to ") {
			if len(days) > 367 {
				t.Fatalf("%q is %d days", s, len(days))
			}
			for i := 1; i < len(days); i++ {
				a, _ := time.Parse(time.DateOnly, days[i-1])
				b, _ := time.Parse(time.DateOnly, days[i])
				if b.Sub(a) != 24*time.Hour {
					t.Fatalf("%q: %s then %s", s, days[i-1], days[i])
				}
			}
		}
	})
}

// TestParseDayLeapDay: "29 Feb" without a year is the next 29 February,
// not 1 March of a year that has none.
func TestParseDayLeapDay(t *testing.T) {
	loc := time.UTC
	for _, tc := range []struct{ in, now, want string }{
		{"29 Feb", "2026-11-04", "2028-02-29"},
		{"Feb 29", "2028-02-29", "2028-02-29"},
		{"29 February", "2028-03-01", "2032-02-29"},
		{"28 Feb", "2026-11-04", "2027-02-28"},
		{"1 Mar", "2027-03-02", "2028-03-01"},
	} {
		now, _ := time.Parse(time.DateOnly, tc.now)
		d, err := parseDay(tc.in, loc, now.Add(12*time.Hour))
		if err != nil || d.Format(time.DateOnly) != tc.want {
			t.Errorf("parseDay(%q) on %s = %v, %v; want %s", tc.in, tc.now, d, err, tc.want)
		}
	}
}
