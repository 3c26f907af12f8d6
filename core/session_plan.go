package core

import (
	"time"

	"groupwork/bot"
)

// sessionPlan is a group's weekly session with the occurrences a therapist
// moved or cancelled (/session move, /session cancel). Schedules counted
// from the session ("24h before session") follow it, the session reminder
// and the calendar file use it, and a cancelled occurrence is simply no
// session: nothing anchored to it is posted, so nobody can be counted
// missing or excused for it.
type sessionPlan struct {
	weekly  *bot.SessionTime
	changes map[string]*bot.SessionChange // by regular day
}

// maxMove is how far a session may move from its regular day.
const maxMove = 14 * 24 * time.Hour

// occurrence is one session on the group's wall clock (UTC labels).
type occurrence struct {
	day   string    // the regular day it belongs to
	start time.Time // the actual start: the regular one, or where it was moved
	moved bool
}

func newSessionPlan(weekly *bot.SessionTime, changes []*bot.SessionChange) *sessionPlan {
	if weekly == nil {
		return nil
	}
	p := &sessionPlan{weekly: weekly, changes: map[string]*bot.SessionChange{}}
	for _, c := range changes {
		p.changes[c.Day] = c
	}
	return p
}

// regularAfter returns the first regular start strictly after g.
func (p *sessionPlan) regularAfter(g time.Time) time.Time {
	s := p.weekly
	a := time.Date(g.Year(), g.Month(), g.Day(), s.Hour, s.Minute, 0, 0, time.UTC)
	a = a.AddDate(0, 0, (int(s.Weekday)-int(a.Weekday())+7)%7)
	if !a.After(g) {
		a = a.AddDate(0, 0, 7)
	}
	return a
}

// at returns the occurrence of the regular start a, and false when it was
// cancelled.
func (p *sessionPlan) at(a time.Time) (occurrence, bool) {
	day := a.Format(time.DateOnly)
	o := occurrence{day: day, start: a}
	if c, ok := p.changes[day]; ok {
		if c.MovedTo.IsZero() {
			return o, false
		}
		o.start, o.moved = c.MovedTo, !c.MovedTo.Equal(a)
	}
	return o, true
}

// maxCancelled bounds the weeks searched past cancelled sessions.
const maxCancelled = 60

// nextAfter returns the first session that starts strictly after g, and
// false when there is none (no weekly session, or a year of cancellations).
func (p *sessionPlan) nextAfter(g time.Time) (occurrence, bool) {
	if p == nil {
		return occurrence{}, false
	}
	var best occurrence
	found := false
	a := p.regularAfter(g.Add(-maxMove))
	for range maxCancelled + int(2*maxMove/(7*24*time.Hour)) + 1 {
		if found && a.After(best.start.Add(maxMove)) {
			break
		}
		if o, ok := p.at(a); ok && o.start.After(g) && (!found || o.start.Before(best.start)) {
			best, found = o, true
		}
		a = a.AddDate(0, 0, 7)
	}
	return best, found
}

// onDay returns the session that actually starts on the local day.
func (p *sessionPlan) onDay(day time.Time) (occurrence, bool) {
	midnight := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	o, ok := p.nextAfter(midnight.Add(-time.Nanosecond))
	if !ok || o.start.Format(time.DateOnly) != midnight.Format(time.DateOnly) {
		return occurrence{}, false
	}
	return o, true
}
