package core

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"groupwork/bot"
)

// When is a parsed schedule rule: a calendar rule (cron, or a plain form such
// as "every wednesday 18:00") or an offset from the group's weekly live
// session ("24h before session").
//
// Occurrences are computed on the group's wall clock, never by cron's runner:
// the rule yields local wall times, and each is then placed on the time line
// by resolveWall. A wall time skipped by a spring-forward change fires at the
// first instant after the gap; a wall time repeated by a fall-back change
// fires once, at its first occurrence.
type When struct {
	// Text is the rule as the therapist typed it, trimmed.
	Text string
	// cron is set for calendar rules; it runs on floating wall time (UTC
	// labels, no DST).
	cron *cron.SpecSchedule
	// offset from the session anchor, for session-relative rules: negative
	// before the session starts, positive after it ends.
	offset  time.Duration
	session bool
	after   bool
	words   string // a plain description
	// weeks > 1 repeats the weekly rule every that many weeks, counted from
	// anchor (a date, floating); see when_weeks.go.
	weeks  int
	anchor time.Time
}

// SessionRelative reports whether the rule depends on the session time.
func (w *When) SessionRelative() bool { return w.session }

// Describe returns the rule in plain words: "every Wednesday at 18:00".
func (w *When) Describe() string { return w.words }

const whenExamples = `Examples: "every wednesday 18:00", "weekdays 09:30", "daily 08:00", "24h before session", "2h after session", or cron like "0 18 * * 3".`

func whenError(format string, args ...any) error {
	return bot.Errorf(bot.EInvalid, "%s %s", fmt.Sprintf(format, args...), whenExamples)
}

var weekdayNames = map[string]time.Weekday{
	"sunday": time.Sunday, "sun": time.Sunday, "sundays": time.Sunday,
	"monday": time.Monday, "mon": time.Monday, "mondays": time.Monday,
	"tuesday": time.Tuesday, "tue": time.Tuesday, "tues": time.Tuesday, "tuesdays": time.Tuesday,
	"wednesday": time.Wednesday, "wed": time.Wednesday, "wednesdays": time.Wednesday,
	"thursday": time.Thursday, "thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "thursdays": time.Thursday,
	"friday": time.Friday, "fri": time.Friday, "fridays": time.Friday,
	"saturday": time.Saturday, "sat": time.Saturday, "saturdays": time.Saturday,
}

// ParseWeekday reads a day name in English ("wed", "Wednesday").
func ParseWeekday(s string) (time.Weekday, bool) {
	d, ok := weekdayNames[strings.ToLower(strings.TrimSpace(s))]
	return d, ok
}

// ParseWhen parses a schedule rule. Errors are EInvalid with a sentence that
// says what is wrong and gives examples.
func ParseWhen(s string) (*When, error) {
	text := strings.Join(strings.Fields(s), " ")
	if text == "" {
		return nil, whenError("Say when the exercise should be posted.")
	}
	lower := strings.ToLower(text)
	if strings.HasPrefix(lower, "@every") {
		return nil, whenError("%q repeats by elapsed time, which drifts against the clock; say a time of day instead.", text)
	}
	if strings.Contains(lower, "tz=") {
		return nil, errZoneGiven()
	}
	if w, ok, err := parseEveryWeeks(text); ok { // when_weeks.go
		return w, err
	}
	words := strings.Fields(lower)
	if n := len(words); n >= 3 && words[n-1] == "session" {
		return parseSessionRule(text, words)
	}
	if strings.HasPrefix(lower, "@") || looksLikeCron(lower) {
		return parseCron(text)
	}
	return parsePlain(text, words)
}

func looksLikeCron(s string) bool {
	f := strings.Fields(s)
	if len(f) != 5 && len(f) != 6 {
		return false
	}
	return strings.ContainsAny(f[0], "0123456789*") && strings.Trim(f[0], "0123456789*/,-") == ""
}

func errZoneGiven() error {
	return whenError("Leave out the time zone: schedules always use the group's time zone.")
}

