//! Templates whose placeholders are counted by the compiler: a `Tpl<N>` is made by a
//! `const fn` that fails the build when the text does not use exactly `{0}`..`{N-1}` (a
//! plural `{0:form|forms}` counts as `{0}`), and it is filled from exactly N values.
//!
//! ```compile_fail
//! use shtab::i18n::Tpl;
//! // Two placeholders in a template declared with one: the build fails.
//! const T: Tpl<1> = Tpl::new("{0} of {1}");
//! ```
//!
//! ```
//! use shtab::i18n::Tpl;
//! const T: Tpl<2> = Tpl::new("{0} of {1:task|tasks}");
//! assert_eq!(T.fill([&1, &2]), "1 of tasks");
//! ```

use std::fmt::Display;

/// A template of N placeholders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tpl<const N: usize>(&'static str);

impl<const N: usize> Tpl<N> {
    /// Refuses (at compile time, in a `const`) a text whose placeholders are not
    /// exactly `{0}`..`{N-1}`, each used at least once.
    pub const fn new(text: &'static str) -> Self {
        assert!(
            matches!(placeholders(text), Some(n) if n == N),
            "a template must use exactly the placeholders 0..N-1 (see i18n::tpl)"
        );
        Tpl(text)
    }

    /// The text with `{k}` put in from `args[k]` (and plurals agreed with the number).
    pub fn fill(self, args: [&dyn Display; N]) -> String {
        super::fill(self.0, &args)
    }

    /// Every placeholder filled with `n` (a table-walking test reads each text whole).
    #[cfg(test)]
    pub(super) fn filled_with(self, n: i64) -> String {
        super::fill(self.0, &[&n as &dyn Display; N])
    }

    /// The raw text (for tests that compare templates).
    pub const fn text(self) -> &'static str {
        self.0
    }
}

/// A template read at run time — the secretary's `protocol_template.txt` over the built-in
/// one — so the compiler cannot count its placeholders, and a line may leave some out (the
/// Russian title prints only the number). The one untyped fill, kept apart and named: the
/// string tables use [`Tpl`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileTpl<'a>(pub &'a str);

impl FileTpl<'_> {
    /// The text with `{k}` put in from `args[k]`; a placeholder past the arguments is left.
    pub fn fill(self, args: &[&dyn Display]) -> String {
        super::fill(self.0, args)
    }
}

/// The number of placeholders `{0}`..`{n-1}` in `text` when every index below the largest
/// is used; `None` when one is skipped or a brace holds something else than an index
/// (with an optional `:forms`). `{{`-style escapes are not used in the tables.
pub const fn placeholders(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut seen: u64 = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'{' {
            let mut j = i + 1;
            let mut n: usize = 0;
            let mut digits = 0;
            while j < b.len() && b[j].is_ascii_digit() {
                n = n * 10 + (b[j] - b'0') as usize;
                digits += 1;
                j += 1;
            }
            if digits == 0 || n >= 64 || j >= b.len() || (b[j] != b'}' && b[j] != b':') {
                return None;
            }
            while j < b.len() && b[j] != b'}' {
                j += 1;
            }
            if j >= b.len() {
                return None;
            }
            seen |= 1 << n;
            i = j;
        }
        i += 1;
    }
    // Used indices must be 0..n with none skipped.
    if seen & (seen.wrapping_add(1)) != 0 {
        return None;
    }
    Some(seen.count_ones() as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_indices_and_plural_forms() {
        assert_eq!(placeholders("no placeholder"), Some(0));
        assert_eq!(placeholders("{0} and {1}"), Some(2));
        assert_eq!(placeholders("{1} before {0}, {0} again"), Some(2));
        assert_eq!(placeholders("{0} {0:задача|задачи|задач}"), Some(1));
    }

    #[test]
    fn refuses_gaps_and_strange_braces() {
        assert_eq!(placeholders("{0} and {2}"), None);
        assert_eq!(placeholders("{name}"), None);
        assert_eq!(placeholders("{0"), None);
        assert_eq!(placeholders("{}"), None);
    }

    #[test]
    fn fills_from_exactly_n_values() {
        const T: Tpl<2> = Tpl::new("{0}: {1} {1:задача|задачи|задач}");
        assert_eq!(T.fill([&"№5", &3]), "№5: 3 задачи");
        assert_eq!(T.text(), "{0}: {1} {1:задача|задачи|задач}");
    }
}
