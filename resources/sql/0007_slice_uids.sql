-- Each slice's SOPInstanceUID beside its file, so that a DICOM SEG export references the
-- source images without reading them. Rows from before this version hold '' (the export then
-- reads the UID from the file's header).
ALTER TABLE series_files ADD COLUMN sop_instance_uid TEXT NOT NULL DEFAULT '';
