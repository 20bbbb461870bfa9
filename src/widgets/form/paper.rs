//! The "write a paper" form the tabs share: format, language, the form of the paper where it
//! has two (the protocol's full and short), and the file, whose name follows the choices
//! until the user types one. [`chosen`] reads it back, checked.

use std::path::{Path, PathBuf};

use super::{Choices, Field, Fields, Form, Label, field_keys, has_errors};
use crate::docs::Format;
use crate::domain::validate;
use crate::i18n::{Lang, Strings};
use crate::widgets::file_name::{doc_lang, paper_path, typed_path};

field_keys!(
    /// The fields of a paper's form (`Form` only where the paper has a short form).
    pub enum PaperField {
        Format,
        Lang,
        Form,
        Path,
    }
);

/// The formats a paper's form offers: the choice's words, and each one's file extension.
pub trait PaperFormat: Copy + 'static {
    /// In the order of the choice's words.
    const ALL: &'static [Self];
    fn words(s: &Strings) -> &[&'static str];
    fn extension(self) -> &'static str;
}

/// A document paper (agenda, protocol, extracts): Word or Markdown.
impl PaperFormat for Format {
    const ALL: &'static [Self] = &[Format::Docx, Format::Markdown];
    fn words(s: &Strings) -> &[&'static str] {
        &s.agenda.doc_formats
    }
    fn extension(self) -> &'static str {
        Format::extension(self)
    }
}

/// The paper a form writes: how its file is named, and whether it has a short form.
pub struct Paper {
    pub title: Label,
    /// The file name's first word, in the paper's language ("kun-tartibi", "povestka").
    pub stem: fn(Lang) -> &'static str,
    /// Its number, as the file name carries it ("12/2026" becomes "12-2026").
    pub label: String,
    /// `Some(short)` for a paper with a full and a short form: the one chosen first.
    pub short_form: Option<bool>,
}

/// The form, in `lang` first, proposing a file in `folder`, in one of the formats `P`.
pub fn form<T, P: PaperFormat>(paper: Paper, lang: Lang, folder: &Path, target: T) -> Form<T> {
    use PaperField as F;
    let lang_ix = usize::from(lang == Lang::Ru);
    let mut fields = vec![
        Field::choice(|s| s.agenda.f_format, Choices::Fixed(P::words), 0).key(F::Format),
        Field::choice(
            |s| s.agenda.f_doc_lang,
            Choices::Fixed(|s| &s.agenda.doc_langs),
            lang_ix,
        )
        .key(F::Lang),
    ];
    if let Some(short) = paper.short_form {
        let forms = Choices::Fixed(|s| &s.protocol.paper_forms);
        let label: Label = |s| s.protocol.f_paper_form;
        fields.push(Field::choice(label, forms, usize::from(short)).key(F::Form));
    }
    fields.push(
        Field::text(|s| s.agenda.f_path, "")
            .key(F::Path)
            .validate(validate::required),
    );
    let folder = folder.to_path_buf();
    let Paper {
        title,
        stem,
        label,
        short_form,
    } = paper;
    Form::new(title, fields, target).follow_field(F::Path, move |fs| {
        let lang = doc_lang(fs.choice(F::Lang));
        let form = short_form.map(|_| ["full", "short"][fs.choice(F::Form).min(1)]);
        let ext = format_of::<P>(fs).extension();
        paper_path(&folder, stem(lang), &label, lang, form, ext)
            .to_string_lossy()
            .into_owned()
    })
}

fn format_of<F: PaperFormat>(fields: &[Field]) -> F {
    let i = fields.choice(PaperField::Format).min(F::ALL.len() - 1);
    F::ALL[i]
}

/// Run the fields' checks (the file is required); true when the form has no error.
pub fn check(fields: &mut [Field]) -> bool {
    super::run_checks(fields);
    !has_errors(fields)
}

/// What the form asks to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chosen<F: PaperFormat> {
    pub format: F,
    pub lang: Lang,
    /// The short form (for a paper that has one).
    pub short: bool,
    /// The file, with the format's extension, never one that exists (a number is added).
    pub path: PathBuf,
}

/// The form read back, checked (None: a field says what is wrong).
/// A relative file name is in `documents` (see [`typed_path`]).
pub fn chosen<F: PaperFormat>(fields: &mut [Field], documents: &Path) -> Option<Chosen<F>> {
    if !check(fields) {
        return None;
    }
    let format = format_of::<F>(fields);
    let ext = format.extension();
    let typed = typed_path(documents, &fields.trimmed(PaperField::Path));
    Some(Chosen {
        format,
        lang: doc_lang(fields.choice(PaperField::Lang)),
        short: fields.choice(PaperField::Form) == 1,
        path: crate::docs::free_name(&typed.with_extension(ext)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agenda(folder: &Path) -> Form<()> {
        let paper = Paper {
            title: |s| s.agenda.form_write_doc,
            stem: |l| {
                if l == Lang::Ru {
                    "povestka"
                } else {
                    "kun-tartibi"
                }
            },
            label: "12/2026".into(),
            short_form: None,
        };
        form::<_, Format>(paper, Lang::Ky, folder, ())
    }

    #[test]
    fn the_file_follows_language_format_and_form_and_is_read_back() {
        let dir = std::env::temp_dir().join(format!("shtab-paper-form-{}", std::process::id()));
        let mut f = agenda(&dir);
        assert_eq!(
            f.fields.len(),
            3,
            "no form choice for a paper with one form"
        );
        assert_eq!(
            f.text(PaperField::Path),
            dir.join("kun-tartibi-12-2026-ky.docx").to_string_lossy()
        );
        f.focus = 1;
        f.step(true);
        f.focus = 0;
        f.step(true);
        assert_eq!(
            f.text(PaperField::Path),
            dir.join("povestka-12-2026-ru.md").to_string_lossy()
        );
        let c = chosen::<Format>(&mut f.fields, Path::new("docs")).expect("a path is there");
        assert_eq!(
            (c.format, c.lang, c.short),
            (Format::Markdown, Lang::Ru, false)
        );
        assert_eq!(c.path, dir.join("povestka-12-2026-ru.md"));

        let paper = Paper {
            title: |s| s.protocol.form_write,
            stem: |_| "protokol",
            label: "3/2026".into(),
            short_form: Some(true),
        };
        let mut p = form::<_, Format>(paper, Lang::Ru, &dir, ());
        assert_eq!(
            p.text(PaperField::Path),
            dir.join("protokol-3-2026-ru-short.docx").to_string_lossy()
        );
        assert!(
            chosen::<Format>(&mut p.fields, Path::new("docs"))
                .is_some_and(|c| c.short && c.lang == Lang::Ru)
        );
    }

    #[test]
    fn an_empty_file_is_marked_and_nothing_is_chosen() {
        let mut f = agenda(Path::new("docs"));
        f.focus = 2;
        f.edit(|i| i.clear_all());
        assert_eq!(chosen::<Format>(&mut f.fields, Path::new("docs")), None);
        assert!(f.fields.error(PaperField::Path).is_some());
    }
}
