-- Review state of notes, notes linked to imaging series, and entity types users define.
ALTER TABLE notes ADD COLUMN review_status TEXT NOT NULL DEFAULT 'new'
    CHECK (review_status IN ('new', 'in progress', 'done'));

CREATE TABLE note_series (
    note_id   INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
    series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
    PRIMARY KEY (note_id, series_id)
);
CREATE INDEX note_series_by_series ON note_series(series_id);

-- Built-in types (PROBLEM, MEDICATION, ANATOMY, PROCEDURE, TEST) are not stored here.
CREATE TABLE entity_types (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    rgb        INTEGER NOT NULL,
    terms      TEXT NOT NULL DEFAULT '',     -- one lexicon term per line
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX spans_by_type ON spans(type);
