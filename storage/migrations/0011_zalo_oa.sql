-- Zalo Official Accounts: each OA's tokens, each follower's message window, each OA's monthly quota, and
-- the webhook inbox (events are stored before Zalo gets its 200, so a crash loses none).
-- Times are ISO-8601 UTC text written by the application (no database clock functions: portable SQL).

-- The access token lasts 25 h; the refresh token is single-use and rotates on every refresh, so both are
-- replaced together, and a refresh is leased to one process at a time (refreshing_by / refreshing_until).
CREATE TABLE zalo_oa_tokens (
    oa_id            TEXT PRIMARY KEY,
    access_token     TEXT NOT NULL,
    refresh_token    TEXT NOT NULL,
    expires_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    refreshing_by    TEXT,
    refreshing_until TEXT
);

-- Replies within 48 h of a person's message carry its id and are free (8 per message); later, until 7 days
-- after the last interaction (a message, a follow, a tap on "Nhắn tin"), they count against the quota.
CREATE TABLE zalo_oa_windows (
    oa_id           TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    last_message_id TEXT,
    last_message_at TEXT,
    free_used       INTEGER NOT NULL DEFAULT 0,
    interacted_at   TEXT NOT NULL,
    PRIMARY KEY (oa_id, user_id)
);

-- Proactive messages left this month ('YYYY-MM', local time: Zalo resets on the 1st).
CREATE TABLE zalo_oa_quota (
    oa_id      TEXT PRIMARY KEY,
    month      TEXT NOT NULL,
    remain     INTEGER NOT NULL,
    checked_at TEXT NOT NULL
);

-- Verified webhook events, keyed for de-duplication; the body is emptied once handled.
CREATE TABLE zalo_oa_inbox (
    oa_id       TEXT NOT NULL,
    event_key   TEXT NOT NULL,
    body        TEXT NOT NULL,
    received_at TEXT NOT NULL,
    handled_at  TEXT,
    PRIMARY KEY (oa_id, event_key)
);
CREATE INDEX zalo_oa_inbox_pending ON zalo_oa_inbox(received_at) WHERE handled_at IS NULL;
