package core_test

import (
	"strings"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/core"
)

// TestWhenRhythmDST: n-weekly and monthly rules keep their wall time across
// the changes of three zones, in the same style as TestWhenDST.
func TestWhenRhythmDST(t *testing.T) {
	cases := []struct {
		name, tz, when string
		from, to       string // local dates
		want           []string
	}{
		{"Berlin every other thursday across spring forward", "Europe/Berlin", "every other thursday 18:00 from 2026-03-19", "2026-03-01", "2026-04-20",
			[]string{"Thu 19 Mar 18:00 CET", "Thu 2 Apr 18:00 CEST", "Thu 16 Apr 18:00 CEST"}},
		{"Berlin fortnightly in the repeated hour", "Europe/Berlin", "fortnightly sunday 02:30 from 2026-10-11", "2026-10-01", "2026-11-09",
			[]string{"Sun 11 Oct 02:30 CEST", "Sun 25 Oct 02:30 CEST", "Sun 8 Nov 02:30 CET"}},
		{"NewYork every 2 weeks in the gap", "America/New_York", "every 2 weeks on sunday 02:30 from 2026-02-22", "2026-02-20", "2026-03-23",
			[]string{"Sun 22 Feb 02:30 EST", "Sun 8 Mar 03:00 EDT", "Sun 22 Mar 02:30 EDT"}},
		{"NewYork every 3 weeks two days", "America/New_York", "every 3 weeks on monday and thursday 9:00 from 2026-10-26", "2026-10-20", "2026-11-20",
			[]string{"Mon 26 Oct 09:00 EDT", "Thu 29 Oct 09:00 EDT", "Mon 16 Nov 09:00 EST", "Thu 19 Nov 09:00 EST"}},
		{"Sydney every other week across fall back", "Australia/Sydney", "every other week on sunday at 02:30 from 2026-03-29", "2026-03-28", "2026-04-27",
			[]string{"Sun 29 Mar 02:30 AEDT", "Sun 12 Apr 02:30 AEST", "Sun 26 Apr 02:30 AEST"}},
		{"Sydney first sunday in the gap", "Australia/Sydney", "first sunday of the month 02:30", "2026-09-01", "2026-11-30",
			[]string{"Sun 6 Sep 02:30 AEST", "Sun 4 Oct 03:00 AEDT", "Sun 1 Nov 02:30 AEDT"}},
		{"Berlin last sunday in the repeated hour", "Europe/Berlin", "last sunday of the month 02:30", "2026-09-01", "2026-11-30",
			[]string{"Sun 27 Sep 02:30 CEST", "Sun 25 Oct 02:30 CEST", "Sun 29 Nov 02:30 CET"}},
		{"NewYork first monday", "America/New_York", "first monday of the month 18:00", "2026-02-01", "2026-05-01",
			[]string{"Mon 2 Feb 18:00 EST", "Mon 2 Mar 18:00 EST", "Mon 6 Apr 18:00 EDT"}},
		{"NewYork last friday", "America/New_York", "every last friday of the month at 5pm", "2026-10-01", "2027-01-01",
			[]string{"Fri 30 Oct 17:00 EDT", "Fri 27 Nov 17:00 EST", "Fri 25 Dec 17:00 EST"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			loc := mustZone(t, tc.tz)
			got := fires(t, tc.when, tc.tz, parseLocal(t, tc.from, loc), parseLocal(t, tc.to, loc))
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestParseWhenRhythm(t *testing.T) {
	good := map[string]string{
		"every other thursday 18:00":                 "every other week on Thursday at 18:00",
		"every 2 weeks on monday 9:00":               "every other week on Monday at 09:00",
		"every 3 weeks on mon, thu at 6pm":           "every 3 weeks on Monday and Thursday at 18:00",
		"fortnightly wednesday 10:30":                "every other week on Wednesday at 10:30",
		"every other thursday 18:00 from 2026-12-10": "every other week on Thursday at 18:00, counting from the week of Thu 10 Dec 2026",
		"first monday of the month 18:00":            "on the first Monday of every month at 18:00",
		"on the 2nd tuesday of each month at 9:15":   "on the second Tuesday of every month at 09:15",
		"last friday of the month 17:00":             "on the last Friday of every month at 17:00",
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
		"every 2 weeks on monday":                         "needs a time",
		"every 13 weeks on monday 9:00":                   "from 1 to 12",
		"every other funday 18:00":                        `I don't know the day "funday"`,
		"every other thursday 18:00 from soon":            "like 2026-12-10",
		"fifth monday of the month 18:00":                 "first, second, third, fourth or last",
		"every other 18:00":                               "needs a day of the week",
		"first monday of the month 18:00 from 2026-12-07": "needs no first day",
	}
	for in, want := range bad {
		_, err := core.ParseWhen(in)
		if err == nil || !strings.Contains(bot.ErrorMessage(err), want) || !strings.Contains(bot.ErrorMessage(err), "Examples:") {
			t.Errorf("%q: got %v, want a sentence with %q and examples", in, err, want)
		}
	}
}

// TestWhenAnchor: an n-weekly rule without a first day starts on the coming
// matching day, and keeps that rhythm once the anchor is in its text.
func TestWhenAnchor(t *testing.T) {
	loc := mustZone(t, "Europe/Berlin")
	w, err := core.ParseWhen("every other thursday 18:00")
	if err != nil {
		t.Fatal(err)
	}
	if !w.NeedsAnchor() {
		t.Fatal("an unanchored n-weekly rule says it needs no anchor")
	}
	// Thursday 3 Dec 2026 at 19:00: today's 18:00 has passed.
	now := time.Date(2026, 12, 3, 19, 0, 0, 0, loc)
	text := w.Anchor(now, loc)
	if text != "every other thursday 18:00 from 2026-12-10" {
		t.Fatalf("anchored as %q", text)
	}
	got := fires(t, text, "Europe/Berlin", now, time.Date(2027, 1, 8, 0, 0, 0, 0, loc))
	want := "Thu 10 Dec 18:00 CET\nThu 24 Dec 18:00 CET\nThu 7 Jan 18:00 CET"
	if strings.Join(got, "\n") != want {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), want)
	}
	for _, s := range []string{"first monday of the month 18:00", "every thursday 18:00", text} {
		w, _ := core.ParseWhen(s)
		if w.NeedsAnchor() || w.Anchor(now, loc) != s {
			t.Errorf("%q: anchored as %q", s, w.Anchor(now, loc))
		}
	}
}

// TestScheduleAddFortnightly: /schedule add stores an n-weekly rule with
// its first day, posts on that rhythm, and shows the first day in words.
func TestScheduleAddFortnightly(t *testing.T) {
	h := schedGroup(t) // Monday 2 Nov 2026, Berlin
	mustDo(t, h, "Tess", `/schedule add mood-checkin "every other thursday 18:00"`,
		"every other week on Thursday at 18:00, counting from the week of Thu 5 Nov 2026 (Europe/Berlin time)")
	mustDo(t, h, "Tess", "/schedule list", "`mood-checkin`) — every other week on Thursday at 18:00, counting from the week of Thu 5 Nov 2026 · next Thu 5 Nov, 18:00")
	mustDo(t, h, "Tess", "/schedule next 1", "1. Thu 5 Nov 2026, 18:00 CET · `mood-checkin` (schedule 1)\n2. Thu 19 Nov 2026, 18:00 CET")
	for _, at := range []string{"2026-11-05 18:00", "2026-11-12 18:00", "2026-11-19 18:00"} {
		tick(t, h, at)
	}
	if n := len(posts(h, "group-channel", "run-")); n != 2 {
		t.Fatalf("%d prompts in three Thursdays, want 2\n%s", n, h.Transcript())
	}
	mustDo(t, h, "Tess", `/schedule add mood-checkin "first monday of the month 10:00"`, "on the first Monday of every month at 10:00")
	mustDo(t, h, "Tess", `/schedule add mood-checkin "every 2 weeks on monday"`, "needs a time")
}

// TestPreviewAnchorsLikeScheduleAdd: a preview of an unanchored n-weekly
// rule starts where /schedule add would, on the coming matching day.
func TestPreviewAnchorsLikeScheduleAdd(t *testing.T) {
	loc := mustZone(t, "Europe/Berlin")
	got, err := core.PreviewSchedule("every other thursday 18:00", "Europe/Berlin", 2, time.Date(2026, 12, 3, 19, 0, 0, 0, loc), nil)
	if err != nil {
		t.Fatal(err)
	}
	if s := core.FormatPreview(got, loc, nil); s != "1. Thu 10 Dec 2026, 18:00 CET\n2. Thu 24 Dec 2026, 18:00 CET" {
		t.Errorf("preview:\n%s", s)
	}
}
