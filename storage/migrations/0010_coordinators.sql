-- Coordinators: roll-ups of assists kept by triggers (per village and day or month, with the five skill
-- groups; per guide and per member by month), the administrative header of an area's reports, broadcasts
-- to several places, and residents' replies to a broadcast.
--
-- Every roll-up change goes through one place: inserting a row into the view assist_rollup_delta applies
-- it, signed (+1 a live assist appears, -1 it goes), to the roll-up tables (months follow days). The triggers on assists
-- only decide what changed. A PostgreSQL version keeps the same tables and upserts in one plpgsql function.

DROP TRIGGER assists_rollup_insert;
DROP TRIGGER assists_rollup_update;
DROP TRIGGER assists_rollup_delete;
DROP TABLE assist_days;
DROP TABLE assist_months;

-- Skill groups as columns: g_other holds 'other' and any group not named here, so the seven add up to assists.
CREATE TABLE assist_village_days (
    village_code       TEXT NOT NULL,
    day                TEXT NOT NULL,          -- 'YYYY-MM-DD' of created_at (UTC)
    assists            INTEGER NOT NULL,
    self_done          INTEGER NOT NULL,
    people             INTEGER NOT NULL,
    g_identity         INTEGER NOT NULL,
    g_public_services  INTEGER NOT NULL,
    g_online_shopping  INTEGER NOT NULL,
    g_online_payment   INTEGER NOT NULL,
    g_online_safety    INTEGER NOT NULL,
    g_other_platform   INTEGER NOT NULL,
    g_other            INTEGER NOT NULL,
    PRIMARY KEY (village_code, day)
) WITHOUT ROWID;

CREATE TABLE assist_village_months (
    village_code       TEXT NOT NULL,
    month              TEXT NOT NULL,          -- 'YYYY-MM' of created_at (UTC)
    assists            INTEGER NOT NULL,
    self_done          INTEGER NOT NULL,
    people             INTEGER NOT NULL,
    g_identity         INTEGER NOT NULL,
    g_public_services  INTEGER NOT NULL,
    g_online_shopping  INTEGER NOT NULL,
    g_online_payment   INTEGER NOT NULL,
    g_online_safety    INTEGER NOT NULL,
    g_other_platform   INTEGER NOT NULL,
    g_other            INTEGER NOT NULL,
    PRIMARY KEY (village_code, month)
) WITHOUT ROWID;

CREATE TABLE assist_guide_months (
    village_code TEXT NOT NULL,
    month        TEXT NOT NULL,
    guide_key    TEXT NOT NULL,                -- the guide id, '' for a task the member typed
    skill_group  TEXT NOT NULL,
    assists      INTEGER NOT NULL,
    self_done    INTEGER NOT NULL,
    people       INTEGER NOT NULL,
    PRIMARY KEY (village_code, month, guide_key, skill_group)
) WITHOUT ROWID;

CREATE TABLE assist_member_months (
    village_code TEXT NOT NULL,
    month        TEXT NOT NULL,
    member_id    INTEGER NOT NULL,
    assists      INTEGER NOT NULL,
    self_done    INTEGER NOT NULL,
    PRIMARY KEY (village_code, month, member_id)
) WITHOUT ROWID;

CREATE VIEW assist_rollup_delta AS
SELECT village_code, created_at, guide_id, skill_group, member_id, mode, people_count, 1 AS sign
FROM assists WHERE 0;

