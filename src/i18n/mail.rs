//! The words of the e-mails Shtab sends: subjects and bodies, in the paper's language
//! (a message goes out in one language, like the paper it carries).

use super::Lang;

pub struct MailStrings {
    /// Extract subject: "{0}" the protocol's number (12/2026), "{1}" its date.
    pub extract_subject: &'static str,
    /// Extract body: {0} the HQ's name in the genitive, {1} the protocol's number, {2} its
    /// date, {3} the points, {4} the attached file's name.
    pub extract_body: &'static str,
    /// Letter subject: {0} the kind of letter, {1} its outgoing number, {2} its date.
    pub letter_subject: &'static str,
    /// Letter body: {0} the kind of letter, {1} its outgoing number, {2} its date, {3} the file.
    pub letter_body: &'static str,
    /// The kinds of letters for a subject: reminder, warning, summons, cover letter.
    pub letter_kinds: [&'static str; 4],
    /// The signature under every message: {0} the HQ's name.
    pub signature: &'static str,
}

const KY: MailStrings = MailStrings {
    extract_subject: "№ {0} протоколдон көчүрмө ({1})",
    extract_body: "Урматтуу кесиптештер!\n\n\
        {0} {2} отурумунун № {1} протоколунан көчүрмө жиберилет. Сиздердин уюмга тиешелүү \
        пункттар: {3}.\n\nКөчүрмө тиркелген файлда: {4}.\n\n\
        Тапшырмаларды аткарууга алып, аткарылышы жөнүндө белгиленген мөөнөттө маалымдап \
        турууну суранабыз.",
    letter_subject: "{0} № {1}, {2}",
    letter_body: "Урматтуу жетекчи!\n\n{2} күнкү № {1} «{0}» каты тиркелген файлда жиберилет: {3}.",
    letter_kinds: ["Эскертме", "Эскертүү", "Чакыруу", "Коштомо кат"],
    signature: "Штабдын катчысы\n{0}",
};

const RU: MailStrings = MailStrings {
    extract_subject: "Выписка из протокола № {0} от {1}",
    extract_body: "Уважаемые коллеги!\n\n\
        Направляем выписку из протокола № {1} заседания {0} от {2}. Пункты, касающиеся \
        вашей организации: {3}.\n\nВыписка — во вложенном файле: {4}.\n\n\
        Просим принять поручения к исполнению и сообщать о ходе их исполнения в \
        установленные сроки.",
    letter_subject: "{0} № {1} от {2}",
    letter_body: "Уважаемый руководитель!\n\nНаправляем письмо «{0}» № {1} от {2} — во вложенном файле: {3}.",
    letter_kinds: [
        "Напоминание",
        "Предупреждение",
        "Вызов на заседание",
        "Сопроводительное письмо",
    ],
    signature: "Секретарь штаба\n{0}",
};

/// Messages go out in Kyrgyz or Russian (English is for screens only, as for papers).
pub fn strings(lang: Lang) -> &'static MailStrings {
    match lang {
        Lang::Ru => &RU,
        Lang::Ky | Lang::En => &KY,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every placeholder a template promises is there, in both languages.
    #[test]
    fn templates_carry_their_placeholders() {
        for lang in [Lang::Ky, Lang::Ru] {
            let s = strings(lang);
            for (t, n) in [
                (s.extract_subject, 2),
                (s.extract_body, 5),
                (s.letter_subject, 3),
                (s.letter_body, 4),
                (s.signature, 1),
            ] {
                for i in 0..n {
                    assert!(
                        t.contains(&format!("{{{i}}}")),
                        "{lang:?} {t:?} lacks {{{i}}}"
                    );
                }
                assert!(
                    !t.contains(&format!("{{{n}}}")),
                    "{lang:?} {t:?} has too many"
                );
            }
        }
    }
}
