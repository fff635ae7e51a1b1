-- How a resident wants to be called (bác, cô, anh…): the bot answers in the matching pronoun pair.
-- NULL until they say; the bot then uses a respectful neutral form.
ALTER TABLE people ADD COLUMN address_as TEXT
    CHECK (address_as IS NULL OR address_as IN ('bac', 'ong', 'ba', 'co', 'chu', 'anh', 'chi', 'em', 'ban'));

-- The resident said they are done talking to the member who took their request: their messages go back
-- to the bot; the member still closes the request (and logs the assist).
ALTER TABLE help_requests ADD COLUMN resident_done_at TEXT;
CREATE INDEX help_requests_person ON help_requests(person_id, status);
