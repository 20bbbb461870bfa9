//! Drawing the Reports tab: the figures preview, the table by kind, the register and the
//! narrative editor over them.

use super::*;
use crate::domain::report::Narratives;

fn figure_lines<'a>(heading: &'a str, rows: Vec<(&'static str, i64)>, out: &mut Vec<Line<'a>>) {
    out.push(Line::from(Span::styled(heading, theme::accent_bold())));
    for (label, v) in rows {
        out.push(Line::from(vec![
            Span::raw(format!("  {label}: ")),
            Span::styled(v.to_string(), Style::default().add_modifier(Modifier::BOLD)),
        ]));
    }
}

pub fn render(frame: &mut Frame, body: Rect, s: &Strings, st: &Reports, today: NaiveDate) {
    if st.chart {
        super::trend::render_chart(frame, body, s, st, today);
    } else {
        render_figures(frame, body, s, st, today);
    }
    render_editor(frame, body, s, st);
}

fn render_figures(frame: &mut Frame, body: Rect, s: &Strings, st: &Reports, today: NaiveDate) {
    let p = s.plan;
    let a = areas(body);
    let shown = st.shown();
    let month = st.month.unwrap_or_else(|| default_month(today));
    let label = paper::month_label(
        &shown
            .as_ref()
            .map_or(month.to_string(), |r| r.month.clone()),
        s,
    );

    // Preview.
    let mut lines: Vec<Line> = Vec::new();
    let title = match shown.as_ref().and_then(MonthlyReport::label) {
        Some(l) => format!(" ◀ {label} ▶ · {} ", p.issued_as.fill([&l])),
        None => format!(" ◀ {label} ▶ · {} ", p.draft),
    };
    let inner_w = a.preview.width.saturating_sub(2) as usize;
    if let Some(r) = &shown {
        let f = &r.figures;
        lines.push(Line::from(Span::styled(
            p.as_of.fill([&date::format(r.as_of)]),
            theme::muted(),
        )));
        if st.pane == Pane::Register
            && let Some(by) = st.selected_issued().and_then(|i| i.replaced_by.as_ref())
        {
            lines.push(Line::from(Span::styled(
                p.replaced_by.fill([by]),
                theme::warn(),
            )));
        }
        if let Some(old) = r.issue.as_ref().and_then(|i| i.replaces.as_ref()) {
            lines.push(Line::from(Span::styled(
                p.doc_replaces.fill([old]),
                theme::warn(),
            )));
        }
        figure_lines(p.doc_sessions, paper::session_rows(f, s), &mut lines);
        figure_lines(p.doc_tasks, paper::task_rows(f, s), &mut lines);
        figure_lines(p.doc_plan, paper::plan_rows(f, s), &mut lines);
        // The title in the UI's language; with none in it, the other one after its mark.
        let ru = std::ptr::eq(s, crate::i18n::Lang::Ru.strings());
        for m in &r.measures_at_risk {
            let title = match m.title_in(ru).trim() {
                "" => format!("{} {}", s.plan.title_other_mark, m.title_in(!ru)),
                t => t.to_string(),
            };
            let line = format!("   ⚠ {} ({}) {}", m.number, m.overdue_tasks, title);
            lines.push(Line::from(Span::styled(
                truncate_to(&line, inner_w),
                theme::alarm(),
            )));
        }
        figure_lines(p.doc_escalations, paper::escalation_rows(f, s), &mut lines);
        lines.push(Line::from(Span::styled(
            p.doc_narrative,
            theme::accent_bold(),
        )));
        // The UI language's narrative (the Kyrgyz one in English), never the other's text.
        let narrative = r.narrative_in(ru);
        if r.narrative_only_in_other(ru) {
            lines.push(Line::from(Span::styled(
                p.narrative_other_only,
                theme::muted(),
            )));
        } else if narrative.trim().is_empty() {
            lines.push(Line::from(Span::styled(p.narrative_empty, theme::muted())));
        }
        for l in narrative.split('\n') {
            lines.push(Line::from(format!("  {l}")));
        }
    }
    // Scrolled no further than the last page (wrapped lines counted roughly).
    let wrapped: usize = lines
        .iter()
        .map(|l| l.width().max(1).div_ceil(inner_w.max(1)))
        .sum();
    let max_scroll = wrapped.saturating_sub(a.preview.height.saturating_sub(2) as usize);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((st.scroll.min(max_scroll as u16), 0))
            .block(pane_block(title, st.pane == Pane::Preview)),
        a.preview,
    );

    // By kind of organization (the paper also has the organizations heard).
    if let Some(r) = &shown {
        let c = s.compliance;
        let (_, rows) = paper::kind_table(&r.figures, s);
        let last = rows.len().saturating_sub(1);
        // Five numbers of 5 cells and their gaps; the kind's name has the rest, cut with "…".
        let w = [a.by_kind.width.saturating_sub(2 + 30).max(1)];
        let rows = rows.into_iter().enumerate().map(|(i, (name, v))| {
            let mut cells = vec![Cell::from(cell(&name, w[0]))];
            cells.extend(v[1..].iter().map(|n| Cell::from(format!("{n:>5}"))));
            let row = Row::new(cells);
            if i == last {
                row.style(Style::default().add_modifier(Modifier::BOLD))
            } else {
                row
            }
        });
        let table = Table::new(
            rows,
            [
                Constraint::Length(w[0]),
                Constraint::Length(5),
                Constraint::Length(5),
                Constraint::Length(5),
                Constraint::Length(5),
                Constraint::Length(5),
            ],
        )
        .header(header(vec![
            c.col_kind,
            c.col_assigned,
            c.col_on_time,
            c.col_late,
            c.col_open,
            c.col_overdue,
        ]))
        .block(pane_block(format!(" {} ", p.doc_by_kind), false));
        frame.render_widget(table, a.by_kind);
    }

    // The register: who issued keeps the room left (a name tells reports apart).
    let cells: Vec<[String; 5]> = st
        .issued
        .iter()
        .map(|r| {
            [
                r.label(),
                r.month.clone(),
                r.issued_on().map(date::format).unwrap_or_default(),
                r.issued_by.clone(),
                r.replaces.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let heads = [
        p.col_reg_number,
        p.col_reg_month,
        p.col_reg_issued,
        p.col_reg_by,
        p.col_reg_replaces,
    ];
    let col = |i: usize, min: u16| {
        Col::fitting(
            min,
            std::iter::once(heads[i]).chain(cells.iter().map(|c| c[i].as_str())),
        )
    };
    let cols = [
        col(0, 6),
        col(1, 7),
        col(2, 10),
        col(3, 8).name(),
        col(4, 6),
    ];
    let w = fit(a.register.width.saturating_sub(2), &cols, 1);
    let rows = cells.iter().zip(&st.issued).map(|(c, r)| {
        // A report replaced by a correction is shown dimmed and struck through.
        let style = if r.replaced_by.is_some() {
            theme::muted().add_modifier(Modifier::CROSSED_OUT)
        } else {
            Style::default()
        };
        Row::new((0..5).map(|i| Cell::from(cell(&c[i], w[i])))).style(style)
    });
    let table = Table::new(rows, constraints(&w))
        .header(header((0..5).map(|i| cell(heads[i], w[i]))))
        .block(pane_block(
            format!(" {} ", p.rep_register),
            st.pane == Pane::Register,
        ))
        .row_highlight_style(highlight(true));
    let mut ts = TableState::default()
        .with_offset(st.cursor.offset)
        .with_selected(
            (!st.issued.is_empty() && st.pane == Pane::Register).then_some(st.cursor.selected),
        );
    frame.render_stateful_widget(table, a.register, &mut ts);
    if st.issued.is_empty() && a.register.height > 3 {
        frame.render_widget(
            Paragraph::new(p.register_empty).style(theme::muted()),
            Rect {
                x: a.register.x + 1,
                y: a.register.y + 2,
                width: a.register.width.saturating_sub(2),
                height: 1,
            },
        );
    }
}

/// " · F3 other language": the key that switches the narrative's language, from the keymap.
fn switch_hint(s: &Strings) -> String {
    crate::keymap::NARRATIVE
        .iter()
        .find(|b| b.action == crate::action::Action::FocusNext)
        .map(|b| {
            format!(
                " · {} {}",
                crate::keymap::short_label(b),
                s.plan.key_narrative_lang
            )
        })
        .unwrap_or_default()
}

/// The narrative editor, over the tab.
fn render_editor(frame: &mut Frame, body: Rect, s: &Strings, st: &Reports) {
    let p = s.plan;
    if let Some(ed) = &st.editor {
        let area = crate::widgets::popup::centered(body, 80, 14);
        frame.render_widget(Clear, area);
        let outer = Block::default()
            .borders(Borders::ALL)
            .border_type(BorderType::Rounded)
            .border_style(theme::accent())
            .title(Span::styled(
                format!(
                    " {} {} · {} ",
                    p.form_narrative,
                    if ed.russian {
                        p.form_lang_ru
                    } else {
                        p.form_lang_ky
                    },
                    paper::month_label(&ed.month.to_string(), s)
                ),
                Style::default().add_modifier(Modifier::BOLD),
            ))
            .title_bottom(format!(" {}{} ", p.narrative_help, switch_hint(s)));
        let inner = outer.inner(area);
        frame.render_widget(outer, area);
        frame.render_widget(&ed.text, inner);
    }
}
