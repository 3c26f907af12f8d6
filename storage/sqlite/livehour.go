package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"groupwork/bot"
)

var _ bot.LiveHourStore = (*DB)(nil)

// SetSessionPlan upserts the plan of (group, session).
func (db *DB) SetSessionPlan(ctx context.Context, p *bot.SessionPlan) error {
	if err := checkTimes(p.SetAt); err != nil {
		return err
	}
	ex, err := json.Marshal(append([]string{}, p.Exercises...))
	if err != nil {
		return wrap(err, "set session plan")
	}
	return db.inTx(ctx, "set session plan", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO session_plans (group_id, session_id, goal, topic, exercises, goaround, activity, set_by, set_at, goal_met, note)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (group_id, session_id) DO UPDATE SET goal = excluded.goal, topic = excluded.topic, exercises = excluded.exercises,
				goaround = excluded.goaround, activity = excluded.activity, set_by = excluded.set_by, set_at = excluded.set_at,
				goal_met = excluded.goal_met, note = excluded.note`,
			p.GroupID, p.SessionID, p.Goal, p.Topic, string(ex), p.GoAround, p.Activity, p.SetBy, encTime(p.SetAt), string(p.GoalMet), p.Note)
		if err != nil {
			return constraint(err, "set session plan", "", msgNoGroup)
		}
		return nil
	})
}

const selectPlan = `SELECT p.group_id, p.session_id, p.goal, p.topic, p.exercises, p.goaround, p.activity, p.set_by, p.set_at, p.goal_met, p.note FROM session_plans p`

func scanPlan(s scanner) (*bot.SessionPlan, error) {
	var p bot.SessionPlan
	var ex, met string
	var at int64
	if err := s.Scan(&p.GroupID, &p.SessionID, &p.Goal, &p.Topic, &ex, &p.GoAround, &p.Activity, &p.SetBy, &at, &met, &p.Note); err != nil {
		return nil, err
	}
	p.SetAt, p.GoalMet = decTime(at), bot.GoalStatus(met)
	if err := json.Unmarshal([]byte(ex), &p.Exercises); err != nil {
		return nil, err
	}
	return &p, nil
}

// SessionPlan returns the plan of (group, session); ENotFound without one.
func (db *DB) SessionPlan(ctx context.Context, groupID, sessionID int64) (*bot.SessionPlan, error) {
	ps, err := queryAll(ctx, db.read, scanPlan, selectPlan+` WHERE p.group_id = ? AND p.session_id = ?`, groupID, sessionID)
	if err != nil {
		return nil, wrap(err, "session plan")
	}
	if len(ps) == 0 {
		return nil, bot.Errorf(bot.ENotFound, "There is no plan for that session.")
	}
	return ps[0], nil
}

// AttachSessionPlan gives the group's next-session plan to sessionID.
func (db *DB) AttachSessionPlan(ctx context.Context, groupID, sessionID int64) error {
	return db.inTx(ctx, "attach session plan", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE session_plans SET session_id = ? WHERE group_id = ? AND session_id = 0`, sessionID, groupID)
		if err != nil {
			return constraint(err, "attach session plan", "That session has a plan already.", "")
		}
		return nil
	})
}

// SessionPlans returns the plans of the group's sessions started in [from, to).
func (db *DB) SessionPlans(ctx context.Context, groupID int64, from, to time.Time) ([]*bot.SessionPlan, error) {
	lo, hi := bounds(from, to)
	ps, err := queryAll(ctx, db.read, scanPlan, selectPlan+` JOIN live_sessions s ON s.id = p.session_id
		WHERE p.group_id = ? AND s.started_at >= ? AND s.started_at < ? ORDER BY s.started_at`, groupID, lo, hi)
	return ps, wrap(err, "session plans")
}

