-- Durable intake: every update a channel receives is stored here before the platform is told it arrived,
-- handled from here, and deleted once handled. What is left after a crash is handled first at the next start.
CREATE TABLE intake (
    id          INTEGER PRIMARY KEY,             -- arrival order
    channel     TEXT NOT NULL,
    update_key  TEXT NOT NULL,                   -- the platform's id for the update: a redelivery is dropped
    person_key  TEXT NOT NULL,                   -- whose messages must be handled in the order they came
    lane        TEXT NOT NULL DEFAULT 'private' CHECK (lane IN ('private', 'group')),
    payload     TEXT NOT NULL,                   -- the update as JSON, with anything that looks secret redacted
    attempts    INTEGER NOT NULL DEFAULT 0,      -- starts that found it unfinished
    received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (channel, update_key)
);

-- The last version of each guide file that loaded cleanly: a file broken later, even across a restart,
-- keeps serving this one.
CREATE TABLE guide_sources (
    name     TEXT PRIMARY KEY,                   -- file name in the guides folder: 'vneid-install.yaml'
    source   TEXT NOT NULL,
    saved_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
