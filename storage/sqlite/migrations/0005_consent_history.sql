-- Every consent decision a member made, not only the latest, so that
-- /mydata can show when they accepted or declined which notice.
CREATE TABLE consent_history (
	id         INTEGER PRIMARY KEY,
	group_id   INTEGER NOT NULL REFERENCES groups (id),
	user_id    TEXT    NOT NULL,
	state      TEXT    NOT NULL CHECK (state IN ('accepted', 'declined')),
	version    TEXT    NOT NULL,
	decided_at INTEGER NOT NULL
);
CREATE INDEX consent_history_member ON consent_history (group_id, user_id, decided_at);

-- Decisions made before this table existed are its first entries.
INSERT INTO consent_history (group_id, user_id, state, version, decided_at)
	SELECT group_id, user_id, state, version, decided_at FROM consents WHERE state IN ('accepted', 'declined');
