package core

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"groupwork/bot"
)

// /session move and /session cancel change one occurrence of the weekly
// session. Members are told with one post in the group's channel: the
// change concerns everyone equally, says nothing about anyone, and one post
// is one request however large the group (a DM each would be eight).
// Schedules counted from the session are replanned at once, and the
// therapist's reply lists where each one now stands.

// noSessionError is the refusal when the group has no weekly session.
func noSessionError() error {
	return bot.Errorf(bot.EInvalid, "This group has no weekly session yet. Set one first, for example: /group session wednesday 18:00.")
}

// regularNear returns the regular session day nearest day (within three
// days either side), as a floating midnight.
func regularNear(weekly *bot.SessionTime, day time.Time) time.Time {
	d := (int(weekly.Weekday) - int(day.Weekday()) + 7) % 7
	if d > 3 {
		d -= 7
	}
	return day.AddDate(0, 0, d)
}

func (b *Bot) sessionMove(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	g := req.Group
	gc, err := b.loadCal(ctx, g.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	if gc.plan == nil {
		return bot.Reply{}, noSessionError()
	}
	dateS, _ := req.Cmd.String("date")
	day, err := parseDay(dateS, gc.loc, req.Now)
	if err != nil {
		return bot.Reply{}, err
	}
	timeS, _ := req.Cmd.String("time")
	h, m, err := parseClock(timeS)
	if err != nil {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "%s. For example: /session move 2026-12-17 19:00.", capitalize(err.Error()))
	}
	to := time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, time.UTC)
	regular := regularNear(gc.plan.weekly, floating(day))
	if s, _ := req.Cmd.String("of"); s != "" {
		d, err := parseDay(s, gc.loc, req.Now)
		if err != nil {
			return bot.Reply{}, err
		}
		regular = floating(d)
		if regular.Weekday() != gc.plan.weekly.Weekday {
			return bot.Reply{}, bot.Errorf(bot.EInvalid, "%s is not a session day: sessions are on %ss.", dayWords(regular), gc.plan.weekly.Weekday)
		}
	}
	w := gc.plan.weekly
	regularStart := regular.Add(time.Duration(w.Hour)*time.Hour + time.Duration(w.Minute)*time.Minute)
	switch {
	case !resolveWall(to, gc.loc).After(req.Now):
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "%s, %02d:%02d has already passed. Give a time still to come.", dayWords(to), h, m)
	case startedOrPassed(gc, regularStart, req.Now):
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "The session of %s has already started or taken place; only sessions still to come can move. To move a later one, name its regular day with of:, for example of:%s.",
			dayWords(regular), regular.AddDate(0, 0, 7).Format(time.DateOnly))
	case to.Sub(regularStart) > maxMove || regularStart.Sub(to) > maxMove:
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "A session can move at most 14 days from its regular day (%s). To skip a week, use /session cancel.", dayWords(regular))
	}
	// another session already on that day?
	if o, ok := gc.plan.onDay(to); ok && o.day != regular.Format(time.DateOnly) {
		return bot.Reply{}, bot.Errorf(bot.EConflict, "There is already a session on %s at %s. Move or cancel that one first.", dayWords(to), o.start.Format("15:04"))
	}
	c := &bot.SessionChange{GroupID: g.ID, Day: regular.Format(time.DateOnly), MovedTo: to, By: req.Member.UserID, At: req.Now}
	served, err := b.servedRuns(ctx, gc, regularStart, to)
	if err != nil {
		return bot.Reply{}, err
	}
	if err := b.store.SetSessionChange(ctx, c); err != nil {
		return bot.Reply{}, err
	}
	when := resolveWall(to, gc.loc)
	var text string
	if to.Equal(regularStart) {
		text = fmt.Sprintf("The session of %s is back at its usual time: %s (%s time).", dayWords(regular), when.In(gc.loc).Format("Mon 2 Jan, 15:04"), g.TimeZone)
	} else {
		text = fmt.Sprintf("The session of %s is moved to **%s** (%s time).", dayWords(regular), when.In(gc.loc).Format("Mon 2 Jan, 15:04"), g.TimeZone)
	}
	if len(served.titles) > 0 {
		text += fmt.Sprintf(" Already posted for it and still open: %s.", strings.Join(served.titles, ", "))
	}
	return b.sessionChanged(ctx, req, c, text, served.after)
}

