package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"

	"groupwork/bot"
	"groupwork/config"
	"groupwork/core"
	"groupwork/exercises"
)

// botConfig is the one place that turns a configuration into the core's
// settings, so that run, purge, console and demo behave alike: console and
// demo without -config use config.Defaults(), the documented defaults.
func botConfig(cfg *config.Config, store bot.Store, lib *exercises.Library, clock bot.Clock, log *slog.Logger) core.Config {
	return core.Config{
		Store: store, Library: lib, Clock: clock, Logger: log,
		ConsentNotice: cfg.Consent.Notice, ConsentVersion: cfg.Consent.Version,
		GroupCreators: cfg.GroupCreators, DefaultTimeZone: cfg.TimeZone, GracePeriod: cfg.Scheduler.Grace,
		Crisis: crisisRegions(cfg), CrisisDefaultRegion: cfg.Safety.Region,
		SafetyFooter: cfg.Safety.Footer, AlertResendAfter: cfg.Safety.ResendAfter,
		RetentionDays: cfg.RetentionDays, ForgetKeepsCounts: cfg.ForgetKeepsCounts,
		MinRespondents: cfg.Safety.MinRespondents,
		Escalation:     core.Escalation(cfg.Safety.Escalation),
		Intake:         core.IntakeLimit{Burst: cfg.Intake.Burst, Every: cfg.Intake.Every},
		Exercises:      exerciseFiles(cfg.ExercisesDir),
		NoteFormat:     cfg.Measures.NoteFormat, BriefBefore: cfg.Measures.BriefBefore, MissedInARow: cfg.Measures.MissedInARow,
	}
}

// exerciseFiles reads the practice's exercise folder again for
// /exercise reload and the scheduler's check; nil without a folder.
func exerciseFiles(dir string) func() ([]*exercises.Definition, error) {
	if dir == "" {
		return nil
	}
	return func() ([]*exercises.Definition, error) { return exercises.LoadDir(dir) }
}

// localConfig adds -config to a local tool's flags (console, demo). The
// file's settings (consent text, crisis resources, footer, retention,
// exercises…) are used; its database and platform sections are not: a
// local tool never writes into the practice's database unless -db says so.
func localConfig(fs *flag.FlagSet) func(stderr io.Writer) (*config.Config, error) {
	path := fs.String("config", "", "use this configuration's settings (consent text, crisis resources, exercises…), not its database (default: the documented defaults)")
	return func(stderr io.Writer) (*config.Config, error) {
		if *path == "" {
			return config.Defaults(), nil
		}
		cfg, err := config.Load(*path)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return nil, problemsFound{1}
		}
		return cfg, nil
	}
}
