//! Drawing the tab: the tree, the selected measure with its links, the import's gauge.

use crate::domain::date;
use crate::domain::plan::{Measure, MeasureStatus, Risk, TreeRow};
use crate::domain::work::{TaskState, task_state};
use crate::i18n::Strings;
use crate::theme;
use crate::widgets::columns::cell;
use crate::widgets::look::{header, highlight, pane_block};
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Cell, Clear, Gauge, List, ListItem, ListState, Paragraph, Row, Table,
    TableState, Wrap,
};

use super::{Job, LinkRow, Pane, Phase, Plan, areas};

fn status_style(st: MeasureStatus) -> Style {
    match st {
        MeasureStatus::Overdue => theme::alarm(),
        MeasureStatus::Done => theme::muted(),
        MeasureStatus::InProgress => theme::warn(),
        MeasureStatus::NotStarted => Style::default(),
    }
}

/// The at-risk reason in the UI's language.
pub fn risk_text(r: &Risk, s: &Strings) -> String {
    s.plan
        .risk_reason
        .fill([&r.overdue_tasks, &r.oldest_days, &r.executors.join(", ")])
}

pub fn render(frame: &mut Frame, body: Rect, s: &Strings, st: &Plan, today: NaiveDate, ru: bool) {
    let a = areas(body);
    render_tree(frame, a.tree, s, st, ru);
    render_info(frame, a.info, s, st, ru);
    render_links(frame, a.links, s, st, today, ru);
}

/// The tree of sections and measures, titled with the filters in force.
fn render_tree(frame: &mut Frame, area: Rect, s: &Strings, st: &Plan, ru: bool) {
    let p = s.plan;
    let f = &st.filter;
    let mut filters = Vec::new();
    if let Some(x) = f.status {
        filters.push(format!("[{}]", p.statuses[x.index()]));
    }
    if let Some(o) = f.organization {
        filters.push(format!("[{}: {}]", p.filter_org, st.org_name(o)));
    }
    if f.at_risk {
        filters.push(format!("[{}]", p.at_risk));
    }
    if let Some(d) = f.due_by {
        filters.push(format!("[{} {}]", p.filter_due, date::format(d)));
    }
    let shown = st
        .rows
        .iter()
        .filter(|r| matches!(r, TreeRow::Measure(_)))
        .count();
    let title = format!(
        " {} ({}) {} ",
        p.title,
        s.shown_of.fill([&shown, &st.measures.len()]),
        filters.join(" ")
    );
    // The measure's title takes what the fixed columns leave (borders, 37 cells, 5 gaps);
    // it and a section's line are elided with "…", never cut mid-word.
    let title_w = area.width.saturating_sub(2 + 37 + 5);
    let rows = st.rows.iter().map(|r| match r {
        TreeRow::Section {
            title,
            measures,
            done,
        } => {
            let name = if title.is_empty() {
                p.no_section
            } else {
                title.as_str()
            };
            Row::new(vec![
                Cell::from("▾"),
                Cell::from(cell(&p.section_line.fill([&name, done, measures]), title_w)),
            ])
            .style(theme::accent_bold())
        }
        TreeRow::Measure(i) => {
            let m = &st.measures[*i];
            let status = st
                .statuses
                .get(*i)
                .copied()
                .unwrap_or(MeasureStatus::NotStarted);
            let risk = st.risks.get(*i).and_then(Option::as_ref);
            Row::new(vec![
                Cell::from(format!(" {}", m.number)),
                Cell::from(title_line(m, ru, s, title_w)),
                Cell::from(m.deadline.map(date::format).unwrap_or_default()),
                Cell::from(format!("{:>3}", m.progress)),
                Cell::from(Span::styled(
                    p.statuses[status.index()],
                    status_style(status),
                )),
                Cell::from(Span::styled(
                    if risk.is_some() { "⚠" } else { "" },
                    theme::alarm_bold(),
                )),
            ])
        }
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(7),
            Constraint::Fill(1),
            Constraint::Length(10),
            Constraint::Length(4),
            Constraint::Length(14),
            Constraint::Length(2),
        ],
    )
    .header(header(vec![
        p.col_number,
        p.col_measure,
        p.col_deadline,
        p.col_progress,
        p.col_status,
        "",
    ]))
    .block(pane_block(
        cell(&title, area.width.saturating_sub(2)),
        st.pane == Pane::Measures,
    ))
    .row_highlight_style(highlight(true));
    let mut state = TableState::default()
        .with_offset(st.cursor.offset)
        .with_selected((!st.rows.is_empty()).then_some(st.cursor.selected));
    frame.render_stateful_widget(table, area, &mut state);
    if st.rows.is_empty() && area.height > 3 {
        let text = if st.measures.is_empty() {
            p.empty
        } else {
            p.nothing_matches
        };
        frame.render_widget(
            Paragraph::new(text)
                .style(theme::muted())
                .wrap(Wrap { trim: true }),
            Rect {
                x: area.x + 1,
                y: area.y + 2,
                width: area.width.saturating_sub(2),
                height: area.height.saturating_sub(3),
            },
        );
    }
}

