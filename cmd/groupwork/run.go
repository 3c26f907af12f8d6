package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"groupwork/config"
	"groupwork/core"
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
	if cfg.Discord == nil && cfg.Slack == nil {
		return errors.New("nothing to connect to: the configuration has no discord or slack section")
	}
	lib, err := loadLibrary(cfg.ExercisesDir)
	if err != nil {
		return err
	}
	o, err := newOps(cfg)
	if err != nil {
		return err
	}
	bcfg := botConfig(cfg, nil, lib, nil, log)
	bcfg.AlertChannels = alertChannels(cfg.AlertChannels, o)
	var b *core.Bot
	store, err := sqlite.Open(ctx, cfg.Database)
	if err != nil {
		o.instrument(&bcfg, nil)
		// Safety fails closed: a member in crisis still gets /crisis, and
		// everyone else is told plainly that the service is unavailable.
		log.Error("the database cannot be opened: serving /crisis only, and telling everyone else the service is unavailable, until groupwork is restarted with a working database",
			"database", cfg.Database, "err", err)
		b, err = core.NewUnavailable(bcfg, fmt.Errorf("open database: %w", err))
	} else {
		defer store.Close()
		if err := useDataKeys(store, cfg); err != nil {
			return err
		}
		bcfg.Store = store
		o.instrument(&bcfg, store)
		b, err = core.New(bcfg)
	}
	if err != nil {
		return err
	}
	return serve(ctx, cfg, b, log, o)
}

func newLogger(c config.Log, w io.Writer) *slog.Logger {
	level := map[string]slog.Level{"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError}[c.Level]
	opts := &slog.HandlerOptions{Level: level}
	if c.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
