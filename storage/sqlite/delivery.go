package sqlite

import (
	"context"
	"time"
)

// ClaimDelivery records a platform delivery id and reports whether this call
// claimed it; false means it was claimed before.
func (db *DB) ClaimDelivery(ctx context.Context, id string, at time.Time) (bool, error) {
	if err := checkTimes(at); err != nil {
		return false, err
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return false, wrap(err, "claim delivery")
	}
	defer tx.Rollback()

	// DO NOTHING instead of catching the primary-key error: the statement
	// then succeeds and the transaction stays usable.
	res, err := tx.ExecContext(ctx, `INSERT INTO deliveries (id, claimed_at) VALUES (?, ?)
		ON CONFLICT (id) DO NOTHING`, id, encTime(at))
	if err != nil {
		return false, wrap(err, "claim delivery")
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, wrap(err, "claim delivery")
	}
	if err := tx.Commit(); err != nil {
		return false, wrap(err, "claim delivery")
	}
	return n == 1, nil
}

// ReleaseDelivery forgets a claim so that a retried delivery is handled again.
// Releasing an id that is not claimed is not an error.
func (db *DB) ReleaseDelivery(ctx context.Context, id string) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return wrap(err, "release delivery")
	}
	defer tx.Rollback()

	if _, err := tx.ExecContext(ctx, `DELETE FROM deliveries WHERE id = ?`, id); err != nil {
		return wrap(err, "release delivery")
	}
	return wrap(tx.Commit(), "release delivery")
}

// PruneDeliveries forgets the delivery ids claimed before before, so that
// the table holds only the platforms' redelivery horizon, not every event
// ever handled.
func (db *DB) PruneDeliveries(ctx context.Context, before time.Time) (int64, error) {
	if err := checkTimes(before); err != nil {
		return 0, err
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return 0, wrap(err, "prune deliveries")
	}
	defer tx.Rollback()

	res, err := tx.ExecContext(ctx, `DELETE FROM deliveries WHERE claimed_at < ?`, encTime(before))
	if err != nil {
		return 0, wrap(err, "prune deliveries")
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, wrap(err, "prune deliveries")
	}
	return n, wrap(tx.Commit(), "prune deliveries")
}
