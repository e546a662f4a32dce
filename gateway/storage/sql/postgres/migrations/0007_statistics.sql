-- 综合分析 (issue 14): statistics without identity, the catalogue of key issues, saved topics.

-- One row per intake, written in the commit of each normalizing, routing and disposal step.
-- Codes, counts and days only: no name, number, address or sentence of a report. A sealed
-- item is a row with its day and nothing else, so it counts and tells nothing.
CREATE TABLE stats (
    intake_id TEXT PRIMARY KEY REFERENCES intakes(id),
    day TEXT NOT NULL,                      -- received, Beijing time, YYYY-MM-DD
    sealed INTEGER NOT NULL DEFAULT 0,
    channel TEXT,
    origin TEXT,                            -- self = 本级受理, handed-over origins by code
    class TEXT,                             -- 检举控告 / 申诉 / 批评建议 / 业务范围外 / 无实质内容
    repeat INTEGER NOT NULL DEFAULT 0,      -- 重复举报, a 件次 but no new 件数
    real_name TEXT,
    group_visit INTEGER NOT NULL DEFAULT 0, -- 集体访
    people INTEGER NOT NULL DEFAULT 0,      -- 人次 of a visit
    level TEXT,                             -- the first accused's cadre level
    region TEXT,                            -- the first accused's GB/T 2260 code
    unit TEXT,                              -- the first accused's unit, normalized
    taxonomy TEXT,
    acceptance TEXT,                        -- ACCEPTED / NOT_ACCEPTED / PASSED_ON
    route TEXT,                             -- the lead routing item's first action
    disposal TEXT,                          -- reported by the processing system
    accepted_day TEXT,
    concluded_day TEXT
);
-- Every column the cross-tabs read, in received-day order: a period's cross-tab can be an
-- index-only scan (bench/analysis.py).
CREATE INDEX stats_day ON stats(day, sealed) INCLUDE (channel, repeat, people, group_visit,
    origin, class, real_name, level, region, unit, acceptance, route, disposal, intake_id);

-- Values a report has several of: categories, key-issue tags, every accused's unit and region.
CREATE TABLE stat_labels (
    intake_id TEXT NOT NULL REFERENCES stats(intake_id),
    kind TEXT NOT NULL,
    code TEXT NOT NULL,
    PRIMARY KEY (intake_id, kind, code)
);
CREATE INDEX stat_labels_code ON stat_labels(kind, code);

-- 重点问题目录: versions of the catalogue. A new version re-tags past items in the background
-- (``retag_after`` is where it has got to, so a restart resumes it)
CREATE TABLE key_issue_versions (
    version INTEGER PRIMARY KEY,
    note TEXT,
    created_by TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    retag_after TEXT,
    retag_done_at TIMESTAMPTZ
);
CREATE TABLE key_issues (
    version INTEGER NOT NULL REFERENCES key_issue_versions(version),
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    keywords TEXT NOT NULL,                 -- one per line, "re:" starts a regular expression
    valid_from TEXT,
    valid_to TEXT,
    PRIMARY KEY (version, code)
);

-- 专题分析: saved filters over tags, categories, regions and periods.
CREATE TABLE topics (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    filters TEXT NOT NULL,                  -- JSON of the analysis filters
    created_by TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
