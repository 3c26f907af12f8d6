package core_test

import (
	"strings"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/core"
)

func mustZone(t *testing.T, tz string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(tz)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// fires lists the rule's fire instants in (from, to] as local strings.
func fires(t *testing.T, when, tz string, from, to time.Time) []string {
	t.Helper()
	w, err := core.ParseWhen(when)
	if err != nil {
		t.Fatal(err)
	}
	loc := mustZone(t, tz)
	var out []string
	seen := map[time.Time]bool{}
	for at := w.Next(from, loc, nil); !at.IsZero() && !at.After(to); at = w.Next(at, loc, nil) {
		if seen[at] {
			t.Fatalf("%s fires twice at %s", when, at)
		}
		seen[at] = true
		out = append(out, at.In(loc).Format("Mon 2 Jan 15:04 MST"))
	}
	return out
}

func TestWhenDST(t *testing.T) {
	cases := []struct {
		name, tz, when string
		from, to       string // local dates
		want           []string
	}{
		{"NewYork spring forward", "America/New_York", "daily 02:30", "2026-03-07", "2026-03-09 23:00",
			[]string{"Sat 7 Mar 02:30 EST", "Sun 8 Mar 03:00 EDT", "Mon 9 Mar 02:30 EDT"}},
		{"NewYork fall back", "America/New_York", "30 1 * * *", "2026-10-31", "2026-11-02 23:00",
			[]string{"Sat 31 Oct 01:30 EDT", "Sun 1 Nov 01:30 EDT", "Mon 2 Nov 01:30 EST"}},
		{"NewYork fall back hourly", "America/New_York", "30 * * * *", "2026-11-01 00:00", "2026-11-01 03:00",
			[]string{"Sun 1 Nov 00:30 EDT", "Sun 1 Nov 01:30 EDT", "Sun 1 Nov 02:30 EST"}},
		{"Berlin spring forward", "Europe/Berlin", "every sunday 02:30", "2026-03-20", "2026-04-06",
			[]string{"Sun 22 Mar 02:30 CET", "Sun 29 Mar 03:00 CEST", "Sun 5 Apr 02:30 CEST"}},
		{"Berlin fall back", "Europe/Berlin", "daily 02:30", "2026-10-24", "2026-10-26 23:00",
			[]string{"Sat 24 Oct 02:30 CEST", "Sun 25 Oct 02:30 CEST", "Mon 26 Oct 02:30 CET"}},
		{"Sydney fall back", "Australia/Sydney", "daily 02:30", "2026-04-04", "2026-04-06 23:00",
			[]string{"Sat 4 Apr 02:30 AEDT", "Sun 5 Apr 02:30 AEDT", "Mon 6 Apr 02:30 AEST"}},
		{"Sydney spring forward", "Australia/Sydney", "daily 02:30", "2026-10-03", "2026-10-05 23:00",
			[]string{"Sat 3 Oct 02:30 AEST", "Sun 4 Oct 03:00 AEDT", "Mon 5 Oct 02:30 AEDT"}},
		{"Sydney gap hourly", "Australia/Sydney", "0 * * * *", "2026-10-04 00:30", "2026-10-04 04:00",
			[]string{"Sun 4 Oct 01:00 AEST", "Sun 4 Oct 03:00 AEDT", "Sun 4 Oct 04:00 AEDT"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			loc := mustZone(t, tc.tz)
			from := parseLocal(t, tc.from, loc)
			to := parseLocal(t, tc.to, loc)
			got := fires(t, tc.when, tc.tz, from, to)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func parseLocal(t *testing.T, s string, loc *time.Location) time.Time {
	t.Helper()
	layout := "2006-01-02"
	if len(s) > 10 {
		layout = "2006-01-02 15:04"
	}
	v, err := time.ParseInLocation(layout, s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestParseWhen(t *testing.T) {
	good := map[string]string{
		"every wednesday 18:00":          "every Wednesday at 18:00",
		"Every Wed at 6pm":               "every Wednesday at 18:00",
		"weekdays 09:30":                 "every weekday (Monday to Friday) at 09:30",
		"daily 08:00":                    "every day at 08:00",
		"every monday and thursday 9:15": "every Monday and Thursday at 09:15",
		"24h before session":             "24 hours before each session starts",
		"2h after session":               "2 hours after each session ends",
		"1 day before the session":       "24 hours before each session starts",
		"0 18 * * 3":                     "cron 0 18 * * 3",
		"@weekly":                        "cron @weekly",
	}
	for in, want := range good {
		w, err := core.ParseWhen(in)
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		if w.Describe() != want {
			t.Errorf("%q: described %q, want %q", in, w.Describe(), want)
		}
	}
	bad := map[string]string{
		"":                      "Say when the exercise should be posted.",
		"every funday 18:00":    `I don't know the day "funday"`,
		"daily 25:00":           "hours go from 00 to 23",
		"0 18 * * 9":            "could not read",
		"@every 1h":             "drifts",
		"soon before session":   "not a length of time",
		"0 0 30 2 *":            "never happens",
		"CRON_TZ=UTC 0 9 * * *": "Leave out the time zone",
	}
	for in, want := range bad {
		_, err := core.ParseWhen(in)
		if err == nil || !strings.Contains(bot.ErrorMessage(err), want) || !strings.Contains(bot.ErrorMessage(err), "Examples:") {
			t.Errorf("%q: got %v, want a sentence with %q and examples", in, err, want)
		}
	}
}

func TestSessionRelativeFollowsSession(t *testing.T) {
	loc := mustZone(t, "Europe/Berlin")
	from := time.Date(2026, 3, 23, 0, 0, 0, 0, loc) // Monday
	wed := &bot.SessionTime{Weekday: time.Wednesday, Hour: 18}
	got, err := core.PreviewSchedule("24h before session", "Europe/Berlin", 2, from, wed)
	if err != nil {
		t.Fatal(err)
	}
	// Tuesday 24 and Tuesday 31 March at 18:00 local, across the 29 March change.
	want := "1. Tue 24 Mar 2026, 18:00 CET\n2. Tue 31 Mar 2026, 18:00 CEST"
	if s := core.FormatPreview(got, loc, nil); s != want {
		t.Errorf("got\n%s\nwant\n%s", s, want)
	}
	after := &bot.SessionTime{Weekday: time.Thursday, Hour: 10, Duration: time.Hour}
	got, _ = core.PreviewSchedule("2h after session", "Europe/Berlin", 1, from, after)
	if s := core.FormatPreview(got, loc, mustZone(t, "America/New_York")); s != "1. Thu 26 Mar 2026, 13:00 CET — Thu 26 Mar, 08:00 EDT" {
		t.Errorf("after: %s", s)
	}
	if _, err := core.PreviewSchedule("24h before session", "Europe/Berlin", 2, from, nil); err == nil ||
		!strings.Contains(bot.ErrorMessage(err), "/group session wednesday 18:00") {
		t.Errorf("no session: %v", err)
	}
}

func TestPreviewScheduleOutput(t *testing.T) {
	from := time.Date(2026, 10, 29, 14, 0, 0, 0, time.UTC) // 10:00 EDT
	got, err := core.PreviewSchedule("weekdays 09:30", "America/New_York", 5, from, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := `1. Fri 30 Oct 2026, 09:30 EDT
2. Mon 2 Nov 2026, 09:30 EST
3. Tue 3 Nov 2026, 09:30 EST
4. Wed 4 Nov 2026, 09:30 EST
5. Thu 5 Nov 2026, 09:30 EST`
	if s := core.FormatPreview(got, mustZone(t, "America/New_York"), nil); s != want {
		t.Errorf("got\n%s\nwant\n%s", s, want)
	}
	if _, err := core.PreviewSchedule("daily 08:00", "Mars/Olympus", 5, from, nil); err == nil {
		t.Error("unknown zone accepted")
	}
}
