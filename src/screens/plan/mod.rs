//! The Plan tab: the action plan as a tree by section, each measure's computed status and
//! the at-risk flag with its reason; filters; add, edit, reorder, delete; linked decisions
//! and tasks; the bulk import from a CSV file with a progress gauge.

use crate::screens::component::{Ctx, Screen, View};
use crate::keymap::Context;
use crate::theme;
use std::path::PathBuf;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Cell, Clear, Gauge, List, ListItem, ListState, Paragraph, Row, Table,
    TableState, Wrap,
};

use crate::screens::field_error_label;
use crate::action::Action;
use crate::app::FormTarget;
use crate::domain::date;
use crate::domain::plan::{self, Measure, MeasureStatus, PlanFilter, Risk, TreeRow};
use crate::domain::plan_csv::{self, Known, PlanRow, Problem, RowError};
use crate::domain::validate::{self, FieldError};
use crate::domain::work::{TaskState, task_state};
use crate::i18n::{Lang, Strings, fill};
use crate::store::{MeasureLinks, PlanImportError, StoreError};
use crate::widgets::form::{Choices, Field, Form, has_errors};
use crate::widgets::list::Cursor;
use crate::widgets::look::{header, highlight, pane_block};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    #[default]
    Measures,
    Links,
}

/// An import from a CSV file, done a step at a time so the gauge can show it.
#[derive(Debug, Clone)]
pub struct Job {
    pub path: PathBuf,
    pub phase: Phase,
    pub done: usize,
    pub total: usize,
    rows: Vec<PlanRow>,
    known: Known,
    errors: Vec<RowError>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Reading,
    Checking,
    Writing,
}

/// Rows checked per step of an import.
const CHUNK: usize = 200;

#[derive(Debug, Default)]
pub struct Plan {
    pub pane: Pane,
    /// Every measure, in plan order.
    pub measures: Vec<Measure>,
    pub statuses: Vec<MeasureStatus>,
    pub risks: Vec<Option<Risk>>,
    /// The tree of the measures the filter lets through (indices into `measures`).
    pub rows: Vec<TreeRow>,
    pub cursor: Cursor,
    pub filter: PlanFilter,
    /// Decisions and tasks of the selected measure.
    pub links: MeasureLinks,
    pub link_cursor: Cursor,
    /// (id, name) of every organization, to name the responsible ones.
    pub orgs: Vec<(i64, String)>,
    pub job: Option<Job>,
}

/// One line of the links pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkRow {
    Decision(usize),
    Task(usize),
}

impl Plan {
    pub fn selected_index(&self) -> Option<usize> {
        match self.rows.get(self.cursor.selected) {
            Some(TreeRow::Measure(i)) => Some(*i),
            _ => None,
        }
    }

    pub fn selected(&self) -> Option<&Measure> {
        self.selected_index().and_then(|i| self.measures.get(i))
    }

    /// The section of the selected row (a heading or a measure).
    fn selected_section(&self) -> Option<String> {
        match self.rows.get(self.cursor.selected)? {
            TreeRow::Section { title, .. } => Some(title.clone()),
            TreeRow::Measure(i) => self.measures.get(*i).map(|m| m.section.clone()),
        }
    }

    pub fn link_rows(&self) -> Vec<LinkRow> {
        (0..self.links.decisions.len())
            .map(LinkRow::Decision)
            .chain((0..self.links.tasks.len()).map(LinkRow::Task))
            .collect()
    }

    fn org_name(&self, id: i64) -> &str {
        self.orgs
            .iter()
            .find(|o| o.0 == id)
            .map_or("?", |o| o.1.as_str())
    }
}

pub struct Areas {
    pub tree: Rect,
    pub info: Rect,
    pub links: Rect,
}

pub fn areas(body: Rect) -> Areas {
    let [tree, detail] =
        Layout::vertical([Constraint::Percentage(58), Constraint::Fill(1)]).areas(body);
    let [info, links] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(detail);
    Areas { tree, info, links }
}

fn rows_in(area: Rect) -> usize {
    area.height.saturating_sub(3) as usize
}

fn list_rows(area: Rect) -> usize {
    area.height.saturating_sub(2) as usize
}

