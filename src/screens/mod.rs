//! One module per tab, and the frame around them: title, tabs, status line, overlays.

pub mod agenda;
pub mod compliance;
pub mod component;
pub mod directory;
pub mod plan;
pub mod protocol;
pub mod reports;
pub mod settings;
pub mod tasks;

use crate::theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::domain::validate::FieldError;
use crate::i18n::Strings;
use crate::keymap::{self, Context};
use crate::widgets::form::Label;
use crate::widgets::popup::centered;
use component::Screen;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Agenda,
    Protocol,
    Tasks,
    Compliance,
    Plan,
    Directory,
    Reports,
}

impl Tab {
    pub const ALL: [Tab; 7] = [
        Tab::Agenda,
        Tab::Protocol,
        Tab::Tasks,
        Tab::Compliance,
        Tab::Plan,
        Tab::Directory,
        Tab::Reports,
    ];

    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    pub fn from_index(i: usize) -> Tab {
        Tab::ALL[i % Tab::ALL.len()]
    }
}

/// Each tab's own form target and question as a [`component::Variant`] of the app's enums
/// (and back, with `From`), so one generic adapter unwraps them for every tab; and the tab
/// a value belongs to (`tab`). The enums are declared here, so each tab is listed once.
macro_rules! variants {
    (@each $outer:ident { $($v:ident($inner:ty)),* }) => {$(
        impl component::Variant<$outer> for $inner {
            fn take(e: $outer) -> Option<Self> {
                match e {
                    $outer::$v(x) => Some(x),
                    _ => None,
                }
            }

            fn of(e: &$outer) -> Option<&Self> {
                match e {
                    $outer::$v(x) => Some(x),
                    _ => None,
                }
            }
        }

        impl From<$inner> for $outer {
            fn from(x: $inner) -> Self {
                $outer::$v(x)
            }
        }
    )*};
    // Every value is a tab's.
    ($(#[$m:meta])* pub enum $outer:ident => Tab { $($v:ident($inner:ty)),* $(,)? }) => {
        $(#[$m])*
        pub enum $outer {
            $($v($inner)),*
        }

        variants!(@each $outer { $($v($inner)),* });

        impl $outer {
            /// The tab whose screen opened it.
            pub fn tab(&self) -> Tab {
                match self {
                    $($outer::$v(_) => Tab::$v,)*
                }
            }
        }
    };
    // The values in `own { … }` are the app's own; the others a tab's.
    (
        $(#[$m:meta])* pub enum $outer:ident => Option<Tab> {
            own { $($own:tt)* }
            $($v:ident($inner:ty)),* $(,)?
        }
    ) => {
        $(#[$m])*
        pub enum $outer {
            $($own)*
            $($v($inner)),*
        }

        variants!(@each $outer { $($v($inner)),* });

        impl $outer {
            /// The tab whose screen asked (none for the app's own).
            pub fn tab(&self) -> Option<Tab> {
                match self {
                    $($outer::$v(_) => Some(Tab::$v),)*
                    _ => None,
                }
            }
        }
    };
}

variants!(
    /// What an open form saves into.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum FormTarget => Tab {
        Directory(directory::Target),
        Agenda(agenda::Target),
        Protocol(protocol::Target),
        Compliance(compliance::Target),
        Plan(plan::Target),
        Reports(reports::Target),
        Tasks(tasks::Target),
    }
);

variants!(
    /// What a confirmation popup, once answered yes, goes on to do.
    #[derive(Debug, Clone, PartialEq)]
    pub enum Pending => Option<Tab> {
        own {
            DiscardForm,
            QuitDiscarding,
            /// q on a list: quit the app?
            Quit,
            /// Quitting while messages go: quit and stop after the one in flight? ({0} still to go)
            QuitSending { count: usize },
        }
        Directory(directory::Pending),
        Agenda(agenda::Pending),
        Compliance(compliance::Pending),
        Protocol(protocol::Pending),
        Plan(plan::Pending),
        Reports(reports::Pending),
        Tasks(tasks::Pending),
    }
);

/// The seven tabs' screens. Adding a tab: its module, a field here, its `Tab`, and the
/// variants of its forms and questions above (in `variants!`).
#[derive(Default)]
pub struct Screens {
    pub agenda: agenda::Agenda,
    pub protocol: protocol::Protocol,
    pub tasks: tasks::Tasks,
    pub compliance: compliance::Compliance,
    pub plan: plan::Plan,
    pub directory: directory::Directory,
    pub reports: reports::Reports,
}

impl Screens {
    pub fn new() -> Screens {
        Screens::default()
    }

    pub fn get(&self, tab: Tab) -> &dyn Screen {
        match tab {
            Tab::Agenda => &self.agenda,
            Tab::Protocol => &self.protocol,
            Tab::Tasks => &self.tasks,
            Tab::Compliance => &self.compliance,
            Tab::Plan => &self.plan,
            Tab::Directory => &self.directory,
            Tab::Reports => &self.reports,
        }
    }

    pub fn get_mut(&mut self, tab: Tab) -> &mut dyn Screen {
        match tab {
            Tab::Agenda => &mut self.agenda,
            Tab::Protocol => &mut self.protocol,
            Tab::Tasks => &mut self.tasks,
            Tab::Compliance => &mut self.compliance,
            Tab::Plan => &mut self.plan,
            Tab::Directory => &mut self.directory,
            Tab::Reports => &mut self.reports,
        }
    }
}

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub struct Frame4 {
    pub title: Rect,
    pub tabs: Rect,
    pub body: Rect,
    pub status: Rect,
}

pub fn frame_areas(size: Rect) -> Frame4 {
    let [title, tabs, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(size);
    Frame4 {
        title,
        tabs,
        body,
        status,
    }
}

/// Tab labels that fit `width` (each followed by a one-cell separator), the first of: the
/// names with a space around; the short names (one word for a long name) so; the short
/// names close, "1 План"; last, the current tab whole and the longest others shortened.
pub fn tab_labels(s: &Strings, current: Tab, width: u16) -> Vec<String> {
    let width = width as usize;
    let roomy = |n: usize, name: &str| format!(" {n} {name} ");
    let close = |n: usize, name: &str| format!("{n} {name}");
    let labels = |names: &[&str; 7], form: &dyn Fn(usize, &str) -> String| -> Vec<String> {
        names
            .iter()
            .enumerate()
            .map(|(i, n)| form(i + 1, n))
            .collect()
    };
    let row_width = |ls: &[String]| ls.iter().map(|l| l.width() + 1).sum::<usize>();
    for tried in [
        labels(&s.tabs, &roomy),
        labels(&s.tabs_short, &roomy),
        labels(&s.tabs_short, &close),
    ] {
        if row_width(&tried) <= width {
            return tried;
        }
    }
    let mut names: Vec<Vec<char>> = s.tabs_short.iter().map(|t| t.chars().collect()).collect();
    let full =
        |names: &Vec<Vec<char>>| -> usize { names.iter().map(|n| n.len() + 3).sum::<usize>() };
    let mut cut = vec![false; names.len()];
    while full(&names) > width {
        let longest = (0..names.len())
            .filter(|i| *i != current.index() && names[*i].len() > 1)
            .max_by_key(|i| (names[*i].len(), usize::MAX - i));
        let Some(i) = longest else { break };
        names[i].pop();
        cut[i] = true;
    }
    names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let mut name: String = n.iter().collect();
            if cut[i] {
                name.pop();
                name.push('…');
            }
            close(i + 1, &name)
        })
        .collect()
}

/// The columns each tab label spans on the tab row, for mouse clicks.
pub fn tab_spans(s: &Strings, current: Tab, row: Rect) -> Vec<(u16, u16)> {
    let mut x = row.x;
    tab_labels(s, current, row.width)
        .iter()
        .map(|label| {
            let w = label.width() as u16;
            let span = (x, x.saturating_add(w));
            x = x.saturating_add(w + 1);
            span
        })
        .collect()
}

/// The title bar: the HQ's own name (the setting, in the UI's language), the demo badge, a
/// note (the demo's role), the date and the language. The date and language stay; the name
/// keeps at least a word and the note gives way first, both cut after a word with "…".
pub fn render_title(
    frame: &mut Frame,
    area: Rect,
    s: &Strings,
    hq_name: &str,
    demo: bool,
    today: &str,
    note: Option<&str>,
) {
    let right = format!("{} · {} ", today, s.lang_name);
    let badge = if demo {
        format!(" {} ", s.demo_badge)
    } else {
        String::new()
    };
    let avail =
        (area.width as usize).saturating_sub(right.width() + badge.width() + " Shtab ·  ".width());
    let name_w = hq_name.width();
    // A note takes its text and two spaces around it, and one space before it.
    let note_w = note.map_or(0, |n| n.width() + 3);
    let name_room = if name_w + note_w <= avail {
        name_w
    } else {
        name_w.min(12).max(avail.saturating_sub(note_w))
    };
    let note_room = avail.saturating_sub(name_room + 3);
    let mut spans = vec![Span::styled(
        format!(" Shtab · {} ", elide_words(hq_name, name_room)),
        Style::default().add_modifier(Modifier::BOLD),
    )];
    if demo {
        spans.push(Span::styled(badge, theme::demo_badge()));
    }
    if let Some(n) = note
        && note_room >= 6
    {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            format!(" {} ", elide_words(n, note_room)),
            theme::demo_badge(),
        ));
    }
    let used: usize = spans.iter().map(|sp| sp.content.width()).sum();
    let pad = (area.width as usize).saturating_sub(used + right.width());
    spans.push(Span::raw(" ".repeat(pad)));
    spans.push(Span::raw(right));
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(theme::title_bar()),
        area,
    );
}