/// A measure's title in the UI's language (`ru`), elided to `width`; with none in it, the
/// other language's, dimmed after a mark naming that language, so the gap is seen.
fn title_line(m: &Measure, ru: bool, s: &Strings, width: u16) -> Line<'static> {
    match m.shown_title(ru) {
        (t, false) => Line::from(cell(t, width)),
        (t, true) => {
            let mark = s.plan.title_other_mark;
            let rest = width.saturating_sub(mark.chars().count() as u16 + 1);
            Line::from(vec![
                Span::styled(mark, theme::muted().add_modifier(Modifier::ITALIC)),
                Span::raw(" "),
                Span::styled(cell(t, rest), theme::muted()),
            ])
        }
    }
}

/// The selected measure: responsible organizations, expected result, risk.
fn render_info(frame: &mut Frame, area: Rect, s: &Strings, st: &Plan, ru: bool) {
    let p = s.plan;
    let mut info: Vec<Line> = Vec::new();
    if let Some(i) = st.selected_index() {
        let m = &st.measures[i];
        let (title, other) = m.shown_title(ru);
        let mut head = vec![Span::styled(
            format!("{} ", m.number),
            Style::default().add_modifier(Modifier::BOLD),
        )];
        if other {
            head.push(Span::styled(
                format!("{} ", p.title_other_mark),
                theme::muted().add_modifier(Modifier::ITALIC),
            ));
        }
        head.push(Span::styled(
            title.to_string(),
            Style::default().add_modifier(Modifier::BOLD),
        ));
        info.push(Line::from(head));
        if other {
            info.push(Line::from(Span::styled(p.detail_no_title, theme::warn())));
        }
        if let Some(r) = st.risks.get(i).and_then(Option::as_ref) {
            info.push(Line::from(Span::styled(
                format!("⚠ {}: {}", p.at_risk, risk_text(r, s)),
                theme::alarm(),
            )));
        }
        let orgs: Vec<&str> = m.organizations.iter().map(|o| st.org_name(*o)).collect();
        info.push(Line::from(format!(
            "{}: {}",
            p.detail_orgs,
            orgs.join("; ")
        )));
        if !m.expected_result.is_empty() {
            info.push(Line::from(format!(
                "{}: {}",
                p.detail_expected, m.expected_result
            )));
        }
        if let Some(d) = m.done_on {
            info.push(Line::from(format!(
                "{}: {}",
                p.detail_done_on,
                date::format(d)
            )));
        }
    }
    frame.render_widget(
        Paragraph::new(info)
            .wrap(Wrap { trim: true })
            .block(pane_block(String::new(), false)),
        area,
    );
}

/// Linked decisions and tasks.
/// Every problem of the last failed import, one per line (long ones elided with "…"),
/// scrolled with the arrows when the pane has the focus.
fn render_import_report(frame: &mut Frame, area: Rect, s: &Strings, st: &Plan) {
    let r = crate::i18n::rules::of(s);
    let w = area.width.saturating_sub(2) as usize;
    let items: Vec<ListItem> = st
        .import_report
        .iter()
        .map(|line| ListItem::new(crate::widgets::look::elide(line, w)).style(theme::alarm()))
        .collect();
    let title = r.import_report_title.fill([&st.import_problems]);
    let title = crate::widgets::look::elide(&title, area.width.saturating_sub(4) as usize);
    let list = List::new(items)
        .block(pane_block(format!(" {title} "), st.pane == Pane::Links))
        .highlight_style(highlight(st.pane == Pane::Links));
    let mut ls = ListState::default()
        .with_offset(st.link_cursor.offset)
        .with_selected((st.pane == Pane::Links).then_some(st.link_cursor.selected));
    frame.render_stateful_widget(list, area, &mut ls);
}

