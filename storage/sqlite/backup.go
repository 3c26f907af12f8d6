package sqlite

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"groupwork/bot"
)

// Backup writes a consistent copy of the database to path with VACUUM INTO,
// while the store stays in use. The copy is created owner-only (0600).
// EConflict if path already exists.
func (db *DB) Backup(ctx context.Context, path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	// VACUUM INTO accepts an existing empty file. Creating it here with
	// O_EXCL makes "already exists" atomic and fixes the mode, which SQLite
	// would otherwise take from the umask.
	f, err := os.OpenFile(abs, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return &bot.Error{Code: bot.EConflict, Msg: "The backup file already exists. Choose a new name.", Err: err}
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := f.Close(); err != nil {
		os.Remove(abs)
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := db.read.ExecContext(ctx, `VACUUM INTO ?`, abs); err != nil {
		os.Remove(abs)
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}
