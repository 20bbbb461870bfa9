-- Issue 17: a task's folded copy of its text goes. Word search reads the full-text index
-- task_fts (0006), never this column, and every listed row paid for reading it (a second
-- copy of the text in each row). The organization and member search columns stay: the
-- directory filters and the org:/controller: terms use them.
-- Nothing in the schema names task.search (no index, view, CHECK or trigger; the audit
-- triggers leave search columns out and are made anew for the new column list at start).
ALTER TABLE task DROP COLUMN search;
