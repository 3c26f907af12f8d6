package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"groupwork/bot"
)

// SetConsent stores the member's latest decision, replacing any earlier one.
// ENotFound if the group does not exist; EInvalid for an unknown state.
func (db *DB) SetConsent(ctx context.Context, c *bot.Consent) error {
	if err := checkTimes(c.DecidedAt); err != nil {
		return err
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return wrap(err, "set consent")
	}
	defer tx.Rollback()

	if err := upsertConsent(ctx, tx, c); err != nil {
		return err
	}
	return wrap(tx.Commit(), "set consent")
}

// Consent returns the member's decision, or one with state ConsentNone when
// none was recorded.
func (db *DB) Consent(ctx context.Context, groupID int64, userID string) (*bot.Consent, error) {
	c := bot.Consent{GroupID: groupID, UserID: userID}
	var decided int64
	err := db.read.QueryRowContext(ctx, `SELECT state, version, decided_at FROM consents
		WHERE group_id = ? AND user_id = ?`, groupID, userID).Scan(&c.State, &c.Version, &decided)
	if errors.Is(err, sql.ErrNoRows) {
		c.State = bot.ConsentNone
		return &c, nil
	}
	if err != nil {
		return nil, wrap(err, "consent")
	}
	c.DecidedAt = decTime(decided)
	return &c, nil
}

// AddLeave stores a period during which the member is excused. ENotFound if
// the group does not exist; EInvalid if the period ends before it starts.
func (db *DB) AddLeave(ctx context.Context, l *bot.Leave) error {
	if err := checkTimes(l.From, l.To); err != nil {
		return err
	}
	if l.To.Before(l.From) {
		return bot.Errorf(bot.EInvalid, "A leave cannot end before it starts.")
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return wrap(err, "add leave")
	}
	defer tx.Rollback()

	if err := insertLeave(ctx, tx, l); err != nil {
		return err
	}
	return wrap(tx.Commit(), "add leave")
}

// Leaves returns the group's leaves ordered by start.
func (db *DB) Leaves(ctx context.Context, groupID int64) ([]*bot.Leave, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT group_id, user_id, from_at, to_at FROM leaves
		WHERE group_id = ? ORDER BY from_at, id`, groupID)
	if err != nil {
		return nil, wrap(err, "leaves")
	}
	defer rows.Close()
	var ls []*bot.Leave
	for rows.Next() {
		var l bot.Leave
		var from, to int64
		if err := rows.Scan(&l.GroupID, &l.UserID, &from, &to); err != nil {
			return nil, wrap(err, "leaves")
		}
		l.From, l.To = decTime(from), decTime(to)
		ls = append(ls, &l)
	}
	return ls, wrap(rows.Err(), "leaves")
}

func upsertConsent(ctx context.Context, tx *sql.Tx, c *bot.Consent) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO consents (group_id, user_id, state, version, decided_at)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (group_id, user_id) DO UPDATE SET
			state = excluded.state, version = excluded.version, decided_at = excluded.decided_at`,
		c.GroupID, c.UserID, string(c.State), c.Version, encTime(c.DecidedAt))
	if err != nil {
		return constraint(err, "set consent", "", msgNoGroup)
	}
	if c.State == bot.ConsentAccepted || c.State == bot.ConsentDeclined {
		_, err = tx.ExecContext(ctx, `INSERT INTO consent_history (group_id, user_id, state, version, decided_at)
			VALUES (?, ?, ?, ?, ?)`, c.GroupID, c.UserID, string(c.State), c.Version, encTime(c.DecidedAt))
		if err != nil {
			return constraint(err, "set consent", "", msgNoGroup)
		}
	}
	return nil
}

// ConsentHistory returns every decision the member made in the group,
// oldest first.
func (db *DB) ConsentHistory(ctx context.Context, groupID int64, userID string) ([]*bot.Consent, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT state, version, decided_at FROM consent_history
		WHERE group_id = ? AND user_id = ? ORDER BY decided_at, id`, groupID, userID)
	if err != nil {
		return nil, wrap(err, "consent history")
	}
	defer rows.Close()
	var out []*bot.Consent
	for rows.Next() {
		c := bot.Consent{GroupID: groupID, UserID: userID}
		var decided int64
		if err := rows.Scan(&c.State, &c.Version, &decided); err != nil {
			return nil, wrap(err, "consent history")
		}
		c.DecidedAt = decTime(decided)
		out = append(out, &c)
	}
	return out, wrap(rows.Err(), "consent history")
}

func insertLeave(ctx context.Context, tx *sql.Tx, l *bot.Leave) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO leaves (group_id, user_id, from_at, to_at) VALUES (?, ?, ?, ?)`,
		l.GroupID, l.UserID, encTime(l.From), encTime(l.To))
	if err != nil {
		return constraint(err, "add leave", "", msgNoGroup)
	}
	return nil
}
