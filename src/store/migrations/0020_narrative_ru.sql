-- The monthly report's narrative in Russian beside the Kyrgyz one (`narrative`): a paper is
-- wholly in one language, so each prints its own. Adding a column is not an UPDATE, so the
-- issued-report guards let it pass; rows issued before keep '' (their payload, which is what
-- is verified, is unchanged). The audit triggers take the new column from ensure_triggers.
ALTER TABLE report_draft ADD COLUMN narrative_ru TEXT NOT NULL DEFAULT '';
ALTER TABLE report ADD COLUMN narrative_ru TEXT NOT NULL DEFAULT '';
