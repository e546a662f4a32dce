-- A staff member's name as people read it (姓名, e.g. 张三), set by an administrator; the
-- login name stays the account's key. Printed on the desk receipt as 接待人员.
ALTER TABLE staff_users ADD COLUMN display_name TEXT NOT NULL DEFAULT '';

-- Attachments of a public form re-shown after a validation error, kept (encrypted, under
-- the SHA-256 of a random token that only the reporter's page holds) until they expire.
CREATE TABLE held_attachments (
    token_hash BLOB PRIMARY KEY,
    data BLOB NOT NULL,
    bytes INTEGER NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX held_attachments_expiry ON held_attachments(expires_at);
