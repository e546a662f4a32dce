-- Queries both engines run as written. Placeholders are :name; timestamps and days are
-- passed as Python values and converted by the connector. See gateway/storage/queries.py.

-- intakes -----------------------------------------------------------------------------------

-- name: intake_by_idem_key
SELECT id, intake_no, received_at, idem_digest FROM intakes WHERE idem_key = :key;

-- name: next_counter
INSERT INTO counters (name, value) VALUES (:name, 1)
ON CONFLICT (name) DO UPDATE SET value = counters.value + 1
RETURNING value;

-- name: take_counter_block
INSERT INTO counters (name, value) VALUES (:name, :size)
ON CONFLICT (name) DO UPDATE SET value = counters.value + :size
RETURNING value;

-- name: insert_intake
INSERT INTO intakes (id, intake_no, channel, idem_key, idem_digest, received_at, stage, status,
                     raw, trail_head, trail_len, updated_at, origin)
VALUES (:id, :intake_no, :channel, :idem_key, :idem_digest, :received_at, 'received',
        'received', :raw, :trail_head, 1, :received_at, :origin)
ON CONFLICT (idem_key) DO NOTHING
RETURNING id;

-- name: handed_over_intakes
SELECT id, intake_no, channel, origin, stage, received_at, sealed
FROM intakes WHERE origin <> 'self' AND (CAST(:origin AS TEXT) IS NULL OR origin = :origin)
ORDER BY received_at DESC LIMIT :limit;

-- name: next_original_position
SELECT COALESCE(MAX(position) + 1, 0) FROM intake_originals WHERE intake_id = :intake_id;

-- name: insert_original
INSERT INTO intake_originals (intake_id, position, sha256, media_type, size, role, filename)
VALUES (:intake_id, :position, :sha256, :media_type, :size, :role, :filename);

-- name: insert_blob
INSERT INTO original_blobs (sha256, data) VALUES (:sha256, :data)
ON CONFLICT (sha256) DO NOTHING;

-- name: insert_query_code
INSERT INTO query_codes (code_hash, intake_id) VALUES (:code_hash, :intake_id);

-- name: load_intake
SELECT id, intake_no, channel, stage, status, received_at, raw, extracted, record, flags,
       record_rev, sealed, classification, origin
FROM intakes WHERE id = :id;

-- name: load_originals
SELECT sha256, media_type, size, role, filename, position
FROM intake_originals WHERE intake_id = :id ORDER BY position;

-- name: original_blob
SELECT data FROM original_blobs WHERE sha256 = :sha256;

-- name: original_chunks
SELECT data FROM original_chunks WHERE sha256 = :sha256 ORDER BY seq;

-- name: insert_first_chunk
INSERT INTO original_chunks (sha256, seq, data) VALUES (:sha256, 0, :data)
ON CONFLICT (sha256, seq) DO NOTHING
RETURNING seq;

-- name: insert_chunk
INSERT INTO original_chunks (sha256, seq, data) VALUES (:sha256, :seq, :data)
ON CONFLICT (sha256, seq) DO NOTHING;

-- name: delete_blob
DELETE FROM original_blobs WHERE sha256 = :sha256;

-- name: delete_chunks
DELETE FROM original_chunks WHERE sha256 = :sha256;

-- name: original_referenced
SELECT 1 FROM intake_originals WHERE sha256 = :sha256 LIMIT 1;

-- name: intake_id_of_no
SELECT id FROM intakes WHERE intake_no = :intake_no;

-- name: update_intake
UPDATE intakes SET
    stage = COALESCE(:stage, stage),
    status = COALESCE(:status, status),
    extracted = COALESCE(:extracted, extracted),
    record = COALESCE(:record, record),
    flags = COALESCE(:flags, flags),
    record_rev = record_rev + :rev_step,
    updated_at = :now
WHERE id = :id;

-- name: record_rev
SELECT record_rev FROM intakes WHERE id = :id;

-- name: list_intakes
SELECT id, intake_no, channel, stage, status, received_at, flags FROM intakes
WHERE (CAST(:stage AS TEXT) IS NULL OR stage = :stage) AND NOT sealed
ORDER BY received_at LIMIT :limit;

-- name: stage_counts
SELECT stage, count(*) FROM intakes GROUP BY stage;

-- name: job_counts
SELECT state, count(*) FROM jobs GROUP BY state;

-- name: outbox_counts
SELECT state, count(*) FROM outbox GROUP BY state;

-- name: find_matches
SELECT i.intake_no FROM match_keys m JOIN intakes i ON i.id = m.intake_id
WHERE m.digest = :digest AND m.intake_id <> :exclude
ORDER BY i.received_at LIMIT 20;

-- name: insert_match_key
INSERT INTO match_keys (digest, kind, intake_id) VALUES (:digest, :kind, :intake_id)
ON CONFLICT (digest, intake_id) DO NOTHING;

