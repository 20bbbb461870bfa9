//! The Reports tab: the monthly report to the Republican HQ — a month picker, the figures
//! previewed on screen, the secretary's narrative (a multi-line editor), "issue" that
//! freezes a numbered snapshot, and the register of issued reports.

use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, BorderType, Borders, Cell, Clear, Paragraph, Row, Table, TableState, Wrap,
};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use crate::action::Action;
use crate::app::{App, FormTarget};
use crate::docs::report::{self as paper, ReportPaper};
use crate::domain::date;
use crate::domain::report::{Month, MonthlyReport};
use crate::domain::{Role, validate};
use crate::i18n::{Lang, Strings, fill};
use crate::store::IssuedReport;
use crate::widgets::form::{Choices, Field, Form, truncate_to};
use crate::widgets::list::Cursor;
use crate::widgets::look::{header, highlight, pane_block};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    #[default]
    Preview,
    Register,
}

/// The narrative being written.
#[derive(Debug, Clone)]
pub struct Editor {
    pub month: Month,
    /// The draft's version when it was opened (0: none saved yet).
    pub version: i64,
    pub text: TextArea<'static>,
    pub dirty: bool,
}

impl Editor {
    fn new(month: Month, version: i64, narrative: &str) -> Editor {
        let mut text = TextArea::new(narrative.split('\n').map(String::from).collect());
        text.set_wrap_mode(WrapMode::WordOrGlyph);
        text.set_cursor_line_style(Style::default());
        text.move_cursor(CursorMove::Bottom);
        text.move_cursor(CursorMove::End);
        Editor {
            month,
            version,
            text,
            dirty: false,
        }
    }

    pub fn value(&self) -> String {
        self.text.lines().join("\n")
    }
}

#[derive(Debug, Default)]
pub struct State {
    pub pane: Pane,
    /// The month chosen (set on the first visit).
    pub month: Option<Month>,
    /// The report of the month as it stands (a draft).
    pub live: Option<MonthlyReport>,
    /// The register, newest first.
    pub issued: Vec<IssuedReport>,
    pub cursor: Cursor,
    /// Lines the preview is scrolled by.
    pub scroll: u16,
    pub editor: Option<Editor>,
}

impl State {
    pub fn selected_issued(&self) -> Option<&IssuedReport> {
        self.issued.get(self.cursor.selected)
    }

    /// What the preview shows: the selected issued report in the register pane, else the
    /// month's live figures.
    pub fn shown(&self) -> Option<MonthlyReport> {
        match self.pane {
            Pane::Register => self
                .selected_issued()
                .and_then(|i| i.report().ok())
                .or_else(|| self.live.clone()),
            Pane::Preview => self.live.clone(),
        }
    }

    /// The latest issued report of the chosen month.
    pub fn latest_of_month(&self) -> Option<&IssuedReport> {
        let m = self.month?.to_string();
        self.issued.iter().find(|r| r.month == m)
    }
}

/// The month a visit starts on: the current one, or the previous one in the first ten days
/// (when last month's report is being made).
pub fn default_month(today: NaiveDate) -> Month {
    let m = Month::of(today);
    if today.day() <= 10 { m.prev() } else { m }
}

pub struct Areas {
    pub preview: Rect,
    pub by_kind: Rect,
    pub register: Rect,
}

pub fn areas(body: Rect) -> Areas {
    let [preview, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Fill(1)]).areas(body);
    let [by_kind, register] =
        Layout::vertical([Constraint::Length(14), Constraint::Fill(1)]).areas(right);
    Areas {
        preview,
        by_kind,
        register,
    }
}

fn rows_in(area: Rect) -> usize {
    area.height.saturating_sub(3) as usize
}

// ---------- forms and confirmations ----------

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Write an issued report (by id) or the month's draft.
    Write {
        report_id: Option<i64>,
        month: Month,
    },
}

