package core

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

	"groupwork/bot"
)

// /group calendar: the group's sessions and the exercises due in the next
// weeks as an iCalendar file, attached privately to the therapist who asked,
// for their own calendar app. It names the group and exercise titles, never
// a member. Each session keeps one UID per regular week, so importing a
// newer file moves or cancels the event already in the therapist's app.

const (
	defaultCalendarWeeks = 12
	maxCalendarEvents    = 1000
)

func (b *Bot) groupCalendar(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	weeks := defaultCalendarWeeks
	if n, ok, _ := req.Cmd.Int("weeks"); ok {
		if n < 1 || n > 52 {
			return bot.Reply{}, bot.Errorf(bot.EInvalid, "Give a number of weeks from 1 to 52, for example: /group calendar 12.")
		}
		weeks = int(n)
	}
	gc, err := b.loadCal(ctx, req.Group.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	horizon := req.Now.AddDate(0, 0, 7*weeks)
	sessions := gc.sessionEvents(req.Now, horizon)
	exs, err := b.exerciseEvents(ctx, gc, req.Now, horizon)
	if err != nil {
		return bot.Reply{}, err
	}
	evs := append(sessions, exs...)
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].Start.Before(evs[j].Start) })
	if len(evs) > maxCalendarEvents {
		evs = evs[:maxCalendarEvents]
	}
	data := writeICal(req.Group.Name, req.Now, evs)
	name := "calendar-" + fileSafe(req.Group.Name) + ".ics"
	held := 0
	for _, e := range sessions {
		if !e.Cancelled {
			held++
		}
	}
	sessWords := countWords(held, "session", "sessions")
	if n := len(sessions) - held; n > 0 {
		sessWords += fmt.Sprintf(" (and %d cancelled)", n)
	}
	text := fmt.Sprintf("The calendar of **%s** for the next %d weeks: %s and %s. Open the file with your calendar app; "+
		"times are stored in UTC, so the app shows them in your own zone. Import a newer file after changes: moved and cancelled sessions update.",
		req.Group.Name, weeks, sessWords, countWords(len(exs), "exercise post", "exercise posts"))
	if gc.plan == nil {
		text += " There is no weekly session yet (/group session wednesday 18:00)."
	}
	return bot.Reply{Private: true, Message: &bot.Message{Text: text,
		Blocks: []bot.Block{&bot.File{Name: name, ContentType: "text/calendar; charset=utf-8", Data: data}}}}, nil
}

// sessionEvents lists the sessions from now to horizon within the group's
// dates, the cancelled ones as cancelled events.
func (gc *groupCal) sessionEvents(now, horizon time.Time) []icalEvent {
	p := gc.plan
	if p == nil {
		return nil
	}
	length := p.weekly.Length()
	var out []icalEvent
	end := floating(horizon.In(gc.loc))
	for a := p.regularAfter(floating(now.In(gc.loc)).Add(-maxMove)); !a.After(end.Add(maxMove)); a = a.AddDate(0, 0, 7) {
		o, ok := p.at(a)
		start := o.start
		if !ok {
			start = a
		}
		day := start.Format(time.DateOnly)
		at := resolveWall(start, gc.loc)
		if !at.After(now) || at.After(horizon) || (gc.cal.EndDate != "" && day > gc.cal.EndDate) || (gc.cal.StartDate != "" && day < gc.cal.StartDate) {
			continue
		}
		e := icalEvent{UID: fmt.Sprintf("session-%d-%s@groupwork", gc.group.ID, o.day), Summary: gc.group.Name + ": live session",
			Start: at, End: resolveWall(start.Add(length), gc.loc)}
		switch {
		case !ok:
			e.Cancelled, e.Sequence, e.Summary = true, 1, e.Summary+" (cancelled)"
		case o.moved:
			e.Sequence = 1
			regular, _ := time.Parse(time.DateOnly, o.day)
			e.Description = "Moved from " + regular.Format("Monday 2 January") + "."
		}
		out = append(out, e)
	}
	return out
}

// exerciseEvents lists the exercises open now and those the group's
// schedules will post before horizon (not on paused days or holidays), each
// spanning the time it is open.
func (b *Bot) exerciseEvents(ctx context.Context, gc *groupCal, now, horizon time.Time) ([]icalEvent, error) {
	var out []icalEvent
	runs, err := b.store.OpenRuns(ctx, gc.group.ID)
	if err != nil {
		return nil, err
	}
	for _, r := range runs {
		title := r.ExerciseID
		if def, err := b.definition(r); err == nil {
			title = def.Title
		}
		out = append(out, icalEvent{UID: fmt.Sprintf("run-%d@groupwork", r.ID), Summary: gc.group.Name + ": " + title + " (open)",
			Description: "Exercise " + r.ExerciseID + ", open until it closes.", Start: r.OpenedAt, End: r.ClosesAt})
	}
	ss, err := b.store.Schedules(ctx, gc.group.ID)
	if err != nil {
		return nil, err
	}
	for _, sc := range ss {
		w, err := ParseWhen(sc.When)
		def, ok := b.lib.Get(sc.ExerciseID)
		if err != nil || !ok {
			continue
		}
		window := def.Window
		if sc.Window > 0 {
			window = sc.Window
		}
		for t, n := sc.NextAt, 0; !t.IsZero() && !t.After(horizon) && n < maxCalendarEvents; t, n = gc.nextFire(w, t), n+1 {
			day := t.In(gc.loc).Format(time.DateOnly)
			if t.Before(now) || gc.cal.PausedOn(day) || slices.Contains(gc.holidays, day) {
				continue
			}
			out = append(out, icalEvent{UID: fmt.Sprintf("exercise-%d-%d@groupwork", sc.ID, t.Unix()), Summary: gc.group.Name + ": " + def.Title,
				Description: fmt.Sprintf("Exercise %s, posted by schedule %d (%s), open for %s.", def.ID, sc.ID, w.Describe(), bot.HumanDuration(window)),
				Start:       t, End: t.Add(window)})
		}
	}
	return out, nil
}
