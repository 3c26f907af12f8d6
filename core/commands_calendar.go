package core

import (
	"context"
	"fmt"
	"strings"
	"time"

	"groupwork/bot"
)

// parseDay reads a day a person would type in the group's zone: "2026-12-24",
// "24 Dec", "24 December 2026", "Dec 24", "today", "tomorrow", "thursday".
// Without a year (or as a weekday) it is the next such day from today.
func parseDay(s string, loc *time.Location, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(strings.Trim(s, ","))
	today := now.In(loc)
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, loc)
	switch strings.ToLower(s) {
	case "today":
		return today, nil
	case "tomorrow":
		return today.AddDate(0, 0, 1), nil
	}
	if wd, ok := ParseWeekday(s); ok { // the next such day, today included
		return today.AddDate(0, 0, (int(wd)-int(today.Weekday())+7)%7), nil
	}
	for _, layout := range []string{"2006-01-02", "2 Jan 2006", "2 January 2006", "Jan 2 2006", "January 2 2006", "Jan 2, 2006", "January 2, 2006"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	for _, layout := range []string{"2 Jan", "2 January", "Jan 2", "January 2"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			// the next year that has the day: 29 Feb is not 1 Mar
			for y := today.Year(); ; y++ {
				d := time.Date(y, t.Month(), t.Day(), 0, 0, 0, 0, loc)
				if d.Day() == t.Day() && !d.Before(today) {
					return d, nil
				}
			}
		}
	}
	return time.Time{}, bot.Errorf(bot.EInvalid, "I could not read %q as a day. Write it like 2026-12-24 or 24 Dec.", s)
}

func dayWords(t time.Time) string { return t.Format("Mon 2 Jan 2006") }

func (b *Bot) groupPause(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	cal, err := b.store.Calendar(ctx, req.Group.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	cal.Paused, cal.PausedUntil = true, ""
	msg := fmt.Sprintf("**%s** is paused: scheduled exercises are skipped and nobody is counted as missing. Resume with /group resume.", req.Group.Name)
	if s, _ := req.Cmd.String("until"); s != "" {
		d, err := parseDay(s, req.Group.Location(), req.Now)
		if err != nil {
			return bot.Reply{}, err
		}
		cal.PausedUntil = d.Format(time.DateOnly)
		msg = fmt.Sprintf("**%s** is paused until %s: scheduled exercises before then are skipped and nobody is counted as missing. They start again by themselves on that day; /group resume starts them sooner.", req.Group.Name, dayWords(d))
	}
	if err := b.store.SetCalendar(ctx, cal); err != nil {
		return bot.Reply{}, err
	}
	b.sched.Wake()
	return bot.PrivateText(msg), nil
}

func (b *Bot) groupResume(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	cal, err := b.store.Calendar(ctx, req.Group.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	if !cal.Paused {
		return bot.PrivateText(fmt.Sprintf("**%s** is not paused.", req.Group.Name)), nil
	}
	cal.Paused, cal.PausedUntil = false, ""
	if err := b.store.SetCalendar(ctx, cal); err != nil {
		return bot.Reply{}, err
	}
	b.sched.Wake()
	return bot.PrivateText(fmt.Sprintf("**%s** is running again: scheduled exercises will be posted from the next one on.", req.Group.Name)), nil
}

func (b *Bot) groupLeave(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	uid, _ := req.Cmd.UserOpt("member")
	m, err := b.store.Membership(ctx, req.Group.ID, uid)
	if err != nil {
		if bot.ErrorCode(err) == bot.ENotFound {
			return bot.Reply{}, bot.Errorf(bot.ENotFound, "That person is not in this group.")
		}
		return bot.Reply{}, err
	}
	loc := req.Group.Location()
	fromS, _ := req.Cmd.String("from")
	toS, _ := req.Cmd.String("to")
	from, err := parseDay(fromS, loc, req.Now)
	if err != nil {
		return bot.Reply{}, err
	}
	to, err := parseDay(toS, loc, req.Now)
	if err != nil {
		return bot.Reply{}, err
	}
	if to.Before(from) {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "The last day (%s) is before the first day (%s).", dayWords(to), dayWords(from))
	}
	l := &bot.Leave{GroupID: req.Group.ID, UserID: uid, From: from, To: to.AddDate(0, 0, 1)}
	if err := b.store.AddLeave(ctx, l); err != nil {
		return bot.Reply{}, err
	}
	return bot.PrivateText(fmt.Sprintf("%s is on leave from %s to %s (both included): exercises in that time count as excused, and no reminders are sent to them.",
		m.DisplayName, dayWords(from), dayWords(to))), nil
}

// parseDays reads "24 Dec, 31 Dec", "2026-12-24 2026-12-31" or a range
// "2026-12-24 to 2027-01-01" (at most 366 days).
func parseDays(s string, loc *time.Location, now time.Time) ([]string, error) {
	s = strings.ReplaceAll(s, ",", " ")
	if a, z, ok := strings.Cut(s, " to "); ok {
		from, err := parseDay(a, loc, now)
		if err != nil {
			return nil, err
		}
		to, err := parseDay(z, loc, now)
		if err != nil {
			return nil, err
		}
		if to.Before(from) || to.Sub(from) > 366*24*time.Hour {
			return nil, bot.Errorf(bot.EInvalid, "A range of days goes from an earlier day to a later one, at most a year apart.")
		}
		var out []string
		for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
			out = append(out, d.Format(time.DateOnly))
		}
		return out, nil
	}
	// group tokens: "24 Dec 31 Dec" → day month pairs; ISO dates stand alone
	toks := strings.Fields(s)
	var out []string
	for i := 0; i < len(toks); i++ {
		cand := toks[i]
		if i+1 < len(toks) && !strings.Contains(cand, "-") {
			cand += " " + toks[i+1]
			i++
			if i+1 < len(toks) && len(toks[i+1]) == 4 && !strings.Contains(toks[i+1], "-") {
				cand += " " + toks[i+1]
				i++
			}
		}
		d, err := parseDay(cand, loc, now)
		if err != nil {
			return nil, err
		}
		out = append(out, d.Format(time.DateOnly))
	}
	if len(out) == 0 {
		return nil, bot.Errorf(bot.EInvalid, "Say which days, for example: /group holiday add \"24 Dec, 31 Dec\".")
	}
	return out, nil
}

