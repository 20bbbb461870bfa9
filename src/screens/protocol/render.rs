//! Drawing the editor: the head with the save mark and quorum, the outline, the page.

use crate::theme;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::domain::date;
use crate::domain::protocol::{ProtocolDoc, quorum};
use crate::i18n::Strings;
use crate::i18n::protocol::ProtocolStrings;

use super::layout::{editor_areas, inner, page_layout, scroll_offset};
use super::picker::render_picker;
use super::{Page, Protocol, SaveMark, pages};

fn mark_span(mark: SaveMark, ps: &ProtocolStrings) -> Span<'static> {
    let (text, style) = match mark {
        SaveMark::Saved => (ps.mark_saved, theme::good()),
        SaveMark::Pending => (ps.mark_saving, theme::warn()),
        SaveMark::Conflict => (ps.mark_conflict, theme::alarm_badge()),
        SaveMark::Failed => (ps.mark_failed, theme::alarm()),
    };
    Span::styled(format!(" {text} "), style)
}

pub fn render(frame: &mut Frame, body: Rect, s: &Strings, st: &Protocol, russian: bool) {
    match &st.doc {
        None => render_picker(frame, body, s, st),
        Some(doc) => render_editor(frame, body, s, st, doc, russian),
    }
}

fn render_editor(
    frame: &mut Frame,
    body: Rect,
    s: &Strings,
    st: &Protocol,
    doc: &ProtocolDoc,
    russian: bool,
) {
    let ar = editor_areas(body);
    render_head(frame, ar.head, s.protocol, st, doc);
    render_outline(frame, ar.outline, s.protocol, st, doc);
    render_page(frame, ar.page, s, st, doc, russian);
}

/// What protocol, its state and the save mark; then the quorum, the paper's form and counts.
fn render_head(
    frame: &mut Frame,
    area: Rect,
    ps: &ProtocolStrings,
    st: &Protocol,
    doc: &ProtocolDoc,
) {
    let p = &doc.protocol;
    let number = match p.label() {
        Some(l) => ps.number.fill([&l]),
        None => ps.number_none.to_string(),
    };
    let state = if p.is_signed() {
        ps.signed_on
            .fill([&p.signed_at.as_deref().map_or(String::new(), |t| {
                NaiveDate::parse_from_str(t.get(..10).unwrap_or(""), "%Y-%m-%d")
                    .map(date::format)
                    .unwrap_or_default()
            })])
    } else {
        ps.draft.to_uppercase()
    };
    let session = ps
        .session_line
        .fill([&doc.session.label(), &date::format(p.date)]);
    let amends = p.amends_label.as_ref().map(|a| ps.amends.fill([a]));
    let mark = mark_span(st.mark, ps);
    // The save mark always shows whole; when the line is too long the session gives way
    // first (the number says it), then what is left is elided with "…".
    let room = (area.width as usize).saturating_sub(mark.content.width());
    let mut parts: Vec<String> = vec![format!(" {} {}", ps.title, number), session, state];
    if let Some(a) = amends {
        parts.push(a);
    }
    let mut left = parts.join(" · ");
    if left.width() > room {
        parts.remove(1);
        left = parts.join(" · ");
    }
    let left = crate::widgets::form::elide(&left, room);
    let pad = (area.width as usize).saturating_sub(left.width() + mark.content.width());
    let first = Line::from(vec![
        Span::styled(left, Style::default().add_modifier(Modifier::BOLD)),
        Span::raw(" ".repeat(pad)),
        mark,
    ]);
    let q = quorum(&doc.attendance, st.rule);
    let (qtext, qstyle) = if q.reached {
        (ps.quorum_ok, theme::good())
    } else {
        (ps.quorum_no, theme::alarm_badge())
    };
    let quorum_text = format!(
        " {} ",
        ps.quorum_line.fill([&q.present, &q.members, &q.needed])
    );
    let badge = format!(" {qtext} ");
    // The counts give way at the right, elided with "…", never cut mid-word.
    let rest = format!(
        " · {} · {}",
        ps.paper_forms[usize::from(p.short_form)],
        ps.counts.fill([
            &doc.items.len(),
            &doc.decisions().count(),
            &doc.tasks().count()
        ])
    );
    let room = (area.width as usize).saturating_sub(quorum_text.width() + badge.width());
    let second = Line::from(vec![
        Span::raw(quorum_text),
        Span::styled(badge, qstyle),
        Span::raw(crate::widgets::form::elide(&rest, room)),
    ]);
    frame.render_widget(Paragraph::new(vec![first, second]), area);
}