CREATE TRIGGER assist_rollup_apply INSTEAD OF INSERT ON assist_rollup_delta
BEGIN
    INSERT INTO assist_village_days (village_code, day, assists, self_done, people, g_identity, g_public_services,
        g_online_shopping, g_online_payment, g_online_safety, g_other_platform, g_other)
    VALUES (NEW.village_code, substr(NEW.created_at, 1, 10), NEW.sign,
        NEW.sign * (CASE WHEN NEW.mode = 'self' THEN 1 ELSE 0 END), NEW.sign * NEW.people_count,
        NEW.sign * (CASE WHEN NEW.skill_group = 'identity' THEN 1 ELSE 0 END),
        NEW.sign * (CASE WHEN NEW.skill_group = 'public_services' THEN 1 ELSE 0 END),
        NEW.sign * (CASE WHEN NEW.skill_group = 'online_shopping' THEN 1 ELSE 0 END),
        NEW.sign * (CASE WHEN NEW.skill_group = 'online_payment' THEN 1 ELSE 0 END),
        NEW.sign * (CASE WHEN NEW.skill_group = 'online_safety' THEN 1 ELSE 0 END),
        NEW.sign * (CASE WHEN NEW.skill_group = 'other_platform' THEN 1 ELSE 0 END),
        NEW.sign * (CASE WHEN NEW.skill_group IN ('identity', 'public_services', 'online_shopping',
            'online_payment', 'online_safety', 'other_platform') THEN 0 ELSE 1 END))
    ON CONFLICT (village_code, day) DO UPDATE SET assists = assists + excluded.assists,
        self_done = self_done + excluded.self_done, people = people + excluded.people,
        g_identity = g_identity + excluded.g_identity,
        g_public_services = g_public_services + excluded.g_public_services,
        g_online_shopping = g_online_shopping + excluded.g_online_shopping,
        g_online_payment = g_online_payment + excluded.g_online_payment,
        g_online_safety = g_online_safety + excluded.g_online_safety,
        g_other_platform = g_other_platform + excluded.g_other_platform, g_other = g_other + excluded.g_other;
    INSERT INTO assist_guide_months (village_code, month, guide_key, skill_group, assists, self_done, people)
    VALUES (NEW.village_code, substr(NEW.created_at, 1, 7), coalesce(NEW.guide_id, ''), NEW.skill_group,
        NEW.sign, NEW.sign * (CASE WHEN NEW.mode = 'self' THEN 1 ELSE 0 END), NEW.sign * NEW.people_count)
    ON CONFLICT (village_code, month, guide_key, skill_group) DO UPDATE SET assists = assists + excluded.assists,
        self_done = self_done + excluded.self_done, people = people + excluded.people;
    INSERT INTO assist_member_months (village_code, month, member_id, assists, self_done)
    VALUES (NEW.village_code, substr(NEW.created_at, 1, 7), NEW.member_id, NEW.sign,
        NEW.sign * (CASE WHEN NEW.mode = 'self' THEN 1 ELSE 0 END))
    ON CONFLICT (village_code, month, member_id) DO UPDATE SET assists = assists + excluded.assists,
        self_done = self_done + excluded.self_done;
END;

-- Backfill from the live assists (grouped, not row by row through the view: a large log migrates in seconds).
INSERT INTO assist_village_days (village_code, day, assists, self_done, people, g_identity, g_public_services, g_online_shopping,
    g_online_payment, g_online_safety, g_other_platform, g_other)
SELECT village_code, substr(created_at, 1, 10), count(*), sum(CASE WHEN mode = 'self' THEN 1 ELSE 0 END),
    sum(people_count),
    sum(CASE WHEN skill_group = 'identity' THEN 1 ELSE 0 END),
    sum(CASE WHEN skill_group = 'public_services' THEN 1 ELSE 0 END),
    sum(CASE WHEN skill_group = 'online_shopping' THEN 1 ELSE 0 END),
    sum(CASE WHEN skill_group = 'online_payment' THEN 1 ELSE 0 END),
    sum(CASE WHEN skill_group = 'online_safety' THEN 1 ELSE 0 END),
    sum(CASE WHEN skill_group = 'other_platform' THEN 1 ELSE 0 END),
    sum(CASE WHEN skill_group IN ('identity', 'public_services', 'online_shopping', 'online_payment',
        'online_safety', 'other_platform') THEN 0 ELSE 1 END)
FROM assists WHERE undone_at IS NULL AND village_code IS NOT NULL GROUP BY village_code, substr(created_at, 1, 10);

INSERT INTO assist_village_months (village_code, month, assists, self_done, people, g_identity, g_public_services, g_online_shopping,
    g_online_payment, g_online_safety, g_other_platform, g_other)
SELECT village_code, substr(day, 1, 7), sum(assists), sum(self_done), sum(people), sum(g_identity),
    sum(g_public_services), sum(g_online_shopping), sum(g_online_payment), sum(g_online_safety),
    sum(g_other_platform), sum(g_other)
FROM assist_village_days GROUP BY village_code, substr(day, 1, 7);

