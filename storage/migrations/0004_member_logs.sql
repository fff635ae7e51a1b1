-- Indexes for members' logs, group sessions and help requests (tables come from 0001 and 0002).

-- /team and reports read a team's assists by time; help-request closures find their assist.
CREATE INDEX assists_team_time ON assists(team_id, created_at);
CREATE INDEX assists_help_request ON assists(help_request_id) WHERE help_request_id IS NOT NULL;
CREATE INDEX assist_edits_assist ON assist_edits(assist_id, at);

CREATE INDEX sessions_member_time ON sessions(member_id, created_at);
CREATE INDEX sessions_team_day ON sessions(team_id, held_on);

-- The reminder worker scans open requests by age.
CREATE INDEX help_requests_age ON help_requests(status, created_at);
CREATE INDEX help_requests_claimer ON help_requests(claimed_by, status);

-- Set when the team was first told about a request, so asking twice never alerts twice.
ALTER TABLE help_requests ADD COLUMN announced_at TEXT;
