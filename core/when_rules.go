package core

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Rules that cron cannot say: every n weeks ("every other thursday 18:00",
// "every 2 weeks on monday 9:00") and the nth weekday of a month ("first
// monday of the month 18:00", "last friday of the month 17:00"). Like cron
// rules they yield floating wall times (UTC labels), which When.Next places
// on the time line in the group's zone, so they are DST-correct the same way.

// floatingRule yields the first wall time strictly after f, or zero.
type floatingRule interface {
	next(f time.Time) time.Time
}

// nWeekly fires on days of every nth week, counted from the week (Monday to
// Sunday) of its anchor day; nothing fires before the anchor.
type nWeekly struct {
	n      int
	days   []time.Weekday
	h, m   int
	anchor time.Time // midnight, UTC labels; zero: not anchored
}

// unanchoredWeek is the Monday n-weekly rules count from when no anchor was
// given. Only previews of a rule being typed use it: /schedule add always
// stores an anchor (see (*When).Anchor).
var unanchoredWeek = time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)

// maxWeeks is the longest n-weekly period accepted.
const maxWeeks = 12

func (r *nWeekly) next(f time.Time) time.Time {
	start := r.anchor
	if start.IsZero() {
		start = unanchoredWeek
	}
	// the Monday of the anchor's week
	week0 := start.AddDate(0, 0, -((int(start.Weekday()) + 6) % 7))
	d := time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, time.UTC)
	if d.Before(start) {
		d = start
	}
	for range 7*r.n + 8 {
		at := d.Add(time.Duration(r.h)*time.Hour + time.Duration(r.m)*time.Minute)
		weeks := int(d.Sub(week0).Hours()) / (24 * 7)
		if at.After(f) && weeks%r.n == 0 && slices.Contains(r.days, d.Weekday()) {
			return at
		}
		d = d.AddDate(0, 0, 1)
	}
	return time.Time{}
}

// monthlyNth fires on the nth weekday of each month (nth -1: the last).
type monthlyNth struct {
	nth  int
	day  time.Weekday
	h, m int
}

func (r *monthlyNth) next(f time.Time) time.Time {
	y, mo := f.Year(), f.Month()
	for i := range 3 {
		first := time.Date(y, mo+time.Month(i), 1, 0, 0, 0, 0, time.UTC)
		var d time.Time
		if r.nth > 0 {
			d = first.AddDate(0, 0, (int(r.day)-int(first.Weekday())+7)%7+7*(r.nth-1))
		} else {
			last := first.AddDate(0, 1, -1)
			d = last.AddDate(0, 0, -((int(last.Weekday()) - int(r.day) + 7) % 7))
		}
		at := d.Add(time.Duration(r.h)*time.Hour + time.Duration(r.m)*time.Minute)
		if at.After(f) {
			return at
		}
	}
	return time.Time{}
}

var ordinals = map[string]int{
	"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": -1,
}

var ordinalWords = map[int]string{1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}

// isRhythmRule reports whether the words ask for an n-weekly or monthly rule.
func isRhythmRule(words []string) bool {
	for _, w := range words {
		switch strings.Trim(w, ",") {
		case "other", "week", "weeks", "weekly", "from", "fortnight", "fortnightly", "month", "monthly":
			return true
		}
	}
	return false
}

// parseRhythm reads the n-weekly and monthly forms, with an optional
// "from YYYY-MM-DD" at the end (the anchor of an n-weekly rule).
func parseRhythm(text string, words []string) (*When, error) {
	var anchor time.Time
	if n := len(words); n >= 2 && words[n-2] == "from" {
		d, err := time.Parse(time.DateOnly, words[n-1])
		if err != nil {
			return nil, whenError("%q: write the first day like 2026-12-10.", text)
		}
		anchor, words = d, words[:n-2]
	}
	var ws []string
	for _, w := range words {
		w = strings.Trim(w, ",")
		switch w {
		case "", "at", "on", "and", "the", "of", "each", "in":
			continue
		}
		ws = append(ws, w)
	}
	if len(ws) < 2 {
		return nil, whenError("%q needs a day and a time.", text)
	}
	h, m, err := parseClock(ws[len(ws)-1])
	if err != nil {
		return nil, whenError("%q needs a time at the end: %s.", text, err)
	}
	ws = ws[:len(ws)-1]
	if len(ws) > 0 && ws[0] == "every" {
		ws = ws[1:]
	}
	if k := len(ws); k > 0 && (ws[k-1] == "month" || ws[k-1] == "monthly") {
		if !anchor.IsZero() {
			return nil, whenError("%q: a monthly rule needs no first day; leave out \"from\".", text)
		}
		return parseMonthly(text, ws[:k-1], h, m)
	}
	return parseNWeekly(text, ws, h, m, anchor)
}

