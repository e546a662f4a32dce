-- SQLite's own queries: now_us() is the database clock (microseconds, see sqlite.py) and a
-- list parameter arrives as JSON, read with json_each. One writer, so no row locks needed.

-- name: trail_head
SELECT trail_head, trail_len FROM intakes WHERE id = :id;

-- name: claim_job
UPDATE jobs SET state = 'leased', lease_until = now_us() + :lease_us, worker = :worker,
                attempts = attempts + 1, lease_token = lease_token + 1
WHERE id = (
    SELECT id FROM jobs
    WHERE state = 'pending' AND kind IN (SELECT value FROM json_each(:kinds))
      AND not_before <= now_us()
    ORDER BY not_before, id LIMIT 1
)
RETURNING id, intake_id, kind, attempts, lease_token;

-- name: renew_job_lease
UPDATE jobs SET lease_until = now_us() + :lease_us
WHERE id = :id AND state = 'leased' AND lease_token = :lease;

-- name: sweep_dead_jobs
UPDATE jobs SET state = 'dead', lease_until = NULL,
                last_error = 'lease expired on the last attempt (worker crashed or hung)'
WHERE state = 'leased' AND lease_until < now_us() AND attempts >= :max_attempts
RETURNING id, intake_id, kind;

-- name: sweep_expired_jobs
UPDATE jobs SET state = 'pending', lease_until = NULL
WHERE state = 'leased' AND lease_until < now_us()
RETURNING id;

-- name: claim_deliveries
UPDATE outbox SET state = 'leased', lease_until = now_us() + :lease_us,
                  attempts = attempts + 1, lease_token = lease_token + 1
WHERE id IN (
    SELECT id FROM outbox WHERE state = 'pending' AND next_at <= now_us()
    ORDER BY next_at LIMIT :limit
)
RETURNING id, intake_id, destination, attempts, lease_token, item, content;

-- name: sweep_expired_deliveries
UPDATE outbox SET state = 'pending', lease_until = NULL
WHERE state = 'leased' AND lease_until < now_us()
RETURNING id;

-- name: records_of
SELECT id, intake_no, record FROM intakes WHERE id IN (SELECT value FROM json_each(:ids));

-- name: relax_commit
SELECT 1;

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
  AND (:since IS NULL OR received_at >= :since)
  AND (:until IS NULL OR received_at < :until)
  AND (CAST(:by_ids AS INTEGER) = 0 OR id IN (SELECT value FROM json_each(:ids)))
ORDER BY CASE WHEN CAST(:oldest AS INTEGER) = 1 THEN received_at END ASC, received_at DESC,
         intake_no
LIMIT :limit OFFSET :offset;
