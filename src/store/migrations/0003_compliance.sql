-- Compliance: the register of outgoing letters (reminders, warnings, summonses, cover letters).
-- Numbers run per calendar year and are never reused.

CREATE TABLE outgoing_letter (
    id              INTEGER PRIMARY KEY,
    year            INTEGER NOT NULL,
    number          INTEGER NOT NULL CHECK (number > 0),
    doc_number      TEXT NOT NULL,
    date            TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('reminder','warning','summons','cover_letter')),
    organization_id INTEGER NOT NULL REFERENCES organization(id),
    escalation_id   INTEGER REFERENCES escalation(id),
    subject         TEXT NOT NULL DEFAULT '',
    created_by      TEXT NOT NULL DEFAULT '',
    UNIQUE (year, number)
);
CREATE INDEX outgoing_letter_organization ON outgoing_letter(organization_id);
