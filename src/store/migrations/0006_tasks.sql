-- Tasks: full-text search over task texts and their reports, the history of reassignments,
-- and an index for "mine to control".

-- A task moved to another executor: who had it, who has it now, why, who and when.
CREATE TABLE executor_change (
    id           INTEGER PRIMARY KEY,
    task_id      INTEGER NOT NULL REFERENCES task(id),
    old_executor INTEGER NOT NULL REFERENCES organization(id),
    new_executor INTEGER NOT NULL REFERENCES organization(id),
    reason       TEXT NOT NULL CHECK (reason <> ''),
    changed_at   TEXT NOT NULL,
    changed_by   TEXT NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 1,
    CHECK (old_executor <> new_executor)
);
CREATE INDEX executor_change_task ON executor_change(task_id);

CREATE INDEX task_controller ON task(controller_id, deadline);
-- The list's order with the status at hand: a page of open tasks reads this index in order
-- and skips closed ones without touching the table.
CREATE INDEX task_deadline_status ON task(deadline, status);

-- What the search reads for a task: its text, its reports and their document numbers,
-- with ё read as е. The unicode61 tokenizer folds case itself, Kyrgyz Ң Ө Ү included.
CREATE VIEW task_fts_source AS
SELECT t.id AS id,
       replace(replace(t.text || ' ' || coalesce(
           (SELECT group_concat(r.text || ' ' || r.doc_number, ' ')
              FROM execution_report r WHERE r.task_id = t.id), ''),
           'ё', 'е'), 'Ё', 'Е') AS body
  FROM task t;

-- rowid = task id. Derived: not exported, kept in step by the triggers below (which a bulk
-- load, the demo or an import, turns off with the setting tasks.fts_bulk inside its
-- transaction, indexing everything once at its end). Contentless
-- (the text lives in task and execution_report), and a row is dropped without re-reading it.
CREATE VIRTUAL TABLE task_fts USING fts5(body, content = '', contentless_delete = 1,
                                         tokenize = 'unicode61 remove_diacritics 0');

INSERT INTO task_fts(rowid, body) SELECT id, body FROM task_fts_source;

CREATE TRIGGER task_fts_after_insert AFTER INSERT ON task
    WHEN NOT EXISTS (SELECT 1 FROM setting WHERE key = 'tasks.fts_bulk') BEGIN
    INSERT INTO task_fts(rowid, body) SELECT id, body FROM task_fts_source WHERE id = new.id;
END;

CREATE TRIGGER task_fts_after_update AFTER UPDATE OF text ON task
    WHEN NOT EXISTS (SELECT 1 FROM setting WHERE key = 'tasks.fts_bulk') BEGIN
    DELETE FROM task_fts WHERE rowid = old.id;
    INSERT INTO task_fts(rowid, body) SELECT id, body FROM task_fts_source WHERE id = new.id;
END;

CREATE TRIGGER task_fts_after_delete AFTER DELETE ON task
    WHEN NOT EXISTS (SELECT 1 FROM setting WHERE key = 'tasks.fts_bulk') BEGIN
    DELETE FROM task_fts WHERE rowid = old.id;
END;

CREATE TRIGGER report_fts_after_insert AFTER INSERT ON execution_report
    WHEN NOT EXISTS (SELECT 1 FROM setting WHERE key = 'tasks.fts_bulk') BEGIN
    DELETE FROM task_fts WHERE rowid = new.task_id;
    INSERT INTO task_fts(rowid, body)
        SELECT id, body FROM task_fts_source WHERE id = new.task_id;
END;

CREATE TRIGGER report_fts_after_update AFTER UPDATE OF text, doc_number, task_id
    ON execution_report
    WHEN NOT EXISTS (SELECT 1 FROM setting WHERE key = 'tasks.fts_bulk') BEGIN
    DELETE FROM task_fts WHERE rowid IN (old.task_id, new.task_id);
    INSERT INTO task_fts(rowid, body)
        SELECT id, body FROM task_fts_source WHERE id IN (old.task_id, new.task_id);
END;

CREATE TRIGGER report_fts_after_delete AFTER DELETE ON execution_report
    WHEN NOT EXISTS (SELECT 1 FROM setting WHERE key = 'tasks.fts_bulk') BEGIN
    DELETE FROM task_fts WHERE rowid = old.task_id;
    INSERT INTO task_fts(rowid, body)
        SELECT id, body FROM task_fts_source WHERE id = old.task_id;
END;