INSERT INTO assist_guide_months (village_code, month, guide_key, skill_group, assists, self_done, people)
SELECT village_code, substr(created_at, 1, 7), coalesce(guide_id, ''), skill_group, count(*),
    sum(CASE WHEN mode = 'self' THEN 1 ELSE 0 END), sum(people_count)
FROM assists WHERE undone_at IS NULL AND village_code IS NOT NULL
GROUP BY village_code, substr(created_at, 1, 7), coalesce(guide_id, ''), skill_group;

INSERT INTO assist_member_months (village_code, month, member_id, assists, self_done)
SELECT village_code, substr(created_at, 1, 7), member_id, count(*), sum(CASE WHEN mode = 'self' THEN 1 ELSE 0 END)
FROM assists WHERE undone_at IS NULL AND village_code IS NOT NULL
GROUP BY village_code, substr(created_at, 1, 7), member_id;

-- Months follow days: whatever a day gains or loses, its month does too.
CREATE TRIGGER assist_village_days_added AFTER INSERT ON assist_village_days
BEGIN
    INSERT INTO assist_village_months (village_code, month, assists, self_done, people, g_identity, g_public_services, g_online_shopping, g_online_payment, g_online_safety, g_other_platform, g_other)
    VALUES (NEW.village_code, substr(NEW.day, 1, 7), NEW.assists, NEW.self_done, NEW.people, NEW.g_identity, NEW.g_public_services, NEW.g_online_shopping, NEW.g_online_payment, NEW.g_online_safety, NEW.g_other_platform, NEW.g_other)
    ON CONFLICT (village_code, month) DO UPDATE SET assists = assists + excluded.assists,
        self_done = self_done + excluded.self_done,
        people = people + excluded.people,
        g_identity = g_identity + excluded.g_identity,
        g_public_services = g_public_services + excluded.g_public_services,
        g_online_shopping = g_online_shopping + excluded.g_online_shopping,
        g_online_payment = g_online_payment + excluded.g_online_payment,
        g_online_safety = g_online_safety + excluded.g_online_safety,
        g_other_platform = g_other_platform + excluded.g_other_platform,
        g_other = g_other + excluded.g_other;
END;

CREATE TRIGGER assist_village_days_changed AFTER UPDATE ON assist_village_days
BEGIN
    UPDATE assist_village_months SET assists = assists + NEW.assists - OLD.assists,
        self_done = self_done + NEW.self_done - OLD.self_done,
        people = people + NEW.people - OLD.people,
        g_identity = g_identity + NEW.g_identity - OLD.g_identity,
        g_public_services = g_public_services + NEW.g_public_services - OLD.g_public_services,
        g_online_shopping = g_online_shopping + NEW.g_online_shopping - OLD.g_online_shopping,
        g_online_payment = g_online_payment + NEW.g_online_payment - OLD.g_online_payment,
        g_online_safety = g_online_safety + NEW.g_online_safety - OLD.g_online_safety,
        g_other_platform = g_other_platform + NEW.g_other_platform - OLD.g_other_platform,
        g_other = g_other + NEW.g_other - OLD.g_other
    WHERE village_code = NEW.village_code AND month = substr(NEW.day, 1, 7);
END;

CREATE TRIGGER assists_rollup_insert AFTER INSERT ON assists
WHEN NEW.undone_at IS NULL AND NEW.village_code IS NOT NULL
BEGIN
    INSERT INTO assist_rollup_delta (village_code, created_at, guide_id, skill_group, member_id, mode,
        people_count, sign)
    VALUES (NEW.village_code, NEW.created_at, NEW.guide_id, NEW.skill_group, NEW.member_id, NEW.mode,
        NEW.people_count, 1);
    INSERT INTO household_first (village_code, household_norm, first_at)
    SELECT NEW.village_code, NEW.household_norm, NEW.created_at WHERE NEW.household_norm != ''
    ON CONFLICT (village_code, household_norm) DO UPDATE SET first_at = min(first_at, excluded.first_at);
END;

