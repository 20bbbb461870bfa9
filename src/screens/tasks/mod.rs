//! The Tasks tab: control of execution. A query line (results as you type, completion,
//! errors underlined while the last good result stays), quick views and saved views, a
//! table read a page at a time by key (never the whole result), a detail pane with the
//! task's history, and the actions: report, take off control, extension, cancel, reassign.

mod actions;
mod browse;
mod forms;
mod render;
mod texts;

use crate::action::Action;
use crate::app::FormTarget;
use crate::domain::query::{Completion, Query, QueryError};
use crate::keymap::Context;
use crate::screens::component::{Ctx, Screen, TabForms, View};
use crate::store::{TaskDetail, TaskRow};
use crate::widgets::Input;
use crate::widgets::form::{Field, Form};
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

pub use forms::{Pending, Target, check_field, question, validate};
pub use render::render;
pub use texts::{origin_label, query_error_text, rule_text};

/// The query the tab opens with, and Esc returns to.
pub const DEFAULT_QUERY: &str = "status:open";

/// Tab's completion in the query line: the candidates for a token of `original`, the one
/// shown, and the text that produced.
#[derive(Debug, Clone, Default)]
pub struct Cycle {
    pub completion: Completion,
    pub index: usize,
    pub original: String,
    pub produced: String,
}

#[derive(Debug, Default)]
pub struct Tasks {
    pub query: Input,
    /// Typing in the query line.
    pub editing: bool,
    /// The last query that parsed: what the table shows.
    pub applied: Query,
    /// The mistake in the query line's text, if any (the table keeps the last good result).
    pub error: Option<QueryError>,
    /// The visible page of the result.
    pub rows: Vec<TaskRow>,
    /// The place of `rows[0]` in the whole result.
    pub first: usize,
    /// The selected row within `rows`.
    pub selected: usize,
    pub total: i64,
    pub show_detail: bool,
    pub focus_detail: bool,
    pub detail: Option<TaskDetail>,
    pub detail_scroll: u16,
    /// The completion Tab is cycling through (typing anything else ends it).
    pub completion: Option<Cycle>,
    pub loaded: bool,
    /// The HQ member the login is known as, once looked up.
    pub me: Option<Option<i64>>,
    pub cap: i64,
    /// The query line was edited during a batch of events and not applied yet.
    pub stale: bool,
    /// The form this tab opened last is the saved views (its Enter is not "save").
    pub views_form: bool,
    /// The number of the last page requested (a worker's older result is dropped).
    pub asked: u64,
    /// A move past the shown page asked of the worker: its rows from the shown page.
    pub moving: Option<isize>,
}

impl Tasks {
    pub fn selected_row(&self) -> Option<&TaskRow> {
        self.rows.get(self.selected)
    }

    /// The selected row's place in the whole result, from 1.
    pub fn position(&self) -> usize {
        if self.rows.is_empty() {
            0
        } else {
            self.first + self.selected + 1
        }
    }
}

pub struct Areas {
    pub query: Rect,
    pub hint: Rect,
    pub table: Rect,
    pub detail: Rect,
}

pub fn areas(body: Rect, detail: bool) -> Areas {
    let [query, hint, rest] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(body);
    let [table, detail] = if detail {
        Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(rest)
    } else {
        Layout::vertical([Constraint::Fill(1), Constraint::Length(0)]).areas(rest)
    };
    Areas {
        query,
        hint,
        table,
        detail,
    }
}

/// Rows the table shows (borders and header taken off): the page size.
fn page_rows(area: Rect) -> usize {
    (area.height.saturating_sub(3) as usize).max(1)
}

impl Screen for Tasks {
    fn form_context(&self) -> Context {
        if self.views_form {
            Context::ViewsForm
        } else {
            Context::Form
        }
    }

    fn refresh(&mut self, cx: &mut Ctx) {
        self.visit_tasks(cx)
    }

    fn receive(&mut self, output: crate::worker::Output, cx: &mut Ctx) {
        self.receive_tasks(output, cx)
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) {
        self.update_tasks(cx, action)
    }

    fn render(&self, frame: &mut Frame, body: Rect, view: &View) {
        render(
            frame,
            body,
            view.strings(),
            self,
            view.russian(),
            view.today,
        )
    }

    fn context(&self) -> Context {
        if self.editing {
            Context::Query
        } else {
            Context::Tasks
        }
    }

    fn greet(&mut self, cx: &mut Ctx) {
        self.announce_tasks(cx)
    }

    fn settle(&mut self, cx: &mut Ctx) {
        self.settle_tasks(cx)
    }

    fn resize(&mut self, cx: &mut Ctx) {
        self.resize_tasks(cx)
    }

    fn click(&mut self, column: u16, row: u16, cx: &mut Ctx) {
        self.click_tasks(cx, column, row)
    }
}

impl TabForms for Tasks {
    type Target = Target;
    type Pending = Pending;

    fn check(&self, fields: &mut [Field], t: &Target, index: usize, today: NaiveDate) {
        check_field(fields, t, index, today)
    }

    fn save(&mut self, t: Target, form: &mut Form<FormTarget>, cx: &mut Ctx) {
        self.save_tasks_form(cx, t, form)
    }

    fn ask(&self, p: &Pending, view: &View) -> String {
        question(p, view.strings())
    }

    fn answer(&mut self, p: Pending, _form: Option<&mut Form<FormTarget>>, cx: &mut Ctx) {
        self.carry_out_tasks(cx, p)
    }
}

/// The public holidays: the built-in list and the secretary's `holidays.txt` beside the
/// database, as the task form of the Protocol tab reads them (a bad file is said and left
/// out).
fn holidays_beside(cx: &mut Ctx) -> crate::domain::deadline::Holidays {
    use crate::domain::deadline::Holidays;
    let mut h = Holidays::builtin();
    if let Some(file) = cx
        .store
        .path()
        .and_then(|p| p.parent())
        .map(|d| d.join("holidays.txt"))
        && let Ok(text) = std::fs::read_to_string(&file)
    {
        match Holidays::parse(&text) {
            Ok(more) => h.extend(more),
            Err(e) => cx.error(&format!("{}: {e}", file.display())),
        }
    }
    h
}
