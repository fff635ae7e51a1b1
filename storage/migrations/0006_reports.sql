-- Reports: village base numbers and targets per period, per-province column settings, weekly digests,
-- and the indexes the report queries need on large logs.

-- Households and adults of a village as counted for a period ('2026', '2026-Q4', '2026-10', or a range).
-- Either number may be unknown (NULL): reports then show "—" for what depends on it.
CREATE TABLE village_baselines (
    id           INTEGER PRIMARY KEY,
    village_code TEXT NOT NULL REFERENCES areas(code),
    period       TEXT NOT NULL,
    starts_on    TEXT NOT NULL,                -- local date, first day of the period
    ends_on      TEXT NOT NULL,                -- local date, the day after the last
    households   INTEGER CHECK (households BETWEEN 0 AND 1000000),
    adults       INTEGER CHECK (adults BETWEEN 0 AND 10000000),
    entered_by   TEXT NOT NULL,                -- channel-qualified id, or 'cli'
    updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (village_code, period)
);
CREATE INDEX village_baselines_start ON village_baselines(village_code, starts_on);

-- Targets (chỉ tiêu) per village, period and indicator.
CREATE TABLE village_targets (
    id           INTEGER PRIMARY KEY,
    village_code TEXT NOT NULL REFERENCES areas(code),
    period       TEXT NOT NULL,
    starts_on    TEXT NOT NULL,
    ends_on      TEXT NOT NULL,
    indicator    TEXT NOT NULL CHECK (indicator IN ('households', 'assists', 'sessions', 'attendees')),
    value        INTEGER NOT NULL CHECK (value BETWEEN 0 AND 10000000),
    entered_by   TEXT NOT NULL,
    updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (village_code, period, indicator)
);
CREATE INDEX village_targets_span ON village_targets(village_code, starts_on, ends_on);

-- A province's own names for the summary columns, or columns it does not want.
CREATE TABLE report_columns (
    province_code TEXT NOT NULL REFERENCES areas(code),
    column_key    TEXT NOT NULL,
    label         TEXT,                        -- NULL keeps the default label
    hidden        INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
    updated_by    TEXT NOT NULL,
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (province_code, column_key)
) WITHOUT ROWID;

