-- Segments as a segment editor shows them: opacity, visibility, lock, and what they are, coded
-- as DICOM SEG's Segmented Property Category and Type ("SCHEME|VALUE|MEANING", '' if none).
-- Label maps get a review status and comments; users extend the terminology per project.
ALTER TABLE segments ADD COLUMN opacity REAL NOT NULL DEFAULT 0.5;
ALTER TABLE segments ADD COLUMN visible INTEGER NOT NULL DEFAULT 1;
ALTER TABLE segments ADD COLUMN locked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE segments ADD COLUMN category TEXT NOT NULL DEFAULT '';
ALTER TABLE segments ADD COLUMN type TEXT NOT NULL DEFAULT '';

CREATE TABLE terminology (
    id       INTEGER PRIMARY KEY,
    category TEXT NOT NULL,
    type     TEXT NOT NULL,
    rgb      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (category, type)
);

ALTER TABLE label_maps ADD COLUMN status TEXT NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'submitted', 'approved', 'rejected'));
CREATE TABLE label_comments (
    id        INTEGER PRIMARY KEY,
    series_id INTEGER NOT NULL REFERENCES label_maps(series_id) ON DELETE CASCADE,
    at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    user      TEXT NOT NULL,
    text      TEXT NOT NULL
);
