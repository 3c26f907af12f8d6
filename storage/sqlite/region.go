package sqlite

import (
	"context"

	"groupwork/bot"
)

// SetGroupRegion changes the country whose crisis resources the group's
// members are shown. ENotFound if the group does not exist.
func (db *DB) SetGroupRegion(ctx context.Context, groupID int64, region string) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return wrap(err, "set group region")
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE groups SET region = ? WHERE id = ?`, region, groupID)
	if err != nil {
		return constraint(err, "set group region", "", "")
	}
	if err := mustAffect(res, msgNoGroup); err != nil {
		return err
	}
	return wrap(tx.Commit(), "set group region")
}

var _ bot.RegionStore = (*DB)(nil)
