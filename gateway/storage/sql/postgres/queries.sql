-- PostgreSQL's own queries: now() is the database clock, shared by every machine; claims and
-- sweeps skip rows another transaction holds; the trajectory head is extended under a row
-- lock on the intake, so two processes never fork one chain.

-- name: trail_head
SELECT trail_head, trail_len FROM intakes WHERE id = :id FOR UPDATE;

-- name: claim_job
UPDATE jobs SET state = 'leased', lease_until = now() + :lease_us * interval '1 microsecond',
                worker = :worker, attempts = attempts + 1, lease_token = lease_token + 1
WHERE id = (
    SELECT id FROM jobs
    WHERE state = 'pending' AND kind = ANY(:kinds) AND not_before <= now()
    ORDER BY not_before, id LIMIT 1
    FOR UPDATE SKIP LOCKED
)
RETURNING id, intake_id, kind, attempts, lease_token;

-- name: renew_job_lease
UPDATE jobs SET lease_until = now() + :lease_us * interval '1 microsecond'
WHERE id = :id AND state = 'leased' AND lease_token = :lease;

-- name: sweep_dead_jobs
UPDATE jobs SET state = 'dead', lease_until = NULL,
                last_error = 'lease expired on the last attempt (worker crashed or hung)'
WHERE id IN (
    SELECT id FROM jobs
    WHERE state = 'leased' AND lease_until < now() AND attempts >= :max_attempts
    FOR UPDATE SKIP LOCKED
)
RETURNING id, intake_id, kind;

-- name: sweep_expired_jobs
UPDATE jobs SET state = 'pending', lease_until = NULL
WHERE id IN (
    SELECT id FROM jobs WHERE state = 'leased' AND lease_until < now()
    FOR UPDATE SKIP LOCKED
)
RETURNING id;

-- name: claim_deliveries
UPDATE outbox SET state = 'leased', lease_until = now() + :lease_us * interval '1 microsecond',
                  attempts = attempts + 1, lease_token = lease_token + 1
WHERE id IN (
    SELECT id FROM outbox WHERE state = 'pending' AND next_at <= now()
    ORDER BY next_at LIMIT :limit
    FOR UPDATE SKIP LOCKED
)
RETURNING id, intake_id, destination, attempts, lease_token, item, content;

-- name: sweep_expired_deliveries
UPDATE outbox SET state = 'pending', lease_until = NULL
WHERE id IN (
    SELECT id FROM outbox WHERE state = 'leased' AND lease_until < now()
    FOR UPDATE SKIP LOCKED
)
RETURNING id;

-- name: records_of
SELECT id, intake_no, record FROM intakes WHERE id = ANY(:ids);

-- name: relax_commit
SET LOCAL synchronous_commit TO OFF;

-- name: search_intakes
-- One page of the staff record list, with the total of the whole result in every row.
SELECT id, intake_no, channel, stage, status, received_at, flags, assignee,
       count(*) OVER () AS total
FROM intakes
WHERE NOT sealed
  AND (CAST(:intake_no AS TEXT) IS NULL OR intake_no = :intake_no)
  AND (CAST(:channel AS TEXT) IS NULL OR channel = :channel)
  AND (CAST(:stage AS TEXT) IS NULL OR stage = :stage)
  AND (CAST(:assignee AS TEXT) IS NULL OR assignee = :assignee)
  AND (CAST(:since AS TIMESTAMPTZ) IS NULL OR received_at >= :since)
  AND (CAST(:until AS TIMESTAMPTZ) IS NULL OR received_at < :until)
  AND (CAST(:by_ids AS INTEGER) = 0 OR id = ANY(:ids))
ORDER BY CASE WHEN CAST(:oldest AS INTEGER) = 1 THEN received_at END ASC, received_at DESC,
         intake_no
LIMIT :limit OFFSET :offset;
