-- The live hour beyond attendance (issue 12): session plans and outcomes,
-- go-arounds, live activities and polls, therapists' notes, members'
-- end-of-session ratings. Times are INTEGER Unix nanoseconds (UTC).

-- A session's plan and, once it ended, its outcome. session_id 0 is the
-- group's next session, not yet started; /session start moves it to the
-- session's id.
CREATE TABLE session_plans (
	group_id   INTEGER NOT NULL REFERENCES groups (id),
	session_id INTEGER NOT NULL,
	goal       TEXT    NOT NULL DEFAULT '',
	topic      TEXT    NOT NULL DEFAULT '',
	exercises  TEXT    NOT NULL DEFAULT '[]', -- JSON list of exercise ids
	goaround   TEXT    NOT NULL DEFAULT '',
	activity   TEXT    NOT NULL DEFAULT '',
	set_by     TEXT    NOT NULL DEFAULT '',
	set_at     INTEGER NOT NULL,
	goal_met   TEXT    NOT NULL DEFAULT '' CHECK (goal_met IN ('', 'yes', 'partly', 'no')),
	note       TEXT    NOT NULL DEFAULT '',
	PRIMARY KEY (group_id, session_id)
);

-- A go-around and, in goaround_turns, who was invited in which order and how
-- each turn ended. Nothing anyone said is stored.
CREATE TABLE goarounds (
	id          INTEGER PRIMARY KEY,
	group_id    INTEGER NOT NULL REFERENCES groups (id),
	session_id  INTEGER NOT NULL DEFAULT 0,
	prompt      TEXT    NOT NULL,
	each_ns     INTEGER NOT NULL,
	pos         INTEGER NOT NULL DEFAULT 0,
	turn_ends   INTEGER NOT NULL DEFAULT 0,
	left_ns     INTEGER NOT NULL DEFAULT 0,
	paused      INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
	channel_id  TEXT    NOT NULL DEFAULT '',
	message_id  TEXT    NOT NULL DEFAULT '',
	started_by  TEXT    NOT NULL DEFAULT '',
	started_at  INTEGER NOT NULL,
	ended_at    INTEGER
);
CREATE INDEX goarounds_group ON goarounds (group_id, started_at);
CREATE INDEX goarounds_active ON goarounds (group_id) WHERE ended_at IS NULL;

CREATE TABLE goaround_turns (
	goaround_id INTEGER NOT NULL REFERENCES goarounds (id) ON DELETE CASCADE,
	pos         INTEGER NOT NULL,
	user_id     TEXT    NOT NULL,
	outcome     TEXT    NOT NULL DEFAULT '' CHECK (outcome IN ('', 'spoke', 'passed', 'timeout', 'skipped')),
	at          INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (goaround_id, pos)
);

-- An exercise run live in the channel, or a live poll; its answers are the
-- run's.
CREATE TABLE live_activities (
	id          INTEGER PRIMARY KEY,
	group_id    INTEGER NOT NULL REFERENCES groups (id),
	session_id  INTEGER NOT NULL DEFAULT 0,
	run_id      INTEGER NOT NULL REFERENCES runs (id),
	poll        INTEGER NOT NULL DEFAULT 0 CHECK (poll IN (0, 1)),
	step        INTEGER NOT NULL DEFAULT 0,
	step_ends   INTEGER NOT NULL DEFAULT 0,
	next_edit   INTEGER NOT NULL DEFAULT 0,
	channel_id  TEXT    NOT NULL DEFAULT '',
	message_id  TEXT    NOT NULL DEFAULT '',
	ended_at    INTEGER
);
CREATE INDEX live_activities_active ON live_activities (group_id) WHERE ended_at IS NULL;

-- A therapist's one-line private observation of a member in a session; a
-- new one replaces the current one, which keeps its text (replaced_at set).
-- text is sealed with the data key when one is set (text_key names it).
CREATE TABLE session_notes (
	id          INTEGER PRIMARY KEY,
	group_id    INTEGER NOT NULL REFERENCES groups (id),
	session_id  INTEGER NOT NULL,
	user_id     TEXT    NOT NULL,
	author      TEXT    NOT NULL DEFAULT '',
	text        BLOB    NOT NULL,
	text_key    TEXT    NOT NULL DEFAULT '',
	at          INTEGER NOT NULL,
	replaced_at INTEGER
);
CREATE INDEX session_notes_member ON session_notes (group_id, user_id, at);
CREATE UNIQUE INDEX session_notes_current ON session_notes (session_id, user_id) WHERE replaced_at IS NULL;

-- A member's optional end-of-session rating (1-5; 0 = not given).
CREATE TABLE session_ratings (
	session_id INTEGER NOT NULL REFERENCES live_sessions (id),
	user_id    TEXT    NOT NULL,
	helpful    INTEGER NOT NULL DEFAULT 0 CHECK (helpful BETWEEN 0 AND 5),
	connected  INTEGER NOT NULL DEFAULT 0 CHECK (connected BETWEEN 0 AND 5),
	at         INTEGER NOT NULL,
	PRIMARY KEY (session_id, user_id)
);
