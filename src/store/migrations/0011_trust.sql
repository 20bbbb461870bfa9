-- Trust (issue 20): a copy outside the row of what was signed and issued. When a protocol is
-- signed (by any path), and when a report is issued, the hash goes into the audit log in the
-- same statement, so `shtab protocol verify` and `shtab check` compare the row with it. The
-- triggers call functions only Shtab registers; Shtab recreates them when they are dropped.
-- An import brings the log those rows were issued with, so it adds none of its own.

CREATE TRIGGER trust_sign_anchor AFTER UPDATE OF status ON protocol
WHEN NEW.status = 'signed' AND OLD.status IS NOT 'signed'
BEGIN
    INSERT INTO audit_log(at, user, action, entity, entity_id, detail, old_values, new_values, hash)
    SELECT x.at, x.user, 'sign-hash', 'protocol', NEW.id, x.detail, NULL, NULL,
           shtab_chain((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1),
                       x.at, x.user, 'sign-hash', 'protocol', NEW.id, x.detail, NULL, NULL)
    FROM (SELECT shtab_now() AS at, shtab_user() AS user,
                 'sha256:' || NEW.text_hash AS detail) x;
END;

CREATE TRIGGER trust_issue_anchor AFTER INSERT ON report
WHEN NOT shtab_importing()
BEGIN
    INSERT INTO audit_log(at, user, action, entity, entity_id, detail, old_values, new_values, hash)
    SELECT x.at, x.user, 'issue-hash', 'report', NEW.id, x.detail, NULL, NULL,
           shtab_chain((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1),
                       x.at, x.user, 'issue-hash', 'report', NEW.id, x.detail, NULL, NULL)
    FROM (SELECT shtab_now() AS at, shtab_user() AS user,
                 'sha256:' || shtab_sha256(NEW.payload) AS detail) x;
END;
