//! Where things go on the editor's screen: its areas, and the lines of each page with the
//! place of every field among them (shared by drawing and mouse hits).

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::domain::date;
use crate::domain::protocol::{Delivery, ProtocolDoc, Votes, quorum};
use crate::i18n::{Strings, fill};

use super::{FieldKey, Page, Protocol, field_value, fields, pages};

pub struct EditorAreas {
    pub head: Rect,
    pub outline: Rect,
    pub page: Rect,
}

pub fn editor_areas(body: Rect) -> EditorAreas {
    let [head, rest] = Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(body);
    let outline_w = (body.width / 4).clamp(10, 30);
    let [outline, page] =
        Layout::horizontal([Constraint::Length(outline_w), Constraint::Fill(1)]).areas(rest);
    EditorAreas {
        head,
        outline,
        page,
    }
}

pub(super) fn inner(r: Rect) -> Rect {
    Rect {
        x: r.x.saturating_add(1),
        y: r.y.saturating_add(1),
        width: r.width.saturating_sub(2),
        height: r.height.saturating_sub(2),
    }
}

/// Break `text` into lines of at most `width` cells: at spaces when it can, inside a word
/// when the word is longer than the line; `\n` always breaks.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for word in para.split(' ') {
            let w = word.width();
            let sep = usize::from(!line.is_empty());
            if used + sep + w <= width {
                if sep == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                used += sep + w;
                continue;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
                used = 0;
            }
            for c in word.chars() {
                let cw = c.width().unwrap_or(0);
                if used + cw > width && !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push(c);
                used += cw;
            }
        }
        out.push(line);
    }
    out
}

/// `lead` then `text` wrapped, the following lines indented as far as the text begins.
fn hanging(lines: &mut Vec<Line<'static>>, lead: &str, text: &str, width: usize) {
    let indent = lead.width().min(width.saturating_sub(4));
    for (k, w) in wrap(text, width.saturating_sub(indent).max(1))
        .into_iter()
        .enumerate()
    {
        let head = if k == 0 {
            lead.to_string()
        } else {
            " ".repeat(indent)
        };
        lines.push(Line::from(format!("{head}{w}")));
    }
}

/// One field's lines on the page.
pub struct FieldBlock {
    /// Index into [`fields`].
    pub field: usize,
    pub start: usize,
    pub len: usize,
    /// Cells before the value (label or indent), where typing starts.
    pub indent: u16,
}

pub struct PageLayout {
    pub lines: Vec<Line<'static>>,
    pub blocks: Vec<FieldBlock>,
}

fn focus_style(focused: bool, typing: bool) -> Style {
    if focused && !typing {
        Style::default().bg(Color::Blue).fg(Color::White)
    } else {
        Style::default()
    }
}