-- An undo or an edit takes the old row out and puts the new one in; a household's first visit is
-- recomputed from the live rows of that village (rare, and bounded by one village's log).
CREATE TRIGGER assists_rollup_update
AFTER UPDATE OF undone_at, village_code, created_at, mode, people_count, household_norm, guide_id, skill_group,
    member_id ON assists
BEGIN
    INSERT INTO assist_rollup_delta (village_code, created_at, guide_id, skill_group, member_id, mode,
        people_count, sign)
    SELECT OLD.village_code, OLD.created_at, OLD.guide_id, OLD.skill_group, OLD.member_id, OLD.mode,
        OLD.people_count, -1 WHERE OLD.undone_at IS NULL AND OLD.village_code IS NOT NULL;
    INSERT INTO assist_rollup_delta (village_code, created_at, guide_id, skill_group, member_id, mode,
        people_count, sign)
    SELECT NEW.village_code, NEW.created_at, NEW.guide_id, NEW.skill_group, NEW.member_id, NEW.mode,
        NEW.people_count, 1 WHERE NEW.undone_at IS NULL AND NEW.village_code IS NOT NULL;
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
    INSERT INTO assist_rollup_delta (village_code, created_at, guide_id, skill_group, member_id, mode,
        people_count, sign)
    SELECT OLD.village_code, OLD.created_at, OLD.guide_id, OLD.skill_group, OLD.member_id, OLD.mode,
        OLD.people_count, -1 WHERE OLD.undone_at IS NULL AND OLD.village_code IS NOT NULL;
    DELETE FROM household_first WHERE village_code = OLD.village_code AND household_norm = OLD.household_norm;
    INSERT INTO household_first (village_code, household_norm, first_at)
    SELECT village_code, household_norm, min(created_at) FROM assists
    WHERE village_code = OLD.village_code AND household_norm = OLD.household_norm AND household_norm != ''
        AND undone_at IS NULL GROUP BY village_code, household_norm;
END;

-- The administrative header and signature block of an area's reports (Nghị định 30/2020/NĐ-CP). A value
-- left NULL is derived from the area's name; a village's reports use its commune's header.
CREATE TABLE report_letterheads (
    area_code      TEXT PRIMARY KEY REFERENCES areas(code),
    superior       TEXT,                       -- first line of the issuing body, e.g. 'ỦY BAN NHÂN DÂN'
    issuer         TEXT,                       -- the issuer in capitals, e.g. 'XÃ ĐỊNH HÓA'
    number_pattern TEXT,                       -- e.g. '…/BC-UBND' ('…' is left blank for the clerk)
    place          TEXT,                       -- the place before the date, e.g. 'Định Hóa'
    signer_title   TEXT,                       -- lines separated by '|': 'TM. ỦY BAN NHÂN DÂN|KT. CHỦ TỊCH|PHÓ CHỦ TỊCH'
    signer_name    TEXT,
    preparer       TEXT,                       -- 'Người lập biểu' name
    recipients     TEXT,                       -- lines separated by '|'
    updated_by     TEXT NOT NULL,
    updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) WITHOUT ROWID;

-- A broadcast to several places: each place it was sent to (broadcasts.area_code is the smallest area
-- holding them all). Replies from residents within a window go to the author or to the village team.
CREATE TABLE broadcast_areas (
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts(id),
    area_code    TEXT NOT NULL REFERENCES areas(code),
    PRIMARY KEY (broadcast_id, area_code)
) WITHOUT ROWID;

ALTER TABLE broadcasts ADD COLUMN replies_to TEXT NOT NULL DEFAULT 'none'
    CHECK (replies_to IN ('none', 'author', 'team'));

CREATE INDEX broadcast_deliveries_person ON broadcast_deliveries(person_id, sent_at) WHERE status = 'sent';

-- Residents' replies to a broadcast and the answers to them: the conversation, in order.
CREATE TABLE broadcast_replies (
    id           INTEGER PRIMARY KEY,
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts(id),
    resident_id  INTEGER NOT NULL REFERENCES people(id),
    from_id      INTEGER NOT NULL REFERENCES people(id),  -- the resident, or whoever answered them
    text         TEXT NOT NULL DEFAULT '',
    media_kind   TEXT,                                      -- 'photo' | 'voice' | 'sticker' | 'other'
    media_ref    TEXT,                                      -- the channel's handle to pass it on
    at           TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX broadcast_replies_thread ON broadcast_replies(broadcast_id, resident_id, id);
CREATE INDEX broadcast_replies_resident ON broadcast_replies(resident_id, at);
