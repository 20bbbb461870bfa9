-- Shtab schema v1: the whole domain, so later work only adds.
-- Dates are ISO 'YYYY-MM-DD' text, times 'HH:MM', timestamps ISO 'YYYY-MM-DDTHH:MM:SS'.
-- Every mutable table has `version` for optimistic locking; `search` columns hold
-- Cyrillic-folded text because SQLite's lower()/LIKE fold only ASCII.

CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE organization (
    id          INTEGER PRIMARY KEY,
    name_ky     TEXT NOT NULL CHECK (name_ky <> ''),
    name_ru     TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL CHECK (kind IN ('enterprise','organization','institution','school',
                    'hoa','condominium','house_management','tos','quarter_committee','public_body')),
    head_name   TEXT NOT NULL DEFAULT '',
    head_title  TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    address     TEXT NOT NULL DEFAULT '',
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
    search      TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX organization_kind ON organization(kind);

CREATE TABLE member (
    id              INTEGER PRIMARY KEY,
    full_name       TEXT NOT NULL CHECK (full_name <> ''),
    position        TEXT NOT NULL DEFAULT '',
    role            TEXT NOT NULL CHECK (role IN ('chair','deputy','secretary','member')),
    organization_id INTEGER REFERENCES organization(id),
    phone           TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    term_from       TEXT NOT NULL,
    term_to         TEXT,
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
    search          TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,
    CHECK (term_to IS NULL OR term_to >= term_from)
);
CREATE INDEX member_organization ON member(organization_id);

CREATE TABLE session (
    id          INTEGER PRIMARY KEY,
    year        INTEGER NOT NULL,
    number      INTEGER NOT NULL CHECK (number > 0),
    kind        TEXT NOT NULL CHECK (kind IN ('regular','extraordinary')),
    reason      TEXT NOT NULL DEFAULT '',
    date        TEXT NOT NULL,
    time        TEXT NOT NULL DEFAULT '10:00',
    place       TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'planned'
                CHECK (status IN ('planned','agenda_approved','held','protocol_signed')),
    version     INTEGER NOT NULL DEFAULT 1,
    UNIQUE (year, number),
    CHECK (kind = 'regular' OR reason <> '')
);
CREATE INDEX session_date ON session(date);

-- Numbers once given are never reused, even if a session is removed.
CREATE TABLE session_number (
    year        INTEGER PRIMARY KEY,
    last_number INTEGER NOT NULL
);

CREATE TABLE agenda_item (
    id                INTEGER PRIMARY KEY,
    session_id        INTEGER NOT NULL REFERENCES session(id),
    position          INTEGER NOT NULL,
    title             TEXT NOT NULL CHECK (title <> ''),
    kind              TEXT NOT NULL CHECK (kind IN ('report','hearing','other')),
    speaker_member_id INTEGER REFERENCES member(id),
    speaker_name      TEXT NOT NULL DEFAULT '',
    minutes           INTEGER NOT NULL DEFAULT 10 CHECK (minutes >= 0),
    outcome           TEXT NOT NULL DEFAULT 'pending'
                      CHECK (outcome IN ('pending','decided','postponed','no_decision')),
    version           INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX agenda_item_session ON agenda_item(session_id, position);

CREATE TABLE agenda_item_organization (
    agenda_item_id  INTEGER NOT NULL REFERENCES agenda_item(id),
    organization_id INTEGER NOT NULL REFERENCES organization(id),
    PRIMARY KEY (agenda_item_id, organization_id)
);

CREATE TABLE attendance (
    session_id     INTEGER NOT NULL REFERENCES session(id),
    member_id      INTEGER NOT NULL REFERENCES member(id),
    present        INTEGER NOT NULL CHECK (present IN (0,1)),
    absence_reason TEXT NOT NULL DEFAULT '',
    version        INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (session_id, member_id)
);

CREATE TABLE invited_person (
    id              INTEGER PRIMARY KEY,
    session_id      INTEGER NOT NULL REFERENCES session(id),
    full_name       TEXT NOT NULL CHECK (full_name <> ''),
    position        TEXT NOT NULL DEFAULT '',
    organization_id INTEGER REFERENCES organization(id),
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX invited_person_session ON invited_person(session_id);

CREATE TABLE protocol (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL UNIQUE REFERENCES session(id),
    year        INTEGER NOT NULL,
    reg_number  INTEGER,
    status      TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','signed')),
    short_form  INTEGER NOT NULL DEFAULT 0 CHECK (short_form IN (0,1)),
    signed_at   TEXT,
    signed_by   TEXT NOT NULL DEFAULT '',
    text_hash   TEXT,
    version     INTEGER NOT NULL DEFAULT 1,
    UNIQUE (year, reg_number),
    CHECK (status = 'draft' OR (reg_number IS NOT NULL AND signed_at IS NOT NULL AND text_hash IS NOT NULL))
);

-- One section per agenda item heard: HEARD (speaker + summary); SPOKE rows below.
CREATE TABLE protocol_item (
    id             INTEGER PRIMARY KEY,
    protocol_id    INTEGER NOT NULL REFERENCES protocol(id),
    agenda_item_id INTEGER REFERENCES agenda_item(id),
    position       INTEGER NOT NULL,
    title          TEXT NOT NULL DEFAULT '',
    heard_speaker  TEXT NOT NULL DEFAULT '',
    heard_summary  TEXT NOT NULL DEFAULT '',
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX protocol_item_protocol ON protocol_item(protocol_id, position);

CREATE TABLE protocol_speech (
    id               INTEGER PRIMARY KEY,
    protocol_item_id INTEGER NOT NULL REFERENCES protocol_item(id),
    position         INTEGER NOT NULL,
    speaker          TEXT NOT NULL DEFAULT '',
    summary          TEXT NOT NULL DEFAULT '',
    version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX protocol_speech_item ON protocol_speech(protocol_item_id, position);

CREATE TABLE decision (
    id               INTEGER PRIMARY KEY,
    protocol_id      INTEGER NOT NULL REFERENCES protocol(id),
    protocol_item_id INTEGER REFERENCES protocol_item(id),
    number           TEXT NOT NULL,
    text             TEXT NOT NULL DEFAULT '',
    votes_for        INTEGER,
    votes_against    INTEGER,
    votes_abstained  INTEGER,
    version          INTEGER NOT NULL DEFAULT 1,
    UNIQUE (protocol_id, number)
);

CREATE TABLE plan_measure (
    id              INTEGER PRIMARY KEY,
    number          TEXT NOT NULL UNIQUE,
    section         TEXT NOT NULL DEFAULT '',
    title           TEXT NOT NULL CHECK (title <> ''),
    deadline        TEXT,
    expected_result TEXT NOT NULL DEFAULT '',
    progress        INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    started         INTEGER NOT NULL DEFAULT 0 CHECK (started IN (0,1)),
    done_at         TEXT,
    position        INTEGER NOT NULL DEFAULT 0,
    version         INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE plan_measure_organization (
    measure_id      INTEGER NOT NULL REFERENCES plan_measure(id),
    organization_id INTEGER NOT NULL REFERENCES organization(id),
    PRIMARY KEY (measure_id, organization_id)
);

CREATE TABLE task (
    id                 INTEGER PRIMARY KEY,
    decision_id        INTEGER REFERENCES decision(id),
    measure_id         INTEGER REFERENCES plan_measure(id),
    text               TEXT NOT NULL CHECK (text <> ''),
    executor_id        INTEGER NOT NULL REFERENCES organization(id),
    responsible_person TEXT NOT NULL DEFAULT '',
    controller_id      INTEGER REFERENCES member(id),
    deadline           TEXT NOT NULL,
    status             TEXT NOT NULL DEFAULT 'assigned'
                       CHECK (status IN ('assigned','in_progress','extension_requested',
                                         'done_on_time','done_late','cancelled')),
    created_at         TEXT NOT NULL,
    closed_at          TEXT,
    cancel_reason      TEXT NOT NULL DEFAULT '',
    search             TEXT NOT NULL DEFAULT '',
    version            INTEGER NOT NULL DEFAULT 1,
    CHECK (status NOT IN ('done_on_time','done_late','cancelled') OR closed_at IS NOT NULL)
);
CREATE INDEX task_deadline ON task(deadline);
CREATE INDEX task_executor_status ON task(executor_id, status, deadline);
CREATE INDEX task_status_deadline ON task(status, deadline);
CREATE INDEX task_decision ON task(decision_id);
CREATE INDEX task_measure ON task(measure_id);

CREATE TABLE task_co_executor (
    task_id         INTEGER NOT NULL REFERENCES task(id),
    organization_id INTEGER NOT NULL REFERENCES organization(id),
    PRIMARY KEY (task_id, organization_id)
);
CREATE INDEX task_co_executor_org ON task_co_executor(organization_id);

CREATE TABLE deadline_change (
    id           INTEGER PRIMARY KEY,
    task_id      INTEGER NOT NULL REFERENCES task(id),
    old_deadline TEXT NOT NULL,
    new_deadline TEXT NOT NULL,
    reason       TEXT NOT NULL CHECK (reason <> ''),
    requested_at TEXT NOT NULL,
    decided_at   TEXT,
    decided_by   TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'requested' CHECK (status IN ('requested','granted','refused')),
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX deadline_change_task ON deadline_change(task_id);

CREATE TABLE execution_report (
    id          INTEGER PRIMARY KEY,
    task_id     INTEGER NOT NULL REFERENCES task(id),
    report_date TEXT NOT NULL,
    text        TEXT NOT NULL DEFAULT '',
    doc_number  TEXT NOT NULL DEFAULT '',
    is_final    INTEGER NOT NULL DEFAULT 0 CHECK (is_final IN (0,1)),
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX execution_report_task ON execution_report(task_id);

CREATE TABLE escalation (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organization(id),
    task_id         INTEGER REFERENCES task(id),
    step            TEXT NOT NULL CHECK (step IN ('reminder','warning','hearing',
                        'administrative_liability','higher_body','law_enforcement')),
    date            TEXT NOT NULL,
    doc_number      TEXT NOT NULL DEFAULT '',
    decided_by      TEXT NOT NULL DEFAULT '',
    note            TEXT NOT NULL DEFAULT '',
    skip_reason     TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX escalation_organization ON escalation(organization_id, date);
CREATE INDEX escalation_task ON escalation(task_id);

CREATE TABLE report (
    id          INTEGER PRIMARY KEY,
    year        INTEGER NOT NULL,
    number      INTEGER NOT NULL,
    month       TEXT NOT NULL,
    issued_at   TEXT NOT NULL,
    issued_by   TEXT NOT NULL DEFAULT '',
    replaces_id INTEGER REFERENCES report(id),
    narrative   TEXT NOT NULL DEFAULT '',
    payload     TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    UNIQUE (year, number)
);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    user      TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id INTEGER,
    detail    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
