//! The Reports tab: the monthly report to the Republican HQ — a month picker, the figures
//! previewed on screen, the secretary's narrative (a multi-line editor), "issue" that
//! freezes a numbered snapshot, and the register of issued reports.

use super::component::{Ctx, Screen, TabForms, View};
use crate::theme;
use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, BorderType, Borders, Cell, Clear, Paragraph, Row, Table, TableState, Wrap,
};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use crate::action::Action;
use crate::app::FormTarget;
use crate::docs::report::{self as paper, ReportPaper};
use crate::domain::Role;
use crate::domain::date;
use crate::domain::report::{Month, MonthlyReport, Narrative};
use crate::i18n::{Lang, Strings};
use crate::keymap::Context;
use crate::store::IssuedReport;
use crate::widgets::columns::{Col, cell, constraints, fit};
use crate::widgets::form::paper::{self as paper_form, PaperFormat};
use crate::widgets::form::{Form, truncate_to};
use crate::widgets::list::Cursor;
use crate::widgets::look::{header, highlight, pane_block};

mod render;
mod trend;

pub use render::render;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    #[default]
    Preview,
    Register,
}

/// The narrative being written, in both languages: one is shown and edited at a time (a key
/// switches), both are saved together.
#[derive(Debug, Clone)]
pub struct Editor {
    pub month: Month,
    /// The draft's version when it was opened (0: none saved yet).
    pub version: i64,
    /// The language being written.
    pub text: TextArea<'static>,
    /// The other language's text, kept as it was left.
    pub other: TextArea<'static>,
    /// Is `text` the Russian narrative (else the Kyrgyz one)?
    pub russian: bool,
    pub dirty: bool,
}

fn text_area(narrative: &str) -> TextArea<'static> {
    let mut text = TextArea::new(narrative.split('\n').map(String::from).collect());
    text.set_wrap_mode(WrapMode::WordOrGlyph);
    text.set_cursor_line_style(Style::default());
    text.move_cursor(CursorMove::Bottom);
    text.move_cursor(CursorMove::End);
    text
}

impl Editor {
    /// Opened on the `russian` (else Kyrgyz) narrative: the UI's language.
    fn new(month: Month, version: i64, n: &Narrative, russian: bool) -> Editor {
        let (this, other) = if russian {
            (&n.ru, &n.ky)
        } else {
            (&n.ky, &n.ru)
        };
        Editor {
            month,
            version,
            text: text_area(this),
            other: text_area(other),
            russian,
            dirty: false,
        }
    }

    /// The language being written's text.
    pub fn value(&self) -> String {
        self.text.lines().join("\n")
    }

    /// Both narratives as they stand.
    pub fn narrative(&self) -> Narrative {
        let other = self.other.lines().join("\n");
        if self.russian {
            Narrative {
                ky: other,
                ru: self.value(),
            }
        } else {
            Narrative {
                ky: self.value(),
                ru: other,
            }
        }
    }

    /// Write the other language's narrative now.
    pub fn switch_language(&mut self) {
        std::mem::swap(&mut self.text, &mut self.other);
        self.russian = !self.russian;
    }
}

#[derive(Debug, Default)]
pub struct Reports {
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
    /// The chart of twelve months shown instead of the figures (issue 18), for one kind of
    /// organization or all; its months, read when shown.
    pub chart: bool,
    pub chart_kind: Option<crate::domain::OrgKind>,
    pub trend: Option<crate::domain::trend::Trend>,
}

impl Reports {
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

/// A monthly report's paper: Word, Excel, or JSON for machines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Docx,
    Xlsx,
    Json,
}

impl PaperFormat for ReportFormat {
    const ALL: &'static [Self] = &[Self::Docx, Self::Xlsx, Self::Json];
    fn words(s: &Strings) -> &[&'static str] {
        &s.plan.formats
    }
    fn extension(self) -> &'static str {
        match self {
            Self::Docx => "docx",
            Self::Xlsx => "xlsx",
            Self::Json => "json",
        }
    }
}

