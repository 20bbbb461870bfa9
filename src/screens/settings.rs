//! The HQ's settings as a form (opened from the Directory tab): the names on the papers,
//! the city, the papers' language, the outgoing prefix, the quorum rule, the extension cap
//! and the e-mail server. The same checks as `shtab settings set`; a value that fails them
//! is not saved and its field says why, in the user's language. The JSON rules of the
//! escalation ladder stay on the command line. The SMTP password is never here.

use crate::i18n::Strings;
use crate::store::Refusal;
use crate::store::Store;
use crate::widgets::form::{Choices, Field, Fields, Form, Label, field_keys};

/// How a setting is shown: typed text, or one of fixed codes.
enum Shape {
    Text {
        error: Label,
        optional: bool,
    },
    Choice {
        codes: &'static [&'static str],
        labels: fn(&Strings) -> &[&'static str],
    },
}

field_keys!(
    /// The settings form's fields, one per row of `ROWS`.
    pub enum SettingField {
        HqNameKy,
        HqNameRu,
        City,
        PapersLang,
        Prefix,
        Quorum,
        ExtensionCap,
        SmtpHost,
        SmtpPort,
        SmtpTls,
        SmtpUser,
        SmtpFrom,
        SmtpFromName,
        SmtpReplyTo,
        SmtpPasswordFile,
        SmtpTimeout,
    }
);

struct Row {
    field: SettingField,
    key: &'static str,
    label: Label,
    shape: Shape,
}

const fn text(
    field: SettingField,
    key: &'static str,
    label: Label,
    error: Label,
    optional: bool,
) -> Row {
    Row {
        field,
        key,
        label,
        shape: Shape::Text { error, optional },
    }
}

const fn choice(
    field: SettingField,
    key: &'static str,
    label: Label,
    codes: &'static [&'static str],
    labels: fn(&Strings) -> &[&'static str],
) -> Row {
    Row {
        field,
        key,
        label,
        shape: Shape::Choice { codes, labels },
    }
}

use SettingField as F;

#[rustfmt::skip]
const ROWS: &[Row] = &[
    text(F::HqNameKy, "hq_name.ky", |s| s.settings.hq_name_ky, |s| s.settings.err_name, false),
    text(F::HqNameRu, "hq_name.ru", |s| s.settings.hq_name_ru, |s| s.settings.err_name, false),
    text(F::City, "city", |s| s.settings.city, |s| s.settings.err_city, false),
    choice(F::PapersLang, "papers.lang", |s| s.settings.papers_lang,
           &["ky", "ru"], |s| &s.settings.papers_langs),
    text(F::Prefix, "outgoing.prefix", |s| s.settings.prefix, |s| s.settings.err_prefix, false),
    choice(F::Quorum, "quorum_rule", |s| s.settings.quorum,
           &["half", "two_thirds"], |s| &s.settings.quorum_rules),
    text(F::ExtensionCap, "tasks.extension_cap", |s| s.settings.cap, |s| s.settings.err_cap, false),
    text(F::SmtpHost, "smtp.host", |s| s.settings.smtp_host, |s| s.settings.err_host, true),
    text(F::SmtpPort, "smtp.port", |s| s.settings.smtp_port, |s| s.settings.err_port, true),
    choice(F::SmtpTls, "smtp.tls", |s| s.settings.smtp_tls,
           &["starttls", "tls", "none"], |s| &s.settings.tls_modes),
    text(F::SmtpUser, "smtp.user", |s| s.settings.smtp_user, |s| s.settings.err_text, true),
    text(F::SmtpFrom, "smtp.from", |s| s.settings.smtp_from, |s| s.settings.err_address, true),
    text(F::SmtpFromName, "smtp.from_name", |s| s.settings.smtp_from_name,
         |s| s.settings.err_text, true),
    text(F::SmtpReplyTo, "smtp.reply_to", |s| s.settings.smtp_reply_to,
         |s| s.settings.err_address, true),
    text(F::SmtpPasswordFile, "smtp.password_file", |s| s.settings.smtp_password_file,
         |s| s.settings.err_text, true),
    text(F::SmtpTimeout, "smtp.timeout", |s| s.settings.smtp_timeout,
         |s| s.settings.err_timeout, false),
];

