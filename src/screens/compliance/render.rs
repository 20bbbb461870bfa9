//! Drawing the Compliance tab.

use super::*;

fn num(n: i64) -> Cell<'static> {
    Cell::from(format!("{n:>4}"))
}

fn pct(p: Option<i64>) -> Cell<'static> {
    Cell::from(p.map_or("   —".to_string(), |p| format!("{p:>4}")))
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
    let filters = format!("[{kind}] [{}]", st.period.label(s));
    if st.by_kind {
        let sums: Vec<KindSummary> = compliance::by_kind(&st.rows);
        let rows = sums.iter().map(|k| {
            Row::new(vec![
                Cell::from(s.kinds[k.kind.index()]),
                num(k.organizations),
                num(k.failing),
                num(k.assigned),
                num(k.done_on_time),
                num(k.done_late),
                num(k.open),
                num(k.overdue_now),
                pct(k.on_time_percent()),
            ])
        });
        let table = Table::new(
            rows,
            [
                Constraint::Fill(1),
                Constraint::Length(7),
                Constraint::Length(7),
                Constraint::Length(6),
                Constraint::Length(6),
                Constraint::Length(6),
                Constraint::Length(6),
                Constraint::Length(6),
                Constraint::Length(6),
            ],
        )
        .header(header([
            c.col_kind,
            c.col_orgs,
            c.col_failing,
            c.col_assigned,
            c.col_on_time,
            c.col_late,
            c.col_open,
            c.col_overdue,
            c.col_rate,
        ]))
        .block(pane_block(format!(" {} {filters} ", c.by_kind_title), true))
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
        Row::new(vec![
            Cell::from(format!("{repeat}{name}")),
            num(m.assigned),
            num(m.done_on_time),
            num(m.done_late),
            num(m.open),
            Cell::from(Span::styled(format!("{:>4}", m.overdue_now), style)),
            num(m.extensions),
            pct(m.on_time_percent()),
            num(m.oldest_overdue_days),
            Cell::from(m.stage.map_or("", |x| c.steps_short[x.0 as usize])),
            Cell::from(Span::styled(next, theme::warn())),
        ])
    });
    let table = Table::new(
        rows,
        [
            Constraint::Fill(1),
            Constraint::Length(5),
            Constraint::Length(5),
            Constraint::Length(5),
            Constraint::Length(5),
            Constraint::Length(5),
            Constraint::Length(4),
            Constraint::Length(5),
            Constraint::Length(5),
            Constraint::Length(13),
            Constraint::Length(15),
        ],
    )
    .header(header([
        c.col_org,
        c.col_assigned,
        c.col_on_time,
        c.col_late,
        c.col_open,
        c.col_overdue,
        c.col_ext,
        c.col_rate,
        c.col_oldest,
        c.col_stage,
        c.col_next,
    ]))
    .block(
        pane_block(format!(" {} {filters} ", c.title), true)
            .title_bottom(format!(" {} ", c.repeat_legend)),
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
            Line::from(vec![
                Span::styled(format!("{mark} {} ", date::format(t.deadline)), style),
                Span::styled(t.text.clone(), style),
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