func (b *Bot) groupHoliday(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	action, _ := req.Cmd.String("action")
	text, _ := req.Cmd.String("dates")
	loc := req.Group.Location()
	switch action {
	case "add":
		days, err := parseDays(text, loc, req.Now)
		if err != nil {
			return bot.Reply{}, err
		}
		if err := b.store.AddHolidays(ctx, req.Group.ID, days); err != nil {
			return bot.Reply{}, err
		}
		b.sched.Wake()
		return bot.PrivateText(fmt.Sprintf("No scheduled exercises on %s. Nobody is counted as missing for those days.", strings.Join(days, ", "))), nil
	case "remove":
		days, err := parseDays(text, loc, req.Now)
		if err != nil {
			return bot.Reply{}, err
		}
		for _, d := range days {
			if err := b.store.RemoveHoliday(ctx, req.Group.ID, d); err != nil {
				if bot.ErrorCode(err) == bot.ENotFound {
					return bot.Reply{}, bot.Errorf(bot.ENotFound, "%s is not one of this group's holidays. See them with /group holiday list.", d)
				}
				return bot.Reply{}, err
			}
		}
		return bot.PrivateText(fmt.Sprintf("%s %s a normal day again.", strings.Join(days, ", "), map[bool]string{true: "is", false: "are"}[len(days) == 1])), nil
	}
	hs, err := b.store.Holidays(ctx, req.Group.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	if len(hs) == 0 {
		return bot.PrivateText("This group has no holidays. Add some with /group holiday add \"24 Dec, 31 Dec\"."), nil
	}
	return bot.PrivateText("Holidays of **" + req.Group.Name + "** (no scheduled exercises): " + strings.Join(hs, ", ") + "."), nil
}

func (b *Bot) groupSession(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	wdS, _ := req.Cmd.String("weekday")
	wd, ok := ParseWeekday(wdS)
	if !ok {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "I don't know the day %q. Write it like wednesday or wed, for example: /group session wednesday 18:00.", wdS)
	}
	tS, _ := req.Cmd.String("time")
	h, m, err := parseClock(tS)
	if err != nil {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "%s. For example: /group session wednesday 18:00.", capitalize(err.Error()))
	}
	sess := &bot.SessionTime{Weekday: wd, Hour: h, Minute: m}
	if s, _ := req.Cmd.String("length"); s != "" {
		if sess.Duration, err = ParseDuration(s); err != nil {
			return bot.Reply{}, err
		}
		if sess.Duration > 12*time.Hour {
			return bot.Reply{}, bot.Errorf(bot.EInvalid, "A session of %s is longer than I can plan around; use at most 12 hours.", bot.HumanDuration(sess.Duration))
		}
	}
	cal, err := b.store.Calendar(ctx, req.Group.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	stale := 0 // moves and cancellations of the old weekday (session_move.go)
	if old := cal.Session; old != nil && old.Weekday != sess.Weekday {
		if gc, err := b.loadCal(ctx, req.Group.ID); err == nil {
			stale = len(sessionChangeLines(gc, req.Now))
		}
	}
	cal.Session = sess
	if err := b.store.SetCalendar(ctx, cal); err != nil {
		return bot.Reply{}, err
	}
	moved, err := b.replan(ctx, req.Group.ID, req.Now, true)
	if err != nil {
		return bot.Reply{}, err
	}
	msg := fmt.Sprintf("Live sessions of **%s** are now every %s, %s time.", req.Group.Name, sess, req.Group.TimeZone)
	if stale > 0 {
		msg += fmt.Sprintf(" Moves and cancellations of single sessions on the old day (%d) no longer apply; move or cancel on the new day if needed.", stale)
	}
	if moved != "" {
		msg += " Schedules that count from the session follow it:\n" + moved
	}
	return bot.PrivateText(msg), nil
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (b *Bot) groupDates(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	cal, err := b.store.Calendar(ctx, req.Group.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	loc := req.Group.Location()
	set := func(opt string, dst *string) error {
		s, _ := req.Cmd.String(opt)
		switch strings.ToLower(s) {
		case "":
			return nil
		case "none", "-", "clear":
			*dst = ""
			return nil
		}
		d, err := parseDay(s, loc, req.Now)
		if err != nil {
			return err
		}
		*dst = d.Format(time.DateOnly)
		return nil
	}
	if err := set("start", &cal.StartDate); err != nil {
		return bot.Reply{}, err
	}
	if err := set("end", &cal.EndDate); err != nil {
		return bot.Reply{}, err
	}
	if cal.StartDate != "" && cal.EndDate != "" && cal.EndDate < cal.StartDate {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "The last day (%s) is before the first day (%s).", cal.EndDate, cal.StartDate)
	}
	if cal.EndDate == "" || cal.EndDate >= req.Now.In(loc).Format(time.DateOnly) {
		cal.EndNotified = false
	}
	if err := b.store.SetCalendar(ctx, cal); err != nil {
		return bot.Reply{}, err
	}
	moved, err := b.replan(ctx, req.Group.ID, req.Now, false)
	if err != nil {
		return bot.Reply{}, err
	}
	msg := fmt.Sprintf("**%s** runs from %s to %s. Scheduled exercises are posted only between these days.",
		req.Group.Name, orWord(cal.StartDate, "now"), orWord(cal.EndDate, "no set end"))
	if moved != "" {
		msg += "\n" + moved
	}
	return bot.PrivateText(msg), nil
}

// replan recomputes the next post of the group's schedules (only the
// session-relative ones when sessionOnly) and says where each now stands.
// An instant already posted is never posted again: fires are unique per
// (schedule, instant).
func (b *Bot) replan(ctx context.Context, groupID int64, now time.Time, sessionOnly bool) (string, error) {
	return b.replanAfter(ctx, groupID, now, sessionOnly, nil)
}

// replanAfter is replan where the schedules in after post next only after
// the given instant (a moved session's fire that an open run already serves).
func (b *Bot) replanAfter(ctx context.Context, groupID int64, now time.Time, sessionOnly bool, after map[int64]time.Time) (string, error) {
	ss, err := b.store.Schedules(ctx, groupID)
	if err != nil {
		return "", err
	}
	gc, err := b.loadCal(ctx, groupID)
	if err != nil {
		return "", err
	}
	var sb strings.Builder
	for _, sc := range ss {
		w, err := ParseWhen(sc.When)
		if err != nil || (sessionOnly && !w.SessionRelative()) {
			continue
		}
		from := now
		if !sc.NextAt.IsZero() && sc.NextAt.Before(now) {
			from = sc.NextAt.Add(-time.Nanosecond) // not yet claimed: keep it
		}
		if t, ok := after[sc.ID]; ok && t.After(from) {
			from = t
		}
		next := gc.nextFire(w, from)
		if err := b.store.SetScheduleNext(ctx, sc.ID, next); err != nil {
			return "", err
		}
		if next.IsZero() {
			fmt.Fprintf(&sb, "- schedule %d (`%s`): no further posts\n", sc.ID, sc.ExerciseID)
		} else {
			fmt.Fprintf(&sb, "- schedule %d (`%s`): next %s\n", sc.ID, sc.ExerciseID, gc.group.FormatTimeFrom(next, now))
		}
	}
	b.sched.Wake()
	return strings.TrimRight(sb.String(), "\n"), nil
}
