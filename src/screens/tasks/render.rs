//! Drawing the tab: the query line, the table, the detail pane.

use crate::domain::date;
use crate::domain::tasks as rules;
use crate::domain::work::{TaskState, TaskStatus, task_state};
use crate::i18n::Strings;
use crate::i18n::tasks::TaskStrings;
use crate::store::Origin;
use crate::theme;
use crate::widgets::columns::{Col, cell, constraints, fit};
use crate::widgets::look::pane_block;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};
use unicode_width::UnicodeWidthStr;

use super::texts::{history_text, origin_label, query_error_text, status_label, when};
use super::{Areas, Tasks, areas};

fn status_look(state: TaskState) -> (&'static str, Style) {
    match state {
        TaskState::Overdue { .. } => ("⚠", theme::alarm_bold()),
        TaskState::Stored(st) => match st {
            TaskStatus::Assigned => ("○", Style::default()),
            TaskStatus::InProgress => ("◐", theme::accent()),
            TaskStatus::ExtensionRequested => ("⇢", theme::pending()),
            TaskStatus::DoneOnTime => ("✓", theme::good()),
            TaskStatus::DoneLate => ("✓!", theme::warn()),
            TaskStatus::Cancelled => ("✗", theme::muted()),
        },
    }
}

fn state_label(t: &TaskStrings, state: TaskState) -> &'static str {
    match state {
        TaskState::Overdue { .. } => t.overdue,
        TaskState::Stored(st) => status_label(t, st),
    }
}

pub fn render(frame: &mut Frame, body: Rect, s: &Strings, st: &Tasks, ru: bool, today: NaiveDate) {
    let t = s.tasks;
    let a = areas(body, st.show_detail);
    render_query(frame, &a, s, st);

    let heads = [
        t.col_origin,
        t.col_task,
        t.col_executor,
        t.col_co,
        t.col_deadline,
        t.col_days,
        t.col_status,
    ];
    // The texts first: the columns are sized to them (widgets::columns).
    let texts: Vec<[String; 4]> = st
        .rows
        .iter()
        .map(|r| {
            let co: Vec<&str> = r.co_executors.iter().map(|c| c.name(ru)).collect();
            [
                origin_label(&r.origin, t),
                r.text.clone(),
                r.executor.name(ru).to_string(),
                co.join(", "),
            ]
        })
        .collect();
    let states: Vec<TaskState> = st
        .rows
        .iter()
        .map(|r| task_state(r.status, r.deadline, today))
        .collect();
    let statuses: Vec<String> = states
        .iter()
        .map(|s| format!("{} {}", status_look(*s).0, state_label(t, *s)))
        .collect();
    let w = table_widths(a.table.width.saturating_sub(2), &heads, &texts, &statuses);
    let rows = st.rows.iter().zip(&texts).zip(states.iter().zip(&statuses));
    let rows = rows.map(|((r, c), (state, status))| {
        let style = status_look(*state).1;
        let days = rules::days_left(r.status, r.deadline, today);
        let days_cell = match days {
            Some(d) if d < 0 => Cell::from(Span::styled(format!("{d:>4}"), theme::alarm())),
            Some(d) => Cell::from(format!("{d:>4}")),
            None => Cell::from(""),
        };
        Row::new(vec![
            Cell::from(cell(&c[0], w[0])),
            Cell::from(cell(&c[1], w[1])),
            Cell::from(cell(&c[2], w[2])),
            Cell::from(cell(&c[3], w[3])),
            Cell::from(date::format(r.deadline)),
            days_cell,
            Cell::from(Span::styled(status.clone(), style)),
        ])
    });
    let title = format!(" {} · {}/{} ", t.title, st.position(), st.total);
    let focused = !st.focus_detail || !st.show_detail;
    let table = Table::new(rows, constraints(&w))
        .header(
            Row::new((0..heads.len()).map(|i| Cell::from(cell(heads[i], w[i]))))
                .style(Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)),
        )
        .block(pane_block(title, focused))
        .row_highlight_style(if focused {
            theme::selected()
        } else {
            Style::default().add_modifier(Modifier::REVERSED)
        });
    let mut state =
        TableState::default().with_selected((!st.rows.is_empty()).then_some(st.selected));
    frame.render_stateful_widget(table, a.table, &mut state);
    if st.rows.is_empty() && a.table.height > 3 && a.table.width > 2 {
        let inner = Rect {
            x: a.table.x + 1,
            y: a.table.y + 2,
            width: a.table.width - 2,
            height: 1,
        };
        frame.render_widget(Paragraph::new(t.empty).style(theme::muted()), inner);
    }
    if st.show_detail {
        render_detail(frame, a.detail, s, st, ru, today);
    }
}

