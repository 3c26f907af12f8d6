package core

import (
	"strconv"
	"strings"
	"time"

	"groupwork/bot"
)

// Period is a span of time for reviews and exports: runs and sessions that
// started in [From, To). A zero From means "from the beginning"; To is never
// zero once parsed.
type Period struct {
	From, To time.Time
	// Words describes the period for people, e.g. "1 Nov 2026 – 30 Nov 2026".
	Words string
}

const periodExample = `Write a period like "since 2026-11-01", "2026-11-01..2026-11-30", "last 30 days", "this month", "last month" or "all".`

// ParsePeriod reads a period as a therapist types it, in the group's time
// zone: "" or "all" (everything up to now), "since 2026-11-01",
// "2026-11-01..2026-11-30" (both days included), "last 30 days",
// "last 4 weeks", "this week", "this month", "last month", or one day. Days
// may also be written "1 Nov 2026" or "1 Nov" (the most recent 1 Nov). A bad
// period is an EInvalid error whose sentence carries an example.
func ParsePeriod(s string, loc *time.Location, now time.Time) (Period, error) {
	s = strings.Join(strings.Fields(strings.ToLower(s)), " ")
	local := now.In(loc)
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	end := now.Add(time.Nanosecond) // include what happened at "now"
	day := func(t time.Time) string { return t.In(loc).Format("2 Jan 2006") }
	switch s {
	case "", "all", "all time", "everything":
		return Period{To: end, Words: "all time"}, nil
	case "today":
		return Period{From: today, To: end, Words: "today"}, nil
	case "this week":
		off := (int(today.Weekday()) + 6) % 7 // weeks start on Monday
		from := today.AddDate(0, 0, -off)
		return Period{From: from, To: end, Words: "since " + day(from)}, nil
	case "last week":
		off := (int(today.Weekday()) + 6) % 7
		to := today.AddDate(0, 0, -off)
		from := to.AddDate(0, 0, -7)
		return Period{From: from, To: to, Words: day(from) + " – " + day(to.AddDate(0, 0, -1))}, nil
	case "this month":
		from := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, loc)
		return Period{From: from, To: end, Words: from.Format("January 2006")}, nil
	case "last month":
		to := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, loc)
		from := to.AddDate(0, -1, 0)
		return Period{From: from, To: to, Words: from.Format("January 2006")}, nil
	}
	if rest, ok := strings.CutPrefix(s, "last "); ok {
		f := strings.Fields(rest)
		if len(f) == 2 {
			n, err := strconv.Atoi(f[0])
			if err == nil && n > 0 && n <= 3660 {
				var from time.Time
				switch strings.TrimSuffix(f[1], "s") {
				case "day":
					from = today.AddDate(0, 0, -(n - 1))
				case "week":
					from = today.AddDate(0, 0, -7*n+1)
				case "month":
					from = today.AddDate(0, -n, 1)
				}
				if !from.IsZero() {
					return Period{From: from, To: end, Words: "since " + day(from)}, nil
				}
			}
		}
		return Period{}, bot.Errorf(bot.EInvalid, "I could not read %q as a period. %s", s, periodExample)
	}
	if rest, ok := strings.CutPrefix(s, "since "); ok {
		from, err := periodDay(rest, loc, today)
		if err != nil {
			return Period{}, err
		}
		if from.After(now) {
			return Period{}, bot.Errorf(bot.EInvalid, "%s is in the future. %s", day(from), periodExample)
		}
		return Period{From: from, To: end, Words: "since " + day(from)}, nil
	}
	if a, b, ok := cutRange(s); ok {
		from, err := periodDay(a, loc, today)
		if err != nil {
			return Period{}, err
		}
		last, err := periodDay(b, loc, today)
		if err != nil {
			return Period{}, err
		}
		if last.Before(from) {
			return Period{}, bot.Errorf(bot.EInvalid, "The period ends (%s) before it starts (%s). %s", day(last), day(from), periodExample)
		}
		return Period{From: from, To: last.AddDate(0, 0, 1), Words: day(from) + " – " + day(last)}, nil
	}
	if d, err := periodDay(s, loc, today); err == nil {
		return Period{From: d, To: d.AddDate(0, 0, 1), Words: day(d)}, nil
	}
	return Period{}, bot.Errorf(bot.EInvalid, "I could not read %q as a period. %s", s, periodExample)
}

// cutRange splits "a..b", "a to b" or "from a to b".
func cutRange(s string) (string, string, bool) {
	s = strings.TrimPrefix(s, "from ")
	for _, sep := range []string{"..", " to ", " – ", " - "} {
		if a, b, ok := strings.Cut(s, sep); ok {
			return strings.TrimSpace(a), strings.TrimSpace(b), true
		}
	}
	return "", "", false
}

// periodDay reads one day; without a year it is the most recent such day
// (reviews look back, unlike schedules).
func periodDay(s string, loc *time.Location, today time.Time) (time.Time, error) {
	s = strings.TrimSpace(strings.Trim(s, ","))
	switch s {
	case "today":
		return today, nil
	case "yesterday":
		return today.AddDate(0, 0, -1), nil
	}
	for _, layout := range []string{"2006-01-02", "2 Jan 2006", "2 January 2006", "Jan 2 2006", "January 2 2006", "Jan 2, 2006", "January 2, 2006"} {
		if t, err := time.ParseInLocation(layout, titleMonth(s), loc); err == nil {
			return t, nil
		}
	}
	for _, layout := range []string{"2 Jan", "2 January", "Jan 2", "January 2"} {
		if t, err := time.ParseInLocation(layout, titleMonth(s), loc); err == nil {
			d := time.Date(today.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
			if d.After(today) {
				d = d.AddDate(-1, 0, 0)
			}
			return d, nil
		}
	}
	return time.Time{}, bot.Errorf(bot.EInvalid, "I could not read %q as a day. %s", s, periodExample)
}

// titleMonth capitalises month names so that time.Parse accepts "1 nov".
func titleMonth(s string) string {
	f := strings.Fields(s)
	for i, w := range f {
		if w != "" && w[0] >= 'a' && w[0] <= 'z' {
			f[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(f, " ")
}
