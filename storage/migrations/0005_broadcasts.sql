-- Broadcasts: a durable outbox with one delivery row per recipient, created when the author confirms.

-- Set when a send was refused because the person blocked the bot (Telegram/Zalo 403); cleared when they
-- write again. Such people are left out of later broadcasts.
ALTER TABLE people ADD COLUMN unreachable_at TEXT;
-- Set when a resident asked to stop announcements (/stop, "Hủy nhận tin"); cleared by /start.
ALTER TABLE people ADD COLUMN announcements_off_at TEXT;

CREATE TABLE broadcasts (
    id            INTEGER PRIMARY KEY,
    author_id     INTEGER NOT NULL REFERENCES people(id),
    area_code     TEXT NOT NULL REFERENCES areas(code),
    audience      TEXT NOT NULL CHECK (audience IN ('members', 'residents', 'both')),
    text          TEXT NOT NULL,
    image         TEXT,                                  -- an https:// address, or NULL
    status        TEXT NOT NULL CHECK (status IN ('scheduled', 'sending', 'done', 'cancelled')),
    scheduled_for TEXT,                                  -- UTC; NULL means "at once"
    total         INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    started_at    TEXT,
    finished_at   TEXT,
    cancelled_at  TEXT,
    cancelled_by  INTEGER REFERENCES people(id)
);
CREATE INDEX broadcasts_status ON broadcasts(status, scheduled_for);
CREATE INDEX broadcasts_area ON broadcasts(area_code, id);

CREATE TABLE broadcast_deliveries (
    id              INTEGER PRIMARY KEY,
    broadcast_id    INTEGER NOT NULL REFERENCES broadcasts(id),
    person_id       INTEGER NOT NULL REFERENCES people(id),
    channel         TEXT NOT NULL,
    as_member       INTEGER NOT NULL CHECK (as_member IN (0, 1)),  -- 1: reached as a team member
    status          TEXT NOT NULL DEFAULT 'queued'
                    CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'stopped', 'cancelled')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,                                -- UTC; NULL means "now"
    error           TEXT,
    sent_at         TEXT
);
-- Counts per status for /broadcasts, and finding rows in flight after a crash.
CREATE INDEX broadcast_deliveries_status ON broadcast_deliveries(broadcast_id, status);
-- The worker's queue: only rows still to send are indexed, in the order they were created.
CREATE INDEX broadcast_deliveries_queue ON broadcast_deliveries(broadcast_id, channel, id) WHERE status = 'queued';
