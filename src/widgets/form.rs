//! A form of labelled fields: text inputs and choices, with an error per field.

use crate::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use super::Input;
use crate::i18n::Strings;

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

    /// Does option `i` match the typed `query` (every word, folded)? An empty query
    /// matches everything; only `Searchable` choices filter.
    pub fn matches(&self, i: usize, query: &str) -> bool {
        match self {
            Choices::Searchable(v) if !query.trim().is_empty() => {
                i > 0
                    && v.get(i - 1)
                        .is_some_and(|o| crate::domain::text::matches_all_words(&o.2, query))
            }
            _ => true,
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
}

impl Field {
    pub fn text(label: Label, value: &str) -> Field {
        Field {
            label,
            hint: None,
            value: Value::Text(Input::new(value)),
            error: None,
            query: Input::default(),
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

#[derive(Debug, Clone)]
pub struct Form<T> {
    pub title: Label,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub dirty: bool,
    /// What saving writes to (the record and the version it was loaded at).
    pub target: T,
}

impl<T> Form<T> {
    pub fn new(title: Label, fields: Vec<Field>, target: T) -> Self {
        Form {
            title,
            fields,
            focus: 0,
            dirty: false,
            target,
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
        }
    }

    pub fn next_field(&mut self) {
        if !self.fields.is_empty() {
            self.focus = (self.focus + 1) % self.fields.len();
        }
    }

    pub fn prev_field(&mut self) {
        if !self.fields.is_empty() {
            self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
        }
    }

    fn focused(&mut self) -> Option<&mut Field> {
        self.fields.get_mut(self.focus)
    }

    /// Apply an edit to the focused text field, or to what is typed to find an option of a
    /// searchable choice (which then jumps to the first match).
    pub fn edit(&mut self, f: impl FnOnce(&mut Input)) {
        if let Some(Field {
            value:
                Value::Choice {
                    index,
                    choices: choices @ Choices::Searchable(_),
                },
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
                // An emptied query keeps the choice; otherwise the first match is chosen.
                if q.trim().is_empty() {
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
            if *i != before {
                *error = None;
                self.dirty = true;
            }
        }
    }

    /// ←/→: step a choice, or move the cursor in a text field.
    pub fn step(&mut self, forward: bool) {
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

    /// A letter typed on a choice field jumps to the next option starting with it.
    pub fn jump_choice(&mut self, c: char, s: &Strings) -> bool {
        if matches!(
            self.fields.get(self.focus),
            Some(Field {
                value: Value::Choice {
                    choices: Choices::Searchable(_),
                    ..
                },
                ..
            })
        ) {
            self.edit(|q| q.insert(c));
            return true;
        }
        let Some(Field {
            value: Value::Choice { index, choices },
            ..
        }) = self.fields.get_mut(self.focus)
        else {
            return false;
        };
        let n = choices.len();
        let want: String = c.to_lowercase().collect();
        for step in 1..=n {
            let i = (*index + step) % n;
            if crate::domain::text::fold(&choices.label(i, s)).starts_with(&want) {
                *index = i;
                self.dirty = true;
                break;
            }
        }
        true
    }

    pub fn has_errors(&self) -> bool {
        has_errors(&self.fields)
    }

    /// Lines the form needs on screen.
    pub fn height(&self) -> u16 {
        let errors = self.fields.iter().filter(|f| f.error.is_some()).count();
        (self.fields.len() + errors + 2) as u16
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
        let label_w = 22u16.min(inner.width / 2);
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
            let label = truncate_to(&label, label_w as usize + 1);
            let mut spans = vec![Span::styled(label, label_style)];
            match &f.value {
                Value::Text(input) => {
                    let (shown, col) = input.visible(value_w.saturating_sub(1));
                    let empty = shown.is_empty();
                    spans.push(Span::styled(
                        shown,
                        Style::default().add_modifier(Modifier::UNDERLINED),
                    ));
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
                    spans.push(Span::raw("◀ "));
                    spans.push(Span::styled(
                        choices.label(*index, s),
                        Style::default().add_modifier(Modifier::BOLD),
                    ));
                    spans.push(Span::raw(" ▶"));
                    if matches!(choices, Choices::Searchable(_)) {
                        let q = f.query.value();
                        let shown = if q.is_empty() && !focused {
                            String::new()
                        } else {
                            format!("  ⌕ {q}")
                        };
                        let style = if !q.is_empty() && !choices.matches(*index, q) {
                            theme::alarm()
                        } else {
                            theme::muted()
                        };
                        spans.push(Span::styled(shown, style));
                    }
                }
            }
            lines.push(Line::from(spans));
            if let Some(e) = f.error {
                lines.push(Line::from(vec![
                    Span::raw(" ".repeat(label_w as usize + 1)),
                    Span::styled(format!("↳ {}", e(s)), theme::alarm()),
                ]));
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
        assert_eq!(f.fields[0].chosen_id(), Some(1), "the first match of №");
        f.edit(|q| q.clear());
        assert_eq!(
            f.fields[0].chosen_id(),
            Some(1),
            "an emptied query keeps the choice"
        );
        f.step(false);
        assert_eq!(
            f.fields[0].chosen_id(),
            None,
            "with no query, none is a choice too"
        );
    }
}
