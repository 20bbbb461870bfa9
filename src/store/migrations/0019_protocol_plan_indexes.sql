-- Issue 17: the Protocol tab's undelivered extracts and the Plan tab's task links at 1M tasks.

-- Which organizations execute the tasks of a decision: with the executor beside the decision,
-- the distinct (decision, executor) pairs are read by a seek each (the next executor after
-- the last one found) instead of visiting every task of every signed protocol (with the
-- co-executors read only where owed: 1.4 s to ~10 ms at 1M tasks). It replaces
-- task_decision, its prefix, which served the same lookups: one index on task to keep up.
DROP INDEX task_decision;
CREATE INDEX task_decision_executor ON task(decision_id, executor_id);

-- The open tasks that serve a plan measure, in the links' order (deadline, id), with all the
-- Plan tab reads of them: the links come from this small index (84,098 entries at 1M),
-- not from the table's rows of every open task (1.0-1.4 s to 45 ms at 1M). Its WHERE is
-- the store's OPEN list word for word, as 0009's (SQLite needs the query to repeat it).
CREATE INDEX task_measure_open ON task(deadline, id, measure_id, status, executor_id)
    WHERE measure_id IS NOT NULL AND status IN ('assigned','in_progress','extension_requested');
