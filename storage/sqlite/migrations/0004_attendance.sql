-- Live sessions and their attendance. Times are INTEGER Unix nanoseconds (UTC).

-- One row per live session; ended_at is NULL while it is open. At most one
-- open session per group.
CREATE TABLE live_sessions (
	id         INTEGER PRIMARY KEY,
	group_id   INTEGER NOT NULL REFERENCES groups (id),
	started_at INTEGER NOT NULL,
	ended_at   INTEGER,
	started_by TEXT    NOT NULL DEFAULT '',
	voice_id   TEXT    NOT NULL DEFAULT '',
	grace_ns   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX live_sessions_group ON live_sessions (group_id, started_at);
CREATE UNIQUE INDEX live_sessions_open ON live_sessions (group_id) WHERE ended_at IS NULL;

-- Voice joins and leaves of group members, kept for attendance only (pruned
-- when a session ends). No content.
CREATE TABLE voice_presence (
	id       INTEGER PRIMARY KEY,
	group_id INTEGER NOT NULL REFERENCES groups (id),
	user_id  TEXT    NOT NULL,
	voice_id TEXT    NOT NULL DEFAULT '',
	joined   INTEGER NOT NULL CHECK (joined IN (0, 1)),
	at       INTEGER NOT NULL
);
CREATE INDEX voice_presence_group_at ON voice_presence (group_id, at);

-- A therapist's decision on one member's attendance of one session.
CREATE TABLE attendance_marks (
	session_id INTEGER NOT NULL REFERENCES live_sessions (id),
	user_id    TEXT    NOT NULL,
	status     TEXT    NOT NULL CHECK (status IN ('present', 'late', 'left-early', 'absent', 'excused')),
	marked_by  TEXT    NOT NULL DEFAULT '',
	at         INTEGER NOT NULL,
	PRIMARY KEY (session_id, user_id)
);

-- Reviews read a group's participation in one statement (runs by group and
-- time, then participation by run): runs_group_opened and the primary keys
-- already serve them.
