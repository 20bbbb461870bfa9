//! A form of labelled fields: text inputs and choices, with an error per field.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
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
}

impl Choices {
    pub fn len(&self) -> usize {
        match self {
            Choices::Fixed(f) => f(crate::i18n::Lang::En.strings()).len(),
            Choices::Records(v) => v.len() + 1,
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
        }
    }

    /// The record id at `index`, for `Records` (None for "none").
    pub fn id_at(&self, index: usize) -> Option<i64> {
        match self {
            Choices::Records(v) if index > 0 => v.get(index - 1).map(|o| o.0),
            _ => None,
        }
    }

    /// The index of record `id` (0, "none", when absent).
    pub fn index_of(&self, id: Option<i64>) -> usize {
        match (self, id) {
            (Choices::Records(v), Some(id)) => {
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
}

impl Field {
    pub fn text(label: Label, value: &str) -> Field {
        Field {
            label,
            hint: None,
            value: Value::Text(Input::new(value)),
            error: None,
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

    /// Apply an edit to the focused text field (or a step to a choice).
    pub fn edit(&mut self, f: impl FnOnce(&mut Input)) {
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
                *index = if forward {
                    (*index + 1) % n
                } else {
                    (*index + n - 1) % n
                };
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
            .border_style(Style::default().fg(Color::Cyan));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let label_w = 22u16.min(inner.width / 2);
        let value_w = inner.width.saturating_sub(label_w + 1) as usize;
        let mut lines: Vec<Line> = Vec::new();
        let mut cursor = None;
        for (i, f) in self.fields.iter().enumerate() {
            let focused = i == self.focus;
            let label_style = if focused {
                Style::default()
                    .fg(Color::Yellow)
                    .add_modifier(Modifier::BOLD)
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
                        spans.push(Span::styled(h(s), Style::default().fg(Color::DarkGray)));
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
                }
            }
            lines.push(Line::from(spans));
            if let Some(e) = f.error {
                lines.push(Line::from(vec![
                    Span::raw(" ".repeat(label_w as usize + 1)),
                    Span::styled(format!("↳ {}", e(s)), Style::default().fg(Color::Red)),
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
