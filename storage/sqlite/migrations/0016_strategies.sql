-- The strategy board: strategies members shared with their group, and who
-- said "I'll try this" or "this helped". After /forgetme a strategy stays
-- only when its author agreed (keep_anon), with author_id ''.

CREATE TABLE strategies (
	id         INTEGER PRIMARY KEY,
	group_id   INTEGER NOT NULL REFERENCES groups (id),
	author_id  TEXT    NOT NULL,
	text       TEXT    NOT NULL,
	topic      TEXT    NOT NULL DEFAULT '',
	source     TEXT    NOT NULL DEFAULT 'command',
	keep_anon  INTEGER NOT NULL DEFAULT 0 CHECK (keep_anon IN (0, 1)),
	pinned     INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
	proposed   TEXT    NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL
);
CREATE INDEX strategies_group ON strategies (group_id);
CREATE UNIQUE INDEX strategies_run_author ON strategies (group_id, source, author_id) WHERE source != 'command' AND author_id != '';

CREATE TABLE strategy_marks (
	strategy_id INTEGER NOT NULL REFERENCES strategies (id),
	user_id     TEXT    NOT NULL,
	kind        TEXT    NOT NULL CHECK (kind IN ('tried', 'helped')),
	at          INTEGER NOT NULL,
	PRIMARY KEY (strategy_id, user_id, kind)
);
