-- Protocols: their own header, amendments, where the secretary last typed; triggers that keep
-- a signed protocol as it was signed; the delivery register of extracts.
--
-- An amendment is a new protocol of the same session, linked to the one it amends, so
-- `session_id` can no longer be UNIQUE for every row. SQLite cannot drop a constraint, so the
-- table is made anew (SQLite's documented procedure: the store runs migrations with foreign
-- keys off and checks them with foreign_key_check before this commits); a partial unique
-- index keeps one original protocol per session.

CREATE TABLE protocol_new (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES session(id),
    year        INTEGER NOT NULL,
    reg_number  INTEGER,
    status      TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','signed')),
    short_form  INTEGER NOT NULL DEFAULT 0 CHECK (short_form IN (0,1)),
    signed_at   TEXT,
    signed_by   TEXT NOT NULL DEFAULT '',
    text_hash   TEXT,
    version     INTEGER NOT NULL DEFAULT 1,
    -- The header as the protocol states it; NULL date or place means the session's.
    date        TEXT,
    place       TEXT,
    presiding   TEXT NOT NULL DEFAULT '',
    secretary   TEXT NOT NULL DEFAULT '',
    -- The protocol this one amends (both are kept).
    amends_id   INTEGER REFERENCES protocol(id),
    -- The editor's field where the secretary last typed, to reopen there.
    last_field  TEXT NOT NULL DEFAULT '',
    UNIQUE (year, reg_number),
    CHECK (status = 'draft' OR (reg_number IS NOT NULL AND signed_at IS NOT NULL AND text_hash IS NOT NULL)),
    CHECK (amends_id IS NULL OR amends_id <> id)
);

INSERT INTO protocol_new(id, session_id, year, reg_number, status, short_form, signed_at,
                         signed_by, text_hash, version, date, place, presiding, secretary)
SELECT p.id, p.session_id, p.year, p.reg_number, p.status, p.short_form, p.signed_at,
       p.signed_by, p.text_hash, p.version, s.date, s.place,
       coalesce((SELECT full_name FROM member WHERE role = 'chair' AND active = 1
                 ORDER BY term_from DESC LIMIT 1), ''),
       coalesce((SELECT full_name FROM member WHERE role = 'secretary' AND active = 1
                 ORDER BY term_from DESC LIMIT 1), '')
FROM protocol p JOIN session s ON s.id = p.session_id;

DROP TABLE protocol;
ALTER TABLE protocol_new RENAME TO protocol;