/// The write dialog, the papers' shared form: the file name follows the chosen format and
/// language ("report-2026-10-3-2026-ru.xlsx").
pub fn write_form(
    folder: &std::path::Path,
    label: &str,
    lang: Lang,
    report_id: Option<i64>,
    month: Month,
) -> Form<Target> {
    let report = paper_form::Paper {
        title: |s| s.plan.form_write,
        stem: |_| "report",
        label: label.to_string(),
        short_form: None,
    };
    paper_form::form::<_, ReportFormat>(report, lang, folder, Target::Write { report_id, month })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    Issue { month: Month },
    DiscardNarrative,
}

pub fn question(p: &Pending, s: &Strings, st: &Reports, today: NaiveDate, next: &str) -> String {
    let pl = s.plan;
    match p {
        Pending::Issue { month } => {
            let label = paper::month_label(&month.to_string(), s);
            let mut q = match st.latest_of_month() {
                Some(old) => pl.confirm_correct.fill([&label, &old.label(), &next]),
                None => pl.confirm_issue.fill([&label, &next]),
            };
            if month.last() >= today {
                q.push('\n');
                q.push_str(&pl.confirm_early.fill([&date::format(month.as_of(today))]));
            }
            q
        }
        Pending::DiscardNarrative => s.confirm_discard.to_string(),
    }
}

// ---------- behaviour ----------

impl Reports {
    fn reports_areas(&self, cx: &Ctx) -> Areas {
        areas(cx.body)
    }

    pub(crate) fn refresh_reports(&mut self, cx: &mut Ctx) {
        let month = *self.month.get_or_insert_with(|| default_month(cx.today));
        let figures = fetch_reports(cx.store, month, cx.today);
        self.show_reports(cx, month, figures);
    }

    /// As [`Self::refresh_reports`], the month's figures read off the event loop (a tab's
    /// visit: the live report counts the month's tasks).
    fn refresh_reports_later(&mut self, cx: &mut Ctx) {
        let month = *self.month.get_or_insert_with(|| default_month(cx.today));
        let today = cx.today;
        cx.compute(move |store| (month, fetch_reports(store, month, today)));
    }

    fn show_reports(&mut self, cx: &mut Ctx, month: Month, result: ReportFigures) {
        // Another month was chosen meanwhile (and read): this one is not shown.
        if self.month != Some(month) {
            return;
        }
        let result = match result {
            ReportFigures::Month(r) => *r,
            ReportFigures::Trend(t) => return self.take_trend(cx, t),
        };
        let selected = self.selected_issued().map(|r| r.id);
        match result {
            Ok((live, issued)) => {
                self.live = Some(live);
                self.issued = issued;
            }
            Err(e) => return cx.store_error(e),
        }
        let h = rows_in(self.reports_areas(cx).register);
        let r = &mut *self;
        if let Some(i) = selected.and_then(|id| r.issued.iter().position(|x| x.id == id)) {
            r.cursor.selected = i;
        }
        r.cursor.clamp(r.issued.len(), h);
        self.load_trend(cx);
    }

    pub(crate) fn resize_reports(&mut self, cx: &mut Ctx) {
        let h = rows_in(self.reports_areas(cx).register);
        let r = &mut *self;
        r.cursor.clamp(r.issued.len(), h);
    }

    /// Is the narrative editor open (its keys then take every action)?
    pub(crate) fn editing_narrative(&self) -> bool {
        self.editor.is_some()
    }

    /// ←/→: the month's figures (then its trend) come from the worker; until then the
    /// preview shows the previous month's, under its own month's title.
    fn set_month(&mut self, cx: &mut Ctx, month: Month) {
        self.month = Some(month);
        self.scroll = 0;
        self.refresh_reports_later(cx);
    }

    /// Are the live figures those of `month`?
    fn live_is_of(&self, month: Month) -> bool {
        self.live
            .as_ref()
            .is_some_and(|r| r.month == month.to_string())
    }

