package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"groupwork/bot"
	"groupwork/core"
)

// cmdSchedule is `groupwork schedule preview 'WHEN' -tz ZONE [-n 5] [-session 'wednesday 18:00']`:
// the next fire times of a rule, as the bot would compute them.
func cmdSchedule(args []string, now time.Time, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "preview" {
		return usageError{"schedule needs preview, e.g. groupwork schedule preview 'every wednesday 18:00' -tz Europe/Berlin"}
	}
	fs := flag.NewFlagSet("schedule preview", flag.ContinueOnError)
	fs.SetOutput(stderr)
	tz := fs.String("tz", "UTC", "the group's time zone (IANA name)")
	n := fs.Int("n", 5, "how many fire times to show")
	session := fs.String("session", "", "the weekly session, for rules like '24h before session': 'wednesday 18:00'")
	length := fs.Duration("length", 90*time.Minute, "the session's length, for rules like '2h after session'")
	// Flags may come after the rule, as people type them.
	var rule []string
	rest := args[1:]
	for len(rest) > 0 {
		if err := fs.Parse(rest); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		rule = append(rule, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(rule) == 0 {
		return usageError{"schedule preview needs a rule, e.g. 'every wednesday 18:00' or '24h before session'"}
	}
	if *n < 1 || *n > 100 {
		return usageError{"-n must be between 1 and 100"}
	}
	var st *bot.SessionTime
	if *session != "" {
		day, clock, ok := strings.Cut(strings.TrimSpace(*session), " ")
		wd, found := core.ParseWeekday(day)
		if !ok || !found {
			return usageError{"-session needs a weekday and a time, like 'wednesday 18:00'"}
		}
		t, err := time.Parse("15:04", strings.TrimSpace(clock))
		if err != nil {
			return usageError{"-session needs a time like 18:00"}
		}
		st = &bot.SessionTime{Weekday: wd, Hour: t.Hour(), Minute: t.Minute(), Duration: *length}
	}
	times, err := core.PreviewSchedule(strings.Join(rule, " "), *tz, *n, now, st)
	if err != nil {
		fmt.Fprintln(stderr, bot.ErrorMessage(err))
		return problemsFound{1}
	}
	loc, _ := time.LoadLocation(*tz)
	fmt.Fprintln(stdout, core.FormatPreview(times, loc, nil))
	return nil
}