// ---------- forms ----------

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// id 0 for a new measure. Fields: number, section, title, deadline, expected result,
    /// progress, done on, then one choice per responsible organization.
    Measure {
        id: i64,
        version: i64,
    },
    Filter,
    Link {
        measure_id: i64,
    },
    Import,
}

const FIXED_FIELDS: usize = 7;

fn check<T>(field: &mut Field, f: impl FnOnce(&str) -> Result<T, FieldError>) -> Option<T> {
    let r = f(field.text_value());
    field.error = r.as_ref().err().map(|e| field_error_label(*e));
    r.ok()
}

pub fn measure_form(m: &Measure, orgs: &[(i64, String)]) -> Form<Target> {
    let mut fields = vec![
        Field {
            hint: Some(|s| s.plan.number_hint),
            ..Field::text(|s| s.plan.f_number, &m.number)
        },
        Field::text(|s| s.plan.f_section, &m.section),
        Field::text(|s| s.plan.f_title, &m.title),
        Field::date(
            |s| s.plan.f_deadline,
            &m.deadline.map(date::format).unwrap_or_default(),
        ),
        Field::text(|s| s.plan.f_expected, &m.expected_result),
        Field::text(|s| s.plan.f_progress, &m.progress.to_string()),
        Field {
            hint: Some(|s| s.plan.optional_hint),
            ..Field::text(
                |s| s.plan.f_done_on,
                &m.done_on.map(date::format).unwrap_or_default(),
            )
        },
    ];
    let choices = Choices::Records(orgs.to_vec());
    let n = (m.organizations.len() + 1).max(2);
    for i in 0..n {
        let index = choices.index_of(m.organizations.get(i).copied());
        fields.push(Field::choice(|s| s.plan.f_org, choices.clone(), index));
    }
    let title = if m.id == 0 {
        |s: &Strings| s.plan.form_new
    } else {
        |s: &Strings| s.plan.form_edit
    };
    Form::new(
        title,
        fields,
        Target::Measure {
            id: m.id,
            version: m.version,
        },
    )
}

pub fn validate_measure(
    fields: &mut [Field],
    target: &Target,
    today: NaiveDate,
) -> Option<Measure> {
    let Target::Measure { id, version } = target else {
        return None;
    };
    if fields.len() < FIXED_FIELDS {
        return None;
    }
    let number = check(&mut fields[0], plan::parse_number);
    check(&mut fields[1], validate::length);
    check(&mut fields[2], validate::required);
    let deadline = check(&mut fields[3], validate::optional_date);
    check(&mut fields[4], validate::length);
    let progress = check(&mut fields[5], |v| {
        if v.trim().is_empty() {
            Ok(0)
        } else {
            validate::number(v.trim().trim_end_matches('%').trim(), 0, 100)
        }
    });
    let done_on = check(&mut fields[6], validate::optional_date);
    if done_on.flatten().is_some_and(|d| d > today) {
        fields[6].error = Some(|s| s.plan.err_done_future);
    }
    if has_errors(fields) {
        return None;
    }
    let mut organizations = Vec::new();
    for f in &fields[FIXED_FIELDS..] {
        if let Some(o) = f.chosen_id()
            && !organizations.contains(&o)
        {
            organizations.push(o);
        }
    }
    let mut progress = progress?;
    let mut done_on = done_on?;
    // A done date means done; 100 % without a date is done today.
    if done_on.is_some() {
        progress = 100;
    } else if progress == 100 {
        done_on = Some(today);
    }
    Some(Measure {
        id: *id,
        version: *version,
        number: number?,
        section: fields[1].text_value().trim().to_string(),
        title: fields[2].text_value().trim().to_string(),
        deadline: deadline?,
        expected_result: fields[4].text_value().trim().to_string(),
        progress,
        started: progress > 0,
        done_on,
        position: 0,
        organizations,
    })
}

pub fn filter_form(f: &PlanFilter, orgs: &[(i64, String)]) -> Form<Target> {
    let choices = Choices::Records(orgs.to_vec());
    Form::new(
        |s| s.plan.form_filter,
        vec![
            Field::choice(
                |s| s.plan.f_status,
                Choices::Fixed(|s| &s.plan.filter_statuses),
                f.status.map_or(0, |x| x.index() + 1),
            ),
            Field::choice(
                |s| s.plan.f_org,
                choices.clone(),
                choices.index_of(f.organization),
            ),
            Field::choice(
                |s| s.plan.f_at_risk,
                Choices::Fixed(|s| &s.plan.filter_risk),
                usize::from(f.at_risk),
            ),
            Field {
                hint: Some(|s| s.plan.optional_hint),
                ..Field::text(
                    |s| s.plan.f_due_by,
                    &f.due_by.map(date::format).unwrap_or_default(),
                )
            },
        ],
        Target::Filter,
    )
}

