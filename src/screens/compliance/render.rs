//! Drawing the Compliance tab.

use super::*;
use crate::widgets::look::elide;
use unicode_width::UnicodeWidthStr;

/// Column widths for `heads` in a table `total` wide: each number column as wide as its head
/// (at least 4), the first column the rest. Columns are dropped from the end until the first
/// keeps `first_min`; returns the widths and how many columns are shown.
pub fn widths(heads: &[&str], total: u16, first_min: u16) -> (Vec<Constraint>, usize) {
    widths_at_least(heads, &[], total, first_min)
}

/// [`widths`] with a least width per column (`mins[i]`, for columns of words).
pub fn widths_at_least(
    heads: &[&str],
    mins: &[u16],
    total: u16,
    first_min: u16,
) -> (Vec<Constraint>, usize) {
    let inner = total.saturating_sub(2);
    let w: Vec<u16> = heads
        .iter()
        .enumerate()
        .map(|(i, h)| {
            (h.width() as u16)
                .max(4)
                .max(mins.get(i).copied().unwrap_or(0))
        })
        .collect();
    let mut shown = heads.len();
    while shown > 2 {
        let used: u16 = w[1..shown].iter().sum::<u16>() + (shown as u16 - 1);
        if inner.saturating_sub(used) >= first_min {
            break;
        }
        shown -= 1;
    }
    let mut out = vec![Constraint::Fill(1)];
    out.extend(w[1..shown].iter().map(|x| Constraint::Length(*x)));
    (out, shown)
}

/// The width left for the first column (see [`widths`]).
fn name_width(widths: &[Constraint], total: u16) -> usize {
    let fixed: u16 = widths
        .iter()
        .map(|c| match c {
            Constraint::Length(x) => *x + 1,
            _ => 0,
        })
        .sum();
    total.saturating_sub(2 + fixed) as usize
}

/// A figure, right-aligned under its head.
fn right(text: String) -> Cell<'static> {
    Cell::from(Line::from(text).alignment(ratatui::layout::Alignment::Right))
}

fn num(n: i64) -> Cell<'static> {
    right(n.to_string())
}

fn pct(p: Option<i64>) -> Cell<'static> {
    right(p.map_or("—".to_string(), |p| p.to_string()))
}

/// The heads: the first (a name) and those of words (`words`) left, the figures right,
/// over their columns.
fn heads_row(heads: &[&str], words: usize) -> Row<'static> {
    let figures = heads.len().saturating_sub(words);
    header(heads.iter().enumerate().map(|(i, h)| {
        if i == 0 || i >= figures.max(1) {
            Cell::from(h.to_string())
        } else {
            right(h.to_string())
        }
    }))
}

/// A border title that fits `width` (elided with "…" rather than cut).
/// A legend under a table: its " · " parts that fit whole.
fn bottom(text: &str, width: u16) -> String {
    let parts: Vec<String> = text.split(" · ").map(str::to_string).collect();
    crate::screens::title_of_parts(&parts, width.saturating_sub(2) as usize)
}

