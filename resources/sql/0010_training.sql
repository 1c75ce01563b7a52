-- Training (issue 10): a run's task, model, hyper-parameters (JSON), device and status with its
-- start and end; one row of metrics per finished epoch; the models runs produce (weights as a
-- LibTorch archive with a JSON sidecar: task, input size, intensity window, label names, data).
-- A training worker writes these through its own connection (WAL), one short transaction each.
CREATE TABLE training_runs (
    id         INTEGER PRIMARY KEY,
    task       TEXT NOT NULL CHECK (task IN ('segment', 'classify', 'tag')),
    model      TEXT NOT NULL,
    params     TEXT NOT NULL DEFAULT '{}',
    device     TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'finished', 'cancelled', 'failed')),
    user       TEXT NOT NULL,
    started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    ended_at   TEXT,
    result     TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE training_metrics (
    run_id           INTEGER NOT NULL REFERENCES training_runs(id) ON DELETE CASCADE,
    epoch            INTEGER NOT NULL,
    train_loss       REAL NOT NULL,
    valid_loss       REAL NOT NULL,
    metric_name      TEXT NOT NULL,
    metric           REAL NOT NULL,
    seconds          REAL NOT NULL,
    items_per_second REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, epoch)
);

CREATE TABLE models (
    id         INTEGER PRIMARY KEY,
    run_id     INTEGER REFERENCES training_runs(id) ON DELETE SET NULL,
    name       TEXT NOT NULL,
    task       TEXT NOT NULL,
    format     TEXT NOT NULL DEFAULT 'libtorch-archive',
    weights    BLOB NOT NULL,
    sidecar    TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX models_run ON models(run_id);