fn validate_filter(fields: &mut [Field]) -> Option<PlanFilter> {
    let due_by = check(fields.get_mut(3)?, validate::optional_date)?;
    Some(PlanFilter {
        status: fields[0]
            .choice_index()
            .checked_sub(1)
            .and_then(|i| MeasureStatus::ALL.get(i).copied()),
        organization: fields[1].chosen_id(),
        at_risk: fields[2].choice_index() == 1,
        due_by,
    })
}

pub fn link_form(measure_id: i64, decisions: Vec<(i64, String)>) -> Form<Target> {
    Form::new(
        |s| s.plan.form_link,
        vec![
            Field::choice(
                |s| s.plan.f_link_kind,
                Choices::Fixed(|s| &s.plan.link_kinds),
                0,
            ),
            Field::choice(|s| s.plan.f_decision, Choices::Records(decisions), 0),
            Field::text(|s| s.plan.f_task_number, ""),
        ],
        Target::Link { measure_id },
    )
}

/// What a link form asks for: a decision id, or a task number.
enum LinkChoice {
    Decision(i64),
    Task(i64),
}

fn validate_link(fields: &mut [Field]) -> Option<LinkChoice> {
    if fields.len() < 3 {
        return None;
    }
    fields[1].error = None;
    fields[2].error = None;
    if fields[0].choice_index() == 0 {
        match fields[1].chosen_id() {
            Some(id) => Some(LinkChoice::Decision(id)),
            None => {
                fields[1].error = Some(|s| s.plan.err_choose_decision);
                None
            }
        }
    } else {
        let v = fields[2]
            .text_value()
            .trim()
            .trim_start_matches('#')
            .to_string();
        check(&mut fields[2], |_| validate::number(&v, 1, i64::MAX)).map(LinkChoice::Task)
    }
}

pub fn import_form(path: &str) -> Form<Target> {
    Form::new(
        |s| s.plan.form_import,
        vec![Field::text(|s| s.f_path, path)],
        Target::Import,
    )
}

pub fn check_field(fields: &mut [Field], target: &Target, index: usize, today: NaiveDate) {
    let mut trial = fields.to_vec();
    match target {
        Target::Measure { .. } => drop(validate_measure(&mut trial, target, today)),
        Target::Filter => drop(validate_filter(&mut trial)),
        Target::Link { .. } => drop(validate_link(&mut trial)),
        Target::Import => drop(check(&mut trial[0], validate::required)),
    }
    if let (Some(f), Some(t)) = (fields.get_mut(index), trial.get(index)) {
        f.error = t.error;
    }
}

// ---------- confirmations ----------

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    Delete {
        id: i64,
        version: i64,
        number: String,
    },
    UnlinkDecision {
        measure_id: i64,
        decision_id: i64,
        label: String,
    },
    UnlinkTask {
        measure_id: i64,
        task_id: i64,
    },
}

pub fn question(p: &Pending, s: &Strings) -> String {
    match p {
        Pending::Delete { number, .. } => fill(s.plan.confirm_delete, &[number]),
        Pending::UnlinkDecision { label, .. } => fill(s.plan.confirm_unlink, &[label]),
        Pending::UnlinkTask { task_id, .. } => {
            fill(s.plan.confirm_unlink, &[&format!("#{task_id}")])
        }
    }
}