/// The form's label of setting `key` (messages name a setting as the screen shows it).
pub fn label_of(key: &str, s: &crate::i18n::Strings) -> Option<&'static str> {
    ROWS.iter().find(|r| r.key == key).map(|r| (r.label)(s))
}

/// The form with every setting's current value.
pub fn form<T>(store: &Store, target: T) -> crate::store::Result<Form<T>> {
    let mut fields = Vec::with_capacity(ROWS.len());
    for row in ROWS {
        let value = store.setting_or_default(row.key)?;
        let field = match &row.shape {
            Shape::Text { optional, error } => {
                let (key, error) = (row.key, *error);
                let mut f = Field::text(row.label, &value).check(move |t| {
                    crate::store::settings::check(key, t.trim())
                        .map(drop)
                        .map_err(|_| error)
                });
                if *optional {
                    f.hint = Some(|s| s.settings.hint_optional);
                }
                f
            }
            Shape::Choice { codes, labels } => {
                let index = codes.iter().position(|c| *c == value).unwrap_or(0);
                Field::choice(row.label, Choices::Fixed(*labels), index)
            }
        };
        fields.push(field.key(row.field));
    }
    Ok(Form::new(|s| s.settings.title, fields, target))
}

/// Save what changed. Every value is checked first: when one fails, its field gets the
/// reason and nothing is saved. Returns how many settings changed.
pub fn save<T>(store: &mut Store, form: &mut Form<T>) -> crate::store::Result<Result<usize, ()>> {
    let mut wanted: Vec<(&'static str, String)> = Vec::new();
    for row in ROWS {
        let Some(field) = form.fields.field(row.field) else {
            continue;
        };
        let value = match &row.shape {
            Shape::Text { .. } => field.text_value().trim().to_string(),
            Shape::Choice { codes, .. } => codes
                .get(field.choice_index())
                .copied()
                .unwrap_or_default()
                .to_string(),
        };
        wanted.push((row.key, value));
    }
    // Each text field checks itself (the same checks as `shtab settings set`).
    form.run_checks();
    if let Some(first) = form.fields.iter().position(|f| f.error.is_some()) {
        form.focus = first;
        return Ok(Err(()));
    }
    let mut changed = 0;
    for (key, value) in wanted {
        if store.setting_or_default(key)? == value {
            continue;
        }
        store.set_checked(key, &value).map_err(|e| match e {
            crate::store::settings::SettingError::Store(e) => e,
            // Checked above: a value that passed cannot fail here.
            _ => crate::store::StoreError::Refused(Refusal::Conflict),
        })?;
        changed += 1;
    }
    Ok(Ok(changed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::widgets::form::Value;

    fn set_text(form: &mut Form<()>, k: SettingField, value: &str) {
        if let Some(Value::Text(input)) = form.field_mut(k).map(|f| &mut f.value) {
            *input = crate::widgets::Input::new(value);
        }
    }

    #[test]
    fn the_form_shows_the_settings_and_saves_what_changed() {
        let mut store = Store::open_in_memory().unwrap();
        let mut f = form(&store, ()).unwrap();
        assert_eq!(f.fields.len(), ROWS.len());
        assert_eq!(f.text(F::HqNameKy), store.hq_name(Lang::Ky).unwrap());
        set_text(&mut f, F::City, "Кант");
        set_text(&mut f, F::SmtpHost, "smtp.kant.kg");
        assert_eq!(save(&mut store, &mut f).unwrap(), Ok(2));
        assert_eq!(store.city().unwrap(), "Кант");
        assert_eq!(
            store.setting_or_default("smtp.host").unwrap(),
            "smtp.kant.kg"
        );
        let mut again = form(&store, ()).unwrap();
        assert_eq!(
            save(&mut store, &mut again).unwrap(),
            Ok(0),
            "nothing changed"
        );
    }

    #[test]
    fn a_bad_value_saves_nothing_and_its_field_says_why() {
        let mut store = Store::open_in_memory().unwrap();
        let mut f = form(&store, ()).unwrap();
        set_text(&mut f, F::City, "Кант");
        set_text(&mut f, F::SmtpFrom, "not an address");
        set_text(&mut f, F::ExtensionCap, "11");
        assert_eq!(save(&mut store, &mut f).unwrap(), Err(()));
        assert!(
            f.focused_is(F::ExtensionCap),
            "the focus goes to the first field in error"
        );
        let ru = Lang::Ru.strings();
        assert_eq!(
            f.fields.error(F::SmtpFrom).map(|e| e(ru)),
            Some(ru.settings.err_address)
        );
        assert_eq!(store.city().unwrap(), "Токмок", "nothing saved");
    }

    #[test]
    fn the_timeout_is_seconds_from_1_to_300() {
        let mut store = Store::open_in_memory().unwrap();
        let mut f = form(&store, ()).unwrap();
        assert_eq!(f.text(F::SmtpTimeout), "30", "the default shown");
        let ky = Lang::Ky.strings();
        for bad in ["0", "301", "30s"] {
            set_text(&mut f, F::SmtpTimeout, bad);
            assert_eq!(save(&mut store, &mut f).unwrap(), Err(()), "{bad}");
            assert_eq!(
                f.fields.error(F::SmtpTimeout).map(|e| e(ky)),
                Some(ky.settings.err_timeout)
            );
        }
        set_text(&mut f, F::SmtpTimeout, "90");
        assert_eq!(save(&mut store, &mut f).unwrap(), Ok(1));
        assert_eq!(store.setting_or_default("smtp.timeout").unwrap(), "90");
    }

    #[test]
    fn a_bad_value_is_marked_on_leaving_its_field_and_save_is_refused() {
        let mut store = Store::open_in_memory().unwrap();
        let mut f = form(&store, ()).unwrap();
        f.focus = f.fields.index_of(F::ExtensionCap).unwrap();
        set_text(&mut f, F::ExtensionCap, "11");
        assert!(f.fields.error(F::ExtensionCap).is_none());
        f.next_field();
        assert!(f.focused_is(F::SmtpHost));
        let ky = Lang::Ky.strings();
        assert_eq!(
            f.fields.error(F::ExtensionCap).map(|e| e(ky)),
            Some(ky.settings.err_cap),
            "marked on leaving, in the user's language"
        );
        assert!(f.fields.error(F::SmtpHost).is_none(), "not left yet");
        set_text(&mut f, F::City, "Кант");
        assert_eq!(save(&mut store, &mut f).unwrap(), Err(()));
        assert!(f.focused_is(F::ExtensionCap));
        assert_eq!(store.city().unwrap(), "Токмок", "nothing saved");
    }

    #[test]
    fn choices_store_their_codes() {
        let mut store = Store::open_in_memory().unwrap();
        let mut f = form(&store, ()).unwrap();
        f.field_mut(F::Quorum).unwrap().value = Value::Choice {
            index: 1,
            choices: Choices::Fixed(|s| &s.settings.quorum_rules),
        };
        assert_eq!(save(&mut store, &mut f).unwrap(), Ok(1));
        assert_eq!(
            store.setting_or_default("quorum_rule").unwrap(),
            "two_thirds"
        );
    }

    #[test]
    fn every_setting_field_is_one_row() {
        for (i, row) in ROWS.iter().enumerate() {
            assert_eq!(
                usize::from(crate::widgets::form::FieldKey::id(row.field)),
                i
            );
        }
        assert_eq!(ROWS.len(), F::SmtpTimeout as usize + 1);
    }

    #[test]
    fn every_row_is_a_known_setting() {
        for row in ROWS {
            assert!(
                crate::store::settings::definition(row.key).is_some(),
                "{}",
                row.key
            );
        }
        for lang in Lang::ALL {
            let s = lang.strings();
            assert_eq!(s.settings.papers_langs.len(), 2);
            assert_eq!(s.settings.tls_modes.len(), 3);
        }
    }
}