/// A red badge at the middle of the title bar (read-only access).
pub fn render_badge(frame: &mut Frame, title: Rect, text: &str) {
    let w = (text.width() as u16 + 2).min(title.width);
    let area = Rect {
        x: title.x + title.width.saturating_sub(w) / 2,
        width: w,
        ..title
    };
    frame.render_widget(
        Paragraph::new(format!(" {text} ")).style(theme::alarm_badge()),
        area,
    );
}

pub fn render_tabs(frame: &mut Frame, area: Rect, s: &Strings, current: Tab) {
    let mut spans = Vec::new();
    for (i, label) in tab_labels(s, current, area.width).into_iter().enumerate() {
        let style = if i == current.index() {
            theme::chosen().add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::styled("│", theme::muted()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

pub struct Message<'a> {
    pub text: &'a str,
    pub error: bool,
}

pub fn render_status(
    frame: &mut Frame,
    area: Rect,
    s: &Strings,
    ctx: Context,
    message: Option<Message>,
) {
    let mut hints = keymap::status_hint(ctx, s);
    // F1 works everywhere but in a question: its hint is always there, typing or not.
    if !matches!(ctx, Context::Confirm | Context::Help)
        && !hints.iter().any(|(_, d)| *d == s.key_help)
    {
        hints.push(("F1".to_string(), s.key_help));
    }
    let widths: Vec<usize> = hints
        .iter()
        .map(|(k, d)| k.width() + 1 + d.width())
        .collect();
    let pinned: Vec<bool> = hints.iter().map(|(_, d)| *d == s.key_help).collect();
    let width = area.width as usize;
    let mut spans = Vec::new();
    let mut kept = fit_hints(&widths, &pinned, width);
    if let Some(m) = message {
        // The message comes first; the hints give way to it, all but F1.
        let hints_w = hints_width(&widths, &kept);
        let mut room = width.saturating_sub(hints_w + 3);
        if m.text.width() + 3 + hints_w > width {
            kept = fit_hints(&widths, &pinned, width.saturating_sub(m.text.width() + 3));
            room = width.saturating_sub(hints_width(&widths, &kept) + 3);
        }
        let style = theme::message(m.error);
        spans.push(Span::styled(
            format!(" {} ", elide_words(m.text, room)),
            style,
        ));
        spans.push(Span::raw(" "));
    }
    for (i, (keys, desc)) in hints.into_iter().enumerate() {
        if kept[i] {
            spans.push(Span::styled(keys, theme::key()));
            spans.push(Span::raw(format!(" {desc}  ")));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The cells the kept hints take, two spaces between them.
fn hints_width(widths: &[usize], kept: &[bool]) -> usize {
    let n = kept.iter().filter(|k| **k).count();
    let w: usize = widths
        .iter()
        .zip(kept)
        .filter(|(_, k)| **k)
        .map(|(w, _)| w)
        .sum();
    w + 2 * n.saturating_sub(1)
}

/// Which hints fit `width` cells: the last (least important) go first, a pinned one (F1)
/// never; a hint is shown whole or not at all.
pub fn fit_hints(widths: &[usize], pinned: &[bool], width: usize) -> Vec<bool> {
    let mut kept = vec![true; widths.len()];
    for i in (0..widths.len()).rev() {
        if hints_width(widths, &kept) <= width {
            break;
        }
        if !pinned.get(i).copied().unwrap_or(false) {
            kept[i] = false;
        }
    }
    kept
}

/// A block's title of parts joined by " · ", in at most `width` cells: the last parts are
/// left out whole until it fits; a first part alone too long is cut after a word.
pub fn title_of_parts(parts: &[String], width: usize) -> String {
    for n in (1..=parts.len()).rev() {
        let title = format!(" {} ", parts[..n].join(" · "));
        if title.width() <= width {
            return title;
        }
    }
    let first = parts.first().map_or("", String::as_str);
    format!(" {} ", elide_words(first, width.saturating_sub(2)))
}

/// `text` in at most `width` cells: whole, or cut after a word and ended with "…".
pub fn elide_words(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let cut = crate::widgets::form::truncate_to(text, width.saturating_sub(1));
    let at_word = match cut.rfind(' ') {
        Some(i) if i > 0 => cut[..i].trim_end().to_string(),
        _ => cut,
    };
    format!("{at_word}…")
}

/// The help overlay's lines at `width` cells inside its border: a section title, then per
/// binding the keys and the description, wrapped under the description's column.
fn help_lines(s: &Strings, ctx: Context, width: usize) -> Vec<Line<'static>> {
    let mut groups: Vec<(&str, Vec<(String, &str)>)> = Vec::new();
    let screen: Vec<(String, &str)> = keymap::screen_bindings(ctx)
        .map(|b| (keymap::binding_label(b), (b.desc)(s)))
        .collect();
    if !screen.is_empty() {
        groups.push((s.help_screen, screen));
    }
    let global = keymap::GLOBAL
        .iter()
        .map(|b| (keymap::binding_label(b), (b.desc)(s)))
        .collect();
    groups.push((s.help_global, global));
    let longest = groups
        .iter()
        .flat_map(|(_, g)| g.iter().map(|(k, _)| k.width()))
        .max()
        .unwrap_or(0);
    // Keys get what they need, but never more than about half the width.
    let key_w = longest.min(width / 2).max(1);
    let desc_w = width.saturating_sub(key_w + 2).max(1);
    let mut lines = Vec::new();
    for (title, bindings) in groups {
        lines.push(Line::from(Span::styled(
            title.to_string(),
            theme::accent_bold(),
        )));
        for (keys, desc) in bindings {
            let key_rows = wrap_words(&keys, key_w);
            let desc_rows = wrap_words(desc, desc_w);
            for i in 0..key_rows.len().max(desc_rows.len()) {
                let k = key_rows.get(i).cloned().unwrap_or_default();
                let pad = key_w.saturating_sub(k.width()) + 2;
                lines.push(Line::from(vec![
                    Span::styled(k, theme::warn()),
                    Span::raw(" ".repeat(pad)),
                    Span::raw(desc_rows.get(i).cloned().unwrap_or_default()),
                ]));
            }
        }
    }
    lines
}

/// `text` broken into rows of at most `width` cells, at spaces; a word longer than a row
/// is split (the only way it can be shown whole).
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut rows: Vec<String> = Vec::new();
    let mut row = String::new();
    for word in text.split(' ') {
        let sep = usize::from(!row.is_empty());
        if row.width() + sep + word.width() <= width {
            if sep == 1 {
                row.push(' ');
            }
            row.push_str(word);
            continue;
        }
        if !row.is_empty() {
            rows.push(std::mem::take(&mut row));
        }
        let mut rest = word.to_string();
        while rest.width() > width {
            let head = crate::widgets::form::truncate_to(&rest, width);
            rest = rest[head.len()..].to_string();
            rows.push(head);
        }
        row = rest;
    }
    if !row.is_empty() || rows.is_empty() {
        rows.push(row);
    }
    rows
}

/// The help overlay's place on a terminal of `size`: at most 76 wide, as tall as it needs
/// and the terminal allows.
fn help_area(size: Rect, s: &Strings, ctx: Context) -> (Rect, Vec<Line<'static>>) {
    // The status line (the last row) stays visible below it, with its keys.
    let size = Rect {
        height: size.height.saturating_sub(1),
        ..size
    };
    let w = size.width.min(76);
    let lines = help_lines(s, ctx, w.saturating_sub(2) as usize);
    let h = (lines.len() as u16 + 2).min(size.height);
    (centered(size, w, h), lines)
}

/// How far help can scroll on a terminal of `size` (0 when it all fits).
pub fn help_max_scroll(size: Rect, s: &Strings, ctx: Context) -> u16 {
    let (area, lines) = help_area(size, s, ctx);
    (lines.len() as u16).saturating_sub(area.height.saturating_sub(2))
}

/// Every key of `ctx` and the global ones, generated from the keymap tables; scrolled by
/// `scroll` lines when it does not fit.
pub fn render_help(frame: &mut Frame, size: Rect, s: &Strings, ctx: Context, scroll: u16) {
    let (area, lines) = help_area(size, s, ctx);
    let max = help_max_scroll(size, s, ctx);
    let scroll = scroll.min(max);
    frame.render_widget(Clear, area);
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .title(format!(" {} — F1 ", s.help_title));
    if max > 0 {
        let shown = area.height.saturating_sub(2);
        let last = (scroll + shown).min(lines.len() as u16);
        block = block.title_bottom(
            Line::from(format!(
                " ↑↓ PgUp PgDn · {}–{}/{} ",
                scroll + 1,
                last,
                lines.len()
            ))
            .right_aligned(),
        );
    }
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)).block(block), area);
}

/// A question with its answers (`hint`, from [`keymap::answer_hint`]); one that cannot be
/// undone says so, in the alarm colour, above them.
pub fn render_confirm(
    frame: &mut Frame,
    size: Rect,
    s: &Strings,
    question: &str,
    hint: Vec<(String, &'static str)>,
    irreversible: bool,
) {
    let width = 64u16;
    // Each line wraps at the inner width; count what it takes.
    let inner = (width - 2) as usize;
    let warning = irreversible.then_some(s.confirm_irreversible);
    let lines: usize = question
        .lines()
        .chain(warning)
        .map(|l| l.width().div_ceil(inner).max(1))
        .sum();
    let area = centered(size, width, lines as u16 + 4);
    frame.render_widget(Clear, area);
    let hint: Vec<Span> = hint
        .into_iter()
        .flat_map(|(k, d)| {
            [
                Span::styled(k, theme::warn()),
                Span::raw(format!(" {d}   ")),
            ]
        })
        .collect();
    let mut text: Vec<Line> = question
        .lines()
        .map(|l| Line::from(l.to_string()))
        .collect();
    if let Some(w) = warning {
        text.push(Line::styled(w, theme::alarm()));
    }
    text.push(Line::from(""));
    text.push(Line::from(hint));
    let p = Paragraph::new(text).wrap(Wrap { trim: false }).block(
        Block::default()
            .borders(Borders::ALL)
            .border_style(theme::warn())
            .title(format!(" {} ", s.confirm_title)),
    );
    frame.render_widget(p, area);
}

pub fn render_too_small(frame: &mut Frame, size: Rect, s: &Strings) {
    let text = s.too_small.fill([&size.width, &size.height]);
    frame.render_widget(
        Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .style(theme::warn()),
        size,
    );
}

/// The message (in the UI language) for a field's validation error.
pub fn field_error_label(e: FieldError) -> Label {
    match e {
        FieldError::Required => |s| s.err_required,
        FieldError::BadDate => |s| s.err_bad_date,
        FieldError::BadPhone => |s| s.err_bad_phone,
        FieldError::BadEmail => |s| s.err_bad_email,
        FieldError::TermEndsBeforeStart => |s| s.err_term_order,
        FieldError::TooLong => |s| s.err_too_long,
        FieldError::BadTime => |s| s.agenda.err_bad_time,
        FieldError::BadNumber => |s| s.agenda.err_bad_number,
    }
}
