-- People, conversation state, guide progress, feedback, help requests and de-duplication.
-- Times are ISO-8601 UTC text ('2026-11-23T08:00:00.000Z'), which sorts and compares correctly.

CREATE TABLE areas (
    code          TEXT PRIMARY KEY,              -- '01' province, '00070' commune, '00070-001' village
    level         TEXT NOT NULL CHECK (level IN ('province', 'commune', 'village')),
    name          TEXT NOT NULL,
    name_norm     TEXT NOT NULL,                 -- lower case, no tones: for lookup without diacritics
    parent_code   TEXT REFERENCES areas(code),
    province_code TEXT NOT NULL,
    commune_code  TEXT,                          -- NULL for provinces
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX areas_parent ON areas(parent_code);
CREATE INDEX areas_commune ON areas(commune_code);
CREATE INDEX areas_province ON areas(province_code);

CREATE TABLE people (
    id             INTEGER PRIMARY KEY,
    channel        TEXT NOT NULL,                -- 'telegram' | 'zalo' | 'console'
    user_id        TEXT NOT NULL,                -- a string: Zalo ids are hex
    chat_id        TEXT NOT NULL,                -- the private chat the bot answers in
    display_name   TEXT NOT NULL DEFAULT '',
    locale         TEXT NOT NULL DEFAULT 'vi' CHECK (locale IN ('vi', 'en')),
    role           TEXT NOT NULL DEFAULT 'resident' CHECK (role IN ('resident', 'member', 'coordinator')),
    village_code   TEXT REFERENCES areas(code),  -- where the resident lives / the member's home village
    created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    last_seen_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (channel, user_id)
);
CREATE INDEX people_village ON people(village_code);

-- Where each person is in a flow (guide and step, a half-filled form), as JSON.
CREATE TABLE conversation_state (
    person_id  INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    data       TEXT NOT NULL DEFAULT '{}',
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- The numbered list last shown on a channel without buttons; a newer list replaces it.
CREATE TABLE choice_menus (
    person_id  INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    actions    TEXT NOT NULL,                    -- JSON list of action strings, index 0 = "1"
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE guide_events (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    guide_id  TEXT NOT NULL,
    event     TEXT NOT NULL CHECK (event IN ('started', 'step', 'finished', 'stuck')),
    step      INTEGER,
    at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX guide_events_guide ON guide_events(guide_id, event);
CREATE INDEX guide_events_at ON guide_events(at);

CREATE TABLE feedback (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    guide_id  TEXT NOT NULL,
    helpful   INTEGER NOT NULL CHECK (helpful IN (0, 1)),
    at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE help_requests (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    guide_id     TEXT,
    step         INTEGER,
    village_code TEXT REFERENCES areas(code),
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'claimed', 'closed', 'cancelled')),
    claimed_by   INTEGER REFERENCES people(id),
    claimed_at   TEXT,
    closed_at    TEXT,
    reminded_at  TEXT,
    escalated_at TEXT,
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX help_requests_status ON help_requests(status, village_code);

-- Every update with a message id is recorded once, so a redelivery is dropped.
CREATE TABLE processed_messages (
    channel    TEXT NOT NULL,
    message_id TEXT NOT NULL,
    at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (channel, message_id)
) WITHOUT ROWID;
