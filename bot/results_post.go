package bot

import (
	"context"
	"fmt"

	"groupwork/exercises"
)

// postResults posts a closed run's results into the group's channel, unless
// the group has ended (an ended group hears nothing more). It is the one
// place results reach a channel.
func (b *Bot) postResults(ctx context.Context, g *Group, run *Run, def *exercises.Definition) error {
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
	if _, err := a.Post(ctx, g.ChannelID, Message{Text: text, Key: fmt.Sprintf("close-%d", run.ID)}); err != nil {
		return fmt.Errorf("post results of run %d: %w", run.ID, err)
	}
	return nil
}
