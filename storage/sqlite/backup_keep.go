package sqlite

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"time"
)

// backupLayout is the time in the names of backups made into a folder.
const backupLayout = "20060102T150405Z"

// backupName matches only the files BackupName makes, so that pruning never
// touches anything else in the folder.
var backupName = regexp.MustCompile(`^groupwork-backup-(\d{8}T\d{6}Z)\.db$`)

// BackupName returns the name of a backup made at t: groupwork-backup-
// 20261102T090000Z.db (UTC), which sorts by time.
func BackupName(t time.Time) string {
	return "groupwork-backup-" + t.UTC().Format(backupLayout) + ".db"
}

// PruneBackups deletes all but the newest keep backups in dir, newest by the
// time in their names. It considers only files named like BackupName's, and
// returns the paths it deleted. keep must be at least 1.
//
// Deleting a backup unlinks the file; erased members' answers in it are
// gone once their file is deleted (the disk blocks are then free space).
func PruneBackups(dir string, keep int) ([]string, error) {
	if keep < 1 {
		return nil, fmt.Errorf("prune backups: keep %d: must be at least 1", keep)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("prune backups: %w", err)
	}
	type backup struct {
		name string
		at   time.Time
	}
	var bs []backup
	for _, e := range entries {
		m := backupName.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		at, err := time.Parse(backupLayout, m[1])
		if err != nil {
			continue // looks like ours but is not a real time: not ours
		}
		bs = append(bs, backup{e.Name(), at})
	}
	slices.SortFunc(bs, func(a, b backup) int { return b.at.Compare(a.at) }) // newest first
	var deleted []string
	for _, b := range bs[min(keep, len(bs)):] {
		p := filepath.Join(dir, b.name)
		if err := os.Remove(p); err != nil {
			return deleted, fmt.Errorf("prune backups: %w", err)
		}
		deleted = append(deleted, p)
	}
	return deleted, nil
}
