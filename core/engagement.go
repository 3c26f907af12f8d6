package core

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"groupwork/bot"
)

// DefaultMissedInARow is how many exercises a member misses in a row before
// the lead is told privately. Two: one missed check-in is ordinary life; two
// in a row in a weekly group is the point where a private word helps.
const DefaultMissedInARow = 2

// streakLookback bounds how far back a streak of missed exercises is read.
const streakLookback = 120 * 24 * time.Hour

func (b *Bot) missedInARow() int {
	if b.cfg.MissedInARow == 0 {
		return DefaultMissedInARow
	}
	return b.cfg.MissedInARow
}

// missedStreaks returns, per member, how many of the group's closed runs
// opened before to they missed in a row, counting back from the latest:
// a missed run counts, an answered, late or partial one ends the streak,
// and runs the member was not due for (excused, on leave, not yet a member,
// no consent) are passed over: they are neither missed nor answered. Open
// runs are passed over too. It also returns the titles of the runs counted.
func (b *Bot) missedStreaks(ctx context.Context, g *bot.Group, to time.Time) (map[string]int, map[string][]string, error) {
	from := to.Add(-streakLookback)
	runs, err := b.reports.Runs(ctx, g.ID, from, to)
	if err != nil {
		return nil, nil, err
	}
	parts, err := b.reports.GroupParticipation(ctx, g.ID, from, to)
	if err != nil {
		return nil, nil, err
	}
	status := map[int64]map[string]bot.Status{}
	for _, p := range parts {
		if status[p.RunID] == nil {
			status[p.RunID] = map[string]bot.Status{}
		}
		status[p.RunID][p.UserID] = p.Status
	}
	streak := map[string]int{}
	titles := map[string][]string{}
	ended := map[string]bool{}
	for i := len(runs) - 1; i >= 0; i-- {
		r := runs[i]
		if r.ClosedAt == nil {
			continue
		}
		def, err := b.definition(r)
		if err != nil {
			return nil, nil, err
		}
		if isRollCall(def) {
			continue // attendance, not between-session work
		}
		for user, st := range status[r.ID] {
			if ended[user] {
				continue
			}
			switch st {
			case bot.StatusMissed:
				streak[user]++
				titles[user] = append(titles[user], def.Title)
			case bot.StatusAnswered, bot.StatusLate, bot.StatusPartial:
				ended[user] = true
			}
		}
	}
	return streak, titles, nil
}

// engagementNotices tells the lead privately about each member whose
// missed streak reached the configured number with run r, once per streak
// (a notice key per member and run). Never the group, never the member:
// non-response is visible to the therapists only.
func (b *Bot) engagementNotices(ctx context.Context, g *bot.Group, r *bot.Run, now time.Time) error {
	n := b.missedInARow()
	if n <= 0 {
		return nil
	}
	parts, err := b.store.Participation(ctx, r.ID)
	if err != nil {
		return err
	}
	var missed []string
	for _, p := range parts {
		if p.Status == bot.StatusMissed {
			missed = append(missed, p.UserID)
		}
	}
	if len(missed) == 0 {
		return nil
	}
	streak, titles, err := b.missedStreaks(ctx, g, r.OpenedAt.Add(time.Nanosecond))
	if err != nil {
		return err
	}
	ms, err := b.store.Memberships(ctx, g.ID)
	if err != nil {
		return err
	}
	for _, uid := range missed {
		if streak[uid] != n {
			continue
		}
		if first, err := b.store.ClaimNotice(ctx, fmt.Sprintf("missed-%d-%s", r.ID, uid), now); err != nil || !first {
			if err != nil {
				return err
			}
			continue
		}
		name := displayName(ms, uid)
		text := fmt.Sprintf("**%s has not answered the last %d exercises** in %s (%s). Only you see this; the group is never told.\n"+
			"A short private message from you may help. Their record: /review member @%s.",
			name, n, g.Name, strings.Join(titles[uid], ", "), name)
		if err := b.tellLead(ctx, g, bot.Message{Text: text}); err != nil && !errors.Is(err, errNoDM) {
			return err
		}
	}
	return nil
}
