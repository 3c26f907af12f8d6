package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"groupwork/bot"
)

// GroupSettings returns the group's safety settings, zero when none were set.
func (db *DB) GroupSettings(ctx context.Context, groupID int64) (*bot.GroupSettings, error) {
	s := bot.GroupSettings{GroupID: groupID}
	var ended sql.NullInt64
	err := db.read.QueryRowContext(ctx, `SELECT footer, retention_days, backup_user, ended_at, ended_by
		FROM group_settings WHERE group_id = ?`, groupID).Scan(&s.Footer, &s.RetentionDays, &s.BackupUserID, &ended, &s.EndedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return &s, nil
	}
	if err != nil {
		return nil, wrap(err, "group settings")
	}
	s.EndedAt = decNullTime(ended)
	return &s, nil
}

// SetGroupSettings replaces the group's safety settings.
func (db *DB) SetGroupSettings(ctx context.Context, s *bot.GroupSettings) error {
	if s.EndedAt != nil {
		if err := checkTimes(*s.EndedAt); err != nil {
			return err
		}
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return wrap(err, "set group settings")
	}
	defer tx.Rollback()
	_, err = tx.ExecContext(ctx, `INSERT INTO group_settings (group_id, footer, retention_days, backup_user, ended_at, ended_by)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (group_id) DO UPDATE SET footer = excluded.footer, retention_days = excluded.retention_days,
			backup_user = excluded.backup_user, ended_at = excluded.ended_at, ended_by = excluded.ended_by`,
		s.GroupID, s.Footer, s.RetentionDays, s.BackupUserID, encNullTime(s.EndedAt), s.EndedBy)
	if err != nil {
		return constraint(err, "set group settings", "", msgNoGroup)
	}
	return wrap(tx.Commit(), "set group settings")
}

// Keywords returns the group's keyword rules, sorted.
func (db *DB) Keywords(ctx context.Context, groupID int64) ([]string, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT keyword FROM group_keywords WHERE group_id = ? ORDER BY keyword`, groupID)
	if err != nil {
		return nil, wrap(err, "keywords")
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, wrap(err, "keywords")
		}
		out = append(out, k)
	}
	return out, wrap(rows.Err(), "keywords")
}

// AddKeyword adds a keyword rule; EConflict when the group has it.
func (db *DB) AddKeyword(ctx context.Context, groupID int64, keyword string) error {
	return db.inTx(ctx, "add keyword", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO group_keywords (group_id, keyword) VALUES (?, ?)`, groupID, keyword); err != nil {
			return constraint(err, "add keyword", "This group already has that keyword.", msgNoGroup)
		}
		return nil
	})
}

