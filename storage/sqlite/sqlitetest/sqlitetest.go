// Package sqlitetest opens real SQLite stores for tests of other packages.
// It is kept apart from storage/sqlite so that the binary does not link the
// testing package.
package sqlitetest

import (
	"context"
	"path/filepath"
	"testing"

	"groupwork/storage/sqlite"
)

// Open opens a store in a new file under tb.TempDir and closes it when the
// test ends.
func Open(tb testing.TB) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "groupwork.db"))
	if err != nil {
		tb.Fatalf("open temp store: %v", err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("close temp store: %v", err)
		}
	})
	return db
}
