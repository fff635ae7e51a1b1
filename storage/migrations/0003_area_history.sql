-- Village renames keep the code (and so every record linked to it); the old names are kept here.
-- Invites get an index by team so a coordinator's list of codes stays fast.

CREATE TABLE area_renames (
    id         INTEGER PRIMARY KEY,
    area_code  TEXT NOT NULL REFERENCES areas(code),
    old_name   TEXT NOT NULL,
    new_name   TEXT NOT NULL,
    renamed_by TEXT NOT NULL,                     -- channel-qualified id, 'cli' or 'seed'
    at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX area_renames_area ON area_renames(area_code, at);

CREATE INDEX invites_team ON invites(team_id, expires_at);
