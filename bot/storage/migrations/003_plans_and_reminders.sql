-- Weekly plans, with the next reminder instant as an indexed column: the dispatcher claims
-- what is due with one range query, so its cost grows with what is due, not with the users.

CREATE TABLE plans (
    user_id      INTEGER PRIMARY KEY REFERENCES users (user_id) ON DELETE CASCADE,
    days         TEXT    NOT NULL,  -- weekdays, Monday = 0: "0,2,4"
    at           TEXT    NOT NULL,  -- local wall time "HH:MM"
    tz           TEXT    NOT NULL,  -- IANA name or "UTC+HH:MM"
    paused_until TEXT,              -- first local date with reminders again ("9999-12-31": until /resume)
    next_fire_at INTEGER,           -- the next planned slot, Unix seconds UTC
    snooze_at    INTEGER,           -- a snoozed reminder, Unix seconds UTC
    snooze_slot  INTEGER,           -- the slot the snooze belongs to
    updated_at   TEXT    NOT NULL
);
CREATE INDEX plans_due ON plans (next_fire_at) WHERE next_fire_at IS NOT NULL;
CREATE INDEX plans_snoozed ON plans (snooze_at) WHERE snooze_at IS NOT NULL;

-- One row per reminder the dispatcher decided on: at most one per user, slot and kind.
CREATE TABLE reminders (
    user_id   INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    slot      INTEGER NOT NULL,  -- the planned instant, Unix seconds UTC
    kind      TEXT    NOT NULL CHECK (kind IN ('slot', 'snooze')),
    status    TEXT    NOT NULL,  -- queued, sent, failed, skipped (why in `reason`)
    reason    TEXT,
    queued_at TEXT    NOT NULL,
    PRIMARY KEY (user_id, slot, kind)
);
CREATE INDEX reminders_by_time ON reminders (queued_at);
