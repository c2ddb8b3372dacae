-- The user's time zone, known before any plan (asked after the first log, or the plan's), and
-- whether it was asked; logs dated before it was known are marked, to be re-dated on the
-- user's local day once it is (and never after).
ALTER TABLE users ADD COLUMN tz TEXT;
ALTER TABLE users ADD COLUMN tz_asked INTEGER NOT NULL DEFAULT 0;
UPDATE users SET tz = (SELECT tz FROM plans WHERE plans.user_id = users.user_id);
ALTER TABLE logs ADD COLUMN dated_without_zone INTEGER NOT NULL DEFAULT 0;
UPDATE logs SET dated_without_zone = 1
    WHERE user_id IN (SELECT user_id FROM users WHERE tz IS NULL);
