-- Handed-over items (issue 13): where an intake came from, in clear (it is not identity), so
-- statistics count 本级受理 apart from 上级转办/交办 and other handovers. Codes are
-- normalizer.record.Origin: self, petition_dept, superior_transfer, superior_assign,
-- other_organ, inspection, other_unit.

ALTER TABLE intakes ADD COLUMN origin TEXT NOT NULL DEFAULT 'self';
CREATE INDEX intakes_origin ON intakes(origin, received_at);

-- Early warnings as raised (issue 13 item 6): what was last found, so that each warning newly
-- raised and each one cleared becomes one event on its item. item -1 = the record itself.
CREATE TABLE raised_warnings (
    intake_id TEXT NOT NULL REFERENCES intakes(id),
    item INTEGER NOT NULL,
    code TEXT NOT NULL,
    since DATE NOT NULL,
    raised_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (intake_id, item, code)
);