// RemoveKeyword removes a keyword rule; ENotFound when the group lacks it.
func (db *DB) RemoveKeyword(ctx context.Context, groupID int64, keyword string) error {
	return db.inTx(ctx, "remove keyword", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM group_keywords WHERE group_id = ? AND keyword = ?`, groupID, keyword)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errors.Join(err, notFound("This group has no such keyword."))
		}
		return nil
	})
}

// inTx runs fn in one write transaction and commits it.
func (db *DB) inTx(ctx context.Context, op string, fn func(tx *sql.Tx) error) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return wrap(err, op)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return wrap(err, op)
	}
	return wrap(tx.Commit(), op)
}

// RaiseAlert stores a new alert unless the same rule has an open one for the
// same run, member and step.
func (db *DB) RaiseAlert(ctx context.Context, a *bot.SafetyAlert) (bool, error) {
	if err := checkTimes(a.RaisedAt); err != nil {
		return false, err
	}
	var run sql.NullInt64
	if a.RunID != 0 {
		run = sql.NullInt64{Int64: a.RunID, Valid: true}
	}
	created := false
	err := db.inTx(ctx, "raise alert", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO alerts (group_id, user_id, run_id, exercise_id, step_id, rule, reason, raised_at, answer_version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			a.GroupID, a.UserID, run, a.ExerciseID, a.StepID, a.Rule, a.Reason, encTime(a.RaisedAt), sql.NullInt64{Int64: a.AnswerVersion, Valid: a.AnswerVersion != 0})
		if err != nil {
			return constraint(err, "raise alert", "", msgNoGroup)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			created = true
			a.ID, err = res.LastInsertId()
		}
		return err
	})
	return created, err
}

const selectAlert = `SELECT id, group_id, user_id, coalesce(run_id, 0), exercise_id, step_id, rule, reason,
	raised_at, sent_at, sends, acked_by, acked_at, note, note_key, coalesce(answer_version, 0) FROM alerts`

func (db *DB) queryAlerts(ctx context.Context, query string, args ...any) ([]*bot.SafetyAlert, error) {
	rows, err := db.read.QueryContext(ctx, selectAlert+" "+query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*bot.SafetyAlert
	for rows.Next() {
		var a bot.SafetyAlert
		var raised, sent int64
		var acked sql.NullInt64
		var note []byte
		var noteKey string
		if err := rows.Scan(&a.ID, &a.GroupID, &a.UserID, &a.RunID, &a.ExerciseID, &a.StepID, &a.Rule, &a.Reason,
			&raised, &sent, &a.Sends, &a.AckedBy, &acked, &note, &noteKey, &a.AnswerVersion); err != nil {
			return nil, err
		}
		a.RaisedAt, a.SentAt, a.AckedAt = decTime(raised), decTime(sent), decNullTime(acked)
		if a.Note, err = db.openText(noteKey, note, noteAAD(a.ID)); err != nil {
			return nil, err
		}
		out = append(out, &a)
	}
	return out, rows.Err()
}

// Alert returns one alert of the group.
func (db *DB) Alert(ctx context.Context, groupID, id int64) (*bot.SafetyAlert, error) {
	as, err := db.queryAlerts(ctx, `WHERE group_id = ? AND id = ?`, groupID, id)
	if err != nil {
		return nil, wrap(err, "alert")
	}
	if len(as) == 0 {
		return nil, notFound("This group has no alert with that number.")
	}
	return as[0], nil
}

// Alerts returns the group's alerts (open ones only when open), newest first.
func (db *DB) Alerts(ctx context.Context, groupID int64, open bool) ([]*bot.SafetyAlert, error) {
	as, err := db.queryAlerts(ctx, `WHERE group_id = ? AND (? = 0 OR acked_at IS NULL) ORDER BY raised_at DESC, id DESC`, groupID, open)
	return as, wrap(err, "alerts")
}

// AlertsAbout returns the alerts about one member, newest first.
func (db *DB) AlertsAbout(ctx context.Context, groupID int64, userID string) ([]*bot.SafetyAlert, error) {
	as, err := db.queryAlerts(ctx, `WHERE group_id = ? AND user_id = ? ORDER BY raised_at DESC, id DESC`, groupID, userID)
	return as, wrap(err, "alerts about")
}

// UnsentAlerts returns open alerts of every group last sent at or before t.
func (db *DB) UnsentAlerts(ctx context.Context, t time.Time) ([]*bot.SafetyAlert, error) {
	as, err := db.queryAlerts(ctx, `WHERE acked_at IS NULL AND sent_at <= ? ORDER BY sent_at, id`, encTime(t))
	return as, wrap(err, "unsent alerts")
}

// MarkAlertSent records a (re)send.
func (db *DB) MarkAlertSent(ctx context.Context, id int64, at time.Time) error {
	return db.inTx(ctx, "mark alert sent", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE alerts SET sent_at = ?, sends = sends + 1 WHERE id = ?`, encTime(at), id)
		return err
	})
}

