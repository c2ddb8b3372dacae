-- The next-morning check of the pain-monitoring model: after a day with pain the coach asks, the
-- next morning in the user's time zone, whether the joint feels better or worse. One row per
-- user and morning (so several ratings on one day ask once); `ask_at` is when to ask (Unix
-- seconds UTC, under a partial index like plans.next_fire_at), cleared when the dispatcher
-- claims it; the answer is stored once.
CREATE TABLE morning_checks (
    user_id     INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    morning     TEXT    NOT NULL,  -- the local date asked on ("2026-11-24")
    about       TEXT    NOT NULL,  -- the local date of the day with pain
    part        TEXT,              -- the body part rated ("knee"), if any
    ask_at      INTEGER,           -- when to ask, Unix seconds UTC; NULL once claimed
    answer      TEXT    CHECK (answer IN ('better', 'worse')),
    answered_at TEXT,
    PRIMARY KEY (user_id, morning)
);
CREATE INDEX morning_checks_due ON morning_checks (ask_at) WHERE ask_at IS NOT NULL;

-- Each check asked is a row in `reminders`, as reminders are: one more kind.
ALTER TABLE reminders RENAME TO reminders_before_014;
CREATE TABLE reminders (
    user_id   INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    slot      INTEGER NOT NULL,  -- the planned instant, Unix seconds UTC
    kind      TEXT    NOT NULL CHECK (kind IN ('slot', 'snooze', 'summary', 'nudge', 'pain_check')),
    status    TEXT    NOT NULL,  -- queued, sent, failed, skipped (why in `reason`)
    reason    TEXT,
    queued_at TEXT    NOT NULL,
    PRIMARY KEY (user_id, slot, kind)
);
INSERT INTO reminders (user_id, slot, kind, status, reason, queued_at)
    SELECT user_id, slot, kind, status, reason, queued_at FROM reminders_before_014;
DROP TABLE reminders_before_014;
CREATE INDEX reminders_by_time ON reminders (queued_at);
