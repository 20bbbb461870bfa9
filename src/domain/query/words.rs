//! The query line's words in Kyrgyz and Russian beside the English codes: `түрү:мектеп`,
//! `вид:школа`, `статус:просрочено` mean `kind:school`, `kind:school`, `status:overdue`.
//! Several words of a value are joined by `_` (or quoted): `статус:в_работе`.

use super::Key;
use crate::domain::text::fold;

/// The language whose words completion offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Words {
    En,
    Ru,
    Ky,
}

/// (key, Russian, Kyrgyz) names of the keys.
const KEYS: &[(Key, &str, &str)] = &[
    (Key::Status, "статус", "абалы"),
    (Key::Org, "орг", "уюм"),
    (Key::Kind, "вид", "түрү"),
    (Key::Due, "срок", "мөөнөт"),
    (Key::Session, "заседание", "отурум"),
    (Key::Measure, "мероприятие", "иш-чара"),
    (Key::Controller, "контроль", "көзөмөл"),
    (Key::Sort, "порядок", "иреттөө"),
];

/// (key, English code, Russian words, Kyrgyz words): the first word of each is offered.
const VALUES: &[(Key, &str, &[&str], &[&str])] = &[
    (Key::Status, "open", &["открыто", "открытые"], &["ачык"]),
    (
        Key::Status,
        "overdue",
        &["просрочено", "просроченные"],
        &["мөөнөтү_өттү", "өткөн"],
    ),
    (Key::Status, "done", &["исполнено"], &["аткарылды"]),
    (Key::Status, "closed", &["закрыто"], &["жабык"]),
    (Key::Status, "assigned", &["назначено"], &["берилди"]),
    (Key::Status, "in_progress", &["в_работе"], &["аткарылууда"]),
    (
        Key::Status,
        "extension_requested",
        &["продление"],
        &["узартуу"],
    ),
    (Key::Status, "done_on_time", &["в_срок"], &["өз_убагында"]),
    (Key::Status, "done_late", &["с_опозданием"], &["кечигип"]),
    (
        Key::Status,
        "cancelled",
        &["отменено"],
        &["жокко_чыгарылды"],
    ),
    (
        Key::Kind,
        "public_body",
        &["госорган"],
        &["мамлекеттик_орган"],
    ),
    (Key::Kind, "enterprise", &["предприятие"], &["ишкана"]),
    (Key::Kind, "organization", &["организация"], &["уюм"]),
    (Key::Kind, "institution", &["учреждение"], &["мекеме"]),
    (
        Key::Kind,
        "school",
        &["школа", "учебное_заведение"],
        &["мектеп", "окуу_жай"],
    ),
    (Key::Kind, "hoa", &["тсж"], &["тжмэш", "тжчб"]),
    (Key::Kind, "condominium", &["кондоминиум"], &["кондоминиум"]),
    (
        Key::Kind,
        "house_management",
        &["домоуправление"],
        &["үй_башкармалыгы"],
    ),
    (Key::Kind, "tos", &["тос"], &["акөб"]),
    (
        Key::Kind,
        "quarter_committee",
        &["квартальный_комитет"],
        &["кварталдык_комитет"],
    ),
    (Key::Due, "today", &["сегодня"], &["бүгүн"]),
    (Key::Controller, "me", &["я"], &["мен"]),
    (Key::Controller, "any", &["любой"], &["каалаган"]),
    (Key::Controller, "none", &["нет"], &["жок"]),
    (Key::Sort, "deadline", &["срок"], &["мөөнөт"]),
    (Key::Sort, "-deadline", &["-срок"], &["-мөөнөт"]),
    (Key::Sort, "number", &["номер"], &["номер"]),
    (Key::Sort, "-number", &["-номер"], &["-номер"]),
];

/// A word as it is compared: folded, spaces as `_`.
fn norm(s: &str) -> String {
    fold(s.trim()).replace(' ', "_")
}

/// The key a word names in any of the three languages.
pub fn key(word: &str) -> Option<Key> {
    let w = norm(word);
    Key::ALL.into_iter().find(|k| k.name() == w).or_else(|| {
        KEYS.iter()
            .find(|(_, ru, ky)| norm(ru) == w || norm(ky) == w)
            .map(|(k, _, _)| *k)
    })
}

/// The English code of a value word of `key` (the word itself when it is no Kyrgyz or
/// Russian word: English codes and free values pass through).
pub fn value(key: Key, word: &str) -> String {
    let w = norm(word);
    VALUES
        .iter()
        .filter(|(k, ..)| *k == key)
        .find(|(_, _, ru, ky)| ru.iter().chain(ky.iter()).any(|x| norm(x) == w))
        .map_or_else(|| word.to_string(), |(_, code, ..)| code.to_string())
}

/// The name of a key in `lang`.
pub fn key_name(key: Key, lang: Words) -> &'static str {
    let (_, ru, ky) =
        KEYS.iter()
            .find(|(k, ..)| *k == key)
            .copied()
            .unwrap_or((key, key.name(), key.name()));
    match lang {
        Words::En => key.name(),
        Words::Ru => ru,
        Words::Ky => ky,
    }
}

/// The values of `key` completion offers in `lang`, each as (English code, word); None
/// when the key has no words (its English values are offered).
pub fn values(key: Key, lang: Words) -> Option<Vec<(&'static str, &'static str)>> {
    let list: Vec<(&'static str, &'static str)> = VALUES
        .iter()
        .filter(|(k, ..)| *k == key)
        .filter_map(|(_, code, ru, ky)| match lang {
            Words::En => None,
            Words::Ru => ru.first().map(|w| (*code, *w)),
            Words::Ky => ky.first().map(|w| (*code, *w)),
        })
        .collect();
    (!list.is_empty()).then_some(list)
}
