-- Compliance figures kept on write (issue 17). The compliance list after a change counted
-- every task by executor and status and joined every granted extension to its task; these
-- two small tables hold those counts, kept by the triggers below on every write (the
-- import and the demo too), so the list reads a few hundred rows. Rows whose count falls to
-- zero stay; readers skip them. `compliance_tally` test holds them equal to the counts.

CREATE TABLE task_tally (
    executor_id INTEGER NOT NULL,
    status      TEXT NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (executor_id, status)
) WITHOUT ROWID;

-- Granted extensions by the executor their task has now.
CREATE TABLE extension_tally (
    executor_id INTEGER PRIMARY KEY,
    n           INTEGER NOT NULL
);

INSERT INTO task_tally(executor_id, status, n)
    SELECT executor_id, status, count(*) FROM task WHERE true GROUP BY executor_id, status;

INSERT INTO extension_tally(executor_id, n)
    SELECT t.executor_id, count(*) FROM deadline_change dc JOIN task t ON t.id = dc.task_id
     WHERE dc.status = 'granted' GROUP BY t.executor_id;

CREATE TRIGGER task_tally_insert AFTER INSERT ON task
BEGIN
    INSERT INTO task_tally(executor_id, status, n) VALUES (NEW.executor_id, NEW.status, 1)
        ON CONFLICT (executor_id, status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER task_tally_delete AFTER DELETE ON task
BEGIN
    UPDATE task_tally SET n = n - 1
     WHERE executor_id = OLD.executor_id AND status = OLD.status;
END;

CREATE TRIGGER task_tally_update AFTER UPDATE OF executor_id, status ON task
    WHEN OLD.executor_id IS NOT NEW.executor_id OR OLD.status IS NOT NEW.status
BEGIN
    UPDATE task_tally SET n = n - 1
     WHERE executor_id = OLD.executor_id AND status = OLD.status;
    INSERT INTO task_tally(executor_id, status, n) VALUES (NEW.executor_id, NEW.status, 1)
        ON CONFLICT (executor_id, status) DO UPDATE SET n = n + 1;
END;

-- A task given to another executor takes its granted extensions along.
CREATE TRIGGER extension_tally_executor AFTER UPDATE OF executor_id ON task
    WHEN OLD.executor_id IS NOT NEW.executor_id
BEGIN
    UPDATE extension_tally
       SET n = n - (SELECT count(*) FROM deadline_change
                     WHERE task_id = OLD.id AND status = 'granted')
     WHERE executor_id = OLD.executor_id;
    INSERT INTO extension_tally(executor_id, n)
        SELECT NEW.executor_id, count(*) FROM deadline_change
         WHERE task_id = NEW.id AND status = 'granted'
        HAVING count(*) > 0
        ON CONFLICT (executor_id) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER extension_tally_insert AFTER INSERT ON deadline_change
    WHEN NEW.status = 'granted'
BEGIN
    INSERT INTO extension_tally(executor_id, n)
        SELECT executor_id, 1 FROM task WHERE id = NEW.task_id
        ON CONFLICT (executor_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER extension_tally_delete AFTER DELETE ON deadline_change
    WHEN OLD.status = 'granted'
BEGIN
    UPDATE extension_tally SET n = n - 1
     WHERE executor_id = (SELECT executor_id FROM task WHERE id = OLD.task_id);
END;

CREATE TRIGGER extension_tally_update AFTER UPDATE OF status, task_id ON deadline_change
    WHEN (OLD.status = 'granted') <> (NEW.status = 'granted') OR OLD.task_id <> NEW.task_id
BEGIN
    UPDATE extension_tally SET n = n - 1
     WHERE OLD.status = 'granted'
       AND executor_id = (SELECT executor_id FROM task WHERE id = OLD.task_id);
    INSERT INTO extension_tally(executor_id, n)
        SELECT executor_id, 1 FROM task WHERE id = NEW.task_id AND NEW.status = 'granted'
        ON CONFLICT (executor_id) DO UPDATE SET n = n + 1;
END;

-- The granted changes by decision time with what the compliance's overdue months read
-- (the old deadline, the task): the index alone, not the table.
CREATE INDEX deadline_change_granted ON deadline_change(decided_at, old_deadline, task_id)
    WHERE status = 'granted';

-- A task's executor by its id, small enough to stay in the page cache: the overdue months
-- look up the task of each granted change here, not in the table's wide rows.
CREATE INDEX task_id_executor ON task(id, executor_id);