func parseMonthly(text string, ws []string, h, m int) (*When, error) {
	if len(ws) != 2 {
		return nil, whenError("%q: say which weekday of the month, like \"first monday of the month 18:00\".", text)
	}
	nth, ok := ordinals[ws[0]]
	if !ok {
		return nil, whenError("%q: say first, second, third, fourth or last before the day.", text)
	}
	day, ok := ParseWeekday(ws[1])
	if !ok {
		return nil, whenError("I don't know the day %q in %q.", ws[1], text)
	}
	r := &monthlyNth{nth: nth, day: day, h: h, m: m}
	return &When{Text: text, rule: r, words: fmt.Sprintf("on the %s %s of every month at %02d:%02d", ordinalWords[nth], day, h, m)}, nil
}

func parseNWeekly(text string, ws []string, h, m int, anchor time.Time) (*When, error) {
	n := 0
	switch {
	case len(ws) >= 1 && (ws[0] == "fortnightly" || ws[0] == "fortnight"):
		n, ws = 2, ws[1:]
	case len(ws) >= 1 && ws[0] == "other":
		n, ws = 2, ws[1:]
		if len(ws) > 0 && ws[0] == "week" {
			ws = ws[1:]
		}
	case len(ws) >= 1 && (ws[0] == "week" || ws[0] == "weekly"):
		n, ws = 1, ws[1:]
	case len(ws) >= 2 && (ws[1] == "weeks" || ws[1] == "week"):
		v, err := strconv.Atoi(ws[0])
		if err != nil || v < 1 || v > maxWeeks {
			return nil, whenError("%q: say how many weeks apart with a number from 1 to %d, like \"every 2 weeks on monday 09:00\".", text, maxWeeks)
		}
		n, ws = v, ws[2:]
	case !anchor.IsZero():
		n = 1 // "every monday 9:00 from 2026-12-07"
	default:
		return nil, whenError("%q: say \"every other\", \"every 2 weeks on\" or \"first … of the month\".", text)
	}
	if len(ws) == 0 {
		return nil, whenError("%q needs a day of the week, like \"every other thursday 18:00\".", text)
	}
	var days []time.Weekday
	for _, w := range ws {
		for _, part := range strings.Split(w, ",") {
			if part == "" {
				continue
			}
			d, ok := ParseWeekday(part)
			if !ok {
				return nil, whenError("I don't know the day %q in %q.", part, text)
			}
			if !slices.Contains(days, d) {
				days = append(days, d)
			}
		}
	}
	if len(days) == 0 {
		return nil, whenError("%q needs a day of the week, like \"every other thursday 18:00\".", text)
	}
	names := make([]string, len(days))
	for i, d := range days {
		names[i] = d.String()
	}
	every := map[bool]string{true: "every other week", false: fmt.Sprintf("every %d weeks", n)}[n == 2]
	if n == 1 {
		every = "every week"
	}
	words := fmt.Sprintf("%s on %s at %02d:%02d", every, joinAnd(names), h, m)
	if !anchor.IsZero() {
		words += ", counting from the week of " + anchor.Format("Mon 2 Jan 2006")
	}
	r := &nWeekly{n: n, days: days, h: h, m: m, anchor: anchor}
	return &When{Text: text, rule: r, words: words}, nil
}

// NeedsAnchor reports whether the rule repeats every n weeks without saying
// from which week; /schedule add then anchors it (see Anchor).
func (w *When) NeedsAnchor() bool {
	r, ok := w.rule.(*nWeekly)
	return ok && r.anchor.IsZero() && r.n > 1
}

// Anchor returns the rule text with "from DATE" added, DATE being the day
// of its first fire after now in loc, so that "every other thursday 18:00"
// starts on the coming Thursday and keeps its rhythm across restarts. A rule
// that needs no anchor is returned as it is.
func (w *When) Anchor(now time.Time, loc *time.Location) string {
	r, ok := w.rule.(*nWeekly)
	if !ok || !w.NeedsAnchor() {
		return w.Text
	}
	weekly := &When{rule: &nWeekly{n: 1, days: r.days, h: r.h, m: r.m}}
	first := weekly.Next(now, loc, nil)
	return w.Text + " from " + first.In(loc).Format(time.DateOnly)
}
