-- The critical-link mark (issue 12, part "critical"): an enterprise is at a
-- critical link of a chain when the chain analysis says so (source
-- 'analysis': basis dominator, sole_source or province_share, with the
-- figures) or when the provincial industry authority marks it by hand
-- (source 'manual', with the reason in `note`). enterprises.critical is no
-- longer read: the store derives "critical" from this table.
--
-- The analysis marks are refreshed as a whole by the sweep row "critical"
-- when the chain or the listings changed (critical_refresh keeps the
-- fingerprint it last saw), and one enterprise's mark at each proposal of an
-- order for it (from the same load as the order's impact report).

CREATE TABLE critical_marks (
    enterprise TEXT NOT NULL REFERENCES enterprises (uscc),
    source TEXT NOT NULL CHECK (source IN ('analysis', 'manual')),
    basis TEXT NOT NULL CHECK (basis IN ('dominator', 'sole_source', 'province_share', 'manual')),
    note TEXT NOT NULL,                  -- manual: the reason given; analysis: ''
    dominated_whitelist INTEGER NOT NULL,
    sole_whitelist INTEGER NOT NULL,
    dominated_capacity BIGINT NOT NULL,
    province_capacity BIGINT NOT NULL,
    share_permille INTEGER NOT NULL,     -- dominated / province capacity, in 1/1000
    marked_by TEXT NOT NULL,             -- 'system' for the analysis
    marked_at BIGINT NOT NULL,
    PRIMARY KEY (enterprise, source)
);

CREATE TABLE critical_refresh (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    fingerprint TEXT NOT NULL,
    refreshed_at BIGINT NOT NULL,
    marked INTEGER NOT NULL
);
INSERT INTO critical_refresh (id, fingerprint, refreshed_at, marked) VALUES (1, '', 0, 0);

-- The flags typed in before this migration become manual marks, so that no
-- enterprise changes route by the upgrade; the provincial industry authority
-- may remove them with a reason.
INSERT INTO critical_marks (enterprise, source, basis, note, dominated_whitelist, sole_whitelist,
                            dominated_capacity, province_capacity, share_permille, marked_by,
                            marked_at)
    SELECT uscc, 'manual', 'manual', '迁移前手工录入的关键环节标记', 0, 0, 0, 0, 0, 'system',
           updated_at
    FROM enterprises WHERE critical <> 0;
UPDATE enterprises SET critical = 0;
