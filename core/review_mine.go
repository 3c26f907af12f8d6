package core

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"groupwork/bot"
	"groupwork/exercises"
)

// mineWindow is the period of the response rates in /review mine.
const mineWindow = 30 * 24 * time.Hour

// groupAttention is one group in /review mine, with what decides its place.
type groupAttention struct {
	group        *bot.Group
	role         bot.Role
	openAlerts   int
	oldestAlert  time.Time
	deteriorated []string // "Bo (PHQ-9)"
	missed       []string // members at or past the missed-in-a-row number
	unread       int
	counts       Counts
	next         time.Time
}

// rank orders groups by what needs a therapist first: open safety alerts
// (oldest first), then reliable deteriorations, then members missing
// exercises in a row, then written answers waiting, then the lowest
// on-time rate.
func (a *groupAttention) less(b *groupAttention) bool {
	switch {
	case a.openAlerts > 0 != (b.openAlerts > 0):
		return a.openAlerts > 0
	case a.openAlerts > 0 && !a.oldestAlert.Equal(b.oldestAlert):
		return a.oldestAlert.Before(b.oldestAlert)
	case len(a.deteriorated) != len(b.deteriorated):
		return len(a.deteriorated) > len(b.deteriorated)
	case len(a.missed) != len(b.missed):
		return len(a.missed) > len(b.missed)
	case a.unread != b.unread:
		return a.unread > b.unread
	}
	return a.counts.OnTimeRate() < b.counts.OnTimeRate()
}

// reviewMine answers /review mine: every group the invoker leads or
// co-leads on this platform, most urgent first. It works in any channel
// (the answer is private) and shows nothing a member wrote.
func (b *Bot) reviewMine(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	meta := req.Event.Meta()
	groups, err := b.store.Groups(ctx)
	if err != nil {
		return bot.Reply{}, err
	}
	var rows []*groupAttention
	for _, g := range groups {
		if g.Platform != meta.Place.Platform {
			continue
		}
		m, err := b.store.Membership(ctx, g.ID, meta.User.ID)
		if err != nil {
			if bot.ErrorCode(err) == bot.ENotFound {
				continue
			}
			return bot.Reply{}, err
		}
		if !m.Active(req.Now) || !m.Role.Therapist() {
			continue
		}
		if ended, err := b.groupEnded(ctx, g.ID); err != nil {
			return bot.Reply{}, err
		} else if ended {
			continue
		}
		row, err := b.attentionOf(ctx, g, m.Role, req.Now)
		if err != nil {
			return bot.Reply{}, err
		}
		rows = append(rows, row)
		if err := b.store.AddAudit(ctx, &bot.AuditRecord{GroupID: g.ID, ActorID: meta.User.ID, Action: "review mine", At: req.Now}); err != nil {
			return bot.Reply{}, err
		}
	}
	if len(rows) == 0 {
		return bot.PrivateText("You lead no groups here. A therapist of a group sees it in /review mine."), nil
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].less(rows[j]) })
	var sb strings.Builder
	fmt.Fprintf(&sb, "**Your groups** (%d), what needs you first at the top. Only you see this.\n", len(rows))
	for i, r := range rows {
		fmt.Fprintf(&sb, "\n%d. **%s** (%s)\n", i+1, r.group.Name, r.role)
		sb.WriteString("   " + r.text(req.Now) + "\n")
	}
	top := rows[0]
	if w := top.first(); w != "" {
		fmt.Fprintf(&sb, "\nFirst: %s in %s.", w, top.group.Name)
	} else {
		sb.WriteString("\nNothing needs you urgently.")
	}
	return bot.PrivateText(sb.String()), nil
}

// attentionOf gathers one group's row.
func (b *Bot) attentionOf(ctx context.Context, g *bot.Group, role bot.Role, now time.Time) (*groupAttention, error) {
	r := &groupAttention{group: g, role: role}
	als, err := b.store.Alerts(ctx, g.ID, true)
	if err != nil {
		return nil, err
	}
	for _, al := range als {
		r.openAlerts++
		if r.oldestAlert.IsZero() || al.RaisedAt.Before(r.oldestAlert) {
			r.oldestAlert = al.RaisedAt
		}
	}
	rp, err := b.BuildReport(ctx, g, Period{From: now.Add(-mineWindow), To: now.Add(time.Nanosecond), Words: "the last 30 days"})
	if err != nil {
		return nil, err
	}
	r.counts = rp.Totals
	for _, m := range rp.Members {
		for _, s := range rp.measuresOf(m.UserID) {
			if l := s.Latest(); l != nil && l.Change == exercises.Deteriorated {
				r.deteriorated = append(r.deteriorated, fmt.Sprintf("%s (%s)", m.Name, s.Instrument.Name))
			}
		}
	}
	if n := b.missedInARow(); n > 0 {
		streak, _, err := b.missedStreaks(ctx, g, now)
		if err != nil {
			return nil, err
		}
		for _, m := range rp.Members {
			if streak[m.UserID] >= n {
				r.missed = append(r.missed, m.Name)
			}
		}
	}
	us, err := b.unreadWrittenAnswers(ctx, g)
	if err != nil {
		return nil, err
	}
	for _, u := range us {
		r.unread += u.Count
	}
	if gc, err := b.loadCal(ctx, g.ID); err != nil {
		return nil, err
	} else if gc.cal.Session != nil {
		r.next = nextSession(gc, now)
	}
	return r, nil
}

func (r *groupAttention) text(now time.Time) string {
	var parts []string
	switch r.openAlerts {
	case 0:
		parts = append(parts, "no open alerts")
	default:
		parts = append(parts, fmt.Sprintf("**%d open safety %s**, oldest %s", r.openAlerts, pluralWord(r.openAlerts, "alert", "alerts"), r.group.FormatTimeFrom(r.oldestAlert, now)))
	}
	if r.counts.Due() == 0 {
		parts = append(parts, "nothing due in the last 30 days")
	} else {
		parts = append(parts, fmt.Sprintf("last 30 days: %d due, %s", r.counts.Due(), r.counts.RatesText()))
	}
	if len(r.deteriorated) > 0 {
		parts = append(parts, "reliable deterioration: "+strings.Join(r.deteriorated, ", "))
	}
	if len(r.missed) > 0 {
		parts = append(parts, "missing exercises in a row: "+strings.Join(r.missed, ", "))
	}
	if r.unread > 0 {
		parts = append(parts, fmt.Sprintf("%d written %s waiting", r.unread, pluralWord(r.unread, "answer", "answers")))
	}
	if !r.next.IsZero() {
		parts = append(parts, "next session "+r.group.FormatTimeFrom(r.next, now))
	}
	return strings.Join(parts, " · ")
}

// first names the one thing to do first in the group, or "".
func (r *groupAttention) first() string {
	switch {
	case r.openAlerts > 0:
		return "acknowledge the open safety alerts (/alerts list)"
	case len(r.deteriorated) > 0:
		return "follow up the reliable deterioration of " + strings.Join(r.deteriorated, ", ")
	case len(r.missed) > 0:
		return "check in privately with " + strings.Join(r.missed, ", ")
	case r.unread > 0:
		return "read the written answers waiting (/review member)"
	}
	return ""
}
