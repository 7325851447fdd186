-- An object's history (GET /enterprises/{uscc}/history, the audit page
-- filtered to one object) is its entries newest first: the index by object
-- carries seq so that both engines read the newest entries of that object
-- in order and stop at the page's end, instead of sorting the whole log
-- (issue 16: the soak's p99 was that sort, growing with the log).
DROP INDEX audit_log_entity;
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, seq);