/// A problem of the import in the UI's language.
pub fn problem_text(e: &RowError, s: &Strings) -> String {
    let p = s.plan;
    let col = |c: plan_csv::Column| c.code().to_string();
    let text = match &e.problem {
        Problem::Csv(crate::domain::csv::CsvError::NotUtf8) => p.p_not_utf8.to_string(),
        Problem::Csv(crate::domain::csv::CsvError::UnclosedQuote(_)) => {
            p.p_unclosed_quote.to_string()
        }
        Problem::Empty => p.p_empty.to_string(),
        Problem::NoNumberColumn => p.p_no_number_column.to_string(),
        Problem::DuplicateColumn(c) => fill(p.p_duplicate_column, &[&col(*c)]),
        Problem::MissingNumber => p.p_missing_number.to_string(),
        Problem::BadNumber(v) => fill(p.p_bad_number, &[v]),
        Problem::DuplicateNumber { first_line } => fill(p.p_duplicate_number, &[first_line]),
        Problem::MissingTitle => p.p_missing_title.to_string(),
        Problem::BadDate { column, value } => fill(p.p_bad_date, &[&col(*column), value]),
        Problem::BadProgress(v) => fill(p.p_bad_progress, &[v]),
        Problem::DoneNeedsFullProgress => p.p_done_needs_full.to_string(),
        Problem::DoneInFuture => p.p_done_in_future.to_string(),
        Problem::TooLong(c) => fill(p.p_too_long, &[&col(*c)]),
        Problem::ExtraFields => p.p_extra_fields.to_string(),
        Problem::UnknownOrganization(n) => fill(p.p_unknown_org, &[n]),
        Problem::AmbiguousOrganization(n) => fill(p.p_ambiguous_org, &[n]),
    };
    if e.line > 0 {
        fill(p.p_line, &[&e.line, &text])
    } else {
        text
    }
}

// ---------- behaviour ----------

impl Plan {
    fn plan_areas(&self, cx: &Ctx) -> Areas {
        areas(cx.body)
    }

    pub(crate) fn refresh_plan(&mut self, cx: &mut Ctx) {
        let selected = self.selected().map(|m| m.id);
        let ru = cx.lang == Lang::Ru;
        let result = cx
            .store
            .measures()
            .and_then(|m| cx.store.plan_task_links(ru).map(|l| (m, l)));
        let (measures, links) = match result {
            Ok(x) => x,
            Err(e) => return cx.store_error(e),
        };
        self.orgs = cx.org_choices();
        let today = cx.today;
        let p = &mut *self;
        p.statuses = measures.iter().map(|m| plan::status(m, today)).collect();
        p.risks = measures
            .iter()
            .map(|m| plan::risk(m, links.get(&m.id).map_or(&[], Vec::as_slice), today))
            .collect();
        p.measures = measures;
        let visible: Vec<usize> = (0..p.measures.len())
            .filter(|i| {
                p.filter
                    .matches(&p.measures[*i], p.statuses[*i], p.risks[*i].is_some())
            })
            .collect();
        let shown: Vec<Measure> = visible.iter().map(|i| p.measures[*i].clone()).collect();
        let done: Vec<bool> = visible
            .iter()
            .map(|i| p.statuses[*i] == MeasureStatus::Done)
            .collect();
        p.rows = plan::tree(&shown, &done)
            .into_iter()
            .map(|r| match r {
                TreeRow::Measure(i) => TreeRow::Measure(visible[i]),
                other => other,
            })
            .collect();
        if let Some(id) = selected
            && let Some(i) = p
                .rows
                .iter()
                .position(|r| matches!(r, TreeRow::Measure(k) if p.measures[*k].id == id))
        {
            p.cursor.selected = i;
        }
        // Start on the first measure rather than on a heading.
        if selected.is_none()
            && p.cursor.selected == 0
            && matches!(p.rows.first(), Some(TreeRow::Section { .. }))
            && p.rows.len() > 1
        {
            p.cursor.selected = 1;
        }
        let h = rows_in(self.plan_areas(cx).tree);
        let p = &mut *self;
        p.cursor.clamp(p.rows.len(), h);
        self.load_plan_links(cx);
    }

    fn load_plan_links(&mut self, cx: &mut Ctx) {
        let Some(id) = self.selected().map(|m| m.id) else {
            self.links = MeasureLinks::default();
            self.link_cursor = Cursor::default();
            return;
        };
        match cx.store.measure_links(id) {
            Ok(l) => self.links = l,
            Err(e) => return cx.store_error(e),
        }
        let h = list_rows(self.plan_areas(cx).links);
        let n = self.link_rows().len();
        self.link_cursor.clamp(n, h);
    }

    pub(crate) fn resize_plan(&mut self, cx: &mut Ctx) {
        let a = self.plan_areas(cx);
        let p = &mut *self;
        p.cursor.clamp(p.rows.len(), rows_in(a.tree));
        let n = p.link_rows().len();
        p.link_cursor.clamp(n, list_rows(a.links));
    }

