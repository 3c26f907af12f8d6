package core

import (
	"context"
	"fmt"
	"strings"
	"time"

	"groupwork/bot"
	"groupwork/exercises"
)

// Levelled exercises (issue 13). A member plays a levelled exercise at
// their current level in its family, in an alternate form they have not
// seen for longest. The first time they open a run fixes both (the
// attempt); every later screen of that run is read against them, so a
// level change mid-run never changes the list they are recalling. When the
// scored steps are answered the attempt is scored, with the time it took,
// and the progression rule may move the member for next time, unless a
// therapist locked their level.

// attemptState is what the answerer knows about a levelled run.
type attemptState struct {
	attempt    *bot.Attempt
	top        int  // how many levels the exercise has
	showScores bool // the group lets members see raw scores
	move       int  // set when this answer moved the member: +1 up, -1 down
}

// playAtLevel turns a.def into the exercise at the member's level and form
// for this run, starting their attempt the first time. It does nothing for
// an exercise without levels.
func (b *Bot) playAtLevel(ctx context.Context, a *answerer, now time.Time) error {
	if !a.def.Levelled() {
		return nil
	}
	family := a.def.FamilyID()
	past, err := b.store.Attempts(ctx, a.group.ID, a.member.UserID, family)
	if err != nil {
		return err
	}
	var att *bot.Attempt
	for _, p := range past {
		if p.RunID == a.run.ID {
			att = p
		}
	}
	if att == nil {
		ml, err := b.memberLevel(ctx, a.group.ID, a.member.UserID, family)
		if err != nil {
			return err
		}
		level := min(ml.Level, len(a.def.Levels))
		var seen []exercises.FormSeen
		for _, p := range past {
			if p.Level == level {
				seen = append(seen, exercises.FormSeen{Form: p.Form, At: p.StartedAt})
			}
		}
		form := exercises.PickForm(a.def.Forms(level), seen)
		att, err = b.store.StartAttempt(ctx, &bot.Attempt{RunID: a.run.ID, UserID: a.member.UserID, Family: family, Level: level, Form: form, StartedAt: now})
		if err != nil {
			return err
		}
	}
	show, err := b.store.ShowScores(ctx, a.group.ID)
	if err != nil {
		return err
	}
	a.level = &attemptState{attempt: att, top: len(a.def.Levels), showScores: show}
	a.def = a.def.AtLevel(att.Level, att.Form)
	return nil
}

// memberLevel returns the member's level in a family: level 1, unlocked,
// when nothing was recorded yet.
func (b *Bot) memberLevel(ctx context.Context, groupID int64, userID, family string) (*bot.MemberLevel, error) {
	ls, err := b.store.MemberLevels(ctx, groupID, userID)
	if err != nil {
		return nil, err
	}
	for _, l := range ls {
		if l.Family == family {
			return l, nil
		}
	}
	return &bot.MemberLevel{GroupID: groupID, UserID: userID, Family: family, Level: 1}, nil
}

// finishLevelled scores the attempt once every scored step has an answer,
// and applies the progression rule. It runs after each saved answer.
func (b *Bot) finishLevelled(ctx context.Context, a *answerer, answers map[string]exercises.Answer, now time.Time) error {
	if a.level == nil || a.level.attempt.FinishedAt != nil {
		return nil
	}
	for _, st := range a.def.AskSteps() {
		if _, ok := answers[st.ID]; st.Scored() && !ok {
			return nil
		}
	}
	pts, max := 0, 0
	for _, s := range a.def.Score(answers) {
		pts, max = pts+s.Points, max+s.Max
	}
	att := a.level.attempt
	if err := b.store.FinishAttempt(ctx, att.RunID, att.UserID, pts, max, now); err != nil {
		return err
	}
	att.FinishedAt, att.Points, att.Max = &now, pts, max
	return b.progress(ctx, a, now)
}

