-- Safety-alert notices for channels outside the chat platform (e-mail,
-- webhook), kept until each is sent, given up (failed, then reported to a
-- therapist) or dropped (the alert was acknowledged or erased first). No
-- content: which alert, which therapist, which channel, which step.

CREATE TABLE alert_outbox (
	id       INTEGER PRIMARY KEY,
	alert_id INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
	group_id INTEGER NOT NULL REFERENCES groups (id),
	user_id  TEXT    NOT NULL,  -- the therapist (or practice contact) it is for
	channel  TEXT    NOT NULL CHECK (channel IN ('email', 'webhook')),
	step     TEXT    NOT NULL CHECK (step IN ('first', 'resend', 'backup', 'practice', 'cover')),
	at       INTEGER NOT NULL,  -- queued
	next_at  INTEGER NOT NULL,  -- the next attempt
	attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
	state    TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed', 'dropped')),
	reported INTEGER NOT NULL DEFAULT 0 CHECK (reported IN (0, 1)),
	UNIQUE (alert_id, user_id, channel, step, at)
);
CREATE INDEX alert_outbox_pending ON alert_outbox (next_at) WHERE state = 'pending';
CREATE INDEX alert_outbox_unreported ON alert_outbox (id) WHERE state = 'failed' AND reported = 0;
