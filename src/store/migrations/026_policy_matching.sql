-- Re-matching policies when facts change (惠企政策, issue 15, part "reach").
-- The sweep keeps its marks here: what the last full matching saw of the
-- catalogue (a fingerprint of every policy's state, rule version, validity
-- and issuer region) and on which day it ran, and up to when the daily
-- reports have been re-matched. One row per mark.
CREATE TABLE policy_match_marks (
    name TEXT PRIMARY KEY,             -- 'catalogue', 'reports'
    value TEXT NOT NULL,               -- catalogue: 'YYYYMMDD:fingerprint'; reports: ''
    at BIGINT NOT NULL                 -- catalogue: when it ran; reports: the last reported_at seen
);
-- The enterprises whose reports came since the mark, found without a scan.
CREATE INDEX daily_reports_reported ON daily_reports (reported_at);
