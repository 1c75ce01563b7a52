-- The people who work on a project and their roles (core/project/project.h, User). A project
-- without rows here is single-user, as before: everyone may do everything. With users, the
-- project opens only for one of them; an annotator may not approve or reject a review, a reviewer
-- may, an administrator also manages the users. IF NOT EXISTS: a test that rolls user_version back
-- to an older schema to replay later migrations finds the table there.
CREATE TABLE IF NOT EXISTS users (
    name       TEXT PRIMARY KEY CHECK (length(name) > 0),
    role       TEXT NOT NULL CHECK (role IN ('annotator', 'reviewer', 'administrator')),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
