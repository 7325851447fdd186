-- Daily reports (issue 13, part "reports"): one row per version of an
-- enterprise's report of a day, the incremental aggregates over the current
-- versions, and the enterprise counts that are their denominators.
--
-- A correction is a new version; the version it replaces keeps its row with
-- is_current = 0. The partial unique index keeps one current version per
-- (enterprise, day) and is what "who has not reported day D" probes.
--
-- Each version records the enterprise's county, industry division and
-- categories as they were when it was stored (and its white-list groups in
-- daily_report_groups), so that the aggregates are exactly the plain GROUP BY
-- over the current versions on those columns, whatever happens to the
-- enterprise's record afterwards.
CREATE TABLE daily_reports (
    id TEXT PRIMARY KEY,
    enterprise TEXT NOT NULL REFERENCES enterprises (uscc),
    day TEXT NOT NULL,                -- 'YYYY-MM-DD' in the deployment's zone
    version INTEGER NOT NULL,         -- 1, 2, ... per (enterprise, day)
    is_current SMALLINT NOT NULL,       -- 1 on the version in force
    status TEXT NOT NULL CHECK (status IN ('operating', 'limited', 'stopped')),
    capacity_pct INTEGER NOT NULL CHECK (capacity_pct BETWEEN 0 AND 100),
    staff_pct INTEGER NOT NULL CHECK (staff_pct BETWEEN 0 AND 100),
    closed_loop INTEGER NOT NULL CHECK (closed_loop >= 0),  -- staff in the closed loop
    problems INTEGER NOT NULL,        -- bits: 1 parts, 2 logistics, 4 staff, 8 cash, 16 energy, 32 local_rules
    note TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('form', 'batch', 'upload')),
    late SMALLINT NOT NULL,           -- the day's first version came after the due time
    county INTEGER NOT NULL,          -- the enterprise's county, division and
    division TEXT NOT NULL,           -- categories when this version was stored
    categories INTEGER NOT NULL,
    reported_by TEXT NOT NULL,
    reported_at BIGINT NOT NULL,
    UNIQUE (enterprise, day, version)
);
CREATE UNIQUE INDEX daily_reports_current ON daily_reports (day, enterprise) WHERE is_current = 1;

-- The white-list groups of the enterprise when the version was stored:
-- kind 'chain' (grp: the chain, such as 'automotive') and kind 'list' (grp:
-- whitelist_lists.id) for every listing in force.
CREATE TABLE daily_report_groups (
    report TEXT NOT NULL REFERENCES daily_reports (id),
    kind TEXT NOT NULL CHECK (kind IN ('chain', 'list')),
    grp TEXT NOT NULL,
    PRIMARY KEY (report, kind, grp)
);

-- The aggregates over the current versions, per (day, county, division,
-- categories). Definitions (core/report.c decides them):
--   n_reported      current versions
--   n_resumed       status operating or limited
--   sum_capacity    sum of capacity_pct       sum_staff   sum of staff_pct
--   sum_closed_loop sum of closed_loop
--   n_staff90       staff_pct >= 90           n_cap80     capacity_pct >= 80
--   n_under30       capacity_pct < 30 OR staff_pct < 30
--   n_late          the day's report came in after the due time
--   p_*             reports naming that problem kind
-- A row whose reports all moved elsewhere stays with zeros.
CREATE TABLE report_aggregates (
    day TEXT NOT NULL,
    county INTEGER NOT NULL,
    division TEXT NOT NULL,
    categories INTEGER NOT NULL,
    n_reported BIGINT NOT NULL,
    n_resumed BIGINT NOT NULL,
    sum_capacity BIGINT NOT NULL,
    sum_staff BIGINT NOT NULL,
    sum_closed_loop BIGINT NOT NULL,
    n_staff90 BIGINT NOT NULL,
    n_cap80 BIGINT NOT NULL,
    n_under30 BIGINT NOT NULL,
    n_late BIGINT NOT NULL,
    p_parts BIGINT NOT NULL,
    p_logistics BIGINT NOT NULL,
    p_staff BIGINT NOT NULL,
    p_cash BIGINT NOT NULL,
    p_energy BIGINT NOT NULL,
    p_local_rules BIGINT NOT NULL,
    PRIMARY KEY (day, county, division, categories)
);

-- The same per (day, group, county): "by chain" is kind 'chain', "by white
-- list" kind 'list'; a region is a range of counties.
CREATE TABLE report_group_aggregates (
    day TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('chain', 'list')),
    grp TEXT NOT NULL,
    county INTEGER NOT NULL,
    n_reported BIGINT NOT NULL,
    n_resumed BIGINT NOT NULL,
    sum_capacity BIGINT NOT NULL,
    sum_staff BIGINT NOT NULL,
    sum_closed_loop BIGINT NOT NULL,
    n_staff90 BIGINT NOT NULL,
    n_cap80 BIGINT NOT NULL,
    n_under30 BIGINT NOT NULL,
    n_late BIGINT NOT NULL,
    p_parts BIGINT NOT NULL,
    p_logistics BIGINT NOT NULL,
    p_staff BIGINT NOT NULL,
    p_cash BIGINT NOT NULL,
    p_energy BIGINT NOT NULL,
    p_local_rules BIGINT NOT NULL,
    PRIMARY KEY (day, kind, grp, county)
);

-- Denominators: how many enterprises there are per (county, division,
-- categories), kept by the enterprise store's create, update and import in
-- the same transaction as the enterprise. (Enterprises are never deleted.)
-- White-list groups are small: their denominators are read from
-- whitelist_members directly.
CREATE TABLE enterprise_counts (
    county INTEGER NOT NULL,
    division TEXT NOT NULL,
    categories INTEGER NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (county, division, categories)
);
INSERT INTO enterprise_counts (county, division, categories, n)
    SELECT region, industry, categories, COUNT(*) FROM enterprises GROUP BY region, industry, categories;
