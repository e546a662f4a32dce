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
