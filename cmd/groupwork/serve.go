package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"groupwork/adapters/discord"
	"groupwork/adapters/slack"
	"groupwork/config"
	"groupwork/core"
)

// platform is one connected adapter as serve runs it.
type platform struct {
	name string
	run  func(ctx context.Context) error
}

// serve connects the configured platforms (Discord, Slack or both, in one
// process), runs the scheduler, and blocks until ctx ends or an adapter
// fails for good. Each group belongs to the platform it was created on.
func serve(ctx context.Context, cfg *config.Config, b *core.Bot, log *slog.Logger, o *opsWiring) error {
	var platforms []platform
	h := o.handler(b)
	if cfg.Discord != nil {
		a, err := discord.New(discord.Config{
			Token:         cfg.Discord.Token,
			ApplicationID: cfg.Discord.ApplicationID,
			GuildIDs:      cfg.Discord.GuildIDs,
			BaseURL:       cfg.Discord.BaseURL,
			Transport:     o.transport("discord"),
		}, log) // the adapter names itself: component=discord
		if err != nil {
			return err
		}
		a.SetCommands(b.Router().Specs(), b.Complete)
		b.AddAdapter(a)
		o.connected("discord", a.Connected)
		platforms = append(platforms, platform{"discord", func(ctx context.Context) error { return a.Run(ctx, h) }})
	}
	if cfg.Slack != nil {
		scfg := slackConfig(cfg.Slack)
		if t := o.transport("slack"); t != nil {
			scfg.HTTPClient = &http.Client{Timeout: 20 * time.Second, Transport: t}
		}
		a, err := slack.New(scfg, log)
		if err != nil {
			return err
		}
		a.SetCommands(b.Router())
		b.AddAdapter(a)
		o.connected("slack", a.Connected)
		platforms = append(platforms, platform{"slack", func(ctx context.Context) error { return a.Run(ctx, h) }})
	}
	var names []string
	for _, p := range platforms {
		names = append(names, p.name)
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	o.serve(ctx, log)
	schedDone := make(chan error, 1)
	if down := b.Unavailable(); down != nil {
		schedDone <- nil // no store, no schedules: only /crisis is served
		log.Warn("groupwork running without its database: only /crisis works", "platforms", names, "err", down)
	} else {
		go func() { schedDone <- b.Scheduler().Run(ctx) }()
		log.Info("groupwork running", "platforms", names)
	}
	// The first adapter to stop for good stops the others.
	errs := make(chan error, len(platforms))
	for _, p := range platforms {
		go func() {
			err := p.run(ctx)
			if err != nil {
				err = fmt.Errorf("%s: %w", p.name, err)
			}
			cancel()
			errs <- err
		}()
	}
	var err error
	for range platforms {
		err = errors.Join(err, <-errs)
	}
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

func slackConfig(c *config.Slack) slack.Config {
	return slack.Config{
		BotToken: c.BotToken, AppToken: c.AppToken, HTTP: c.Mode == "http",
		SigningSecret: c.SigningSecret, Listen: c.Listen, APIURL: c.APIURL,
		TeamIDs: c.TeamIDs, Command: c.Command,
	}
}

// cmdSlack is `groupwork slack manifest [-config FILE] [-command NAME]
// [-url URL]`: the app manifest to paste into api.slack.com/apps.
func cmdSlack(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "manifest" {
		return usageError{"slack needs manifest, e.g. groupwork slack manifest -config config.yaml"}
	}
	fs := flag.NewFlagSet("slack manifest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgPath := fs.String("config", "", "the configuration file (its slack.command and slack.mode are used)")
	command := fs.String("command", "groupwork", "the slash command's name, without /")
	name := fs.String("name", "groupwork", "the app's name in Slack")
	reqURL := fs.String("url", "", "HTTP mode: the public HTTPS address Slack sends requests to (empty: Socket Mode)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *cfgPath != "" {
		cfg, err := config.Load(*cfgPath)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return problemsFound{1}
		}
		if cfg.Slack == nil {
			return errors.New("the configuration has no slack section")
		}
		*command = cfg.Slack.Command
		if cfg.Slack.Mode == "http" && *reqURL == "" {
			return usageError{"slack.mode is http: give the public address Slack sends requests to with -url https://…"}
		}
	}
	if *reqURL != "" && !strings.HasPrefix(*reqURL, "https://") {
		return usageError{"-url must be an https:// address (Slack sends requests only over HTTPS)"}
	}
	out, err := slack.Manifest(*name, *command, *reqURL)
	if err != nil {
		return err
	}
	_, err = stdout.Write(out)
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
