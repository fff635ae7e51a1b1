-- Photos and voice notes a resident asked a person to look at.

-- Only the channel's own handle for the file is kept (a Telegram file_id, a Zalo URL), never the picture
-- itself, and only while the request is open: closing or cancelling it forgets the attachment.
CREATE TABLE help_request_attachments (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES help_requests(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('photo', 'voice')),
    ref        TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX help_request_attachments_request ON help_request_attachments(request_id);

CREATE TRIGGER help_request_attachments_forget AFTER UPDATE OF status ON help_requests
WHEN NEW.status IN ('closed', 'cancelled')
BEGIN
    DELETE FROM help_request_attachments WHERE request_id = NEW.id;
END;
