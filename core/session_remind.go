package core

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"groupwork/bot"
)

// Session reminders: a private message to each member some time before each
// session (/session remind 2h), with the time in the member's own zone when
// they set one (/myzone). Off by default: a message to a client's private
// inbox is the therapist's choice, and many groups already meet at a time
// everyone knows. A moved session is reminded at its new time; a cancelled
// one, a paused group or a holiday gets no reminder.

const (
	minSessionRemind = 10 * time.Minute
	maxSessionRemind = 3 * 24 * time.Hour
)

func (b *Bot) sessionRemind(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	cal, err := b.store.Calendar(ctx, req.Group.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	s, _ := req.Cmd.String("before")
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		if cal.RemindBefore == 0 {
			return bot.PrivateText("Members get no reminder before sessions. Turn it on with /session remind 2h (any length from 10 minutes to 3 days)."), nil
		}
		return bot.PrivateText(fmt.Sprintf("Members get a private reminder %s before each session. Turn it off with /session remind off.", bot.HumanDuration(cal.RemindBefore))), nil
	case "off", "none", "no":
		cal.RemindBefore = 0
	default:
		d, err := ParseDuration(s)
		if err != nil {
			return bot.Reply{}, err
		}
		if d < minSessionRemind || d > maxSessionRemind {
			return bot.Reply{}, bot.Errorf(bot.EInvalid, "A reminder goes from 10 minutes to 3 days before the session, for example: /session remind 2h.")
		}
		cal.RemindBefore = d
	}
	if err := b.store.SetCalendar(ctx, cal); err != nil {
		return bot.Reply{}, err
	}
	b.sched.Wake()
	if cal.RemindBefore == 0 {
		return bot.PrivateText("Session reminders are off."), nil
	}
	msg := fmt.Sprintf("Each member gets a private reminder %s before each session, in their own time zone when they set one with /myzone.", bot.HumanDuration(cal.RemindBefore))
	if cal.Session == nil {
		msg += " There is no weekly session yet: set it with /group session wednesday 18:00."
	}
	return bot.PrivateText(msg), nil
}

