-- A member's assist entry that is read but not yet saved: kept until they save or cancel it, reminded once
-- when left idle, and dropped (with a message saying so) when it expires. One draft per person.
CREATE TABLE assist_drafts (
    person_id   INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    nonce       TEXT NOT NULL,                 -- in the draft's buttons: a press on an older draft is stale
    body        TEXT NOT NULL,                 -- JSON: the assists read, the question pending, lines waiting
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    reminded_at TEXT
);
-- The reminder worker looks for drafts by how long they have been left.
CREATE INDEX assist_drafts_idle ON assist_drafts(updated_at);