-- name: outcome_of
SELECT outcome FROM intakes WHERE id = :id;

-- name: set_outcome
UPDATE intakes SET outcome = :outcome WHERE id = :id;

-- trajectory ----------------------------------------------------------------------------------

-- name: insert_event
INSERT INTO events (intake_id, seq, at, type, actor, from_state, to_state, reason, hash_prev,
                    hash)
VALUES (:intake_id, :seq, :at, :type, :actor, :from_state, :to_state, :reason, :hash_prev,
        :hash);

-- name: set_trail_head
UPDATE intakes SET trail_head = :head, trail_len = :len WHERE id = :id;

-- name: events_of
SELECT seq, at, type, actor, from_state, to_state, reason, hash
FROM events WHERE intake_id = :id ORDER BY seq;

-- name: all_trail_heads
SELECT id, intake_no, trail_head, trail_len FROM intakes;

-- name: all_events
SELECT intake_id, seq, at, type, actor, from_state, to_state, reason, hash_prev, hash
FROM events ORDER BY intake_id, seq;

-- jobs ------------------------------------------------------------------------------------------

-- name: insert_job
INSERT INTO jobs (intake_id, kind, state, not_before, created_at)
VALUES (:intake_id, :kind, 'pending', :now, :now);

-- name: finish_job
UPDATE jobs SET state = 'done', lease_until = NULL
WHERE id = :id AND state = 'leased' AND lease_token = :lease;

-- name: kill_job
UPDATE jobs SET state = 'dead', last_error = :error, lease_until = NULL
WHERE id = :id AND state = 'leased' AND lease_token = :lease;

-- name: retry_job
UPDATE jobs SET state = 'pending', last_error = :error, lease_until = NULL,
                not_before = :not_before
WHERE id = :id AND state = 'leased' AND lease_token = :lease;

-- name: dead_jobs
SELECT j.id, j.intake_id, j.kind, i.intake_no FROM jobs j JOIN intakes i ON i.id = j.intake_id
WHERE j.state = 'dead' ORDER BY j.id;

-- name: dead_job_list
SELECT j.id, i.intake_no, i.channel, j.kind, j.last_error, j.attempts, i.received_at, i.updated_at
FROM jobs j JOIN intakes i ON i.id = j.intake_id
WHERE j.state = 'dead' ORDER BY j.id LIMIT :limit;

-- name: revive_job
UPDATE jobs SET state = 'pending', attempts = 0, not_before = :now, lease_until = NULL
WHERE id = :id AND state = 'dead';

-- outbox ----------------------------------------------------------------------------------------

-- name: insert_delivery
INSERT INTO outbox (id, intake_id, destination, state, next_at, created_at)
VALUES (:id, :intake_id, :destination, 'pending', :now, :now);

-- name: settle_delivered
UPDATE outbox SET state = 'delivered', lease_until = NULL, last_status = :status,
                  last_error = NULL, delivered_at = :now
WHERE id = :id AND state = 'leased' AND lease_token = :lease;

-- name: settle_retry
UPDATE outbox SET state = 'pending', lease_until = NULL, next_at = :next_at,
                  last_status = :status, last_error = :error
WHERE id = :id AND state = 'leased' AND lease_token = :lease;

-- name: settle_final
UPDATE outbox SET state = :state, lease_until = NULL, last_status = :status,
                  last_error = :error, response = :response
WHERE id = :id AND state = 'leased' AND lease_token = :lease;

-- name: outbox_oldest_pending
SELECT min(created_at) AS "oldest [TIMESTAMPTZ]" FROM outbox
WHERE state IN ('pending', 'leased');

-- name: outbox_problems
SELECT o.id, o.intake_id, i.intake_no, o.destination, o.state, o.attempts, o.next_at,
       o.created_at, o.last_status, o.last_error, o.response
FROM outbox o JOIN intakes i ON i.id = o.intake_id
WHERE o.state IN ('parked', 'dead') ORDER BY o.created_at LIMIT :limit;

-- name: resend_delivery
UPDATE outbox SET state = 'pending', attempts = 0, next_at = :now, lease_until = NULL
WHERE id = :id AND state IN ('parked', 'dead')
RETURNING intake_id, destination;

-- deadlines -------------------------------------------------------------------------------------

-- name: set_deadline_keep_met
INSERT INTO deadlines (intake_id, kind, starts, due) VALUES (:intake_id, :kind, :starts, :due)
ON CONFLICT (intake_id, kind) DO UPDATE SET starts = excluded.starts, due = excluded.due;

-- name: set_deadline_reopen
INSERT INTO deadlines (intake_id, kind, starts, due) VALUES (:intake_id, :kind, :starts, :due)
ON CONFLICT (intake_id, kind) DO UPDATE SET starts = excluded.starts, due = excluded.due,
                                            met_at = NULL;

-- name: meet_deadline
UPDATE deadlines SET met_at = :now
WHERE intake_id = :intake_id AND kind = :kind AND met_at IS NULL;

