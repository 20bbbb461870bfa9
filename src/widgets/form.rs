//! A form of labelled fields: text inputs and choices, with an error per field.

use crate::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use super::Input;
use crate::i18n::Strings;

mod check;
mod keys;
pub mod paper;
pub use check::{Check, run_checks};
pub(crate) use keys::field_keys;
pub use keys::{FieldKey, Fields, Key};

pub type Label = fn(&Strings) -> &'static str;

/// The options of a choice field.
#[derive(Debug, Clone)]
pub enum Choices {
    /// A fixed list from the language table (kinds, roles, weekdays …).
    Fixed(fn(&Strings) -> &[&'static str]),
    /// Records by (id, name); index 0 is "none".
    Records(Vec<(i64, String)>),
    /// Records by (id, name, folded text to search: e.g. the Kyrgyz and the Russian name);
    /// index 0 is "none". Typing filters: the choice jumps to the first record whose text
    /// holds every typed word, and ←/→ step through the matches only.
    Searchable(Vec<(i64, String, String)>),
}

impl Choices {
    pub fn len(&self) -> usize {
        match self {
            Choices::Fixed(f) => f(crate::i18n::Lang::En.strings()).len(),
            Choices::Records(v) => v.len() + 1,
            Choices::Searchable(v) => v.len() + 1,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn label(&self, i: usize, s: &Strings) -> String {
        match self {
            Choices::Fixed(f) => f(s).get(i).copied().unwrap_or("").to_string(),
            Choices::Records(v) => match i {
                0 => s.none_choice.to_string(),
                i => v.get(i - 1).map(|o| o.1.clone()).unwrap_or_default(),
            },
            Choices::Searchable(v) => match i {
                0 => s.none_choice.to_string(),
                i => v.get(i - 1).map(|o| o.1.clone()).unwrap_or_default(),
            },
        }
    }

    /// Does option `i` match the typed `query` (every word, folded, anywhere in the name)?
    /// An empty query matches everything. A fixed option matches by its name in any of the
    /// UI languages; "none" (index 0 of records) matches only an empty query.
    pub fn matches(&self, i: usize, query: &str) -> bool {
        use crate::domain::text::matches_all_words as all;
        if query.trim().is_empty() {
            return true;
        }
        match self {
            Choices::Searchable(v) => i > 0 && v.get(i - 1).is_some_and(|o| all(&o.2, query)),
            Choices::Records(v) => i > 0 && v.get(i - 1).is_some_and(|o| all(&o.1, query)),
            Choices::Fixed(f) => crate::i18n::Lang::ALL
                .iter()
                .any(|l| f(l.strings()).get(i).is_some_and(|n| all(n, query))),
        }
    }

    /// The record id at `index`, for `Records` (None for "none").
    pub fn id_at(&self, index: usize) -> Option<i64> {
        match self {
            Choices::Records(v) if index > 0 => v.get(index - 1).map(|o| o.0),
            Choices::Searchable(v) if index > 0 => v.get(index - 1).map(|o| o.0),
            _ => None,
        }
    }

    /// The index of record `id` (0, "none", when absent).
    pub fn index_of(&self, id: Option<i64>) -> usize {
        match (self, id) {
            (Choices::Records(v), Some(id)) => {
                v.iter().position(|o| o.0 == id).map_or(0, |i| i + 1)
            }
            (Choices::Searchable(v), Some(id)) => {
                v.iter().position(|o| o.0 == id).map_or(0, |i| i + 1)
            }
            _ => 0,
        }
    }
}

#[derive(Debug, Clone)]
pub enum Value {
    Text(Input),
    Choice { index: usize, choices: Choices },
}

#[derive(Debug, Clone)]
pub struct Field {
    pub label: Label,
    pub hint: Option<Label>,
    pub value: Value,
    /// Message of the last validation, if it failed.
    pub error: Option<Label>,
    /// What was typed to find an option of a `Searchable` choice.
    pub query: Input,
    /// The field's name in its form (see [`Fields`]); None for a form read by position.
    pub key: Option<Key>,
    /// The field's own check, run on leaving it and on save (see [`Field::check`]).
    pub check: Option<Check>,
}

impl Field {
    pub fn text(label: Label, value: &str) -> Field {
        Field {
            label,
            hint: None,
            value: Value::Text(Input::new(value)),
            error: None,
            query: Input::default(),
            key: None,
            check: None,
        }
    }

    pub fn date(label: Label, value: &str) -> Field {
        Field {
            hint: Some(|s| s.date_hint),
            ..Field::text(label, value)
        }
    }

    pub fn choice(label: Label, choices: Choices, index: usize) -> Field {
        Field {
            label,
            hint: None,
            value: Value::Choice { index, choices },
            error: None,
            query: Input::default(),
            key: None,
            check: None,
        }
    }

    pub fn text_value(&self) -> &str {
        match &self.value {
            Value::Text(i) => i.value(),
            Value::Choice { .. } => "",
        }
    }

    pub fn choice_index(&self) -> usize {
        match &self.value {
            Value::Choice { index, .. } => *index,
            Value::Text(_) => 0,
        }
    }

    /// The record chosen in a `Records` choice field.
    pub fn chosen_id(&self) -> Option<i64> {
        match &self.value {
            Value::Choice { index, choices } => choices.id_at(*index),
            Value::Text(_) => None,
        }
    }
}

/// A text field whose value follows the form's choices (a file name that follows the chosen
/// format and language) until the user types into it.
#[derive(Clone)]
pub struct Follow {
    pub field: usize,
    make: MakeValue,
}

/// How a [`Follow`] field's value is made from the form's fields.
type MakeValue = std::sync::Arc<dyn Fn(&[Field]) -> String + Send + Sync>;

impl std::fmt::Debug for Follow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Follow({})", self.field)
    }
}

#[derive(Debug, Clone)]
pub struct Form<T> {
    pub title: Label,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub dirty: bool,
    /// What saving writes to (the record and the version it was loaded at).
    pub target: T,
    /// The text of each field when the form opened: closing loses typing only if one differs.
    pub initial: Vec<String>,
    /// A field made from the choices (see [`Form::follow_file_name`]).
    pub follow: Option<Follow>,
}

impl<T> Form<T> {
    pub fn new(title: Label, fields: Vec<Field>, target: T) -> Self {
        let initial = fields.iter().map(|f| f.text_value().to_string()).collect();
        let mut form = Form {
            title,
            fields,
            focus: 0,
            dirty: false,
            target,
            initial,
            follow: None,
        };
        form.enter_field();
        form
    }

    /// Text field `field` is remade by `make` from the fields whenever a choice changes, as
    /// long as it holds what was last made (what the user typed is never replaced).
    pub fn follow_file_name(
        mut self,
        field: usize,
        make: impl Fn(&[Field]) -> String + Send + Sync + 'static,
    ) -> Self {
        self.follow = Some(Follow {
            field,
            make: std::sync::Arc::new(make),
        });
        self.refollow(None);
        self
    }

    /// Remake the following field when it still holds `made` (None: at the start).
    fn refollow(&mut self, made: Option<String>) {
        let Some(fw) = self.follow.clone() else {
            return;
        };
        let now = (fw.make)(&self.fields);
        let Some(Field {
            value: Value::Text(input),
            ..
        }) = self.fields.get_mut(fw.field)
        else {
            return;
        };
        if made.is_none_or(|m| m == input.value()) && input.value() != now {
            let selected = input.is_selected();
            *input = Input::new(&now);
            if selected {
                input.select_all();
            }
            // Made, not typed: closing loses nothing of it.
            if let Some(i) = self.initial.get_mut(fw.field) {
                *i = now;
            }
        }
    }

    /// What the following field would be made of now (before a choice changes).
    fn made_now(&self) -> Option<String> {
        self.follow.as_ref().map(|fw| (fw.make)(&self.fields))
    }

    /// Would closing now lose something typed? (A choice changed is not typing.)
    pub fn would_lose_text(&self) -> bool {
        self.fields.iter().enumerate().any(|(i, f)| {
            matches!(f.value, Value::Text(_))
                && self
                    .initial
                    .get(i)
                    .map_or(!f.text_value().is_empty(), |t| t != f.text_value())
        })
    }

    /// After a failed save: the cursor goes to the first field in error (true if any).
    pub fn focus_first_error(&mut self) -> bool {
        match self.fields.iter().position(|f| f.error.is_some()) {
            Some(i) => {
                if i != self.focus {
                    self.leave_field();
                    self.focus = i;
                    self.enter_field();
                }
                true
            }
            None => false,
        }
    }

    /// The focused field's text is selected, so typing replaces a prefilled value. Not a
    /// file's full path: typing a name there must not drop the folder it goes to.
    fn enter_field(&mut self) {
        if let Some(Field {
            value: Value::Text(i),
            ..
        }) = self.fields.get_mut(self.focus)
            && !std::path::Path::new(i.value()).is_absolute()
        {
            i.select_all();
        }
    }

    /// The field left keeps its text but not its selection, nor a search typed in a choice.
    fn leave_field(&mut self) {
        self.check_left();
        if let Some(f) = self.fields.get_mut(self.focus) {
            match &mut f.value {
                Value::Text(i) => {
                    if i.is_selected() {
                        i.end();
                    }
                }
                Value::Choice { .. } => f.query.clear(),
            }
        }
    }

    /// The same form saving into a wider target (the app's enum of all form targets).
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Form<U> {
        Form {
            title: self.title,
            fields: self.fields,
            focus: self.focus,
            dirty: self.dirty,
            target: f(self.target),
            initial: self.initial,
            follow: self.follow,
        }
    }

    pub fn next_field(&mut self) {
        if !self.fields.is_empty() {
            self.leave_field();
            self.focus = (self.focus + 1) % self.fields.len();
            self.enter_field();
        }
    }

    pub fn prev_field(&mut self) {
        if !self.fields.is_empty() {
            self.leave_field();
            self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
            self.enter_field();
        }
    }

    fn focused(&mut self) -> Option<&mut Field> {
        self.fields.get_mut(self.focus)
    }

    /// Apply an edit to the focused text field, or to what is typed to find an option of a
    /// choice (which then goes to the first match, unless the one chosen still matches).
    pub fn edit(&mut self, f: impl FnOnce(&mut Input)) {
        let made = self.made_now();
        let choice = self.choice_index_focused();
        self.edit_inner(f);
        if choice.is_some() && self.choice_index_focused() != choice {
            self.refollow(made);
        }
    }

    fn choice_index_focused(&self) -> Option<usize> {
        match self.fields.get(self.focus) {
            Some(Field {
                value: Value::Choice { index, .. },
                ..
            }) => Some(*index),
            _ => None,
        }
    }

    fn edit_inner(&mut self, f: impl FnOnce(&mut Input)) {
        if let Some(Field {
            value: Value::Choice { index, choices },
            query,
            error,
            ..
        }) = self.fields.get_mut(self.focus)
        {
            let before = query.clone();
            f(query);
            if *query != before {
                *error = None;
                let q = query.value().to_string();
                // An emptied query keeps the choice; so does one the choice still matches.
                if q.trim().is_empty() || choices.matches(*index, &q) {
                    return;
                }
                if let Some(i) = (0..choices.len()).find(|i| choices.matches(*i, &q)) {
                    *index = i;
                    self.dirty = true;
                }
            }
            return;
        }
        if let Some(Field {
            value: Value::Text(i),
            error,
            ..
        }) = self.focused()
        {
            let before = i.clone();
            f(i);
            if i.value() != before.value() {
                *error = None;
                self.dirty = true;
            }
        }
    }

    /// ←/→: step a choice, or move the cursor in a text field.
    pub fn step(&mut self, forward: bool) {
        let made = self.made_now();
        self.step_inner(forward);
        self.refollow(made);
    }

    fn step_inner(&mut self, forward: bool) {
        let Some(field) = self.focused() else { return };
        match &mut field.value {
            Value::Choice { index, choices } => {
                let n = choices.len().max(1);
                let q = field.query.value();
                // Step to the next option that matches what was typed (all, if nothing).
                for step in 1..=n {
                    let i = if forward {
                        (*index + step) % n
                    } else {
                        (*index + n - step) % n
                    };
                    if choices.matches(i, q) {
                        *index = i;
                        break;
                    }
                }
                self.dirty = true;
            }
            Value::Text(i) => {
                if forward {
                    i.right()
                } else {
                    i.left()
                }
            }
        }
    }

    /// A letter typed on a choice field is a search: it filters by any part of the names.
    pub fn jump_choice(&mut self, c: char, _s: &Strings) -> bool {
        if !matches!(
            self.fields.get(self.focus),
            Some(Field {
                value: Value::Choice { .. },
                ..
            })
        ) {
            return false;
        }
        self.edit(|q| q.insert(c));
        true
    }

    pub fn has_errors(&self) -> bool {
        has_errors(&self.fields)
    }

    /// Lines the form needs on screen (its popup is 76 wide: the body is at least 80).
    pub fn height(&self) -> u16 {
        let (_, error_w) = Self::columns(74);
        let errors: usize = self
            .fields
            .iter()
            .filter_map(|f| f.error)
            .map(|e| {
                let longest = crate::i18n::Lang::ALL
                    .iter()
                    .map(|l| error_rows(e(l.strings()), error_w).len())
                    .max();
                longest.unwrap_or(1)
            })
            .sum();
        (self.fields.len() + errors + 2) as u16
    }

    /// The label column's width and an error line's, for an inner width.
    fn columns(inner: u16) -> (u16, usize) {
        let label_w = 22u16.min(inner / 2);
        (label_w, inner.saturating_sub(label_w + 3) as usize)
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, s: &Strings) {
        frame.render_widget(Clear, area);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_type(BorderType::Rounded)
            .title(Span::styled(
                format!(" {} ", (self.title)(s)),
                Style::default().add_modifier(Modifier::BOLD),
            ))
            .border_style(theme::accent());
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let (label_w, error_w) = Self::columns(inner.width);
        let value_w = inner.width.saturating_sub(label_w + 1) as usize;
        let mut lines: Vec<Line> = Vec::new();
        let mut cursor = None;
        for (i, f) in self.fields.iter().enumerate() {
            let focused = i == self.focus;
            let label_style = if focused {
                theme::key()
            } else {
                Style::default()
            };
            let label = format!("{:>w$} ", (f.label)(s), w = label_w as usize);
            let label = elide(&label, label_w as usize + 1);
            let mut spans = vec![Span::styled(label, label_style)];
            match &f.value {
                Value::Text(input) => {
                    let (shown, col) = if focused {
                        input.visible(value_w.saturating_sub(1))
                    } else {
                        // Not typed in: a long value shows its start, cut with "…".
                        (elide(input.value(), value_w.saturating_sub(1)), 0)
                    };
                    let empty = shown.is_empty();
                    let mut style = Style::default().add_modifier(Modifier::UNDERLINED);
                    if focused && input.is_selected() {
                        style = style.add_modifier(Modifier::REVERSED);
                    }
                    spans.push(Span::styled(shown, style));
                    if empty
                        && !focused
                        && let Some(h) = f.hint
                    {
                        spans.push(Span::styled(h(s), theme::muted()));
                    }
                    if focused {
                        cursor = Some((
                            inner.x + label_w + 1 + col as u16,
                            inner.y + lines.len() as u16,
                        ));
                    }
                }
                Value::Choice { index, choices } => {
                    spans.extend(choice_spans(f, *index, choices, focused, value_w, s));
                }
            }
            lines.push(Line::from(spans));
            if let Some(e) = f.error {
                for (n, row) in error_rows(e(s), error_w).into_iter().enumerate() {
                    let mark = if n == 0 { "↳ " } else { "  " };
                    lines.push(Line::from(vec![
                        Span::raw(" ".repeat(label_w as usize + 1)),
                        Span::styled(format!("{mark}{row}"), theme::alarm()),
                    ]));
                }
            }
        }
        frame.render_widget(Paragraph::new(lines), inner);
        if let Some((x, y)) = cursor
            && x < inner.right()
            && y < inner.bottom()
        {
            frame.set_cursor_position((x, y));
        }
    }
}

/// A choice as "◀ name ▶  ⌕ search": the search typed is always shown whole (it is what
/// the user is typing), the name gives way and is cut with "…".
fn choice_spans(
    f: &Field,
    index: usize,
    choices: &Choices,
    focused: bool,
    width: usize,
    s: &Strings,
) -> Vec<Span<'static>> {
    use unicode_width::UnicodeWidthStr;
    let q = f.query.value();
    let search = if q.is_empty() && !(focused && matches!(choices, Choices::Searchable(_))) {
        String::new()
    } else {
        format!("  ⌕ {q}")
    };
    let search = elide_start(&search, width.saturating_sub(8));
    let room = width.saturating_sub(search.width() + 5);
    let style = if !q.is_empty() && !choices.matches(index, q) {
        theme::alarm()
    } else {
        theme::muted()
    };
    vec![
        Span::raw("◀ "),
        Span::styled(
            elide(&choices.label(index, s), room),
            Style::default().add_modifier(Modifier::BOLD),
        ),
        Span::raw(" ▶"),
        Span::styled(search, style),
    ]
}

/// An error message in rows of `width` cells (never cut: the form grows instead).
fn error_rows(text: &str, width: usize) -> Vec<String> {
    crate::screens::wrap_words(text, width)
}

/// `s` in `w` cells: whole, or cut with "…" at the end.
pub fn elide(s: &str, w: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    if s.width() <= w {
        return s.to_string();
    }
    if w == 0 {
        return String::new();
    }
    format!("{}…", truncate_to(s, w - 1))
}

/// `s` in `w` cells, its start given up first ("…end"): for what is being typed.
pub fn elide_start(s: &str, w: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    if s.width() <= w {
        return s.to_string();
    }
    if w == 0 {
        return String::new();
    }
    let rev: String = s.chars().rev().collect();
    let tail: String = truncate_to(&rev, w - 1).chars().rev().collect();
    format!("…{tail}")
}

pub fn has_errors(fields: &[Field]) -> bool {
    fields.iter().any(|f| f.error.is_some())
}

/// Cut `s` to `w` terminal cells.
pub fn truncate_to(s: &str, w: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut used = 0;
    let mut out = String::new();
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw > w {
            break;
        }
        used += cw;
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::fold;

    fn orgs() -> Choices {
        let rec = |id: i64, ky: &str, ru: &str| (id, ky.to_string(), fold(&format!("{ky} {ru}")));
        Choices::Searchable(vec![
            rec(1, "№5 орто мектеби", "Средняя школа №5"),
            rec(2, "Мэриянын IT бөлүмү", "IT-отдел мэрии"),
            rec(3, "«Береке» ТЖМЭШ", "ТСЖ «Береке»"),
            rec(4, "№12 гимназия", "Гимназия №12"),
        ])
    }

    #[test]
    fn a_searchable_choice_filters_by_kyrgyz_or_russian_name() {
        let s = crate::i18n::Lang::En.strings();
        let mut f = Form::new(
            |s| s.f_organization,
            vec![Field::choice(|s| s.f_organization, orgs(), 0)],
            (),
        );
        // Typed letters go to the query (not a first-letter jump), in either language.
        for c in "ШКОЛА".chars() {
            assert!(f.jump_choice(c, s));
        }
        assert_eq!(f.fields[0].chosen_id(), Some(1));
        f.edit(|q| q.clear());
        for c in "тсж".chars() {
            f.jump_choice(c, s);
        }
        assert_eq!(f.fields[0].chosen_id(), Some(3));
        // ←/→ step through the matches only.
        f.edit(|q| q.clear());
        for c in "№".chars() {
            f.jump_choice(c, s);
        }
        assert_eq!(f.fields[0].chosen_id(), Some(1));
        f.step(true);
        assert_eq!(f.fields[0].chosen_id(), Some(4));
        f.step(true);
        assert_eq!(f.fields[0].chosen_id(), Some(1), "wraps within the matches");
        f.step(false);
        assert_eq!(f.fields[0].chosen_id(), Some(4));
        // Nothing matching leaves the choice as it was; Backspace edits the query.
        f.edit(|q| q.insert('ъ'));
        assert_eq!(f.fields[0].chosen_id(), Some(4));
        f.edit(|q| q.backspace());
        assert_eq!(
            f.fields[0].chosen_id(),
            Some(4),
            "erasing keeps the choice while it still matches"
        );
        f.edit(|q| q.clear());
        assert_eq!(
            f.fields[0].chosen_id(),
            Some(4),
            "an emptied query keeps the choice"
        );
        for _ in 0..4 {
            f.step(false);
        }
        assert_eq!(
            f.fields[0].chosen_id(),
            None,
            "with no query, none is a choice too"
        );
    }

    fn two_texts_and_a_kind() -> Form<()> {
        Form::new(
            |s| s.f_organization,
            vec![
                Field::text(|s| s.f_organization, "Ар түрдүү"),
                Field::text(|s| s.f_organization, ""),
                Field::choice(|s| s.f_organization, Choices::Fixed(|s| &s.kinds), 0),
            ],
            (),
        )
    }

    #[test]
    fn a_prefilled_value_is_replaced_and_a_changed_choice_loses_nothing() {
        let mut f = two_texts_and_a_kind();
        for c in "Тест".chars() {
            f.edit(|i| i.insert(c));
        }
        assert_eq!(
            f.fields[0].text_value(),
            "Тест",
            "typing replaced the title"
        );
        assert!(f.would_lose_text());
        let mut f = two_texts_and_a_kind();
        f.focus = 2;
        f.step(true);
        assert!(f.dirty);
        assert!(
            !f.would_lose_text(),
            "only a choice changed: nothing typed is lost"
        );
        f.focus = 1;
        f.edit(|i| i.insert('x'));
        assert!(f.would_lose_text());
        f.edit(|i| i.clear_all());
        assert!(!f.would_lose_text(), "Ctrl-U back to how it was");
    }

    #[test]
    fn tab_selects_the_next_value_and_a_failed_save_goes_to_the_first_error() {
        let mut f = two_texts_and_a_kind();
        f.next_field();
        f.next_field();
        f.next_field();
        assert_eq!(f.focus, 0);
        f.edit(|i| i.insert('Ж'));
        assert_eq!(f.fields[0].text_value(), "Ж");
        f.fields[1].error = Some(|s| s.err_required);
        f.fields[2].error = Some(|s| s.err_required);
        assert!(f.focus_first_error());
        assert_eq!(f.focus, 1);
    }

    #[test]
    fn a_fixed_choice_filters_by_any_part_in_any_language() {
        let ky = crate::i18n::Lang::Ky.strings();
        let ru = crate::i18n::Lang::Ru.strings();
        let want = ru.kinds.iter().position(|k| k.contains("учеб")).unwrap();
        assert!(ky.kinds[want].contains("окуу"));
        for word in ["учеб", "окуу"] {
            let mut f = two_texts_and_a_kind();
            f.focus = 2;
            for c in word.chars() {
                assert!(f.jump_choice(c, ky));
            }
            assert_eq!(f.fields[2].choice_index(), want, "{word}");
            assert_eq!(f.fields[2].query.value(), word);
        }
    }

    #[test]
    fn a_file_name_follows_the_choices_until_typed_into() {
        use crate::widgets::file_name::{doc_lang, paper_path};
        let folder = std::path::PathBuf::from("/docs");
        // The separator is the platform's (the Windows build's tests run too).
        let docs = folder.clone();
        let want = move |name: &str| docs.join(name).to_string_lossy().into_owned();
        let mut f = Form::new(
            |s| s.agenda.f_path,
            vec![
                Field::choice(
                    |s| s.agenda.f_format,
                    Choices::Fixed(|s| &s.agenda.doc_formats),
                    0,
                ),
                Field::choice(
                    |s| s.agenda.f_doc_lang,
                    Choices::Fixed(|s| &s.agenda.doc_langs),
                    0,
                ),
                Field::text(|s| s.agenda.f_path, ""),
            ],
            (),
        )
        .follow_file_name(2, move |fs| {
            let ext = ["docx", "md"][fs[0].choice_index().min(1)];
            let lang = doc_lang(fs[1].choice_index());
            paper_path(&folder, "protokol", "12/2026", lang, None, ext)
                .to_string_lossy()
                .into_owned()
        });
        assert_eq!(f.fields[2].text_value(), want("protokol-12-2026-ky.docx"));
        f.step(true);
        assert_eq!(f.fields[2].text_value(), want("protokol-12-2026-ky.md"));
        f.focus = 1;
        f.step(true);
        assert_eq!(f.fields[2].text_value(), want("protokol-12-2026-ru.md"));
        assert!(!f.would_lose_text(), "a made name is not typing");
        f.focus = 2;
        f.edit(|i| i.end());
        f.edit(|i| i.insert_str("x"));
        f.focus = 0;
        f.step(true);
        assert_eq!(
            f.fields[2].text_value(),
            want("protokol-12-2026-ru.mdx"),
            "what was typed stays"
        );
    }

    #[test]
    fn a_full_path_is_not_selected() {
        let path = std::env::temp_dir().join("protokol-12-2026-ky.docx");
        let path = path.to_string_lossy();
        let mut f = Form::new(
            |s| s.agenda.f_path,
            vec![
                Field::text(|s| s.agenda.f_path, &path),
                Field::text(|s| s.agenda.f_path, "Разное"),
            ],
            (),
        );
        f.edit(|i| i.insert('x'));
        assert_eq!(
            f.fields[0].text_value(),
            format!("{path}x"),
            "appended, folder kept"
        );
        f.next_field();
        f.edit(|i| i.insert('x'));
        assert_eq!(f.fields[1].text_value(), "x");
    }

    #[test]
    fn the_search_stays_visible_beside_a_long_name() {
        use ratatui::{Terminal, backend::TestBackend};
        let s = crate::i18n::Lang::Ru.strings();
        let long = "Муниципальное предприятие «Токмокское управление жилищно-коммунального хозяйства и благоустройства»";
        let mut f = Form::new(
            |s| s.f_organization,
            vec![Field::choice(
                |s| s.f_organization,
                Choices::Searchable(vec![(1, long.to_string(), fold(long))]),
                0,
            )],
            (),
        );
        for c in "благоустр".chars() {
            f.jump_choice(c, s);
        }
        assert_eq!(f.fields[0].chosen_id(), Some(1));
        let mut term = Terminal::new(TestBackend::new(76, 5)).unwrap();
        term.draw(|fr| f.render(fr, fr.area(), s)).unwrap();
        let buf = term.backend().buffer().clone();
        let row: String = (0..76).map(|x| buf[(x, 1)].symbol().to_string()).collect();
        assert!(row.contains("⌕ благоустр"), "{row}");
        assert!(row.contains("Муниципальное предприятие"), "{row}");
        assert!(row.contains('…'), "{row}");
    }
}
