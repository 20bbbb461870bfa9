-- Performance at 100,000 tasks (issue 9). Partial indexes over the open tasks, the few that
-- the hot lists read, so they never touch the closed majority nor the table itself:
-- the overdue list and counts, the Agenda's hearing suggestions, the compliance figures, an
-- organization's open tasks in deadline order. Their WHERE is the store's OPEN list, word
-- for word (SQLite uses a partial index only for a query that repeats its condition).

-- The open tasks in the list's order (deadline, then id): the first page of status:open
-- or status:overdue reads 42 entries, not the closed tasks before them.
CREATE INDEX task_open_deadline ON task(deadline)
    WHERE status IN ('assigned','in_progress','extension_requested');

-- An organization's open tasks by deadline; with the executor, the deadline and the status
-- in it, the overdue counts per organization never read the table.
CREATE INDEX task_open_executor ON task(executor_id, deadline, status)
    WHERE status IN ('assigned','in_progress','extension_requested');

-- Tasks done late, by closing time: the compliance's "overdue in the last six months".
CREATE INDEX task_done_late_closed ON task(closed_at, executor_id, deadline)
    WHERE status = 'done_late';

-- The monthly report counts escalations by step within a month.
CREATE INDEX escalation_date_step ON escalation(date, step);
