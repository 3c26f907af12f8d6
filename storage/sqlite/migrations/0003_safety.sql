-- Safety and privacy: per-group safety settings, keyword rules, safety
-- alerts with their acknowledgement, and sealed (encrypted) answer text.

CREATE TABLE group_settings (
	group_id       INTEGER PRIMARY KEY REFERENCES groups (id),
	footer         TEXT    NOT NULL DEFAULT '',
	retention_days INTEGER NOT NULL DEFAULT 0 CHECK (retention_days >= 0),  -- 0: the configured default
	backup_user    TEXT    NOT NULL DEFAULT '',
	ended_at       INTEGER,                                                  -- set by /group end
	ended_by       TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE group_keywords (
	group_id INTEGER NOT NULL REFERENCES groups (id),
	keyword  TEXT    NOT NULL,
	PRIMARY KEY (group_id, keyword)
);

-- An alert names the member, the run and the rule, never what they wrote.
-- The acknowledgement note may be sealed like answer text (note_key set).
CREATE TABLE alerts (
	id           INTEGER PRIMARY KEY,
	group_id     INTEGER NOT NULL REFERENCES groups (id),
	user_id      TEXT    NOT NULL,
	run_id       INTEGER REFERENCES runs (id),
	exercise_id  TEXT    NOT NULL DEFAULT '',
	step_id      TEXT    NOT NULL DEFAULT '',
	rule         TEXT    NOT NULL CHECK (rule IN ('scale', 'choice', 'keyword')),
	reason       TEXT    NOT NULL DEFAULT '',
	raised_at    INTEGER NOT NULL,
	sent_at      INTEGER NOT NULL DEFAULT 0,
	sends        INTEGER NOT NULL DEFAULT 0,
	acked_by     TEXT    NOT NULL DEFAULT '',
	acked_at     INTEGER,
	note         BLOB    NOT NULL DEFAULT '',
	note_key     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX alerts_open ON alerts (sent_at) WHERE acked_at IS NULL;
CREATE INDEX alerts_group_user ON alerts (group_id, user_id);
CREATE UNIQUE INDEX alerts_once ON alerts (run_id, user_id, step_id, rule) WHERE acked_at IS NULL;

-- Free-text answers may be sealed with AES-256-GCM: value then holds the
-- answer without its text, sealed the nonce and ciphertext, key_id the key.
ALTER TABLE answers ADD COLUMN sealed BLOB NOT NULL DEFAULT '';
ALTER TABLE answers ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
