-- The whole schema as of the storage package.

CREATE TABLE intakes (
    id TEXT PRIMARY KEY,
    intake_no TEXT NOT NULL UNIQUE,
    channel TEXT NOT NULL,
    idem_key TEXT UNIQUE,
    received_at TIMESTAMPTZ NOT NULL,
    stage TEXT NOT NULL,
    status TEXT NOT NULL,
    raw BYTEA NOT NULL,
    extracted BYTEA,
    record BYTEA,
    outcome BYTEA,
    flags TEXT NOT NULL DEFAULT '',
    record_rev INTEGER NOT NULL DEFAULT 0,
    trail_head TEXT NOT NULL DEFAULT '',
    trail_len INTEGER NOT NULL DEFAULT 0,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX intakes_stage ON intakes(stage, received_at);

CREATE TABLE intake_originals (
    intake_id TEXT NOT NULL REFERENCES intakes(id),
    position INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    role TEXT NOT NULL,
    filename BYTEA,
    PRIMARY KEY (intake_id, position)
);
CREATE INDEX intake_originals_sha ON intake_originals(sha256);

CREATE TABLE original_blobs (
    sha256 TEXT PRIMARY KEY,
    data BYTEA NOT NULL
);

CREATE TABLE events (
    intake_id TEXT NOT NULL REFERENCES intakes(id),
    seq INTEGER NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    type TEXT NOT NULL,
    actor TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT,
    reason TEXT,
    hash_prev TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (intake_id, seq)
);

CREATE TABLE jobs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    intake_id TEXT NOT NULL REFERENCES intakes(id),
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    not_before TIMESTAMPTZ NOT NULL,
    lease_until TIMESTAMPTZ,
    lease_token BIGINT NOT NULL DEFAULT 0,
    worker TEXT,
    last_error TEXT,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX jobs_ready ON jobs(state, kind, not_before);
CREATE INDEX jobs_intake ON jobs(intake_id);

CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL);

CREATE TABLE query_codes (
    code_hash BYTEA PRIMARY KEY,
    intake_id TEXT NOT NULL REFERENCES intakes(id)
);

CREATE TABLE api_keys (
    key_hash BYTEA PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
);

CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    intake_id TEXT NOT NULL REFERENCES intakes(id),
    destination TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at TIMESTAMPTZ NOT NULL,
    lease_until TIMESTAMPTZ,
    lease_token BIGINT NOT NULL DEFAULT 0,
    last_status INTEGER,
    last_error TEXT,
    response BYTEA,
    created_at TIMESTAMPTZ NOT NULL,
    delivered_at TIMESTAMPTZ
);
CREATE INDEX outbox_ready ON outbox(state, next_at);
CREATE INDEX outbox_intake ON outbox(intake_id);

CREATE TABLE deadlines (
    intake_id TEXT NOT NULL REFERENCES intakes(id),
    kind TEXT NOT NULL,
    starts DATE NOT NULL,
    due DATE NOT NULL,
    met_at TIMESTAMPTZ,
    PRIMARY KEY (intake_id, kind)
);
CREATE INDEX deadlines_open ON deadlines(met_at, due);

CREATE TABLE staff_users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE staff_sessions (
    token_hash BYTEA PRIMARY KEY,
    user_name TEXT NOT NULL REFERENCES staff_users(name),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX staff_sessions_user ON staff_sessions(user_name);

CREATE TABLE match_keys (
    digest BYTEA NOT NULL,
    kind TEXT NOT NULL,
    intake_id TEXT NOT NULL REFERENCES intakes(id),
    PRIMARY KEY (digest, intake_id)
);

-- Fixed-window counters shared by every process: rate limits and login throttles.
CREATE TABLE throttles (
    key TEXT PRIMARY KEY,
    window_start TIMESTAMPTZ NOT NULL,
    hits INTEGER NOT NULL
);

-- Large originals, encrypted, in chunks: shared by every machine, read chunk by chunk.
CREATE TABLE original_chunks (
    sha256 TEXT NOT NULL,
    seq INTEGER NOT NULL,
    data BYTEA NOT NULL,
    PRIMARY KEY (sha256, seq)
);
CREATE INDEX jobs_leased ON jobs(lease_until) WHERE state = 'leased';
CREATE INDEX outbox_leased ON outbox(lease_until) WHERE state = 'leased';
