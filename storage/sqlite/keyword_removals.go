package sqlite

import (
	"context"
	"database/sql"

	"groupwork/bot"
)

var _ bot.KeywordRemovalStore = (*DB)(nil)

// RemovedStarterKeywords returns the starter phrases the group turned off, sorted.
func (db *DB) RemovedStarterKeywords(ctx context.Context, groupID int64) ([]string, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT keyword FROM group_keyword_removals WHERE group_id = ? ORDER BY keyword`, groupID)
	if err != nil {
		return nil, wrap(err, "removed starter keywords")
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, wrap(err, "removed starter keywords")
		}
		out = append(out, k)
	}
	return out, wrap(rows.Err(), "removed starter keywords")
}

// RemoveStarterKeyword turns a starter phrase off for the group.
func (db *DB) RemoveStarterKeyword(ctx context.Context, groupID int64, keyword string) error {
	return db.inTx(ctx, "remove starter keyword", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO group_keyword_removals (group_id, keyword) VALUES (?, ?)`, groupID, keyword); err != nil {
			return constraint(err, "remove starter keyword", "This group has already removed that starter phrase.", msgNoGroup)
		}
		return nil
	})
}

// RestoreStarterKeywords turns starter phrases back on (all when keywords
// is empty) and returns how many were off.
func (db *DB) RestoreStarterKeywords(ctx context.Context, groupID int64, keywords []string) (int, error) {
	n := 0
	err := db.inTx(ctx, "restore starter keywords", func(tx *sql.Tx) error {
		if len(keywords) == 0 {
			res, err := tx.ExecContext(ctx, `DELETE FROM group_keyword_removals WHERE group_id = ?`, groupID)
			if err != nil {
				return err
			}
			c, err := res.RowsAffected()
			n = int(c)
			return err
		}
		for _, k := range keywords {
			res, err := tx.ExecContext(ctx, `DELETE FROM group_keyword_removals WHERE group_id = ? AND keyword = ?`, groupID, k)
			if err != nil {
				return err
			}
			c, err := res.RowsAffected()
			if err != nil {
				return err
			}
			n += int(c)
		}
		return nil
	})
	return n, err
}
