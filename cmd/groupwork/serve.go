package main

import (
	"context"
	"errors"
	"log/slog"

	"groupwork/bot"
	"groupwork/config"
)

// serve connects the configured platforms and runs until ctx ends.
func serve(ctx context.Context, cfg *config.Config, b *bot.Bot, log *slog.Logger) error {
	return errors.New("the Discord adapter is not part of this build yet")
}
