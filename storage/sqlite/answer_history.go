package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"groupwork/bot"
	"groupwork/exercises"
)

var _ bot.AnswerHistoryStore = (*DB)(nil)

// current is the stored current answer of (run, user, step) with the
// version it holds; nil when there is none.
type current struct {
	answer  exercises.Answer
	at      time.Time
	late    bool
	version int64
	// unreadable: the sealed text could not be opened (no key loaded).
	unreadable bool
}

// currentAnswer reads the current answer inside tx, sealed text opened.
func (db *DB) currentAnswer(ctx context.Context, tx *sql.Tx, a *bot.AnswerRecord) (*current, error) {
	var c current
	var value, sealed []byte
	var keyID string
	var at int64
	err := tx.QueryRowContext(ctx, `SELECT a.value, a.answered_at, a.late, a.sealed, a.key_id,
			coalesce((SELECT max(v.id) FROM answer_versions v WHERE v.run_id = a.run_id AND v.user_id = a.user_id AND v.step_id = a.step_id), 0)
		FROM answers a WHERE a.run_id = ? AND a.user_id = ? AND a.step_id = ?`, a.RunID, a.UserID, a.StepID).
		Scan(&value, &at, &c.late, &sealed, &keyID, &c.version)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(value, &c.answer); err != nil {
		return nil, err // names a type, never the content
	}
	if keyID != "" {
		if c.answer.Text, err = db.openText(keyID, sealed, answerAAD(a.RunID, a.UserID, a.StepID)); err != nil {
			// Without its key the current text cannot be compared: the new
			// answer then counts as a change, so nothing is lost.
			c.unreadable = true
		}
	}
	c.at = decTime(at)
	return &c, nil
}

// keepVersion makes a.Answer's version of what was said: the current one
// when the answer says the same (a share decision, or the same answer
// again: a.AnsweredAt and a.Late then stay those of what was said), a new
// version otherwise. It sets a.Version.
func (db *DB) keepVersion(ctx context.Context, tx *sql.Tx, a *bot.AnswerRecord) error {
	cur, err := db.currentAnswer(ctx, tx, a)
	if err != nil {
		return err
	}
	if cur != nil && cur.version != 0 && !cur.unreadable && bot.SameSaid(cur.answer, a.Answer) {
		a.AnsweredAt, a.Late, a.Version = cur.at, cur.late, cur.version
		return nil
	}
	said := a.Answer
	said.Shared = false
	keyID, sealed, err := db.sealText(said.Text, answerAAD(a.RunID, a.UserID, a.StepID))
	if err != nil {
		return err
	}
	if keyID != "" {
		said.Text = ""
	} else {
		sealed = []byte{}
	}
	value, err := json.Marshal(said)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO answer_versions (run_id, user_id, step_id, value, answered_at, late, sealed, key_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, a.RunID, a.UserID, a.StepID, string(value), encTime(a.AnsweredAt), a.Late, sealed, keyID)
	if err != nil {
		return constraint(err, "save answer", "", msgNoRun)
	}
	a.Version, err = res.LastInsertId()
	return err
}

const selectVersion = `SELECT v.id, v.run_id, v.user_id, v.step_id, v.value, v.answered_at, v.late, v.sealed, v.key_id FROM answer_versions v`

// AnswerHistory returns the versions of changed answers: see bot.AnswerHistoryStore.
func (db *DB) AnswerHistory(ctx context.Context, groupID int64, userID string, from, to time.Time) ([]*bot.AnswerRecord, error) {
	lo, hi := bounds(from, to)
	// Changed answers are found on the covering index alone (most answers
	// have one version), then only their versions are read.
	vs, err := db.queryVersions(ctx, `WITH changed AS (
			SELECT v.run_id, v.user_id, v.step_id, r.opened_at FROM answer_versions v
			JOIN runs r ON r.id = v.run_id
			WHERE r.group_id = ? AND r.opened_at >= ? AND r.opened_at < ? AND (? = '' OR v.user_id = ?)
			GROUP BY v.run_id, v.user_id, v.step_id HAVING count(*) > 1)
		`+selectVersion+`
		JOIN changed c ON c.run_id = v.run_id AND c.user_id = v.user_id AND c.step_id = v.step_id
		ORDER BY c.opened_at, v.run_id, v.user_id, v.step_id, v.id`, groupID, lo, hi, userID, userID)
	return vs, wrap(err, "answer history")
}

// AnswerVersion returns one version; ENotFound when it was erased.
func (db *DB) AnswerVersion(ctx context.Context, id int64) (*bot.AnswerRecord, error) {
	vs, err := db.queryVersions(ctx, selectVersion+` WHERE v.id = ?`, id)
	if err != nil {
		return nil, wrap(err, "answer version")
	}
	if len(vs) == 0 {
		return nil, notFound("That answer is no longer stored.")
	}
	return vs[0], nil
}

func (db *DB) queryVersions(ctx context.Context, query string, args ...any) ([]*bot.AnswerRecord, error) {
	rows, err := db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*bot.AnswerRecord
	for rows.Next() {
		var a bot.AnswerRecord
		var value, sealed []byte
		var keyID string
		var at int64
		if err := rows.Scan(&a.Version, &a.RunID, &a.UserID, &a.StepID, &value, &at, &a.Late, &sealed, &keyID); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(value, &a.Answer); err != nil {
			return nil, err // names a type, never the content
		}
		if keyID != "" {
			if a.Answer.Text, err = db.openText(keyID, sealed, answerAAD(a.RunID, a.UserID, a.StepID)); err != nil {
				return nil, err
			}
		}
		a.Answer.Shared = false
		a.AnsweredAt = decTime(at)
		out = append(out, &a)
	}
	return out, rows.Err()
}

// rotateVersions re-seals up to limit answer versions sealed with another
// key than cur, or holding text in the clear (RotateKey).
func (db *DB) rotateVersions(ctx context.Context, tx *sql.Tx, cur string, limit int) (int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, run_id, user_id, step_id, value, sealed, key_id FROM answer_versions
		WHERE key_id NOT IN ('', ?) OR (key_id = '' AND json_extract(value, '$.Text') <> '') LIMIT ?`, cur, limit)
	if err != nil {
		return 0, err
	}
	type version struct {
		id, run       int64
		user, step    string
		value, sealed []byte
		key           string
	}
	var vs []version
	for rows.Next() {
		var v version
		if err := rows.Scan(&v.id, &v.run, &v.user, &v.step, &v.value, &v.sealed, &v.key); err != nil {
			rows.Close()
			return 0, err
		}
		vs = append(vs, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, v := range vs {
		aad := answerAAD(v.run, v.user, v.step)
		var text string
		value := v.value
		if v.key == "" {
			var plain exercises.Answer
			if err := json.Unmarshal(v.value, &plain); err != nil {
				return 0, err
			}
			text, plain.Text = plain.Text, ""
			if value, err = json.Marshal(plain); err != nil {
				return 0, err
			}
		} else if text, err = db.keys.open(v.key, v.sealed, aad); err != nil {
			return 0, err
		}
		id, sealed, err := db.keys.seal(text, aad)
		if err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE answer_versions SET value = ?, sealed = ?, key_id = ? WHERE id = ?`,
			string(value), sealed, id, v.id); err != nil {
			return 0, err
		}
	}
	return len(vs), nil
}
