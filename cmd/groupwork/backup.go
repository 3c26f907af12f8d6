package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"groupwork/config"
	"groupwork/storage/sqlite"
)

// cmdBackup writes a consistent copy of the database while the bot may be
// running (SQLite's VACUUM INTO), readable by its owner only. With -dir it
// names the copy by the time, and with -keep N it then deletes all but the
// newest N of the backups it made in that folder: backups keep erased
// members' data until they are deleted, so they need an expiry.
func cmdBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgPath := fs.String("config", "", "the configuration file (its database is backed up)")
	dbPath := fs.String("db", "", "the database file, instead of -config")
	out := fs.String("out", "", "the backup file to create (must not exist)")
	dir := fs.String("dir", "", "a folder: create groupwork-backup-<UTC time>.db in it, instead of -out")
	keep := fs.Int("keep", 0, "with -dir: then delete all but the newest N groupwork-backup-*.db files in the folder")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (*out == "") == (*dir == "") || (*cfgPath == "") == (*dbPath == "") {
		return usageError{"backup needs -out FILE (or -dir FOLDER) and one of -config FILE or -db FILE"}
	}
	if *keep < 0 || (*keep > 0 && *dir == "") {
		return usageError{"backup -keep N needs -dir FOLDER and N of at least 1"}
	}
	if *cfgPath != "" {
		cfg, err := config.Load(*cfgPath)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return problemsFound{1}
		}
		*dbPath = cfg.Database
	}
	if *dir != "" {
		*out = filepath.Join(*dir, sqlite.BackupName(time.Now()))
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
	if *keep > 0 {
		deleted, err := sqlite.PruneBackups(*dir, *keep)
		for _, p := range deleted {
			fmt.Fprintf(stdout, "Deleted the older backup %s.\n", p)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
