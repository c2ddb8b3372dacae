-- A coach's daily digest. In digest mode a client's events that are not urgent are stored but
-- not sent at once (`coach_events.held`); at 18:00 in the coach's zone the dispatcher claims
-- `coaches.digest_at` (Unix seconds UTC, partial index) conditionally, records the digest in
-- `coach_digests` (one row per coach and local day: decided once) and sends one message per
-- client summarising their held events, which are then released.
ALTER TABLE coaches ADD COLUMN digest_at INTEGER;
CREATE INDEX coaches_digest_due ON coaches (digest_at) WHERE digest_at IS NOT NULL;
ALTER TABLE coach_events ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
CREATE INDEX coach_events_held ON coach_events (link_id) WHERE held = 1;
CREATE TABLE coach_digests (
    coach_id  INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    day       TEXT    NOT NULL,  -- the coach's local date, ISO
    slot      INTEGER NOT NULL,  -- the digest instant, Unix seconds UTC
    status    TEXT    NOT NULL,  -- queued, sent (one message per client), skipped (why in `reason`)
    reason    TEXT,
    queued_at TEXT    NOT NULL,
    PRIMARY KEY (coach_id, day)
);
