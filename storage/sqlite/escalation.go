package sqlite

import (
	"context"
	"database/sql"

	"groupwork/bot"
)

// AlertNotices returns the delivery steps of an alert, oldest first.
func (db *DB) AlertNotices(ctx context.Context, alertID int64) ([]*bot.AlertNotice, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT user_id, step, at FROM alert_notices WHERE alert_id = ? ORDER BY at, id`, alertID)
	if err != nil {
		return nil, wrap(err, "alert notices")
	}
	defer rows.Close()
	var out []*bot.AlertNotice
	for rows.Next() {
		n := bot.AlertNotice{AlertID: alertID}
		var at int64
		if err := rows.Scan(&n.UserID, &n.Step, &at); err != nil {
			return nil, wrap(err, "alert notices")
		}
		n.At = decTime(at)
		out = append(out, &n)
	}
	return out, wrap(rows.Err(), "alert notices")
}

// AddAlertNotice records one delivery step of an alert.
func (db *DB) AddAlertNotice(ctx context.Context, n *bot.AlertNotice) error {
	if err := checkTimes(n.At); err != nil {
		return err
	}
	return db.inTx(ctx, "add alert notice", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO alert_notices (alert_id, user_id, step, at) VALUES (?, ?, ?, ?)`,
			n.AlertID, n.UserID, n.Step, encTime(n.At))
		if err != nil {
			return constraint(err, "add alert notice", "", "There is no such alert.")
		}
		return nil
	})
}

// QuietHours returns the quiet hours set in a group.
func (db *DB) QuietHours(ctx context.Context, groupID int64) ([]*bot.QuietHours, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT user_id, from_min, to_min FROM quiet_hours WHERE group_id = ? ORDER BY user_id`, groupID)
	if err != nil {
		return nil, wrap(err, "quiet hours")
	}
	defer rows.Close()
	var out []*bot.QuietHours
	for rows.Next() {
		q := bot.QuietHours{GroupID: groupID}
		if err := rows.Scan(&q.UserID, &q.From, &q.To); err != nil {
			return nil, wrap(err, "quiet hours")
		}
		out = append(out, &q)
	}
	return out, wrap(rows.Err(), "quiet hours")
}

// SetQuietHours stores a therapist's quiet hours in a group, replacing earlier ones.
func (db *DB) SetQuietHours(ctx context.Context, q *bot.QuietHours) error {
	if q.From < 0 || q.From >= 24*60 || q.To < 0 || q.To >= 24*60 {
		return bot.Errorf(bot.EInvalid, "Quiet hours must be times of day.")
	}
	return db.inTx(ctx, "set quiet hours", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO quiet_hours (group_id, user_id, from_min, to_min) VALUES (?, ?, ?, ?)
			ON CONFLICT (group_id, user_id) DO UPDATE SET from_min = excluded.from_min, to_min = excluded.to_min`,
			q.GroupID, q.UserID, q.From, q.To)
		if err != nil {
			return constraint(err, "set quiet hours", "", msgNoGroup)
		}
		return nil
	})
}

// ClearQuietHours removes a therapist's quiet hours in a group.
func (db *DB) ClearQuietHours(ctx context.Context, groupID int64, userID string) error {
	return db.inTx(ctx, "clear quiet hours", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM quiet_hours WHERE group_id = ? AND user_id = ?`, groupID, userID)
		return err
	})
}
