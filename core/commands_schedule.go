package core

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"groupwork/bot"
)

func (b *Bot) scheduleAdd(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	exID, _ := req.Cmd.String("exercise")
	def, ok := b.lib.Get(exID)
	if !ok {
		return bot.Reply{}, bot.Errorf(bot.ENotFound, "There is no exercise %q. Type /exercise list to see them.", exID)
	}
	text, _ := req.Cmd.String("when")
	w, err := ParseWhen(text)
	if err != nil {
		return bot.Reply{}, err
	}
	sc := &bot.Schedule{GroupID: req.Group.ID, ExerciseID: def.ID, When: w.Text, CreatedBy: req.Event.Meta().User.ID, CreatedAt: req.Now}
	if s, _ := req.Cmd.String("window"); s != "" {
		if sc.Window, err = ParseDuration(s); err != nil {
			return bot.Reply{}, bot.Errorf(bot.EInvalid, "The window %s", lowerFirst(bot.ErrorMessage(err)))
		}
	}
	if s, _ := req.Cmd.String("remind"); s != "" {
		if sc.Remind, err = ParseDuration(s); err != nil {
			return bot.Reply{}, bot.Errorf(bot.EInvalid, "The reminder %s", lowerFirst(bot.ErrorMessage(err)))
		}
	}
	window := def.Window
	if sc.Window > 0 {
		window = sc.Window
	}
	if sc.Remind >= window {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "The reminder (%s before closing) must be shorter than the time the exercise is open (%s). For example: remind:2h.", bot.HumanDuration(sc.Remind), bot.HumanDuration(window))
	}
	gc, err := b.loadCal(ctx, req.Group.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	if w.NeedsAnchor() {
		// "every other thursday" is stored with its first day, so its
		// rhythm never depends on when it is read again (when_rules.go).
		from := req.Now
		if start, err := time.ParseInLocation(time.DateOnly, gc.cal.StartDate, gc.loc); err == nil && from.Before(start) {
			from = start.Add(-time.Nanosecond)
		}
		if w, err = ParseWhen(w.Anchor(from, gc.loc)); err != nil {
			return bot.Reply{}, err
		}
		sc.When = w.Text
	}
	if w.SessionRelative() && gc.cal.Session == nil {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "%q counts from the group's live session, and no session time is set yet. Set it first, for example: /group session wednesday 18:00.", w.Text)
	}
	if ended, err := b.groupEnded(ctx, req.Group.ID); err != nil {
		return bot.Reply{}, err
	} else if ended {
		return bot.Reply{}, errGroupEnded(req.Group)
	}
	if err := b.refuseDuplicate(ctx, gc, def.ID, w, req.Now); err != nil {
		return bot.Reply{}, err
	}
	sc.NextAt = gc.nextFire(w, req.Now)
	if sc.NextAt.IsZero() {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "%q would never post before this group's end date (%s). Set a later end date with /group dates, or choose another rhythm.", w.Text, gc.cal.EndDate)
	}
	if err := b.store.AddSchedule(ctx, sc); err != nil {
		return bot.Reply{}, err
	}
	b.sched.Wake()
	b.log.Info("schedule added", "group", req.Group.ID, "schedule", sc.ID)
	remind := def.Remind
	if sc.Remind > 0 {
		remind = sc.Remind
	}
	msg := fmt.Sprintf("Schedule %d: **%s** will be posted %s (%s time), open for %s", sc.ID, def.Title, w.Describe(), req.Group.TimeZone, bot.HumanDuration(window))
	if remind > 0 && remind < window {
		msg += fmt.Sprintf(", with a private reminder %s before it closes to those who have not answered", bot.HumanDuration(remind))
	}
	msg += fmt.Sprintf(".\nFirst post: %s. See the next ones with /schedule next %d.", req.Group.FormatTimeFrom(sc.NextAt, req.Now), sc.ID)
	return bot.PrivateText(msg), nil
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func (b *Bot) scheduleList(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	ss, err := b.store.Schedules(ctx, req.Group.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	gc, err := b.loadCal(ctx, req.Group.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "**Schedules of %s** (time zone %s)\n", req.Group.Name, req.Group.TimeZone)
	if len(ss) == 0 {
		sb.WriteString("None yet. A therapist can add one with /schedule add.\n")
	}
	for _, sc := range ss {
		title := sc.ExerciseID
		if def, ok := b.lib.Get(sc.ExerciseID); ok {
			title = def.Title
		}
		desc := sc.When
		if w, err := ParseWhen(sc.When); err == nil {
			desc = w.Describe()
		}
		next := "no further posts"
		if !sc.NextAt.IsZero() {
			next = "next " + req.Group.FormatTimeFrom(sc.NextAt, req.Now)
		}
		fmt.Fprintf(&sb, "%d. %s (`%s`) — %s · %s\n", sc.ID, title, sc.ExerciseID, desc, next)
	}
	sb.WriteString(calendarSummary(gc, req.Now))
	if req.Member.Role.Therapist() {
		fs, err := b.store.SkippedFires(ctx, req.Group.ID, bot.SkipOffline, true)
		if err != nil {
			return bot.Reply{}, err
		}
		if len(fs) > 0 {
			text, err := b.skipReport(ctx, req.Group, fs, b.sched.grace)
			if err != nil {
				return bot.Reply{}, err
			}
			sb.WriteString("\n" + text)
			ids := make([]int64, len(fs))
			for i, f := range fs {
				ids[i] = f.ID
			}
			if err := b.store.MarkReported(ctx, ids); err != nil {
				return bot.Reply{}, err
			}
		}
	}
	return bot.PrivateText(strings.TrimRight(sb.String(), "\n")), nil
}

// calendarSummary is one or two lines about the session, dates and pause.
func calendarSummary(gc *groupCal, now time.Time) string {
	var lines []string
	if s := gc.cal.Session; s != nil {
		lines = append(lines, fmt.Sprintf("Live session: every %s.", s))
	}
	lines = append(lines, sessionChangeLines(gc, now)...)
	if gc.cal.StartDate != "" || gc.cal.EndDate != "" {
		lines = append(lines, fmt.Sprintf("Dates: %s to %s.", orWord(gc.cal.StartDate, "open start"), orWord(gc.cal.EndDate, "no end date")))
	}
	if gc.cal.PausedOn(now.In(gc.loc).Format(time.DateOnly)) {
		if gc.cal.PausedUntil != "" {
			lines = append(lines, fmt.Sprintf("Paused until %s: scheduled posts are skipped.", gc.cal.PausedUntil))
		} else {
			lines = append(lines, "Paused: scheduled posts are skipped until a therapist uses /group resume.")
		}
	}
	if len(gc.holidays) > 0 {
		lines = append(lines, "Holidays: "+strings.Join(gc.holidays, ", ")+".")
	}
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}

func orWord(s, word string) string {
	if s == "" {
		return word
	}
	return s
}

func (b *Bot) scheduleOf(ctx context.Context, req *bot.Request, id int64) (*bot.Schedule, error) {
	sc, err := b.store.Schedule(ctx, id)
	if err == nil && (sc.GroupID != req.Group.ID || sc.RemovedAt != nil) {
		err = bot.Errorf(bot.ENotFound, "This group has no schedule %d. Type /schedule list to see the numbers.", id)
	}
	return sc, err
}

func (b *Bot) scheduleRemove(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	id, _, _ := req.Cmd.Int("id")
	sc, err := b.scheduleOf(ctx, req, id)
	if err != nil {
		return bot.Reply{}, err
	}
	if err := b.store.RemoveSchedule(ctx, sc.ID, req.Now); err != nil {
		return bot.Reply{}, err
	}
	b.sched.Wake()
	b.log.Info("schedule removed", "group", req.Group.ID, "schedule", sc.ID)
	return bot.PrivateText(fmt.Sprintf("Schedule %d (`%s`, %s) is stopped. Exercises it already posted stay open until they close, and stay in the record.", sc.ID, sc.ExerciseID, sc.When)), nil
}

// upcoming is one future post for /schedule next.
type upcoming struct {
	at    time.Time
	sched *bot.Schedule
	note  string
}

func (b *Bot) scheduleNext(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	var also *time.Location
	if tz, _ := req.Cmd.String("timezone"); tz != "" {
		loc, err := loadZone(tz)
		if err != nil {
			return bot.Reply{}, err
		}
		also = loc
	}
	ss, err := b.store.Schedules(ctx, req.Group.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	if id, ok, _ := req.Cmd.Int("id"); ok {
		sc, err := b.scheduleOf(ctx, req, id)
		if err != nil {
			return bot.Reply{}, err
		}
		ss = []*bot.Schedule{sc}
	}
	gc, err := b.loadCal(ctx, req.Group.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	text := b.upcomingText(gc, ss, req.Now, 5, also)
	return bot.PrivateText(text), nil
}

// upcomingText renders the next n posts of the schedules, marking those
// that will be skipped.
func (b *Bot) upcomingText(gc *groupCal, ss []*bot.Schedule, now time.Time, n int, also *time.Location) string {
	var ups []upcoming
	for _, sc := range ss {
		w, err := ParseWhen(sc.When)
		if err != nil {
			continue
		}
		t := sc.NextAt
		for i := 0; i < n && !t.IsZero(); i++ {
			u := upcoming{at: t, sched: sc}
			day := t.In(gc.loc).Format(time.DateOnly)
			switch {
			case gc.cal.PausedOn(day):
				u.note = " (group paused: will be skipped)"
			case containsString(gc.holidays, day):
				u.note = " (holiday: will be skipped)"
			}
			ups = append(ups, u)
			t = gc.nextFire(w, t)
		}
	}
	sort.SliceStable(ups, func(i, j int) bool { return ups[i].at.Before(ups[j].at) })
	if len(ups) > n {
		ups = ups[:n]
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "**Next posts in %s** (%s)", gc.group.Name, gc.group.TimeZone)
	if also != nil {
		fmt.Fprintf(&sb, ", and in %s", also)
	}
	sb.WriteString("\n")
	if len(ups) == 0 {
		sb.WriteString("Nothing is scheduled.")
	}
	for i, u := range ups {
		fmt.Fprintf(&sb, "%d. %s", i+1, u.at.In(gc.loc).Format("Mon 2 Jan 2006, 15:04 MST"))
		if also != nil {
			fmt.Fprintf(&sb, " — %s", u.at.In(also).Format("Mon 2 Jan, 15:04 MST"))
		}
		fmt.Fprintf(&sb, " · `%s` (schedule %d)%s\n", u.sched.ExerciseID, u.sched.ID, u.note)
	}
	return strings.TrimRight(sb.String(), "\n")
}

func containsString(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
