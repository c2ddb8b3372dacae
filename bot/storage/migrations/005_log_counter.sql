-- A per-user log counter that only goes up: Undo/Edit buttons name a log by its number, so a
-- number must never be given to another log after an Undo.
ALTER TABLE users ADD COLUMN last_log_seq INTEGER NOT NULL DEFAULT 0;
UPDATE users SET last_log_seq = COALESCE(
    (SELECT MAX(seq) FROM logs WHERE logs.user_id = users.user_id), 0
);
