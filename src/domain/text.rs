//! Kyrgyz alphabet order and Cyrillic search folding.
//!
//! Plain code-point order puts Ё before А and Ң, Ө, Ү after Я; the HQ's lists
//! must read in the order of the Kyrgyz alphabet, which also orders Russian right.

use std::cmp::Ordering;
use std::iter::Peekable;
use std::str::Chars;

/// Lower-case letters of the Kyrgyz alphabet followed by the Russian-only ones
/// in their places (Щ, Ъ, Ь, Э come in the Russian sequence).
const CYRILLIC_ORDER: &str = "аәбвгғдеёжҗзийкқлмнңоөпрстуүұфхһцчшщъыіьэюя";

fn cyrillic_rank(c: char) -> Option<u32> {
    CYRILLIC_ORDER
        .chars()
        .position(|x| x == c)
        .map(|p| p as u32)
}

/// One unit of comparison: punctuation < numbers < Latin < Cyrillic < anything else.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Unit {
    Space,
    Punct(u32),
    /// A run of digits, compared by value (so "№5" comes before "№12").
    Number(usize, String),
    Latin(u32),
    Cyrillic(u32),
    Other(u32),
}

fn lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

struct Units<'a> {
    chars: Peekable<Chars<'a>>,
}

impl Iterator for Units<'_> {
    type Item = Unit;
    fn next(&mut self) -> Option<Unit> {
        let c = self.chars.next()?;
        if c.is_ascii_digit() {
            let mut digits = String::from(c);
            while let Some(&d) = self.chars.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                digits.push(d);
                self.chars.next();
            }
            let trimmed = digits.trim_start_matches('0').to_string();
            return Some(Unit::Number(trimmed.len(), trimmed));
        }
        if c.is_whitespace() {
            return Some(Unit::Space);
        }
        let l = lower(c);
        if l.is_ascii_lowercase() {
            return Some(Unit::Latin(l as u32));
        }
        if let Some(r) = cyrillic_rank(l) {
            return Some(Unit::Cyrillic(r));
        }
        if !c.is_alphanumeric() {
            return Some(Unit::Punct(c as u32));
        }
        Some(Unit::Other(l as u32))
    }
}

/// Quotes and other punctuation do not count at first: «Береке» files under Б.
fn units(s: &str) -> impl Iterator<Item = Unit> + '_ {
    Units {
        chars: s.chars().peekable(),
    }
    .filter(|u| !matches!(u, Unit::Punct(_)))
}

/// Compare two strings in Kyrgyz alphabet order, case-insensitively first.
/// Strings that differ only in case are ordered by code point, so the order is total.
pub fn ky_cmp(a: &str, b: &str) -> Ordering {
    units(a).cmp(units(b)).then_with(|| a.cmp(b))
}

/// Fold text for searching: lower case (all of Unicode, not only ASCII) and ё → е.
pub fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect()
}

