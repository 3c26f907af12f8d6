package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"

	"groupwork/bot"
)

// AddAudit stores r and sets r.ID. ENotFound if the group does not exist.
func (db *DB) AddAudit(ctx context.Context, r *bot.AuditRecord) error {
	if err := checkTimes(r.At); err != nil {
		return err
	}
	subjects := r.Subjects
	if subjects == nil {
		subjects = []string{} // an array, never JSON null
	}
	js, err := json.Marshal(subjects)
	if err != nil {
		return wrap(err, "add audit")
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return wrap(err, "add audit")
	}
	defer tx.Rollback()

	if err := insertAudit(ctx, tx, r, js); err != nil {
		return err
	}
	return wrap(tx.Commit(), "add audit")
}

// AuditAbout returns the group's records whose subjects include userID,
// newest first.
func (db *DB) AuditAbout(ctx context.Context, groupID int64, userID string) ([]*bot.AuditRecord, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, group_id, actor_id, action, subjects, at FROM audit
		WHERE group_id = ? AND EXISTS (SELECT 1 FROM json_each(audit.subjects) WHERE value = ?)
		ORDER BY at DESC, id DESC`, groupID, userID)
	if err != nil {
		return nil, wrap(err, "audit about")
	}
	defer rows.Close()
	var rs []*bot.AuditRecord
	for rows.Next() {
		var r bot.AuditRecord
		var subjects []byte
		var at int64
		if err := rows.Scan(&r.ID, &r.GroupID, &r.ActorID, &r.Action, &subjects, &at); err != nil {
			return nil, wrap(err, "audit about")
		}
		if err := json.Unmarshal(subjects, &r.Subjects); err != nil {
			return nil, wrap(err, "audit about")
		}
		r.At = decTime(at)
		rs = append(rs, &r)
	}
	return rs, wrap(rows.Err(), "audit about")
}

func insertAudit(ctx context.Context, tx *sql.Tx, r *bot.AuditRecord, subjects []byte) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO audit (group_id, actor_id, action, subjects, at)
		VALUES (?, ?, ?, ?, ?)`, r.GroupID, r.ActorID, r.Action, string(subjects), encTime(r.At))
	if err != nil {
		return constraint(err, "add audit", "", msgNoGroup)
	}
	if r.ID, err = res.LastInsertId(); err != nil {
		return wrap(err, "add audit")
	}
	return nil
}