pub fn write_form(path: &str, lang: Lang, report_id: Option<i64>, month: Month) -> Form<Target> {
    Form::new(
        |s| s.plan.form_write,
        vec![
            Field::choice(|s| s.f_format, Choices::Fixed(|s| &s.plan.formats), 0),
            Field::choice(
                |s| s.f_doc_lang,
                Choices::Fixed(|s| &s.doc_langs),
                usize::from(lang == Lang::Ru),
            ),
            Field::text(|s| s.f_path, path),
        ],
        Target::Write { report_id, month },
    )
}

pub fn check_field(fields: &mut [Field], _target: &Target, index: usize) {
    if index == 2
        && let Some(f) = fields.get_mut(2)
    {
        f.error = validate::required(f.text_value())
            .err()
            .map(super::field_error_label);
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    Issue { month: Month },
    DiscardNarrative,
}

pub fn question(p: &Pending, s: &Strings, st: &State, today: NaiveDate, next: &str) -> String {
    let pl = s.plan;
    match p {
        Pending::Issue { month } => {
            let label = paper::month_label(&month.to_string(), s);
            let mut q = match st.latest_of_month() {
                Some(old) => fill(pl.confirm_correct, &[&label, &old.label(), &next]),
                None => fill(pl.confirm_issue, &[&label, &next]),
            };
            if month.last() >= today {
                q.push('\n');
                q.push_str(&fill(
                    pl.confirm_early,
                    &[&date::format(month.as_of(today))],
                ));
            }
            q
        }
        Pending::DiscardNarrative => s.confirm_discard.to_string(),
    }
}

// ---------- behaviour ----------

impl App {
    fn reports_areas(&self) -> Areas {
        areas(self.body())
    }

    pub(crate) fn refresh_reports(&mut self) {
        let month = *self
            .reports
            .month
            .get_or_insert_with(|| default_month(self.today));
        let selected = self.reports.selected_issued().map(|r| r.id);
        let result = self
            .store
            .monthly_report(month, self.today)
            .and_then(|live| self.store.issued_reports().map(|i| (live, i)));
        match result {
            Ok((live, issued)) => {
                self.reports.live = Some(live);
                self.reports.issued = issued;
            }
            Err(e) => return self.store_error(e),
        }
        let h = rows_in(self.reports_areas().register);
        let r = &mut self.reports;
        if let Some(i) = selected.and_then(|id| r.issued.iter().position(|x| x.id == id)) {
            r.cursor.selected = i;
        }
        r.cursor.clamp(r.issued.len(), h);
    }

    pub(crate) fn resize_reports(&mut self) {
        let h = rows_in(self.reports_areas().register);
        let r = &mut self.reports;
        r.cursor.clamp(r.issued.len(), h);
    }

    /// Is the narrative editor open (its keys then take every action)?
    pub(crate) fn editing_narrative(&self) -> bool {
        self.reports.editor.is_some()
    }

    fn set_month(&mut self, month: Month) {
        self.reports.month = Some(month);
        self.reports.scroll = 0;
        self.refresh();
    }

    pub(crate) fn click_reports(&mut self, column: u16, row: u16) {
        if self.editing_narrative() {
            return;
        }
        let a = self.reports_areas();
        let inside =
            |r: Rect| column >= r.x && column < r.right() && row >= r.y && row < r.bottom();
        if inside(a.register) {
            self.reports.pane = Pane::Register;
            let (len, h) = (self.reports.issued.len(), rows_in(a.register));
            self.reports.cursor.click(row, a.register, len, h);
        } else if inside(a.preview) {
            self.reports.pane = Pane::Preview;
        }
    }

    pub(crate) fn update_reports(&mut self, action: Action) {
        if self.editing_narrative() {
            return self.update_narrative(action);
        }
        let s = self.strings();
        let h = rows_in(self.reports_areas().register).max(1) as isize;
        let month = self
            .reports
            .month
            .unwrap_or_else(|| default_month(self.today));
        match action {
            Action::NextChoice => self.set_month(month.next()),
            Action::PrevChoice => self.set_month(month.prev()),
            Action::FocusNext | Action::FocusPrev => {
                self.reports.pane = match self.reports.pane {
                    Pane::Preview => Pane::Register,
                    Pane::Register => Pane::Preview,
                };
                self.reports.scroll = 0;
            }
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::First
            | Action::Last
            | Action::ScrollUp
            | Action::ScrollDown => {
                let delta = match action {
                    Action::Up | Action::ScrollUp => -1,
                    Action::Down | Action::ScrollDown => 1,
                    Action::PageUp => -h,
                    Action::PageDown => h,
                    Action::First => isize::MIN / 2,
                    _ => isize::MAX / 2,
                };
                match self.reports.pane {
                    Pane::Register => {
                        let a = self.reports_areas();
                        let r = &mut self.reports;
                        r.cursor.move_by(delta, r.issued.len(), rows_in(a.register));
                        r.scroll = 0;
                    }
                    Pane::Preview => {
                        let r = &mut self.reports;
                        r.scroll = (r.scroll as isize + delta).clamp(0, 200) as u16;
                    }
                }
            }
            Action::Edit => match self.store.report_narrative(month) {
                Ok((text, version)) => {
                    self.reports.editor = Some(Editor::new(month, version, &text));
                }
                Err(e) => self.store_error(e),
            },
            Action::Issue => {
                self.confirm = Some(crate::app::Pending::Reports(Pending::Issue { month }));
            }
            Action::WriteDocument => {
                let (id, m) = match self.reports.pane {
                    Pane::Register => match self.reports.selected_issued() {
                        Some(r) => (Some(r.id), Month::parse(&r.month).unwrap_or(month)),
                        None => return self.error(s.err_nothing_selected),
                    },
                    Pane::Preview => (self.reports.latest_of_month().map(|r| r.id), month),
                };
                let name = match id.and_then(|id| self.reports.issued.iter().find(|r| r.id == id)) {
                    Some(r) => format!("report-{m}-{}-{}.docx", r.number, r.year),
                    None => format!("report-{m}.docx"),
                };
                let path = self.documents_dir.join(name);
                let form = write_form(&path.to_string_lossy(), self.lang, id, m);
                self.open_form(form.map(FormTarget::Reports));
            }
            _ => {}
        }
    }

    fn update_narrative(&mut self, action: Action) {
        let s = self.strings();
        let Some(ed) = self.reports.editor.as_mut() else {
            return;
        };
        let t = &mut ed.text;
        let edited = match action {
            Action::Input(c) => {
                t.insert_char(if c.is_control() { ' ' } else { c });
                true
            }
            Action::NewLine => {
                t.insert_newline();
                true
            }
            Action::Backspace => t.delete_char(),
            Action::DeleteChar => t.delete_next_char(),
            Action::CursorHome => {
                t.move_cursor(CursorMove::Head);
                false
            }
            Action::CursorEnd => {
                t.move_cursor(CursorMove::End);
                false
            }
            Action::Up | Action::ScrollUp => {
                t.move_cursor(CursorMove::Up);
                false
            }
            Action::Down | Action::ScrollDown => {
                t.move_cursor(CursorMove::Down);
                false
            }
            Action::PrevChoice => {
                t.move_cursor(CursorMove::Back);
                false
            }
            Action::NextChoice => {
                t.move_cursor(CursorMove::Forward);
                false
            }
            Action::Save => {
                let (month, version, text) = (ed.month, ed.version, ed.value());
                match self.store.save_report_narrative(month, &text, version) {
                    Ok(()) => {
                        self.reports.editor = None;
                        self.refresh();
                        self.info(s.plan.msg_narrative_saved);
                    }
                    Err(e) => self.store_error(e),
                }
                return;
            }
            Action::Cancel | Action::Quit => {
                if ed.dirty {
                    self.confirm = Some(if action == Action::Quit {
                        crate::app::Pending::QuitDiscarding
                    } else {
                        crate::app::Pending::Reports(Pending::DiscardNarrative)
                    });
                } else {
                    self.reports.editor = None;
                    if action == Action::Quit {
                        self.quit = true;
                    }
                }
                return;
            }
            _ => false,
        };
        ed.dirty |= edited;
    }

    pub(crate) fn carry_out_reports(&mut self, pending: Pending) {
        let s = self.strings();
        match pending {
            Pending::DiscardNarrative => self.reports.editor = None,
            Pending::Issue { month } => {
                let by = self.secretary_name();
                match self.store.issue_report(month, self.today, &by) {
                    Ok(r) => {
                        self.refresh();
                        self.info(&fill(s.plan.msg_issued, &[&r.label()]));
                    }
                    Err(e) => self.store_error(e),
                }
            }
        }
    }

    /// Who issues: the secretary serving today, else the operating-system login.
    fn secretary_name(&self) -> String {
        self.store
            .all_members()
            .ok()
            .and_then(|ms| {
                ms.into_iter()
                    .find(|m| m.role == Role::Secretary && m.serves_on(self.today))
            })
            .map(|m| m.full_name)
            .unwrap_or_else(crate::store::current_user)
    }

    /// The number the next issued report gets: "4/2026".
    pub(crate) fn next_report_label(&self) -> String {
        let year = self.today.year();
        let n = self
            .reports
            .issued
            .iter()
            .filter(|r| r.year == year)
            .map(|r| r.number)
            .max()
            .unwrap_or(0)
            + 1;
        format!("{n}/{year}")
    }

    pub(crate) fn save_reports_form(&mut self, target: Target) {
        let s = self.strings();
        let Some(form) = self.form.as_mut() else {
            return;
        };
        let Target::Write { report_id, month } = target;
        if validate::required(form.fields[2].text_value()).is_err() {
            form.fields[2].error = Some(|s| s.err_required);
            return self.error(s.err_fix_fields);
        }
        let format = form.fields[0].choice_index().min(2);
        let lang = if form.fields[1].choice_index() == 1 {
            Lang::Ru
        } else {
            Lang::Ky
        };
        let ext = ["docx", "xlsx", "json"][format];
        let path = std::path::PathBuf::from(form.fields[2].text_value().trim()).with_extension(ext);
        let report = match report_id {
            Some(id) => match self.store.issued_report(id).map(|r| r.report()) {
                Ok(Ok(r)) => r,
                Ok(Err(e)) => return self.error(&fill(s.plan.err_bad_payload, &[&e])),
                Err(e) => return self.store_error(e),
            },
            None => match self.store.monthly_report(month, self.today) {
                Ok(r) => r,
                Err(e) => return self.store_error(e),
            },
        };
        let bytes = match format {
            2 => serde_json::to_string_pretty(&report)
                .map(|t| (t + "\n").into_bytes())
                .map_err(|e| e.to_string()),
            _ => match ReportPaper::load(&self.store, &report, lang) {
                Ok(p) if format == 0 => {
                    crate::docs::to_docx(&p.document(lang)).map_err(|e| e.to_string())
                }
                Ok(p) => p.xlsx(lang).map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            },
        };
        match bytes.and_then(|b| crate::docs::write_bytes(&path, &b).map_err(|e| e.to_string())) {
            Ok(()) => {
                self.form = None;
                self.info(&fill(s.msg_written, &[&path.display()]));
            }
            Err(e) => self.error(&fill(s.err_write, &[&path.display(), &e])),
        }
    }
}

// ---------- rendering ----------

fn figure_lines<'a>(heading: &'a str, rows: Vec<(&'static str, i64)>, out: &mut Vec<Line<'a>>) {
    out.push(Line::from(Span::styled(
        heading,
        Style::default()
            .fg(Color::Cyan)
            .add_modifier(Modifier::BOLD),
    )));
    for (label, v) in rows {
        out.push(Line::from(vec![
            Span::raw(format!("  {label}: ")),
            Span::styled(v.to_string(), Style::default().add_modifier(Modifier::BOLD)),
        ]));
    }
}

pub fn render(frame: &mut Frame, body: Rect, s: &Strings, st: &State, today: NaiveDate) {
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
        Some(l) => format!(" ◀ {label} ▶ · {} ", fill(p.issued_as, &[&l])),
        None => format!(" ◀ {label} ▶ · {} ", p.draft),
    };
    let inner_w = a.preview.width.saturating_sub(2) as usize;
    if let Some(r) = &shown {
        let f = &r.figures;
        lines.push(Line::from(Span::styled(
            fill(p.as_of, &[&date::format(r.as_of)]),
            Style::default().fg(Color::DarkGray),
        )));
        if st.pane == Pane::Register
            && let Some(by) = st.selected_issued().and_then(|i| i.replaced_by.as_ref())
        {
            lines.push(Line::from(Span::styled(
                fill(p.replaced_by, &[by]),
                Style::default().fg(Color::Yellow),
            )));
        }
        if let Some(old) = r.issue.as_ref().and_then(|i| i.replaces.as_ref()) {
            lines.push(Line::from(Span::styled(
                fill(p.doc_replaces, &[old]),
                Style::default().fg(Color::Yellow),
            )));
        }
        figure_lines(p.doc_sessions, paper::session_rows(f, s), &mut lines);
        figure_lines(p.doc_tasks, paper::task_rows(f, s), &mut lines);
        figure_lines(p.doc_plan, paper::plan_rows(f, s), &mut lines);
        for m in &r.measures_at_risk {
            let line = format!("   ⚠ {} ({}) {}", m.number, m.overdue_tasks, m.title);
            lines.push(Line::from(Span::styled(
                truncate_to(&line, inner_w),
                Style::default().fg(Color::Red),
            )));
        }
        figure_lines(p.doc_escalations, paper::escalation_rows(f, s), &mut lines);
        lines.push(Line::from(Span::styled(
            p.doc_narrative,
            Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
        )));
        if r.narrative.trim().is_empty() {
            lines.push(Line::from(Span::styled(
                p.narrative_empty,
                Style::default().fg(Color::DarkGray),
            )));
        }
        for l in r.narrative.split('\n') {
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
        let rows = rows.into_iter().enumerate().map(|(i, (name, v))| {
            let mut cells = vec![Cell::from(name)];
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
                Constraint::Fill(1),
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

    // The register.
    let rows = st.issued.iter().map(|r| {
        // A report replaced by a correction is shown dimmed and struck through.
        let style = if r.replaced_by.is_some() {
            Style::default()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::CROSSED_OUT)
        } else {
            Style::default()
        };
        Row::new(vec![
            Cell::from(r.label()),
            Cell::from(r.month.clone()),
            Cell::from(r.issued_on().map(date::format).unwrap_or_default()),
            Cell::from(r.issued_by.clone()),
            Cell::from(r.replaces.clone().unwrap_or_default()),
        ])
        .style(style)
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(7),
            Constraint::Length(7),
            Constraint::Length(10),
            Constraint::Fill(1),
            Constraint::Length(8),
        ],
    )
    .header(header(vec![
        p.col_reg_number,
        p.col_reg_month,
        p.col_reg_issued,
        p.col_reg_by,
        p.col_reg_replaces,
    ]))
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
            Paragraph::new(p.register_empty).style(Style::default().fg(Color::DarkGray)),
            Rect {
                x: a.register.x + 1,
                y: a.register.y + 2,
                width: a.register.width.saturating_sub(2),
                height: 1,
            },
        );
    }

    // The narrative editor, over the tab.
    if let Some(ed) = &st.editor {
        let area = crate::widgets::popup::centered(body, 80, 14);
        frame.render_widget(Clear, area);
        let outer = Block::default()
            .borders(Borders::ALL)
            .border_type(BorderType::Rounded)
            .border_style(Style::default().fg(Color::Cyan))
            .title(Span::styled(
                format!(
                    " {} · {} ",
                    p.form_narrative,
                    paper::month_label(&ed.month.to_string(), s)
                ),
                Style::default().add_modifier(Modifier::BOLD),
            ))
            .title_bottom(format!(" {} ", p.narrative_help));
        let inner = outer.inner(area);
        frame.render_widget(outer, area);
        frame.render_widget(&ed.text, inner);
    }
}
