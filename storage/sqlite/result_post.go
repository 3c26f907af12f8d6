package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"groupwork/bot"
)

// SetResultPost records where a run's results were posted, replacing an
// earlier record. ENotFound if the run does not exist.
func (db *DB) SetResultPost(ctx context.Context, p *bot.ResultPost) error {
	if err := checkTimes(p.PostedAt); err != nil {
		return err
	}
	return db.inTx(ctx, "set result post", func(tx *sql.Tx) error {
		ids := []string{}
		for _, r := range p.Earlier {
			ids = append(ids, r.MessageID)
		}
		earlier, err := json.Marshal(ids)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO result_posts (run_id, channel_id, message_id, earlier, posted_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (run_id) DO UPDATE SET channel_id = excluded.channel_id, message_id = excluded.message_id, earlier = excluded.earlier, posted_at = excluded.posted_at`,
			p.RunID, p.Ref.ChannelID, p.Ref.MessageID, string(earlier), encTime(p.PostedAt))
		if err != nil {
			return constraint(err, "set result post", "", msgNoRun)
		}
		return nil
	})
}

// ResultPosts returns the recorded results posts of a group's runs, oldest first.
func (db *DB) ResultPosts(ctx context.Context, groupID int64) ([]*bot.ResultPost, error) {
	ps, err := queryAll(ctx, db.read, func(s scanner) (*bot.ResultPost, error) {
		var p bot.ResultPost
		var at int64
		var earlier string
		if err := s.Scan(&p.RunID, &p.Ref.ChannelID, &p.Ref.MessageID, &earlier, &at); err != nil {
			return nil, err
		}
		var ids []string
		if err := json.Unmarshal([]byte(earlier), &ids); err != nil {
			return nil, fmt.Errorf("earlier parts of run %d: %w", p.RunID, err)
		}
		for _, id := range ids {
			p.Earlier = append(p.Earlier, bot.MessageRef{ChannelID: p.Ref.ChannelID, MessageID: id})
		}
		p.PostedAt = decTime(at)
		return &p, nil
	}, `SELECT p.run_id, p.channel_id, p.message_id, p.earlier, p.posted_at FROM result_posts p JOIN runs r ON r.id = p.run_id
		WHERE r.group_id = ? ORDER BY p.posted_at, p.run_id`, groupID)
	return ps, wrap(err, "result posts")
}

// DeleteResultPost forgets the record of a run's results post.
func (db *DB) DeleteResultPost(ctx context.Context, runID int64) error {
	return db.inTx(ctx, "delete result post", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM result_posts WHERE run_id = ?`, runID)
		return err
	})
}
