package sqlite

import (
	"context"
	"path/filepath"
	"testing"
)

// OpenTemp opens a store in a new file under tb.TempDir and closes it when
// the test ends. It is for tests of other packages that need a real store.
func OpenTemp(tb testing.TB) *DB {
	tb.Helper()
	db, err := Open(context.Background(), filepath.Join(tb.TempDir(), "groupwork.db"))
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
