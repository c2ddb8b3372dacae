-- Workout logs: one row per accepted log (a chat message or a finished guided workout), with its
-- sets. A day's session is all logs of that local date. Undo deletes one log.

CREATE TABLE logs (
    id               INTEGER PRIMARY KEY,
    user_id          INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    seq              INTEGER NOT NULL,  -- the user's own log number, named by Undo/Edit buttons
    local_date       TEXT    NOT NULL,  -- the user's local date ("2026-11-23")
    logged_at        TEXT    NOT NULL,
    source           TEXT    NOT NULL CHECK (source IN ('chat', 'workout')),
    source_text      TEXT,              -- what the user typed, to spot a double tap
    target_sets      INTEGER,
    target_reps      INTEGER,
    target_weight_kg REAL,
    feel             TEXT CHECK (feel IN ('easy', 'right', 'hard')),
    pain             INTEGER NOT NULL DEFAULT 0,
    note             TEXT
);
CREATE UNIQUE INDEX logs_by_user ON logs (user_id, seq);
CREATE INDEX logs_by_date ON logs (user_id, local_date);

CREATE TABLE log_sets (
    log_id    INTEGER NOT NULL REFERENCES logs (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    reps      INTEGER NOT NULL CHECK (reps > 0),
    leg       TEXT    NOT NULL CHECK (leg IN ('both', 'left', 'right')),
    weight_kg REAL,
    PRIMARY KEY (log_id, position)
);

-- One-off wake-ups for a user's conversation (the guided workout's rest timer).
CREATE TABLE timers (
    user_id INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    name    TEXT    NOT NULL,
    due_at  INTEGER NOT NULL,  -- Unix seconds UTC
    PRIMARY KEY (user_id, name)
);
CREATE INDEX timers_due ON timers (due_at);

-- A pain report asks for a new screening before the next workout.
ALTER TABLE users ADD COLUMN rescreen_required INTEGER NOT NULL DEFAULT 0;
