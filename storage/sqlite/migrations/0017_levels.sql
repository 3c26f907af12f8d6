-- Cognitive training levels (issue 13): each member's current level per
-- exercise family, and their attempts at levelled runs (the level and
-- alternate form each was played at, when it started and finished, its
-- score). Both name a member, so erasure and retention remove them.

CREATE TABLE member_levels (
	group_id   INTEGER NOT NULL REFERENCES groups (id),
	user_id    TEXT    NOT NULL,
	family     TEXT    NOT NULL,
	level      INTEGER NOT NULL CHECK (level >= 1),
	locked     INTEGER NOT NULL DEFAULT 0,
	set_by     TEXT    NOT NULL DEFAULT '',
	reason     TEXT    NOT NULL DEFAULT '',
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (group_id, user_id, family)
);

CREATE TABLE level_attempts (
	run_id      INTEGER NOT NULL REFERENCES runs (id),
	user_id     TEXT    NOT NULL,
	family      TEXT    NOT NULL,
	level       INTEGER NOT NULL CHECK (level >= 1),
	form        INTEGER NOT NULL CHECK (form >= 0),
	started_at  INTEGER NOT NULL,
	finished_at INTEGER,
	points      INTEGER NOT NULL DEFAULT 0,
	max         INTEGER NOT NULL DEFAULT 0,
	extra_ms    INTEGER NOT NULL DEFAULT 0, -- time added with "I need more time"
	PRIMARY KEY (run_id, user_id)
);
CREATE INDEX level_attempts_user ON level_attempts (user_id, family);

-- "I need more time": a member may answer a run until a later time, once.
CREATE TABLE window_extensions (
	run_id  INTEGER NOT NULL REFERENCES runs (id),
	user_id TEXT    NOT NULL,
	until   INTEGER NOT NULL,
	PRIMARY KEY (run_id, user_id)
);

-- Whether members see their raw scores in levelled exercises (a therapist's choice).
CREATE TABLE level_settings (
	group_id    INTEGER PRIMARY KEY REFERENCES groups (id),
	show_scores INTEGER NOT NULL DEFAULT 0
);