-- A coordinator's off switch for the weekly digest (no row = on).
CREATE TABLE digest_settings (
    person_id  INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    enabled    INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- One row per coordinator and reported week, written before sending: a week is never sent twice.
CREATE TABLE digest_sent (
    person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    week_start TEXT NOT NULL,                  -- local date (Monday) of the week the digest covers
    sent_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (person_id, week_start)
) WITHOUT ROWID;

-- Report scans read live assists of a set of villages over a time range; this index holds every column
-- they need, so a month of a province (tens of thousands of rows) is read without touching the table.
CREATE INDEX assists_report ON assists(
    village_code, created_at, skill_group, mode, member_id, household_norm, people_count, guide_id
) WHERE undone_at IS NULL;

CREATE INDEX help_requests_village_created ON help_requests(village_code, created_at);
CREATE INDEX help_requests_village_closed ON help_requests(village_code, closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX guide_events_report ON guide_events(at, person_id, guide_id, event, step);

-- Rollups kept by triggers so cumulative figures over many months never rescan every assist: live assists
-- per village and UTC day, and per village and UTC month. A local period is read as whole months, then
-- whole days, then less than a day of raw rows at each edge.
CREATE TABLE assist_days (
    village_code TEXT NOT NULL,
    day          TEXT NOT NULL,                -- 'YYYY-MM-DD' of created_at (UTC)
    assists      INTEGER NOT NULL,
    self_done    INTEGER NOT NULL,
    people       INTEGER NOT NULL,
    PRIMARY KEY (village_code, day)
) WITHOUT ROWID;

CREATE TABLE assist_months (
    village_code TEXT NOT NULL,
    month        TEXT NOT NULL,                -- 'YYYY-MM' of created_at (UTC)
    assists      INTEGER NOT NULL,
    self_done    INTEGER NOT NULL,
    people       INTEGER NOT NULL,
    PRIMARY KEY (village_code, month)
) WITHOUT ROWID;

-- When each household of a village was first reached by a live assist, and how many each village has:
-- households reached by a day (each counted once) is the count minus those first reached after it.
CREATE TABLE household_first (
    village_code   TEXT NOT NULL,
    household_norm TEXT NOT NULL,
    first_at       TEXT NOT NULL,
    PRIMARY KEY (village_code, household_norm)
) WITHOUT ROWID;
CREATE INDEX household_first_at ON household_first(village_code, first_at);

CREATE TABLE village_reach (
    village_code TEXT PRIMARY KEY,
    households   INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO assist_days (village_code, day, assists, self_done, people)
SELECT village_code, substr(created_at, 1, 10), count(*), sum(mode = 'self'), sum(people_count) FROM assists
WHERE undone_at IS NULL AND village_code IS NOT NULL GROUP BY village_code, substr(created_at, 1, 10);

INSERT INTO assist_months (village_code, month, assists, self_done, people)
SELECT village_code, substr(day, 1, 7), sum(assists), sum(self_done), sum(people) FROM assist_days
GROUP BY village_code, substr(day, 1, 7);

INSERT INTO household_first (village_code, household_norm, first_at)
SELECT village_code, household_norm, min(created_at) FROM assists
WHERE undone_at IS NULL AND village_code IS NOT NULL AND household_norm != '' GROUP BY village_code, household_norm;

INSERT INTO village_reach (village_code, households)
SELECT village_code, count(*) FROM household_first GROUP BY village_code;

CREATE TRIGGER household_first_added AFTER INSERT ON household_first
BEGIN
    INSERT INTO village_reach (village_code, households) VALUES (NEW.village_code, 1)
    ON CONFLICT (village_code) DO UPDATE SET households = households + 1;
END;

CREATE TRIGGER household_first_removed AFTER DELETE ON household_first
BEGIN
    UPDATE village_reach SET households = households - 1 WHERE village_code = OLD.village_code;
END;

CREATE TRIGGER assists_rollup_insert AFTER INSERT ON assists
WHEN NEW.undone_at IS NULL AND NEW.village_code IS NOT NULL
BEGIN
    INSERT INTO assist_days (village_code, day, assists, self_done, people)
    VALUES (NEW.village_code, substr(NEW.created_at, 1, 10), 1, NEW.mode = 'self', NEW.people_count)
    ON CONFLICT (village_code, day) DO UPDATE SET assists = assists + 1,
        self_done = self_done + excluded.self_done, people = people + excluded.people;
    INSERT INTO assist_months (village_code, month, assists, self_done, people)
    VALUES (NEW.village_code, substr(NEW.created_at, 1, 7), 1, NEW.mode = 'self', NEW.people_count)
    ON CONFLICT (village_code, month) DO UPDATE SET assists = assists + 1,
        self_done = self_done + excluded.self_done, people = people + excluded.people;
    INSERT INTO household_first (village_code, household_norm, first_at)
    SELECT NEW.village_code, NEW.household_norm, NEW.created_at WHERE NEW.household_norm != ''
    ON CONFLICT (village_code, household_norm) DO UPDATE SET first_at = min(first_at, excluded.first_at);
END;

-- An undo or an edit takes the old row out and puts the new one in; a household's first visit is
-- recomputed from the live rows of that village (rare, and bounded by one village's log).
CREATE TRIGGER assists_rollup_update
AFTER UPDATE OF undone_at, village_code, created_at, mode, people_count, household_norm ON assists
BEGIN
    UPDATE assist_days SET assists = assists - 1, self_done = self_done - (OLD.mode = 'self'),
        people = people - OLD.people_count
    WHERE OLD.undone_at IS NULL AND village_code = OLD.village_code AND day = substr(OLD.created_at, 1, 10);
    UPDATE assist_months SET assists = assists - 1, self_done = self_done - (OLD.mode = 'self'),
        people = people - OLD.people_count
    WHERE OLD.undone_at IS NULL AND village_code = OLD.village_code AND month = substr(OLD.created_at, 1, 7);
    INSERT INTO assist_days (village_code, day, assists, self_done, people)
    SELECT NEW.village_code, substr(NEW.created_at, 1, 10), 1, NEW.mode = 'self', NEW.people_count
    WHERE NEW.undone_at IS NULL AND NEW.village_code IS NOT NULL
    ON CONFLICT (village_code, day) DO UPDATE SET assists = assists + 1,
        self_done = self_done + excluded.self_done, people = people + excluded.people;
    INSERT INTO assist_months (village_code, month, assists, self_done, people)
    SELECT NEW.village_code, substr(NEW.created_at, 1, 7), 1, NEW.mode = 'self', NEW.people_count
    WHERE NEW.undone_at IS NULL AND NEW.village_code IS NOT NULL
    ON CONFLICT (village_code, month) DO UPDATE SET assists = assists + 1,
        self_done = self_done + excluded.self_done, people = people + excluded.people;
    DELETE FROM household_first WHERE village_code = OLD.village_code AND household_norm = OLD.household_norm;
    INSERT INTO household_first (village_code, household_norm, first_at)
    SELECT village_code, household_norm, min(created_at) FROM assists
    WHERE village_code = OLD.village_code AND household_norm = OLD.household_norm AND household_norm != ''
        AND undone_at IS NULL GROUP BY village_code, household_norm;
    DELETE FROM household_first WHERE village_code = NEW.village_code AND household_norm = NEW.household_norm;
    INSERT INTO household_first (village_code, household_norm, first_at)
    SELECT village_code, household_norm, min(created_at) FROM assists
    WHERE village_code = NEW.village_code AND household_norm = NEW.household_norm AND household_norm != ''
        AND undone_at IS NULL GROUP BY village_code, household_norm;
END;

CREATE TRIGGER assists_rollup_delete AFTER DELETE ON assists
BEGIN
    UPDATE assist_days SET assists = assists - 1, self_done = self_done - (OLD.mode = 'self'),
        people = people - OLD.people_count
    WHERE OLD.undone_at IS NULL AND village_code = OLD.village_code AND day = substr(OLD.created_at, 1, 10);
    UPDATE assist_months SET assists = assists - 1, self_done = self_done - (OLD.mode = 'self'),
        people = people - OLD.people_count
    WHERE OLD.undone_at IS NULL AND village_code = OLD.village_code AND month = substr(OLD.created_at, 1, 7);
    DELETE FROM household_first WHERE village_code = OLD.village_code AND household_norm = OLD.household_norm;
    INSERT INTO household_first (village_code, household_norm, first_at)
    SELECT village_code, household_norm, min(created_at) FROM assists
    WHERE village_code = OLD.village_code AND household_norm = OLD.household_norm AND household_norm != ''
        AND undone_at IS NULL GROUP BY village_code, household_norm;
END;