-- name: open_deadlines
SELECT d.intake_id, i.intake_no, d.kind, d.starts, d.due, d.met_at
FROM deadlines d JOIN intakes i ON i.id = d.intake_id
WHERE d.met_at IS NULL ORDER BY d.due, i.intake_no;

-- name: all_deadlines
SELECT d.intake_id, i.intake_no, d.kind, d.starts, d.due, d.met_at
FROM deadlines d JOIN intakes i ON i.id = d.intake_id
ORDER BY d.due, i.intake_no;

-- keys, codes, accounts, sessions, throttles --------------------------------------------------

-- name: lookup_query_code
SELECT intake_id FROM query_codes WHERE code_hash = :code_hash;

-- name: insert_api_key
INSERT INTO api_keys (key_hash, name, role, created_at) VALUES (:key_hash, :name, :role, :now);

-- name: api_keys_of
SELECT key_hash, name FROM api_keys WHERE role = :role AND revoked_at IS NULL;

-- name: lookup_api_key
SELECT name, role FROM api_keys WHERE key_hash = :key_hash AND revoked_at IS NULL;

-- name: insert_user
INSERT INTO staff_users (name, role, password_hash, created_at, updated_at)
VALUES (:name, :role, :password_hash, :now, :now);

-- name: set_password
UPDATE staff_users SET password_hash = :password_hash, failures = 0, updated_at = :now
WHERE name = :name;

-- name: delete_sessions_of
DELETE FROM staff_sessions WHERE user_name = :name;

-- name: get_user
SELECT name, role, password_hash, failures, locked_until, display_name FROM staff_users
WHERE name = :name;

-- name: list_users
SELECT name, role, password_hash, failures, locked_until, display_name FROM staff_users
ORDER BY name;

-- name: set_display_name
UPDATE staff_users SET display_name = :display_name, updated_at = :now WHERE name = :name;

-- name: set_role
UPDATE staff_users SET role = :role, updated_at = :now WHERE name = :name;

-- An administrator's lock (disabled account) is a locked_until far in the future.
-- name: set_locked_until
UPDATE staff_users SET locked_until = :locked_until, updated_at = :now WHERE name = :name;

-- name: enabled_admins
SELECT COUNT(*) FROM staff_users
WHERE role = 'admin' AND (locked_until IS NULL OR locked_until <= :now);

