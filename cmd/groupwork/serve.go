package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"groupwork/adapters/discord"
	"groupwork/config"
	"groupwork/core"
)

// serve connects the configured platforms, runs the scheduler, and blocks
// until ctx ends or an adapter fails for good.
func serve(ctx context.Context, cfg *config.Config, b *core.Bot, log *slog.Logger) error {
	a, err := discord.New(discord.Config{
		Token:         cfg.Discord.Token,
		ApplicationID: cfg.Discord.ApplicationID,
		GuildIDs:      cfg.Discord.GuildIDs,
		BaseURL:       cfg.Discord.BaseURL,
	}, log) // the adapter names itself: component=discord
	if err != nil {
		return err
	}
	a.SetCommands(b.Router().Specs(), b.Complete)
	b.AddAdapter(a)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	schedDone := make(chan error, 1)
	if down := b.Unavailable(); down != nil {
		schedDone <- nil // no store, no schedules: only /crisis is served
		log.Warn("groupwork running without its database: only /crisis works", "platforms", "discord", "err", down)
	} else {
		go func() { schedDone <- b.Scheduler().Run(ctx) }()
		log.Info("groupwork running", "platforms", "discord", "guilds", len(cfg.Discord.GuildIDs))
	}
	err = a.Run(ctx, b)
	cancel()
	if serr := <-schedDone; serr != nil && !errors.Is(serr, context.Canceled) {
		err = errors.Join(err, fmt.Errorf("scheduler: %w", serr))
	}
	if errors.Is(err, discord.ErrUnauthorized) {
		return fmt.Errorf("%w (check DISCORD_TOKEN)", err)
	}
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// cmdDiscord is `groupwork discord invite -config FILE`: the OAuth2 link
// that adds the bot to a server with the minimal permissions.
func cmdDiscord(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "invite" {
		return usageError{"discord needs invite, e.g. groupwork discord invite -config config.yaml"}
	}
	fs := flag.NewFlagSet("discord invite", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgPath := fs.String("config", "", "the configuration file (its discord.application_id is used)")
	appID := fs.String("app", "", "the application id, instead of -config")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if (*cfgPath == "") == (*appID == "") {
		return usageError{"discord invite needs -config FILE or -app APPLICATION_ID"}
	}
	if *cfgPath != "" {
		cfg, err := config.Load(*cfgPath)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return problemsFound{1}
		}
		if cfg.Discord == nil {
			return errors.New("the configuration has no discord section")
		}
		*appID = cfg.Discord.ApplicationID
	}
	fmt.Fprintln(stdout, "Open this link as a server administrator to add groupwork to your server:")
	fmt.Fprintln(stdout, discord.InviteURL(*appID))
	return nil
}