// AckAlert records the acknowledgement; EConflict when already acknowledged.
func (db *DB) AckAlert(ctx context.Context, groupID, id int64, by, note string, at time.Time) error {
	if err := checkTimes(at); err != nil {
		return err
	}
	keyID, sealed, err := db.sealText(note, noteAAD(id))
	if err != nil {
		return wrap(err, "ack alert")
	}
	return db.inTx(ctx, "ack alert", func(tx *sql.Tx) error {
		var acked sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT acked_at FROM alerts WHERE group_id = ? AND id = ?`, groupID, id).Scan(&acked)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("This group has no alert with that number.")
		}
		if err != nil {
			return err
		}
		if acked.Valid {
			return bot.Errorf(bot.EConflict, "Alert %d was already acknowledged.", id)
		}
		_, err = tx.ExecContext(ctx, `UPDATE alerts SET acked_by = ?, acked_at = ?, note = ?, note_key = ? WHERE id = ?`,
			by, encTime(at), sealed, keyID, id)
		return err
	})
}

// Purge deletes the answers, participation and alerts of the group's runs
// opened before cutoff (see bot.ErasureStore), then truncates the WAL.
func (db *DB) Purge(ctx context.Context, groupID int64, cutoff time.Time) (bot.PurgeCounts, error) {
	var c bot.PurgeCounts
	if err := checkTimes(cutoff); err != nil {
		return c, err
	}
	err := db.inTx(ctx, "purge", func(tx *sql.Tx) error {
		runs := `SELECT id FROM runs WHERE group_id = ? AND opened_at < ?`
		var err error
		if c.Answers, err = execCount(ctx, tx, `DELETE FROM answers WHERE run_id IN (`+runs+`)`, groupID, encTime(cutoff)); err != nil {
			return err
		}
		if c.Participation, err = execCount(ctx, tx, `DELETE FROM participation WHERE run_id IN (`+runs+`)`, groupID, encTime(cutoff)); err != nil {
			return err
		}
		// Scores of levelled exercises are read from answers: they go with them.
		if _, err := tx.ExecContext(ctx, `DELETE FROM level_attempts WHERE run_id IN (`+runs+`)`, groupID, encTime(cutoff)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM window_extensions WHERE run_id IN (`+runs+`)`, groupID, encTime(cutoff)); err != nil {
			return err
		}
		sessions := `SELECT id FROM live_sessions WHERE group_id = ? AND started_at < ?`
		n, err := execCount(ctx, tx, `DELETE FROM attendance_marks WHERE session_id IN (`+sessions+`)`, groupID, encTime(cutoff))
		if err != nil {
			return err
		}
		c.Participation += n
		if n, err = purgeLiveHour(ctx, tx, groupID, encTime(cutoff)); err != nil { // livehour.go
			return err
		}
		c.Answers += n
		if _, err := tx.ExecContext(ctx, `DELETE FROM voice_presence WHERE group_id = ? AND at < ?`, groupID, encTime(cutoff)); err != nil {
			return err
		}
		// Strategies on the board are what members wrote: kept no longer than answers.
		if _, err := tx.ExecContext(ctx, `DELETE FROM strategy_marks WHERE strategy_id IN (SELECT id FROM strategies WHERE group_id = ? AND created_at < ?)`, groupID, encTime(cutoff)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM strategies WHERE group_id = ? AND created_at < ?`, groupID, encTime(cutoff)); err != nil {
			return err
		}
		c.Alerts, err = execCount(ctx, tx, `DELETE FROM alerts WHERE group_id = ? AND raised_at < ? AND acked_at IS NOT NULL`, groupID, encTime(cutoff))
		return err
	})
	if err != nil {
		return c, err
	}
	// Always, so that a truncation deferred by a busy reader happens now.
	return c, db.checkpoint(ctx)
}

// Forget erases a member of a group: see bot.ErasureStore.
func (db *DB) Forget(ctx context.Context, groupID int64, userID, anonID string, keepCounts bool, at time.Time) (bot.PurgeCounts, error) {
	var c bot.PurgeCounts
	if err := checkTimes(at); err != nil {
		return c, err
	}
	err := db.inTx(ctx, "forget", func(tx *sql.Tx) error {
		runs := `SELECT id FROM runs WHERE group_id = ?`
		var err error
		if c.Answers, err = execCount(ctx, tx, `DELETE FROM answers WHERE user_id = ? AND run_id IN (`+runs+`)`, userID, groupID); err != nil {
			return err
		}
		sessions := `SELECT id FROM live_sessions WHERE group_id = ?`
		if keepCounts {
			_, err = tx.ExecContext(ctx, `UPDATE participation SET user_id = ? WHERE user_id = ? AND run_id IN (`+runs+`)`, anonID, userID, groupID)
			if err == nil {
				_, err = tx.ExecContext(ctx, `UPDATE attendance_marks SET user_id = ? WHERE user_id = ? AND session_id IN (`+sessions+`)`, anonID, userID, groupID)
			}
		} else {
			c.Participation, err = execCount(ctx, tx, `DELETE FROM participation WHERE user_id = ? AND run_id IN (`+runs+`)`, userID, groupID)
			if err == nil {
				_, err = tx.ExecContext(ctx, `DELETE FROM attendance_marks WHERE user_id = ? AND session_id IN (`+sessions+`)`, userID, groupID)
			}
		}
		if err == nil {
			err = forgetLiveHour(ctx, tx, groupID, userID, anonID, keepCounts) // livehour.go
		}
		if err != nil {
			return err
		}
		stmts := []struct {
			q    string
			args []any
		}{
			{`DELETE FROM consents WHERE group_id = ? AND user_id = ?`, []any{groupID, userID}},
			{`DELETE FROM consent_history WHERE group_id = ? AND user_id = ?`, []any{groupID, userID}},
			{`DELETE FROM leaves WHERE group_id = ? AND user_id = ?`, []any{groupID, userID}},
			{`DELETE FROM voice_presence WHERE group_id = ? AND user_id = ?`, []any{groupID, userID}},
			{`DELETE FROM member_zones WHERE group_id = ? AND user_id = ?`, []any{groupID, userID}},
			// The strategy board keeps a strategy only when its author agreed
			// to leave it without their name; their marks go.
			{`DELETE FROM strategy_marks WHERE user_id = ? AND strategy_id IN (SELECT id FROM strategies WHERE group_id = ?)`, []any{userID, groupID}},
			{`DELETE FROM strategy_marks WHERE strategy_id IN (SELECT id FROM strategies WHERE group_id = ? AND author_id = ? AND keep_anon = 0)`, []any{groupID, userID}},
			{`DELETE FROM strategies WHERE group_id = ? AND author_id = ? AND keep_anon = 0`, []any{groupID, userID}},
			{`UPDATE strategies SET author_id = '', proposed = '' WHERE group_id = ? AND author_id = ?`, []any{groupID, userID}},
			{`DELETE FROM member_levels WHERE group_id = ? AND user_id = ?`, []any{groupID, userID}},
			{`DELETE FROM level_attempts WHERE user_id = ? AND run_id IN (SELECT id FROM runs WHERE group_id = ?)`, []any{userID, groupID}},
			{`DELETE FROM window_extensions WHERE user_id = ? AND run_id IN (SELECT id FROM runs WHERE group_id = ?)`, []any{userID, groupID}},
			{`UPDATE attendance_marks SET marked_by = ? WHERE marked_by = ? AND session_id IN (SELECT id FROM live_sessions WHERE group_id = ?)`, []any{anonID, userID, groupID}},
			// Reminder keys name the user ("nudge-<run>-<user>").
			{`DELETE FROM notices WHERE key LIKE 'nudge-%' AND substr(key, -length(?)) = ? AND key IN (
				SELECT 'nudge-' || id || '-' || ? FROM runs WHERE group_id = ?)`, []any{userID, userID, userID, groupID}},
			// So do the engagement and deterioration notices (core/engagement.go, core/measures_notice.go).
			{`DELETE FROM notices WHERE key IN (SELECT kind || id || '-' || ? FROM runs, (SELECT 'missed-' AS kind UNION ALL SELECT 'deteriorated-') WHERE group_id = ?)`, []any{userID, groupID}},
			{`UPDATE memberships SET user_id = ?, display_name = 'erased member' WHERE group_id = ? AND user_id = ?`, []any{anonID, groupID, userID}},
			{`UPDATE memberships SET left_at = ? WHERE group_id = ? AND user_id = ? AND left_at IS NULL`, []any{encTime(at), groupID, anonID}},
			{`UPDATE alerts SET user_id = ? WHERE group_id = ? AND user_id = ?`, []any{anonID, groupID, userID}},
			{`UPDATE alerts SET note = '', note_key = '' WHERE group_id = ? AND user_id = ?`, []any{groupID, anonID}},
			{`UPDATE audit SET subjects = (SELECT json_group_array(CASE WHEN value = ? THEN ? ELSE value END) FROM json_each(audit.subjects))
				WHERE group_id = ? AND EXISTS (SELECT 1 FROM json_each(audit.subjects) WHERE value = ?)`, []any{userID, anonID, groupID, userID}},
			{`UPDATE audit SET actor_id = ? WHERE group_id = ? AND actor_id = ?`, []any{anonID, groupID, userID}},
		}
		for _, s := range stmts {
			if _, err := tx.ExecContext(ctx, s.q, s.args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return c, err
	}
	return c, db.checkpoint(ctx)
}

func execCount(ctx context.Context, tx *sql.Tx, q string, args ...any) (int, error) {
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// checkpoint copies the WAL into the database file and truncates it to zero
// bytes, so that text deleted under secure_delete (zeroed in the database
// pages) no longer survives in old WAL frames. It runs on the single write
// connection, waiting at most checkpointWait for readers to finish: the
// checkpoint holds the write lock while it waits, and a reader that stays
// longer makes it return bot.ErrNotTruncated, which the core retries on its
// maintenance loop until it succeeds.
func (db *DB) checkpoint(ctx context.Context) error {
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	defer conn.Close()
	// The connection is ours alone until Close: a PRAGMA on it changes no
	// other connection, and the DSN's value is put back before release.
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA busy_timeout = %d`, checkpointWait.Milliseconds())); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA busy_timeout = `+busyTimeoutMS)
	var busy, logFrames, done int
	if err := conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &done); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	if busy != 0 {
		return bot.ErrNotTruncated
	}
	return nil
}

// checkpointWait bounds how long a truncating checkpoint blocks writers
// while waiting for readers; a deferred truncation is retried later.
const checkpointWait = 250 * time.Millisecond

// Checkpoint copies the WAL into the database and truncates it to zero
// bytes. It returns (wrapped) bot.ErrNotTruncated when a reader kept it from
// truncating; calling it again later is safe.
func (db *DB) Checkpoint(ctx context.Context) error { return db.checkpoint(ctx) }
