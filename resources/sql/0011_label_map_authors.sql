-- One label map per series and author. A person's map is theirs (author = their user name); a
-- model's output is a map of its own (source 'model', author 'model:<id>') that stays a proposal
-- until a person accepts it (merged into their map) or rejects it. Segments, chunks and review
-- comments belong to a map, no longer to the series. Maps made before authors existed keep
-- author '' (ownerless): the first person who edits the series takes it as theirs.
-- The per-voxel uncertainty of a proposal (softmax entropy, 0..255) is kept in chunks beside it.
CREATE TABLE label_maps_v11 (
    id         INTEGER PRIMARY KEY,
    series_id  INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
    author     TEXT NOT NULL DEFAULT '',
    source     TEXT NOT NULL DEFAULT 'person' CHECK (source IN ('person', 'model')),
    model_id   INTEGER REFERENCES models(id) ON DELETE SET NULL,
    nx INTEGER NOT NULL, ny INTEGER NOT NULL, nz INTEGER NOT NULL,
    chunk_edge INTEGER NOT NULL,
    status     TEXT NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'submitted', 'approved', 'rejected', 'proposed', 'accepted')),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (series_id, author)
);
-- The old maps keep their id (it was the series id), so chunks and segments follow them.
INSERT INTO label_maps_v11(id, series_id, nx, ny, nz, chunk_edge, status)
    SELECT series_id, series_id, nx, ny, nz, chunk_edge, status FROM label_maps;
INSERT INTO label_maps_v11(series_id, nx, ny, nz, chunk_edge)
    SELECT s.id, json_extract(s.geometry, '$.dims[0]'), json_extract(s.geometry, '$.dims[1]'),
           json_extract(s.geometry, '$.dims[2]'), 32
    FROM series s WHERE s.id IN (SELECT series_id FROM segments) AND s.id NOT IN (SELECT series_id FROM label_maps);

CREATE TABLE label_chunks_v11 (
    map_id INTEGER NOT NULL REFERENCES label_maps_v11(id) ON DELETE CASCADE,
    chunk  INTEGER NOT NULL,
    data   BLOB NOT NULL,
    PRIMARY KEY (map_id, chunk)
) WITHOUT ROWID;
INSERT INTO label_chunks_v11(map_id, chunk, data) SELECT series_id, chunk, data FROM label_chunks;

CREATE TABLE uncertainty_chunks (
    map_id INTEGER NOT NULL REFERENCES label_maps_v11(id) ON DELETE CASCADE,
    chunk  INTEGER NOT NULL,
    data   BLOB NOT NULL,
    PRIMARY KEY (map_id, chunk)
) WITHOUT ROWID;

CREATE TABLE segments_v11 (
    id         INTEGER PRIMARY KEY,
    map_id     INTEGER NOT NULL REFERENCES label_maps_v11(id) ON DELETE CASCADE,
    label      INTEGER NOT NULL CHECK (label BETWEEN 1 AND 255),
    name       TEXT NOT NULL,
    color      INTEGER NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    opacity    REAL NOT NULL DEFAULT 0.5,
    visible    INTEGER NOT NULL DEFAULT 1,
    locked     INTEGER NOT NULL DEFAULT 0,
    category   TEXT NOT NULL DEFAULT '',
    type       TEXT NOT NULL DEFAULT '',
    layer      INTEGER NOT NULL DEFAULT 0 CHECK (layer BETWEEN 0 AND 254),
    UNIQUE (map_id, label)
);
INSERT INTO segments_v11(id, map_id, label, name, color, created_at, opacity, visible, locked, category, type, layer)
    SELECT g.id, m.id, g.label, g.name, g.color, g.created_at, g.opacity, g.visible, g.locked, g.category, g.type, g.layer
    FROM segments g JOIN label_maps_v11 m ON m.series_id = g.series_id;

CREATE TABLE label_comments_v11 (
    id     INTEGER PRIMARY KEY,
    map_id INTEGER NOT NULL REFERENCES label_maps_v11(id) ON DELETE CASCADE,
    at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    user   TEXT NOT NULL,
    text   TEXT NOT NULL
);
INSERT INTO label_comments_v11(id, map_id, at, user, text) SELECT id, series_id, at, user, text FROM label_comments;

-- Children first, so that dropping a parent deletes nothing that was copied.
DROP TABLE label_comments;
DROP TABLE label_chunks;
DROP TABLE segments;
DROP TABLE label_maps;
ALTER TABLE label_maps_v11 RENAME TO label_maps;
ALTER TABLE label_chunks_v11 RENAME TO label_chunks;
ALTER TABLE segments_v11 RENAME TO segments;
ALTER TABLE label_comments_v11 RENAME TO label_comments;
CREATE INDEX segments_map ON segments(map_id);
CREATE INDEX label_comments_map ON label_comments(map_id);
