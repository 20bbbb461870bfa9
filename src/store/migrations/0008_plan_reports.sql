-- The action plan and the monthly report: decisions linked to measures, the draft narrative of
-- a month, and issued reports frozen for ever.

-- A decision of a protocol that serves a plan measure ("added here" from the Plan tab; tasks
-- link themselves through task.measure_id).
CREATE TABLE decision_measure (
    decision_id INTEGER NOT NULL REFERENCES decision(id),
    measure_id  INTEGER NOT NULL REFERENCES plan_measure(id),
    PRIMARY KEY (decision_id, measure_id)
);
CREATE INDEX decision_measure_measure ON decision_measure(measure_id);

-- The secretary's narrative for a month while the report is still a draft ('YYYY-MM').
CREATE TABLE report_draft (
    month      TEXT PRIMARY KEY CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    narrative  TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT '',
    version    INTEGER NOT NULL DEFAULT 1
);

CREATE INDEX report_month ON report(month, id);

-- Every row of `report` is an issued report: it never changes and is never removed. A
-- correction is a new row (a new number) whose replaces_id names a report of the same month.
CREATE TRIGGER report_issued_no_update BEFORE UPDATE ON report
BEGIN
    SELECT RAISE(ABORT, 'shtab: an issued report cannot be changed');
END;

CREATE TRIGGER report_issued_no_delete BEFORE DELETE ON report
BEGIN
    SELECT RAISE(ABORT, 'shtab: an issued report cannot be changed');
END;

CREATE TRIGGER report_replaces_same_month BEFORE INSERT ON report
WHEN NEW.replaces_id IS NOT NULL
     AND (SELECT month FROM report WHERE id = NEW.replaces_id) IS NOT NEW.month
BEGIN
    SELECT RAISE(ABORT, 'shtab: a correction must replace a report of the same month');
END;