// served is what open runs already serve a moved session.
type served struct {
	after  map[int64]time.Time // by schedule: the moved session's fire, not posted again
	titles []string
}

// servedRuns finds the open runs that schedules counted from the session
// posted for the occurrence of regularStart, before it moves to to: they
// stay open and serve the moved session, so their schedules do not post
// again for it (a second roll call for one session).
func (b *Bot) servedRuns(ctx context.Context, gc *groupCal, regularStart, to time.Time) (served, error) {
	out := served{after: map[int64]time.Time{}}
	o, ok := gc.plan.at(regularStart)
	if !ok {
		return out, nil // cancelled before: nothing of it is open
	}
	runs, err := b.store.OpenRuns(ctx, gc.group.ID)
	if err != nil {
		return out, err
	}
	for _, r := range runs {
		sc, w, f, ok := b.sessionRun(ctx, r)
		if !ok {
			continue
		}
		off := w.sessionOffset(gc.plan.weekly.Length())
		if resolveWall(o.start.Add(off), gc.loc).Equal(f.ScheduledFor) {
			out.after[sc.ID] = resolveWall(to.Add(off), gc.loc)
			title := r.ExerciseID
			if def, err := b.definition(r); err == nil {
				title = def.Title
			}
			out.titles = append(out.titles, "_"+title+"_")
		}
	}
	return out, nil
}

// sessionRun returns the schedule, rule and fire of a run posted by a
// schedule counted from the session; ok is false for any other run.
func (b *Bot) sessionRun(ctx context.Context, r *bot.Run) (*bot.Schedule, *When, *bot.Fire, bool) {
	if !strings.HasPrefix(r.StartedBy, "schedule:") {
		return nil, nil, nil, false
	}
	f, err := b.store.FireOfRun(ctx, r.ID)
	if err != nil {
		return nil, nil, nil, false
	}
	sc, err := b.store.Schedule(ctx, f.ScheduleID)
	if err != nil {
		return nil, nil, nil, false
	}
	w, err := ParseWhen(sc.When)
	if err != nil || !w.SessionRelative() {
		return nil, nil, nil, false
	}
	return sc, w, f, true
}

func (b *Bot) sessionCancel(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	g := req.Group
	gc, err := b.loadCal(ctx, g.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	if gc.plan == nil {
		return bot.Reply{}, noSessionError()
	}
	dateS, _ := req.Cmd.String("date")
	day, err := parseDay(dateS, gc.loc, req.Now)
	if err != nil {
		return bot.Reply{}, err
	}
	o, ok := gc.plan.onDay(floating(day))
	if !ok {
		next := "none"
		if n, ok := gc.plan.nextAfter(floating(req.Now.In(gc.loc))); ok {
			next = resolveWall(n.start, gc.loc).Format("Mon 2 Jan, 15:04")
		}
		return bot.Reply{}, bot.Errorf(bot.ENotFound, "There is no session on %s. The next one is %s.", dayWords(day), next)
	}
	if !resolveWall(o.start, gc.loc).After(req.Now) {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "The session of %s has already started or passed; only sessions still to come can be cancelled.", dayWords(day))
	}
	c := &bot.SessionChange{GroupID: g.ID, Day: o.day, By: req.Member.UserID, At: req.Now}
	if err := b.store.SetSessionChange(ctx, c); err != nil {
		return bot.Reply{}, err
	}
	closed, err := b.settleCancelled(ctx, gc, o)
	if err != nil {
		return bot.Reply{}, err
	}
	text := fmt.Sprintf("There is **no session** on %s. ", resolveWall(o.start, gc.loc).Format("Mon 2 Jan"))
	if n, ok := gc.plan.nextAfter(o.start); ok {
		// gc.plan predates the change; o itself is not after o.start
		text += fmt.Sprintf("The next one is %s (%s time).", resolveWall(n.start, gc.loc).Format("Mon 2 Jan, 15:04"), g.TimeZone)
	}
	rep, err := b.sessionChanged(ctx, req, c, strings.TrimSpace(text), nil)
	if err == nil && closed > 0 && rep.Message != nil {
		rep.Message.Text += fmt.Sprintf("\n%s posted for this session %s closed: those who had not answered count as *not due*, not missed; answers already given are kept.",
			countWords(closed, "exercise", "exercises"), map[bool]string{true: "was", false: "were"}[closed == 1])
	}
	return rep, err
}

