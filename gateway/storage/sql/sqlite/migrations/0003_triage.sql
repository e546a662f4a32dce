-- 研判分流 (issue 12): the organ registry, one routing item per accused, the sealed path.

-- Organs above, below and beside this one; this organ itself is configuration (settings).
CREATE TABLE organs (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    relation TEXT NOT NULL,
    level TEXT NOT NULL,
    region TEXT NOT NULL,
    endpoint TEXT,
    with_identity INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

-- What was decided for each accused: codes only, in clear, for the ledger, the approval
-- queue and the statistics. Reasons and notes may quote the report: they live in the
-- intake's encrypted triage column.
CREATE TABLE routing_items (
    intake_id TEXT NOT NULL REFERENCES intakes(id),
    position INTEGER NOT NULL,
    accused_index INTEGER,
    suggested_rule TEXT,
    suggested_actions TEXT NOT NULL,
    actions TEXT NOT NULL,
    destination TEXT,
    deadline_rule TEXT,
    due DATEISO,
    stage TEXT NOT NULL,
    first_time INTEGER NOT NULL DEFAULT 0,
    approval_required INTEGER NOT NULL DEFAULT 0,
    decided_by TEXT NOT NULL,
    decided_at TIMESTAMPTZ NOT NULL,
    approved_by TEXT,
    approved_at TIMESTAMPTZ,
    sent_by TEXT,
    sent_at TIMESTAMPTZ,
    sent_stage TEXT,
    lead INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (intake_id, position)
);
CREATE INDEX routing_items_stage ON routing_items(stage, decided_at);

ALTER TABLE intakes ADD COLUMN classification TEXT;
ALTER TABLE intakes ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE intakes ADD COLUMN triage BLOB;
ALTER TABLE intakes ADD COLUMN purge_after TIMESTAMPTZ;
CREATE INDEX intakes_purge ON intakes(purge_after);

-- A delivery now carries what it hands over to whom for which routing item: the record to
-- the processing system, a notice without identity to 案管, a transfer letter to an organ.
-- A destination without an endpoint is a printed letter: state 'manual' until staff mark
-- it sent; the forwarder never claims those.
ALTER TABLE outbox ADD COLUMN item INTEGER;
ALTER TABLE outbox ADD COLUMN content TEXT NOT NULL DEFAULT 'record';
