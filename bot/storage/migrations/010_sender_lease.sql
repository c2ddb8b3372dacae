-- One sender per database: the process that polls Telegram, dispatches reminders and sends
-- the outbox holds this lease and renews it on every dispatcher tick; another process on the
-- same file waits as a standby and takes the lease once it is released or has expired.
CREATE TABLE sender_lease (
    id         INTEGER PRIMARY KEY CHECK (id = 1),  -- one row at most
    holder     TEXT    NOT NULL,                    -- host/pid/random of the holding process
    expires_at INTEGER NOT NULL                     -- Unix seconds; free to take from then on
);
