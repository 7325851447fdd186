-- The supply-chain graph (chain-data): supplier -> customer edges with the
-- input delivered (a name of data/vocab/inputs.json, checked by the program
-- so that new categories need no migration), the supplier's share of the
-- customer's need of that input (percent) and the customer's stock of it in
-- days; one edge per (supplier, customer, input). And the related services an
-- enterprise uses (its bank, insurer, forwarder, express company...): the
-- service enterprise carries its kind (enterprises.service_kind). Every change
-- is in the audit log (chain.edge_add / _update / _delete, chain.service_add /
-- _delete, chain.import).

CREATE TABLE supply_edges (
    id TEXT PRIMARY KEY,
    supplier TEXT NOT NULL REFERENCES enterprises (uscc),
    customer TEXT NOT NULL REFERENCES enterprises (uscc),
    input TEXT NOT NULL,
    share SMALLINT NOT NULL CHECK (share BETWEEN 1 AND 100),
    stock_days SMALLINT NOT NULL CHECK (stock_days BETWEEN 0 AND 365),
    version INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (supplier <> customer),
    UNIQUE (supplier, customer, input)
);
CREATE INDEX supply_edges_customer ON supply_edges (customer, input);

CREATE TABLE service_links (
    enterprise TEXT NOT NULL REFERENCES enterprises (uscc),
    service TEXT NOT NULL REFERENCES enterprises (uscc),
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (enterprise, service),
    CHECK (enterprise <> service)
);
CREATE INDEX service_links_service ON service_links (service);