// settleCancelled closes the open runs that schedules counted from the
// cancelled session o had already posted (a roll call, "24h before
// session"): the session they were for will not happen, so members who had
// not answered are not due rather than missed. It returns how many it closed.
func (b *Bot) settleCancelled(ctx context.Context, gc *groupCal, o occurrence) (int, error) {
	runs, err := b.store.OpenRuns(ctx, gc.group.ID)
	if err != nil {
		return 0, err
	}
	closed := 0
	for _, r := range runs {
		_, w, f, ok := b.sessionRun(ctx, r)
		if !ok || !resolveWall(o.start.Add(w.sessionOffset(gc.plan.weekly.Length())), gc.loc).Equal(f.ScheduledFor) {
			continue
		}
		parts, err := b.store.Participation(ctx, r.ID)
		if err != nil {
			return closed, err
		}
		now := b.clock.Now()
		for _, p := range parts {
			if p.Status == bot.StatusPending {
				if err := b.store.SetParticipation(ctx, &bot.Participation{RunID: r.ID, UserID: p.UserID, Status: bot.StatusNotDue, UpdatedAt: now}); err != nil {
					return closed, err
				}
			}
		}
		if err := b.CloseRun(ctx, r); err != nil {
			return closed, err
		}
		closed++
	}
	return closed, nil
}

// sessionChanged replans the session's schedules, tells the members in the
// channel and answers the therapist.
func (b *Bot) sessionChanged(ctx context.Context, req *bot.Request, c *bot.SessionChange, text string, after map[int64]time.Time) (bot.Reply, error) {
	g := req.Group
	moved, err := b.replanAfter(ctx, g.ID, req.Now, true, after)
	if err != nil {
		return bot.Reply{}, err
	}
	b.log.Info("session changed", "group", g.ID, "day", c.Day, "cancelled", c.MovedTo.IsZero())
	told := "Members were told in the channel."
	a, err := b.adapter(g.Platform)
	if err == nil {
		key := fmt.Sprintf("session-change-%d-%s-%d", g.ID, c.Day, c.At.UnixNano())
		_, err = a.Post(ctx, g.ChannelID, bot.Message{Text: text, Key: key})
	}
	if err != nil {
		b.log.Warn("session change not posted", "group", g.ID, "err", err)
		told = "I could not post it in the channel: please tell the members yourself."
	}
	msg := text + " " + told
	if moved != "" {
		msg += "\nSchedules that count from the session follow it:\n" + moved
	}
	return bot.PrivateText(msg), nil
}

// sessionChangeLines lists the moved and cancelled sessions still to come,
// for /schedule list.
func sessionChangeLines(gc *groupCal, now time.Time) []string {
	if gc.plan == nil {
		return nil
	}
	today := now.In(gc.loc).Format(time.DateOnly)
	var out []string
	days := slices.Sorted(maps.Keys(gc.plan.changes))
	for _, day := range days {
		c := gc.plan.changes[day]
		regular, err := time.Parse(time.DateOnly, c.Day)
		if err != nil || regular.Weekday() != gc.plan.weekly.Weekday || (c.Day < today && (c.MovedTo.IsZero() || c.MovedTo.Format(time.DateOnly) < today)) {
			continue
		}
		switch {
		case c.MovedTo.IsZero():
			out = append(out, fmt.Sprintf("Cancelled: the session of %s.", regular.Format("Mon 2 Jan")))
		case c.MovedTo.Format(time.DateOnly) != c.Day || c.MovedTo.Hour() != gc.plan.weekly.Hour || c.MovedTo.Minute() != gc.plan.weekly.Minute:
			out = append(out, fmt.Sprintf("Moved: the session of %s to %s.", regular.Format("Mon 2 Jan"), c.MovedTo.Format("Mon 2 Jan, 15:04")))
		}
	}
	return out
}

// startedOrPassed reports whether the occurrence of regularStart, where it
// is now planned, has started. A cancelled one has not: it may be put back
// on a day still to come.
func startedOrPassed(gc *groupCal, regularStart, now time.Time) bool {
	o, ok := gc.plan.at(regularStart)
	return ok && !resolveWall(o.start, gc.loc).After(now)
}