// SaveGoAround inserts or updates g and rewrites its turns, in one transaction.
func (db *DB) SaveGoAround(ctx context.Context, g *bot.GoAround) error {
	if err := checkTimes(g.StartedAt, g.TurnEnds); err != nil {
		return err
	}
	return db.inTx(ctx, "save go-around", func(tx *sql.Tx) error {
		args := []any{g.GroupID, g.SessionID, g.Prompt, int64(g.Each), g.Pos, encTime(g.TurnEnds), int64(g.Left), g.Paused,
			g.Ref.ChannelID, g.Ref.MessageID, g.StartedBy, encTime(g.StartedAt), encNullTime(g.EndedAt)}
		if g.ID == 0 {
			res, err := tx.ExecContext(ctx, `INSERT INTO goarounds (group_id, session_id, prompt, each_ns, pos, turn_ends, left_ns, paused,
				channel_id, message_id, started_by, started_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
			if err != nil {
				return constraint(err, "save go-around", "", msgNoGroup)
			}
			if g.ID, err = res.LastInsertId(); err != nil {
				return err
			}
		} else {
			res, err := tx.ExecContext(ctx, `UPDATE goarounds SET group_id = ?, session_id = ?, prompt = ?, each_ns = ?, pos = ?, turn_ends = ?,
				left_ns = ?, paused = ?, channel_id = ?, message_id = ?, started_by = ?, started_at = ?, ended_at = ? WHERE id = ?`, append(args, g.ID)...)
			if err != nil {
				return constraint(err, "save go-around", "", msgNoGroup)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return bot.Errorf(bot.ENotFound, "That go-around does not exist.")
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM goaround_turns WHERE goaround_id = ?`, g.ID); err != nil {
				return err
			}
		}
		for i, t := range g.Turns {
			if _, err := tx.ExecContext(ctx, `INSERT INTO goaround_turns (goaround_id, pos, user_id, outcome, at) VALUES (?, ?, ?, ?, ?)`,
				g.ID, i, t.UserID, string(t.Outcome), encTime(t.At)); err != nil {
				return err
			}
		}
		return nil
	})
}

// GoArounds returns the group's go-arounds started in [from, to), or, when
// active, those not ended (of every group when groupID is 0), with turns.
func (db *DB) GoArounds(ctx context.Context, groupID int64, from, to time.Time, active bool) ([]*bot.GoAround, error) {
	lo, hi := bounds(from, to)
	q := `SELECT id, group_id, session_id, prompt, each_ns, pos, turn_ends, left_ns, paused, channel_id, message_id, started_by, started_at, ended_at
		FROM goarounds WHERE `
	args := []any{groupID, lo, hi}
	if active {
		q += `(? = 0 OR group_id = ?) AND ended_at IS NULL`
		args = []any{groupID, groupID}
	} else {
		q += `group_id = ? AND started_at >= ? AND started_at < ?`
	}
	gs, err := queryAll(ctx, db.read, func(s scanner) (*bot.GoAround, error) {
		var g bot.GoAround
		var each, ends, left, started int64
		var ended sql.NullInt64
		if err := s.Scan(&g.ID, &g.GroupID, &g.SessionID, &g.Prompt, &each, &g.Pos, &ends, &left, &g.Paused,
			&g.Ref.ChannelID, &g.Ref.MessageID, &g.StartedBy, &started, &ended); err != nil {
			return nil, err
		}
		g.Each, g.TurnEnds, g.Left, g.StartedAt, g.EndedAt = time.Duration(each), decTime(ends), time.Duration(left), decTime(started), decNullTime(ended)
		return &g, nil
	}, q+` ORDER BY started_at, id`, args...)
	if err != nil {
		return nil, wrap(err, "go-arounds")
	}
	for _, g := range gs {
		g.Turns, err = queryAll(ctx, db.read, func(s scanner) (bot.GoAroundTurn, error) {
			var t bot.GoAroundTurn
			var out string
			var at int64
			err := s.Scan(&t.UserID, &out, &at)
			t.Outcome, t.At = bot.TurnOutcome(out), decTime(at)
			return t, err
		}, `SELECT user_id, outcome, at FROM goaround_turns WHERE goaround_id = ? ORDER BY pos`, g.ID)
		if err != nil {
			return nil, wrap(err, "go-around turns")
		}
	}
	return gs, nil
}

