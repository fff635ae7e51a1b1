-- Several worker processes (on PostgreSQL): when a broadcast row was handed to a channel, so rows left
-- "sending" by a worker that died can be told from rows another worker is sending right now.
ALTER TABLE broadcast_deliveries ADD COLUMN claimed_at TEXT;
