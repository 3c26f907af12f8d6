package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"groupwork/bot"
)

func cmdConsole(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("console", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", "", "the SQLite file to use (default: a new file in a temporary folder)")
	as := fs.String("as", "Tess", "who you are at the start")
	loadCfg := localConfig(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := loadCfg(stderr)
	if err != nil {
		return err
	}
	if *dbPath == "" {
		p, err := freshDB("console")
		if err != nil {
			return err
		}
		*dbPath = p
	}
	l, err := openLocal(ctx, *dbPath, cfg, bot.SystemClock{}, stdout, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer l.Close()
	fmt.Fprintf(stdout, "groupwork console — database %s\n", *dbPath)
	if _, err := l.store.GroupByChannel(ctx, "shell", l.shell.Channel()); bot.ErrorCode(err) == bot.ENotFound {
		fmt.Fprintln(stdout, `There is no group yet. As the therapist, start with: /group create "My group" Europe/Berlin`)
	}
	return l.shell.Console(ctx, stdin, *as)
}
