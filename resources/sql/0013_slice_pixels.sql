-- Where each slice's pixels lie in its file and how they are stored, as the header scan found
-- them at import, with the file's size and modification time then. A slice whose file is
-- unchanged and whose pixel data is native little endian (pixel_offset > 0) is read with one
-- read at that offset, without parsing the file again; any other slice (compressed, a file
-- changed since, a series imported before this version: no row here) is read through DCMTK.
-- A cache of facts the files hold: rows are written again by every import of the series.
CREATE TABLE IF NOT EXISTS slice_pixels (
    series_id            INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
    slice_index          INTEGER NOT NULL,
    frame                INTEGER NOT NULL DEFAULT 0,  -- frame in a multi-frame file
    pixel_offset         INTEGER NOT NULL DEFAULT 0,  -- 0: read through DCMTK
    file_size            INTEGER NOT NULL,
    file_mtime_ns        INTEGER NOT NULL,
    transfer_syntax      TEXT NOT NULL,
    photometric          TEXT NOT NULL,
    rows                 INTEGER NOT NULL,
    columns              INTEGER NOT NULL,
    frames               INTEGER NOT NULL,
    samples_per_pixel    INTEGER NOT NULL,
    bits_allocated       INTEGER NOT NULL,
    bits_stored          INTEGER NOT NULL,
    high_bit             INTEGER NOT NULL,
    pixel_representation INTEGER NOT NULL,
    rescale_slope        REAL NOT NULL,
    rescale_intercept    REAL NOT NULL,
    has_position         INTEGER NOT NULL,            -- 0: no ImagePositionPatient
    position_x           REAL NOT NULL,               -- ImagePositionPatient, LPS mm
    position_y           REAL NOT NULL,
    position_z           REAL NOT NULL,
    PRIMARY KEY (series_id, slice_index)
);
