-- The staff workbench (issue 17): who handles an item (承办人), and the audit of searches.

ALTER TABLE intakes ADD COLUMN assignee TEXT;
ALTER TABLE intakes ADD COLUMN assigned_at TIMESTAMPTZ;
CREATE INDEX intakes_assignee ON intakes(assignee, received_at);
CREATE INDEX intakes_received ON intakes(received_at);
CREATE INDEX match_keys_intake ON match_keys(intake_id);

-- What staff did that no single record's trajectory holds: searches by identity (the fields
-- searched and how many were found, never the values), exports, account changes.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TIMESTAMPTZ NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT
);
CREATE INDEX audit_log_at ON audit_log(at);
