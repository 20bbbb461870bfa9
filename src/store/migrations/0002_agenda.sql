-- Agenda: session length, links from items to plan measures and tasks, carry-over.

ALTER TABLE session ADD COLUMN duration_minutes INTEGER NOT NULL DEFAULT 120
    CHECK (duration_minutes > 0);
-- Two sessions at the same date and time are refused.
CREATE UNIQUE INDEX session_date_time ON session(date, time);

-- The item of an earlier session this one carries over (postponed or left without decision).
ALTER TABLE agenda_item ADD COLUMN carried_from INTEGER REFERENCES agenda_item(id);
CREATE INDEX agenda_item_carried_from ON agenda_item(carried_from);

CREATE TABLE agenda_item_measure (
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_item(id),
    measure_id     INTEGER NOT NULL REFERENCES plan_measure(id),
    PRIMARY KEY (agenda_item_id, measure_id)
);

CREATE TABLE agenda_item_task (
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_item(id),
    task_id        INTEGER NOT NULL REFERENCES task(id),
    PRIMARY KEY (agenda_item_id, task_id)
);
CREATE INDEX agenda_item_task_task ON agenda_item_task(task_id);
