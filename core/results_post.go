package core

import (
	"context"
	"fmt"

	"groupwork/bot"
	"groupwork/exercises"
)

// postResults posts a closed run's results into the group's channel, unless
// the group has ended (an ended group hears nothing more). It is the one
// place results reach a channel; it records where they were posted.
func (b *Bot) postResults(ctx context.Context, g *bot.Group, run *bot.Run, def *exercises.Definition) error {
	ended, err := b.groupEnded(ctx, g.ID)
	if err != nil {
		return err
	}
	if ended {
		b.log.Info("results not posted: the group has ended", "group", g.ID, "run", run.ID)
		return nil
	}
	text, err := b.groupResults(ctx, run, def)
	if err != nil {
		return err
	}
	a, err := b.adapter(g.Platform)
	if err != nil {
		return err
	}
	m := bot.Message{Text: text, Key: fmt.Sprintf("close-%d", run.ID)}
	var refs []bot.MessageRef
	if pp, ok := a.(bot.PartsPoster); ok {
		refs, err = pp.PostParts(ctx, g.ChannelID, m)
	} else {
		var ref bot.MessageRef
		ref, err = a.Post(ctx, g.ChannelID, m)
		refs = []bot.MessageRef{ref}
	}
	if err != nil {
		return fmt.Errorf("post results of run %d: %w", run.ID, err)
	}
	b.boardFromRun(ctx, g, run, def) // shared strategies join the board (strategy.go)
	if len(refs) == 0 {
		return nil
	}
	// Recorded so that /forgetme can edit a member's shared answers out.
	// Without the record the erasure tells the member and the lead instead.
	p := &bot.ResultPost{RunID: run.ID, Ref: refs[len(refs)-1], Earlier: refs[:len(refs)-1], PostedAt: b.clock.Now()}
	if err := b.store.SetResultPost(ctx, p); err != nil {
		b.log.Warn("record results post", "group", g.ID, "run", run.ID, "err", err)
	}
	return nil
}
