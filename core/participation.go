package core

import (
	"context"
	"fmt"
	"time"

	"groupwork/bot"
	"groupwork/exercises"
)

// This file holds the rules that make a participation record defensible:
// who was asked (consent), what counts as an exercise (not roll calls), and
// how on-time and late answers are told apart. docs/EXPORT.md says the same
// in words for the therapist.

// kindRollCall is the exercise kind of a roll call: attendance, not
// exercise participation.
const kindRollCall = "rollcall"

// isRollCall reports whether def is a roll call.
func isRollCall(def *exercises.Definition) bool { return def != nil && def.Kind == kindRollCall }

// markNoConsent turns the pending participation of members who have not
// accepted the consent notice into no-consent, before a run closes: they
// could not be asked, so the run is not counted as missed. It only touches
// pending rows, so calling it again changes nothing.
func (b *Bot) markNoConsent(ctx context.Context, r *bot.Run, now time.Time) error {
	parts, err := b.store.Participation(ctx, r.ID)
	if err != nil {
		return err
	}
	for _, p := range parts {
		if p.Status != bot.StatusPending {
			continue
		}
		ok, err := b.consented(ctx, r.GroupID, p.UserID)
		if err != nil {
			return err
		}
		if ok {
			continue
		}
		if err := b.store.SetParticipation(ctx, &bot.Participation{RunID: r.ID, UserID: p.UserID, Status: bot.StatusNoConsent, UpdatedAt: now}); err != nil {
			return err
		}
	}
	return nil
}

// rollCallRefusal explains why a roll call cannot be opened at now, or
// returns "". A roll call asks who is coming to today's session, so once
// today's live session has ended (the last one started with /session start,
// or the calendar's weekly session) its answers would not be attendance.
func (b *Bot) rollCallRefusal(ctx context.Context, g *bot.Group, now time.Time) (string, error) {
	if _, err := b.store.OpenSession(ctx, g.ID); err == nil {
		return "", nil // during a session a roll call still helps
	} else if bot.ErrorCode(err) != bot.ENotFound {
		return "", err
	}
	loc := g.Location()
	today := now.In(loc).Format(time.DateOnly)
	sessions, err := b.store.LiveSessions(ctx, g.ID, now.Add(-36*time.Hour), now.Add(time.Nanosecond))
	if err != nil {
		return "", err
	}
	for i := len(sessions) - 1; i >= 0; i-- {
		s := sessions[i]
		if s.EndedAt != nil && !s.EndedAt.After(now) && s.EndedAt.In(loc).Format(time.DateOnly) == today {
			return fmt.Sprintf("Today's live session ended at %s, so a roll call now would not record attendance. "+
				"To correct attendance, use /session mark.", s.EndedAt.In(loc).Format("15:04")), nil
		}
	}
	gc, err := b.loadCal(ctx, g.ID)
	if err != nil {
		return "", err
	}
	// today's session as planned: a moved session ends on its new day
	if o, ok := gc.plan.onDay(floating(now.In(loc))); ok {
		if end := resolveWall(o.start.Add(gc.plan.weekly.Length()), loc); !now.Before(end) {
			return fmt.Sprintf("Today's session ended at %s, so a roll call now would not record attendance. "+
				"To correct attendance, use /session mark.", end.In(loc).Format("15:04")), nil
		}
	}
	return "", nil
}

// OnTime is the number of due runs answered completely before they closed.
func (c Counts) OnTime() int { return c[bot.StatusAnswered] }

// OnTimeRate is answered-on-time over due, or -1 when nothing was due.
func (c Counts) OnTimeRate() float64 { return c.share(c[bot.StatusAnswered]) }

// LateRate is answered-late (completed after the close) over due, or -1
// when nothing was due.
func (c Counts) LateRate() float64 { return c.share(c[bot.StatusLate]) }

// PartialRate is partly answered over due, or -1 when nothing was due.
func (c Counts) PartialRate() float64 { return c.share(c[bot.StatusPartial]) }

// MissedRate is missed over due, or -1 when nothing was due.
func (c Counts) MissedRate() float64 { return c.share(c[bot.StatusMissed]) }

func (c Counts) share(n int) float64 {
	if c.Due() == 0 {
		return -1
	}
	return float64(n) / float64(c.Due())
}

// RatesText renders "on time 60 %, late 40 %" (and partial when there is
// any), or "nothing due".
func (c Counts) RatesText() string {
	if c.Due() == 0 {
		return "nothing due"
	}
	s := fmt.Sprintf("on time %s, late %s", pct(c.OnTimeRate()), pct(c.LateRate()))
	if c[bot.StatusPartial] > 0 {
		s += ", partial " + pct(c.PartialRate())
	}
	return s
}

// pct renders a rate as "60 %" ("—" when undefined).
func pct(r float64) string {
	if r < 0 {
		return "—"
	}
	return fmt.Sprintf("%d %%", roundPct(r))
}

func roundPct(r float64) int { return int(r*100 + 0.5) }

// countsHeader and Counts.cells are the participation columns of every
// review table: counts first, then the two rates a clinician asks about.
const countsHeader = "due ans late part miss exc n/d n/c on-time late%"

// cells renders one row of countsHeader.
func (c Counts) cells() string {
	return fmt.Sprintf("%3d %3d %4d %4d %4d %3d %3d %3d %7s %5s", c.Due(), c[bot.StatusAnswered], c[bot.StatusLate], c[bot.StatusPartial], c[bot.StatusMissed],
		c[bot.StatusExcused], c[bot.StatusNotDue], c[bot.StatusNoConsent], rateText(c.OnTimeRate()), rateText(c.LateRate()))
}

// countsLegend defines the participation columns in words.
const countsLegend = "Due = runs expected (answered on time, late, partial or missed); excused, not due (n/d: opened before they joined) and no consent (n/c: consent notice not accepted at the close) are not due. " +
	"On-time = answered fully before the close / due; late% = completed after the close / due; partial and missed make up the rest."

// countsLegendShort is countsLegend for the chat summary.
const countsLegendShort = "on-time / late% = runs answered fully before / after the close, of runs due; excused, n/d (opened before they joined) and n/c (no consent) are not due."

// joinedLate reports whether the member answered a run that opened before
// they joined the group (it was not expected from them).
func (m *MemberReview) joinedLate(run *bot.Run, st bot.Status) bool {
	return st.Responded() && m.JoinedAt.After(run.OpenedAt)
}
