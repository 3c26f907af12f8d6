package core

import (
	"context"
	"time"

	"groupwork/exercises"
)

// noEarlierAnswer stands in for an earlier answer the member does not have
// (they missed goal-set, or joined since): plain, and not a reproach.
const noEarlierAnswer = "(you did not write one last time)"

// earlierAnswers loads the member's own latest answer to every step the
// exercise's texts refer to ({earlier goal-set.goal}): from the most recent
// earlier run of that exercise in this group that has an answer to the step
// which was not skipped. The answers are the member's, shown only on their
// private screen. Nil when the exercise refers to none.
func (b *Bot) earlierAnswers(ctx context.Context, a *answerer) (map[exercises.EarlierRef]string, error) {
	if err := b.loadAssigned(ctx, a); err != nil {
		return nil, err
	}
	refs := a.def.EarlierRefs()
	if len(refs) == 0 {
		return nil, nil
	}
	runs, err := b.reports.Runs(ctx, a.group.ID, a.run.OpenedAt.AddDate(-1, 0, 0), a.run.OpenedAt)
	if err != nil {
		return nil, err
	}
	out := map[exercises.EarlierRef]string{}
	for _, r := range refs {
		for i := len(runs) - 1; i >= 0; i-- {
			run := runs[i]
			if run.ExerciseID != r.Exercise || run.ID == a.run.ID {
				continue
			}
			def, err := b.definition(run)
			if err != nil {
				return nil, err
			}
			st, ok := def.Step(r.Step)
			if !ok || st.Kind != exercises.StepAsk {
				continue
			}
			recs, err := b.store.Answers(ctx, run.ID, a.member.UserID)
			if err != nil {
				return nil, err
			}
			found := false
			for _, rec := range recs {
				if rec.StepID == r.Step && !rec.Answer.Skipped {
					out[r] = earlierWords(st, rec.Answer)
					found = true
				}
			}
			if found {
				break
			}
		}
	}
	return out, nil
}

// earlierWords is an earlier answer as the member sees it in a text: their
// words in quotes, a choice or a rating as it was.
func earlierWords(st *exercises.Step, ans exercises.Answer) string {
	if st.Answer == exercises.AnswerText {
		return exercises.QuoteEarlier(ans.Text)
	}
	ans.Shared = false
	return AnswerText(st, ans)
}

// assignedWindow is how far back the session plan is read for what the
// therapist set for a member ({assigned homework}): the last two weekly
// sessions before the run opened.
const assignedWindow = 14 * 24 * time.Hour

// loadAssigned reads what the therapist set for the member at the last
// session, when the exercise shows it ({assigned homework}). Without a
// session plan (Config.SessionPlans) there is nothing, and those lines are
// left out of the member's screen.
func (b *Bot) loadAssigned(ctx context.Context, a *answerer) error {
	names := a.def.AssignedRefs()
	if len(names) == 0 || b.cfg.SessionPlans == nil {
		return nil
	}
	p, err := b.cfg.SessionPlans.SessionPlan(ctx, a.group.ID, a.member.UserID, a.run.OpenedAt.Add(-assignedWindow), a.run.OpenedAt)
	if err != nil || p == nil {
		return err
	}
	a.assigned = map[string]string{}
	if p.Homework != "" {
		a.assigned[exercises.AssignedHomework] = exercises.QuoteEarlier(p.Homework)
	}
	if p.Expected != "" {
		a.assigned[exercises.AssignedExpected] = exercises.QuoteEarlier(p.Expected)
	}
	return nil
}

// fillEarlier puts the member's earlier answers, and what the therapist
// set for them, into texts.
func (a *answerer) fillEarlier(texts []string) []string {
	if len(texts) == 0 || (len(a.def.EarlierRefs()) == 0 && len(a.def.AssignedRefs()) == 0) {
		return texts
	}
	out := make([]string, len(texts))
	for i, t := range texts {
		t = exercises.FillEarlier(t, func(r exercises.EarlierRef) (string, bool) {
			s, ok := a.earlier[r]
			return s, ok
		}, noEarlierAnswer)
		out[i] = exercises.FillAssigned(t, func(name string) (string, bool) {
			s, ok := a.assigned[name]
			return s, ok
		})
	}
	return out
}