    pub(crate) fn click_reports(&mut self, cx: &mut Ctx, column: u16, row: u16) {
        if self.editing_narrative() || self.chart {
            return;
        }
        let a = self.reports_areas(cx);
        let inside =
            |r: Rect| column >= r.x && column < r.right() && row >= r.y && row < r.bottom();
        if inside(a.register) {
            self.pane = Pane::Register;
            let (len, h) = (self.issued.len(), rows_in(a.register));
            self.cursor.click(row, a.register, len, h);
        } else if inside(a.preview) {
            self.pane = Pane::Preview;
        }
    }

    pub(crate) fn update_reports(&mut self, cx: &mut Ctx, action: Action) {
        if self.editing_narrative() {
            return self.update_narrative(cx, action);
        }
        let s = cx.strings();
        let h = rows_in(self.reports_areas(cx).register).max(1) as isize;
        let month = self.month.unwrap_or_else(|| default_month(cx.today));
        match action {
            Action::NextChoice => self.set_month(cx, month.next()),
            Action::PrevChoice => self.set_month(cx, month.prev()),
            Action::ToggleSummary => self.toggle_chart(cx),
            Action::CycleKind => self.cycle_chart_kind(cx),
            // The chart has no pane to move in or between.
            Action::FocusNext
            | Action::FocusPrev
            | Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::First
            | Action::Last
            | Action::ScrollUp
            | Action::ScrollDown
                if self.chart => {}
            Action::FocusNext | Action::FocusPrev => {
                self.pane = match self.pane {
                    Pane::Preview => Pane::Register,
                    Pane::Register => Pane::Preview,
                };
                self.scroll = 0;
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
                match self.pane {
                    Pane::Register => {
                        let a = self.reports_areas(cx);
                        let r = &mut *self;
                        r.cursor.move_by(delta, r.issued.len(), rows_in(a.register));
                        r.scroll = 0;
                    }
                    Pane::Preview => {
                        let r = &mut *self;
                        r.scroll = (r.scroll as isize + delta).clamp(0, 200) as u16;
                    }
                }
            }
            Action::Edit => match cx.store.report_narratives(month) {
                Ok((n, version)) => {
                    let russian = cx.lang == Lang::Ru;
                    self.editor = Some(Editor::new(month, version, &n, russian));
                }
                Err(e) => cx.store_error(e),
            },
            Action::Issue => {
                cx.ask(crate::app::Pending::Reports(Pending::Issue { month }));
            }
            Action::WriteDocument => {
                let (id, m) = match self.pane {
                    Pane::Register => match self.selected_issued() {
                        Some(r) => (Some(r.id), Month::parse(&r.month).unwrap_or(month)),
                        None => return cx.error(s.err_nothing_selected),
                    },
                    Pane::Preview => (self.latest_of_month().map(|r| r.id), month),
                };
                let label = match id.and_then(|id| self.issued.iter().find(|r| r.id == id)) {
                    Some(r) => format!("{m}-{}-{}", r.number, r.year),
                    None => m.to_string(),
                };
                let form = write_form(cx.documents_dir, &label, cx.lang, id, m);
                cx.open_form(form.map(FormTarget::Reports));
            }
            _ => {}
        }
    }

    fn update_narrative(&mut self, cx: &mut Ctx, action: Action) {
        let s = cx.strings();
        let Some(ed) = self.editor.as_mut() else {
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
            Action::FocusNext => {
                ed.switch_language();
                return;
            }
            Action::Save => {
                let (month, version, n) = (ed.month, ed.version, ed.narrative());
                match cx.store.save_report_narratives(month, &n, version) {
                    Ok(()) => {
                        self.editor = None;
                        self.refresh_reports(cx);
                        cx.info(s.plan.msg_narrative_saved);
                    }
                    Err(e) => cx.store_error(e),
                }
                return;
            }
            Action::Cancel | Action::Quit => {
                if ed.dirty {
                    cx.ask(if action == Action::Quit {
                        crate::app::Pending::QuitDiscarding
                    } else {
                        crate::app::Pending::Reports(Pending::DiscardNarrative)
                    });
                } else {
                    self.editor = None;
                    if action == Action::Quit {
                        cx.quit();
                    }
                }
                return;
            }
            _ => false,
        };
        ed.dirty |= edited;
    }

