package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"groupwork/bot"
)

const msgNoSchedule = "That schedule does not exist. Type /schedule list to see the numbers."

// AddSchedule stores s and sets s.ID. ENotFound if the group does not exist.
func (db *DB) AddSchedule(ctx context.Context, s *bot.Schedule) error {
	if err := checkTimes(s.CreatedAt, s.NextAt); err != nil {
		return err
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return wrap(err, "add schedule")
	}
	defer tx.Rollback()

	res, err := tx.ExecContext(ctx, `INSERT INTO schedules
		(group_id, exercise_id, rule, window_ns, remind_ns, created_by, created_at, next_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		s.GroupID, s.ExerciseID, s.When, int64(s.Window), int64(s.Remind), s.CreatedBy, encTime(s.CreatedAt), nullTime(s.NextAt))
	if err != nil {
		return constraint(err, "add schedule", "", msgNoGroup)
	}
	if s.ID, err = res.LastInsertId(); err != nil {
		return wrap(err, "add schedule")
	}
	return wrap(tx.Commit(), "add schedule")
}

// Schedule returns one schedule, removed or not.
func (db *DB) Schedule(ctx context.Context, id int64) (*bot.Schedule, error) {
	s, err := scanSchedule(db.read.QueryRowContext(ctx, selectSchedule+` WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(msgNoSchedule)
	}
	return s, wrap(err, "schedule")
}

// Schedules returns the group's schedules not removed, oldest first.
func (db *DB) Schedules(ctx context.Context, groupID int64) ([]*bot.Schedule, error) {
	ss, err := querySchedules(ctx, db.read, selectSchedule+` WHERE group_id = ? AND removed_at IS NULL ORDER BY id`, groupID)
	return ss, wrap(err, "schedules")
}

// RemoveSchedule marks the schedule removed. ENotFound if absent or removed.
func (db *DB) RemoveSchedule(ctx context.Context, id int64, at time.Time) error {
	return db.exec1(ctx, "remove schedule", msgNoSchedule,
		`UPDATE schedules SET removed_at = ?, next_at = NULL WHERE id = ? AND removed_at IS NULL`, encTime(at), id)
}

// SetScheduleNext sets NextAt; a zero next stops the schedule.
func (db *DB) SetScheduleNext(ctx context.Context, id int64, next time.Time) error {
	if err := checkTimes(next); err != nil {
		return err
	}
	return db.exec1(ctx, "set schedule next", msgNoSchedule,
		`UPDATE schedules SET next_at = ? WHERE id = ? AND removed_at IS NULL`, nullTime(next), id)
}

// DueSchedules returns up to limit active schedules with NextAt <= t.
func (db *DB) DueSchedules(ctx context.Context, t time.Time, limit int) ([]*bot.Schedule, error) {
	ss, err := querySchedules(ctx, db.read, selectSchedule+`
		WHERE removed_at IS NULL AND next_at IS NOT NULL AND next_at <= ?
		ORDER BY next_at, id LIMIT ?`, encTime(t), limit)
	return ss, wrap(err, "due schedules")
}

// NextScheduleAt returns the earliest NextAt of active schedules.
func (db *DB) NextScheduleAt(ctx context.Context) (time.Time, bool, error) {
	var n sql.NullInt64
	err := db.read.QueryRowContext(ctx, `SELECT min(next_at) FROM schedules
		WHERE removed_at IS NULL AND next_at IS NOT NULL`).Scan(&n)
	if err != nil || !n.Valid {
		return time.Time{}, false, wrap(err, "next schedule")
	}
	return decTime(n.Int64), true, nil
}

