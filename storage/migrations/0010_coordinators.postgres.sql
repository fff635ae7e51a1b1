-- PostgreSQL version of 0010_coordinators.sql: the same tables, backfill and columns; the roll-up triggers as
-- PL/pgSQL functions (one function applies a signed change, as the SQLite view's INSTEAD OF trigger does).

DROP TRIGGER assists_rollup_insert ON assists;
DROP TRIGGER assists_rollup_update ON assists;
DROP TRIGGER assists_rollup_delete ON assists;
DROP FUNCTION assists_rollup_insert();
DROP FUNCTION assists_rollup_update();
DROP FUNCTION assists_rollup_delete();
DROP FUNCTION assist_rollup_apply(assists, integer);
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
);

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
);

CREATE TABLE assist_guide_months (
    village_code TEXT NOT NULL,
    month        TEXT NOT NULL,
    guide_key    TEXT NOT NULL,                -- the guide id, '' for a task the member typed
    skill_group  TEXT NOT NULL,
    assists      INTEGER NOT NULL,
    self_done    INTEGER NOT NULL,
    people       INTEGER NOT NULL,
    PRIMARY KEY (village_code, month, guide_key, skill_group)
);

CREATE TABLE assist_member_months (
    village_code TEXT NOT NULL,
    month        TEXT NOT NULL,
    member_id    INTEGER NOT NULL,
    assists      INTEGER NOT NULL,
    self_done    INTEGER NOT NULL,
    PRIMARY KEY (village_code, month, member_id)
);


