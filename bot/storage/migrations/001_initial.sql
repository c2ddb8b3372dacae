-- Users, their conversation position, screenings, processed updates and the outbox.
-- Times are ISO-8601 UTC text ("2026-11-21T18:30:00+00:00").

CREATE TABLE users (
    user_id      INTEGER PRIMARY KEY,
    chat_id      INTEGER NOT NULL,
    first_name   TEXT    NOT NULL DEFAULT '',
    created_at   TEXT    NOT NULL,
    last_seen_at TEXT    NOT NULL,
    blocked_at   TEXT,              -- set when Telegram says the user blocked the bot
    flow         TEXT,              -- the conversation in progress, if any
    flow_state   TEXT               -- its position, as JSON
);

CREATE TABLE screenings (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    answers         TEXT    NOT NULL,  -- JSON {question_id: true/false}
    outcome         TEXT    NOT NULL CHECK (outcome IN ('cleared', 'modified', 'not_today', 'doctor')),
    adaptations     TEXT    NOT NULL,  -- JSON list
    content_version TEXT    NOT NULL,
    completed_at    TEXT    NOT NULL,
    cleared_on      TEXT               -- when a doctor's go-ahead was confirmed
);
CREATE INDEX screenings_by_user ON screenings (user_id, id);

-- Each Telegram update is handled once, even if it is delivered again after a crash.
CREATE TABLE processed_updates (
    update_id    INTEGER PRIMARY KEY,
    processed_at TEXT NOT NULL
);

-- Every outgoing message, written in the same transaction as the state it reports.
CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    chat_id    INTEGER NOT NULL,
    payload    TEXT    NOT NULL,  -- JSON: the reply and the message it edits
    not_before TEXT    NOT NULL,  -- '' = at once; else the earliest retry time
    attempts   INTEGER NOT NULL DEFAULT 0,
    created_at TEXT    NOT NULL
);
CREATE INDEX outbox_due ON outbox (not_before, id);

-- Telegram file ids of pictures already uploaded, by the picture file's name.
CREATE TABLE media (
    name    TEXT PRIMARY KEY,
    file_id TEXT NOT NULL
);
