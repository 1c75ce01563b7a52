-- Measurements drawn on a series: rulers and ROIs with their statistics.
CREATE TABLE measurements (
    id         INTEGER PRIMARY KEY,
    series_id  INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('ruler', 'rectangle', 'ellipse')),
    plane_axis INTEGER NOT NULL,   -- voxel axis held fixed: 0 = i, 1 = j, 2 = k
    slice      INTEGER NOT NULL,
    points     TEXT NOT NULL,      -- JSON [u0, v0, u1, v1], in-plane voxel coordinates
    result     TEXT NOT NULL,      -- JSON: length_mm, or area_mm2, mean, sd, min, max, voxels, unit
    author     TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
