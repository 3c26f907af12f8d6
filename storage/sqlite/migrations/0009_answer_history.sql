-- Nothing a member said is overwritten. answers keeps the current answer
-- (fast to read); answer_versions keeps every version of what was said, with
-- its time, oldest first by id. A share decision is not a new version: the
-- value here never carries the Shared flag. Sealed text is sealed as in
-- answers, with the same associated data (run, member, step).
CREATE TABLE answer_versions (
	id          INTEGER PRIMARY KEY,
	run_id      INTEGER NOT NULL REFERENCES runs (id),
	user_id     TEXT    NOT NULL,
	step_id     TEXT    NOT NULL,
	value       TEXT    NOT NULL CHECK (json_valid(value)),
	answered_at INTEGER NOT NULL,
	late        INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
	sealed      BLOB    NOT NULL DEFAULT '',
	key_id      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX answer_versions_answer ON answer_versions (run_id, user_id, step_id, id);

-- Answers given before this table existed are their first version.
INSERT INTO answer_versions (run_id, user_id, step_id, value, answered_at, late, sealed, key_id)
	SELECT run_id, user_id, step_id, json_set(value, '$.Shared', json('false')), answered_at, late, sealed, key_id
	FROM answers ORDER BY answered_at, run_id, user_id, step_id;

-- Erasure fails closed: whatever deletes an answer (/forgetme, a retention
-- purge, a future path) deletes its history with it.
CREATE TRIGGER answers_delete_versions AFTER DELETE ON answers BEGIN
	DELETE FROM answer_versions WHERE run_id = old.run_id AND user_id = old.user_id AND step_id = old.step_id;
END;

-- The version of the answer that raised an alert, so that the alert shows
-- the value that raised it even after the member changed the answer. It
-- becomes NULL when the answer is erased.
ALTER TABLE alerts ADD COLUMN answer_version INTEGER REFERENCES answer_versions (id) ON DELETE SET NULL;
