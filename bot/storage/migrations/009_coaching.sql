-- A human coach in the loop. A coach is a user with an invite code; a client agrees to a coach
-- through that code, which makes a link. Link ids are never reused (AUTOINCREMENT): buttons and
-- thread records name them, and an ended link's buttons must stay dead. Everything a coach
-- reads about a client goes through an active link (bot/storage/coaching.py, `linked_client`).
CREATE TABLE coaches (
    user_id         INTEGER PRIMARY KEY REFERENCES users (user_id) ON DELETE CASCADE,
    invite_code     TEXT    NOT NULL UNIQUE,
    code_created_at TEXT    NOT NULL,
    digest          TEXT    NOT NULL DEFAULT 'live' CHECK (digest IN ('live', 'daily')),
    created_at      TEXT    NOT NULL
);
CREATE TABLE coach_links (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    coach_id  INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    client_id INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    state     TEXT    NOT NULL CHECK (state IN ('active', 'ended')),
    agreed_at TEXT    NOT NULL,
    ended_at  TEXT,
    CHECK (coach_id != client_id)
);
-- One coach per client at a time.
CREATE UNIQUE INDEX coach_links_one_active ON coach_links (client_id) WHERE state = 'active';
CREATE INDEX coach_links_by_coach ON coach_links (coach_id, state);
-- Every message relayed between a coach and a client, either way.
CREATE TABLE coach_messages (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    link_id    INTEGER NOT NULL REFERENCES coach_links (id) ON DELETE CASCADE,
    direction  TEXT    NOT NULL CHECK (direction IN ('to_client', 'to_coach')),
    text       TEXT    NOT NULL,
    created_at TEXT    NOT NULL
);
CREATE INDEX coach_messages_by_link ON coach_messages (link_id, id);
-- What a client did that their coach is told about (a log, a screening, a pain rating, a red
-- flag), kept for the roster and the client's card; `seen_at` is set when the coach looked.
CREATE TABLE coach_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    link_id    INTEGER NOT NULL REFERENCES coach_links (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL,
    detail     TEXT    NOT NULL,  -- JSON
    urgent     INTEGER NOT NULL DEFAULT 0,
    created_at TEXT    NOT NULL,
    seen_at    TEXT
);
CREATE INDEX coach_events_by_link ON coach_events (link_id, id);
-- Which message in a coach's chat is about which client: a Telegram reply to it goes to them.
CREATE TABLE coach_threads (
    chat_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    link_id    INTEGER NOT NULL REFERENCES coach_links (id) ON DELETE CASCADE,
    PRIMARY KEY (chat_id, message_id)
);
CREATE INDEX coach_threads_by_link ON coach_threads (link_id);
