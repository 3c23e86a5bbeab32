-- Every run asks which files' moves were not confirmed (almost always
-- none): without an index that read every file the ledger holds.
CREATE INDEX IF NOT EXISTS files_unmoved ON files(id) WHERE moved = 0;
