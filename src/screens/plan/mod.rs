//! The Plan tab: the action plan as a tree by section, each measure's computed status and
//! the at-risk flag with its reason; filters; add, edit, reorder, delete; linked decisions
//! and tasks; the bulk import from a CSV file with a progress gauge.

mod actions;
mod browse;
mod forms;
mod render;

use crate::action::Action;
use crate::app::FormTarget;
use crate::domain::plan::{Measure, MeasureStatus, PlanFilter, Risk, TreeRow};
use crate::domain::plan_csv::{Known, PlanRow, RowError};
use crate::keymap::Context;
use crate::screens::component::{Ctx, Screen, TabForms, View};
use crate::store::MeasureLinks;
use crate::widgets::form::{Field, Form};
use crate::widgets::list::Cursor;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use std::path::PathBuf;

pub use forms::{
    FilterField, ImportField, LinkField, MeasureField, Pending, Target, check_field, filter_form,
    import_form, link_form, measure_form, problem_text, question, validate_measure,
};
pub use render::{render, render_job, risk_text};

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
    /// Header cells the import does not know (named to the user).
    ignored: Vec<String>,
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
    /// Every problem of the last import that failed, in the UI language; shown in the links
    /// pane until another measure is chosen.
    pub import_report: Vec<String>,
    /// How many of those lines are problems (the last may name the ignored columns).
    pub import_problems: usize,
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

impl Screen for Plan {
    fn refresh(&mut self, cx: &mut Ctx) {
        self.refresh_plan_later(cx)
    }

    fn receive(&mut self, output: crate::worker::Output, cx: &mut Ctx) {
        if let Ok(figures) = output.downcast::<browse::PlanFigures>() {
            self.show_plan(cx, *figures)
        }
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
}

impl TabForms for Plan {
    type Target = Target;
    type Pending = Pending;

    fn check(&self, fields: &mut [Field], t: &Target, index: usize, today: NaiveDate) {
        check_field(fields, t, index, today)
    }

    fn save(&mut self, t: Target, form: &mut Form<FormTarget>, cx: &mut Ctx) {
        self.save_plan_form(cx, t, form)
    }

    fn ask(&self, p: &Pending, view: &View) -> String {
        question(p, view.strings())
    }

    fn answer(&mut self, p: Pending, _form: Option<&mut Form<FormTarget>>, cx: &mut Ctx) {
        self.carry_out_plan(cx, p)
    }
}
