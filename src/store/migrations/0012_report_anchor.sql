-- Every issued report records the audit chain's head as it stood when it was issued (JSON:
-- rows, last_id, head, at), so a cut or rewritten log is found against each report too, not
-- only against the anchors beside the backups.
ALTER TABLE report ADD COLUMN audit_anchor TEXT NOT NULL DEFAULT '';