pub fn render(
    frame: &mut Frame,
    body: Rect,
    s: &Strings,
    st: &Compliance,
    today: NaiveDate,
    ru: bool,
) {
    let c = s.compliance;
    let a = areas(body);
    let kind = st.kind.map_or(s.all_kinds, |k| s.kinds[k.index()]);
    let filters = format!("[{kind}] [{}]", st.period.label(s, today));
    if st.by_kind {
        let sums: Vec<KindSummary> = compliance::by_kind(&st.rows);
        let total = compliance::total(&sums);
        let cells = |name: &str, k: &KindSummary| {
            vec![
                Cell::from(name.to_string()),
                num(k.organizations),
                num(k.failing),
                num(k.assigned),
                num(k.done_on_time),
                num(k.done_late),
                num(k.open),
                num(k.overdue_now),
                pct(k.on_time_percent()),
            ]
        };
        let mut rows: Vec<Row> = sums
            .iter()
            .map(|k| Row::new(cells(s.kinds[k.kind.index()], k)))
            .collect();
        if let Some(t) = &total {
            rows.push(
                Row::new(cells(c.total_row, t))
                    .style(Style::default().add_modifier(Modifier::BOLD)),
            );
        }
        let h = c.heads;
        let heads = [
            c.col_kind,
            c.col_orgs,
            c.col_failing,
            h[0],
            h[1],
            h[2],
            h[3],
            h[4],
            h[6],
        ];
        let (widths, _) = widths(&heads, a.table.width, 12);
        let table = Table::new(rows, widths)
            .header(heads_row(&heads, 0))
            .block(
                pane_block(format!(" {} {filters} ", c.by_kind_title), true)
                    .title_bottom(bottom(c.columns_legend, a.table.width)),
            )
            .row_highlight_style(theme::selected());
        let mut state = TableState::default()
            .with_offset(st.cursor.offset)
            .with_selected((!sums.is_empty()).then_some(st.cursor.selected));
        frame.render_stateful_widget(
            table,
            Rect {
                height: body.height,
                ..a.table
            },
            &mut state,
        );
        return;
    }

    let h = c.heads;
    let heads = [
        c.col_org,
        h[0],
        h[1],
        h[2],
        h[3],
        h[4],
        s.trend.col_mark,
        h[5],
        h[6],
        h[7],
        c.col_stage,
        c.col_next,
    ];
    // The organization keeps at least 22 columns: the last columns give way first (the next
    // step is in the detail pane too).
    // The stage and the next step are words: as wide as the longest of them.
    let step_w = c.steps_short.iter().map(|x| x.width()).max().unwrap_or(4) as u16;
    let mut mins = [0u16; 12];
    mins[10] = step_w;
    mins[11] = step_w + 2;
    let (widths, shown) = widths_at_least(&heads, &mins, a.table.width, 22);
    let name_w = name_width(&widths, a.table.width);
    let rows = st.rows.iter().map(|m| {
        let name = if ru && !m.name_ru.is_empty() {
            &m.name_ru
        } else {
            &m.name_ky
        };
        let repeat = if m.repeat_failure() {
            c.repeat_mark
        } else {
            " "
        };
        let next = compliance::propose(m, &st.rules, today).map_or(String::new(), |x| {
            format!("→ {}", c.steps_short[x as usize])
        });
        let style = if m.overdue_now > 0 {
            theme::alarm()
        } else {
            Style::default()
        };
        let mut cells = vec![
            Cell::from(elide(&format!("{repeat}{name}"), name_w)),
            num(m.assigned),
            num(m.done_on_time),
            num(m.done_late),
            num(m.open),
            Cell::from(
                Line::from(Span::styled(m.overdue_now.to_string(), style))
                    .alignment(ratatui::layout::Alignment::Right),
            ),
            super::trend::mark_cell(st.trend_of(m.organization_id)),
            num(m.extensions),
            pct(m.on_time_percent()),
            num(m.oldest_overdue_days),
            Cell::from(m.stage.map_or("", |x| c.steps_short[x.0 as usize])),
            Cell::from(Span::styled(next, theme::warn())),
        ];
        cells.truncate(shown);
        Row::new(cells)
    });
    let table = Table::new(rows, widths)
        .header(heads_row(&heads[..shown], shown.saturating_sub(10)))
        .block(
            pane_block(format!(" {} {filters} ", c.title), true).title_bottom(bottom(
                &format!(
                    "{} · {} · {}",
                    c.repeat_legend, s.trend.mark_legend, c.columns_legend
                ),
                a.table.width,
            )),
        )
        .row_highlight_style(theme::selected());
    let mut state = TableState::default()
        .with_offset(st.cursor.offset)
        .with_selected((!st.rows.is_empty()).then_some(st.cursor.selected));
    frame.render_stateful_widget(table, a.table, &mut state);
    if st.rows.is_empty() && a.table.height > 3 {
        frame.render_widget(
            Paragraph::new(c.empty).style(theme::muted()),
            Rect {
                x: a.table.x + 1,
                y: a.table.y + 2,
                width: a.table.width.saturating_sub(2),
                height: 1,
            },
        );
    }

    // Tasks of the selected organization.
    let lines: Vec<Line> = st
        .tasks
        .iter()
        .map(|t| {
            let (mark, style) = match task_state(t.status, t.deadline, today) {
                TaskState::Overdue { .. } => ("⚠", theme::alarm()),
                TaskState::Stored(x) if x.is_open() => ("○", Style::default()),
                TaskState::Stored(_) => ("✓", theme::muted()),
            };
            let head = format!("{mark} {} ", date::format(t.deadline));
            let room = (a.tasks.width as usize).saturating_sub(2 + head.width());
            Line::from(vec![
                Span::styled(head, style),
                Span::styled(elide(&t.text, room), style),
            ])
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(pane_block(format!(" {} ", c.detail_tasks), false)),
        a.tasks,
    );

    // Head, contacts, proposed step, history.
    let mut info: Vec<Line> = Vec::new();
    if let (Some(o), Some(m)) = (&st.org, st.selected()) {
        info.push(Line::from(Span::styled(
            o.name(ru).to_string(),
            Style::default().add_modifier(Modifier::BOLD),
        )));
        // Its twelve months; the months' span only where the pane has room.
        let months = st.trend_of(m.organization_id);
        info.extend(super::trend::detail_lines(s, months, a.info.height >= 14));
        info.push(Line::from(format!(
            "{}: {} {}",
            c.detail_head, o.head_title, o.head_name
        )));
        let contacts: Vec<&str> = [o.phone.as_str(), o.email.as_str()]
            .into_iter()
            .filter(|x| !x.is_empty())
            .collect();
        if !contacts.is_empty() {
            info.push(Line::from(contacts.join(" · ")));
        }
        let next = compliance::propose(m, &st.rules, today)
            .map_or(c.nothing_proposed, |x| c.steps[x as usize]);
        info.push(Line::from(vec![
            Span::raw(format!("{}: ", c.detail_next)),
            Span::styled(next, theme::key()),
        ]));
        info.push(Line::from(Span::styled(
            c.detail_history,
            Style::default().add_modifier(Modifier::UNDERLINED),
        )));
        if st.history.is_empty() {
            info.push(Line::from(c.no_history));
        }
        for e in st.history.iter().rev() {
            let mut line = format!("{} {}", date::format(e.date), c.steps[e.step as usize]);
            if !e.doc_number.is_empty() {
                line = format!("{line}, № {}", e.doc_number);
            }
            if !e.skip_reason.trim().is_empty() {
                line = format!("{line} ({})", c.skipped.fill([&e.skip_reason.trim()]));
            }
            info.push(Line::from(line));
        }
    }
    frame.render_widget(
        Paragraph::new(info)
            .wrap(Wrap { trim: true })
            .block(pane_block(String::new(), false)),
        a.info,
    );
}
