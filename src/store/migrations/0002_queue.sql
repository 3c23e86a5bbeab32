-- The anomaly queue, its append-only audit trail, and amendments.

CREATE TABLE anomalies (
    id INTEGER PRIMARY KEY,
    -- rule | service identity | field: re-running never duplicates.
    key TEXT NOT NULL UNIQUE,
    rule TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'error')),
    identity TEXT NOT NULL,
    service_key TEXT NOT NULL,
    commissioner TEXT,
    service_name TEXT,
    period TEXT,
    field TEXT NOT NULL,
    offending TEXT NOT NULL,
    message TEXT NOT NULL,
    people REAL,
    priority REAL NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'contacted', 'awaiting_data', 'resolved_confirmed', 'resolved_corrected', 'dismissed')),
    assignee TEXT,
    return_id INTEGER REFERENCES returns(id),
    closed_reason TEXT,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE INDEX anomalies_status ON anomalies(status);
CREATE INDEX anomalies_identity ON anomalies(identity);

-- Every change to an anomaly, never updated or deleted.
CREATE TABLE anomaly_events (
    id INTEGER PRIMARY KEY,
    anomaly_id INTEGER NOT NULL REFERENCES anomalies(id),
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    what TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    note TEXT
);
CREATE INDEX anomaly_events_anomaly ON anomaly_events(anomaly_id);
CREATE TRIGGER anomaly_events_append_only_update BEFORE UPDATE ON anomaly_events
BEGIN SELECT RAISE(ABORT, 'anomaly events are append-only'); END;
CREATE TRIGGER anomaly_events_append_only_delete BEFORE DELETE ON anomaly_events
BEGIN SELECT RAISE(ABORT, 'anomaly events are append-only'); END;

-- Corrections an operator made after a call. Applied over the return when
-- results are computed; the archived file is never changed.
CREATE TABLE amendments (
    id INTEGER PRIMARY KEY,
    identity TEXT NOT NULL,
    field TEXT NOT NULL,
    -- The value on the return when amended (JSON of the read value), and
    -- the value it is replaced by.
    old_value TEXT NOT NULL,
    new_value REAL NOT NULL,
    who TEXT NOT NULL,
    at TEXT NOT NULL,
    why TEXT NOT NULL,
    anomaly_id INTEGER REFERENCES anomalies(id),
    status TEXT NOT NULL CHECK (status IN ('active', 'superseded')),
    superseded_at TEXT
);
CREATE INDEX amendments_identity ON amendments(identity);

-- Bumped by every amendment: the daemon re-publishes when it changes.
CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT INTO meta (key, value) VALUES ('state_version', 0);
