-- Scheduling: schedules, their fires (one row per (schedule, scheduled-for)
-- instant, advanced in committed steps), one-off private notices, and each
-- group's calendar (session time, dates, pause) and holidays.

CREATE TABLE schedules (
	id          INTEGER PRIMARY KEY,
	group_id    INTEGER NOT NULL REFERENCES groups (id),
	exercise_id TEXT    NOT NULL,
	rule        TEXT    NOT NULL,
	window_ns   INTEGER NOT NULL DEFAULT 0,
	remind_ns   INTEGER NOT NULL DEFAULT 0,
	created_by  TEXT    NOT NULL DEFAULT '',
	created_at  INTEGER NOT NULL,
	removed_at  INTEGER,
	next_at     INTEGER              -- NULL: ended or cannot fire
);
CREATE INDEX schedules_group ON schedules (group_id) WHERE removed_at IS NULL;
CREATE INDEX schedules_due ON schedules (next_at) WHERE removed_at IS NULL AND next_at IS NOT NULL;

CREATE TABLE fires (
	id            INTEGER PRIMARY KEY,
	schedule_id   INTEGER NOT NULL REFERENCES schedules (id),
	group_id      INTEGER NOT NULL REFERENCES groups (id),
	scheduled_for INTEGER NOT NULL,
	state         TEXT    NOT NULL CHECK (state IN ('claimed', 'opened', 'posting', 'posted', 'done', 'skipped')),
	reason        TEXT    NOT NULL DEFAULT '',
	run_id        INTEGER REFERENCES runs (id),
	message_id    TEXT    NOT NULL DEFAULT '',
	reported      INTEGER NOT NULL DEFAULT 0 CHECK (reported IN (0, 1)),
	updated_at    INTEGER NOT NULL,
	UNIQUE (schedule_id, scheduled_for)
);
CREATE INDEX fires_unfinished ON fires (id) WHERE state NOT IN ('done', 'skipped');
CREATE INDEX fires_run ON fires (run_id) WHERE run_id IS NOT NULL;
CREATE INDEX fires_group_skipped ON fires (group_id, reason) WHERE state = 'skipped';

CREATE TABLE notices (
	key        TEXT    PRIMARY KEY,
	claimed_at INTEGER NOT NULL
);

CREATE TABLE calendars (
	group_id         INTEGER PRIMARY KEY REFERENCES groups (id),
	session_weekday  INTEGER CHECK (session_weekday BETWEEN 0 AND 6),
	session_minute   INTEGER CHECK (session_minute BETWEEN 0 AND 1439),
	session_len_ns   INTEGER NOT NULL DEFAULT 0,
	start_date       TEXT    NOT NULL DEFAULT '',
	end_date         TEXT    NOT NULL DEFAULT '',
	paused           INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
	paused_until     TEXT    NOT NULL DEFAULT '',
	end_notified     INTEGER NOT NULL DEFAULT 0 CHECK (end_notified IN (0, 1))
);

CREATE TABLE holidays (
	group_id INTEGER NOT NULL REFERENCES groups (id),
	day      TEXT    NOT NULL,
	PRIMARY KEY (group_id, day)
);
