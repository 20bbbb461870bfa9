//! The file a paper is proposed to be written to: its name says what it holds (the paper, its
//! number, the language, the form) and its extension is the chosen format's, so a Markdown
//! file is never offered as `.docx`. Export dialogs call [`paper_path`] whenever a choice
//! changes (see [`crate::widgets::form::Form::follow_file_name`]).

use std::path::{Path, PathBuf};

use crate::i18n::Lang;

/// `folder/stem-label-lang[-form].ext`: "protokol-12-2026-ky-short.md". The label's `/`
/// (a number "12/2026") becomes `-`; an empty label or form is left out.
pub fn paper_path(
    folder: &Path,
    stem: &str,
    label: &str,
    lang: Lang,
    form: Option<&str>,
    ext: &str,
) -> PathBuf {
    let mut name = stem.to_string();
    for part in [label, lang.code(), form.unwrap_or("")] {
        let part = part.replace(['/', '\\'], "-");
        if !part.trim().is_empty() {
            name.push('-');
            name.push_str(part.trim());
        }
    }
    folder.join(format!("{name}.{}", ext.trim_start_matches('.')))
}

/// The document language of a "ky / ru" choice (index 1 is Russian).
pub fn doc_lang(index: usize) -> Lang {
    if index == 1 { Lang::Ru } else { Lang::Ky }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_says_language_form_and_format() {
        let d = Path::new("/docs");
        assert_eq!(
            paper_path(d, "protokol", "12/2026", Lang::Ky, Some("short"), "md"),
            Path::new("/docs/protokol-12-2026-ky-short.md")
        );
        assert_eq!(
            paper_path(d, "report", "2026-10", Lang::Ru, None, ".xlsx"),
            Path::new("/docs/report-2026-10-ru.xlsx")
        );
        assert_eq!(doc_lang(1), Lang::Ru);
        assert_eq!(doc_lang(0), Lang::Ky);
    }
}
