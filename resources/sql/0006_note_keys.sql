-- Notes are keyed by their source: "id:" + the id they had there, or "text:" + a hash of the
-- text when the source gave none. A re-import finds them again instead of adding copies.
-- Notes imported before this version keep their external id as key (the first of duplicates).
ALTER TABLE notes ADD COLUMN source_key TEXT;
UPDATE notes SET source_key = 'id:' || external_id WHERE external_id <> ''
    AND id IN (SELECT min(id) FROM notes WHERE external_id <> '' GROUP BY external_id);
CREATE UNIQUE INDEX notes_by_source_key ON notes(source_key) WHERE source_key IS NOT NULL;
