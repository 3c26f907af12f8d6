package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"time"

	"groupwork/bot"
)

// CreateRun stores r, sets r.ID, and stores parts (their RunID set to r.ID)
// as the run's initial participation, in one transaction. ENotFound if the
// group does not exist; EConflict if parts names a user twice.
func (db *DB) CreateRun(ctx context.Context, r *bot.Run, parts []*bot.Participation) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return wrap(err, "create run")
	}
	defer tx.Rollback()

	if err := insertRunWithParts(ctx, tx, r, parts); err != nil {
		return err
	}
	return wrap(tx.Commit(), "create run")
}

// insertRunWithParts stores r (setting r.ID) and its initial participation.
func insertRunWithParts(ctx context.Context, tx *sql.Tx, r *bot.Run, parts []*bot.Participation) error {
	if err := insertRun(ctx, tx, r); err != nil {
		return err
	}
	for _, p := range parts {
		p.RunID = r.ID
		if err := upsertParticipation(ctx, tx, p, false); err != nil {
			return err
		}
	}
	return nil
}

// Run returns the run with the given id.
func (db *DB) Run(ctx context.Context, id int64) (*bot.Run, error) {
	r, err := scanRun(db.read.QueryRowContext(ctx, selectRun+` WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(msgNoRun)
	}
	return r, wrap(err, "run")
}

// Runs returns the group's runs opened in [from, to), oldest first. A zero
// from or to leaves that end unbounded.
func (db *DB) Runs(ctx context.Context, groupID int64, from, to time.Time) ([]*bot.Run, error) {
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if !from.IsZero() {
		lo = encTime(from)
	}
	if !to.IsZero() {
		hi = encTime(to)
	}
	rs, err := queryRuns(ctx, db.read, selectRun+`
		WHERE group_id = ? AND opened_at >= ? AND opened_at < ?
		ORDER BY opened_at, id`, groupID, lo, hi)
	return rs, wrap(err, "runs")
}

// OpenRuns returns the runs not yet closed, of every group when groupID is 0,
// oldest first.
func (db *DB) OpenRuns(ctx context.Context, groupID int64) ([]*bot.Run, error) {
	rs, err := queryRuns(ctx, db.read, selectRun+`
		WHERE closed_at IS NULL AND (? = 0 OR group_id = ?)
		ORDER BY opened_at, id`, groupID, groupID)
	return rs, wrap(err, "open runs")
}

// SetRunMessage records the platform message that carries the run's prompt.
func (db *DB) SetRunMessage(ctx context.Context, runID int64, messageID string) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return wrap(err, "set run message")
	}
	defer tx.Rollback()

	res, err := tx.ExecContext(ctx, `UPDATE runs SET message_id = ? WHERE id = ?`, messageID, runID)
	if err != nil {
		return wrap(err, "set run message")
	}
	if err := mustAffect(res, msgNoRun); err != nil {
		return wrap(err, "set run message")
	}
	return wrap(tx.Commit(), "set run message")
}

// CloseRun marks the run closed at t and turns its pending participation into
// missed, in one transaction. Closing a closed run changes nothing and
// returns nil. Partial participation stays partial: it was set by SaveAnswer.
func (db *DB) CloseRun(ctx context.Context, runID int64, at time.Time) error {
	if err := checkTimes(at); err != nil {
		return err
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return wrap(err, "close run")
	}
	defer tx.Rollback()

	closed, err := closeRun(ctx, tx, runID, at)
	if err != nil {
		return wrap(err, "close run")
	}
	if !closed {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE participation SET status = ?, updated_at = ?
		WHERE run_id = ? AND status = ?`,
		string(bot.StatusMissed), encTime(at), runID, string(bot.StatusPending)); err != nil {
		return wrap(err, "close run")
	}
	return wrap(tx.Commit(), "close run")
}

// Participation returns the rows of one run, ordered by user id.
func (db *DB) Participation(ctx context.Context, runID int64) ([]*bot.Participation, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT run_id, user_id, status, updated_at FROM participation
		WHERE run_id = ? ORDER BY user_id`, runID)
	if err != nil {
		return nil, wrap(err, "participation")
	}
	defer rows.Close()
	var ps []*bot.Participation
	for rows.Next() {
		var p bot.Participation
		var updated int64
		if err := rows.Scan(&p.RunID, &p.UserID, &p.Status, &updated); err != nil {
			return nil, wrap(err, "participation")
		}
		p.UpdatedAt = decTime(updated)
		ps = append(ps, &p)
	}
	return ps, wrap(rows.Err(), "participation")
}

// SetParticipation upserts one row. ENotFound if the run does not exist;
// EInvalid for an unknown status.
func (db *DB) SetParticipation(ctx context.Context, p *bot.Participation) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return wrap(err, "set participation")
	}
	defer tx.Rollback()

	if err := upsertParticipation(ctx, tx, p, true); err != nil {
		return err
	}
	return wrap(tx.Commit(), "set participation")
}

func insertRun(ctx context.Context, tx *sql.Tx, r *bot.Run) error {
	if err := checkTimes(r.OpenedAt, r.ClosesAt); err != nil {
		return err
	}
	if r.ClosedAt != nil {
		if err := checkTimes(*r.ClosedAt); err != nil {
			return err
		}
	}
	def := r.Definition
	if def == nil {
		def = []byte{} // the driver binds a nil slice as NULL
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO runs
		(group_id, exercise_id, version, definition, opened_at, closes_at, closed_at, started_by, message_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.GroupID, r.ExerciseID, r.Version, def, encTime(r.OpenedAt), encTime(r.ClosesAt),
		encNullTime(r.ClosedAt), r.StartedBy, r.MessageID)
	if err != nil {
		return constraint(err, "create run", "", msgNoGroup)
	}
	if r.ID, err = res.LastInsertId(); err != nil {
		return wrap(err, "create run")
	}
	return nil
}

// closeRun sets closed_at if the run is open and reports whether it did.
func closeRun(ctx context.Context, tx *sql.Tx, runID int64, at time.Time) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE runs SET closed_at = ? WHERE id = ? AND closed_at IS NULL`,
		encTime(at), runID)
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return n == 1, err
	}
	var exists bool
	err = tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM runs WHERE id = ?)`, runID).Scan(&exists)
	if err == nil && !exists {
		err = notFound(msgNoRun)
	}
	return false, err
}

// upsertParticipation inserts or replaces p. With replace false a second row
// for the same user is a conflict.
func upsertParticipation(ctx context.Context, tx *sql.Tx, p *bot.Participation, replace bool) error {
	if err := checkTimes(p.UpdatedAt); err != nil {
		return err
	}
	q := `INSERT INTO participation (run_id, user_id, status, updated_at) VALUES (?, ?, ?, ?)`
	if replace {
		q += ` ON CONFLICT (run_id, user_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`
	}
	_, err := tx.ExecContext(ctx, q, p.RunID, p.UserID, string(p.Status), encTime(p.UpdatedAt))
	if err != nil {
		return constraint(err, "set participation", "That person is listed twice for this run.", msgNoRun)
	}
	return nil
}

// mustAffect turns an update that matched no row into ENotFound.
func mustAffect(res sql.Result, msg string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound(msg)
	}
	return nil
}

const selectRun = `SELECT id, group_id, exercise_id, version, definition, opened_at, closes_at, closed_at,
	started_by, message_id FROM runs`

func scanRun(s scanner) (*bot.Run, error) {
	var r bot.Run
	var opened, closes int64
	var closed sql.NullInt64
	if err := s.Scan(&r.ID, &r.GroupID, &r.ExerciseID, &r.Version, &r.Definition, &opened, &closes, &closed,
		&r.StartedBy, &r.MessageID); err != nil {
		return nil, err
	}
	r.OpenedAt, r.ClosesAt, r.ClosedAt = decTime(opened), decTime(closes), decNullTime(closed)
	return &r, nil
}

func queryRuns(ctx context.Context, q queryer, query string, args ...any) ([]*bot.Run, error) {
	return queryAll(ctx, q, scanRun, query, args...)
}
