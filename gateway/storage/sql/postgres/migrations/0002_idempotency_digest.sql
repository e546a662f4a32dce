-- An idempotency key is bound to a digest of what it was first used for: reusing the key
-- for other content is a conflict, never a silent duplicate that discards the new content.
ALTER TABLE intakes ADD COLUMN idem_digest BYTEA;
