package sqlite

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
)

// ErrSchemaNewer is returned (wrapped) by Open when the database records a
// migration this binary does not have: a newer groupwork has used it.
// Running an older binary on it could misread or damage data written by
// the newer one, so Open refuses and changes nothing.
var ErrSchemaNewer = errors.New("the database was upgraded by a newer version of groupwork")

// refuseNewer compares the recorded migrations with the embedded ones.
// It runs before any migration is applied.
func (db *DB) refuseNewer(ctx context.Context) error {
	rows, err := db.write.QueryContext(ctx, `SELECT version FROM schema_migrations ORDER BY version`)
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	defer rows.Close()
	var unknown []string
	known := knownMigrations()
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return fmt.Errorf("read schema version: %w", err)
		}
		if !slices.Contains(known, v) {
			unknown = append(unknown, v)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if len(unknown) == 0 {
		return nil
	}
	return fmt.Errorf("%w (it has migration %s; this binary knows up to %s). Nothing was changed. Run the newer groupwork again, or restore the backup taken before the upgrade (see deploy/UPGRADE.md)",
		ErrSchemaNewer, strings.Join(unknown, ", "), SchemaVersion())
}

// SchemaVersion is the name of the newest migration this binary has, such
// as "0021_alert_outbox.sql": a file cached across builds (a benchmark's
// fixture) is keyed by it, so a binary never meets a newer schema it refuses.
func SchemaVersion() string {
	known := knownMigrations()
	if len(known) == 0 {
		return ""
	}
	return known[len(known)-1]
}

// knownMigrations lists the embedded migration file names, in order.
func knownMigrations() []string {
	names, _ := fs.Glob(migrations, "migrations/*.sql")
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = filepath.Base(n)
	}
	slices.Sort(out)
	return out
}

// Ping reports whether the database answers a query (readiness).
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.read.QueryRowContext(ctx, `SELECT 1`).Scan(&one)
}