// SaveLiveActivity inserts or updates a.
func (db *DB) SaveLiveActivity(ctx context.Context, a *bot.LiveActivity) error {
	if err := checkTimes(a.StepEnds, a.NextEdit); err != nil {
		return err
	}
	return db.inTx(ctx, "save live activity", func(tx *sql.Tx) error {
		args := []any{a.GroupID, a.SessionID, a.RunID, a.Poll, a.Step, encTime(a.StepEnds), encTime(a.NextEdit), a.Ref.ChannelID, a.Ref.MessageID, encNullTime(a.EndedAt)}
		if a.ID == 0 {
			res, err := tx.ExecContext(ctx, `INSERT INTO live_activities (group_id, session_id, run_id, poll, step, step_ends, next_edit, channel_id, message_id, ended_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
			if err != nil {
				return constraint(err, "save live activity", "", "That group or run does not exist.")
			}
			a.ID, err = res.LastInsertId()
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE live_activities SET group_id = ?, session_id = ?, run_id = ?, poll = ?, step = ?, step_ends = ?,
			next_edit = ?, channel_id = ?, message_id = ?, ended_at = ? WHERE id = ?`, append(args, a.ID)...)
		if err != nil {
			return constraint(err, "save live activity", "", "That group or run does not exist.")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return bot.Errorf(bot.ENotFound, "That live activity does not exist.")
		}
		return nil
	})
}

// ActiveLiveActivities returns the activities not ended (all groups when 0).
func (db *DB) ActiveLiveActivities(ctx context.Context, groupID int64) ([]*bot.LiveActivity, error) {
	as, err := queryAll(ctx, db.read, func(s scanner) (*bot.LiveActivity, error) {
		var a bot.LiveActivity
		var ends, edit int64
		var ended sql.NullInt64
		if err := s.Scan(&a.ID, &a.GroupID, &a.SessionID, &a.RunID, &a.Poll, &a.Step, &ends, &edit, &a.Ref.ChannelID, &a.Ref.MessageID, &ended); err != nil {
			return nil, err
		}
		a.StepEnds, a.NextEdit, a.EndedAt = decTime(ends), decTime(edit), decNullTime(ended)
		return &a, nil
	}, `SELECT id, group_id, session_id, run_id, poll, step, step_ends, next_edit, channel_id, message_id, ended_at
		FROM live_activities WHERE (? = 0 OR group_id = ?) AND ended_at IS NULL ORDER BY id`, groupID, groupID)
	return as, wrap(err, "live activities")
}

// AddSessionNote stores n; the member's current note of the session, if
// any, is marked replaced at n.At in the same transaction.
func (db *DB) AddSessionNote(ctx context.Context, n *bot.SessionNote) error {
	if err := checkTimes(n.At); err != nil {
		return err
	}
	return db.inTx(ctx, "add session note", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE session_notes SET replaced_at = ? WHERE session_id = ? AND user_id = ? AND replaced_at IS NULL`,
			encTime(n.At), n.SessionID, n.UserID); err != nil {
			return err
		}
		// The row is made first, empty, because its id is part of what the
		// sealed text authenticates; the text never reaches the file in the clear.
		res, err := tx.ExecContext(ctx, `INSERT INTO session_notes (group_id, session_id, user_id, author, text, at) VALUES (?, ?, ?, ?, x'', ?)`,
			n.GroupID, n.SessionID, n.UserID, n.Author, encTime(n.At))
		if err != nil {
			return constraint(err, "add session note", "", msgNoGroup)
		}
		if n.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		keyID, sealed, err := db.sealText(n.Text, sessionNoteAAD(n.ID, n.UserID))
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE session_notes SET text = ?, text_key = ? WHERE id = ?`, sealed, keyID, n.ID)
		return err
	})
}

func sessionNoteAAD(id int64, userID string) string {
	return fmt.Sprintf("session-note\x00%d\x00%s", id, userID)
}

