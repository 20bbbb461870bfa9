-- Slimmer audit triggers (issue 17): the part every row-audit trigger shared (the log's
-- columns, the time, the user, the chain hash) is written once, here. Each table's trigger
-- (made by `audit::ensure_triggers`) inserts one row into `audit_entry` (the action, the
-- table, the row's id, its old and new values as JSON), and the trigger below appends it
-- to the log with its hash, as each trigger did itself before, and skips the row itself.
-- Every connection parses the whole schema, and that shared part was over half of it.
--
-- A table, not a view: a view (root page 0) listed first in SQLite's schema makes
-- `PRAGMA quick_check` take itself for a partial check and skip the free list, so a
-- damaged file passes it. The check can never hold (the columns have no type, so no value
-- is converted on its way): without the trigger, an audited change is refused, never made
-- unlogged. Shtab recreates both when they are gone or changed (a "repair" row says so).

CREATE TABLE audit_entry(action, entity, entity_id, old_values, new_values,
    CONSTRAINT audit_entry_is_logged_by_its_trigger CHECK (0));

CREATE TRIGGER audit_entry_append BEFORE INSERT ON audit_entry
BEGIN
    INSERT INTO audit_log(at, user, action, entity, entity_id, detail, old_values, new_values, hash)
    SELECT x.at, x.user, NEW.action, NEW.entity, NEW.entity_id, '', NEW.old_values,
           NEW.new_values,
           shtab_chain((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1),
                       x.at, x.user, NEW.action, NEW.entity, NEW.entity_id, '',
                       NEW.old_values, NEW.new_values)
    FROM (SELECT shtab_now() AS at, shtab_user() AS user) x;
    SELECT RAISE(IGNORE);
END;
