-- Pain ratings (0-10) from the red-flag flow's "how much does it hurt?". A rating belongs to the
-- user's local date, so it goes with that day's logs (a session is all logs of one date); a day
-- with no log keeps its rating on its own.
CREATE TABLE pain_ratings (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    local_date TEXT    NOT NULL,  -- the user's local date ("2026-11-23")
    rated_at   TEXT    NOT NULL,
    rating     INTEGER NOT NULL CHECK (rating BETWEEN 0 AND 10),
    part       TEXT               -- the body part named ("knee"), if any
);
CREATE INDEX pain_ratings_by_user ON pain_ratings (user_id, local_date);