/// The lines of the focused field's page, and where each field is among them.
pub fn page_layout(
    doc: &ProtocolDoc,
    st: &Protocol,
    s: &Strings,
    russian: bool,
    width: u16,
) -> PageLayout {
    let ps = s.protocol;
    let all = fields(doc);
    let page = all.get(st.focus).map_or(0, |f| f.0);
    let width = width as usize;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut blocks = Vec::new();
    let heading = |lines: &mut Vec<Line<'static>>, t: &str| {
        lines.push(Line::from(Span::styled(
            t.to_string(),
            Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
        )));
    };
    let dim = Style::default().fg(Color::DarkGray);
    let typing = st.editing.as_ref().map(|e| e.key);
    // A labelled field: the label, then the value wrapped beside it.
    let mut put = |lines: &mut Vec<Line<'static>>,
                   field: usize,
                   label: String,
                   value: String,
                   placeholder: &str,
                   value_style: Style| {
        let key = all[field].1;
        let focused = field == st.focus;
        let indent = label.width().min(width.saturating_sub(4));
        let editing = typing == Some(key);
        let text = match (&st.editing, editing) {
            (Some(e), true) => e.text(),
            _ => value,
        };
        let room = width.saturating_sub(indent).max(1);
        let mut wrapped = wrap(&text, room);
        if editing && key.multiline() {
            wrapped.push(String::new());
        }
        let start = lines.len();
        let style = focus_style(focused, editing);
        for (k, w) in wrapped.iter().enumerate() {
            let lead = if k == 0 {
                label.clone()
            } else {
                " ".repeat(indent)
            };
            let mut spans = vec![Span::styled(
                lead,
                if focused {
                    Style::default()
                        .fg(Color::Yellow)
                        .add_modifier(Modifier::BOLD)
                } else {
                    Style::default().add_modifier(Modifier::BOLD)
                },
            )];
            if text.is_empty() && k == 0 && !editing {
                spans.push(Span::styled(placeholder.to_string(), dim.patch(style)));
            } else {
                spans.push(Span::styled(w.clone(), value_style.patch(style)));
            }
            lines.push(Line::from(spans));
        }
        blocks.push(FieldBlock {
            field,
            start,
            len: lines.len() - start,
            indent: indent as u16,
        });
    };
    let index_of = |k: FieldKey| all.iter().position(|f| f.1 == k);
    match pages(doc).get(page).copied().unwrap_or(Page::Header) {
        Page::Header => {
            let p = &doc.protocol;
            heading(
                &mut lines,
                &format!(
                    "{} · {}",
                    ps.page_header,
                    fill(
                        ps.session_line,
                        &[&doc.session.label(), &date::format(p.date)]
                    )
                ),
            );
            if let Some(a) = &p.amends_label {
                lines.push(Line::from(fill(ps.amends, &[a])));
            }
            for (k, label) in [
                (FieldKey::Place, ps.f_place),
                (FieldKey::Presiding, ps.f_presiding),
                (FieldKey::Secretary, ps.f_secretary),
            ] {
                if let (Some(i), Some((v, _))) = (index_of(k), field_value(doc, k)) {
                    put(
                        &mut lines,
                        i,
                        format!("{label}: "),
                        v,
                        ps.empty,
                        Style::default(),
                    );
                }
            }
            if let Some(i) = index_of(FieldKey::ShortForm) {
                put(
                    &mut lines,
                    i,
                    format!("{}: ", ps.f_paper_form),
                    ps.paper_forms[usize::from(p.short_form)].to_string(),
                    "",
                    Style::default(),
                );
            }
            lines.push(Line::from(""));
            heading(
                &mut lines,
                &format!("{} ({})", ps.invited, doc.invited.len()),
            );
            if doc.invited.is_empty() {
                lines.push(Line::from(Span::styled(
                    format!("  {}", ps.none_invited),
                    dim,
                )));
            }
            for inv in &doc.invited {
                let mut l = inv.full_name.clone();
                if !inv.position.is_empty() {
                    l = format!("{l}, {}", inv.position);
                }
                hanging(&mut lines, "  — ", &l, width);
            }
            lines.push(Line::from(""));
            heading(&mut lines, ps.agenda);
            for item in &doc.items {
                hanging(
                    &mut lines,
                    &format!("  {}. ", item.position),
                    &item.title,
                    width,
                );
            }
        }
        Page::Attendance => {
            let q = quorum(&doc.attendance, st.rule);
            heading(
                &mut lines,
                &fill(ps.quorum_line, &[&q.present, &q.members, &q.needed]),
            );
            if let Some(i) = index_of(FieldKey::Rule) {
                put(
                    &mut lines,
                    i,
                    format!("{}: ", ps.f_rule),
                    ps.rules[st.rule.index()].to_string(),
                    "",
                    Style::default(),
                );
            }
            for a in &doc.attendance {
                let Some(i) = index_of(FieldKey::Present(a.member_id)) else {
                    continue;
                };
                let mark = if a.present { "[✓] " } else { "[ ] " };
                let role = s.roles[a.role.index()];
                put(
                    &mut lines,
                    i,
                    mark.to_string(),
                    format!("{} — {}", a.full_name, role),
                    "",
                    if a.present {
                        Style::default()
                    } else {
                        Style::default().fg(Color::Red)
                    },
                );
                if let Some(r) = index_of(FieldKey::Reason(a.member_id)) {
                    put(
                        &mut lines,
                        r,
                        format!("      {}: ", ps.f_reason),
                        a.absence_reason.clone(),
                        ps.empty,
                        Style::default(),
                    );
                }
            }
        }
        Page::Item(n) => {
            let Some(item) = doc.items.get(n) else {
                return PageLayout { lines, blocks };
            };
            if let Some(i) = index_of(FieldKey::ItemTitle(item.id)) {
                let mut title = format!("{}. ", item.position);
                if item.agenda_item_id.is_none() {
                    title = format!("{}. ({}) ", item.position, ps.not_on_agenda);
                }
                put(
                    &mut lines,
                    i,
                    title,
                    item.title.clone(),
                    ps.empty,
                    Style::default().add_modifier(Modifier::BOLD),
                );
            }
            if let Some(i) = index_of(FieldKey::HeardSpeaker(item.id)) {
                put(
                    &mut lines,
                    i,
                    format!("{}: ", ps.heard),
                    item.heard_speaker.clone(),
                    ps.speaker_placeholder,
                    Style::default(),
                );
            }
            if let Some(i) = index_of(FieldKey::HeardSummary(item.id)) {
                put(
                    &mut lines,
                    i,
                    "    ".into(),
                    item.heard_summary.clone(),
                    ps.summary_placeholder,
                    Style::default(),
                );
            }
            heading(&mut lines, &format!("{}:", ps.spoke));
            if item.speeches.is_empty() {
                lines.push(Line::from(Span::styled(
                    format!("  {}", ps.no_speakers),
                    dim,
                )));
            }
            for (k, sp) in item.speeches.iter().enumerate() {
                if let Some(i) = index_of(FieldKey::SpeechSpeaker(sp.id)) {
                    put(
                        &mut lines,
                        i,
                        format!("  {}) ", k + 1),
                        sp.speaker.clone(),
                        ps.speaker_placeholder,
                        Style::default(),
                    );
                }
                if let Some(i) = index_of(FieldKey::SpeechSummary(sp.id)) {
                    put(
                        &mut lines,
                        i,
                        "      ".into(),
                        sp.summary.clone(),
                        ps.summary_placeholder,
                        Style::default(),
                    );
                }
            }
            heading(&mut lines, &format!("{}:", ps.decided));
            if item.decisions.is_empty() {
                lines.push(Line::from(Span::styled(
                    format!("  {}", ps.no_decisions),
                    dim,
                )));
            }
            for d in &item.decisions {
                let lead = format!("  {}. ", d.number);
                let pad = " ".repeat(lead.width());
                if let Some(i) = index_of(FieldKey::DecisionText(d.id)) {
                    put(
                        &mut lines,
                        i,
                        lead.clone(),
                        d.text.clone(),
                        ps.decision_placeholder,
                        Style::default(),
                    );
                }
                if let Some(i) = index_of(FieldKey::Votes(d.id)) {
                    put(
                        &mut lines,
                        i,
                        format!("{pad}{}: ", ps.f_votes),
                        d.votes.map(Votes::format).unwrap_or_default(),
                        ps.votes_placeholder,
                        Style::default().fg(Color::Gray),
                    );
                }
                for t in &d.tasks {
                    if let Some(i) = index_of(FieldKey::Task(t.id)) {
                        let mut line = format!(
                            "{} · {} {}",
                            t.executor(russian),
                            ps.until,
                            date::format(t.deadline)
                        );
                        if !t.co_executors.is_empty() {
                            let co: Vec<&str> = t
                                .co_executors
                                .iter()
                                .map(|c| {
                                    if russian && !c.2.is_empty() {
                                        c.2.as_str()
                                    } else {
                                        c.1.as_str()
                                    }
                                })
                                .collect();
                            line = format!("{line} · {} {}", ps.with_co, co.join(", "));
                        }
                        put(
                            &mut lines,
                            i,
                            format!("{pad}→ "),
                            line,
                            "",
                            Style::default().fg(Color::Green),
                        );
                    }
                }
            }
        }
        Page::Extracts => {
            heading(&mut lines, ps.page_extracts_title);
            if !doc.protocol.is_signed() {
                lines.push(Line::from(Span::styled(
                    ps.extracts_after_signing.to_string(),
                    dim,
                )));
            }
            let orgs = doc.addressees();
            if orgs.is_empty() {
                lines.push(Line::from(Span::styled(ps.no_extracts.to_string(), dim)));
            }
            for o in orgs {
                let Some(i) = index_of(FieldKey::Extract(o)) else {
                    continue;
                };
                let name = st
                    .org(o)
                    .map(|x| x.name(russian).to_string())
                    .unwrap_or_else(|| format!("#{o}"));
                let points = doc
                    .decisions()
                    .filter(|d| d.tasks.iter().any(|t| t.addressees().contains(&o)))
                    .count();
                let delivered: Vec<&Delivery> = st
                    .deliveries
                    .iter()
                    .filter(|d| d.organization_id == o)
                    .collect();
                let (state, style) = match delivered.last() {
                    Some(d) => (
                        fill(
                            ps.delivered,
                            &[
                                &date::format(d.delivered_on),
                                &ps.ways[d.way.index()],
                                &d.received_by,
                            ],
                        ),
                        Style::default().fg(Color::Green),
                    ),
                    None => (
                        ps.not_delivered.to_string(),
                        Style::default().fg(Color::Red),
                    ),
                };
                put(
                    &mut lines,
                    i,
                    "  ".into(),
                    format!("{name} · {} · {state}", fill(ps.points, &[&points])),
                    "",
                    style,
                );
            }
        }
    }
    PageLayout { lines, blocks }
}

/// The first line shown: the top while the focused field fits, else enough to show it.
pub fn scroll_offset(layout: &PageLayout, focus: usize, height: usize) -> usize {
    let Some(b) = layout.blocks.iter().find(|b| b.field == focus) else {
        return 0;
    };
    let end = b.start + b.len;
    if end <= height {
        0
    } else {
        (end - height).min(b.start)
    }
}
