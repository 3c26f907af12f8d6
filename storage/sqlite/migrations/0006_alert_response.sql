-- What a member chose on the screen shown after one of their answers raised
-- a safety alert ("please contact me" or "I'm OK for now"). Every press is
-- kept; the newest is shown to the therapists. It holds no user id: it
-- follows its alert through erasure (re-keyed) and purge (deleted with it).
CREATE TABLE alert_responses (
	id           INTEGER PRIMARY KEY,
	alert_id     INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
	response     TEXT    NOT NULL CHECK (response IN ('contact', 'ok')),
	responded_at INTEGER NOT NULL
);
CREATE INDEX alert_responses_alert ON alert_responses (alert_id, responded_at);
