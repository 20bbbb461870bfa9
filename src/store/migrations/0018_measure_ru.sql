-- A measure's title in both languages (a paper is wholly in one language): `title` is the
-- Kyrgyz one, `title_ru` the Russian one; a measure needs at least one of them. Existing
-- measures keep their title; their Russian title is empty (never a copy of the Kyrgyz text).
-- The table is made anew (SQLite cannot relax the old CHECK (title <> '') in place); the
-- migrations run with foreign keys off and are checked with foreign_key_check.
CREATE TABLE plan_measure_new (
    id              INTEGER PRIMARY KEY,
    number          TEXT NOT NULL UNIQUE,
    section         TEXT NOT NULL DEFAULT '',
    title           TEXT NOT NULL DEFAULT '',
    title_ru        TEXT NOT NULL DEFAULT '',
    deadline        TEXT,
    expected_result TEXT NOT NULL DEFAULT '',
    progress        INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    started         INTEGER NOT NULL DEFAULT 0 CHECK (started IN (0,1)),
    done_at         TEXT,
    position        INTEGER NOT NULL DEFAULT 0,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT,
    CHECK (title <> '' OR title_ru <> '')
);
INSERT INTO plan_measure_new(id, number, section, title, title_ru, deadline, expected_result,
                             progress, started, done_at, position, version, created_at)
SELECT id, number, section, title, '', deadline, expected_result, progress, started, done_at,
       position, version, created_at
  FROM plan_measure;
DROP TABLE plan_measure;
ALTER TABLE plan_measure_new RENAME TO plan_measure;

-- The Russian title a measure had until a change; NULL for changes recorded before this
-- migration (not known then: the current one is read).
ALTER TABLE plan_measure_change ADD COLUMN title_ru TEXT;

CREATE TRIGGER plan_measure_keep_past AFTER UPDATE OF number, title, title_ru, deadline,
    progress, started, done_at ON plan_measure
WHEN OLD.number IS NOT NEW.number OR OLD.title IS NOT NEW.title
  OR OLD.title_ru IS NOT NEW.title_ru
  OR OLD.deadline IS NOT NEW.deadline OR OLD.progress IS NOT NEW.progress
  OR OLD.started IS NOT NEW.started OR OLD.done_at IS NOT NEW.done_at
BEGIN
    INSERT INTO plan_measure_change(measure_id, changed_at, number, title, title_ru, deadline,
                                    progress, started, done_at)
    VALUES (OLD.id, shtab_now(), OLD.number, OLD.title, OLD.title_ru, OLD.deadline,
            OLD.progress, OLD.started, OLD.done_at);
END;

CREATE TRIGGER plan_measure_forget_past BEFORE DELETE ON plan_measure
BEGIN
    DELETE FROM plan_measure_change WHERE measure_id = OLD.id;
END;

-- The table's audit triggers (gone with the old table), exactly as `audit::ensure_triggers`
-- makes them for these columns, so the upgrade logs no "repair" and no change goes unlogged;
-- should the form change later, that function replaces them as for any migration.
CREATE TRIGGER "audit_plan_measure_upd_9d24e29f" AFTER UPDATE ON "plan_measure" WHEN shtab_audit_on() BEGIN INSERT INTO audit_entry VALUES('update','plan_measure',NEW.rowid,json_object('id',OLD."id",'number',OLD."number",'section',OLD."section",'title',OLD."title",'title_ru',OLD."title_ru",'deadline',OLD."deadline",'expected_result',OLD."expected_result",'progress',OLD."progress",'started',OLD."started",'done_at',OLD."done_at",'position',OLD."position",'version',OLD."version",'created_at',OLD."created_at"),json_object('id',NEW."id",'number',NEW."number",'section',NEW."section",'title',NEW."title",'title_ru',NEW."title_ru",'deadline',NEW."deadline",'expected_result',NEW."expected_result",'progress',NEW."progress",'started',NEW."started",'done_at',NEW."done_at",'position',NEW."position",'version',NEW."version",'created_at',NEW."created_at")); END;
CREATE TRIGGER "audit_plan_measure_ins_9d24e29f" AFTER INSERT ON "plan_measure" WHEN shtab_audit_on() BEGIN INSERT INTO audit_entry VALUES('insert','plan_measure',NEW.rowid,NULL,json_object('id',NEW."id",'number',NEW."number",'section',NEW."section",'title',NEW."title",'title_ru',NEW."title_ru",'deadline',NEW."deadline",'expected_result',NEW."expected_result",'progress',NEW."progress",'started',NEW."started",'done_at',NEW."done_at",'position',NEW."position",'version',NEW."version",'created_at',NEW."created_at")); END;
CREATE TRIGGER "audit_plan_measure_del_9d24e29f" AFTER DELETE ON "plan_measure" WHEN shtab_audit_on() BEGIN INSERT INTO audit_entry VALUES('delete','plan_measure',OLD.rowid,json_object('id',OLD."id",'number',OLD."number",'section',OLD."section",'title',OLD."title",'title_ru',OLD."title_ru",'deadline',OLD."deadline",'expected_result',OLD."expected_result",'progress',OLD."progress",'started',OLD."started",'done_at',OLD."done_at",'position',OLD."position",'version',OLD."version",'created_at',OLD."created_at"),NULL); END;
