package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"groupwork/bot"
	"groupwork/config"
	"groupwork/storage/sqlite"
)

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgPath := fs.String("config", "", "the configuration file (see config.example.yaml)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *cfgPath == "" {
		return usageError{"run needs -config FILE (see config.example.yaml)"}
	}
	cfg, err := config.Load(*cfgPath)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return problemsFound{1}
	}
	log := newLogger(cfg.Log, stderr)
	if cfg.Discord == nil {
		return errors.New("nothing to connect to: the configuration has no discord section")
	}
	store, err := sqlite.Open(ctx, cfg.Database)
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer store.Close()
	if err := useDataKeys(store, cfg); err != nil {
		return err
	}
	lib, err := loadLibrary(cfg.ExercisesDir)
	if err != nil {
		return err
	}
	b, err := bot.New(bot.Config{
		Store: store, Library: lib, Logger: log,
		ConsentNotice: cfg.Consent.Notice, ConsentVersion: cfg.Consent.Version,
		GroupCreators: cfg.GroupCreators, DefaultTimeZone: cfg.TimeZone, GracePeriod: cfg.Scheduler.Grace,
		Crisis: crisisRegions(cfg), SafetyFooter: cfg.Safety.Footer, AlertResendAfter: cfg.Safety.ResendAfter, RetentionDays: cfg.RetentionDays, ForgetKeepsCounts: cfg.ForgetKeepsCounts,
		MinRespondents: cfg.Safety.MinRespondents,
		Escalation:     bot.Escalation(cfg.Safety.Escalation),
	})
	if err != nil {
		return err
	}
	return serve(ctx, cfg, b, log)
}

func newLogger(c config.Log, w io.Writer) *slog.Logger {
	level := map[string]slog.Level{"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError}[c.Level]
	opts := &slog.HandlerOptions{Level: level}
	if c.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