// ClaimFires records fires and advances their schedules in one transaction.
// The conditional update on next_at makes a stale claim (another pass got
// there first) a no-op, and the unique key makes a repeated one a no-op.
func (db *DB) ClaimFires(ctx context.Context, claims []bot.FireClaim, at time.Time) ([]*bot.Fire, error) {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return nil, wrap(err, "claim fires")
	}
	defer tx.Rollback()

	adv, err := tx.PrepareContext(ctx, `UPDATE schedules SET next_at = ? WHERE id = ? AND next_at = ? AND removed_at IS NULL`)
	if err != nil {
		return nil, wrap(err, "claim fires")
	}
	defer adv.Close()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO fires (schedule_id, group_id, scheduled_for, state, reason, updated_at)
		SELECT id, group_id, ?, ?, ?, ? FROM schedules WHERE id = ?
		ON CONFLICT (schedule_id, scheduled_for) DO NOTHING RETURNING id, group_id`)
	if err != nil {
		return nil, wrap(err, "claim fires")
	}
	defer ins.Close()
	var out []*bot.Fire
	for _, c := range claims {
		if err := checkTimes(c.ScheduledFor, c.Next); err != nil {
			return nil, err
		}
		res, err := adv.ExecContext(ctx, nullTime(c.Next), c.ScheduleID, encTime(c.ScheduledFor))
		if err != nil {
			return nil, wrap(err, "claim fires")
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err != nil {
				return nil, wrap(err, "claim fires")
			}
			continue // stale: the schedule moved on
		}
		f := &bot.Fire{ScheduleID: c.ScheduleID, ScheduledFor: c.ScheduledFor.UTC(), State: c.State, Reason: c.Reason, UpdatedAt: at}
		err = ins.QueryRowContext(ctx, encTime(c.ScheduledFor), string(c.State), c.Reason, encTime(at), c.ScheduleID).Scan(&f.ID, &f.GroupID)
		if errors.Is(err, sql.ErrNoRows) {
			continue // this instant was recorded before
		}
		if err != nil {
			return nil, constraint(err, "claim fires", "", msgNoSchedule)
		}
		out = append(out, f)
	}
	return out, wrap(tx.Commit(), "claim fires")
}

// OpenFire stores the run and moves the fire from claimed to opened.
func (db *DB) OpenFire(ctx context.Context, fireID int64, r *bot.Run, parts []*bot.Participation, at time.Time) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return wrap(err, "open fire")
	}
	defer tx.Rollback()

	if err := insertRunWithParts(ctx, tx, r, parts); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE fires SET state = 'opened', run_id = ?, updated_at = ? WHERE id = ? AND state = 'claimed'`,
		r.ID, encTime(at), fireID)
	if err != nil {
		return wrap(err, "open fire")
	}
	if err := mustAffectConflict(res); err != nil {
		return err
	}
	return wrap(tx.Commit(), "open fire")
}

// AdvanceFire moves a fire from one state to another, recording messageID on
// the fire and its run when given.
func (db *DB) AdvanceFire(ctx context.Context, fireID int64, from, to bot.FireState, messageID string, at time.Time) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return wrap(err, "advance fire")
	}
	defer tx.Rollback()

	res, err := tx.ExecContext(ctx, `UPDATE fires SET state = ?, updated_at = ?,
		message_id = CASE WHEN ? = '' THEN message_id ELSE ? END
		WHERE id = ? AND state = ?`, string(to), encTime(at), messageID, messageID, fireID, string(from))
	if err != nil {
		return wrap(err, "advance fire")
	}
	if err := mustAffectConflict(res); err != nil {
		return err
	}
	if messageID != "" {
		if _, err := tx.ExecContext(ctx, `UPDATE runs SET message_id = ?
			WHERE id = (SELECT run_id FROM fires WHERE id = ?)`, messageID, fireID); err != nil {
			return wrap(err, "advance fire")
		}
	}
	return wrap(tx.Commit(), "advance fire")
}

// UnfinishedFires returns fires not done or skipped, oldest first.
func (db *DB) UnfinishedFires(ctx context.Context) ([]*bot.Fire, error) {
	fs, err := queryFires(ctx, db.read, selectFire+` WHERE state NOT IN ('done', 'skipped') ORDER BY id`)
	return fs, wrap(err, "unfinished fires")
}

// FireOfRun returns the fire that opened the run.
func (db *DB) FireOfRun(ctx context.Context, runID int64) (*bot.Fire, error) {
	fs, err := queryFires(ctx, db.read, selectFire+` WHERE run_id = ?`, runID)
	if err != nil {
		return nil, wrap(err, "fire of run")
	}
	if len(fs) == 0 {
		return nil, notFound("That run was not opened by a schedule.")
	}
	return fs[0], nil
}

