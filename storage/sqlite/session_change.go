package sqlite

import (
	"context"
	"database/sql"
	"time"

	"groupwork/bot"
)

// SetSessionChange stores a moved or cancelled session, replacing any
// earlier change of the same day. ENotFound if the group does not exist.
func (db *DB) SetSessionChange(ctx context.Context, c *bot.SessionChange) error {
	var moved sql.NullInt64
	if !c.MovedTo.IsZero() {
		moved = sql.NullInt64{Int64: c.MovedTo.Unix(), Valid: true}
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return wrap(err, "set session change")
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO session_changes (group_id, day, moved_to, changed_by, changed_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (group_id, day) DO UPDATE SET moved_to = excluded.moved_to,
		changed_by = excluded.changed_by, changed_at = excluded.changed_at`,
		c.GroupID, c.Day, moved, c.By, encTime(c.At)); err != nil {
		return constraint(err, "set session change", "", msgNoGroup)
	}
	return wrap(tx.Commit(), "set session change")
}

// SessionChanges returns the group's moved and cancelled sessions by day.
func (db *DB) SessionChanges(ctx context.Context, groupID int64) ([]*bot.SessionChange, error) {
	return queryAll(ctx, db.read, func(s scanner) (*bot.SessionChange, error) {
		c := &bot.SessionChange{GroupID: groupID}
		var moved sql.NullInt64
		var at int64
		if err := s.Scan(&c.Day, &moved, &c.By, &at); err != nil {
			return nil, err
		}
		if moved.Valid {
			c.MovedTo = time.Unix(moved.Int64, 0).UTC()
		}
		c.At = decTime(at)
		return c, nil
	}, `SELECT day, moved_to, changed_by, changed_at FROM session_changes WHERE group_id = ? ORDER BY day`, groupID)
}

// SetMemberZone sets or (with "") removes a person's own time zone.
func (db *DB) SetMemberZone(ctx context.Context, groupID int64, userID, tz string) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return wrap(err, "set member zone")
	}
	defer tx.Rollback()
	if tz == "" {
		_, err = tx.ExecContext(ctx, `DELETE FROM member_zones WHERE group_id = ? AND user_id = ?`, groupID, userID)
	} else {
		_, err = tx.ExecContext(ctx, `INSERT INTO member_zones (group_id, user_id, tz) VALUES (?, ?, ?)
			ON CONFLICT (group_id, user_id) DO UPDATE SET tz = excluded.tz`, groupID, userID, tz)
	}
	if err != nil {
		return constraint(err, "set member zone", "", msgNoGroup)
	}
	return wrap(tx.Commit(), "set member zone")
}

// MemberZones returns the zones people set in a group, by user id.
func (db *DB) MemberZones(ctx context.Context, groupID int64) (map[string]string, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT user_id, tz FROM member_zones WHERE group_id = ?`, groupID)
	if err != nil {
		return nil, wrap(err, "member zones")
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var u, tz string
		if err := rows.Scan(&u, &tz); err != nil {
			return nil, wrap(err, "member zones")
		}
		out[u] = tz
	}
	return out, wrap(rows.Err(), "member zones")
}