/// Does `haystack` contain every whitespace-separated word of `needle`, folded?
pub fn matches_all_words(haystack_folded: &str, needle: &str) -> bool {
    fold(needle)
        .split_whitespace()
        .all(|w| haystack_folded.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(words: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = words.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| ky_cmp(a, b));
        v
    }

    #[test]
    fn kyrgyz_letters_follow_their_base_letters() {
        // Each pair: the first must sort before the second.
        let cases = [
            ("Нарын", "Ңоо"),
            ("Ңоо", "Ордо"),
            ("Ордо", "Өрнөк"),
            ("Өрнөк", "Пайыз"),
            ("Улан", "Үмүт"),
            ("Үмүт", "Фабрика"),
            ("Ешим", "Ёлка"),
            ("Ёлка", "Жаңы"),
            ("Яблоко", "яя"),
            ("абай", "Абайлар"),
            ("№5 мектеп", "№12 мектеп"),
            ("«Береке» ТЖМЭШ", "Бирлик"),
            ("Атабек", "Ата-Түрк"),
            ("School", "Мектеп"),
            ("", "а"),
        ];
        for (a, b) in cases {
            assert_eq!(ky_cmp(a, b), Ordering::Less, "{a} < {b}");
            assert_eq!(ky_cmp(b, a), Ordering::Greater, "{b} > {a}");
        }
    }

    #[test]
    fn case_insensitive_first() {
        assert_eq!(
            sorted(&["өрүк", "Орус", "ОРДО", "Өмүр"]),
            vec!["ОРДО", "Орус", "Өмүр", "өрүк"]
        );
        assert_eq!(ky_cmp("Абай", "Абай"), Ordering::Equal);
        assert_ne!(ky_cmp("Абай", "абай"), Ordering::Equal);
    }

    #[test]
    fn russian_orders_correctly_too() {
        assert_eq!(
            sorted(&[
                "Яковлев",
                "Ёлкин",
                "Ершов",
                "Жуков",
                "Абрамов",
                "Щукин",
                "Шилов"
            ]),
            vec![
                "Абрамов",
                "Ершов",
                "Ёлкин",
                "Жуков",
                "Шилов",
                "Щукин",
                "Яковлев"
            ]
        );
    }

    #[test]
    fn fold_handles_cyrillic() {
        assert_eq!(fold("ӨРНӨК"), "өрнөк");
        assert_eq!(fold("ҢҮӨ Ёж"), "ңүө еж");
        assert!(matches_all_words(&fold("№5 орто мектеби"), "МЕКТЕБИ №5"));
        assert!(!matches_all_words(&fold("№5 орто мектеби"), "гимназия"));
    }
}

/// Characters that must never reach a terminal from the data: C0 and C1 controls (ESC
/// starts escape sequences that clear the screen, set the title or write the clipboard) and
/// the bidirectional overrides and isolates (they reorder what is shown).
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// As [`is_unsafe_char`], but a line break is fine: for checking whole printed texts.
pub fn is_unsafe_char_but_newline(c: char) -> bool {
    c != '\n' && is_unsafe_char(c)
}

/// `s` safe to print on one line: every unsafe character replaced (line breaks and tabs by
/// a space, the others by U+FFFD).
pub fn sanitize(s: &str) -> std::borrow::Cow<'_, str> {
    sanitize_with(s, false)
}

/// As [`sanitize`], keeping line breaks: for whole tables and CSV text.
pub fn sanitize_lines(s: &str) -> std::borrow::Cow<'_, str> {
    sanitize_with(s, true)
}

fn sanitize_with(s: &str, keep_newlines: bool) -> std::borrow::Cow<'_, str> {
    if !has_unsafe(s, keep_newlines) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut chars = s.chars().peekable();
    let mut out = String::with_capacity(s.len());
    while let Some(c) = chars.next() {
        out.push(match c {
            '\n' if keep_newlines => '\n',
            // CRLF line ends (CSV) stay; a lone carriage return could overwrite a line.
            '\r' if keep_newlines && chars.peek() == Some(&'\n') => '\r',
            '\n' | '\r' | '\t' => ' ',
            c if is_unsafe_char(c) => '\u{FFFD}',
            c => c,
        });
    }
    out.into()
}

/// Does `s` hold a character [`sanitize_with`] would replace? A scan of the UTF-8 bytes:
/// every unsafe character starts with a byte below 0x20, 0x7F, or one of the lead bytes
/// 0xC2 (C1 controls), 0xD8 (U+061C), 0xE2 (the bidi marks); only those look further.
/// Line breaks that stay (`keep_newlines`) do not count: a clean table is then borrowed.
fn has_unsafe(s: &str, keep_newlines: bool) -> bool {
    let b = s.as_bytes();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let mut i = 0;
    while i < b.len() {
        let unsafe_here = match b[i] {
            b'\n' => !keep_newlines,
            b'\r' => !(keep_newlines && at(i + 1) == b'\n'),
            0..=0x1F | 0x7F => true,
            0xC2 => (0x80..=0x9F).contains(&at(i + 1)),
            0xD8 => at(i + 1) == 0x9C,
            0xE2 => matches!(
                (at(i + 1), at(i + 2)),
                (0x80, 0x8E | 0x8F | 0xAA..=0xAE) | (0x81, 0xA6..=0xA9)
            ),
            _ => false,
        };
        if unsafe_here {
            return true;
        }
        i += 1;
    }
    false
}

