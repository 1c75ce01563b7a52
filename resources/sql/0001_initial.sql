-- Sagitta project schema, version 1. Migrations run in order of their number, each in one
-- transaction; PRAGMA user_version holds the number of the last one applied.
CREATE TABLE project_info (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE series (
    id                 INTEGER PRIMARY KEY,
    series_uid         TEXT NOT NULL,
    stack_index        INTEGER NOT NULL DEFAULT 0,
    study_uid          TEXT NOT NULL DEFAULT '',
    frame_of_reference TEXT NOT NULL DEFAULT '',
    patient_name       TEXT NOT NULL DEFAULT '',
    patient_id         TEXT NOT NULL DEFAULT '',
    study_date         TEXT NOT NULL DEFAULT '',
    modality           TEXT NOT NULL DEFAULT '',
    series_number      INTEGER NOT NULL DEFAULT 0,
    description        TEXT NOT NULL DEFAULT '',
    geometry           TEXT NOT NULL,  -- JSON: dims, spacing, origin, direction (LPS, mm)
    scalar_type        TEXT NOT NULL DEFAULT '',
    warnings           TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
    imported_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (series_uid, stack_index)
);

-- Files of a series in slice order. Paths are relative to the project file's folder when
-- they lie below it, absolute otherwise.
CREATE TABLE series_files (
    series_id   INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
    slice_index INTEGER NOT NULL,
    path        TEXT NOT NULL,
    PRIMARY KEY (series_id, slice_index)
);

CREATE TABLE segments (
    id         INTEGER PRIMARY KEY,
    series_id  INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
    label      INTEGER NOT NULL CHECK (label BETWEEN 1 AND 255),
    name       TEXT NOT NULL,
    color      INTEGER NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (series_id, label)
);

-- Label maps in cubic chunks (edge in label_maps.chunk_edge), zlib-compressed; a chunk
-- that is all background has no row.
CREATE TABLE label_maps (
    series_id  INTEGER PRIMARY KEY REFERENCES series(id) ON DELETE CASCADE,
    nx INTEGER NOT NULL, ny INTEGER NOT NULL, nz INTEGER NOT NULL,
    chunk_edge INTEGER NOT NULL
);

CREATE TABLE label_chunks (
    series_id INTEGER NOT NULL REFERENCES label_maps(series_id) ON DELETE CASCADE,
    chunk     INTEGER NOT NULL,
    data      BLOB NOT NULL,
    PRIMARY KEY (series_id, chunk)
) WITHOUT ROWID;

CREATE TABLE notes (
    id         INTEGER PRIMARY KEY,
    patient_id TEXT NOT NULL DEFAULT '',
    title      TEXT NOT NULL DEFAULT '',
    language   TEXT NOT NULL DEFAULT 'en',
    text       TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Append-only: who did what, when. Details never hold patient data.
CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    user   TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