    pub(crate) fn carry_out_reports(&mut self, cx: &mut Ctx, pending: Pending) {
        let s = cx.strings();
        match pending {
            Pending::DiscardNarrative => self.editor = None,
            Pending::Issue { month } => {
                let by = self.secretary_name(cx);
                match cx.store.issue_report(month, cx.today, &by) {
                    Ok(r) => {
                        self.refresh_reports(cx);
                        cx.info(&s.plan.msg_issued.fill([&r.label()]));
                    }
                    Err(e) => cx.store_error(e),
                }
            }
        }
    }

    /// Who issues: the secretary serving today, else the operating-system login.
    fn secretary_name(&self, cx: &Ctx) -> String {
        cx.store
            .all_members()
            .ok()
            .and_then(|ms| {
                ms.into_iter()
                    .find(|m| m.role == Role::Secretary && m.serves_on(cx.today))
            })
            .map(|m| m.full_name)
            .unwrap_or_else(crate::store::current_user)
    }

    /// The number the next issued report gets: "4/2026".
    pub(crate) fn next_report_label(&self, today: NaiveDate) -> String {
        let year = today.year();
        let n = self
            .issued
            .iter()
            .filter(|r| r.year == year)
            .map(|r| r.number)
            .max()
            .unwrap_or(0)
            + 1;
        format!("{n}/{year}")
    }

    fn save_reports_form(&mut self, cx: &mut Ctx, target: Target, form: &mut Form<FormTarget>) {
        let s = cx.strings();
        let Target::Write { report_id, month } = target;
        let Some(paper_form::Chosen {
            format, lang, path, ..
        }) = paper_form::chosen::<ReportFormat>(&mut form.fields, cx.documents_dir)
        else {
            return cx.error(s.err_fix_fields);
        };
        let report = match report_id {
            Some(id) => match cx.store.issued_report(id).map(|r| r.report()) {
                Ok(Ok(r)) => r,
                Ok(Err(e)) => return cx.error(&s.plan.err_bad_payload.fill([&e])),
                Err(e) => return cx.store_error(e),
            },
            None => match cx.store.monthly_report(month, cx.today) {
                Ok(r) => r,
                Err(e) => return cx.store_error(e),
            },
        };
        let bytes = match format {
            ReportFormat::Json => serde_json::to_string_pretty(&report)
                .map(|t| (t + "\n").into_bytes())
                .map_err(|e| e.to_string()),
            ReportFormat::Docx | ReportFormat::Xlsx => {
                match ReportPaper::load(cx.store, &report, lang) {
                    Ok(p) if format == ReportFormat::Docx => {
                        crate::docs::to_docx(&p.document(lang)).map_err(|e| e.to_string())
                    }
                    Ok(p) => p.xlsx(lang).map_err(|e| e.to_string()),
                    // Measures without a title, or a narrative only in the other language:
                    // one line in the UI's language.
                    Err(e) => match e.refusal(cx.lang) {
                        Some(line) => return cx.error(&line),
                        None => Err(e.to_string()),
                    },
                }
            }
        };
        let written = bytes.and_then(|b| {
            crate::docs::write_bytes(&path, &b).map_err(|e| super::component::reason_text(&e, s))
        });
        match written {
            Ok(()) => {
                cx.close_form();
                cx.info(
                    &s.agenda
                        .msg_written
                        .fill([&crate::widgets::file_name::shown(&path)]),
                );
            }
            Err(e) => cx.error(&s.agenda.err_write.fill([&path.display(), &e])),
        }
    }
}

/// What the worker reads for a month: its live report and the register of issued ones;
/// then, once they have come and the chart is shown, the chart's months.
enum ReportFigures {
    /// Boxed: a month's report is large, and the enum travels through the worker.
    Month(Box<crate::store::Result<(MonthlyReport, Vec<IssuedReport>)>>),
    Trend(crate::store::Result<crate::domain::trend::Trend>),
}

