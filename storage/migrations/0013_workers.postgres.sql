-- PostgreSQL version of 0013_workers.sql: the same column, plus what several workers share.

ALTER TABLE broadcast_deliveries ADD COLUMN claimed_at TEXT;
ALTER TABLE broadcast_deliveries ADD COLUMN claimed_by TEXT;  -- the claiming worker's id (Database.worker_id)

-- One sending schedule per channel for every worker: each message reserves the next slot (epoch seconds),
-- so the platform's limit holds whatever the number of workers.
CREATE TABLE send_pace (
    channel TEXT PRIMARY KEY,
    next_at DOUBLE PRECISION NOT NULL
);

-- A resident's turn opens in one round trip (storage/turns.py); SQLite runs the same statements in one
-- hop to its thread instead.
--
-- turn_open drops a redelivered message, takes the person's advisory lock for the whole turn (held by the
-- calling connection until the turn's closing statement releases it, so several workers handle one
-- person's messages in order), refreshes or creates the person and returns their state and menu. Each
-- statement after the lock sees what the previous turn committed: a function's statements take fresh
-- snapshots, and the person's row stays locked until the previous turn's writes are committed.
CREATE FUNCTION turn_open(
    p_channel text, p_user text, p_chat text, p_name text, p_locale text, p_message text, p_key bigint
) RETURNS TABLE (fresh boolean, created boolean, person people, state text, menu text)
LANGUAGE plpgsql AS $$
DECLARE
    found_person people;
    is_new boolean := false;
BEGIN
    IF p_message IS NOT NULL THEN
        INSERT INTO processed_messages (channel, message_id) VALUES (p_channel, p_message) ON CONFLICT DO NOTHING;
        IF NOT FOUND THEN
            RETURN QUERY SELECT false, false, NULL::people, NULL::text, NULL::text;
            RETURN;
        END IF;
    END IF;
    PERFORM pg_advisory_lock(p_key);
    FOR attempt IN 1..2 LOOP
        UPDATE people SET chat_id = p_chat, display_name = CASE WHEN p_name = '' THEN display_name ELSE p_name END,
            last_seen_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), unreachable_at = NULL
        WHERE channel = p_channel AND user_id = p_user RETURNING * INTO found_person;
        EXIT WHEN FOUND;
        INSERT INTO people (channel, user_id, chat_id, display_name, locale)
        VALUES (p_channel, p_user, p_chat, p_name, p_locale)
        ON CONFLICT (channel, user_id) DO NOTHING RETURNING * INTO found_person;
        IF FOUND THEN
            is_new := true;
            EXIT;
        END IF;
    END LOOP;
    RETURN QUERY SELECT true, is_new, found_person,
        (SELECT s.data FROM conversation_state s WHERE s.person_id = found_person.id),
        (SELECT m.actions FROM choice_menus m WHERE m.person_id = found_person.id);
END $$;
