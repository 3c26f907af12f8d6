package core

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"groupwork/bot"
)

// checkPlain fails unless err is an EInvalid *bot.Error whose sentence can
// be shown to a person as it is: not empty, valid UTF-8, no control
// characters.
func checkPlain(t *testing.T, err error) {
	t.Helper()
	msg := bot.ErrorMessage(err)
	if bot.ErrorCode(err) != bot.EInvalid || msg == "" || !utf8.ValidString(msg) || strings.ContainsFunc(msg, unicode.IsControl) {
		t.Fatalf("error is not an EInvalid with a plain sentence: %v", err)
	}
}

// whenSeeds are the rules of TestParseWhen, good and bad, and a few edges.
var whenSeeds = []string{
	"every wednesday 18:00", "Every Wed at 6pm", "weekdays 09:30", "daily 08:00",
	"every monday and thursday 9:15", "24h before session", "2h after session",
	"1 day before the session", "0 18 * * 3", "@weekly", "", "every funday 18:00",
	"daily 25:00", "0 18 * * 9", "@every 1h", "soon before session", "0 0 30 2 *",
	"CRON_TZ=UTC 0 9 * * *", "0 0 29 2 *", "weekends 12pm", "every mon,wed,fri at 7:05am",
	"0 0 0 0 0 0", "7 days before session", "@yearly", "@reboot", "TZ=", "@", "*/0 * * * *",
	"every 2 weeks monday 10:00 from 2026-11-02", "every other friday 9am from 2026-01-02", "every 12 weeks on sun 23:59 from 1999-12-31",
}

// FuzzParseWhen: a schedule rule typed by a therapist is refused with a
// plain EInvalid sentence that gives examples, or it is accepted as the
// trimmed text, describes itself, parses again to the same rule, and
// fires: a calendar rule within five years, a session rule within a week
// of a weekly session and at most six days from it.
func FuzzParseWhen(f *testing.F) {
	for _, s := range whenSeeds {
		f.Add(s)
	}
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		f.Fatal(err)
	}
	from := time.Date(2026, 3, 28, 23, 0, 0, 0, loc) // the night before a change
	sess := &bot.SessionTime{Weekday: time.Wednesday, Hour: 18, Duration: 90 * time.Minute}
	f.Fuzz(func(t *testing.T, s string) {
		w, err := ParseWhen(s)
		if err != nil {
			checkPlain(t, err)
			if !strings.Contains(bot.ErrorMessage(err), "Examples:") {
				t.Fatalf("no examples: %v", err)
			}
			return
		}
		if w.Text != strings.Join(strings.Fields(s), " ") || w.Describe() == "" {
			t.Fatalf("%q: text %q, words %q", s, w.Text, w.Describe())
		}
		again, err := ParseWhen(w.Text)
		if err != nil || again.Describe() != w.Describe() || again.SessionRelative() != w.SessionRelative() {
			t.Fatalf("%q does not parse to itself: %v", w.Text, err)
		}
		if w.SessionRelative() {
			checkSessionRule(t, w)
			at := w.Next(from, loc, sess)
			if at.IsZero() || !at.After(from) || at.Sub(from) > 8*24*time.Hour {
				t.Fatalf("%q next fires at %v", w.Text, at)
			}
			return
		}
		if w.cron == nil {
			t.Fatalf("%q is neither a calendar nor a session rule", w.Text)
		}
		at := w.Next(from, loc, nil)
		if at.IsZero() || !at.After(from) || at.Sub(from) > 5*366*24*time.Hour {
			t.Fatalf("%q next fires at %v", w.Text, at)
		}
	})
}

func checkSessionRule(t *testing.T, w *When) {
	t.Helper()
	if w.cron != nil || w.offset == 0 || w.offset > 6*24*time.Hour || w.offset < -6*24*time.Hour {
		t.Fatalf("%q: offset %v", w.Text, w.offset)
	}
	if w.after != (w.offset > 0) || w.after != strings.HasSuffix(w.Describe(), "after each session ends") {
		t.Fatalf("%q: after %v, offset %v, described %q", w.Text, w.after, w.offset, w.Describe())
	}
}

// normWords splits s the way ParseWhen does before it picks a part.
func normWords(s string) (string, []string) {
	text := strings.Join(strings.Fields(s), " ")
	return text, strings.Fields(strings.ToLower(text))
}

var plainWords = regexp.MustCompile(`^every .+ at ([0-9]{2}):([0-9]{2})$`)

// FuzzParsePlain: the plain part ("every wednesday at 18:00") never panics,
// refuses plainly, and an accepted rule says in words the time it fires at,
// which is a real time of day.
func FuzzParsePlain(f *testing.F) {
	for _, s := range whenSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		text, words := normWords(s)
		w, err := parsePlain(text, words)
		if err != nil {
			checkPlain(t, err)
			return
		}
		m := plainWords.FindStringSubmatch(w.Describe())
		if m == nil || w.cron == nil || w.session {
			t.Fatalf("%q: described %q", text, w.Describe())
		}
		at := w.cron.Next(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
		if got := fmt.Sprintf("%02d:%02d", at.Hour(), at.Minute()); at.IsZero() || got != m[1]+":"+m[2] {
			t.Fatalf("%q: described %q, fires at %v", text, w.Describe(), at)
		}
	})
}

