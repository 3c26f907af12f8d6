-- Alerts reach a person: every step of a safety alert's delivery (who was
-- told, when, and why: first notice, escalation, cover during quiet hours,
-- or held because the therapist was in quiet hours), and each therapist's
-- quiet hours per group.

CREATE TABLE alert_notices (
	id       INTEGER PRIMARY KEY,
	alert_id INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
	user_id  TEXT    NOT NULL,  -- a therapist, or the practice contact
	step     TEXT    NOT NULL CHECK (step IN ('first', 'resend', 'backup', 'practice', 'cover', 'held')),
	at       INTEGER NOT NULL
);
CREATE INDEX alert_notices_alert ON alert_notices (alert_id, at);

-- Minutes after midnight in the group's time zone; from > to wraps past
-- midnight (22:00-07:00 is 1320, 420).
CREATE TABLE quiet_hours (
	group_id INTEGER NOT NULL REFERENCES groups (id),
	user_id  TEXT    NOT NULL,
	from_min INTEGER NOT NULL CHECK (from_min BETWEEN 0 AND 1439),
	to_min   INTEGER NOT NULL CHECK (to_min BETWEEN 0 AND 1439),
	PRIMARY KEY (group_id, user_id)
);