    fn move_plan(&mut self, cx: &mut Ctx, delta: isize) {
        let a = self.plan_areas(cx);
        let p = &mut *self;
        match p.pane {
            Pane::Measures => {
                let before = p.cursor.selected;
                p.cursor.move_by(delta, p.rows.len(), rows_in(a.tree));
                if p.cursor.selected != before {
                    p.link_cursor = Cursor::default();
                    self.load_plan_links(cx);
                }
            }
            Pane::Links => {
                let n = p.link_rows().len();
                p.link_cursor.move_by(delta, n, list_rows(a.links));
            }
        }
    }

    pub(crate) fn click_plan(&mut self, cx: &mut Ctx, column: u16, row: u16) {
        let a = self.plan_areas(cx);
        let inside =
            |r: Rect| column >= r.x && column < r.right() && row >= r.y && row < r.bottom();
        if inside(a.tree) {
            self.pane = Pane::Measures;
            let before = self.cursor.selected;
            let (len, h) = (self.rows.len(), rows_in(a.tree));
            self.cursor.click(row, a.tree, len, h);
            if self.cursor.selected != before {
                self.load_plan_links(cx);
            }
        } else if inside(a.links) {
            self.pane = Pane::Links;
            let first = a.links.y + 1;
            if row >= first && row + 1 < a.links.bottom() {
                let target = self.link_cursor.offset + (row - first) as usize;
                let n = self.link_rows().len();
                if target < n {
                    self.link_cursor.selected = target;
                    self.link_cursor.clamp(n, list_rows(a.links));
                }
            }
        }
    }

    pub(crate) fn update_plan(&mut self, cx: &mut Ctx, action: Action) {
        let s = cx.strings();
        let h = rows_in(self.plan_areas(cx).tree).max(1) as isize;
        match action {
            Action::Up | Action::ScrollUp => self.move_plan(cx, -1),
            Action::Down | Action::ScrollDown => self.move_plan(cx, 1),
            Action::PageUp => self.move_plan(cx, -h),
            Action::PageDown => self.move_plan(cx, h),
            Action::First => self.move_plan(cx, isize::MIN / 2),
            Action::Last => self.move_plan(cx, isize::MAX / 2),
            Action::FocusNext | Action::FocusPrev => {
                self.pane = match self.pane {
                    Pane::Measures => Pane::Links,
                    Pane::Links => Pane::Measures,
                };
            }
            Action::Add => {
                let mut m = Measure::new("", &self.selected_section().unwrap_or_default(), "");
                m.number = self.next_number(&m.section);
                let form = measure_form(&m, &self.orgs);
                cx.open_form(form.map(FormTarget::Plan));
            }
            Action::Edit => {
                let Some(m) = self.selected().cloned() else {
                    return cx.error(s.err_nothing_selected);
                };
                let form = measure_form(&m, &self.orgs);
                cx.open_form(form.map(FormTarget::Plan));
            }
            Action::MoveUp | Action::MoveDown => {
                let Some(id) = self.selected().map(|m| m.id) else {
                    return cx.error(s.err_nothing_selected);
                };
                match cx.store.move_measure(id, action == Action::MoveUp) {
                    Ok(_) => self.refresh_plan(cx),
                    Err(e) => cx.store_error(e),
                }
            }
            Action::Delete => self.delete_in_plan(cx),
            Action::Filter => {
                let form = filter_form(&self.filter, &self.orgs);
                cx.open_form(form.map(FormTarget::Plan));
            }
            Action::ClearFilter => {
                self.filter = PlanFilter::default();
                self.refresh_plan(cx);
            }
            Action::CycleStatus => {
                let f = &mut self.filter;
                f.status = match f.status {
                    None => Some(MeasureStatus::ALL[0]),
                    Some(x) => MeasureStatus::ALL.get(x.index() + 1).copied(),
                };
                self.cursor = Cursor::default();
                self.refresh_plan(cx);
            }
            Action::ToggleAtRisk => {
                self.filter.at_risk = !self.filter.at_risk;
                self.cursor = Cursor::default();
                self.refresh_plan(cx);
            }
            Action::Link => {
                let Some(id) = self.selected().map(|m| m.id) else {
                    return cx.error(s.err_nothing_selected);
                };
                match cx.store.decision_choices() {
                    Ok(d) => cx.open_form(link_form(id, d).map(FormTarget::Plan)),
                    Err(e) => cx.store_error(e),
                }
            }
            Action::ImportFile => {
                let path = cx.documents_dir.join("plan.csv");
                cx.open_form(import_form(&path.to_string_lossy()).map(FormTarget::Plan));
            }
            _ => {}
        }
    }