/// `s` needs no cleaning to be printed on one line (no control or bidi character).
pub fn is_clean(s: &str) -> bool {
    !has_unsafe(s, false)
}

/// JSON text with every unsafe character that serde leaves raw (C1 controls, bidi marks)
/// written as a `\uXXXX` escape; they can stand only inside strings, so the JSON means the same.
pub fn escape_json_unsafe(json: &str) -> std::borrow::Cow<'_, str> {
    if !json
        .chars()
        .any(|c| is_unsafe_char(c) && !matches!(c, '\n' | '\r' | '\t'))
    {
        return std::borrow::Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_unsafe_char(c) && !matches!(c, '\n' | '\r' | '\t') {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out.into()
}

#[cfg(test)]
mod sanitize_tests {
    use super::*;

    #[test]
    fn escape_sequences_and_bidi_overrides_are_replaced() {
        let evil = "a\u{1b}]52;c;ZXZpbA==\u{7}b\u{1b}[2J\u{202E}c\u{9b}d";
        let clean = sanitize(evil);
        assert!(!clean.chars().any(is_unsafe_char), "{clean:?}");
        assert!(clean.starts_with('a') && clean.ends_with('d'));
        assert_eq!(sanitize("Жаңы уюм"), "Жаңы уюм");
        assert_eq!(sanitize_lines("x\ny\u{1b}"), "x\ny\u{FFFD}");
        assert_eq!(sanitize("x\ny"), "x y");
        assert_eq!(sanitize_lines("a,b\r\nc\rd\r\n"), "a,b\r\nc d\r\n");
        // A clean text of many lines is passed through as it is, not copied.
        let table = "№  ИШ\n1  Жаңы\r\n2  уюм\n";
        assert!(matches!(sanitize_lines(table), std::borrow::Cow::Borrowed(t) if t == table));
        assert_eq!(sanitize_lines("a\r"), "a ");
    }

    /// The byte scan finds exactly what the character check finds, over every code point
    /// near the unsafe ones and their neighbours in a text.
    #[test]
    fn the_byte_scan_agrees_with_the_character_check() {
        let ranges = [0u32..0x300, 0x600..0x640, 0x2000..0x2100, 0x4E00..0x4E10];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            for text in [format!("{c}"), format!("Жаңы {c}уюм"), format!("a{c}\n")] {
                let by_char = text.chars().any(is_unsafe_char);
                assert_eq!(has_unsafe(&text, false), by_char, "{:X}", c as u32);
                let by_char_lines = text.char_indices().any(|(i, x)| {
                    is_unsafe_char(x)
                        && x != '\n'
                        && !(x == '\r' && text[i + 1..].starts_with('\n'))
                });
                assert_eq!(has_unsafe(&text, true), by_char_lines, "{:X}", c as u32);
            }
        }
        assert!(is_clean("«№5 мектеп» — Өрнөк"));
        assert!(!is_clean("a\u{2067}b"));
    }

    #[test]
    fn json_escapes_what_serde_leaves_raw() {
        let json = serde_json::to_string("a\u{202E}b\u{9b}c\u{1b}").unwrap();
        let safe = escape_json_unsafe(&json);
        assert!(!safe.chars().any(is_unsafe_char), "{safe}");
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, "a\u{202E}b\u{9b}c\u{1b}");
    }
}
