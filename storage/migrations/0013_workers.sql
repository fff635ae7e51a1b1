-- Several worker processes (on PostgreSQL): which worker handed a broadcast row to a channel, and when, so
-- rows left "sending" by a worker that died can be told from rows another worker is sending right now.
ALTER TABLE broadcast_deliveries ADD COLUMN claimed_at TEXT;
ALTER TABLE broadcast_deliveries ADD COLUMN claimed_by TEXT;  -- the claiming worker's id (Database.worker_id)