-- Apply one assist row's counts, signed (+1 a live assist appears, -1 it goes), to the roll-up tables.
CREATE FUNCTION assist_rollup_change(a assists, sign integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF a.undone_at IS NOT NULL OR a.village_code IS NULL THEN
        RETURN;
    END IF;
    INSERT INTO assist_village_days AS d (village_code, day, assists, self_done, people, g_identity, g_public_services, g_online_shopping, g_online_payment, g_online_safety, g_other_platform, g_other)
    VALUES (a.village_code, substr(a.created_at, 1, 10), sign,
        sign * (CASE WHEN a.mode = 'self' THEN 1 ELSE 0 END), sign * a.people_count,
        sign * (CASE WHEN a.skill_group = 'identity' THEN 1 ELSE 0 END),
        sign * (CASE WHEN a.skill_group = 'public_services' THEN 1 ELSE 0 END),
        sign * (CASE WHEN a.skill_group = 'online_shopping' THEN 1 ELSE 0 END),
        sign * (CASE WHEN a.skill_group = 'online_payment' THEN 1 ELSE 0 END),
        sign * (CASE WHEN a.skill_group = 'online_safety' THEN 1 ELSE 0 END),
        sign * (CASE WHEN a.skill_group = 'other_platform' THEN 1 ELSE 0 END),
        sign * (CASE WHEN a.skill_group IN ('identity', 'public_services', 'online_shopping', 'online_payment', 'online_safety', 'other_platform') THEN 0 ELSE 1 END))
    ON CONFLICT (village_code, day) DO UPDATE SET assists = d.assists + excluded.assists,
        self_done = d.self_done + excluded.self_done, people = d.people + excluded.people,
        g_identity = d.g_identity + excluded.g_identity,
        g_public_services = d.g_public_services + excluded.g_public_services,
        g_online_shopping = d.g_online_shopping + excluded.g_online_shopping,
        g_online_payment = d.g_online_payment + excluded.g_online_payment,
        g_online_safety = d.g_online_safety + excluded.g_online_safety,
        g_other_platform = d.g_other_platform + excluded.g_other_platform,
        g_other = d.g_other + excluded.g_other;
    INSERT INTO assist_guide_months AS m (village_code, month, guide_key, skill_group, assists, self_done, people)
    VALUES (a.village_code, substr(a.created_at, 1, 7), coalesce(a.guide_id, ''), a.skill_group,
        sign, sign * (CASE WHEN a.mode = 'self' THEN 1 ELSE 0 END), sign * a.people_count)
    ON CONFLICT (village_code, month, guide_key, skill_group) DO UPDATE SET assists = m.assists + excluded.assists,
        self_done = m.self_done + excluded.self_done, people = m.people + excluded.people;
    INSERT INTO assist_member_months AS m (village_code, month, member_id, assists, self_done)
    VALUES (a.village_code, substr(a.created_at, 1, 7), a.member_id, sign,
        sign * (CASE WHEN a.mode = 'self' THEN 1 ELSE 0 END))
    ON CONFLICT (village_code, month, member_id) DO UPDATE SET assists = m.assists + excluded.assists,
        self_done = m.self_done + excluded.self_done;
END $$;

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
CREATE FUNCTION assist_village_days_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO assist_village_months AS m (village_code, month, assists, self_done, people, g_identity, g_public_services, g_online_shopping, g_online_payment, g_online_safety, g_other_platform, g_other)
    VALUES (NEW.village_code, substr(NEW.day, 1, 7), NEW.assists, NEW.self_done, NEW.people,
        NEW.g_identity, NEW.g_public_services, NEW.g_online_shopping, NEW.g_online_payment, NEW.g_online_safety, NEW.g_other_platform, NEW.g_other)
    ON CONFLICT (village_code, month) DO UPDATE SET assists = m.assists + excluded.assists,
        self_done = m.self_done + excluded.self_done, people = m.people + excluded.people,
        g_identity = m.g_identity + excluded.g_identity,
        g_public_services = m.g_public_services + excluded.g_public_services,
        g_online_shopping = m.g_online_shopping + excluded.g_online_shopping,
        g_online_payment = m.g_online_payment + excluded.g_online_payment,
        g_online_safety = m.g_online_safety + excluded.g_online_safety,
        g_other_platform = m.g_other_platform + excluded.g_other_platform,
        g_other = m.g_other + excluded.g_other;
    RETURN NULL;
END $$;
CREATE TRIGGER assist_village_days_added AFTER INSERT ON assist_village_days
FOR EACH ROW EXECUTE FUNCTION assist_village_days_added();

CREATE FUNCTION assist_village_days_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE assist_village_months SET assists = assists + NEW.assists - OLD.assists,
        self_done = self_done + NEW.self_done - OLD.self_done, people = people + NEW.people - OLD.people,
        g_identity = g_identity + NEW.g_identity - OLD.g_identity,
        g_public_services = g_public_services + NEW.g_public_services - OLD.g_public_services,
        g_online_shopping = g_online_shopping + NEW.g_online_shopping - OLD.g_online_shopping,
        g_online_payment = g_online_payment + NEW.g_online_payment - OLD.g_online_payment,
        g_online_safety = g_online_safety + NEW.g_online_safety - OLD.g_online_safety,
        g_other_platform = g_other_platform + NEW.g_other_platform - OLD.g_other_platform,
        g_other = g_other + NEW.g_other - OLD.g_other
    WHERE village_code = NEW.village_code AND month = substr(NEW.day, 1, 7);
    RETURN NULL;
END $$;
CREATE TRIGGER assist_village_days_changed AFTER UPDATE ON assist_village_days
FOR EACH ROW EXECUTE FUNCTION assist_village_days_changed();

CREATE FUNCTION assists_rollup_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM assist_rollup_change(NEW, 1);
    IF NEW.undone_at IS NULL AND NEW.village_code IS NOT NULL AND NEW.household_norm != '' THEN
        INSERT INTO household_first AS f (village_code, household_norm, first_at)
        VALUES (NEW.village_code, NEW.household_norm, NEW.created_at)
        ON CONFLICT (village_code, household_norm) DO UPDATE SET first_at = least(f.first_at, excluded.first_at);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER assists_rollup_insert AFTER INSERT ON assists
FOR EACH ROW EXECUTE FUNCTION assists_rollup_insert();

-- An undo or an edit takes the old row out and puts the new one in; a household's first visit is
-- recomputed from the live rows of that village.
CREATE FUNCTION assists_rollup_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM assist_rollup_change(OLD, -1);
    PERFORM assist_rollup_change(NEW, 1);
    IF OLD.village_code IS NOT NULL THEN
        PERFORM household_first_refresh(OLD.village_code, OLD.household_norm);
    END IF;
    IF NEW.village_code IS NOT NULL THEN
        PERFORM household_first_refresh(NEW.village_code, NEW.household_norm);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER assists_rollup_update
AFTER UPDATE OF undone_at, village_code, created_at, mode, people_count, household_norm, guide_id, skill_group,
    member_id ON assists
FOR EACH ROW EXECUTE FUNCTION assists_rollup_update();

CREATE FUNCTION assists_rollup_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM assist_rollup_change(OLD, -1);
    IF OLD.village_code IS NOT NULL THEN
        PERFORM household_first_refresh(OLD.village_code, OLD.household_norm);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER assists_rollup_delete AFTER DELETE ON assists
FOR EACH ROW EXECUTE FUNCTION assists_rollup_delete();

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
);

-- A broadcast to several places: each place it was sent to (broadcasts.area_code is the smallest area
-- holding them all). Replies from residents within a window go to the author or to the village team.
CREATE TABLE broadcast_areas (
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts(id),
    area_code    TEXT NOT NULL REFERENCES areas(code),
    PRIMARY KEY (broadcast_id, area_code)
);

ALTER TABLE broadcasts ADD COLUMN replies_to TEXT NOT NULL DEFAULT 'none'
    CHECK (replies_to IN ('none', 'author', 'team'));

CREATE INDEX broadcast_deliveries_person ON broadcast_deliveries(person_id, sent_at) WHERE status = 'sent';

-- Residents' replies to a broadcast and the answers to them: the conversation, in order.
CREATE TABLE broadcast_replies (
    id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
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
