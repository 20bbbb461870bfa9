//! Where things go on the editor's screen: its areas, and the lines of each page with the
//! place of every field among them (shared by drawing and mouse hits).

use crate::theme;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::domain::date;
use crate::domain::protocol::{Decision, Delivery, Item, ProtocolDoc, Votes, quorum};
use crate::i18n::Strings;
use crate::i18n::protocol::ProtocolStrings;

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
        theme::selected()
    } else {
        Style::default()
    }
}

fn dim() -> Style {
    theme::muted()
}

/// A page being laid out: its lines so far, and where each field was put among them.
struct Sheet<'a> {
    doc: &'a ProtocolDoc,
    st: &'a Protocol,
    ps: &'static ProtocolStrings,
    /// Every field of the protocol, as [`fields`] lists them.
    all: Vec<(usize, FieldKey)>,
    width: usize,
    lines: Vec<Line<'static>>,
    blocks: Vec<FieldBlock>,
}

impl Sheet<'_> {
    fn heading(&mut self, t: &str) {
        self.lines.push(Line::from(Span::styled(
            t.to_string(),
            theme::accent_bold(),
        )));
    }

    /// A grey line: nothing there yet, or a note.
    fn note(&mut self, t: String) {
        self.lines.push(Line::from(Span::styled(t, dim())));
    }

    fn blank(&mut self) {
        self.lines.push(Line::from(""));
    }

    fn hanging(&mut self, lead: &str, text: &str) {
        hanging(&mut self.lines, lead, text, self.width);
    }

    fn index_of(&self, k: FieldKey) -> Option<usize> {
        self.all.iter().position(|f| f.1 == k)
    }

    /// A labelled field: the label, then the value wrapped beside it.
    fn put(
        &mut self,
        field: usize,
        label: String,
        value: String,
        placeholder: &str,
        value_style: Style,
    ) {
        let key = self.all[field].1;
        let focused = field == self.st.focus;
        let indent = label.width().min(self.width.saturating_sub(4));
        let typed = self.st.editing.as_ref().filter(|e| e.key == key);
        let editing = typed.is_some();
        let text = match typed {
            Some(e) => e.text(),
            None => value,
        };
        let room = self.width.saturating_sub(indent).max(1);
        let mut wrapped = wrap(&text, room);
        if editing && key.multiline() {
            wrapped.push(String::new());
        }
        let start = self.lines.len();
        let style = focus_style(focused, editing);
        let label_style = if focused {
            theme::key()
        } else {
            Style::default().add_modifier(Modifier::BOLD)
        };
        for (k, w) in wrapped.into_iter().enumerate() {
            let lead = if k == 0 {
                label.clone()
            } else {
                " ".repeat(indent)
            };
            let mut spans = vec![Span::styled(lead, label_style)];
            if text.is_empty() && k == 0 && !editing {
                spans.push(Span::styled(placeholder.to_string(), dim().patch(style)));
            } else {
                spans.push(Span::styled(w, value_style.patch(style)));
            }
            self.lines.push(Line::from(spans));
        }
        self.blocks.push(FieldBlock {
            field,
            start,
            len: self.lines.len() - start,
            indent: indent as u16,
        });
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
    let all = fields(doc);
    let page = all.get(st.focus).map_or(0, |f| f.0);
    let mut sheet = Sheet {
        doc,
        st,
        ps: s.protocol,
        all,
        width: width as usize,
        lines: Vec::new(),
        blocks: Vec::new(),
    };
    match pages(doc).get(page).copied().unwrap_or(Page::Header) {
        Page::Header => header_page(&mut sheet),
        Page::Attendance => attendance_page(&mut sheet, s),
        Page::Item(n) => {
            if let Some(item) = doc.items.get(n) {
                item_page(&mut sheet, item, russian);
            }
        }
        Page::Extracts => extracts_page(&mut sheet, russian),
    }
    PageLayout {
        lines: sheet.lines,
        blocks: sheet.blocks,
    }
}

/// Where and when, who presided and kept the record, the paper's form, the invited, the
/// agenda.
fn header_page(sh: &mut Sheet) {
    let (doc, ps) = (sh.doc, sh.ps);
    let p = &doc.protocol;
    sh.heading(&format!(
        "{} · {}",
        ps.page_header,
        ps.session_line
            .fill([&doc.session.label(), &date::format(p.date)])
    ));
    if let Some(a) = &p.amends_label {
        sh.lines.push(Line::from(ps.amends.fill([a])));
    }
    for (k, label) in [
        (FieldKey::Place, ps.f_place),
        (FieldKey::Presiding, ps.f_presiding),
        (FieldKey::Secretary, ps.f_secretary),
    ] {
        if let (Some(i), Some((v, _))) = (sh.index_of(k), field_value(doc, k)) {
            sh.put(i, format!("{label}: "), v, ps.empty, Style::default());
        }
    }
    if let Some(i) = sh.index_of(FieldKey::ShortForm) {
        sh.put(
            i,
            format!("{}: ", ps.f_paper_form),
            ps.paper_forms[usize::from(p.short_form)].to_string(),
            "",
            Style::default(),
        );
    }
    sh.blank();
    sh.heading(&format!("{} ({})", ps.invited, doc.invited.len()));
    if doc.invited.is_empty() {
        sh.note(format!("  {}", ps.none_invited));
    }
    for inv in &doc.invited {
        let mut l = inv.full_name.clone();
        if !inv.position.is_empty() {
            l = format!("{l}, {}", inv.position);
        }
        sh.hanging("  — ", &l);
    }
    sh.blank();
    sh.heading(ps.agenda);
    for item in &doc.items {
        sh.hanging(&format!("  {}. ", item.position), &item.title);
    }
}