/// The pages, the one with the cursor selected.
fn render_outline(
    frame: &mut Frame,
    area: Rect,
    ps: &ProtocolStrings,
    st: &Protocol,
    doc: &ProtocolDoc,
) {
    let page = st.page();
    let q = quorum(&doc.attendance, st.rule);
    let width = area.width.saturating_sub(2) as usize;
    let entries: Vec<ListItem> = pages(doc)
        .iter()
        .map(|pg| {
            let text = match pg {
                Page::Header => ps.page_header.to_string(),
                Page::Attendance => ps.page_attendance.fill([&q.present, &q.members]),
                Page::Item(i) => {
                    // The title gives way ("…"), the number and the count of points stay.
                    let it = &doc.items[*i];
                    let (head, tail) = (
                        format!("{}. ", it.position),
                        format!(" ({})", it.decisions.len()),
                    );
                    let room = width.saturating_sub(head.width() + tail.width());
                    let title = crate::widgets::form::elide(&it.title.replace('\n', " "), room);
                    format!("{head}{title}{tail}")
                }
                Page::Extracts => extracts_entry(st, doc, ps),
            };
            ListItem::new(crate::widgets::form::elide(&text, width))
        })
        .collect();
    let list = List::new(entries)
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme::quiet())
                .title(format!(" {} ", ps.outline)),
        )
        .highlight_style(theme::selected());
    let oh = area.height.saturating_sub(2) as usize;
    let offset = page.saturating_sub(oh.saturating_sub(1));
    let mut lstate = ListState::default()
        .with_offset(offset)
        .with_selected(Some(page));
    frame.render_stateful_widget(list, area, &mut lstate);
}

/// The page with the cursor, scrolled to show it; the text area over the field typed in.
fn render_page(
    frame: &mut Frame,
    area: Rect,
    s: &Strings,
    st: &Protocol,
    doc: &ProtocolDoc,
    russian: bool,
) {
    let ps = s.protocol;
    let title = match pages(doc).get(st.page()) {
        Some(Page::Item(i)) => ps.item_of.fill([&(i + 1), &doc.items.len()]),
        Some(Page::Header) => ps.page_header.to_string(),
        Some(Page::Attendance) => ps.attendance.to_string(),
        _ => ps.page_extracts_title.to_string(),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::accent())
        .title(format!(" {title} "));
    frame.render_widget(block, area);
    let area = inner(area);
    if area.width == 0 || area.height == 0 {
        return;
    }
    let layout = page_layout(doc, st, s, russian, area.width);
    let offset = scroll_offset(&layout, st.focus, area.height as usize);
    let shown: Vec<Line> = layout
        .lines
        .iter()
        .skip(offset)
        .take(area.height as usize)
        .cloned()
        .collect();
    frame.render_widget(Paragraph::new(shown), area);
    // The field being typed in: the text area over its value.
    if let Some(e) = &st.editing
        && let Some(b) = layout.blocks.iter().find(|b| b.field == st.focus)
    {
        let top = b.start.max(offset);
        let bottom = (b.start + b.len).min(offset + area.height as usize);
        if bottom > top && b.indent < area.width {
            let r = Rect {
                x: area.x + b.indent,
                y: area.y + (top - offset) as u16,
                width: area.width - b.indent,
                height: (bottom - top) as u16,
            };
            frame.render_widget(&e.area, r);
        }
    }
}

/// The outline's Extracts line: how many addressees; once signed, how many are still not
/// delivered, counted as the sessions list counts them.
fn extracts_entry(st: &Protocol, doc: &ProtocolDoc, ps: &ProtocolStrings) -> String {
    let all = doc.addressees();
    let out = all
        .iter()
        .filter(|o| !st.deliveries.iter().any(|d| d.organization_id == **o))
        .count();
    if doc.protocol.is_signed() && out > 0 {
        ps.page_extracts_out.fill([&out])
    } else {
        ps.page_extracts.fill([&all.len()])
    }
}
