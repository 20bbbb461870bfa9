-- Slimmer audit triggers (issue 17): the part every row-audit trigger shared (the log's
-- columns, the time, the user, the chain hash) is written once, here. Each table's trigger
-- (made by `audit::ensure_triggers`) inserts one row into this view — the action, the
-- table, the row's id, its old and new values as JSON — and the trigger below appends it
-- to the log with its hash, as each trigger did itself before. Every connection parses the
-- whole schema, and that shared part was over half of it.
-- Without this trigger an insert into the view is refused, so a change is never made
-- unlogged; Shtab recreates it when it is gone (a "repair" row says so).

CREATE VIEW audit_entry(action, entity, entity_id, old_values, new_values) AS
    SELECT NULL, NULL, NULL, NULL, NULL WHERE 0;

CREATE TRIGGER audit_entry_append INSTEAD OF INSERT ON audit_entry
BEGIN
    INSERT INTO audit_log(at, user, action, entity, entity_id, detail, old_values, new_values, hash)
    SELECT x.at, x.user, NEW.action, NEW.entity, NEW.entity_id, '', NEW.old_values,
           NEW.new_values,
           shtab_chain((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1),
                       x.at, x.user, NEW.action, NEW.entity, NEW.entity_id, '',
                       NEW.old_values, NEW.new_values)
    FROM (SELECT shtab_now() AS at, shtab_user() AS user) x;
END;
