package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"groupwork/adapters/shell"
	"groupwork/bot"
	"groupwork/config"
	"groupwork/core"
	"groupwork/storage/sqlite"
)

// local is a core on a SQLite file with the shell adapter: what demo and
// console run on.
type local struct {
	store *sqlite.DB
	bot   *core.Bot
	shell *shell.Adapter
}

// openLocal opens the core on dbPath with cfg's settings (the documented
// defaults when cfg is nil).
func openLocal(ctx context.Context, dbPath string, cfg *config.Config, clock bot.Clock, out io.Writer, log *slog.Logger) (*local, error) {
	if cfg == nil {
		cfg = config.Defaults()
	}
	store, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	lib, err := loadLibrary(cfg.ExercisesDir)
	if err != nil {
		store.Close()
		return nil, err
	}
	bcfg := botConfig(cfg, store, lib, clock, log)
	if _, simulated := clock.(*bot.ManualClock); simulated {
		// the demo's people act while its clock stands still: no limit
		bcfg.Intake = core.IntakeLimit{Burst: -1}
	}
	b, err := core.New(bcfg)
	if err != nil {
		store.Close()
		return nil, err
	}
	sh := shell.New(out, "group", shell.WithClock(clock))
	b.AddAdapter(sh)
	sh.SetHandler(b)
	sh.SetCommands(b.Router())
	return &local{store: store, bot: b, shell: sh}, nil
}

func (l *local) Close() error { return l.store.Close() }

// freshDB returns the path of a database file in a new temporary folder.
func freshDB(name string) (string, error) {
	dir, err := os.MkdirTemp("", "groupwork-"+name+"-")
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, name+".db"), nil
}