/// The table's column widths in `width` cells: the task and the executor are the name
/// columns (cut with "…"); the date, the days and the status are never cut, and the
/// co-executors give way first, then the origin.
fn table_widths(
    width: u16,
    heads: &[&str; 7],
    texts: &[[String; 4]],
    statuses: &[String],
) -> Vec<u16> {
    let col = |i: usize, min: u16| {
        Col::fitting(min, texts.iter().map(|c| c[i].as_str()).chain([heads[i]]))
    };
    let origin = col(0, 19);
    let cols = [
        Col {
            min: origin.want.min(19),
            ..origin
        },
        col(1, 12).name(),
        col(2, 10).name(),
        col(3, (heads[3].width() as u16).min(10)),
    ];
    let date_w = (heads[4].width() as u16).max(10);
    let days_w = (heads[5].width() as u16).max(4);
    let status_w = statuses
        .iter()
        .map(|s| s.width())
        .chain([heads[6].width()])
        .max()
        .unwrap_or(0) as u16;
    let fixed = date_w + days_w + status_w + 3;
    let mut w = fit(width.saturating_sub(fixed), &cols, 1);
    // Co-executors squeezed under 3 cells would show a lone "…": the column goes, its cells
    // to the task's text (the detail pane names them).
    if w[3] < 3 {
        w[1] += w[3];
        w[3] = 0;
    }
    w.extend([date_w, days_w, status_w]);
    w
}