func parseCron(text string) (*When, error) {
	// The cron parser reads a "TZ=" or "CRON_TZ=" prefix itself, and panics
	// when nothing follows it: refuse any zone before it sees the text.
	if strings.Contains(strings.ToLower(text), "tz=") {
		return nil, errZoneGiven()
	}
	if len(strings.Fields(text)) == 6 {
		return nil, whenError("%q has six fields; use five (minute hour day-of-month month day-of-week).", text)
	}
	sched, err := cron.ParseStandard(text)
	if err != nil {
		return nil, whenError("I could not read %q as a cron rule (%s).", text, cronReason(err))
	}
	spec, ok := sched.(*cron.SpecSchedule)
	if !ok {
		return nil, whenError("%q is not a calendar rule.", text)
	}
	spec.Location = time.UTC // floating wall time; see When
	w := &When{Text: text, cron: spec, words: "cron " + text}
	if w.nextFloating(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), nil).IsZero() {
		return nil, whenError("%q never happens (check the day and month).", text)
	}
	return w, nil
}

// cronReason is the parser's message, which names the bad field. It quotes
// the field raw, so invalid UTF-8 and control characters are made visible
// before it reaches a chat.
func cronReason(err error) string {
	return bot.ShowControls(strings.ToValidUTF8(err.Error(), "\uFFFD"))
}

func parsePlain(text string, words []string) (*When, error) {
	// drop filler words: "every wednesday at 18:00", "on weekdays at 9:30"
	var ws []string
	for _, w := range words {
		if w != "at" && w != "on" && w != "and" {
			ws = append(ws, strings.Trim(w, ","))
		}
	}
	if len(ws) < 2 {
		return nil, whenError("%q needs a day and a time.", text)
	}
	h, m, err := parseClock(ws[len(ws)-1])
	if err != nil {
		return nil, whenError("%q: %s", text, err)
	}
	days := ws[:len(ws)-1]
	if days[0] == "every" {
		days = days[1:]
	}
	var dow, words2 string
	switch {
	case len(days) == 1 && (days[0] == "daily" || days[0] == "day"):
		dow, words2 = "*", "every day"
	case len(days) == 1 && (days[0] == "weekdays" || days[0] == "weekday"):
		dow, words2 = "1-5", "every weekday (Monday to Friday)"
	case len(days) == 1 && (days[0] == "weekends" || days[0] == "weekend"):
		dow, words2 = "0,6", "every Saturday and Sunday"
	case len(days) >= 1:
		var nums, names []string
		for _, d := range days {
			for _, part := range strings.Split(d, ",") {
				if part == "" {
					continue
				}
				wd, ok := ParseWeekday(part)
				if !ok {
					return nil, whenError("I don't know the day %q in %q.", part, text)
				}
				nums = append(nums, strconv.Itoa(int(wd)))
				names = append(names, wd.String())
			}
		}
		dow, words2 = strings.Join(nums, ","), "every "+joinAnd(names)
	default:
		return nil, whenError("%q needs a day before the time.", text)
	}
	spec, err := cron.ParseStandard(fmt.Sprintf("%d %d * * %s", m, h, dow))
	if err != nil {
		return nil, whenError("I could not read %q.", text)
	}
	cs := spec.(*cron.SpecSchedule)
	cs.Location = time.UTC
	return &When{Text: text, cron: cs, words: fmt.Sprintf("%s at %02d:%02d", words2, h, m)}, nil
}

