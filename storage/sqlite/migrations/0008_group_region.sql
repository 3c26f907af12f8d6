-- The country of a group (ISO 3166-1 alpha-2), whose crisis resources its
-- members are shown; '' when none was set (groups created before this
-- migration: /crisis then says plainly that it does not know the country).
ALTER TABLE groups ADD COLUMN region TEXT NOT NULL DEFAULT '' CHECK (region = '' OR (length(region) = 2 AND region = upper(region)));