// progress applies the exercise's progression rule to the member's
// finished attempts at their level since it last changed.
func (b *Bot) progress(ctx context.Context, a *answerer, now time.Time) error {
	att := a.level.attempt
	ml, err := b.memberLevel(ctx, a.group.ID, a.member.UserID, att.Family)
	if err != nil {
		return err
	}
	if ml.Locked || ml.Level != att.Level {
		return nil // a therapist's lock, or a level set while this run was open
	}
	all, err := b.store.Attempts(ctx, a.group.ID, a.member.UserID, att.Family)
	if err != nil {
		return err
	}
	var recent []exercises.Result
	for _, p := range all {
		if p.Level == ml.Level && p.FinishedAt != nil && !p.FinishedAt.Before(ml.UpdatedAt) && p.Max > 0 {
			recent = append(recent, b.result(a.def, p))
		}
	}
	next, why := a.def.Progression.Next(ml.Level, a.level.top, recent)
	if next == ml.Level {
		return nil
	}
	ml.Level, ml.SetBy, ml.Reason, ml.UpdatedAt = next, "", why, now
	if err := b.store.SetMemberLevel(ctx, ml); err != nil {
		return err
	}
	a.level.move = next - att.Level
	return nil
}

// result is an attempt as the progression rule reads it.
func (b *Bot) result(def *exercises.Definition, p *bot.Attempt) exercises.Result {
	r := exercises.Result{Points: p.Points, Max: p.Max}
	if p.Level >= 1 && p.Level <= len(def.Levels) && p.FinishedAt != nil {
		if limit := def.Levels[p.Level-1].TimeLimit; limit > 0 {
			r.OverTime = p.FinishedAt.Sub(p.StartedAt) > limit+p.Extra // more_time.go
		}
	}
	return r
}

// writeScores writes the end of an exercise's scores for the member. In a
// levelled exercise the member sees where they are ("level 3 of 6") and,
// when it changed, where they go next, in encouraging words; the points
// only when a therapist has chosen to show them (/level scores).
func (b *Bot) writeScores(sb *strings.Builder, a *answerer, answers map[string]exercises.Answer) {
	if a.level == nil {
		for _, s := range a.def.Score(answers) {
			fmt.Fprintf(sb, "- %s\n", s.Label)
		}
		return
	}
	att := a.level.attempt
	fmt.Fprintf(sb, "You practised at level %d of %d.\n", att.Level, a.level.top)
	if a.level.showScores {
		for _, s := range a.def.Score(answers) {
			fmt.Fprintf(sb, "- %s\n", s.Label)
		}
	}
	switch {
	case a.level.move > 0:
		fmt.Fprintf(sb, "You have been doing well at this level, so next time it will be a little harder: level %d of %d.\n", att.Level+a.level.move, a.level.top)
	case a.level.move < 0:
		fmt.Fprintf(sb, "Next time it will be a little easier: level %d of %d. Practising at the right level is what helps.\n", att.Level+a.level.move, a.level.top)
	}
}

// MyDataLevel is one of the member's levels, in /mydata.
type MyDataLevel struct {
	Family string    `json:"family"`
	Level  int       `json:"level"`
	Locked bool      `json:"locked,omitempty"`
	Reason string    `json:"reason,omitempty"`
	Since  time.Time `json:"since"`
}

// myLevels adds the member's levels to their /mydata export and returns
// their attempts by run, so that each answer is shown with the items the
// member was actually given.
func (b *Bot) myLevels(ctx context.Context, g *bot.Group, userID string, exp *MyDataExport) (map[int64]*bot.Attempt, error) {
	mls, err := b.store.MemberLevels(ctx, g.ID, userID)
	if err != nil {
		return nil, err
	}
	for _, l := range mls {
		exp.Levels = append(exp.Levels, MyDataLevel{Family: l.Family, Level: l.Level, Locked: l.Locked, Reason: l.Reason, Since: l.UpdatedAt})
	}
	atts, err := b.store.Attempts(ctx, g.ID, userID, "")
	if err != nil {
		return nil, err
	}
	out := make(map[int64]*bot.Attempt, len(atts))
	for _, a := range atts {
		out[a.RunID] = a
	}
	return out, nil
}
