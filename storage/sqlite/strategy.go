package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"groupwork/bot"
)

const msgNoStrategy = "There is no such strategy on this group's board. See them with /strategy list."

// AddStrategy stores a strategy and sets its ID.
func (db *DB) AddStrategy(ctx context.Context, s *bot.Strategy) error {
	if err := checkTimes(s.CreatedAt); err != nil {
		return err
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return wrap(err, "add strategy")
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `INSERT INTO strategies (group_id, author_id, text, topic, source, keep_anon, pinned, proposed, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, s.GroupID, s.AuthorID, s.Text, s.Topic, s.Source, s.KeepAnon, s.Pinned, s.Proposed, encTime(s.CreatedAt))
	if err != nil {
		return constraint(err, "add strategy", "This strategy is on the board already.", msgNoGroup)
	}
	if s.ID, err = res.LastInsertId(); err != nil {
		return wrap(err, "add strategy")
	}
	return wrap(tx.Commit(), "add strategy")
}

const selectStrategy = `SELECT s.id, s.group_id, s.author_id, s.text, s.topic, s.source, s.keep_anon, s.pinned, s.proposed, s.created_at,
	(SELECT count(DISTINCT user_id) FROM strategy_marks m WHERE m.strategy_id = s.id),
	(SELECT count(*) FROM strategy_marks m WHERE m.strategy_id = s.id AND m.kind = 'helped'),
	EXISTS (SELECT 1 FROM strategy_marks m WHERE m.strategy_id = s.id AND m.user_id = ?),
	EXISTS (SELECT 1 FROM strategy_marks m WHERE m.strategy_id = s.id AND m.user_id = ? AND m.kind = 'helped')
	FROM strategies s`

func scanStrategy(sc scanner) (*bot.Strategy, error) {
	var s bot.Strategy
	var created int64
	if err := sc.Scan(&s.ID, &s.GroupID, &s.AuthorID, &s.Text, &s.Topic, &s.Source, &s.KeepAnon, &s.Pinned, &s.Proposed, &created,
		&s.Tried, &s.Helped, &s.MeTried, &s.MeHelped); err != nil {
		return nil, err
	}
	s.CreatedAt = decTime(created)
	return &s, nil
}

// Strategy returns one strategy with its counts.
func (db *DB) Strategy(ctx context.Context, id int64) (*bot.Strategy, error) {
	s, err := scanStrategy(db.read.QueryRowContext(ctx, selectStrategy+` WHERE s.id = ?`, "", "", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, bot.Errorf(bot.ENotFound, msgNoStrategy)
	}
	return s, wrap(err, "strategy")
}

// Strategies returns a group's board, oldest first, as seen by userID.
func (db *DB) Strategies(ctx context.Context, groupID int64, userID string) ([]*bot.Strategy, error) {
	out, err := queryAll(ctx, db.read, scanStrategy, selectStrategy+` WHERE s.group_id = ? ORDER BY s.id`, userID, userID, groupID)
	return out, wrap(err, "strategies")
}

// UpdateStrategy stores a strategy's wording, topic, consent, pin and proposal.
func (db *DB) UpdateStrategy(ctx context.Context, s *bot.Strategy) error {
	return db.exec1(ctx, "update strategy", msgNoStrategy,
		`UPDATE strategies SET text = ?, topic = ?, keep_anon = ?, pinned = ?, proposed = ? WHERE id = ?`,
		s.Text, s.Topic, s.KeepAnon, s.Pinned, s.Proposed, s.ID)
}

// RemoveStrategy deletes a strategy and its marks.
func (db *DB) RemoveStrategy(ctx context.Context, id int64) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return wrap(err, "remove strategy")
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM strategy_marks WHERE strategy_id = ?`, id); err != nil {
		return wrap(err, "remove strategy")
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM strategies WHERE id = ?`, id)
	if err != nil {
		return wrap(err, "remove strategy")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return bot.Errorf(bot.ENotFound, msgNoStrategy)
	}
	return wrap(tx.Commit(), "remove strategy")
}

// MarkStrategy records a person's "I'll try this" or "this helped".
func (db *DB) MarkStrategy(ctx context.Context, id int64, userID string, helped bool, at time.Time) error {
	kind := "tried"
	if helped {
		kind = "helped"
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return wrap(err, "mark strategy")
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO strategy_marks (strategy_id, user_id, kind, at) VALUES (?, ?, ?, ?)
		ON CONFLICT DO NOTHING`, id, userID, kind, encTime(at)); err != nil {
		return constraint(err, "mark strategy", "", msgNoStrategy)
	}
	return wrap(tx.Commit(), "mark strategy")
}
