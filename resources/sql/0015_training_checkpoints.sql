-- Resume checkpoints of the Training dock, inside the project (core/project/trainingstore.h):
-- model, optimizer and metrics so far, replaced after every epoch, so the weights trained from
-- the project's data stay in the project (encrypted with it) and go when it goes. key: task|model|data.
-- IF NOT EXISTS: a test that rolls user_version back to replay later migrations finds the table there.
CREATE TABLE IF NOT EXISTS training_checkpoints (
    key      TEXT PRIMARY KEY CHECK (length(key) > 0),
    data     BLOB NOT NULL,
    saved_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