fn render_links(frame: &mut Frame, area: Rect, s: &Strings, st: &Plan, today: NaiveDate, ru: bool) {
    if !st.import_report.is_empty() {
        return render_import_report(frame, area, s, st);
    }
    let p = s.plan;
    let rows = st.link_rows();
    // Only the rows in view are made (a measure may have thousands of tasks): from the
    // cursor's offset, as far as the pane reaches, when the selection lies within.
    let (offset, selected) = (st.link_cursor.offset, st.link_cursor.selected);
    let end = rows
        .len()
        .min(offset + area.height.saturating_sub(2) as usize);
    let shown = if offset <= selected && selected < end {
        offset..end
    } else {
        0..rows.len()
    };
    let first = shown.start;
    // A line longer than the pane ends in "…", not in a cut word.
    let fit =
        |line: String| crate::widgets::form::elide(&line, area.width.saturating_sub(2) as usize);
    let items: Vec<ListItem> = rows[shown]
        .iter()
        .copied()
        .map(|r| match r {
            LinkRow::Decision(i) => {
                let d = &st.links.decisions[i];
                let via = if d.explicit {
                    String::new()
                } else {
                    format!(" ({})", p.via_task)
                };
                ListItem::new(fit(format!("⚖ {}{via} {}", d.label, d.text)))
            }
            LinkRow::Task(i) => {
                let t = &st.links.tasks[i];
                let (mark, style) = match task_state(t.status, t.deadline, today) {
                    TaskState::Overdue { .. } => ("⚠", theme::alarm()),
                    TaskState::Stored(x) if x.is_open() => ("○", Style::default()),
                    TaskState::Stored(_) => ("✓", theme::muted()),
                };
                let who = if ru && !t.executor_ru.is_empty() {
                    &t.executor_ru
                } else {
                    &t.executor_ky
                };
                ListItem::new(fit(format!(
                    "{mark} #{} {} {who}: {}",
                    t.id,
                    date::format(t.deadline),
                    t.text
                )))
                .style(style)
            }
        })
        .collect();
    let empty = items.is_empty();
    let list = List::new(items)
        .block(pane_block(
            format!(" {} ", p.detail_links),
            st.pane == Pane::Links,
        ))
        .highlight_style(highlight(st.pane == Pane::Links));
    let mut ls = ListState::default()
        .with_offset(offset.saturating_sub(first))
        .with_selected(
            (!empty && st.pane == Pane::Links).then_some(selected.saturating_sub(first)),
        );
    frame.render_stateful_widget(list, area, &mut ls);
    if empty && st.selected_index().is_some() && area.height > 2 {
        frame.render_widget(
            Paragraph::new(p.no_links)
                .style(theme::muted())
                .wrap(Wrap { trim: true }),
            Rect {
                x: area.x + 1,
                y: area.y + 1,
                width: area.width.saturating_sub(2),
                height: area.height.saturating_sub(2),
            },
        );
    }
}

/// The gauge of an import in progress, over everything.
pub fn render_job(frame: &mut Frame, size: Rect, s: &Strings, job: &Job) {
    let p = s.plan;
    let label = match job.phase {
        Phase::Reading => p.job_reading,
        Phase::Checking => p.job_checking,
        Phase::Writing => p.job_writing,
    };
    let area = crate::widgets::popup::centered(size, 60, 3);
    frame.render_widget(Clear, area);
    let ratio = if job.total == 0 {
        0.0
    } else {
        (job.done as f64 / job.total as f64).clamp(0.0, 1.0)
    };
    let gauge = Gauge::default()
        .block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" {} ", p.form_import)),
        )
        .gauge_style(theme::accent())
        .ratio(ratio)
        .label(format!("{label}: {}/{}", job.done, job.total));
    frame.render_widget(gauge, area);
}
