package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"

	"groupwork/storage/sqlite"
)

// A database that a newer groupwork migrated is refused with a message
// that says what happened and what to do, and is left as it was.
func TestOpenRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "gw.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Ping(ctx); err != nil {
		t.Fatalf("ping an open store: %v", err)
	}
	db.Close()

	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES ('9999_from_the_future.sql', 1)`); err != nil {
		t.Fatal(err)
	}
	count := func() int {
		var n int
		if err := raw.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()

	_, err = sqlite.Open(ctx, path)
	if !errors.Is(err, sqlite.ErrSchemaNewer) {
		t.Fatalf("Open = %v, want ErrSchemaNewer", err)
	}
	for _, want := range []string{"newer version of groupwork", "9999_from_the_future.sql", "restore the backup"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the message %q does not say %q", err, want)
		}
	}
	if after := count(); after != before {
		t.Errorf("the refused open changed the migrations table: %d rows, had %d", after, before)
	}
	raw.Close()
}
