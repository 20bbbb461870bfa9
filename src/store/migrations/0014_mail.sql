-- Messages a mail server accepted (or that were written to an outbox are NOT here: only what a
-- server took). Each accepted extract also has its line in extract_delivery (way 'email');
-- a letter keeps its line in outgoing_letter. The Message-ID ties the row to the server's log.
CREATE TABLE mail_message (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('extract','letter')),
    organization_id INTEGER NOT NULL REFERENCES organization(id),
    protocol_id     INTEGER REFERENCES protocol(id),
    delivery_id     INTEGER REFERENCES extract_delivery(id) ON DELETE SET NULL,
    letter_id       INTEGER REFERENCES outgoing_letter(id),
    address         TEXT NOT NULL,
    message_id      TEXT NOT NULL UNIQUE,
    sent_at         TEXT NOT NULL,
    sent_by         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mail_message_protocol ON mail_message(protocol_id, organization_id);
CREATE INDEX mail_message_letter ON mail_message(letter_id);
