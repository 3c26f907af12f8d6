-- Starter phrases a group's therapists turned off. Every group watches its
-- written answers with the built-in starter list (bot.StarterKeywords) minus
-- the phrases listed here, plus its own keywords (group_keywords).
CREATE TABLE group_keyword_removals (
	group_id INTEGER NOT NULL REFERENCES groups (id),
	keyword  TEXT    NOT NULL,
	PRIMARY KEY (group_id, keyword)
);