-- Login failures of one account, from every client: the keys login-fail/<name>/<address> and
-- login-fail/<name> (a prefix compared with substr: a name may hold LIKE's % and _).
-- name: delete_login_failures
DELETE FROM throttles
WHERE key = :key
   OR substr(key, 1, length(CAST(:key AS TEXT)) + 1) = CAST(:key AS TEXT) || '/';

-- name: login_failure_counts
SELECT key, hits FROM throttles
WHERE substr(key, 1, 11) = 'login-fail/' AND window_start = :window_start AND hits >= :at_least;

-- Attachments a public form holds between a refused and a corrected submission.
-- name: purge_held_attachments
DELETE FROM held_attachments WHERE expires_at <= :now;

-- name: held_attachments_bytes
SELECT COALESCE(SUM(bytes), 0) FROM held_attachments WHERE expires_at > :now;

-- name: insert_held_attachments
INSERT INTO held_attachments (token_hash, data, bytes, expires_at)
VALUES (:token_hash, :data, :bytes, :expires_at);

-- name: get_held_attachments
SELECT data FROM held_attachments WHERE token_hash = :token_hash AND expires_at > :now;

-- name: purge_sessions
DELETE FROM staff_sessions WHERE expires_at < :now;

-- name: insert_session
INSERT INTO staff_sessions (token_hash, user_name, created_at, expires_at)
VALUES (:token_hash, :name, :now, :expires_at);

-- A disabled account's sessions are ended when it is disabled; the lock is checked here too.
-- name: lookup_session
SELECT u.name, u.role, u.display_name FROM staff_sessions s
JOIN staff_users u ON u.name = s.user_name
WHERE s.token_hash = :token_hash AND s.expires_at > :now
  AND (u.locked_until IS NULL OR u.locked_until <= :now);

-- name: delete_session
DELETE FROM staff_sessions WHERE token_hash = :token_hash;

-- name: hit_throttle
INSERT INTO throttles (key, window_start, hits) VALUES (:key, :window_start, 1)
ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN throttles.window_start = excluded.window_start
                THEN throttles.hits + 1 ELSE 1 END,
    window_start = excluded.window_start
RETURNING hits;

-- name: throttle_hits
SELECT hits FROM throttles WHERE key = :key AND window_start = :window_start;

-- name: purge_throttles
DELETE FROM throttles WHERE window_start < :before;

-- name: load_stage
SELECT stage FROM intakes WHERE id = :id;

-- 研判分流: organs, routing items, manual deliveries, the sealed path ---------------------------

-- name: list_organs
SELECT id, name, relation, level, region, endpoint, with_identity, updated_by, updated_at
FROM organs ORDER BY relation, region, name;

-- name: put_organ
INSERT INTO organs (id, name, relation, level, region, endpoint, with_identity, updated_by,
                    updated_at)
VALUES (:id, :name, :relation, :level, :region, :endpoint, :with_identity, :updated_by, :now)
ON CONFLICT (id) DO UPDATE SET name = excluded.name, relation = excluded.relation,
    level = excluded.level, region = excluded.region, endpoint = excluded.endpoint,
    with_identity = excluded.with_identity, updated_by = excluded.updated_by,
    updated_at = excluded.updated_at;

-- name: delete_organ
DELETE FROM organs WHERE id = :id;

-- name: organ_endpoint
SELECT endpoint, with_identity FROM organs WHERE id = :id;

-- name: delete_routing_items
DELETE FROM routing_items WHERE intake_id = :intake_id;

-- name: insert_routing_item
INSERT INTO routing_items (intake_id, position, accused_index, suggested_rule,
    suggested_actions, actions, destination, deadline_rule, due, stage, first_time,
    approval_required, decided_by, decided_at, sent_stage, lead, report_due)
VALUES (:intake_id, :position, :accused_index, :suggested_rule, :suggested_actions, :actions,
    :destination, :deadline_rule, :due, :stage, :first_time, :approval_required, :decided_by,
    :now, :sent_stage, :lead, :report_due);

-- name: routing_items_of
SELECT position, accused_index, suggested_rule, suggested_actions, actions, destination,
       deadline_rule, due, stage, first_time, approval_required, decided_by, decided_at,
       approved_by, approved_at, sent_by, sent_at, sent_stage, lead,
       report_due, lower_accepted_at, reported_at, reminders, objected_at
FROM routing_items WHERE intake_id = :intake_id ORDER BY position;

-- name: set_item_stage
UPDATE routing_items SET stage = :stage WHERE intake_id = :intake_id AND position = :position;

-- name: set_lead_stage
UPDATE routing_items SET stage = :stage WHERE intake_id = :intake_id AND lead;

-- name: approve_items
UPDATE routing_items SET approved_by = :actor, approved_at = :now
WHERE intake_id = :intake_id AND approval_required;

-- name: item_sent
UPDATE routing_items SET stage = sent_stage, sent_by = :actor, sent_at = :now
WHERE intake_id = :intake_id AND position = :position AND sent_stage IS NOT NULL
RETURNING stage, lead;

-- name: item_unsent_count
SELECT count(*) FROM outbox
WHERE intake_id = :intake_id AND item = :position AND content NOT IN ('notice', 'reminder')
  AND state <> 'delivered';

-- name: item_lower_accepted
UPDATE routing_items SET stage = :stage, lower_accepted_at = :at
WHERE intake_id = :intake_id AND position = :position;

-- name: item_reported
UPDATE routing_items SET stage = :stage, reported_at = :at
WHERE intake_id = :intake_id AND position = :position;

-- name: item_reminded
UPDATE routing_items SET reminders = reminders + 1
WHERE intake_id = :intake_id AND position = :position;

-- name: item_objected
UPDATE routing_items SET objected_at = :at
WHERE intake_id = :intake_id AND position = :position;

-- name: item_staged
UPDATE routing_items SET stage = :stage
WHERE intake_id = :intake_id AND position = :position;

-- name: handling_events
-- What the 监督检查部门 reported of each intake: 办结 (reason: the disposal), 转办 (mode, to).
SELECT intake_id, type, at, reason FROM events
WHERE type IN ('COMPLETED', 'TRANSFERRED') ORDER BY intake_id, seq;

-- name: pattern_keys
-- The blind-index facts (keyed hashes, never values) warnings compare: who reported, about
-- whom, about which unit; with each intake's stage and receipt.
SELECT m.digest, m.kind, i.id, i.intake_no, i.stage, i.received_at
FROM match_keys m JOIN intakes i ON i.id = m.intake_id
WHERE m.kind IN ('complainant', 'accused', 's:unit') AND NOT i.sealed;

-- name: returned_events
-- 研判回退 of every intake (reason: "<code>;<approval reference>"), oldest first.
SELECT intake_id, at, reason FROM events WHERE type = 'RETURNED' ORDER BY intake_id, seq;

-- name: raised_warnings
SELECT intake_id, item, code FROM raised_warnings;

-- name: raise_warning
INSERT INTO raised_warnings (intake_id, item, code, since, raised_at)
VALUES (:intake_id, :item, :code, :since, :now);

-- name: clear_warning
DELETE FROM raised_warnings WHERE intake_id = :intake_id AND item = :item AND code = :code;

-- name: watched_items
-- Items handed down or moved on that this office still watches (supervision, warnings).
SELECT i.id, i.intake_no, i.channel, i.received_at, i.sealed, i.classification,
       r.position, r.accused_index, r.suggested_rule, r.suggested_actions, r.actions,
       r.destination, r.deadline_rule, r.due, r.stage, r.first_time, r.approval_required,
       r.decided_by, r.decided_at, r.approved_by, r.approved_at, r.sent_by, r.sent_at,
       r.sent_stage, r.lead, r.report_due, r.lower_accepted_at, r.reported_at, r.reminders,
       r.objected_at
FROM routing_items r JOIN intakes i ON i.id = r.intake_id
WHERE NOT i.sealed AND r.stage IN ('zhuansong', 'jiaoban', 'lower_accepted', 'result_reported',
                                   'sent_back', 'delivered', 'accepted', 'returned')
ORDER BY r.sent_at, i.intake_no, r.position LIMIT :limit;

-- name: lead_item
SELECT position, stage FROM routing_items WHERE intake_id = :intake_id AND lead;

-- name: ledger
SELECT i.id, i.intake_no, i.channel, i.received_at, i.sealed, i.classification,
       r.position, r.accused_index, r.suggested_rule, r.suggested_actions, r.actions,
       r.destination, r.deadline_rule, r.due, r.stage, r.first_time, r.approval_required,
       r.decided_by, r.decided_at, r.approved_by, r.approved_at, r.sent_by, r.sent_at,
       r.sent_stage, r.lead, r.report_due, r.lower_accepted_at, r.reported_at, r.reminders,
       r.objected_at
FROM routing_items r JOIN intakes i ON i.id = r.intake_id
WHERE (CAST(:sealed AS INTEGER) = 1 OR NOT i.sealed)
ORDER BY r.decided_at DESC, i.intake_no, r.position LIMIT :limit;

-- name: set_triage
UPDATE intakes SET triage = COALESCE(:triage, triage),
                   classification = COALESCE(:classification, classification)
WHERE id = :id;

-- name: triage_of
SELECT triage, classification, sealed FROM intakes WHERE id = :id;

-- name: insert_routed_delivery
INSERT INTO outbox (id, intake_id, destination, state, next_at, created_at, item, content)
VALUES (:id, :intake_id, :destination, :state, :now, :now, :item, :content);

-- name: delivery_item
SELECT item, content, destination FROM outbox WHERE id = :id;

-- name: manual_deliveries
SELECT o.id, o.intake_id, i.intake_no, o.destination, o.content, o.item, o.created_at,
       i.sealed
FROM outbox o JOIN intakes i ON i.id = o.intake_id
WHERE o.state = 'manual' AND (CAST(:sealed AS INTEGER) = 1 OR NOT i.sealed)
ORDER BY o.created_at LIMIT :limit;

-- name: mark_manual_sent
UPDATE outbox SET state = 'delivered', delivered_at = :now
WHERE id = :id AND intake_id = :intake_id AND state = 'manual'
RETURNING item, content, destination;

-- name: drop_deadline
DELETE FROM deadlines WHERE intake_id = :intake_id AND kind = :kind AND met_at IS NULL;

-- name: seal_intake
UPDATE intakes SET sealed = :yes, extracted = NULL, record = NULL, flags = :flags,
                   triage = :triage, purge_after = :purge_after, stage = :stage,
                   record_rev = record_rev + 1, updated_at = :now
WHERE id = :id;

-- name: drop_match_keys
DELETE FROM match_keys WHERE intake_id = :intake_id;

-- name: sealed_intakes
SELECT id, intake_no, channel, received_at, stage, purge_after FROM intakes
WHERE sealed ORDER BY received_at DESC LIMIT :limit;

-- name: sealed_due_for_purge
SELECT id, intake_no FROM intakes
WHERE sealed AND purge_after IS NOT NULL AND purge_after <= :now LIMIT :limit;

-- name: purge_sealed
UPDATE intakes SET raw = :raw, purge_after = NULL, updated_at = :now WHERE id = :id;

-- name: delete_originals_of
DELETE FROM intake_originals WHERE intake_id = :intake_id
RETURNING sha256;

-- the staff workbench: assignment, search, audit ----------------------------------------------

-- name: assign_intake
UPDATE intakes SET assignee = :assignee, assigned_at = :now WHERE id = :id AND NOT sealed;

-- name: assignee_of
SELECT assignee, assigned_at FROM intakes WHERE id = :id;

-- name: intakes_with_digest
SELECT DISTINCT intake_id FROM match_keys WHERE digest = :digest;

-- name: insert_audit
INSERT INTO audit_log (at, actor, action, detail) VALUES (:now, :actor, :action, :detail);

-- Each filter is off when NULL; an entry of the audit_log names no record, so a record's
-- filter keeps only that record's events.
-- name: audit_entries
SELECT at AS "at [TIMESTAMPTZ]", actor, action, detail, NULL AS intake_no FROM audit_log
WHERE (CAST(:actor AS TEXT) IS NULL OR actor = :actor OR actor LIKE '%:' || :actor)
  AND (CAST(:action AS TEXT) IS NULL OR action = :action)
  AND CAST(:intake_no AS TEXT) IS NULL
  AND (CAST(:since AS TIMESTAMPTZ) IS NULL OR at >= :since)
  AND (CAST(:until AS TIMESTAMPTZ) IS NULL OR at < :until)
UNION ALL
SELECT e.at, e.actor, e.type, e.reason, i.intake_no
FROM events e JOIN intakes i ON i.id = e.intake_id
WHERE e.type IN ('IDENTITY_VIEWED', 'FIELD_CORRECTED', 'ASSIGNED', 'FLAG_DISMISSED')
  AND (CAST(:actor AS TEXT) IS NULL OR e.actor = :actor OR e.actor LIKE '%:' || :actor)
  AND (CAST(:action AS TEXT) IS NULL OR e.type = :action)
  AND (CAST(:intake_no AS TEXT) IS NULL OR i.intake_no = :intake_no)
  AND (CAST(:since AS TIMESTAMPTZ) IS NULL OR e.at >= :since)
  AND (CAST(:until AS TIMESTAMPTZ) IS NULL OR e.at < :until)
ORDER BY 1 DESC LIMIT :limit;
-- public status (channels/web/status.py) -----------------------------------------------------

-- name: event_times_of
SELECT type, at FROM events WHERE intake_id = :id ORDER BY seq;

-- statistics (issue 14) ------------------------------------------------------------------------

-- name: put_stat
-- What the record says; the routing columns stay as routing last wrote them.
INSERT INTO stats (intake_id, day, sealed, channel, origin, class, repeat, real_name,
                   group_visit, people, level, region, unit, taxonomy)
VALUES (:intake_id, :day, 0, :channel, :origin,
        COALESCE((SELECT classification FROM intakes WHERE id = :intake_id), :klass),
        :repeat, :real_name, :group_visit, :people, :level, :region, :unit, :taxonomy)
ON CONFLICT (intake_id) DO UPDATE SET
    day = excluded.day, sealed = 0, channel = excluded.channel, origin = excluded.origin,
    class = excluded.class, repeat = excluded.repeat, real_name = excluded.real_name,
    group_visit = excluded.group_visit, people = excluded.people, level = excluded.level,
    region = excluded.region, unit = excluded.unit, taxonomy = excluded.taxonomy;

-- name: put_sealed_stat
-- A sealed item counts on its day and says nothing else.
INSERT INTO stats (intake_id, day, sealed) VALUES (:intake_id, :day, 1)
ON CONFLICT (intake_id) DO UPDATE SET
    sealed = 1, channel = NULL, origin = NULL, class = NULL, repeat = 0, real_name = NULL,
    group_visit = 0, people = 0, level = NULL, region = NULL, unit = NULL, taxonomy = NULL,
    acceptance = NULL, route = NULL, disposal = NULL, accepted_day = NULL,
    concluded_day = NULL;

-- name: drop_stat_labels
DELETE FROM stat_labels WHERE intake_id = :intake_id;

-- name: drop_stat_labels_of_kind
DELETE FROM stat_labels WHERE intake_id = :intake_id AND kind = :kind;

-- name: insert_stat_label
INSERT INTO stat_labels (intake_id, kind, code) VALUES (:intake_id, :kind, :code)
ON CONFLICT DO NOTHING;

-- name: stat_routing_facts
-- What routing decided for an intake: its class and its lead item's actions and day.
SELECT i.classification, r.actions, r.decided_at, s.sealed
FROM stats s
JOIN intakes i ON i.id = s.intake_id
LEFT JOIN routing_items r ON r.intake_id = s.intake_id
WHERE s.intake_id = :intake_id
ORDER BY r.lead DESC, r.position
LIMIT 1;

-- name: set_stat_routing
UPDATE stats SET class = COALESCE(:klass, class), acceptance = :acceptance, route = :route,
                 accepted_day = :accepted_day
WHERE intake_id = :intake_id AND sealed = 0;

-- name: set_stat_disposal
UPDATE stats SET disposal = COALESCE(:disposal, disposal),
                 concluded_day = COALESCE(:concluded_day, concluded_day)
WHERE intake_id = :intake_id AND sealed = 0;

-- name: stat_crosstab
-- Counts per value of one dimension under the analysis filters. 件次 = reports, 件数 =
-- matters (a repeat is no new matter), visits as 批次 and 人次, 集体访 apart. ``:label`` names
-- the kind of label (category, tag) for the dimensions a report has several of. Two branches,
-- of which the bound ``:label`` keeps one (a constant condition, tested once): a dimension of
-- the row itself reads no label at all, which halves the work of a year's cross-tab.
SELECT key, count(*) AS reports,
       sum(1 - repeat) AS matters,
       sum(CASE WHEN channel = 'visit' THEN 1 ELSE 0 END) AS batches,
       sum(people) AS people,
       sum(group_visit) AS group_visits
FROM (
    SELECT CASE CAST(:dim AS TEXT)
               WHEN 'channel' THEN s.channel WHEN 'origin' THEN s.origin
               WHEN 'class' THEN s.class WHEN 'real_name' THEN s.real_name
               WHEN 'level' THEN s.level
               WHEN 'region' THEN substr(s.region, 1, CAST(:digits AS INTEGER))
               WHEN 'unit' THEN s.unit WHEN 'acceptance' THEN s.acceptance
               WHEN 'route' THEN s.route WHEN 'disposal' THEN s.disposal
               WHEN 'repeat' THEN CAST(s.repeat AS TEXT)
               WHEN 'month' THEN substr(s.day, 1, 7) WHEN 'year' THEN substr(s.day, 1, 4)
               WHEN 'day' THEN s.day
           END AS key,
           s.repeat, s.channel, s.people, s.group_visit
    FROM stats s
    WHERE CAST(:label AS TEXT) IS NULL AND s.sealed = 0 AND s.day >= :since AND s.day < :until
      AND (CAST(:channel AS TEXT) IS NULL OR s.channel = :channel)
      AND (CAST(:origin AS TEXT) IS NULL OR s.origin = :origin)
      AND (CAST(:klass AS TEXT) IS NULL OR s.class = :klass)
      AND (CAST(:real_name AS TEXT) IS NULL OR s.real_name = :real_name)
      AND (CAST(:level AS TEXT) IS NULL OR s.level = :level)
      AND (CAST(:acceptance AS TEXT) IS NULL OR s.acceptance = :acceptance)
      AND (CAST(:route AS TEXT) IS NULL OR s.route = :route)
      AND (CAST(:disposal AS TEXT) IS NULL OR s.disposal = :disposal)
      AND (CAST(:repeat AS INTEGER) IS NULL OR s.repeat = :repeat)
      AND (CAST(:region AS TEXT) IS NULL OR EXISTS (
            SELECT 1 FROM stat_labels f WHERE f.intake_id = s.intake_id AND f.kind = 'region'
              AND f.code >= :region AND f.code < :region_end))
      AND (CAST(:unit AS TEXT) IS NULL OR EXISTS (
            SELECT 1 FROM stat_labels f WHERE f.intake_id = s.intake_id AND f.kind = 'unit'
              AND f.code = :unit))
      AND (CAST(:category AS TEXT) IS NULL OR EXISTS (
            SELECT 1 FROM stat_labels f WHERE f.intake_id = s.intake_id AND f.kind = 'category'
              AND f.code = :category))
      AND (CAST(:tag AS TEXT) IS NULL OR EXISTS (
            SELECT 1 FROM stat_labels f WHERE f.intake_id = s.intake_id AND f.kind = 'tag'
              AND f.code = :tag))
    UNION ALL
    SELECT l.code, s.repeat, s.channel, s.people, s.group_visit
    FROM stats s
    LEFT JOIN stat_labels l ON l.intake_id = s.intake_id AND l.kind = CAST(:label AS TEXT)
    WHERE CAST(:label AS TEXT) IS NOT NULL AND s.sealed = 0
      AND s.day >= :since AND s.day < :until
      AND (CAST(:channel AS TEXT) IS NULL OR s.channel = :channel)
      AND (CAST(:origin AS TEXT) IS NULL OR s.origin = :origin)
      AND (CAST(:klass AS TEXT) IS NULL OR s.class = :klass)
      AND (CAST(:real_name AS TEXT) IS NULL OR s.real_name = :real_name)
      AND (CAST(:level AS TEXT) IS NULL OR s.level = :level)
      AND (CAST(:acceptance AS TEXT) IS NULL OR s.acceptance = :acceptance)
      AND (CAST(:route AS TEXT) IS NULL OR s.route = :route)
      AND (CAST(:disposal AS TEXT) IS NULL OR s.disposal = :disposal)
      AND (CAST(:repeat AS INTEGER) IS NULL OR s.repeat = :repeat)
      AND (CAST(:region AS TEXT) IS NULL OR EXISTS (
            SELECT 1 FROM stat_labels f WHERE f.intake_id = s.intake_id AND f.kind = 'region'
              AND f.code >= :region AND f.code < :region_end))
      AND (CAST(:unit AS TEXT) IS NULL OR EXISTS (
            SELECT 1 FROM stat_labels f WHERE f.intake_id = s.intake_id AND f.kind = 'unit'
              AND f.code = :unit))
      AND (CAST(:category AS TEXT) IS NULL OR EXISTS (
            SELECT 1 FROM stat_labels f WHERE f.intake_id = s.intake_id AND f.kind = 'category'
              AND f.code = :category))
      AND (CAST(:tag AS TEXT) IS NULL OR EXISTS (
            SELECT 1 FROM stat_labels f WHERE f.intake_id = s.intake_id AND f.kind = 'tag'
              AND f.code = :tag))
) AS x
GROUP BY key
ORDER BY 2 DESC;

-- name: stat_items
-- The items behind a cell (drill-down): the same filters, newest first, no identity.
SELECT s.intake_id, i.intake_no, s.day, s.channel, s.class, s.repeat, s.level, s.region,
       s.unit, s.acceptance, s.route, s.disposal, count(*) OVER () AS total
FROM stats s
JOIN intakes i ON i.id = s.intake_id
WHERE s.sealed = 0 AND s.day >= :since AND s.day < :until
  AND (CAST(:channel AS TEXT) IS NULL OR s.channel = :channel)
  AND (CAST(:origin AS TEXT) IS NULL OR s.origin = :origin)
  AND (CAST(:klass AS TEXT) IS NULL OR s.class = :klass)
  AND (CAST(:real_name AS TEXT) IS NULL OR s.real_name = :real_name)
  AND (CAST(:level AS TEXT) IS NULL OR s.level = :level)
  AND (CAST(:acceptance AS TEXT) IS NULL OR s.acceptance = :acceptance)
  AND (CAST(:route AS TEXT) IS NULL OR s.route = :route)
  AND (CAST(:disposal AS TEXT) IS NULL OR s.disposal = :disposal)
  AND (CAST(:repeat AS INTEGER) IS NULL OR s.repeat = :repeat)
  AND (CAST(:region AS TEXT) IS NULL OR EXISTS (
        SELECT 1 FROM stat_labels f WHERE f.intake_id = s.intake_id AND f.kind = 'region'
          AND f.code >= :region AND f.code < :region_end))
  AND (CAST(:unit AS TEXT) IS NULL OR EXISTS (
        SELECT 1 FROM stat_labels f WHERE f.intake_id = s.intake_id AND f.kind = 'unit'
          AND f.code = :unit))
  AND (CAST(:category AS TEXT) IS NULL OR EXISTS (
        SELECT 1 FROM stat_labels f WHERE f.intake_id = s.intake_id AND f.kind = 'category'
          AND f.code = :category))
  AND (CAST(:tag AS TEXT) IS NULL OR EXISTS (
        SELECT 1 FROM stat_labels f WHERE f.intake_id = s.intake_id AND f.kind = 'tag'
          AND f.code = :tag))
ORDER BY s.day DESC, i.intake_no
LIMIT :limit OFFSET :offset;

-- name: stat_sealed_count
SELECT count(*) FROM stats WHERE sealed = 1 AND day >= :since AND day < :until;

-- name: stat_labels_of
SELECT kind, code FROM stat_labels WHERE intake_id = :intake_id ORDER BY kind, code;

-- name: stat_row
SELECT day, sealed, channel, origin, class, repeat, real_name, group_visit, people, level,
       region, unit, taxonomy, acceptance, route, disposal, accepted_day, concluded_day
FROM stats WHERE intake_id = :intake_id;

-- name: intake_ids_after
-- Every intake after a cursor, in id order: rebuilding the statistics pages through them.
SELECT id FROM intakes WHERE id > :after ORDER BY id LIMIT :limit;

-- name: retag_batch
-- Counted items after a cursor, in id order: re-tagging pages through them.
SELECT intake_id FROM stats WHERE intake_id > :after AND sealed = 0
ORDER BY intake_id LIMIT :limit;

-- key issues and topics -------------------------------------------------------------------

-- name: key_issue_versions
SELECT version, note, created_by, created_at, retag_after, retag_done_at
FROM key_issue_versions ORDER BY version DESC;

-- name: insert_key_issue_version
INSERT INTO key_issue_versions (version, note, created_by, created_at)
VALUES ((SELECT COALESCE(max(version), 0) + 1 FROM key_issue_versions), :note, :actor, :now)
RETURNING version;

-- name: insert_key_issue
INSERT INTO key_issues (version, code, title, keywords, valid_from, valid_to)
VALUES (:version, :code, :title, :keywords, :valid_from, :valid_to);

-- name: key_issues_of
SELECT code, title, keywords, valid_from, valid_to FROM key_issues
WHERE version = :version ORDER BY code;

-- name: retag_pending
SELECT version, retag_after FROM key_issue_versions
WHERE retag_done_at IS NULL ORDER BY version DESC LIMIT 1;

-- name: retag_progress
UPDATE key_issue_versions SET retag_after = :after WHERE version = :version;

-- name: retag_done
UPDATE key_issue_versions SET retag_done_at = :now
WHERE version <= :version AND retag_done_at IS NULL;

-- name: topics
SELECT id, title, filters, created_by, created_at FROM topics ORDER BY created_at DESC;

-- name: insert_topic
INSERT INTO topics (id, title, filters, created_by, created_at)
VALUES (:id, :title, :filters, :actor, :now);

-- name: delete_topic
DELETE FROM topics WHERE id = :id;
