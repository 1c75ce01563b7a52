-- Entity spans of notes: engine proposals and people's corrections. Offsets are characters.
CREATE TABLE spans (
    id           INTEGER PRIMARY KEY,
    note_id      INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    type         TEXT NOT NULL,
    source       TEXT NOT NULL,              -- lexicon, rule, target, person
    status       TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'rejected')),
    negated      INTEGER NOT NULL DEFAULT 0,
    uncertain    INTEGER NOT NULL DEFAULT 0,
    historical   INTEGER NOT NULL DEFAULT 0,
    hypothetical INTEGER NOT NULL DEFAULT 0,
    experiencer  TEXT NOT NULL DEFAULT 'patient',
    section      TEXT NOT NULL DEFAULT '',
    details      TEXT NOT NULL DEFAULT '{}',  -- JSON
    author       TEXT NOT NULL,
    updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX spans_by_note ON spans(note_id, start);
