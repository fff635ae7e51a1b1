-- Teams, membership, coordinator scopes, invite codes, assist logs and group sessions.

CREATE TABLE teams (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    area_code  TEXT NOT NULL REFERENCES areas(code),  -- a village, or a commune for a commune-level team
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX teams_area ON teams(area_code);

CREATE TABLE team_members (
    id         INTEGER PRIMARY KEY,
    team_id    INTEGER NOT NULL REFERENCES teams(id),
    person_id  INTEGER NOT NULL REFERENCES people(id),
    joined_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    left_at    TEXT,
    removed_by INTEGER REFERENCES people(id)
);
-- One active team per person; history stays when they leave.
CREATE UNIQUE INDEX team_members_active ON team_members(person_id) WHERE left_at IS NULL;
CREATE INDEX team_members_team ON team_members(team_id);

CREATE TABLE coordinator_areas (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people(id),
    area_code  TEXT NOT NULL REFERENCES areas(code),   -- a commune or a province
    granted_by TEXT NOT NULL,                          -- channel-qualified id, or 'cli'
    granted_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    revoked_at TEXT
);
CREATE UNIQUE INDEX coordinator_areas_active ON coordinator_areas(person_id, area_code) WHERE revoked_at IS NULL;

CREATE TABLE invites (
    code_hash  TEXT PRIMARY KEY,                  -- sha256 of the code; the code itself is never stored
    team_id    INTEGER NOT NULL REFERENCES teams(id),
    created_by TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    max_uses   INTEGER NOT NULL DEFAULT 1 CHECK (max_uses >= 1),
    uses       INTEGER NOT NULL DEFAULT 0,
    revoked_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE join_attempts (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id),
    ok        INTEGER NOT NULL CHECK (ok IN (0, 1)),
    at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX join_attempts_person ON join_attempts(person_id, at);

-- One row per time a member helped someone. skill_group is copied from the guide at logging time
-- so reports group by it even if a guide is later moved.
CREATE TABLE assists (
    id              INTEGER PRIMARY KEY,
    member_id       INTEGER NOT NULL REFERENCES people(id),
    team_id         INTEGER REFERENCES teams(id),
    village_code    TEXT REFERENCES areas(code),
    guide_id        TEXT,                             -- NULL when other_skill is used
    other_skill     TEXT,
    skill_group     TEXT NOT NULL,
    people_count    INTEGER NOT NULL DEFAULT 1 CHECK (people_count BETWEEN 1 AND 500),
    names           TEXT NOT NULL DEFAULT '',
    household       TEXT NOT NULL DEFAULT '',
    household_norm  TEXT NOT NULL DEFAULT '',         -- normalised label: each household counted once
    mode            TEXT NOT NULL DEFAULT 'self' CHECK (mode IN ('self', 'for_them')),
    note            TEXT NOT NULL DEFAULT '',
    source          TEXT UNIQUE,                      -- 'channel:message_id' of the confirming update
    help_request_id INTEGER REFERENCES help_requests(id),
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at      TEXT,
    undone_at       TEXT
);
CREATE INDEX assists_village_time ON assists(village_code, created_at);
CREATE INDEX assists_member_time ON assists(member_id, created_at);
CREATE INDEX assists_time ON assists(created_at);

CREATE TABLE assist_edits (
    id        INTEGER PRIMARY KEY,
    assist_id INTEGER NOT NULL REFERENCES assists(id),
    editor_id INTEGER NOT NULL REFERENCES people(id),
    field     TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    member_id    INTEGER NOT NULL REFERENCES people(id),
    team_id      INTEGER REFERENCES teams(id),
    village_code TEXT REFERENCES areas(code),
    held_on      TEXT NOT NULL,                       -- local date, YYYY-MM-DD
    topics       TEXT NOT NULL DEFAULT '[]',          -- JSON list of guide ids
    place        TEXT NOT NULL DEFAULT '',
    attendees    INTEGER NOT NULL CHECK (attendees BETWEEN 1 AND 5000),
    note         TEXT NOT NULL DEFAULT '',
    source       TEXT UNIQUE,
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    undone_at    TEXT
);
CREATE INDEX sessions_village_time ON sessions(village_code, held_on);