// myZone shows, sets or clears the invoker's own time zone in this group.
func (b *Bot) myZone(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	g := req.Group
	tz, _ := req.Cmd.String("timezone")
	zones, err := b.store.MemberZones(ctx, g.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	uid := req.Member.UserID
	switch strings.ToLower(strings.TrimSpace(tz)) {
	case "":
		if z := zones[uid]; z != "" {
			return bot.PrivateText(fmt.Sprintf("Your time zone here is %s. Reminders show times in it. Clear it with /myzone off.", z)), nil
		}
		return bot.PrivateText(fmt.Sprintf("You have not set a time zone, so times are in the group's (%s). Set yours like this: /myzone America/New_York.", g.TimeZone)), nil
	case "off", "none", "clear":
		if err := b.store.SetMemberZone(ctx, g.ID, uid, ""); err != nil {
			return bot.Reply{}, err
		}
		return bot.PrivateText(fmt.Sprintf("Your time zone is cleared; times are in the group's (%s).", g.TimeZone)), nil
	}
	loc, err := loadZone(strings.TrimSpace(tz))
	if err != nil {
		return bot.Reply{}, err
	}
	if req.Member.Role == bot.RoleMember { // nothing a member gives is stored before consent
		if rep, err := b.consentGate(ctx, g, uid, 0); err != nil || rep != nil {
			if rep != nil {
				return *rep, nil
			}
			return bot.Reply{}, err
		}
	}
	if err := b.store.SetMemberZone(ctx, g.ID, uid, loc.String()); err != nil {
		return bot.Reply{}, err
	}
	return bot.PrivateText(fmt.Sprintf("Your time zone here is now %s. Only the reminders sent to you use it; /forgetme erases it.", loc)), nil
}

// remindSessions sends the reminders that are due at now, each at most once
// (claimed under the group and the session's instant before sending).
func (s *Scheduler) remindSessions(ctx context.Context, now time.Time, cache *calCache) error {
	groups, err := s.store.Groups(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, g := range groups {
		if err := s.remindSession(ctx, g, now, cache); err != nil {
			errs = append(errs, fmt.Errorf("session reminder of group %d: %w", g.ID, err))
		}
	}
	return errors.Join(errs...)
}

// nextSession returns the next session of the group that starts after now
// and is reminded (not paused, not a holiday, within the group's dates).
func (gc *groupCal) nextSession(now time.Time) (occurrence, time.Time, bool) {
	o, ok := gc.plan.nextAfter(floating(now.In(gc.loc)))
	if !ok {
		return o, time.Time{}, false
	}
	day := o.start.Format(time.DateOnly)
	if gc.cal.PausedOn(day) || slices.Contains(gc.holidays, day) ||
		(gc.cal.EndDate != "" && day > gc.cal.EndDate) || (gc.cal.StartDate != "" && day < gc.cal.StartDate) {
		return o, time.Time{}, false
	}
	return o, resolveWall(o.start, gc.loc), true
}

func (s *Scheduler) remindSession(ctx context.Context, g *bot.Group, now time.Time, cache *calCache) error {
	gc, err := cache.group(ctx, g.ID)
	if err != nil {
		return err
	}
	lead := gc.cal.RemindBefore
	if lead <= 0 || gc.plan == nil {
		return nil
	}
	o, start, ok := gc.nextSession(now)
	if !ok || now.Before(start.Add(-lead)) {
		return nil
	}
	if ended, err := s.b.groupEnded(ctx, g.ID); err != nil || ended {
		return err
	}
	dm, err := s.b.messenger(g)
	if errors.Is(err, errNoDM) {
		return nil // no private channel: nobody is reminded in public
	}
	if err != nil {
		return err
	}
	ms, err := s.store.Memberships(ctx, g.ID)
	if err != nil {
		return err
	}
	leaves, err := s.store.Leaves(ctx, g.ID)
	if err != nil {
		return err
	}
	zones, err := s.store.MemberZones(ctx, g.ID)
	if err != nil {
		return err
	}
	var errs []error
	for _, m := range ms {
		if m.Role != bot.RoleMember || !m.Active(now) || onLeave(leaves, m.UserID, start) {
			continue
		}
		key := fmt.Sprintf("session-remind-%d-%d-%s", g.ID, start.Unix(), m.UserID)
		first, err := s.store.ClaimNotice(ctx, key, now)
		if err != nil {
			return err
		}
		if !first {
			continue
		}
		msg := bot.Message{Key: key, Text: withPreview(ReminderPreview, sessionReminderText(g, o, start, zones[m.UserID]))}
		if _, err := dm.DirectMessage(ctx, m.UserID, msg); err != nil {
			errs = append(errs, fmt.Errorf("send %s: %w", key, err))
			continue
		}
		s.b.log.Info("session reminder sent", "group", g.ID)
		s.step("session-reminded")
	}
	return errors.Join(errs...)
}

// sessionReminderText says when the session is, in the member's zone when
// they set one (and the group's beside it), and whether it was moved.
func sessionReminderText(g *bot.Group, o occurrence, start time.Time, tz string) string {
	gl := g.Location()
	when := start.In(gl).Format("Monday 2 January at 15:04") + " (" + g.TimeZone + " time)"
	if loc, err := time.LoadLocation(tz); err == nil && tz != "" && loc.String() != g.TimeZone {
		when = start.In(loc).Format("Monday 2 January at 15:04") + " your time (" + loc.String() + ")"
	}
	text := fmt.Sprintf("**%s** meets on %s.", g.Name, when)
	if o.moved {
		regular, _ := time.Parse(time.DateOnly, o.day)
		text += fmt.Sprintf(" Note: this session was moved from %s.", regular.Format("Monday 2 January"))
	}
	return text + " See you there."
}

// nextReminderAt returns when the next session reminder is due after now,
// so that Run wakes for it rather than up to maxWait late.
func (s *Scheduler) nextReminderAt(ctx context.Context, now time.Time) (time.Time, bool) {
	groups, err := s.store.Groups(ctx)
	if err != nil {
		return time.Time{}, false
	}
	var next time.Time
	for _, g := range groups {
		gc, err := s.b.loadCal(ctx, g.ID)
		if err != nil || gc.cal.RemindBefore <= 0 || gc.plan == nil {
			continue
		}
		if _, start, ok := gc.nextSession(now); ok {
			if at := start.Add(-gc.cal.RemindBefore); at.After(now) && (next.IsZero() || at.Before(next)) {
				next = at
			}
		}
	}
	return next, !next.IsZero()
}