-- The name of each member as the signed protocol recorded it (NULL: the member's name now).
ALTER TABLE attendance ADD COLUMN full_name TEXT;

CREATE UNIQUE INDEX protocol_original ON protocol(session_id) WHERE amends_id IS NULL;
CREATE INDEX protocol_session ON protocol(session_id);
CREATE INDEX protocol_amends ON protocol(amends_id);
CREATE INDEX decision_protocol ON decision(protocol_id);
CREATE INDEX decision_item ON decision(protocol_item_id);

-- The delivery register: each extract sent, when, how and to whom.
CREATE TABLE extract_delivery (
    id              INTEGER PRIMARY KEY,
    protocol_id     INTEGER NOT NULL REFERENCES protocol(id),
    organization_id INTEGER NOT NULL REFERENCES organization(id),
    delivered_on    TEXT NOT NULL,
    way             TEXT NOT NULL CHECK (way IN ('hand','email','edoc','post')),
    received_by     TEXT NOT NULL DEFAULT '',
    doc_number      TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX extract_delivery_protocol ON extract_delivery(protocol_id, organization_id);
CREATE INDEX extract_delivery_organization ON extract_delivery(organization_id);

-- A signed protocol stays as signed: its row, items, speeches, decisions, the session's
-- attendance and invited persons, and the origin of the tasks its decisions gave (which
-- decision, which measure, the text, when made). Corrections are amendments. The message
-- begins with the words the store recognizes (store::protocols::SIGNED_MESSAGE).
-- The import suspends the triggers named signed_* while it replaces everything.

CREATE TRIGGER signed_protocol_update BEFORE UPDATE ON protocol
WHEN OLD.status = 'signed'
BEGIN SELECT RAISE(ABORT, 'the protocol is signed: it cannot change; make an amendment'); END;

CREATE TRIGGER signed_protocol_delete BEFORE DELETE ON protocol
WHEN OLD.status = 'signed'
BEGIN SELECT RAISE(ABORT, 'the protocol is signed: it cannot change; make an amendment'); END;

CREATE TRIGGER signed_item_insert BEFORE INSERT ON protocol_item
WHEN (SELECT status FROM protocol WHERE id = NEW.protocol_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'the protocol is signed: it cannot change; make an amendment'); END;

CREATE TRIGGER signed_item_update BEFORE UPDATE ON protocol_item
WHEN (SELECT status FROM protocol WHERE id = OLD.protocol_id) = 'signed'
  OR (SELECT status FROM protocol WHERE id = NEW.protocol_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'the protocol is signed: it cannot change; make an amendment'); END;

CREATE TRIGGER signed_item_delete BEFORE DELETE ON protocol_item
WHEN (SELECT status FROM protocol WHERE id = OLD.protocol_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'the protocol is signed: it cannot change; make an amendment'); END;

CREATE TRIGGER signed_speech_insert BEFORE INSERT ON protocol_speech
WHEN (SELECT p.status FROM protocol_item i JOIN protocol p ON p.id = i.protocol_id
      WHERE i.id = NEW.protocol_item_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'the protocol is signed: it cannot change; make an amendment'); END;

CREATE TRIGGER signed_speech_update BEFORE UPDATE ON protocol_speech
WHEN (SELECT p.status FROM protocol_item i JOIN protocol p ON p.id = i.protocol_id
      WHERE i.id = OLD.protocol_item_id) = 'signed'
  OR (SELECT p.status FROM protocol_item i JOIN protocol p ON p.id = i.protocol_id
      WHERE i.id = NEW.protocol_item_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'the protocol is signed: it cannot change; make an amendment'); END;

CREATE TRIGGER signed_speech_delete BEFORE DELETE ON protocol_speech
WHEN (SELECT p.status FROM protocol_item i JOIN protocol p ON p.id = i.protocol_id
      WHERE i.id = OLD.protocol_item_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'the protocol is signed: it cannot change; make an amendment'); END;

CREATE TRIGGER signed_decision_insert BEFORE INSERT ON decision
WHEN (SELECT status FROM protocol WHERE id = NEW.protocol_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'the protocol is signed: it cannot change; make an amendment'); END;

CREATE TRIGGER signed_decision_update BEFORE UPDATE ON decision
WHEN (SELECT status FROM protocol WHERE id = OLD.protocol_id) = 'signed'
  OR (SELECT status FROM protocol WHERE id = NEW.protocol_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'the protocol is signed: it cannot change; make an amendment'); END;

CREATE TRIGGER signed_decision_delete BEFORE DELETE ON decision
WHEN (SELECT status FROM protocol WHERE id = OLD.protocol_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'the protocol is signed: it cannot change; make an amendment'); END;

CREATE TRIGGER signed_attendance_insert BEFORE INSERT ON attendance
WHEN EXISTS (SELECT 1 FROM protocol WHERE session_id = NEW.session_id AND status = 'signed')
BEGIN SELECT RAISE(ABORT, 'the protocol is signed: it cannot change; make an amendment'); END;

CREATE TRIGGER signed_attendance_update BEFORE UPDATE ON attendance
WHEN EXISTS (SELECT 1 FROM protocol WHERE session_id IN (OLD.session_id, NEW.session_id)
             AND status = 'signed')
BEGIN SELECT RAISE(ABORT, 'the protocol is signed: it cannot change; make an amendment'); END;

CREATE TRIGGER signed_attendance_delete BEFORE DELETE ON attendance
WHEN EXISTS (SELECT 1 FROM protocol WHERE session_id = OLD.session_id AND status = 'signed')
BEGIN SELECT RAISE(ABORT, 'the protocol is signed: it cannot change; make an amendment'); END;

CREATE TRIGGER signed_invited_insert BEFORE INSERT ON invited_person
WHEN EXISTS (SELECT 1 FROM protocol WHERE session_id = NEW.session_id AND status = 'signed')
BEGIN SELECT RAISE(ABORT, 'the protocol is signed: it cannot change; make an amendment'); END;

CREATE TRIGGER signed_invited_update BEFORE UPDATE ON invited_person
WHEN EXISTS (SELECT 1 FROM protocol WHERE session_id IN (OLD.session_id, NEW.session_id)
             AND status = 'signed')
BEGIN SELECT RAISE(ABORT, 'the protocol is signed: it cannot change; make an amendment'); END;

CREATE TRIGGER signed_invited_delete BEFORE DELETE ON invited_person
WHEN EXISTS (SELECT 1 FROM protocol WHERE session_id = OLD.session_id AND status = 'signed')
BEGIN SELECT RAISE(ABORT, 'the protocol is signed: it cannot change; make an amendment'); END;

CREATE TRIGGER signed_task_origin BEFORE UPDATE OF decision_id, measure_id, text, created_at
ON task
WHEN ((SELECT p.status FROM decision d JOIN protocol p ON p.id = d.protocol_id
       WHERE d.id = OLD.decision_id) = 'signed'
      OR (SELECT p.status FROM decision d JOIN protocol p ON p.id = d.protocol_id
          WHERE d.id = NEW.decision_id) = 'signed')
  AND (NEW.decision_id IS NOT OLD.decision_id OR NEW.measure_id IS NOT OLD.measure_id
       OR NEW.text IS NOT OLD.text OR NEW.created_at IS NOT OLD.created_at)
BEGIN SELECT RAISE(ABORT, 'the protocol is signed: it cannot change; make an amendment'); END;

CREATE TRIGGER signed_task_delete BEFORE DELETE ON task
WHEN (SELECT p.status FROM decision d JOIN protocol p ON p.id = d.protocol_id
      WHERE d.id = OLD.decision_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'the protocol is signed: it cannot change; make an amendment'); END;