fn fetch_reports(store: &crate::store::Store, month: Month, today: NaiveDate) -> ReportFigures {
    let live = store.monthly_report(month, today);
    ReportFigures::Month(Box::new(
        live.and_then(|r| Ok((r, store.issued_reports()?))),
    ))
}

impl Screen for Reports {
    fn refresh(&mut self, cx: &mut Ctx) {
        self.refresh_reports_later(cx)
    }

    fn receive(&mut self, output: crate::worker::Output, cx: &mut Ctx) {
        if let Ok(figures) = output.downcast::<(Month, ReportFigures)>() {
            let (month, figures) = *figures;
            self.show_reports(cx, month, figures)
        }
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) {
        self.update_reports(cx, action)
    }

    fn render(&self, frame: &mut Frame, body: Rect, view: &View) {
        render(frame, body, view.strings(), self, view.today)
    }

    fn context(&self) -> Context {
        if self.editing_narrative() {
            Context::Narrative
        } else {
            Context::Reports
        }
    }

    fn takes_all_keys(&self) -> bool {
        self.editing_narrative()
    }

    fn resize(&mut self, cx: &mut Ctx) {
        self.resize_reports(cx)
    }

    fn click(&mut self, column: u16, row: u16, cx: &mut Ctx) {
        self.click_reports(cx, column, row)
    }
}

impl TabForms for Reports {
    type Target = Target;
    type Pending = Pending;

    fn save(&mut self, t: Target, form: &mut Form<FormTarget>, cx: &mut Ctx) {
        self.save_reports_form(cx, t, form)
    }

    fn ask(&self, p: &Pending, view: &View) -> String {
        question(
            p,
            view.strings(),
            self,
            view.today,
            &self.next_report_label(view.today),
        )
    }

    fn answer(&mut self, p: Pending, _form: Option<&mut Form<FormTarget>>, cx: &mut Ctx) {
        self.carry_out_reports(cx, p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::widgets::form::Fields;
    use crate::widgets::form::paper::PaperField;

    #[test]
    fn the_write_form_names_its_fields_and_refuses_an_empty_file() {
        let month = Month::new(2026, 10).unwrap();
        let dir = std::path::Path::new("docs");
        let mut f = write_form(dir, "1/2026", Lang::Ru, Some(3), month);
        assert_eq!(f.choice(PaperField::Lang), 1);
        assert!(
            f.text(PaperField::Path).ends_with("-ru.docx"),
            "{}",
            f.text(PaperField::Path)
        );
        f.next_field();
        f.step(true);
        assert!(
            f.text(PaperField::Path).ends_with("-ky.docx"),
            "the name follows the language"
        );
        f.next_field();
        f.edit(|i| i.clear_all());
        f.next_field();
        let ky = Lang::Ky.strings();
        let e = f.fields.error(PaperField::Path).map(|e| e(ky));
        assert_eq!(e, Some(ky.err_required), "marked on leaving");
        assert!(!f.run_checks(), "save refused");
    }

    #[test]
    fn the_shared_paper_form_offers_the_reports_three_formats() {
        let month = Month::new(2026, 10).unwrap();
        let dir = std::env::temp_dir().join(format!("shtab-report-form-{}", std::process::id()));
        let mut f = write_form(&dir, "2026-10-1-2026", Lang::Ky, None, month);
        assert_eq!(f.fields.len(), 3, "format, language, file: no short form");
        f.step(true);
        assert!(
            f.text(PaperField::Path)
                .ends_with("report-2026-10-1-2026-ky.xlsx")
        );
        f.step(true);
        assert!(f.text(PaperField::Path).ends_with("-ky.json"));
        let c = paper_form::chosen::<ReportFormat>(&mut f.fields, &dir).expect("a file is there");
        assert_eq!((c.format, c.lang), (ReportFormat::Json, Lang::Ky));
        assert_eq!(c.path.extension().and_then(|e| e.to_str()), Some("json"));
    }
}
