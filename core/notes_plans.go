package core

import (
	"context"
	"strings"
	"time"
)

// livePlans gives progress notes and the pre-session brief the live hour's
// record (live_plan.go, live_notes.go): the goals and activities of the
// sessions planned in the period, and the therapist's session notes about the
// member, as written (a replaced note is left out). It is the default
// Config.SessionPlans. Homework and expected goal levels have no store yet:
// they stay empty.
type livePlans struct{ b *Bot }

func (l livePlans) SessionPlan(ctx context.Context, groupID int64, userID string, from, to time.Time) (*SessionPlan, error) {
	plans, err := l.b.store.SessionPlans(ctx, groupID, from, to)
	if err != nil {
		return nil, err
	}
	notes, err := l.b.store.SessionNotes(ctx, groupID, userID)
	if err != nil {
		return nil, err
	}
	var p SessionPlan
	var goals, done []string
	for _, sp := range plans {
		if sp.Goal != "" {
			g := sp.Goal
			if sp.GoalMet != "" {
				g += " (goal met: " + string(sp.GoalMet) + ")"
			}
			goals = append(goals, g)
		}
		var parts []string
		if sp.Topic != "" {
			parts = append(parts, "topic: "+sp.Topic)
		}
		if sp.GoAround != "" {
			parts = append(parts, "a go-around")
		}
		for _, id := range append(append([]string(nil), sp.Exercises...), sp.Activity) {
			if d, ok := l.b.lib.Get(id); ok && id != "" {
				parts = append(parts, d.Title)
			}
		}
		if len(parts) > 0 {
			done = append(done, strings.Join(parts, ", "))
		}
	}
	for _, n := range notes {
		if n.ReplacedAt == nil && !n.At.Before(from) && n.At.Before(to) {
			p.Notes = append(p.Notes, n.Text)
		}
	}
	if len(goals) == 0 && len(done) == 0 && len(p.Notes) == 0 {
		return nil, nil
	}
	p.Goal = strings.Join(goals, "; ")
	p.Intervention = strings.Join(done, "; ")
	return &p, nil
}
