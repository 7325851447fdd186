-- The electricity cross-check of the daily reports (issue 13, part "monitor").
-- A grid company's daily file (USCC, day, kWh, and optionally the
-- enterprise's baseline) is uploaded by an official of the region; each line
-- is one enterprise's consumption on one day. An enterprise's baseline is its
-- usual daily consumption before the epidemic as the grid company states it
-- (the optional baseline column; the last one given counts). An enterprise
-- counts as resumed by electricity on a day when that day's consumption
-- exceeds a share (default 30 %) of its baseline; core/monitor.c decides,
-- and the disagreements with the self-reports are read, never stored.
--
-- Consumption is kept in watt-hours (kWh x 1000) so that one integer type
-- serves both engines.

CREATE TABLE electricity_uploads (
    id TEXT PRIMARY KEY,
    region INTEGER NOT NULL REFERENCES regions (code), -- the uploader's jurisdiction
    file_lines INTEGER NOT NULL,
    first_day TEXT NOT NULL,
    last_day TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at BIGINT NOT NULL
);

CREATE TABLE electricity_readings (
    enterprise TEXT NOT NULL REFERENCES enterprises (uscc),
    day TEXT NOT NULL,                   -- YYYY-MM-DD, the deployment's day
    wh BIGINT NOT NULL,                  -- consumption that day, Wh
    upload TEXT NOT NULL REFERENCES electricity_uploads (id),
    PRIMARY KEY (enterprise, day)
);
CREATE INDEX electricity_readings_day ON electricity_readings (day);

CREATE TABLE electricity_baselines (
    enterprise TEXT PRIMARY KEY REFERENCES enterprises (uscc),
    wh BIGINT NOT NULL,                  -- usual consumption per day before the epidemic, Wh
    upload TEXT NOT NULL REFERENCES electricity_uploads (id)
);
