-- A hash chain over the audit log: each row's hash is SHA-256 of the previous row's hash and its
-- own fields (core/project/auditchain.cpp, sagitta_audit_hash(), registered on every connection
-- Sagitta opens). The trigger computes it as each row is appended; `sagitta verify` recomputes
-- the chain. The rows already here are chained now, in id order, by appending them again.
ALTER TABLE audit_log ADD COLUMN hash TEXT;
CREATE TEMP TABLE audit_log_v12 AS SELECT id, at, user, action, detail FROM audit_log;
DROP TRIGGER audit_log_no_update;
DROP TRIGGER audit_log_no_delete;
DELETE FROM audit_log;
CREATE TRIGGER audit_log_chain AFTER INSERT ON audit_log
BEGIN
    UPDATE audit_log SET hash = sagitta_audit_hash(
        (SELECT hash FROM audit_log WHERE id < NEW.id ORDER BY id DESC LIMIT 1),
        NEW.id, NEW.at, NEW.user, NEW.action, NEW.detail)
    WHERE id = NEW.id;
END;
INSERT INTO audit_log(id, at, user, action, detail) SELECT id, at, user, action, detail FROM audit_log_v12 ORDER BY id;
DROP TABLE audit_log_v12;
-- Still append-only: the one update allowed is the chain trigger's, giving a new row its hash.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN NOT (OLD.hash IS NULL AND NEW.hash IS NOT NULL AND NEW.id IS OLD.id AND NEW.at IS OLD.at AND NEW.user IS OLD.user
          AND NEW.action IS OLD.action AND NEW.detail IS OLD.detail)
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
