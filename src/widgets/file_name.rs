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

/// The file or folder a user typed: a bare or relative name ("p y", "papers/x.docx") is in
/// the documents folder the form proposed, never in whatever folder Shtab was started from;
/// `~/…` is in the home folder; an absolute path stays as typed.
pub fn typed_path(documents: &Path, typed: &str) -> PathBuf {
    let typed = typed.trim();
    if let Some(rest) = typed
        .strip_prefix("~/")
        .or_else(|| typed.strip_prefix("~\\"))
        && let Some(home) = directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf())
    {
        return home.join(rest);
    }
    let p = PathBuf::from(typed);
    if p.is_absolute() {
        p
    } else {
        documents.join(p)
    }
}

/// A written file as the status line says it: its name (the folder is the one the form
/// showed), so a long folder never pushes the name off an 80-column line.
pub fn shown(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The document language of a "ky / ru" choice (index 1 is Russian).
pub fn doc_lang(index: usize) -> Lang {
    if index == 1 { Lang::Ru } else { Lang::Ky }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_file_is_said_by_its_name() {
        let p = std::env::temp_dir()
            .join("docs")
            .join("chakyruu-01-12-502-ky.docx");
        assert_eq!(shown(&p), "chakyruu-01-12-502-ky.docx");
    }

    #[test]
    fn a_typed_name_goes_into_the_documents_folder() {
        let docs = std::env::temp_dir().join("docs");
        assert_eq!(typed_path(&docs, " p y.docx "), docs.join("p y.docx"));
        assert_eq!(
            typed_path(&docs, "papers/x.md"),
            docs.join("papers").join("x.md")
        );
        let elsewhere = std::env::temp_dir().join("elsewhere").join("x.docx");
        assert_eq!(
            typed_path(&docs, &elsewhere.to_string_lossy()),
            elsewhere,
            "an absolute path stays"
        );
        if let Some(home) = directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf()) {
            assert_eq!(typed_path(&docs, "~/x.docx"), home.join("x.docx"));
        }
    }

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
