package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"groupwork/bot"
	"groupwork/config"
	"groupwork/core"
	"groupwork/storage/sqlite"
)

// cmdReport prints or writes a group's review offline, for the operator or
// the therapist at their desk. It writes an audit record like /review does,
// so the members see in /mydata that a report was made.
func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgPath := fs.String("config", "", "the configuration file (its database is read)")
	dbPath := fs.String("db", "", "the database file, instead of -config (sealed answer text then stays unreadable)")
	groupID := fs.Int64("group", 0, "the group's number (see the list printed without it)")
	from := fs.String("from", "", "first day, e.g. 2026-11-01 (in the group's time zone)")
	to := fs.String("to", "", "last day, included, e.g. 2026-11-30")
	period := fs.String("period", "", `instead of -from/-to: "last 30 days", "this month", "since 2026-11-01"`)
	format := fs.String("format", "text", "text, csv, json or html")
	out := fs.String("out", "", "write to this file (created readable by you only) instead of standard output")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (*cfgPath == "") == (*dbPath == "") {
		return usageError{"report needs one of -config FILE or -db FILE"}
	}
	switch *format {
	case "text", "csv", "json", "html":
	default:
		return usageError{fmt.Sprintf("report: -format %q: use text, csv, json or html", *format)}
	}
	if *period != "" && (*from != "" || *to != "") {
		return usageError{"report: give -period or -from/-to, not both"}
	}
	var cfg *config.Config
	if *cfgPath != "" {
		c, err := config.Load(*cfgPath)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return problemsFound{1}
		}
		cfg, *dbPath = c, c.Database
	}
	if _, err := os.Stat(*dbPath); err != nil {
		return fmt.Errorf("open database: %w", err) // never create an empty one by mistake
	}
	store, err := sqlite.Open(ctx, *dbPath)
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer store.Close()
	exDir := ""
	if cfg != nil {
		if err := useDataKeys(store, cfg); err != nil {
			return err
		}
		exDir = cfg.ExercisesDir
	}
	lib, err := loadLibrary(exDir)
	if err != nil {
		return err
	}
	settings := cfg
	if settings == nil {
		settings = config.Defaults()
	}
	b, err := core.New(botConfig(settings, store, lib, nil, nil))
	if err != nil {
		return err
	}
	if *groupID == 0 {
		return listGroups(ctx, store, stdout)
	}
	g, err := store.Group(ctx, *groupID)
	if err != nil {
		if bot.ErrorCode(err) == bot.ENotFound {
			return usageError{fmt.Sprintf("report: there is no group %d (run without -group to list them)", *groupID)}
		}
		return err
	}
	p, err := reportPeriod(g, *period, *from, *to, time.Now())
	if err != nil {
		return usageError{"report: " + bot.ErrorMessage(err)}
	}
	rp, err := b.BuildReport(ctx, g, p)
	if err != nil {
		return err
	}
	var data []byte
	switch *format {
	case "text":
		data = []byte(strings.ReplaceAll(rp.FullText(), "**", ""))
	case "csv":
		data, err = rp.Export().CSV()
	case "json":
		data, err = rp.Export().JSON()
	case "html":
		data, err = rp.HTML()
	}
	if err != nil {
		return err
	}
	if err := store.AddAudit(ctx, &bot.AuditRecord{GroupID: g.ID, ActorID: core.OperatorActor, Action: "report " + *format, Subjects: rp.MemberIDs(), At: time.Now()}); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	if *out == "" {
		_, err := stdout.Write(data)
		return err
	}
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "Wrote the %s report of %s (%s) to %s. It holds clinical data: keep it safe.\n", *format, g.Name, rp.Period.Words, *out)
	return nil
}

// reportPeriod reads -period, or -from and -to (days in the group's zone).
func reportPeriod(g *bot.Group, period, from, to string, now time.Time) (core.Period, error) {
	loc, err := time.LoadLocation(g.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	switch {
	case period != "":
		return core.ParsePeriod(period, loc, now)
	case from != "" && to != "":
		return core.ParsePeriod(from+".."+to, loc, now)
	case from != "":
		return core.ParsePeriod("since "+from, loc, now)
	case to != "":
		last, err := core.ParsePeriod(to, loc, now)
		if err != nil {
			return core.Period{}, err
		}
		return core.Period{To: last.To, Words: "up to " + last.Words}, nil
	}
	return core.ParsePeriod("", loc, now)
}

func listGroups(ctx context.Context, store *sqlite.DB, w io.Writer) error {
	gs, err := store.Groups(ctx)
	if err != nil {
		return err
	}
	if len(gs) == 0 {
		return errors.New("the database has no groups")
	}
	fmt.Fprintln(w, "Give -group with one of these numbers:")
	for _, g := range gs {
		fmt.Fprintf(w, "  %d  %s (%s, %s)\n", g.ID, g.Name, g.Platform, g.TimeZone)
	}
	return nil
}

// writeCharts renders the review's charts into PNG files next to the demo's
// database and says where they are.
func (d *demo) writeCharts() {
	if d.err != nil || d.res.group == nil {
		return
	}
	rp, err := d.l.bot.BuildReport(d.ctx, d.res.group, core.Period{})
	if err != nil {
		d.err = err
		return
	}
	dir := filepath.Dir(d.l.store.Path())
	for _, img := range rp.Charts() {
		path := filepath.Join(dir, "demo-"+img.Name)
		if err := os.WriteFile(path, img.PNG, 0o600); err != nil {
			d.err = err
			return
		}
		d.say("Chart written to %s (%s).", path, img.Alt)
	}
}
