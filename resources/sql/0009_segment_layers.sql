-- Overlapping segments (a lesion inside its organ, as DICOM SEG allows): a series' label map is
-- a stack of 8-bit layers and each segment's voxels lie on one of them. Chunks of layer L are
-- stored as label_chunks.chunk = L * (chunks per layer) + chunk, so that table is unchanged.
-- A label value still names one segment per series (UNIQUE (series_id, label) stays): the
-- layer says which 8-bit map holds it. Existing segments are on layer 0.
ALTER TABLE segments ADD COLUMN layer INTEGER NOT NULL DEFAULT 0 CHECK (layer BETWEEN 0 AND 254);