/// The quorum and its rule, then every member: present or not, and why not.
fn attendance_page(sh: &mut Sheet, s: &Strings) {
    let (doc, st, ps) = (sh.doc, sh.st, sh.ps);
    let q = quorum(&doc.attendance, st.rule);
    sh.heading(&ps.quorum_line.fill([&q.present, &q.members, &q.needed]));
    if let Some(i) = sh.index_of(FieldKey::Rule) {
        sh.put(
            i,
            format!("{}: ", ps.f_rule),
            ps.rules[st.rule.index()].to_string(),
            "",
            Style::default(),
        );
    }
    for a in &doc.attendance {
        let Some(i) = sh.index_of(FieldKey::Present(a.member_id)) else {
            continue;
        };
        let mark = if a.present { "[✓] " } else { "[ ] " };
        let role = s.roles[a.role.index()];
        sh.put(
            i,
            mark.to_string(),
            format!("{} — {}", a.full_name, role),
            "",
            if a.present {
                Style::default()
            } else {
                theme::alarm()
            },
        );
        if let Some(r) = sh.index_of(FieldKey::Reason(a.member_id)) {
            sh.put(
                r,
                format!("      {}: ", ps.f_reason),
                a.absence_reason.clone(),
                ps.empty,
                Style::default(),
            );
        }
    }
}

/// An item: its title, HEARD, SPOKE, DECIDED.
fn item_page(sh: &mut Sheet, item: &Item, russian: bool) {
    let ps = sh.ps;
    if let Some(i) = sh.index_of(FieldKey::ItemTitle(item.id)) {
        let mut title = format!("{}. ", item.position);
        if item.agenda_item_id.is_none() {
            title = format!("{}. ({}) ", item.position, ps.not_on_agenda);
        }
        sh.put(
            i,
            title,
            item.title.clone(),
            ps.empty,
            Style::default().add_modifier(Modifier::BOLD),
        );
    }
    if let Some(i) = sh.index_of(FieldKey::HeardSpeaker(item.id)) {
        sh.put(
            i,
            format!("{}: ", ps.heard),
            item.heard_speaker.clone(),
            ps.speaker_placeholder,
            Style::default(),
        );
    }
    if let Some(i) = sh.index_of(FieldKey::HeardSummary(item.id)) {
        sh.put(
            i,
            "    ".into(),
            item.heard_summary.clone(),
            ps.summary_placeholder,
            Style::default(),
        );
    }
    sh.heading(&format!("{}:", ps.spoke));
    if item.speeches.is_empty() {
        sh.note(format!("  {}", ps.no_speakers));
    }
    for (k, sp) in item.speeches.iter().enumerate() {
        if let Some(i) = sh.index_of(FieldKey::SpeechSpeaker(sp.id)) {
            sh.put(
                i,
                format!("  {}) ", k + 1),
                sp.speaker.clone(),
                ps.speaker_placeholder,
                Style::default(),
            );
        }
        if let Some(i) = sh.index_of(FieldKey::SpeechSummary(sp.id)) {
            sh.put(
                i,
                "      ".into(),
                sp.summary.clone(),
                ps.summary_placeholder,
                Style::default(),
            );
        }
    }
    sh.heading(&format!("{}:", ps.decided));
    if item.decisions.is_empty() {
        sh.note(format!("  {}", ps.no_decisions));
    }
    for d in &item.decisions {
        decision_lines(sh, d, russian);
    }
}

/// A decision point: its text, its vote, and the tasks made of it.
fn decision_lines(sh: &mut Sheet, d: &Decision, russian: bool) {
    let ps = sh.ps;
    let lead = format!("  {}. ", d.number);
    let pad = " ".repeat(lead.width());
    if let Some(i) = sh.index_of(FieldKey::DecisionText(d.id)) {
        sh.put(
            i,
            lead,
            d.text.clone(),
            ps.decision_placeholder,
            Style::default(),
        );
    }
    if let Some(i) = sh.index_of(FieldKey::Votes(d.id)) {
        sh.put(
            i,
            format!("{pad}{}: ", ps.f_votes),
            d.votes.map(Votes::format).unwrap_or_default(),
            ps.votes_placeholder,
            theme::quiet(),
        );
    }
    for t in &d.tasks {
        if let Some(i) = sh.index_of(FieldKey::Task(t.id)) {
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
            sh.put(i, format!("{pad}→ "), line, "", theme::good());
        }
    }
}

/// Who gets an extract, with how many points, and whether it was delivered.
fn extracts_page(sh: &mut Sheet, russian: bool) {
    let (doc, st, ps) = (sh.doc, sh.st, sh.ps);
    sh.heading(ps.page_extracts_title);
    if !doc.protocol.is_signed() {
        sh.note(ps.extracts_after_signing.to_string());
    }
    let orgs = doc.addressees();
    if orgs.is_empty() {
        sh.note(ps.no_extracts.to_string());
    }
    for o in orgs {
        let Some(i) = sh.index_of(FieldKey::Extract(o)) else {
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
            Some(d) => {
                let mut state = ps.delivered.fill([
                    &date::format(d.delivered_on),
                    &ps.ways[d.way.index()],
                    &d.received_by,
                ]);
                // The outgoing number, when one was entered.
                if !d.doc_number.trim().is_empty() {
                    state = format!("{state}, {} {}", ps.f_doc_number, d.doc_number.trim());
                }
                (state, theme::good())
            }
            None => (ps.not_delivered.to_string(), theme::alarm()),
        };
        // Marked with Space to be sent by e-mail (Alt-E).
        let mark = if st.is_marked(o) { "✓ " } else { "  " };
        sh.put(
            i,
            mark.into(),
            format!("{name} · {} · {state}", ps.points.fill([&points])),
            "",
            style,
        );
    }
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