    /// The next free number in a section: one past the highest "N.k" of its measures.
    fn next_number(&self, section: &str) -> String {
        let numbers: Vec<&str> = self
            .measures
            .iter()
            .filter(|m| m.section == section)
            .map(|m| m.number.as_str())
            .collect();
        let Some(last) = numbers
            .iter()
            .max_by(|a, b| plan::cmp_numbers(a, b))
            .copied()
        else {
            return String::new();
        };
        match last.rsplit_once('.') {
            Some((head, tail)) => match tail.parse::<u32>() {
                Ok(n) => {
                    let candidate = format!("{head}.{}", n + 1);
                    if self.measures.iter().any(|m| m.number == candidate) {
                        String::new()
                    } else {
                        candidate
                    }
                }
                Err(_) => String::new(),
            },
            None => String::new(),
        }
    }

    fn delete_in_plan(&mut self, cx: &mut Ctx) {
        let s = cx.strings();
        match self.pane {
            Pane::Measures => {
                let Some(m) = self.selected() else {
                    return cx.error(s.err_nothing_selected);
                };
                cx.ask(crate::app::Pending::Plan(Pending::Delete {
                    id: m.id,
                    version: m.version,
                    number: m.number.clone(),
                }));
            }
            Pane::Links => {
                let Some(measure_id) = self.selected().map(|m| m.id) else {
                    return cx.error(s.err_nothing_selected);
                };
                let rows = self.link_rows();
                let pending = match rows.get(self.link_cursor.selected) {
                    None => return cx.error(s.err_nothing_selected),
                    Some(LinkRow::Decision(i)) => {
                        let d = &self.links.decisions[*i];
                        if !d.explicit {
                            return cx.error(s.plan.err_not_explicit);
                        }
                        Pending::UnlinkDecision {
                            measure_id,
                            decision_id: d.id,
                            label: d.label.clone(),
                        }
                    }
                    Some(LinkRow::Task(i)) => Pending::UnlinkTask {
                        measure_id,
                        task_id: self.links.tasks[*i].id,
                    },
                };
                cx.ask(crate::app::Pending::Plan(pending));
            }
        }
    }

    pub(crate) fn carry_out_plan(&mut self, cx: &mut Ctx, pending: Pending) {
        let s = cx.strings();
        let result = match pending {
            Pending::Delete { id, version, .. } => cx
                .store
                .delete_measure(id, version)
                .map(|_| s.plan.msg_deleted),
            Pending::UnlinkDecision {
                measure_id,
                decision_id,
                ..
            } => cx
                .store
                .unlink_decision(measure_id, decision_id)
                .map(|_| s.plan.msg_unlinked),
            Pending::UnlinkTask {
                measure_id,
                task_id,
            } => cx
                .store
                .unlink_task(measure_id, task_id)
                .map(|_| s.plan.msg_unlinked),
        };
        match result {
            Ok(msg) => {
                self.refresh_plan(cx);
                cx.info(msg);
            }
            Err(e) => cx.store_error(e),
        }
    }

