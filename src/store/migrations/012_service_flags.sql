-- Related services in step (issue 12, part "pool"): when a key enterprise's
-- resumption is approved, each related service it uses that is stopped or
-- limited at that moment is flagged to the service's region, in the same
-- transaction as the approval (audited as chain.service_flag). A flag stays
-- open until an official of that region acknowledges it
-- (chain.service_flag_ack) or the service runs again (the readers leave out
-- services whose status is operating).
CREATE TABLE service_flags (
    id TEXT PRIMARY KEY,
    service TEXT NOT NULL REFERENCES enterprises (uscc),
    region INTEGER NOT NULL,
    enterprise TEXT NOT NULL REFERENCES enterprises (uscc),
    order_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    acked_by TEXT NOT NULL DEFAULT '',
    acked_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX service_flags_open ON service_flags (acked_at, region);
-- One open flag per (service, waiting enterprise): the find-then-insert of
-- store/service_flags.c is held to it by the database under concurrency too.
CREATE UNIQUE INDEX service_flags_one_open ON service_flags (service, enterprise) WHERE acked_at = 0;
