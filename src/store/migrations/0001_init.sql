-- The file ledger, the parse cache and the runs.

CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL CHECK (status IN ('running', 'ok', 'failed', 'abandoned')),
    files_accepted INTEGER NOT NULL DEFAULT 0,
    files_rejected INTEGER NOT NULL DEFAULT 0,
    files_duplicate INTEGER NOT NULL DEFAULT 0,
    files_ignored INTEGER NOT NULL DEFAULT 0,
    services INTEGER NOT NULL DEFAULT 0,
    duration_ms INTEGER,
    error TEXT
);

-- One row per file taken out of the inbox, whatever became of it.
CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    modified_at TEXT,
    received_at TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'rejected', 'duplicate')),
    reason TEXT,
    layout TEXT,
    -- Where the file goes (archive/... or rejected/...), relative to the
    -- workspace; `moved` becomes 1 once it is there. A row with moved = 0
    -- after a crash is finished on the next start.
    dest_path TEXT NOT NULL,
    moved INTEGER NOT NULL DEFAULT 0,
    duplicate_of INTEGER REFERENCES files(id),
    run_id INTEGER REFERENCES runs(id),
    report TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX files_sha256 ON files(sha256);

-- The parse cache: every return read, as JSON, keyed by its file.
CREATE TABLE returns (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES files(id),
    seq INTEGER NOT NULL,
    service_key TEXT NOT NULL,
    identity TEXT NOT NULL,
    commissioner TEXT,
    service_name TEXT,
    period TEXT,
    data TEXT NOT NULL,
    superseded_by INTEGER REFERENCES returns(id),
    received_at TEXT NOT NULL
);
CREATE INDEX returns_identity ON returns(identity);
CREATE INDEX returns_current ON returns(superseded_by);

-- What the readers had to interpret or could not read, per return.
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    return_id INTEGER NOT NULL REFERENCES returns(id),
    severity TEXT NOT NULL,
    rule TEXT NOT NULL,
    field TEXT,
    message TEXT NOT NULL
);
CREATE INDEX notes_return ON notes(return_id);