    fn save_plan_form(&mut self, cx: &mut Ctx, target: Target, form: &mut Form<FormTarget>) {
        let s = cx.strings();
        let today = cx.today;
        match target {
            Target::Measure { .. } => {
                let Some(m) = validate_measure(&mut form.fields, &target, today) else {
                    return cx.error(s.err_fix_fields);
                };
                match cx.store.save_measure(&m) {
                    Ok(id) => {
                        cx.close_form();
                        self.refresh_plan(cx);
                        if let Some(i) = self.rows.iter().position(
                            |r| matches!(r, TreeRow::Measure(k) if self.measures[*k].id == id),
                        ) {
                            self.cursor.selected = i;
                            self.resize_plan(cx);
                            self.load_plan_links(cx);
                        }
                        cx.info(&fill(s.plan.msg_saved, &[&m.number]));
                    }
                    Err(e) => cx.store_error(e),
                }
            }
            Target::Filter => {
                let Some(f) = validate_filter(&mut form.fields) else {
                    return cx.error(s.err_fix_fields);
                };
                cx.close_form();
                self.filter = f;
                self.cursor = Cursor::default();
                self.refresh_plan(cx);
            }
            Target::Link { measure_id } => {
                let Some(choice) = validate_link(&mut form.fields) else {
                    return cx.error(s.err_fix_fields);
                };
                let result = match choice {
                    LinkChoice::Decision(d) => {
                        cx.store.link_decision(measure_id, d).map_err(|e| (e, None))
                    }
                    LinkChoice::Task(t) => {
                        cx.store.link_task(measure_id, t).map_err(|e| (e, Some(t)))
                    }
                };
                match result {
                    Ok(()) => {
                        cx.close_form();
                        self.refresh_plan(cx);
                        cx.info(s.plan.msg_linked);
                    }
                    Err((StoreError::NotFound, Some(t))) => {
                        cx.error(&fill(s.plan.err_no_such_task, &[&t]))
                    }
                    Err((e, _)) => cx.store_error(e),
                }
            }
            Target::Import => {
                if check(&mut form.fields[0], validate::required).is_none() {
                    return cx.error(s.err_fix_fields);
                }
                let path = PathBuf::from(form.fields[0].text_value().trim());
                cx.close_form();
                self.job = Some(Job {
                    path,
                    phase: Phase::Reading,
                    done: 0,
                    total: 0,
                    rows: Vec::new(),
                    known: Known::default(),
                    errors: Vec::new(),
                });
            }
        }
    }

    /// Do one step of the import.
    fn import_step(&mut self, cx: &mut Ctx) {
        let Some(mut job) = self.job.take() else {
            return;
        };
        let s = cx.strings();
        match job.phase {
            Phase::Reading => {
                let bytes = match std::fs::read(&job.path) {
                    Ok(b) => b,
                    Err(e) => {
                        return cx.error(&fill(s.plan.err_read, &[&job.path.display(), &e]));
                    }
                };
                match plan_csv::parse(&bytes) {
                    Ok(parsed) => {
                        job.total = parsed.rows.len();
                        job.rows = parsed.rows;
                    }
                    Err(errors) => return self.import_failed(cx, &errors),
                }
                match cx.store.plan_known() {
                    Ok(k) => job.known = k,
                    Err(e) => return cx.store_error(e),
                }
                job.phase = Phase::Checking;
            }
            Phase::Checking => {
                let end = (job.done + CHUNK).min(job.total);
                for row in &job.rows[job.done..end] {
                    if let Err(mut e) = plan_csv::resolve(row, &job.known, cx.today) {
                        job.errors.append(&mut e);
                    }
                }
                job.done = end;
                if job.done >= job.total {
                    if !job.errors.is_empty() {
                        return self.import_failed(cx, &job.errors);
                    }
                    job.phase = Phase::Writing;
                }
            }
            Phase::Writing => {
                match cx.store.import_plan(&job.rows, cx.today, &mut |_, _| {}) {
                    Ok(sum) => {
                        self.refresh_plan(cx);
                        cx.info(&fill(s.plan.msg_imported, &[&sum.added, &sum.updated]));
                    }
                    Err(PlanImportError::Rows(errors)) => self.import_failed(cx, &errors),
                    Err(PlanImportError::Store(e)) => cx.store_error(e),
                }
                return;
            }
        }
        self.job = Some(job);
    }

    fn import_failed(&mut self, cx: &mut Ctx, errors: &[RowError]) {
        let s = cx.strings();
        let first = errors
            .first()
            .map(|e| problem_text(e, s))
            .unwrap_or_default();
        cx.error(&fill(s.plan.err_import_rows, &[&errors.len(), &first]));
    }
}

impl Screen for Plan {
    fn refresh(&mut self, cx: &mut Ctx) {
        self.refresh_plan(cx)
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) {
        self.update_plan(cx, action)
    }

    fn render(&self, frame: &mut Frame, body: Rect, view: &View) {
        render(
            frame,
            body,
            view.strings(),
            self,
            view.today,
            view.russian(),
        )
    }

    fn context(&self) -> Context {
        Context::Plan
    }

