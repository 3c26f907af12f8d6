package sqlitetest

import (
	"context"
	"database/sql"
	"net/url"
	"path/filepath"
	"testing"

	_ "github.com/mattn/go-sqlite3" // the driver the store uses
)

// HoldReader opens a second connection to the database at path, as another
// process would, and keeps a read transaction open on it, so that a
// truncating WAL checkpoint cannot finish. release ends the transaction and
// closes the connection; it is also called when the test ends.
func HoldReader(tb testing.TB, path string) (release func()) {
	tb.Helper()
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: "_busy_timeout=5000"}
	db, err := sql.Open("sqlite3", u.String())
	if err != nil {
		tb.Fatalf("open reader: %v", err)
	}
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		tb.Fatalf("begin read: %v", err)
	}
	var n int
	// The snapshot starts with the first read, not with BEGIN.
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM answers`).Scan(&n); err != nil {
		tb.Fatalf("read: %v", err)
	}
	done := false
	release = func() {
		if done {
			return
		}
		done = true
		_ = tx.Rollback()
		_ = db.Close()
	}
	tb.Cleanup(release)
	return release
}
