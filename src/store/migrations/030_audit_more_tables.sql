-- More audited tables are sealed (issue 16): supply edges, related-service
-- links, resumption applications, coordination
-- requests and station bookings. Their rows already present are sealed once
-- as they are found, by an audit.baseline entry, table by table: a row of
-- audit_baseline names a table ('' for every audited one, as migration 028
-- left it), so that the tables sealed before are not sealed again (which
-- would make an edit made meanwhile behind the system's back look explained).
ALTER TABLE audit_baseline ADD COLUMN tbl TEXT NOT NULL DEFAULT '';
INSERT INTO audit_baseline (id, tbl) VALUES (2, 'supply_edges');
INSERT INTO audit_baseline (id, tbl) VALUES (3, 'service_links');
INSERT INTO audit_baseline (id, tbl) VALUES (5, 'resumption_applications');
INSERT INTO audit_baseline (id, tbl) VALUES (6, 'coordination_requests');
INSERT INTO audit_baseline (id, tbl) VALUES (7, 'station_bookings');
