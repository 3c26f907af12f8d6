package sqlite

import (
	"context"
	"database/sql"
	"time"

	"groupwork/bot"
)

const outboxCols = `id, alert_id, group_id, user_id, channel, step, at, next_at, attempts, state, reported`

// QueueOutbound adds a notice to the outbox; a repeat of the same alert,
// user, channel, step and time is ignored (o.ID is then the first one's).
func (db *DB) QueueOutbound(ctx context.Context, o *bot.Outbound) error {
	if err := checkTimes(o.At, o.NextAt); err != nil {
		return err
	}
	if o.State == "" {
		o.State = "pending"
	}
	return db.inTx(ctx, "queue outbound", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO alert_outbox (alert_id, group_id, user_id, channel, step, at, next_at, attempts, state, reported)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (alert_id, user_id, channel, step, at) DO NOTHING`,
			o.AlertID, o.GroupID, o.UserID, o.Channel, o.Step, encTime(o.At), encTime(o.NextAt), o.Attempts, o.State, o.Reported)
		if err != nil {
			return constraint(err, "queue outbound", "", "There is no such alert.")
		}
		return tx.QueryRowContext(ctx, `SELECT id FROM alert_outbox WHERE alert_id = ? AND user_id = ? AND channel = ? AND step = ? AND at = ?`,
			o.AlertID, o.UserID, o.Channel, o.Step, encTime(o.At)).Scan(&o.ID)
	})
}

// PendingOutbound returns the pending notices due by t and the failed
// ones not yet reported, oldest first.
func (db *DB) PendingOutbound(ctx context.Context, t time.Time) ([]*bot.Outbound, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+outboxCols+` FROM alert_outbox
		WHERE (state = 'pending' AND next_at <= ?) OR (state = 'failed' AND reported = 0) ORDER BY at, id`, encTime(t))
	if err != nil {
		return nil, wrap(err, "pending outbound")
	}
	defer rows.Close()
	var out []*bot.Outbound
	for rows.Next() {
		var o bot.Outbound
		var at, next int64
		if err := rows.Scan(&o.ID, &o.AlertID, &o.GroupID, &o.UserID, &o.Channel, &o.Step, &at, &next, &o.Attempts, &o.State, &o.Reported); err != nil {
			return nil, wrap(err, "pending outbound")
		}
		o.At, o.NextAt = decTime(at), decTime(next)
		out = append(out, &o)
	}
	return out, wrap(rows.Err(), "pending outbound")
}

// UpdateOutbound saves a notice's attempts, next attempt, state and
// whether its failure was reported.
func (db *DB) UpdateOutbound(ctx context.Context, o *bot.Outbound) error {
	if err := checkTimes(o.NextAt); err != nil {
		return err
	}
	return db.inTx(ctx, "update outbound", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE alert_outbox SET attempts = ?, next_at = ?, state = ?, reported = ? WHERE id = ?`,
			o.Attempts, encTime(o.NextAt), o.State, o.Reported, o.ID)
		if err != nil {
			return constraint(err, "update outbound", "", "")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return bot.Errorf(bot.ENotFound, "There is no such notice.")
		}
		return nil
	})
}
