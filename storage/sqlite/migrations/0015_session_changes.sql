-- One occurrence of a group's weekly session moved or cancelled, the
-- members' own time zones (for session reminders), and how long before a
-- session members are reminded.

CREATE TABLE session_changes (
	group_id   INTEGER NOT NULL REFERENCES groups (id),
	day        TEXT    NOT NULL,         -- the regular occurrence, local date
	moved_to   INTEGER,                  -- new start, wall time as UTC seconds; NULL: cancelled
	changed_by TEXT    NOT NULL DEFAULT '',
	changed_at INTEGER NOT NULL,
	PRIMARY KEY (group_id, day)
);

CREATE TABLE member_zones (
	group_id INTEGER NOT NULL REFERENCES groups (id),
	user_id  TEXT    NOT NULL,
	tz       TEXT    NOT NULL,
	PRIMARY KEY (group_id, user_id)
);

ALTER TABLE calendars ADD COLUMN remind_ns INTEGER NOT NULL DEFAULT 0;
