-- Papers (issue 12): what the directory keeps so a paper can be wholly in Russian and
-- use the right gender. Empty means "not given": the Kyrgyz text is used (with a notice)
-- and the gender comes from the patronymic.
ALTER TABLE member ADD COLUMN position_ru TEXT NOT NULL DEFAULT '';
ALTER TABLE member ADD COLUMN gender TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', 'm', 'f'));
ALTER TABLE organization ADD COLUMN head_title_ru TEXT NOT NULL DEFAULT '';
ALTER TABLE organization ADD COLUMN head_gender TEXT NOT NULL DEFAULT ''
    CHECK (head_gender IN ('', 'm', 'f'));
