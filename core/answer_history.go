package core

import (
	"context"
	"strings"
	"time"

	"groupwork/bot"
	"groupwork/exercises"
)

// answerKey names one answer: a run, a member, a step.
type answerKey struct {
	run        int64
	user, step string
}

// changes groups versions by answer, keeping answers with two or more.
func changes(versions []*bot.AnswerRecord) map[answerKey][]*bot.AnswerRecord {
	out := map[answerKey][]*bot.AnswerRecord{}
	for _, v := range versions {
		k := answerKey{v.RunID, v.UserID, v.StepID}
		out[k] = append(out[k], v)
	}
	for k, vs := range out {
		if len(vs) < 2 {
			delete(out, k)
		}
	}
	return out
}

// alertWhat is an alert's reason followed by the answer that raised it
// (alertValue), for the therapist's lists and reviews.
func (b *Bot) alertWhat(ctx context.Context, g *bot.Group, al *bot.SafetyAlert) string {
	if v := b.alertValue(ctx, g, al); v != "" {
		return al.Reason + " — " + v
	}
	return al.Reason
}

// alertValue renders the version of the answer that raised an alert, as it
// was then, even if the member changed it since: a rating or the options
// chosen. A written answer is never quoted: the alert says when it was
// given, and the review shows it. "" when the answer is unknown (alerts
// raised before versions were kept) or erased; a read error is logged and
// also gives "", since the alert itself must still be shown.
func (b *Bot) alertValue(ctx context.Context, g *bot.Group, al *bot.SafetyAlert) string {
	if al.AnswerVersion == 0 {
		return ""
	}
	v, err := b.store.AnswerVersion(ctx, al.AnswerVersion)
	if err != nil {
		if bot.ErrorCode(err) == bot.ENotFound {
			return "the answer that raised it was erased"
		}
		b.log.Error("alert answer", "group", g.ID, "alert", al.ID, "err", err)
		return ""
	}
	run, err := b.store.Run(ctx, v.RunID)
	if err != nil {
		b.log.Error("alert answer run", "group", g.ID, "alert", al.ID, "err", err)
		return ""
	}
	def, err := b.definition(run)
	if err != nil {
		b.log.Error("alert answer definition", "group", g.ID, "alert", al.ID, "err", err)
		return ""
	}
	st, ok := def.Step(v.StepID)
	if !ok {
		return ""
	}
	if st.Answer == exercises.AnswerText {
		return "raised by the written answer given " + g.FormatTimeFrom(v.AnsweredAt, b.clock.Now()) + " (not quoted here)"
	}
	return "the answer that raised it: " + AnswerText(st, v.Answer)
}

// changeText renders how an answer changed, oldest version first, e.g.
// "changed from 1 of 10 to 8 of 10 at Tue 4 Nov, 18:05" or, after several
// changes, "… to 5 of 10 at …, then to 8 of 10 at …". format renders a
// version's answer, at its time.
func changeText(versions []*bot.AnswerRecord, format func(exercises.Answer) string, at func(time.Time) string) string {
	if len(versions) < 2 {
		return ""
	}
	var sb strings.Builder
	sb.WriteString("changed from " + format(versions[0].Answer))
	for i, v := range versions[1:] {
		if i > 0 {
			sb.WriteString(", then")
		}
		sb.WriteString(" to " + format(v.Answer) + " at " + at(v.AnsweredAt))
	}
	return sb.String()
}

// changeNote is " — changed from … at …" for a member's changed answer to
// a step of a report's run ("" when it never changed).
func (rp *Report) changeNote(runID int64, userID string, st *exercises.Step) string {
	vs := rp.history[answerKey{runID, userID, st.ID}]
	if len(vs) < 2 {
		return ""
	}
	return " — " + changeText(vs, func(a exercises.Answer) string { return AnswerText(st, a) }, func(t time.Time) string { return rp.Group.FormatTimeFrom(t, rp.GeneratedAt) })
}

// exportChanges fills the export's account of a changed answer.
func (rp *Report) exportChanges(ea *ExportAnswer, a *bot.AnswerRecord, st *exercises.Step, ts func(time.Time) string) {
	vs := rp.history[answerKey{a.RunID, a.UserID, a.StepID}]
	if len(vs) < 2 {
		return
	}
	plain := func(a exercises.Answer) string {
		switch {
		case a.Skipped:
			return "(skipped)"
		case st.Answer == exercises.AnswerText:
			return "“" + a.Text + "”"
		}
		return plainAnswer(st, a)
	}
	ea.Changes = changeText(vs, plain, ts)
	for _, v := range vs {
		ev := ExportVersion{Answer: plainAnswer(st, v.Answer), Skipped: v.Answer.Skipped, AnsweredAt: ts(v.AnsweredAt), Late: v.Late}
		if st.Answer == exercises.AnswerScale && !v.Answer.Skipped {
			n := v.Answer.Scale
			ev.Scale = &n
		}
		ea.Versions = append(ea.Versions, ev)
	}
}
