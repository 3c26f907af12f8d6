package core

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Rules that repeat every few weeks ("every 2 weeks monday 10:00 from
// 2026-11-02"), for questionnaires such as the PHQ-9 that are given every
// two weeks. Cron cannot say "every other week", so the rule is a weekly
// rule plus a count of weeks and the date it counts from. The date is
// required: which weeks are "every other" depends on where one starts
// counting, and a therapist should say so rather than get a silent guess.

var (
	everyWeeksRe    = regexp.MustCompile(`^every (other|\d{1,2} weeks?) (?:on )?(.+?) from (\d{4}-\d{2}-\d{2})$`)
	everyWeeksStart = regexp.MustCompile(`^every \d+ weeks?\b`)
)

// parseEveryWeeks reads an every-N-weeks rule; ok is false when text is
// not one (it is then parsed as any other rule).
func parseEveryWeeks(text string) (w *When, ok bool, err error) {
	lower := strings.ToLower(text)
	if !strings.HasPrefix(lower, "every other ") && !everyWeeksStart.MatchString(lower) {
		return nil, false, nil
	}
	m := everyWeeksRe.FindStringSubmatch(lower)
	if m == nil {
		return nil, true, whenError("%q: write a rule every few weeks like \"every 2 weeks monday 10:00 from 2026-11-02\" (the date is the first one).", text)
	}
	n := 2
	if m[1] != "other" {
		n, _ = strconv.Atoi(strings.Fields(m[1])[0])
	}
	if n < 2 || n > 12 {
		return nil, true, whenError("%q: repeat every 2 to 12 weeks (every week is \"every monday 10:00\").", text)
	}
	anchor, perr := time.Parse(time.DateOnly, m[3])
	if perr != nil {
		return nil, true, whenError("%q: %q is not a date; write it like 2026-11-02.", text, m[3])
	}
	base, err := parsePlain(m[2], strings.Fields(m[2]))
	if err != nil {
		return nil, true, err
	}
	dows := 0
	for d := 0; d < 7; d++ {
		if base.cron.Dow&(1<<uint(d)) != 0 {
			dows++
		}
	}
	if dows != 1 {
		return nil, true, whenError("%q: name one day of the week, like \"every 2 weeks monday 10:00 from 2026-11-02\".", text)
	}
	base.Text = text
	base.weeks = n
	base.anchor = anchor
	base.words = fmt.Sprintf("%s, every %d weeks from %s", strings.Replace(base.words, "every ", "on ", 1), n, anchor.Format("Mon 2 Jan 2006"))
	return base, true, nil
}

// nextEveryWeeks is nextFloating for an every-N-weeks rule: the weekly
// rule's next time that falls in a counted week on or after the start date.
func (w *When) nextEveryWeeks(f time.Time) time.Time {
	// weeks are counted from the Monday of the start date's week
	monday := w.anchor.AddDate(0, 0, -((int(w.anchor.Weekday()) + 6) % 7))
	if f.Before(w.anchor) {
		f = w.anchor.Add(-time.Nanosecond) // nothing fires before the start date
	}
	for range w.weeks + 2 {
		f = w.cron.Next(f)
		if f.IsZero() {
			return f
		}
		day := time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, time.UTC)
		if day.Before(w.anchor) {
			continue
		}
		if weeks := int(day.Sub(monday).Hours()/24) / 7; weeks%w.weeks == 0 {
			return f
		}
	}
	return time.Time{}
}
