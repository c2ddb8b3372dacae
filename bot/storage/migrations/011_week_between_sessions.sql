-- Coaching between sessions: the weekly summary and the missed-session nudge. Each has its
-- next instant on the plan (Unix seconds UTC, under a partial index like next_fire_at, so the
-- dispatcher claims what is due with a range query) and a switch the user can turn off.
ALTER TABLE plans ADD COLUMN summary_at INTEGER;
ALTER TABLE plans ADD COLUMN nudge_at INTEGER;
ALTER TABLE plans ADD COLUMN summaries_on INTEGER NOT NULL DEFAULT 1;
ALTER TABLE plans ADD COLUMN nudges_on INTEGER NOT NULL DEFAULT 1;
-- Plans made before: first due at their next reminder slot, which is no real summary or nudge
-- instant, so the dispatcher only schedules the real next one from it (bot/coach/week.py).
UPDATE plans SET summary_at = next_fire_at, nudge_at = next_fire_at;
CREATE INDEX plans_summary_due ON plans (summary_at) WHERE summary_at IS NOT NULL;
CREATE INDEX plans_nudge_due ON plans (nudge_at) WHERE nudge_at IS NOT NULL;

-- Each summary and nudge decided is a row in `reminders`, as reminders are: two more kinds.
ALTER TABLE reminders RENAME TO reminders_before_010;
CREATE TABLE reminders (
    user_id   INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    slot      INTEGER NOT NULL,  -- the planned instant, Unix seconds UTC
    kind      TEXT    NOT NULL CHECK (kind IN ('slot', 'snooze', 'summary', 'nudge')),
    status    TEXT    NOT NULL,  -- queued, sent, failed, skipped (why in `reason`)
    reason    TEXT,
    queued_at TEXT    NOT NULL,
    PRIMARY KEY (user_id, slot, kind)
);
INSERT INTO reminders (user_id, slot, kind, status, reason, queued_at)
    SELECT user_id, slot, kind, status, reason, queued_at FROM reminders_before_010;
DROP TABLE reminders_before_010;
CREATE INDEX reminders_by_time ON reminders (queued_at);
