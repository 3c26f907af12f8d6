-- Participation gains the status no-consent: a run that closed while the
-- member had not accepted the consent notice is not due, and not missed.
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt
-- (nothing references it).

CREATE TABLE participation_0011 (
	run_id     INTEGER NOT NULL REFERENCES runs (id),
	user_id    TEXT    NOT NULL,
	status     TEXT    NOT NULL CHECK (status IN ('pending', 'answered', 'partial', 'late', 'excused', 'missed', 'not-due', 'no-consent')),
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (run_id, user_id)
);
INSERT INTO participation_0011 (run_id, user_id, status, updated_at)
	SELECT run_id, user_id, status, updated_at FROM participation;
DROP TABLE participation;
ALTER TABLE participation_0011 RENAME TO participation;
CREATE INDEX participation_pending ON participation (run_id) WHERE status = 'pending';