func joinAnd(xs []string) string {
	if len(xs) <= 1 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

// parseClock reads "18:00", "9:30", "6pm", "6:30pm", "18h".
func parseClock(s string) (int, int, error) {
	s = strings.ToLower(s)
	pm, am := strings.HasSuffix(s, "pm"), strings.HasSuffix(s, "am")
	s = strings.TrimSuffix(strings.TrimSuffix(s, "pm"), "am")
	hs, ms, hasMin := strings.Cut(s, ":")
	if !hasMin {
		hs, ms = strings.TrimSuffix(hs, "h"), "0"
	}
	h, err1 := strconv.Atoi(hs)
	m, err2 := strconv.Atoi(ms)
	if err1 != nil || err2 != nil || (hasMin && len(ms) != 2) {
		return 0, 0, fmt.Errorf("%q is not a time of day; write it like 18:00", s)
	}
	if pm || am {
		if h < 1 || h > 12 {
			return 0, 0, fmt.Errorf("%q is not a time of day; write it like 6pm or 18:00", s)
		}
		h %= 12
		if pm {
			h += 12
		}
	}
	if h < 0 || h > 23 || m < 0 || m > 59 {
		return 0, 0, fmt.Errorf("%q is not a time of day; hours go from 00 to 23 and minutes from 00 to 59", s)
	}
	return h, m, nil
}

func parseSessionRule(text string, words []string) (*When, error) {
	// "24h before session", "2 hours after the session", "1 day before session"
	ws := words[:len(words)-1]
	if ws[len(ws)-1] == "the" {
		ws = ws[:len(ws)-1]
	}
	if len(ws) < 2 || (ws[len(ws)-1] != "before" && ws[len(ws)-1] != "after") {
		return nil, whenError("%q: say \"before session\" or \"after session\".", text)
	}
	after := ws[len(ws)-1] == "after"
	d, err := ParseDuration(strings.Join(ws[:len(ws)-1], " "))
	if err != nil {
		return nil, whenError("%q: %s", text, bot.ErrorMessage(err))
	}
	if d > 6*24*time.Hour {
		return nil, whenError("%q is too far from the session; use at most 6 days.", text)
	}
	w := &When{Text: text, session: true, after: after}
	if after {
		w.words = bot.HumanDuration(d) + " after each session ends"
	} else {
		w.words = bot.HumanDuration(d) + " before each session starts"
		d = -d
	}
	w.offset = d
	return w, nil
}

// maxDuration is the longest length ParseDuration accepts. Nothing a
// therapist sets (an answer window, a reminder, a session's length or its
// distance from a schedule) is longer than a year; the bound also keeps a
// sum of many long terms from wrapping around to a short length.
const maxDuration = 366 * 24 * time.Hour

// ParseDuration reads a duration a person would type: "24h", "90m", "1h30m",
// "2 days", "3 hours", "45 minutes", "1d". It is positive and at most a
// year; errors are EInvalid with a sentence.
func ParseDuration(s string) (time.Duration, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	bad := bot.Errorf(bot.EInvalid, "%q is not a length of time; write it like 24h, 90m, 2 days or 3 hours.", s)
	long := bot.Errorf(bot.EInvalid, "%q is longer than a year, which is the most I can plan with.", s)
	if s == "" {
		return 0, bad
	}
	if d, err := time.ParseDuration(s); err == nil {
		if d <= 0 {
			return 0, bad
		}
		if d > maxDuration {
			return 0, long
		}
		return d, nil
	}
	units := map[string]time.Duration{
		"m": time.Minute, "min": time.Minute, "mins": time.Minute, "minute": time.Minute, "minutes": time.Minute,
		"h": time.Hour, "hr": time.Hour, "hrs": time.Hour, "hour": time.Hour, "hours": time.Hour,
		"d": 24 * time.Hour, "day": 24 * time.Hour, "days": 24 * time.Hour,
		"w": 7 * 24 * time.Hour, "week": 7 * 24 * time.Hour, "weeks": 7 * 24 * time.Hour,
	}
	// split "2 days 3 hours" or "2d" into number/unit pairs
	var total time.Duration
	rest := strings.ReplaceAll(s, " ", "")
	for rest != "" {
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		j := i
		for j < len(rest) && (rest[j] < '0' || rest[j] > '9') {
			j++
		}
		n, err := strconv.Atoi(rest[:i])
		u, ok := units[strings.TrimSuffix(rest[i:j], "and")]
		if err != nil || !ok || n > 10000 {
			return 0, bad
		}
		// n*u fits (n ≤ 10000, u ≤ a week); checked before adding, the sum
		// cannot wrap around
		if time.Duration(n)*u > maxDuration-total {
			return 0, long
		}
		total += time.Duration(n) * u
		rest = rest[j:]
	}
	if total <= 0 {
		return 0, bad
	}
	return total, nil
}

// nextFloating returns the first wall time strictly after f (floating: UTC
// labels, no DST), or the zero time when there is none.
func (w *When) nextFloating(f time.Time, sess *bot.SessionTime) time.Time {
	if w.weeks > 1 {
		return w.nextEveryWeeks(f)
	}
	if !w.session {
		return w.cron.Next(f)
	}
	if sess == nil {
		return time.Time{}
	}
	off := w.offset
	if w.after {
		off += sess.Length()
	}
	g := f.Add(-off) // the session start must be strictly after g
	a := time.Date(g.Year(), g.Month(), g.Day(), sess.Hour, sess.Minute, 0, 0, time.UTC)
	a = a.AddDate(0, 0, (int(sess.Weekday)-int(a.Weekday())+7)%7)
	if !a.After(g) {
		a = a.AddDate(0, 0, 7)
	}
	return a.Add(off)
}

// Next returns the first fire instant strictly after after, in loc, or the
// zero time when the rule has none (a session rule without a session).
func (w *When) Next(after time.Time, loc *time.Location, sess *bot.SessionTime) time.Time {
	f := floating(after.In(loc))
	for range 64 {
		f = w.nextFloating(f, sess)
		if f.IsZero() {
			return time.Time{}
		}
		if t := resolveWall(f, loc); t.After(after) {
			return t
		}
	}
	return time.Time{}
}

// floating returns t's wall clock with UTC labels.
func floating(t time.Time) time.Time {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	return time.Date(y, mo, d, h, mi, s, t.Nanosecond(), time.UTC)
}

// resolveWall places the wall time f (UTC labels) on the time line in loc.
// A wall time that happens twice (fall back) gives the earlier instant; one
// that does not happen (spring forward) gives the first instant after the gap.
func resolveWall(f time.Time, loc *time.Location) time.Time {
	y, mo, d := f.Date()
	h, mi, s := f.Clock()
	t := time.Date(y, mo, d, h, mi, s, f.Nanosecond(), loc)
	_, off := t.Zone()
	offs := []int{off}
	start, end := t.ZoneBounds()
	if !start.IsZero() {
		_, o := start.Add(-time.Second).Zone()
		offs = append(offs, o)
	}
	if !end.IsZero() {
		_, o := end.Zone()
		offs = append(offs, o)
	}
	var best, latest time.Time
	for _, o := range offs {
		u := f.Add(-time.Duration(o) * time.Second)
		if _, got := u.In(loc).Zone(); got == o && (best.IsZero() || u.Before(best)) {
			best = u
		}
		if u.After(latest) {
			latest = u
		}
	}
	if !best.IsZero() {
		return best.In(loc)
	}
	gapEnd, _ := latest.In(loc).ZoneBounds()
	return gapEnd.In(loc)
}

// PreviewSchedule returns the next n fire instants of the rule when in the
// IANA zone tz, strictly after from. session is needed for session-relative
// rules. Errors are EInvalid with a sentence for the person who typed them.
func PreviewSchedule(when, tz string, n int, from time.Time, session *bot.SessionTime) ([]time.Time, error) {
	w, err := ParseWhen(when)
	if err != nil {
		return nil, err
	}
	loc, err := loadZone(tz)
	if err != nil {
		return nil, err
	}
	if w.session && session == nil {
		return nil, bot.Errorf(bot.EInvalid, "%q is counted from the group's session, and no session time is set. Set one first, for example: /group session wednesday 18:00.", w.Text)
	}
	if n <= 0 {
		n = 5
	}
	var out []time.Time
	t := from
	for len(out) < n {
		t = w.Next(t, loc, session)
		if t.IsZero() {
			break
		}
		out = append(out, t)
	}
	return out, nil
}

// FormatPreview renders fire instants one a line in loc, with a second zone
// when also is not nil: "Wed 4 Nov 2026, 18:00 CET — 12:00 EST for you".
func FormatPreview(times []time.Time, loc, also *time.Location) string {
	var sb strings.Builder
	for i, t := range times {
		if i > 0 {
			sb.WriteByte('\n')
		}
		lt := t.In(loc)
		fmt.Fprintf(&sb, "%d. %s", i+1, lt.Format("Mon 2 Jan 2006, 15:04 MST"))
		if also != nil {
			at := t.In(also)
			fmt.Fprintf(&sb, " — %s", at.Format("Mon 2 Jan, 15:04 MST"))
		}
	}
	return sb.String()
}

// loadZone loads an IANA zone, refusing "Local" and the empty name.
func loadZone(tz string) (*time.Location, error) {
	if tz == "" || tz == "Local" {
		return nil, bot.Errorf(bot.EInvalid, "Give a time zone name like Europe/Berlin or America/New_York.")
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil, bot.Errorf(bot.EInvalid, "%q is not a time zone I know. Use a name like Europe/Berlin or America/New_York.", tz)
	}
	return loc, nil
}