// SkippedFires returns the group's (every group's when groupID is 0) skipped
// fires for a reason ("" for any), by group and time.
func (db *DB) SkippedFires(ctx context.Context, groupID int64, reason string, unreported bool) ([]*bot.Fire, error) {
	fs, err := queryFires(ctx, db.read, selectFire+`
		WHERE (? = 0 OR group_id = ?) AND state = 'skipped' AND (? = '' OR reason = ?) AND (? = 0 OR reported = 0)
		ORDER BY group_id, scheduled_for, id`, groupID, groupID, reason, reason, unreported)
	return fs, wrap(err, "skipped fires")
}

// MarkReported sets reported on the fires.
func (db *DB) MarkReported(ctx context.Context, fireIDs []int64) error {
	if len(fireIDs) == 0 {
		return nil
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return wrap(err, "mark reported")
	}
	defer tx.Rollback()
	for _, id := range fireIDs {
		if _, err := tx.ExecContext(ctx, `UPDATE fires SET reported = 1 WHERE id = ?`, id); err != nil {
			return wrap(err, "mark reported")
		}
	}
	return wrap(tx.Commit(), "mark reported")
}

// ClaimNotice records key; false when it was recorded before.
func (db *DB) ClaimNotice(ctx context.Context, key string, at time.Time) (bool, error) {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return false, wrap(err, "claim notice")
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `INSERT INTO notices (key, claimed_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, key, encTime(at))
	if err != nil {
		return false, wrap(err, "claim notice")
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, wrap(err, "claim notice")
	}
	return n == 1, wrap(tx.Commit(), "claim notice")
}

// exec1 runs one write that must touch a row (ENotFound with msg otherwise).
func (db *DB) exec1(ctx context.Context, op, msg, query string, args ...any) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return wrap(err, op)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return constraint(err, op, "", msgNoGroup)
	}
	if err := mustAffect(res, msg); err != nil {
		return wrap(err, op)
	}
	return wrap(tx.Commit(), op)
}

func mustAffectConflict(res sql.Result) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return &bot.Error{Code: bot.EConflict, Msg: "That step was already taken."}
	}
	return nil
}

func nullTime(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: encTime(t), Valid: true}
}

const selectSchedule = `SELECT id, group_id, exercise_id, rule, window_ns, remind_ns, created_by, created_at,
	removed_at, next_at FROM schedules`

func scanSchedule(s scanner) (*bot.Schedule, error) {
	var sc bot.Schedule
	var window, remind, created int64
	var removed, next sql.NullInt64
	if err := s.Scan(&sc.ID, &sc.GroupID, &sc.ExerciseID, &sc.When, &window, &remind, &sc.CreatedBy, &created,
		&removed, &next); err != nil {
		return nil, err
	}
	sc.Window, sc.Remind = time.Duration(window), time.Duration(remind)
	sc.CreatedAt, sc.RemovedAt = decTime(created), decNullTime(removed)
	if next.Valid {
		sc.NextAt = decTime(next.Int64)
	}
	return &sc, nil
}

func querySchedules(ctx context.Context, q queryer, query string, args ...any) ([]*bot.Schedule, error) {
	return queryAll(ctx, q, scanSchedule, query, args...)
}

const selectFire = `SELECT id, schedule_id, group_id, scheduled_for, state, reason, coalesce(run_id, 0), message_id,
	reported, updated_at FROM fires`

func queryFires(ctx context.Context, q queryer, query string, args ...any) ([]*bot.Fire, error) {
	return queryAll(ctx, q, scanFire, query, args...)
}

func scanFire(s scanner) (*bot.Fire, error) {
	var f bot.Fire
	var sched, updated int64
	if err := s.Scan(&f.ID, &f.ScheduleID, &f.GroupID, &sched, &f.State, &f.Reason, &f.RunID, &f.MessageID,
		&f.Reported, &updated); err != nil {
		return nil, err
	}
	f.ScheduledFor, f.UpdatedAt = decTime(sched), decTime(updated)
	return &f, nil
}

// Calendar returns the group's calendar; a zero one when never set.
func (db *DB) Calendar(ctx context.Context, groupID int64) (*bot.Calendar, error) {
	c := &bot.Calendar{GroupID: groupID}
	var wd, min sql.NullInt64
	var length int64
	err := db.read.QueryRowContext(ctx, `SELECT session_weekday, session_minute, session_len_ns, start_date, end_date,
		paused, paused_until, end_notified, remind_ns FROM calendars WHERE group_id = ?`, groupID).
		Scan(&wd, &min, &length, &c.StartDate, &c.EndDate, &c.Paused, &c.PausedUntil, &c.EndNotified, &c.RemindBefore)
	if errors.Is(err, sql.ErrNoRows) {
		return c, nil
	}
	if err != nil {
		return nil, wrap(err, "calendar")
	}
	if wd.Valid && min.Valid {
		c.Session = &bot.SessionTime{Weekday: time.Weekday(wd.Int64), Hour: int(min.Int64 / 60), Minute: int(min.Int64 % 60),
			Duration: time.Duration(length)}
	}
	return c, nil
}

// SetCalendar stores the group's calendar. ENotFound if the group does not exist.
func (db *DB) SetCalendar(ctx context.Context, c *bot.Calendar) error {
	var wd, min sql.NullInt64
	var length int64
	if s := c.Session; s != nil {
		wd = sql.NullInt64{Int64: int64(s.Weekday), Valid: true}
		min = sql.NullInt64{Int64: int64(s.Hour*60 + s.Minute), Valid: true}
		length = int64(s.Duration)
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return wrap(err, "set calendar")
	}
	defer tx.Rollback()
	_, err = tx.ExecContext(ctx, `INSERT INTO calendars (group_id, session_weekday, session_minute, session_len_ns,
		start_date, end_date, paused, paused_until, end_notified, remind_ns) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (group_id) DO UPDATE SET session_weekday = excluded.session_weekday,
		session_minute = excluded.session_minute, session_len_ns = excluded.session_len_ns,
		start_date = excluded.start_date, end_date = excluded.end_date, paused = excluded.paused,
		paused_until = excluded.paused_until, end_notified = excluded.end_notified, remind_ns = excluded.remind_ns`,
		c.GroupID, wd, min, length, c.StartDate, c.EndDate, c.Paused, c.PausedUntil, c.EndNotified, int64(c.RemindBefore))
	if err != nil {
		return constraint(err, "set calendar", "", msgNoGroup)
	}
	return wrap(tx.Commit(), "set calendar")
}

// AddHolidays adds dates to the group's holidays.
func (db *DB) AddHolidays(ctx context.Context, groupID int64, dates []string) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return wrap(err, "add holidays")
	}
	defer tx.Rollback()
	for _, d := range dates {
		if _, err := tx.ExecContext(ctx, `INSERT INTO holidays (group_id, day) VALUES (?, ?) ON CONFLICT DO NOTHING`,
			groupID, d); err != nil {
			return constraint(err, "add holidays", "", msgNoGroup)
		}
	}
	return wrap(tx.Commit(), "add holidays")
}

// RemoveHoliday removes one date.
func (db *DB) RemoveHoliday(ctx context.Context, groupID int64, date string) error {
	return db.exec1(ctx, "remove holiday", "That date is not a holiday of this group.",
		`DELETE FROM holidays WHERE group_id = ? AND day = ?`, groupID, date)
}

// Holidays returns the group's holiday dates in order.
func (db *DB) Holidays(ctx context.Context, groupID int64) ([]string, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT day FROM holidays WHERE group_id = ? ORDER BY day`, groupID)
	if err != nil {
		return nil, wrap(err, "holidays")
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return nil, wrap(err, "holidays")
		}
		out = append(out, d)
	}
	return out, wrap(rows.Err(), "holidays")
}

// EndingCalendars returns calendars with an end date whose passing was not
// yet reported.
func (db *DB) EndingCalendars(ctx context.Context) ([]*bot.Calendar, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT group_id FROM calendars WHERE end_date != '' AND end_notified = 0 ORDER BY group_id`)
	if err != nil {
		return nil, wrap(err, "ending calendars")
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, wrap(err, "ending calendars")
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap(err, "ending calendars")
	}
	var out []*bot.Calendar
	for _, id := range ids {
		c, err := db.Calendar(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}
