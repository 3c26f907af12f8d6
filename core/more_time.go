package core

import (
	"context"
	"fmt"
	"time"

	"groupwork/bot"
)

// "I need more time": on a level with a time limit, every screen of the
// task says how long it may take and offers the member more time, half the
// limit again, up to twice. The extra time is recorded with the try, so a
// try within its extended limit is not counted as over time, and the
// review says that extra time was asked for. Nothing about it is shown to
// the group.

const (
	kindMoreTime  = "more" // Ref=run
	maxExtensions = 2
)

// timeLimit is the limit of the member's level, 0 when none or done.
func timeLimit(a *answerer) time.Duration {
	if a.level == nil || a.level.attempt.FinishedAt != nil || a.def.Level < 1 || a.def.Level > len(a.def.Levels) {
		return 0
	}
	return a.def.Levels[a.def.Level-1].TimeLimit
}

// withMoreTime adds the time line and the button to a task's screen, when
// its level has a time limit and the button fits (Discord shows at most 25).
func withMoreTime(a *answerer, m bot.Message) bot.Message {
	limit := timeLimit(a)
	if limit == 0 {
		return m
	}
	extra := a.level.attempt.Extra
	m.Text += fmt.Sprintf("\n_Take up to %s for this task", spokenDuration(limit+extra))
	if extra > 0 {
		m.Text += ", with the extra time you asked for"
	}
	m.Text += "._"
	buttons := 0
	for _, b := range m.Blocks {
		if bs, ok := b.(*bot.Buttons); ok {
			buttons += len(bs.Choices)
		}
	}
	if extra < maxExtensions*(limit/2) && buttons < 20 {
		m.Blocks = append(m.Blocks, &bot.Buttons{Choices: []bot.Choice{
			{ID: bot.CustomID{Kind: kindMoreTime, Ref: a.run.ID}.String(), Label: "I need more time", Style: "secondary"}}})
	}
	return m
}

// actMoreTime gives the member half the limit again and shows their screen.
func (b *Bot) actMoreTime(ctx context.Context, req *bot.Request, id bot.CustomID) (bot.Reply, error) {
	a, err := b.gate(ctx, req, id.Ref)
	if err != nil {
		return bot.Reply{}, err
	}
	limit := timeLimit(a)
	if limit == 0 {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "This task has no time limit: take all the time you need.")
	}
	if a.level.attempt.Extra >= maxExtensions*(limit/2) {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "You already have all the extra time there is. Take your time: it is fine to finish late.")
	}
	if err := b.store.ExtendAttempt(ctx, a.run.ID, a.member.UserID, limit/2); err != nil {
		return bot.Reply{}, err
	}
	a.level.attempt.Extra += limit / 2
	answers, err := b.userAnswers(ctx, a.run.ID, a.member.UserID)
	if err != nil {
		return bot.Reply{}, err
	}
	note := fmt.Sprintf("You have %s more. Take your time.", spokenDuration(limit/2))
	return b.screenReply(a, answers, []string{note}, true), nil
}

// spokenDuration says a short time exactly: "90 seconds", "3 minutes",
// "2 minutes 15 seconds".
func spokenDuration(d time.Duration) string {
	d = d.Round(time.Second)
	m, sec := int(d/time.Minute), int(d%time.Minute/time.Second)
	switch {
	case m < 2:
		return fmt.Sprintf("%d seconds", int(d/time.Second))
	case sec == 0:
		return fmt.Sprintf("%d minutes", m)
	}
	return fmt.Sprintf("%d minutes %d seconds", m, sec)
}
