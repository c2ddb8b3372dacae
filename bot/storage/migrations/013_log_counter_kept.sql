-- The highest log number given to anyone, kept when a user is erased: a user who comes back
-- after /delete numbers their logs above it, so an Undo or Edit button from before the
-- /delete never names a log made after it.
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO counters (name, value)
    VALUES ('log_seq', COALESCE((SELECT MAX(last_log_seq) FROM users), 0));