    fn resize(&mut self, cx: &mut Ctx) {
        self.resize_plan(cx)
    }

    fn click(&mut self, column: u16, row: u16, cx: &mut Ctx) {
        self.click_plan(cx, column, row)
    }

    fn has_work(&self) -> bool {
        self.job.is_some()
    }

    fn work(&mut self, cx: &mut Ctx) {
        self.import_step(cx)
    }

    fn render_work(&self, frame: &mut Frame, body: Rect, view: &View) {
        if let Some(job) = &self.job {
            render_job(frame, body, view.strings(), job);
        }
    }

    fn check_field(
        &self,
        fields: &mut [Field],
        target: &FormTarget,
        index: usize,
        today: NaiveDate,
    ) {
        if let FormTarget::Plan(t) = target {
            check_field(fields, t, index, today)
        }
    }

    fn save_form(&mut self, target: FormTarget, form: &mut Form<FormTarget>, cx: &mut Ctx) {
        if let FormTarget::Plan(t) = target {
            self.save_plan_form(cx, t, form)
        }
    }

    fn question(&self, pending: &crate::app::Pending, view: &View) -> String {
        match pending {
            crate::app::Pending::Plan(p) => question(p, view.strings()),
            _ => String::new(),
        }
    }

    fn carry_out(
        &mut self,
        pending: crate::app::Pending,
        _form: Option<&mut Form<FormTarget>>,
        cx: &mut Ctx,
    ) {
        if let crate::app::Pending::Plan(p) = pending {
            self.carry_out_plan(cx, p)
        }
    }
}

// ---------- rendering ----------

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
    fill(
        s.plan.risk_reason,
        &[&r.overdue_tasks, &r.oldest_days, &r.executors.join(", ")],
    )
}

pub fn render(frame: &mut Frame, body: Rect, s: &Strings, st: &Plan, today: NaiveDate, ru: bool) {
    let p = s.plan;
    let a = areas(body);
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
        fill(s.shown_of, &[&shown, &st.measures.len()]),
        filters.join(" ")
    );
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
                Cell::from(fill(p.section_line, &[&name, done, measures])),
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
                Cell::from(m.title.clone()),
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
    .block(pane_block(title, st.pane == Pane::Measures))
    .row_highlight_style(highlight(true));
    let mut state = TableState::default()
        .with_offset(st.cursor.offset)
        .with_selected((!st.rows.is_empty()).then_some(st.cursor.selected));
    frame.render_stateful_widget(table, a.tree, &mut state);
    if st.rows.is_empty() && a.tree.height > 3 {
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
                x: a.tree.x + 1,
                y: a.tree.y + 2,
                width: a.tree.width.saturating_sub(2),
                height: a.tree.height.saturating_sub(3),
            },
        );
    }

    // The selected measure: responsible organizations, expected result, risk.
    let mut info: Vec<Line> = Vec::new();
    if let Some(i) = st.selected_index() {
        let m = &st.measures[i];
        info.push(Line::from(Span::styled(
            format!("{} {}", m.number, m.title),
            Style::default().add_modifier(Modifier::BOLD),
        )));
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
        a.info,
    );

    // Linked decisions and tasks.
    let items: Vec<ListItem> = st
        .link_rows()
        .into_iter()
        .map(|r| match r {
            LinkRow::Decision(i) => {
                let d = &st.links.decisions[i];
                let via = if d.explicit {
                    String::new()
                } else {
                    format!(" ({})", p.via_task)
                };
                ListItem::new(format!("⚖ {}{via} {}", d.label, d.text))
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
                ListItem::new(format!(
                    "{mark} #{} {} {who}: {}",
                    t.id,
                    date::format(t.deadline),
                    t.text
                ))
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
        .with_offset(st.link_cursor.offset)
        .with_selected((!empty && st.pane == Pane::Links).then_some(st.link_cursor.selected));
    frame.render_stateful_widget(list, a.links, &mut ls);
    if empty && st.selected_index().is_some() && a.links.height > 2 {
        frame.render_widget(
            Paragraph::new(p.no_links)
                .style(theme::muted())
                .wrap(Wrap { trim: true }),
            Rect {
                x: a.links.x + 1,
                y: a.links.y + 1,
                width: a.links.width.saturating_sub(2),
                height: a.links.height.saturating_sub(2),
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
