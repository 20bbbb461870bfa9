-- The audit log keeps old and new values, and each row carries a hash chained to the one
-- before it, so a changed or removed row shows. It is append-only.

ALTER TABLE audit_log ADD COLUMN old_values TEXT;
ALTER TABLE audit_log ADD COLUMN new_values TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_user ON audit_log(user);

CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'shtab: the audit log is append-only');
END;

CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'shtab: the audit log is append-only');
END;
