package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"groupwork/config"
	"groupwork/storage/sqlite"
)

// cmdBackup writes a consistent copy of the database while the bot may be
// running (SQLite's VACUUM INTO), readable by its owner only.
func cmdBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgPath := fs.String("config", "", "the configuration file (its database is backed up)")
	dbPath := fs.String("db", "", "the database file, instead of -config")
	out := fs.String("out", "", "the backup file to create (must not exist)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || (*cfgPath == "") == (*dbPath == "") {
		return usageError{"backup needs -out FILE and one of -config FILE or -db FILE"}
	}
	if *cfgPath != "" {
		cfg, err := config.Load(*cfgPath)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return problemsFound{1}
		}
		*dbPath = cfg.Database
	}
	db, err := sqlite.Open(ctx, *dbPath)
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer db.Close()
	if err := db.Backup(ctx, *out); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(stdout, "Backed up %s to %s (readable by you only).\n", *dbPath, *out)
	return nil
}
