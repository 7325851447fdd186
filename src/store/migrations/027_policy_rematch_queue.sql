-- Re-matching after daily reports (惠企政策, issue 15): a queue instead of a
-- high-water mark over reported_at. A report's transaction enqueues its
-- enterprise (one row per enterprise, `n` counting the reports since it was
-- last taken); the sweep re-matches what is queued and deletes a row only if
-- `n` is still what it read, so a report committed late, or while the
-- enterprise was being re-matched, is never skipped.
CREATE TABLE policy_rematch_queue (
    enterprise TEXT PRIMARY KEY,
    n BIGINT NOT NULL,
    queued_at BIGINT NOT NULL
);
CREATE INDEX policy_rematch_queue_at ON policy_rematch_queue (queued_at);
DROP INDEX daily_reports_reported;
DELETE FROM policy_match_marks WHERE name = 'reports';
