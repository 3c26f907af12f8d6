package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"groupwork/bot"
)

// MemberLevels returns the group's levels, of one user when userID is not "".
func (db *DB) MemberLevels(ctx context.Context, groupID int64, userID string) ([]*bot.MemberLevel, error) {
	ls, err := queryAll(ctx, db.read, func(s scanner) (*bot.MemberLevel, error) {
		l := bot.MemberLevel{GroupID: groupID}
		var at int64
		if err := s.Scan(&l.UserID, &l.Family, &l.Level, &l.Locked, &l.SetBy, &l.Reason, &at); err != nil {
			return nil, err
		}
		l.UpdatedAt = decTime(at)
		return &l, nil
	}, `SELECT user_id, family, level, locked, set_by, reason, updated_at FROM member_levels
		WHERE group_id = ? AND (? = '' OR user_id = ?) ORDER BY user_id, family`, groupID, userID, userID)
	return ls, wrap(err, "member levels")
}

// SetMemberLevel stores l, replacing the member's level in its family.
func (db *DB) SetMemberLevel(ctx context.Context, l *bot.MemberLevel) error {
	if err := checkTimes(l.UpdatedAt); err != nil {
		return err
	}
	if l.Level < 1 {
		return bot.Errorf(bot.EInvalid, "A level is a number from 1.")
	}
	return db.inTx(ctx, "set member level", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO member_levels (group_id, user_id, family, level, locked, set_by, reason, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (group_id, user_id, family) DO UPDATE SET level = excluded.level, locked = excluded.locked,
				set_by = excluded.set_by, reason = excluded.reason, updated_at = excluded.updated_at`,
			l.GroupID, l.UserID, l.Family, l.Level, l.Locked, l.SetBy, l.Reason, encTime(l.UpdatedAt))
		if err != nil {
			return constraint(err, "set member level", "", "There is no such group.")
		}
		return nil
	})
}

// StartAttempt stores a unless the (run, user) has an attempt, and returns
// the stored one.
func (db *DB) StartAttempt(ctx context.Context, a *bot.Attempt) (*bot.Attempt, error) {
	if err := checkTimes(a.StartedAt); err != nil {
		return nil, err
	}
	if a.Level < 1 || a.Form < 0 {
		return nil, bot.Errorf(bot.EInvalid, "An attempt needs a level from 1 and a form from 0.")
	}
	var out *bot.Attempt
	err := db.inTx(ctx, "start attempt", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO level_attempts (run_id, user_id, family, level, form, started_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, user_id) DO NOTHING`,
			a.RunID, a.UserID, a.Family, a.Level, a.Form, encTime(a.StartedAt))
		if err != nil {
			return constraint(err, "start attempt", "", msgNoRun)
		}
		out, err = scanAttempt(tx.QueryRowContext(ctx, attemptSelect+` WHERE run_id = ? AND user_id = ?`, a.RunID, a.UserID))
		return err
	})
	return out, err
}

// FinishAttempt scores a started attempt once. ENotFound when it was never started.
func (db *DB) FinishAttempt(ctx context.Context, runID int64, userID string, points, max int, at time.Time) error {
	if err := checkTimes(at); err != nil {
		return err
	}
	return db.inTx(ctx, "finish attempt", func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM level_attempts WHERE run_id = ? AND user_id = ?`, runID, userID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return bot.Errorf(bot.ENotFound, "That attempt was never started.")
		}
		_, err := tx.ExecContext(ctx, `UPDATE level_attempts SET points = ?, max = ?, finished_at = ?
			WHERE run_id = ? AND user_id = ? AND finished_at IS NULL`, points, max, encTime(at), runID, userID)
		return err
	})
}

// ExtendAttempt adds extra time to a started attempt. ENotFound when it was never started.
func (db *DB) ExtendAttempt(ctx context.Context, runID int64, userID string, extra time.Duration) error {
	if extra <= 0 {
		return bot.Errorf(bot.EInvalid, "Extra time must be more than nothing.")
	}
	return db.inTx(ctx, "extend attempt", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE level_attempts SET extra_ms = extra_ms + ? WHERE run_id = ? AND user_id = ?`,
			extra.Milliseconds(), runID, userID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = bot.Errorf(bot.ENotFound, "That attempt was never started.")
			}
			return err
		}
		return nil
	})
}

// Attempts returns the group's attempts, filtered by user and family when
// they are not "", in order of start.
func (db *DB) Attempts(ctx context.Context, groupID int64, userID, family string) ([]*bot.Attempt, error) {
	as, err := queryAll(ctx, db.read, scanAttempt, attemptSelect+` WHERE run_id IN (SELECT id FROM runs WHERE group_id = ?)
		AND (? = '' OR user_id = ?) AND (? = '' OR family = ?) ORDER BY started_at, run_id, user_id`,
		groupID, userID, userID, family, family)
	return as, wrap(err, "attempts")
}

const attemptSelect = `SELECT run_id, user_id, family, level, form, started_at, finished_at, points, max, extra_ms FROM level_attempts`

func scanAttempt(s scanner) (*bot.Attempt, error) {
	var a bot.Attempt
	var start int64
	var fin sql.NullInt64
	var extra int64
	if err := s.Scan(&a.RunID, &a.UserID, &a.Family, &a.Level, &a.Form, &start, &fin, &a.Points, &a.Max, &extra); err != nil {
		return nil, err
	}
	a.Extra = time.Duration(extra) * time.Millisecond
	a.StartedAt, a.FinishedAt = decTime(start), decNullTime(fin)
	return &a, nil
}

// ShowScores reports whether the group's members see raw scores.
func (db *DB) ShowScores(ctx context.Context, groupID int64) (bool, error) {
	var show bool
	err := db.read.QueryRowContext(ctx, `SELECT show_scores FROM level_settings WHERE group_id = ?`, groupID).Scan(&show)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return show, wrap(err, "show scores")
}

// SetShowScores sets whether the group's members see raw scores.
func (db *DB) SetShowScores(ctx context.Context, groupID int64, show bool) error {
	return db.inTx(ctx, "set show scores", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO level_settings (group_id, show_scores) VALUES (?, ?)
			ON CONFLICT (group_id) DO UPDATE SET show_scores = excluded.show_scores`, groupID, show)
		if err != nil {
			return constraint(err, "set show scores", "", "There is no such group.")
		}
		return nil
	})
}

// ExtendWindow lets a member answer a run until until, once.
func (db *DB) ExtendWindow(ctx context.Context, runID int64, userID string, until time.Time) error {
	if err := checkTimes(until); err != nil {
		return err
	}
	return db.inTx(ctx, "extend window", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO window_extensions (run_id, user_id, until) VALUES (?, ?, ?)`, runID, userID, encTime(until))
		if err != nil {
			return constraint(err, "extend window", "You already have more time for this exercise.", msgNoRun)
		}
		return nil
	})
}

// WindowExtensions returns a run's extensions by user.
func (db *DB) WindowExtensions(ctx context.Context, runID int64) (map[string]time.Time, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT user_id, until FROM window_extensions WHERE run_id = ?`, runID)
	if err != nil {
		return nil, wrap(err, "window extensions")
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var u string
		var at int64
		if err := rows.Scan(&u, &at); err != nil {
			return nil, wrap(err, "window extensions")
		}
		out[u] = decTime(at)
	}
	return out, wrap(rows.Err(), "window extensions")
}