// rotateSessionNotes re-seals, inside rotate-key's batch, session notes
// sealed with an older key or stored before a key was set.
func (db *DB) rotateSessionNotes(ctx context.Context, tx *sql.Tx, cur string, limit int) (int, error) {
	type note struct {
		id        int64
		user, key string
		text      []byte
	}
	ns, err := queryAll(ctx, tx, func(s scanner) (note, error) {
		var x note
		err := s.Scan(&x.id, &x.user, &x.text, &x.key)
		return x, err
	}, `SELECT id, user_id, text, text_key FROM session_notes
		WHERE text_key NOT IN ('', ?) OR (text_key = '' AND length(text) > 0) LIMIT ?`, cur, limit)
	if err != nil {
		return 0, err
	}
	for _, x := range ns {
		aad := sessionNoteAAD(x.id, x.user)
		text, err := db.openText(x.key, x.text, aad)
		if err != nil {
			return 0, err
		}
		id, sealed, err := db.keys.seal(text, aad)
		if err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE session_notes SET text = ?, text_key = ? WHERE id = ?`, sealed, id, x.id); err != nil {
			return 0, err
		}
	}
	return len(ns), nil
}

// SessionNotes returns the group's notes (of one member when userID is not
// ""), replaced ones included, oldest first.
func (db *DB) SessionNotes(ctx context.Context, groupID int64, userID string) ([]*bot.SessionNote, error) {
	ns, err := queryAll(ctx, db.read, func(s scanner) (*bot.SessionNote, error) {
		var n bot.SessionNote
		var at int64
		var rep sql.NullInt64
		var text []byte
		var key string
		if err := s.Scan(&n.ID, &n.GroupID, &n.SessionID, &n.UserID, &n.Author, &text, &key, &at, &rep); err != nil {
			return nil, err
		}
		var err error
		if n.Text, err = db.openText(key, text, sessionNoteAAD(n.ID, n.UserID)); err != nil {
			return nil, err
		}
		n.At, n.ReplacedAt = decTime(at), decNullTime(rep)
		return &n, nil
	}, `SELECT id, group_id, session_id, user_id, author, text, text_key, at, replaced_at FROM session_notes
		WHERE group_id = ? AND (? = '' OR user_id = ?) ORDER BY at, id`, groupID, userID, userID)
	return ns, wrap(err, "session notes")
}

// SetSessionRating upserts a member's rating of a session.
func (db *DB) SetSessionRating(ctx context.Context, r *bot.SessionRating) error {
	if err := checkTimes(r.At); err != nil {
		return err
	}
	return db.inTx(ctx, "set session rating", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO session_ratings (session_id, user_id, helpful, connected, at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (session_id, user_id) DO UPDATE SET helpful = excluded.helpful, connected = excluded.connected, at = excluded.at`,
			r.SessionID, r.UserID, r.Helpful, r.Connected, encTime(r.At))
		if err != nil {
			return constraint(err, "set session rating", "", msgNoSession)
		}
		return nil
	})
}

// SessionRatings returns the ratings of the group's sessions started in [from, to).
func (db *DB) SessionRatings(ctx context.Context, groupID int64, from, to time.Time) ([]*bot.SessionRating, error) {
	lo, hi := bounds(from, to)
	rs, err := queryAll(ctx, db.read, func(s scanner) (*bot.SessionRating, error) {
		var r bot.SessionRating
		var at int64
		err := s.Scan(&r.SessionID, &r.UserID, &r.Helpful, &r.Connected, &at)
		r.At = decTime(at)
		return &r, err
	}, `SELECT r.session_id, r.user_id, r.helpful, r.connected, r.at FROM session_ratings r JOIN live_sessions s ON s.id = r.session_id
		WHERE s.group_id = ? AND s.started_at >= ? AND s.started_at < ? ORDER BY s.started_at, r.user_id`, groupID, lo, hi)
	return rs, wrap(err, "session ratings")
}

// forgetLiveHour erases a member from the live hour's records inside
// Forget's transaction: notes about them and their ratings go; their
// go-around turns stay anonymous when keepCounts, else go too.
func forgetLiveHour(ctx context.Context, tx *sql.Tx, groupID int64, userID, anonID string, keepCounts bool) error {
	turns := `DELETE FROM goaround_turns WHERE user_id = ? AND goaround_id IN (SELECT id FROM goarounds WHERE group_id = ?)`
	targs := []any{userID, groupID}
	if keepCounts {
		turns = `UPDATE goaround_turns SET user_id = ? WHERE user_id = ? AND goaround_id IN (SELECT id FROM goarounds WHERE group_id = ?)`
		targs = []any{anonID, userID, groupID}
	}
	for _, s := range []struct {
		q    string
		args []any
	}{
		{`DELETE FROM session_notes WHERE group_id = ? AND user_id = ?`, []any{groupID, userID}},
		{`DELETE FROM session_ratings WHERE user_id = ? AND session_id IN (SELECT id FROM live_sessions WHERE group_id = ?)`, []any{userID, groupID}},
		{turns, targs},
	} {
		if _, err := tx.ExecContext(ctx, s.q, s.args...); err != nil {
			return err
		}
	}
	return nil
}

// purgeLiveHour deletes, inside Purge's transaction, the notes and ratings
// of the group's sessions started before cutoff: they are about members and
// follow the group's retention like answers.
func purgeLiveHour(ctx context.Context, tx *sql.Tx, groupID int64, cutoff int64) (int, error) {
	n, err := execCount(ctx, tx, `DELETE FROM session_notes WHERE group_id = ? AND at < ?`, groupID, cutoff)
	if err != nil {
		return 0, err
	}
	m, err := execCount(ctx, tx, `DELETE FROM session_ratings WHERE session_id IN (SELECT id FROM live_sessions WHERE group_id = ? AND started_at < ?)`, groupID, cutoff)
	return n + m, err
}
