-- Figures as of a day (issue 14): a past month's report describes the state at its last day,
-- which the tables above overwrite. Deadlines and executors keep their past already
-- (deadline_change, executor_change); this keeps the rest. Each *_change row holds the
-- values a record had until `changed_at`: the value at a day D is the one of the first change
-- after D, or the current one when none came after D.

-- When a measure entered the plan; NULL: before anything was recorded (it counts always).
ALTER TABLE plan_measure ADD COLUMN created_at TEXT;
UPDATE plan_measure SET created_at = (
    SELECT min(a.at) FROM audit_log a
     WHERE a.entity = 'plan_measure' AND a.entity_id = plan_measure.id
       AND a.action IN ('create', 'insert'));

CREATE TABLE plan_measure_change (
    id         INTEGER PRIMARY KEY,
    measure_id INTEGER NOT NULL REFERENCES plan_measure(id),
    changed_at TEXT NOT NULL,
    number     TEXT NOT NULL,
    title      TEXT NOT NULL,
    deadline   TEXT,
    progress   INTEGER NOT NULL,
    started    INTEGER NOT NULL,
    done_at    TEXT
);
CREATE INDEX plan_measure_change_at ON plan_measure_change(changed_at, measure_id);
CREATE INDEX plan_measure_change_measure ON plan_measure_change(measure_id);

CREATE TRIGGER plan_measure_keep_past AFTER UPDATE OF number, title, deadline, progress, started,
    done_at ON plan_measure
WHEN OLD.number IS NOT NEW.number OR OLD.title IS NOT NEW.title
  OR OLD.deadline IS NOT NEW.deadline OR OLD.progress IS NOT NEW.progress
  OR OLD.started IS NOT NEW.started OR OLD.done_at IS NOT NEW.done_at
BEGIN
    INSERT INTO plan_measure_change(measure_id, changed_at, number, title, deadline, progress,
                                    started, done_at)
    VALUES (OLD.id, shtab_now(), OLD.number, OLD.title, OLD.deadline, OLD.progress,
            OLD.started, OLD.done_at);
END;

-- A task linked to another measure (or unlinked): the measure it served until then. No key
-- to plan_measure: the old measure may be deleted later.
CREATE TABLE task_measure_change (
    id          INTEGER PRIMARY KEY,
    task_id     INTEGER NOT NULL REFERENCES task(id),
    changed_at  TEXT NOT NULL,
    old_measure INTEGER
);
CREATE INDEX task_measure_change_at ON task_measure_change(changed_at, task_id);
CREATE INDEX task_measure_change_task ON task_measure_change(task_id);

CREATE TRIGGER task_keep_past_measure AFTER UPDATE OF measure_id ON task
WHEN OLD.measure_id IS NOT NEW.measure_id
BEGIN
    INSERT INTO task_measure_change(task_id, changed_at, old_measure)
    VALUES (OLD.id, shtab_now(), OLD.measure_id);
END;

-- An organization's kind until it changed (the report counts tasks by kind).
CREATE TABLE organization_kind_change (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organization(id),
    changed_at      TEXT NOT NULL,
    kind            TEXT NOT NULL
);
CREATE INDEX organization_kind_change_at ON organization_kind_change(changed_at, organization_id);
CREATE INDEX organization_kind_change_org ON organization_kind_change(organization_id);

CREATE TRIGGER organization_keep_past_kind AFTER UPDATE OF kind ON organization
WHEN OLD.kind IS NOT NEW.kind
BEGIN
    INSERT INTO organization_kind_change(organization_id, changed_at, kind)
    VALUES (OLD.id, shtab_now(), OLD.kind);
END;

-- Its past goes with a record deleted (only what nothing refers to can be deleted).
CREATE TRIGGER organization_forget_past BEFORE DELETE ON organization
BEGIN
    DELETE FROM organization_kind_change WHERE organization_id = OLD.id;
END;

CREATE TRIGGER plan_measure_forget_past BEFORE DELETE ON plan_measure
BEGIN
    DELETE FROM plan_measure_change WHERE measure_id = OLD.id;
END;

-- A past month's figures read the tasks given by its end from one covering index (in
-- order, never the table), and the changes after its end from theirs.
CREATE INDEX task_as_of ON task(created_at, closed_at, status, deadline, executor_id,
                                measure_id);
CREATE INDEX deadline_change_decided ON deadline_change(decided_at);
CREATE INDEX executor_change_at ON executor_change(changed_at);
