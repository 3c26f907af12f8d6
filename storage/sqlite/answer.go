package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"

	"groupwork/bot"
)

// SaveAnswer stores the answer for (run, user, step) and upserts the
// member's participation in the run to status, updated at a.AnsweredAt, in one
// transaction. What was said is never overwritten: a changed answer becomes
// a new version (bot.AnswerHistoryStore) and a.Version is set; when only the
// share decision changed, a.AnsweredAt and a.Late become those of what was
// said. ENotFound if the run does not exist.
func (db *DB) SaveAnswer(ctx context.Context, a *bot.AnswerRecord, status bot.Status) error {
	if err := checkTimes(a.AnsweredAt); err != nil {
		return err
	}
	stored := a.Answer
	keyID, sealed, err := db.sealText(stored.Text, answerAAD(a.RunID, a.UserID, a.StepID))
	if err != nil {
		return wrap(err, "save answer")
	}
	if keyID != "" {
		stored.Text = "" // the text lives only in sealed
	} else {
		sealed = nil
	}
	value, err := json.Marshal(stored)
	if err != nil {
		return wrap(err, "save answer")
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return wrap(err, "save answer")
	}
	defer tx.Rollback()

	now := a.AnsweredAt
	if err := db.keepVersion(ctx, tx, a); err != nil {
		return wrap(err, "save answer")
	}
	if err := upsertAnswer(ctx, tx, a, value, sealed, keyID); err != nil {
		return err
	}
	p := &bot.Participation{RunID: a.RunID, UserID: a.UserID, Status: status, UpdatedAt: now}
	if err := upsertParticipation(ctx, tx, p, true); err != nil {
		return err
	}
	return wrap(tx.Commit(), "save answer")
}

// Answers returns a run's answers, of one user when userID is not "", in the
// order they were given.
func (db *DB) Answers(ctx context.Context, runID int64, userID string) ([]*bot.AnswerRecord, error) {
	as, err := db.queryAnswers(ctx, db.read, selectAnswer+`
		WHERE a.run_id = ? AND (? = '' OR a.user_id = ?)
		ORDER BY a.answered_at, a.user_id, a.step_id`, runID, userID, userID)
	return as, wrap(err, "answers")
}

// UserAnswers returns every answer the user gave in the group, oldest first.
func (db *DB) UserAnswers(ctx context.Context, groupID int64, userID string) ([]*bot.AnswerRecord, error) {
	as, err := db.queryAnswers(ctx, db.read, selectAnswer+`
		JOIN runs r ON r.id = a.run_id
		WHERE r.group_id = ? AND a.user_id = ?
		ORDER BY a.answered_at, a.run_id, a.step_id`, groupID, userID)
	return as, wrap(err, "user answers")
}

func upsertAnswer(ctx context.Context, tx *sql.Tx, a *bot.AnswerRecord, value, sealed []byte, keyID string) error {
	if sealed == nil {
		sealed = []byte{}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO answers (run_id, user_id, step_id, value, answered_at, late, sealed, key_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (run_id, user_id, step_id) DO UPDATE SET
			value = excluded.value, answered_at = excluded.answered_at, late = excluded.late,
			sealed = excluded.sealed, key_id = excluded.key_id`,
		a.RunID, a.UserID, a.StepID, string(value), encTime(a.AnsweredAt), a.Late, sealed, keyID)
	if err != nil {
		return constraint(err, "save answer", "", msgNoRun)
	}
	return nil
}

const selectAnswer = `SELECT a.run_id, a.user_id, a.step_id, a.value, a.answered_at, a.late, a.sealed, a.key_id FROM answers a`

func (db *DB) queryAnswers(ctx context.Context, q queryer, query string, args ...any) ([]*bot.AnswerRecord, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var as []*bot.AnswerRecord
	for rows.Next() {
		var a bot.AnswerRecord
		var value []byte
		var answered int64
		var sealed []byte
		var keyID string
		if err := rows.Scan(&a.RunID, &a.UserID, &a.StepID, &value, &answered, &a.Late, &sealed, &keyID); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(value, &a.Answer); err != nil {
			return nil, err // the error names a type, never the content
		}
		if keyID != "" {
			text, err := db.openText(keyID, sealed, answerAAD(a.RunID, a.UserID, a.StepID))
			if err != nil {
				return nil, err
			}
			a.Answer.Text = text
		}
		a.AnsweredAt = decTime(answered)
		as = append(as, &a)
	}
	return as, rows.Err()
}
