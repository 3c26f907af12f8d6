-- Where each run's results were posted in the group's channel, so that
-- /forgetme can edit a member's shared answers out of the post.
CREATE TABLE result_posts (
	run_id     INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
	channel_id TEXT    NOT NULL,
	message_id TEXT    NOT NULL,                -- the last (or only) message
	earlier    TEXT    NOT NULL DEFAULT '[]',   -- JSON array of the ids of earlier parts
	posted_at  INTEGER NOT NULL
);
