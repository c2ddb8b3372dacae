-- A coach's inbox in a forum supergroup: each client gets a topic of their own there. The
-- private chat with the bot stays the fall-back: when the group is gone (the bot removed, the
-- group deleted) the inbox is 'gone', when one topic is gone that topic is; either way the
-- coach is told once, when the state changes.
CREATE TABLE coach_inboxes (
    coach_id     INTEGER PRIMARY KEY REFERENCES users (user_id) ON DELETE CASCADE,
    chat_id      INTEGER NOT NULL UNIQUE,
    state        TEXT    NOT NULL CHECK (state IN ('active', 'gone')),
    ignored_told INTEGER NOT NULL DEFAULT 0,  -- the coach was told what the bot ignores there
    created_at   TEXT    NOT NULL
);
-- The topic of one client (one link) in the coach's inbox group, created once.
CREATE TABLE coach_topics (
    link_id    INTEGER PRIMARY KEY REFERENCES coach_links (id) ON DELETE CASCADE,
    chat_id    INTEGER NOT NULL,
    thread_id  INTEGER NOT NULL,
    state      TEXT    NOT NULL CHECK (state IN ('active', 'gone')),
    created_at TEXT    NOT NULL,
    UNIQUE (chat_id, thread_id)
);
