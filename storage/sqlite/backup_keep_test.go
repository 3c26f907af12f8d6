package sqlite_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"groupwork/storage/sqlite"
)

// TestPruneBackupsKeepsNewestOwnFiles: only files named like groupwork's
// own backups are counted and deleted, newest by the time in the name.
func TestPruneBackupsKeepsNewestOwnFiles(t *testing.T) {
	dir := t.TempDir()
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	var ours []string
	for i := range 5 {
		ours = append(ours, sqlite.BackupName(t0.Add(time.Duration(i)*24*time.Hour)))
	}
	others := []string{"notes.txt", "groupwork.db", "groupwork-backup-latest.db", "groupwork-backup-20261102T090000Z.db.bak", "my-groupwork-backup-20200101T000000Z.db"}
	for _, name := range append(slices.Clone(ours), others...) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := sqlite.PruneBackups(dir, 0); err == nil {
		t.Error("keep 0 accepted")
	}
	deleted, err := sqlite.PruneBackups(dir, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(deleted) != 3 {
		t.Errorf("deleted %q, want the 3 oldest", deleted)
	}
	var left []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		left = append(left, e.Name())
	}
	want := append([]string{ours[3], ours[4]}, others...)
	slices.Sort(want)
	if !slices.Equal(left, want) {
		t.Errorf("left %q\nwant %q", left, want)
	}
}
