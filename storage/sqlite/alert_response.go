package sqlite

import (
	"context"
	"database/sql"
	"time"

	"groupwork/bot"
)

// AddAlertResponse records a member's response to an alert; ENotFound when
// the alert does not exist.
func (db *DB) AddAlertResponse(ctx context.Context, alertID int64, response bot.AlertResponse, at time.Time) error {
	if err := checkTimes(at); err != nil {
		return err
	}
	return db.inTx(ctx, "add alert response", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO alert_responses (alert_id, response, responded_at) VALUES (?, ?, ?)`,
			alertID, string(response), encTime(at))
		if err != nil {
			return constraint(err, "add alert response", "", "That alert does not exist.")
		}
		return nil
	})
}

// AlertResponses returns the newest response to each of the group's alerts
// that has one.
func (db *DB) AlertResponses(ctx context.Context, groupID int64) (map[int64]bot.AlertResponseRecord, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT r.alert_id, r.response, r.responded_at
		FROM alert_responses r JOIN alerts a ON a.id = r.alert_id
		WHERE a.group_id = ? ORDER BY r.responded_at, r.id`, groupID)
	if err != nil {
		return nil, wrap(err, "alert responses")
	}
	defer rows.Close()
	out := map[int64]bot.AlertResponseRecord{}
	for rows.Next() {
		var r bot.AlertResponseRecord
		var resp string
		var at int64
		if err := rows.Scan(&r.AlertID, &resp, &at); err != nil {
			return nil, wrap(err, "alert responses")
		}
		r.Response, r.At = bot.AlertResponse(resp), decTime(at)
		out[r.AlertID] = r // ordered oldest first: the newest wins
	}
	return out, wrap(rows.Err(), "alert responses")
}
