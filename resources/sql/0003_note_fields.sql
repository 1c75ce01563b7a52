-- Notes keep the identifier and type they had in their source (e.g. MIMIC ROW_ID, CATEGORY).
ALTER TABLE notes ADD COLUMN external_id TEXT NOT NULL DEFAULT '';
ALTER TABLE notes ADD COLUMN note_type TEXT NOT NULL DEFAULT '';
