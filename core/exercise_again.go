package core

import (
	"context"
	"fmt"

	"groupwork/bot"
)

// kindStartAgain confirms /exercise start of an exercise that is already
// open: Ref = the open run, Value = again (a second run beside it), replace
// (close the open one, then start) or no.
const kindStartAgain = "again"

// askIfOpen returns a confirmation when the group already has an open run
// of the exercise: a second prompt in the channel is easily a mistake, and
// members would not know which one to answer.
func (b *Bot) askIfOpen(ctx context.Context, g *bot.Group, exerciseID string) (bot.Reply, bool, error) {
	def, ok := b.lib.Get(exerciseID)
	if !ok {
		return bot.Reply{}, false, nil // StartRun says so
	}
	if ended, err := b.groupEnded(ctx, g.ID); err != nil || ended {
		return bot.Reply{}, false, err // StartRun refuses
	}
	runs, err := b.store.OpenRuns(ctx, g.ID)
	if err != nil {
		return bot.Reply{}, false, err
	}
	for _, r := range runs {
		if r.ExerciseID != def.ID || !b.clock.Now().Before(r.ClosesAt) {
			continue // its window is over: the scheduler closes it on its next pass
		}
		m := bot.Message{
			Text: fmt.Sprintf("**%s** is already open in this group (run %d, until %s). Members answer it from its post.\nStart another one anyway?",
				def.Title, r.ID, g.FormatTimeFrom(r.ClosesAt, b.clock.Now())),
			Blocks: []bot.Block{&bot.Buttons{Choices: []bot.Choice{
				{ID: bot.CustomID{Kind: kindStartAgain, Ref: r.ID, Value: "no"}.String(), Label: "Keep the open one", Style: "primary"},
				{ID: bot.CustomID{Kind: kindStartAgain, Ref: r.ID, Value: "replace"}.String(), Label: "Close it and start a new one", Style: "secondary"},
				{ID: bot.CustomID{Kind: kindStartAgain, Ref: r.ID, Value: "again"}.String(), Label: "Start a second one", Style: "secondary"},
			}}},
		}
		return bot.Reply{Message: &m, Private: true}, true, nil
	}
	return bot.Reply{}, false, nil
}

// actStartAgain carries out the therapist's answer to askIfOpen. Buttons
// carry no authority: the presser must be a therapist of the run's group.
func (b *Bot) actStartAgain(ctx context.Context, req *bot.Request, id bot.CustomID) (bot.Reply, error) {
	run, err := b.store.Run(ctx, id.Ref)
	if err != nil {
		return bot.Reply{}, err
	}
	g, err := b.store.Group(ctx, run.GroupID)
	if err != nil {
		return bot.Reply{}, err
	}
	meta := req.Event.Meta()
	m, err := b.store.Membership(ctx, g.ID, meta.User.ID)
	if g.Platform != meta.Place.Platform || bot.ErrorCode(err) == bot.ENotFound || (err == nil && !m.Role.Therapist()) {
		return bot.Reply{}, bot.Errorf(bot.EForbidden, "Only this group's therapists can start exercises.")
	}
	if err != nil {
		return bot.Reply{}, err
	}
	switch id.Value {
	case "again":
	case "replace":
		if err := b.CloseRun(ctx, run); err != nil {
			return bot.Reply{}, err
		}
	default:
		return bot.Reply{Message: &bot.Message{Text: "Nothing new was started; the open one stays open."}, Private: true, Update: true}, nil
	}
	nr, err := b.StartRun(ctx, g, run.ExerciseID, m.UserID)
	if err != nil {
		return bot.Reply{}, err
	}
	def, err := b.definition(nr)
	if err != nil {
		return bot.Reply{}, err
	}
	text := fmt.Sprintf("Started **%s** (run %d). It is open until %s.", def.Title, nr.ID, g.FormatTimeFrom(nr.ClosesAt, req.Now))
	if id.Value == "replace" {
		text = fmt.Sprintf("Closed run %d and started a new one. ", run.ID) + text
	}
	return bot.Reply{Message: &bot.Message{Text: text}, Private: true, Update: true}, nil
}