fn render_query(frame: &mut Frame, a: &Areas, s: &Strings, st: &Tasks) {
    let t = s.tasks;
    let label = format!("{}: ", t.query_label);
    let label_w = unicode_width::UnicodeWidthStr::width(label.as_str()) as u16;
    let width = a.query.width.saturating_sub(label_w) as usize;
    let (shown, col) = st.query.visible(width.saturating_sub(1));
    let start = st.query.window_start(width.saturating_sub(1));
    let base = if st.editing {
        theme::bar()
    } else {
        Style::default().add_modifier(Modifier::UNDERLINED)
    };
    let bad = st.error.as_ref().map(|e| (e.start, e.end.max(e.start + 1)));
    let mut spans = vec![Span::styled(
        label,
        Style::default().add_modifier(Modifier::BOLD),
    )];
    for (i, c) in shown.chars().enumerate() {
        let at = start + i;
        let style = match bad {
            Some((b, e)) if at >= b && at < e => {
                theme::alarm().add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
            }
            _ => base,
        };
        spans.push(Span::styled(c.to_string(), style));
    }
    // An error at the very end (an empty value) is marked on the cell after the text.
    let used = unicode_width::UnicodeWidthStr::width(shown.as_str());
    let pad = width.saturating_sub(used);
    if pad > 0 {
        let style = match bad {
            Some((b, _)) if b >= start + shown.chars().count() => {
                theme::alarm().add_modifier(Modifier::UNDERLINED)
            }
            _ => base,
        };
        spans.push(Span::styled(" ".repeat(pad), style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), a.query);
    if st.editing {
        let x = a.query.x + label_w + col as u16;
        if x < a.query.right() {
            frame.set_cursor_position((x, a.query.y));
        }
    }
    let hint = if let Some(e) = &st.error {
        Line::from(Span::styled(
            format!("↳ {}", query_error_text(e, s)),
            theme::alarm(),
        ))
    } else if let Some(cy) = &st.completion
        && cy.completion.candidates.len() > 1
    {
        let (c, i) = (&cy.completion, &cy.index);
        let mut spans = vec![Span::styled(t.completions.fill([&""]), theme::muted())];
        for (j, cand) in c.candidates.iter().enumerate() {
            let style = if j == *i {
                theme::chosen()
            } else {
                theme::accent()
            };
            spans.push(Span::styled(cand.clone(), style));
            spans.push(Span::raw(" "));
        }
        Line::from(spans)
    } else {
        Line::from(Span::styled(
            crate::widgets::form::elide(t.query_hint, a.hint.width as usize),
            theme::muted(),
        ))
    };
    frame.render_widget(Paragraph::new(hint), a.hint);
}

fn render_detail(
    frame: &mut Frame,
    area: Rect,
    s: &Strings,
    st: &Tasks,
    ru: bool,
    today: NaiveDate,
) {
    let t = s.tasks;
    let focused = st.focus_detail;
    let Some(d) = &st.detail else {
        frame.render_widget(pane_block(String::new(), focused), area);
        return;
    };
    let r = &d.row;
    let state = task_state(r.status, r.deadline, today);
    let (symbol, style) = status_look(state);
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let field = |name: &str, value: String| {
        Line::from(vec![
            Span::styled(format!("{name}: "), bold),
            Span::raw(value),
        ])
    };
    let mut lines = vec![Line::from(r.text.clone()), Line::from("")];
    let origin = match &r.origin {
        // The title in the screen's language; the other one marked when it has none.
        Origin::Measure {
            title, title_ru, ..
        } => {
            let (own, other) = if ru {
                (title_ru, title)
            } else {
                (title, title_ru)
            };
            let label = origin_label(&r.origin, t);
            match own.trim() {
                "" => format!("{label} — {} {}", s.plan.title_other_mark, other.trim()),
                own => format!("{label} — {own}"),
            }
        }
        o => origin_label(o, t),
    };
    lines.push(field(t.d_origin, origin));
    let mut exec = r.executor.name(ru).to_string();
    if !d.responsible_person.is_empty() {
        exec = format!("{exec} ({})", d.responsible_person);
    }
    lines.push(field(t.d_executor, exec));
    if !r.co_executors.is_empty() {
        let co: Vec<&str> = r.co_executors.iter().map(|c| c.name(ru)).collect();
        lines.push(field(t.d_co, co.join(", ")));
    }
    if !r.controller.is_empty() {
        lines.push(field(t.d_controller, r.controller.clone()));
    }
    let mut deadline = date::format(r.deadline);
    match rules::days_left(r.status, r.deadline, today) {
        Some(n) if n < 0 => deadline = format!("{deadline} · {}", t.d_days_over.fill([&-n])),
        Some(n) => deadline = format!("{deadline} · {}", t.d_days_left.fill([&n])),
        None => {}
    }
    deadline = format!(
        "{deadline} · {}",
        t.d_extensions.fill([&r.extensions, &st.cap.max(0)])
    );
    lines.push(field(t.d_deadline, deadline));
    lines.push(Line::from(vec![
        Span::styled(format!("{}: ", t.d_status), bold),
        Span::styled(format!("{symbol} {}", state_label(t, state)), style),
    ]));
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        t.d_history,
        bold.add_modifier(Modifier::UNDERLINED),
    )));
    for h in &d.history {
        let mut spans = vec![Span::styled(
            format!("{:<16} ", when(&h.at)),
            theme::accent(),
        )];
        if !h.who.is_empty() {
            spans.push(Span::styled(format!("{} · ", h.who), theme::muted()));
        }
        spans.push(Span::raw(history_text(h, t, ru)));
        lines.push(Line::from(spans));
    }
    let title = format!(" {} ", t.detail_title.fill([&r.id]));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((st.detail_scroll, 0))
            .block(pane_block(title, focused)),
        area,
    );
}

#[cfg(test)]
mod tests {
    use super::table_widths;

    const HEADS: [&str; 7] = [
        "Булагы",
        "Тапшырма",
        "Аткаруучу",
        "Тең аткаруучулар",
        "Мөөнөтү",
        "Күн",
        "Абалы",
    ];

    fn row(co: &str) -> [String; 4] {
        [
            "прот. 6/2026 п.2.2".into(),
            "Мектептин бардык окуу кабинеттерин интернетке туташтыруу".into(),
            "Токмок шаардык №2 орто мектеби".into(),
            co.into(),
        ]
    }

    #[test]
    fn co_executors_squeezed_to_a_lone_ellipsis_give_their_cells_to_the_text() {
        let statuses = vec!["⚠ мөөнөтү өттү".to_string()];
        for width in 40u16..=160 {
            let w = table_widths(width, &HEADS, &[row(""), row("№5 мектеп")], &statuses);
            assert!(w[3] == 0 || w[3] >= 3, "width {width}: {w:?}");
            let used: u16 = w.iter().sum::<u16>() + 6;
            assert!(used <= width, "width {width}: {w:?} uses {used}");
        }
        // Wide, it stays.
        let wide = table_widths(160, &HEADS, &[row("№5 мектеп")], &statuses);
        assert!(wide[3] >= 3, "{wide:?}");
    }
}
