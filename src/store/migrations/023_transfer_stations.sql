-- Transfer stations (物资中转站, issue 14): the stations, one counter row per
-- slot and mode (a booking is a guarded increment of it, so that exactly N
-- bookings succeed for N places whatever the race), the bookings, and the
-- handover records written at the gate.

CREATE TABLE stations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    region INTEGER NOT NULL REFERENCES regions (code),
    operator TEXT NOT NULL,
    address TEXT NOT NULL,
    lon_e6 INTEGER NOT NULL,
    lat_e6 INTEGER NOT NULL,
    opens SMALLINT NOT NULL,
    closes SMALLINT NOT NULL,
    swap_per_hour INTEGER NOT NULL,
    transfer_per_hour INTEGER NOT NULL,
    cutoff_minutes INTEGER NOT NULL,
    state TEXT NOT NULL, -- open | closed | full
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX stations_region ON stations (region);

-- One row per slot (a local hour, by its start instant) and mode, made on
-- the first booking with the station's capacity then.
CREATE TABLE station_slots (
    station TEXT NOT NULL REFERENCES stations (id),
    mode TEXT NOT NULL, -- trailer_swap | on_site_transfer
    starts_at BIGINT NOT NULL,
    capacity INTEGER NOT NULL,
    booked INTEGER NOT NULL,
    PRIMARY KEY (station, mode, starts_at)
);

CREATE TABLE station_bookings (
    id TEXT PRIMARY KEY,
    station TEXT NOT NULL REFERENCES stations (id),
    mode TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    pass_number TEXT NOT NULL,
    plate TEXT NOT NULL,
    applicant TEXT NOT NULL, -- the pass's applicant (USCC): whose booking it is
    origin INTEGER NOT NULL,
    closed_loop SMALLINT NOT NULL, -- the driver comes from a high-risk county
    state TEXT NOT NULL, -- booked | cancelled | arrived | departed | no_show
    booked_at BIGINT NOT NULL,
    booked_by TEXT NOT NULL,
    cancelled_at BIGINT,
    arrived_at BIGINT,
    departed_at BIGINT,
    gate_by TEXT,
    test_expired SMALLINT NOT NULL DEFAULT 0, -- at check-in
    contactless SMALLINT,
    version INTEGER NOT NULL
);
CREATE INDEX station_bookings_day ON station_bookings (station, starts_at);
CREATE INDEX station_bookings_pass ON station_bookings (pass_number, starts_at);
-- A pass holds one live booking at a time: double booking is refused by the
-- database, whatever the race.
CREATE UNIQUE INDEX station_bookings_live ON station_bookings (pass_number)
    WHERE state IN ('booked', 'arrived');

CREATE TABLE station_handovers (
    id TEXT PRIMARY KEY,
    booking TEXT NOT NULL REFERENCES station_bookings (id),
    station TEXT NOT NULL REFERENCES stations (id),
    leg TEXT NOT NULL, -- inbound | outbound | transfer
    pair TEXT, -- the other leg of a trailer swap
    trailer TEXT NOT NULL,
    seal TEXT NOT NULL,
    goods TEXT NOT NULL,
    handed_by TEXT NOT NULL,
    handed_to TEXT NOT NULL,
    contactless SMALLINT NOT NULL,
    at BIGINT NOT NULL,
    recorded_at BIGINT NOT NULL,
    recorded_by TEXT NOT NULL
);
CREATE INDEX station_handovers_booking ON station_handovers (booking);
