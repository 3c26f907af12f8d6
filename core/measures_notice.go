package core

import (
	"context"
	"errors"
	"fmt"
	"time"

	"groupwork/bot"
	"groupwork/exercises"
)

// measureComplete reports whether answers complete the run's questionnaire
// (false for exercises without one). save calls it before and after an
// answer, so that only the answer that completes it triggers the check.
func measureComplete(def *exercises.Definition, answers map[string]exercises.Answer) bool {
	return def.Instrument != nil && def.Instrument.Score(answers).Complete
}

// afterMeasure runs when an answer has just completed a member's
// questionnaire. It compares the result with the member's previous complete
// result of the same instrument in this group; a reliable deterioration
// sends the lead a private, non-urgent notice. It is not a safety alert: a
// worse score is a reason to follow up, and item rules (PHQ-9 item 9) are
// the alerts. Failures are logged: the member's answer is saved regardless.
func (b *Bot) afterMeasure(ctx context.Context, a *answerer, answers map[string]exercises.Answer) {
	in := a.def.Instrument
	cur := in.Score(answers)
	prev, at, err := b.previousMeasure(ctx, a)
	if err != nil {
		b.log.Error("previous questionnaire", "group", a.group.ID, "run", a.run.ID, "err", err)
		return
	}
	if prev == nil || in.ChangeBetween(prev.Total, cur.Total) != exercises.Deteriorated {
		return
	}
	// Once per member and run, whatever happens to the answers after.
	if first, err := b.store.ClaimNotice(ctx, fmt.Sprintf("deteriorated-%d-%s", a.run.ID, a.member.UserID), b.clock.Now()); err != nil || !first {
		if err != nil {
			b.log.Error("claim deterioration notice", "group", a.group.ID, "run", a.run.ID, "err", err)
		}
		return
	}
	name, err := b.memberName(ctx, a)
	if err != nil {
		b.log.Error("member name", "group", a.group.ID, "err", err)
		return
	}
	text := fmt.Sprintf("**Questionnaire: reliable deterioration** in **%s**\n"+
		"%s's %s is %d (%s), %s from %d (%s) on %s: a change of %+d, at least the reliable-change threshold of %d.\n"+
		"This is not a safety alert; it is here so that you can follow it up. Details: /review member @%s in the group's channel.",
		a.group.Name, name, in.Name, cur.Total, cur.Band, directionWord(cur.Total-prev.Total), prev.Total, prev.Band,
		at.In(a.group.Location()).Format("Mon 2 Jan"), cur.Total-prev.Total, in.ReliableChange, name)
	if err := b.tellLead(ctx, a.group, bot.Message{Text: text}); err != nil && !errors.Is(err, errNoDM) {
		b.log.Error("deterioration notice", "group", a.group.ID, "run", a.run.ID, "err", err)
	}
}

func directionWord(delta int) string {
	if delta > 0 {
		return "up"
	}
	return "down"
}

// previousMeasure returns the member's last complete result of the same
// instrument (same wording and scoring) from an earlier run of the group,
// and when they answered it; nil when there is none.
func (b *Bot) previousMeasure(ctx context.Context, a *answerer) (*exercises.InstrumentScore, time.Time, error) {
	runs, err := b.reports.Runs(ctx, a.group.ID, time.Time{}, a.run.OpenedAt)
	if err != nil {
		return nil, time.Time{}, err
	}
	fp := a.def.Instrument.Fingerprint()
	for i := len(runs) - 1; i >= 0; i-- {
		r := runs[i]
		if r.ID == a.run.ID || r.ExerciseID != a.run.ExerciseID {
			continue
		}
		def, err := b.definition(r)
		if err != nil {
			return nil, time.Time{}, err
		}
		if def.Instrument == nil || def.Instrument.Fingerprint() != fp {
			continue
		}
		recs, err := b.store.Answers(ctx, r.ID, a.member.UserID)
		if err != nil {
			return nil, time.Time{}, err
		}
		got := map[string]exercises.Answer{}
		var at time.Time
		for _, rec := range recs {
			got[rec.StepID] = rec.Answer
			if rec.AnsweredAt.After(at) {
				at = rec.AnsweredAt
			}
		}
		if res := def.Instrument.Score(got); res.Complete {
			return &res, at, nil
		}
	}
	return nil, time.Time{}, nil
}

// memberName is the member's display name in the group.
func (b *Bot) memberName(ctx context.Context, a *answerer) (string, error) {
	names, err := b.names(ctx, a.group.ID)
	if err != nil {
		return "", err
	}
	return orWord(names[a.member.UserID], "a member"), nil
}
