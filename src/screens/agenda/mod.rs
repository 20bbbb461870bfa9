//! The Agenda tab: the sessions of the year and the agenda of each, prepared in advance;
//! suggested hearings of organizations with overdue tasks; carry-over; invited persons.

mod actions;
mod browse;
mod forms;
mod render;

use crate::action::Action;
use crate::app::FormTarget;
use crate::domain::session::{AgendaItem, InvitedPerson, Session};
use crate::keymap::Context;
use crate::screens::component::{Ctx, Screen, TabForms, View};
use crate::store::{CarryOver, SessionRow, Suggestion};
use crate::widgets::form::{Field, Form};
use crate::widgets::list::Cursor;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

pub use forms::{
    InvitedField, ItemField, Pending, PlanField, PlanRequest, SessionField, Target, check_field,
    invited_form, item_form, plan_form, question, session_form, validate_invited, validate_item,
    validate_plan, validate_session, write_form,
};
pub use render::render;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    #[default]
    Sessions,
    Items,
    Side,
    Invited,
}

impl Pane {
    const ORDER: [Pane; 4] = [Pane::Sessions, Pane::Items, Pane::Side, Pane::Invited];

    fn step(self, forward: bool) -> Pane {
        let i = Self::ORDER.iter().position(|p| *p == self).unwrap_or(0);
        let n = Self::ORDER.len();
        Self::ORDER[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }]
    }
}

#[derive(Debug, Default)]
pub struct Agenda {
    pub pane: Pane,
    pub sessions: Vec<SessionRow>,
    pub session_cursor: Cursor,
    pub items: Vec<AgendaItem>,
    pub item_cursor: Cursor,
    pub carry: Vec<CarryOver>,
    pub suggestions: Vec<Suggestion>,
    /// Every organization with overdue tasks, as last read (the worker reads it after a
    /// change); `suggestions` are these less the ones heard in the selected session.
    pub overdue: Vec<Suggestion>,
    pub side_cursor: Cursor,
    pub invited: Vec<InvitedPerson>,
    pub invited_cursor: Cursor,
    /// (id, name) of the HQ's members, to name speakers.
    pub members: Vec<(i64, String)>,
    /// The approved session whose agenda the user agreed to change.
    pub unlocked: Option<i64>,
}

/// One line of the side list: an item to carry over, or an organization to hear.
pub enum SideEntry<'a> {
    Carry(&'a CarryOver),
    Hear(&'a Suggestion),
}

impl Agenda {
    pub fn selected_session(&self) -> Option<&Session> {
        self.sessions
            .get(self.session_cursor.selected)
            .map(|r| &r.session)
    }

    pub fn selected_item(&self) -> Option<&AgendaItem> {
        self.items.get(self.item_cursor.selected)
    }

    pub fn side_len(&self) -> usize {
        self.carry.len() + self.suggestions.len()
    }

    pub fn side_entry(&self, i: usize) -> Option<SideEntry<'_>> {
        if i < self.carry.len() {
            self.carry.get(i).map(SideEntry::Carry)
        } else {
            self.suggestions
                .get(i - self.carry.len())
                .map(SideEntry::Hear)
        }
    }

    fn member_name(&self, id: Option<i64>) -> &str {
        id.and_then(|id| self.members.iter().find(|m| m.0 == id))
            .map_or("", |m| m.1.as_str())
    }
}

pub struct Areas {
    pub sessions: Rect,
    pub items: Rect,
    pub side: Rect,
    pub invited: Rect,
}

pub fn areas(body: Rect) -> Areas {
    let [sessions, rest] =
        Layout::vertical([Constraint::Percentage(42), Constraint::Fill(1)]).areas(body);
    let [items, right] =
        Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(rest);
    let [side, invited] = Layout::vertical([Constraint::Fill(3), Constraint::Fill(2)]).areas(right);
    Areas {
        sessions,
        items,
        side,
        invited,
    }
}

fn rows_in(area: Rect) -> usize {
    area.height.saturating_sub(3) as usize
}

/// Entries the side list shows: two lines each, no header.
fn side_rows(area: Rect) -> usize {
    (area.height.saturating_sub(2) / 2) as usize
}

impl Screen for Agenda {
    fn refresh(&mut self, cx: &mut Ctx) {
        self.refresh_agenda(cx)
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) {
        self.update_agenda(cx, action)
    }

    fn receive(&mut self, output: crate::worker::Output, cx: &mut Ctx) {
        if let Ok(overdue) = output.downcast::<browse::Overdue>() {
            self.take_overdue(*overdue, cx)
        }
    }

    fn render(&self, frame: &mut Frame, body: Rect, view: &View) {
        render(frame, body, view.strings(), self, view.russian())
    }

    fn context(&self) -> Context {
        Context::Agenda
    }

    fn resize(&mut self, cx: &mut Ctx) {
        self.resize_agenda(cx)
    }

    fn click(&mut self, column: u16, row: u16, cx: &mut Ctx) {
        self.click_agenda(cx, column, row)
    }
}

impl TabForms for Agenda {
    type Target = Target;
    type Pending = Pending;

    fn check(&self, fields: &mut [Field], t: &Target, index: usize, _today: NaiveDate) {
        check_field(fields, t, index)
    }

    fn save(&mut self, t: Target, form: &mut Form<FormTarget>, cx: &mut Ctx) {
        self.save_agenda_form(cx, t, false, form)
    }

    fn ask(&self, p: &Pending, view: &View) -> String {
        question(p, view.strings())
    }

    fn answer(&mut self, p: Pending, form: Option<&mut Form<FormTarget>>, cx: &mut Ctx) {
        self.carry_out_agenda(cx, p, form)
    }
}