// FuzzParseCron: the cron part never panics, even on text ParseWhen would
// not send it (a time zone prefix, @every), refuses plainly, and an
// accepted rule is a calendar rule that happens.
func FuzzParseCron(f *testing.F) {
	for _, s := range whenSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		text, _ := normWords(s)
		w, err := parseCron(text)
		if err != nil {
			checkPlain(t, err)
			return
		}
		if w.cron == nil || w.session || w.Describe() != "cron "+text {
			t.Fatalf("%q: %+v", text, w)
		}
		if w.nextFloating(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), nil).IsZero() {
			t.Fatalf("%q never fires", text)
		}
	})
}

// FuzzParseSessionRule: the session part ("24h before session") never
// panics, refuses plainly, and an accepted rule is at most six days before
// the session starts or after it ends, and says which.
func FuzzParseSessionRule(f *testing.F) {
	for _, s := range []string{"24h", "24h before", "2h after the", "1 day before the", "7 days before", "soon before", "before", "0m after", "6d after", "144h before", "1h30m before"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		text, words := normWords(s + " session")
		if len(words) < 3 || words[len(words)-1] != "session" {
			return
		}
		w, err := parseSessionRule(text, words)
		if err != nil {
			checkPlain(t, err)
			return
		}
		if !w.session {
			t.Fatalf("%q is not a session rule", text)
		}
		checkSessionRule(t, w)
	})
}

// FuzzParseClock: a time of day (schedules, /group session) is a real one,
// and writing it as HH:MM reads back the same.
func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"18:00", "9:30", "6pm", "6:30pm", "18h", "12am", "12pm", "0:00", "24:00", "9:5", "13pm", "-1:30", "+9:30", "9:-1", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, m, err := parseClock(s)
		if err != nil {
			if msg := err.Error(); msg == "" || !utf8.ValidString(msg) || strings.ContainsFunc(msg, unicode.IsControl) {
				t.Fatalf("not a plain sentence: %q", msg)
			}
			return
		}
		if h < 0 || h > 23 || m < 0 || m > 59 {
			t.Fatalf("%q read as %d:%d", s, h, m)
		}
		if h2, m2, err := parseClock(fmt.Sprintf("%02d:%02d", h, m)); err != nil || h2 != h || m2 != m {
			t.Fatalf("%q read as %d:%d, which reads back as %d:%d, %v", s, h, m, h2, m2, err)
		}
	})
}

// FuzzParseDuration: a length of time (windows, reminders, session
// lengths and offsets) is refused plainly or is positive and at most
// maxDuration; a whole number of minutes reads back from its words.
func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"24h", "90m", "1h30m", "2 days", "3 hours", "45 minutes", "1d", "1w", "2 days 3 hours", "2 days and 3 hours",
		"0m", "-1h", "10001m", "10000w", "1.5h", "30s", "9223372036854775807ns", "h", "", "10000w 10000w 10000w 10000w"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err != nil {
			checkPlain(t, err)
			return
		}
		if d <= 0 || d > maxDuration {
			t.Fatalf("%q read as %v", s, d)
		}
		if d%time.Minute == 0 && d/time.Hour <= 10000 {
			if again, err := ParseDuration(bot.HumanDuration(d)); err != nil || again != d {
				t.Fatalf("%q read as %v, written %q, read back as %v, %v", s, d, bot.HumanDuration(d), again, err)
			}
		}
	})
}

// TestParseDuration: lengths as people type them, and the ones refused. A
// sum too long for a Go duration once wrapped around to a short positive
// length ("10000w" four times read as about 180 years, and other sums as
// an hour).
func TestParseDuration(t *testing.T) {
	good := map[string]time.Duration{
		"24h": 24 * time.Hour, "90m": 90 * time.Minute, "1h30m": 90 * time.Minute, "2 days": 48 * time.Hour,
		"3 hours": 3 * time.Hour, "45 minutes": 45 * time.Minute, "1d": 24 * time.Hour, "1w": 7 * 24 * time.Hour,
		"2 days and 3 hours": 51 * time.Hour, " 2D ": 48 * time.Hour, "52 weeks": 52 * 7 * 24 * time.Hour,
	}
	for in, want := range good {
		if got, err := ParseDuration(in); err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0m", "-1h", "soon", "10001 minutes", "h", "1 fortnight",
		"10000w 10000w 10000w 10000w", "10000w 10000w 10000w 500w 5735m", "10000w10000w10000w10000w1m", "2562047h", "53 weeks", "367 days"} {
		if got, err := ParseDuration(in); err == nil {
			t.Errorf("ParseDuration(%q) = %v, want a refusal", in, got)
		} else if bot.ErrorCode(err) != bot.EInvalid {
			t.Errorf("ParseDuration(%q): %v", in, err)
		}
	}
}

// TestParseCronRefusesZone: the cron parser reads a zone prefix itself and
// panicked on "TZ=" with nothing after it; parseCron refuses any zone
// before the parser sees it, as ParseWhen always did.
func TestParseCronRefusesZone(t *testing.T) {
	for _, in := range []string{"TZ=", "CRON_TZ=", "TZ=Europe/Berlin 0 9 * * *", "cron_tz=UTC 0 9 * * *"} {
		_, err := parseCron(in)
		if err == nil || !strings.Contains(bot.ErrorMessage(err), "Leave out the time zone") {
			t.Errorf("parseCron(%q): %v", in, err)
		}
	}
}
