//! UI text, one static table per language: a missing translation is a compile error.
//! Every table has one layout: a file per topic holding its struct and a value per
//! language (the root `Strings` in `common.rs`, the topics hanging off it); a text with
//! placeholders is a [`Tpl`], its count checked by the compiler.

pub mod agenda;
mod common;
pub mod compliance;
pub mod mail;
pub mod papers;
pub mod plan;
pub mod protocol;
pub mod rules;
pub mod settings;
pub mod tasks;
mod tpl;
pub use common::Strings;
pub use tpl::{FileTpl, Tpl};
#[cfg(test)]
mod tpl_tests;
pub mod trend;
pub mod trend_ui;
pub mod ui;
pub mod upgrade;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Ky,
    Ru,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Ky, Lang::Ru, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ky => "ky",
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    pub fn from_code(s: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == s)
    }

    pub fn next(self) -> Lang {
        match self {
            Lang::Ky => Lang::Ru,
            Lang::Ru => Lang::En,
            Lang::En => Lang::Ky,
        }
    }

    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::Ky => &common::KY,
            Lang::Ru => &common::RU,
            Lang::En => &common::EN,
        }
    }

    /// From a locale such as `ky_KG.UTF-8` or `ru_RU.UTF-8`; anything else is English.
    pub fn from_locale(locale: &str) -> Lang {
        let l = locale.to_ascii_lowercase();
        if l.starts_with("ky") {
            Lang::Ky
        } else if l.starts_with("ru") {
            Lang::Ru
        } else {
            Lang::En
        }
    }

    /// `LC_ALL` wins over `LANG`, as in POSIX.
    pub fn from_env() -> Lang {
        let pick = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        pick("LC_ALL")
            .or_else(|| pick("LANG"))
            .map(|v| Lang::from_locale(&v))
            .unwrap_or(Lang::En)
    }
}

/// Fill `{0}`, `{1}` … in a template, and `{0:task|tasks}` with the word that agrees with
/// the number `{0}` (see [`plural`]). Private: code outside `i18n` fills through a typed
/// [`Tpl`] (or, for a template read from a file, [`FileTpl`]).
fn fill(template: &str, args: &[&dyn std::fmt::Display]) -> String {
    let mut out = template.to_string();
    for (i, a) in args.iter().enumerate() {
        let value = a.to_string();
        out = out.replace(&format!("{{{i}}}"), &value);
        let open = format!("{{{i}:");
        while let Some(at) = out.find(&open) {
            let Some(len) = out[at..].find('}') else {
                break;
            };
            let forms = &out[at + open.len()..at + len];
            let word = value
                .trim()
                .parse::<i64>()
                .map_or(forms.rsplit('|').next().unwrap_or(""), |n| plural(n, forms));
            out = format!("{}{}{}", &out[..at], word, &out[at + len + 1..]);
        }
    }
    out
}

/// The form of a word that agrees with `n`, from "one|many" (English), "one|few|many"
/// (Russian: 1, 21 задача; 2–4, 22 задачи; 5–20, 11–14 задач) or one form (Kyrgyz: a
/// noun after a number does not change, "5 тапшырма").
pub fn plural(n: i64, forms: &str) -> &str {
    let f: Vec<&str> = forms.split('|').collect();
    let n = n.unsigned_abs();
    match f.as_slice() {
        [one] => one,
        [one, many] => {
            if n == 1 {
                one
            } else {
                many
            }
        }
        [one, few, many, ..] => {
            let (d, dd) = (n % 10, n % 100);
            if d == 1 && dd != 11 {
                one
            } else if (2..=4).contains(&d) && !(12..=14).contains(&dd) {
                few
            } else {
                many
            }
        }
        [] => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_picks_language() {
        assert_eq!(Lang::from_locale("ky_KG.UTF-8"), Lang::Ky);
        assert_eq!(Lang::from_locale("ru_RU.UTF-8"), Lang::Ru);
        assert_eq!(Lang::from_locale("C.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale(""), Lang::En);
        for l in Lang::ALL {
            assert_eq!(Lang::from_code(l.code()), Some(l));
        }
        assert_eq!(Lang::Ky.next().next().next(), Lang::Ky);
    }

    #[test]
    fn fill_puts_each_value_in_its_place() {
        assert_eq!(fill("{0}/{1}", &[&1, &"x"]), "1/x");
        assert_eq!(fill("{1} {0} {1}", &[&1, &"x"]), "x 1 x");
        // A file's template may leave a placeholder out, or have one past the values.
        assert_eq!(FileTpl("№ {2}").fill(&[&"a", &"b", &7]), "№ 7");
        assert_eq!(FileTpl("{0} {1}").fill(&[&"a"]), "a {1}");
    }

    #[test]
    fn plurals_agree_with_the_number() {
        let ru = "{0} {0:поручение|поручения|поручений}";
        for (n, want) in [
            (1, "1 поручение"),
            (2, "2 поручения"),
            (4, "4 поручения"),
            (5, "5 поручений"),
            (11, "11 поручений"),
            (12, "12 поручений"),
            (21, "21 поручение"),
            (22, "22 поручения"),
            (111, "111 поручений"),
            (0, "0 поручений"),
        ] {
            assert_eq!(fill(ru, &[&n]), want);
        }
        assert_eq!(fill("{0} {0:task|tasks}", &[&1]), "1 task");
        assert_eq!(fill("{0} {0:task|tasks}", &[&3]), "3 tasks");
        assert_eq!(fill("{0} {0:тапшырма}", &[&3]), "3 тапшырма");
        assert_eq!(fill("{1}: {0:day|days} {0}", &[&1, &"x"]), "x: day 1");
        // Every template of every language reads right with 1 and 5: no "1 tasks".
        for l in Lang::ALL {
            let s = l.strings();
            for n in [1, 5] {
                for text in [
                    s.agenda.msg_planned.filled_with(n),
                    s.agenda.ag_links.filled_with(n),
                    s.plan.risk_reason.filled_with(n),
                    s.plan.err_import_rows.filled_with(n),
                ] {
                    assert!(!text.contains('{') && !text.contains('|'), "{text}");
                    assert!(!text.contains("1 tasks") && !text.contains("(s)"), "{text}");
                }
            }
        }
    }
}
