-- Initial schema. Times are INTEGER Unix nanoseconds (UTC); 0 stands for the
-- zero time.Time. JSON columns hold encoding/json output.

CREATE TABLE groups (
	id         INTEGER PRIMARY KEY,
	name       TEXT    NOT NULL,
	platform   TEXT    NOT NULL,
	channel_id TEXT    NOT NULL,
	time_zone  TEXT    NOT NULL,
	created_by TEXT    NOT NULL,
	created_at INTEGER NOT NULL,
	UNIQUE (platform, channel_id)
);

-- An ended membership keeps its row (left_at set) so past participation stays
-- explainable; hence uniqueness only among active rows.
CREATE TABLE memberships (
	id           INTEGER PRIMARY KEY,
	group_id     INTEGER NOT NULL REFERENCES groups (id),
	user_id      TEXT    NOT NULL,
	display_name TEXT    NOT NULL DEFAULT '',
	role         TEXT    NOT NULL CHECK (role IN ('lead', 'co-therapist', 'observer', 'member')),
	joined_at    INTEGER NOT NULL,
	left_at      INTEGER
);
CREATE UNIQUE INDEX memberships_active ON memberships (group_id, user_id) WHERE left_at IS NULL;
CREATE INDEX memberships_user ON memberships (user_id) WHERE left_at IS NULL;
CREATE INDEX memberships_group_joined ON memberships (group_id, joined_at);

CREATE TABLE consents (
	group_id   INTEGER NOT NULL REFERENCES groups (id),
	user_id    TEXT    NOT NULL,
	state      TEXT    NOT NULL CHECK (state IN ('none', 'accepted', 'declined')),
	version    TEXT    NOT NULL DEFAULT '',
	decided_at INTEGER NOT NULL,
	PRIMARY KEY (group_id, user_id)
);

CREATE TABLE leaves (
	id       INTEGER PRIMARY KEY,
	group_id INTEGER NOT NULL REFERENCES groups (id),
	user_id  TEXT    NOT NULL,
	from_at  INTEGER NOT NULL,
	to_at    INTEGER NOT NULL
);
CREATE INDEX leaves_group ON leaves (group_id, from_at);

CREATE TABLE runs (
	id          INTEGER PRIMARY KEY,
	group_id    INTEGER NOT NULL REFERENCES groups (id),
	exercise_id TEXT    NOT NULL,
	version     TEXT    NOT NULL DEFAULT '',
	definition  BLOB    NOT NULL,
	opened_at   INTEGER NOT NULL,
	closes_at   INTEGER NOT NULL,
	closed_at   INTEGER,
	started_by  TEXT    NOT NULL DEFAULT '',
	message_id  TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX runs_group_opened ON runs (group_id, opened_at);
CREATE INDEX runs_open ON runs (group_id, opened_at) WHERE closed_at IS NULL;

-- The primary key also serves lookups by (run, user).
CREATE TABLE answers (
	run_id      INTEGER NOT NULL REFERENCES runs (id),
	user_id     TEXT    NOT NULL,
	step_id     TEXT    NOT NULL,
	value       TEXT    NOT NULL CHECK (json_valid(value)),
	answered_at INTEGER NOT NULL,
	late        INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
	PRIMARY KEY (run_id, user_id, step_id)
);
CREATE INDEX answers_user ON answers (user_id, run_id);

CREATE TABLE participation (
	run_id     INTEGER NOT NULL REFERENCES runs (id),
	user_id    TEXT    NOT NULL,
	status     TEXT    NOT NULL CHECK (status IN ('pending', 'answered', 'partial', 'late', 'excused', 'missed', 'not-due')),
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (run_id, user_id)
);
CREATE INDEX participation_pending ON participation (run_id) WHERE status = 'pending';

CREATE TABLE deliveries (
	id         TEXT    PRIMARY KEY,
	claimed_at INTEGER NOT NULL
);
CREATE INDEX deliveries_claimed ON deliveries (claimed_at);

-- Who looked at or exported whose data. subjects is a JSON array of user ids.
CREATE TABLE audit (
	id       INTEGER PRIMARY KEY,
	group_id INTEGER NOT NULL REFERENCES groups (id),
	actor_id TEXT    NOT NULL,
	action   TEXT    NOT NULL,
	subjects TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(subjects) AND json_type(subjects) = 'array'),
	at       INTEGER NOT NULL
);
CREATE INDEX audit_group_at ON audit (group_id, at);
