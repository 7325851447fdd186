-- The county roll-up of the daily-report aggregates (issue 13): one row per
-- (day, county) with the same figures as report_aggregates, kept by the same
-- ingest flush in the same transaction. Region figures and trends (county →
-- city → province → nation) read this table: a national 30-day trend reads
-- about 30 × 3,000 rows instead of every (division, categories) row below.
CREATE TABLE report_county_aggregates (
    day TEXT NOT NULL,
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
    PRIMARY KEY (day, county)
);
INSERT INTO report_county_aggregates (day, county, n_reported, n_resumed, sum_capacity, sum_staff,
                                      sum_closed_loop, n_staff90, n_cap80, n_under30, n_late,
                                      p_parts, p_logistics, p_staff, p_cash, p_energy,
                                      p_local_rules)
    SELECT day, county, SUM(n_reported), SUM(n_resumed), SUM(sum_capacity), SUM(sum_staff),
           SUM(sum_closed_loop), SUM(n_staff90), SUM(n_cap80), SUM(n_under30), SUM(n_late),
           SUM(p_parts), SUM(p_logistics), SUM(p_staff), SUM(p_cash), SUM(p_energy),
           SUM(p_local_rules)
    FROM report_aggregates GROUP BY day, county;

-- The county roll-up of enterprise_counts, the region denominators: kept
-- beside it by fg_store_enterprise_count_add in the same transaction.
CREATE TABLE enterprise_county_counts (
    county INTEGER PRIMARY KEY,
    n BIGINT NOT NULL
);
INSERT INTO enterprise_county_counts (county, n)
    SELECT county, SUM(n) FROM enterprise_counts GROUP BY county;
