package core

import (
	"context"
	"fmt"
	"time"

	"groupwork/bot"
	"groupwork/exercises"
)

// "I need more time" for the answer window: in the last hours before an
// exercise closes, a member who is still answering may ask, once, for one
// more day. Their answers until then count as on time, not late; everyone
// else's window is unchanged, and the run still closes for the group (its
// digest and results) at its own time. Until the member answers, the
// record says what it says for anyone at the close (missed or partial);
// their answer within the extra day then makes it answered.

const (
	kindMoreWindow = "morew" // Ref=run

	// moreWindowFrom is how long before the close the button is offered;
	// moreWindow is how much more time it gives.
	moreWindowFrom = 12 * time.Hour
	moreWindow     = 24 * time.Hour
)

// loadExtension reads the member's extension when it can matter (near or
// after the close), and answers within it are not late.
func (b *Bot) loadExtension(ctx context.Context, a *answerer, now time.Time) error {
	if a.def.AnsweredBy != exercises.AnsweredByEachMember || now.Before(a.run.ClosesAt.Add(-moreWindowFrom)) {
		return nil
	}
	ext, err := b.store.WindowExtensions(ctx, a.run.ID)
	if err != nil {
		return err
	}
	a.extendedUntil = ext[a.member.UserID]
	if a.late && now.Before(a.extendedUntil) && (a.run.ClosedAt == nil || !a.run.ClosedAt.Before(a.run.ClosesAt)) {
		a.late = false // their own window is open (a run stopped early by a therapist stays closed)
	}
	return nil
}

// withMoreWindow says when the member's window closes and, in its last
// hours, offers one more day.
func (b *Bot) withMoreWindow(a *answerer, m bot.Message) bot.Message {
	now := b.clock.Now()
	if a.def.AnsweredBy != exercises.AnsweredByEachMember || a.late {
		return m
	}
	if !a.extendedUntil.IsZero() {
		m.Text += fmt.Sprintf("\n_You have until %s._", a.group.FormatTimeFrom(a.extendedUntil, now))
		return m
	}
	if now.Before(a.run.ClosesAt.Add(-moreWindowFrom)) || !a.run.Open(now) {
		return m
	}
	buttons := 0
	for _, bl := range m.Blocks {
		if bs, ok := bl.(*bot.Buttons); ok {
			buttons += len(bs.Choices)
		}
	}
	if buttons >= 20 {
		return m
	}
	m.Text += fmt.Sprintf("\n_This exercise closes %s. If you need more time, you can have one more day._", a.group.FormatTimeFrom(a.run.ClosesAt, now))
	m.Blocks = append(m.Blocks, &bot.Buttons{Choices: []bot.Choice{
		{ID: bot.CustomID{Kind: kindMoreWindow, Ref: a.run.ID}.String(), Label: "I need more time", Style: "secondary"}}})
	return m
}

// actMoreWindow gives the member one more day, once, before the close.
func (b *Bot) actMoreWindow(ctx context.Context, req *bot.Request, id bot.CustomID) (bot.Reply, error) {
	a, err := b.gate(ctx, req, id.Ref)
	if err != nil {
		return bot.Reply{}, err
	}
	switch {
	case a.def.AnsweredBy != exercises.AnsweredByEachMember:
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "This is answered by the group together, so it has no time of your own.")
	case !a.extendedUntil.IsZero():
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "You already have until %s. Take your time.", a.group.FormatTimeFrom(a.extendedUntil, req.Now))
	case !a.run.Open(req.Now):
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "This exercise has closed. You can still answer; your answer is marked late.")
	}
	until := a.run.ClosesAt.Add(moreWindow)
	if err := b.store.ExtendWindow(ctx, a.run.ID, a.member.UserID, until); err != nil {
		return bot.Reply{}, err
	}
	a.extendedUntil = until
	answers, err := b.userAnswers(ctx, a.run.ID, a.member.UserID)
	if err != nil {
		return bot.Reply{}, err
	}
	note := fmt.Sprintf("You have until %s. Take your time.", a.group.FormatTimeFrom(until, req.Now))
	return b.screenReply(a, answers, []string{note}, true), nil
}
