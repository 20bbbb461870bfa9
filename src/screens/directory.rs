//! The Directory tab: organizations and HQ members; add, edit, deactivate, delete.

use super::component::{Ctx, Screen, TabForms, View};
use crate::store::Refusal;
use crate::theme;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use crate::action::Action;
use crate::app::{self, FormTarget};
use crate::domain::CompositionError;
use crate::domain::org::check_composition;
use crate::domain::{Member, OrgKind, Organization, date};
use crate::i18n::Lang;
use crate::i18n::Strings;
use crate::keymap::Context;
use crate::store::StoreError;
use crate::store::{MemberFilter, OrgFilter, Store};
use crate::widgets::Input;
use crate::widgets::columns::{Col, cell, constraints, fit};
use crate::widgets::form::{Choices, Field, Form, Label};
use crate::widgets::list::Cursor;
use crate::widgets::look::{header, highlight, pane_block};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Organizations,
    Members,
}

pub struct Directory {
    pub pane: Pane,
    pub orgs: Vec<Organization>,
    pub org_cursor: Cursor,
    pub members: Vec<Member>,
    pub member_cursor: Cursor,
    pub org_total: i64,
    pub member_total: i64,
    pub filter: Input,
    pub filtering: bool,
    pub kind: Option<OrgKind>,
    pub show_inactive: bool,
}

/// What a directory form saves into: a new record (id 0) or one loaded at a version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Organization {
        id: i64,
        version: i64,
        active: bool,
    },
    Member {
        id: i64,
        version: i64,
        active: bool,
    },
    /// The HQ's settings (`screens::settings`).
    Settings,
}

/// The parts of the tab on screen, shared by rendering and mouse hit-testing.
pub struct Areas {
    pub filter: Rect,
    pub orgs: Rect,
    pub members: Rect,
}

pub fn areas(body: Rect) -> Areas {
    let [filter, lists] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(body);
    let [orgs, members] =
        Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(lists);
    Areas {
        filter,
        orgs,
        members,
    }
}

/// Rows a list shows in `area` (borders and header taken off).
pub fn list_height(area: Rect) -> usize {
    area.height.saturating_sub(3) as usize
}

impl Directory {
    pub fn new() -> Self {
        Directory {
            pane: Pane::Organizations,
            orgs: Vec::new(),
            org_cursor: Cursor::default(),
            members: Vec::new(),
            member_cursor: Cursor::default(),
            org_total: 0,
            member_total: 0,
            filter: Input::default(),
            filtering: false,
            kind: None,
            show_inactive: false,
        }
    }

    /// Reload both lists, keeping the selected records where they still show.
    pub fn reload(
        &mut self,
        store: &Store,
        height: usize,
        russian: bool,
    ) -> crate::store::Result<()> {
        let org_id = self.selected_org().map(|o| o.id);
        let member_id = self.selected_member().map(|m| m.id);
        self.orgs = store.organizations(&OrgFilter {
            kind: self.kind,
            text: self.filter.value().to_string(),
            include_inactive: self.show_inactive,
            russian,
        })?;
        self.members = store.members(&MemberFilter {
            text: self.filter.value().to_string(),
            include_inactive: self.show_inactive,
        })?;
        self.org_total = store.count("organization")?;
        self.member_total = store.count("member")?;
        if let Some(i) = org_id.and_then(|id| self.orgs.iter().position(|o| o.id == id)) {
            self.org_cursor.selected = i;
        }
        if let Some(i) = member_id.and_then(|id| self.members.iter().position(|m| m.id == id)) {
            self.member_cursor.selected = i;
        }
        self.org_cursor.clamp(self.orgs.len(), height);
        self.member_cursor.clamp(self.members.len(), height);
        Ok(())
    }

    pub fn select_org(&mut self, id: i64, height: usize) {
        if let Some(i) = self.orgs.iter().position(|o| o.id == id) {
            self.org_cursor.selected = i;
            self.org_cursor.clamp(self.orgs.len(), height);
        }
    }

    pub fn select_member(&mut self, id: i64, height: usize) {
        if let Some(i) = self.members.iter().position(|m| m.id == id) {
            self.member_cursor.selected = i;
            self.member_cursor.clamp(self.members.len(), height);
        }
    }

    pub fn selected_org(&self) -> Option<&Organization> {
        self.orgs.get(self.org_cursor.selected)
    }

    pub fn selected_member(&self) -> Option<&Member> {
        self.members.get(self.member_cursor.selected)
    }

    pub fn move_by(&mut self, delta: isize, height: usize) {
        match self.pane {
            Pane::Organizations => self.org_cursor.move_by(delta, self.orgs.len(), height),
            Pane::Members => self
                .member_cursor
                .move_by(delta, self.members.len(), height),
        }
    }

    pub fn toggle_pane(&mut self) {
        self.pane = match self.pane {
            Pane::Organizations => Pane::Members,
            Pane::Members => Pane::Organizations,
        };
    }

    pub fn cycle_kind(&mut self) {
        self.kind = match self.kind {
            None => Some(OrgKind::ALL[0]),
            Some(k) => OrgKind::ALL.get(k.index() + 1).copied(),
        };
    }

    pub fn has_filters(&self) -> bool {
        !self.filter.value().is_empty() || self.kind.is_some() || self.show_inactive
    }

    pub fn clear_filters(&mut self) {
        self.filter.clear();
        self.kind = None;
        self.show_inactive = false;
        self.filtering = false;
    }
}

impl Default for Directory {
    fn default() -> Self {
        Directory::new()
    }
}

// ---------- forms ----------

mod forms;
pub use forms::*;

// ---------- behaviour ----------

/// What a directory confirmation goes on to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    DeleteOrganization { id: i64, version: i64, name: String },
    DeleteMember { id: i64, version: i64, name: String },
}

pub fn question(p: &Pending, s: &Strings) -> String {
    match p {
        Pending::DeleteOrganization { name, .. } | Pending::DeleteMember { name, .. } => {
            s.confirm_delete.fill([name])
        }
    }
}

impl Directory {
    pub(crate) fn directory_height(&self, cx: &Ctx) -> usize {
        list_height(areas(cx.body).orgs)
    }

    pub(crate) fn refresh_directory(&mut self, cx: &mut Ctx) {
        let h = self.directory_height(cx);
        let ru = cx.lang == Lang::Ru;
        if let Err(e) = self.reload(cx.store, h, ru) {
            cx.store_error(e);
        }
    }

    pub(crate) fn resize_directory(&mut self, cx: &mut Ctx) {
        let h = self.directory_height(cx);
        let d = &mut *self;
        d.org_cursor.move_by(0, d.orgs.len(), h);
        d.member_cursor.move_by(0, d.members.len(), h);
    }

    pub(crate) fn click_directory(&mut self, cx: &mut Ctx, column: u16, row: u16) {
        let a = areas(cx.body);
        let h = self.directory_height(cx);
        for (pane, area) in [(Pane::Organizations, a.orgs), (Pane::Members, a.members)] {
            let inside = column >= area.x && column < area.right();
            if !inside || row < area.y || row >= area.bottom() {
                continue;
            }
            let d = &mut *self;
            d.pane = pane;
            let (cursor, len) = match pane {
                Pane::Organizations => (&mut d.org_cursor, d.orgs.len()),
                Pane::Members => (&mut d.member_cursor, d.members.len()),
            };
            cursor.click(row, area, len, h);
        }
    }

    pub(crate) fn carry_out_directory(&mut self, cx: &mut Ctx, pending: Pending) {
        let s = cx.strings();
        let result = match pending {
            Pending::DeleteOrganization { id, version, .. } => {
                cx.store.delete_organization(id, version)
            }
            Pending::DeleteMember { id, version, .. } => {
                match cx.store.member(id) {
                    Ok(mut gone) => {
                        gone.active = false;
                        if !self.composition_allows(cx, &gone) {
                            return;
                        }
                    }
                    Err(e) => return cx.store_error(e),
                }
                cx.store.delete_member(id, version)
            }
        };
        self.refresh_directory(cx);
        match result {
            Ok(()) => cx.info(s.msg_deleted),
            Err(e) => cx.store_error(e),
        }
    }
    pub(crate) fn update_directory(&mut self, cx: &mut Ctx, action: Action) {
        let h = self.directory_height(cx);
        let d = &mut *self;
        if d.filtering {
            match action {
                Action::Input(c) => d.filter.insert(c),
                Action::Backspace => d.filter.backspace(),
                Action::DeleteChar => d.filter.delete(),
                Action::CursorHome => d.filter.home(),
                Action::CursorEnd => d.filter.end(),
                Action::FilterDone => d.filtering = false,
                Action::ClearFilter => {
                    d.filter.clear();
                    d.filtering = false;
                }
                _ => return,
            }
            self.refresh_directory(cx);
            return;
        }
        match action {
            Action::FocusNext | Action::FocusPrev => d.toggle_pane(),
            Action::Up | Action::ScrollUp => d.move_by(-1, h),
            Action::Down | Action::ScrollDown => d.move_by(1, h),
            Action::PageUp => d.move_by(-(h.max(1) as isize), h),
            Action::PageDown => d.move_by(h.max(1) as isize, h),
            Action::First => d.move_by(isize::MIN / 2, h),
            Action::Last => d.move_by(isize::MAX / 2, h),
            Action::Filter => d.filtering = true,
            Action::CycleKind => {
                d.cycle_kind();
                self.refresh_directory(cx);
            }
            Action::ShowInactive => {
                d.show_inactive = !d.show_inactive;
                self.refresh_directory(cx);
            }
            Action::ClearFilter => {
                d.clear_filters();
                self.refresh_directory(cx);
            }
            Action::Add => self.open_directory_form(cx, true),
            Action::Edit => self.open_directory_form(cx, false),
            Action::ToggleActive => self.toggle_active(cx),
            Action::Delete => self.ask_delete(cx),
            Action::Settings if cx.may(crate::domain::access::Permission::Edit) => {
                match super::settings::form(cx.store, Target::Settings) {
                    Ok(form) => cx.open_form(form.map(FormTarget::Directory)),
                    Err(e) => cx.store_error(e),
                }
            }
            _ => {}
        }
    }

    fn save_settings(&mut self, cx: &mut Ctx, form: &mut Form<FormTarget>) {
        let s = cx.strings();
        match super::settings::save(cx.store, form) {
            Ok(Ok(0)) => {
                cx.close_form();
                cx.info(s.settings.msg_unchanged);
            }
            Ok(Ok(n)) => {
                cx.close_form();
                cx.info(&s.settings.msg_saved.fill([&n]));
            }
            Ok(Err(())) => cx.error(s.err_fix_fields),
            Err(e) => cx.store_error(e),
        }
    }

    fn open_directory_form(&mut self, cx: &mut Ctx, new: bool) {
        let d = &*self;
        let mut form = match (d.pane, new) {
            (Pane::Organizations, true) => org_form(None),
            (Pane::Organizations, false) => match d.selected_org() {
                Some(o) => org_form(Some(o)),
                None => return cx.error(cx.strings().err_nothing_selected),
            },
            (Pane::Members, true) => member_form(None, cx.org_choices(), cx.today),
            (Pane::Members, false) => match d.selected_member().cloned() {
                Some(m) => member_form(Some(&m), cx.org_choices(), cx.today),
                None => return cx.error(cx.strings().err_nothing_selected),
            },
        };
        // The fields only papers use, after the others (see `paper_fields`).
        let people = cx.store.paper_people().unwrap_or_default();
        let (text, gender) = match &form.target {
            Target::Organization { id, .. } => people.heads.get(id).cloned(),
            Target::Member { id, .. } => people.members.get(id).cloned(),
            Target::Settings => None,
        }
        .unwrap_or_default();
        let label: Label = if matches!(form.target, Target::Organization { .. }) {
            |s| s.settings.f_head_title_ru
        } else {
            |s| s.settings.f_position_ru
        };
        let gender_label: Label = if matches!(form.target, Target::Organization { .. }) {
            |s| s.settings.f_head_gender
        } else {
            |s| s.settings.f_gender
        };
        form.fields.push(
            Field::text(label, &text)
                .key(PaperField::TitleRu)
                .validate(crate::domain::validate::length),
        );
        let g = GENDERS.iter().position(|c| *c == gender).unwrap_or(0);
        form.fields.push(
            Field::choice(gender_label, Choices::Fixed(|s| &s.settings.genders), g)
                .key(PaperField::Gender),
        );
        cx.open_form(form.map(FormTarget::Directory));
    }

    fn save_directory_form(&mut self, cx: &mut Ctx, target: Target, form: &mut Form<FormTarget>) {
        if target == Target::Settings {
            return self.save_settings(cx, form);
        }
        let s = cx.strings();
        let h = self.directory_height(cx);
        let Some((paper_text, gender)) = paper_fields(&mut form.fields) else {
            return cx.error(s.err_fix_fields);
        };
        let saved = match target {
            Target::Settings => return,
            Target::Organization { .. } => match validate_org(&mut form.fields, &target) {
                Some(o) => cx
                    .store
                    .save_organization_for_papers(&o, &paper_text, gender)
                    .map(|id| (Pane::Organizations, id)),
                None => return cx.error(s.err_fix_fields),
            },
            Target::Member { .. } => match validate_member(&mut form.fields, &target) {
                Some(m) => {
                    if !self.composition_allows(cx, &m) {
                        return;
                    }
                    cx.store
                        .save_member_for_papers(&m, &paper_text, gender)
                        .map(|id| (Pane::Members, id))
                }
                None => return cx.error(s.err_fix_fields),
            },
        };
        match saved {
            Ok((pane, id)) => {
                cx.close_form();
                self.refresh_directory(cx);
                match pane {
                    Pane::Organizations => self.select_org(id, h),
                    Pane::Members => self.select_member(id, h),
                }
                cx.info(s.msg_saved);
            }
            Err(StoreError::Refused(Refusal::Conflict)) => {
                // Keep what was typed; the next save overwrites deliberately.
                adopt_current_version(cx, form);
                cx.store_error(StoreError::Refused(Refusal::Conflict));
                self.refresh_directory(cx);
            }
            Err(e) => cx.store_error(e),
        }
    }
}

/// After a refused stale save the form keeps what was typed at the record's current version,
/// so saving again overwrites deliberately.
fn adopt_current_version(cx: &mut Ctx, form: &mut Form<FormTarget>) {
    {
        let FormTarget::Directory(target) = &mut form.target else {
            return;
        };
        match target {
            Target::Organization { id, version, .. } => {
                if let Ok(o) = cx.store.organization(*id) {
                    *version = o.version;
                }
            }
            Target::Member { id, version, .. } => {
                if let Ok(m) = cx.store.member(*id) {
                    *version = m.version;
                }
            }
            Target::Settings => {}
        }
    }
}

impl Directory {
    /// Would the HQ's composition stay valid with `changed`? If not, say why.
    pub(crate) fn composition_allows(
        &mut self,
        cx: &mut Ctx,
        changed: &crate::domain::Member,
    ) -> bool {
        match cx.store.all_members() {
            Ok(all) => match check_composition(&all, changed, cx.today) {
                Ok(()) => true,
                Err(e) => {
                    self.composition_error(cx, e);
                    false
                }
            },
            Err(e) => {
                cx.store_error(e);
                false
            }
        }
    }

    fn composition_error(&mut self, cx: &mut Ctx, e: CompositionError) {
        let s = cx.strings();
        let text = match e {
            CompositionError::SecondChair { other } => s.err_second_chair.fill([&other]),
            CompositionError::NoChair => s.err_no_chair.to_string(),
            CompositionError::NoSecretary => s.err_no_secretary.to_string(),
        };
        cx.error(&text);
    }

    fn toggle_active(&mut self, cx: &mut Ctx) {
        let s = cx.strings();
        let d = &*self;
        let result = match d.pane {
            Pane::Organizations => match d.selected_org() {
                Some(o) => {
                    let (id, v, a) = (o.id, o.version, o.active);
                    cx.store.set_organization_active(id, v, !a).map(|_| !a)
                }
                None => return cx.error(s.err_nothing_selected),
            },
            Pane::Members => match d.selected_member().cloned() {
                Some(m) => {
                    let mut changed = m.clone();
                    changed.active = !m.active;
                    if !self.composition_allows(cx, &changed) {
                        return;
                    }
                    cx.store
                        .set_member_active(m.id, m.version, changed.active)
                        .map(|_| changed.active)
                }
                None => return cx.error(s.err_nothing_selected),
            },
        };
        match result {
            Ok(active) => {
                self.refresh_directory(cx);
                cx.info(if active {
                    s.msg_activated
                } else {
                    s.msg_deactivated
                });
            }
            Err(e) => {
                self.refresh_directory(cx);
                cx.store_error(e);
            }
        }
    }

    fn ask_delete(&mut self, cx: &mut Ctx) {
        let d = &*self;
        let pending = match d.pane {
            Pane::Organizations => d.selected_org().map(|o| Pending::DeleteOrganization {
                id: o.id,
                version: o.version,
                // In the UI's language, as the list shows it.
                name: o.name(cx.lang == crate::i18n::Lang::Ru).to_string(),
            }),
            Pane::Members => d.selected_member().map(|m| Pending::DeleteMember {
                id: m.id,
                version: m.version,
                name: m.full_name.clone(),
            }),
        };
        match pending {
            Some(p) => cx.ask(app::Pending::Directory(p)),
            None => cx.error(cx.strings().err_nothing_selected),
        }
    }
}

impl Screen for Directory {
    fn refresh(&mut self, cx: &mut Ctx) {
        self.refresh_directory(cx)
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) {
        self.update_directory(cx, action)
    }

    fn render(&self, frame: &mut Frame, body: Rect, view: &View) {
        render(frame, body, view.strings(), self, view.russian())
    }

    fn context(&self) -> Context {
        if self.filtering {
            Context::Filter
        } else {
            Context::Directory
        }
    }

    fn resize(&mut self, cx: &mut Ctx) {
        self.resize_directory(cx)
    }

    fn click(&mut self, column: u16, row: u16, cx: &mut Ctx) {
        self.click_directory(cx, column, row)
    }
}

impl TabForms for Directory {
    type Target = Target;
    type Pending = Pending;

    fn check(&self, fields: &mut [Field], t: &Target, index: usize, _today: NaiveDate) {
        check_field(fields, t, index)
    }

    fn save(&mut self, t: Target, form: &mut Form<FormTarget>, cx: &mut Ctx) {
        self.save_directory_form(cx, t, form)
    }

    fn ask(&self, p: &Pending, view: &View) -> String {
        question(p, view.strings())
    }

    fn answer(&mut self, p: Pending, _form: Option<&mut Form<FormTarget>>, cx: &mut Ctx) {
        self.carry_out_directory(cx, p)
    }
}

// ---------- rendering ----------

/// Widths of a three-column list in a bordered pane: the columns named in `names` (who is
/// who) share the room first, the others keep `min` and grow to their widest cell.
fn fit_columns(
    pane: Rect,
    heads: &[&str; 3],
    rows: &[[String; 3]],
    min: [u16; 3],
    names: [bool; 3],
) -> Vec<u16> {
    let col = |i: usize| {
        Col::fitting(
            min[i],
            std::iter::once(heads[i]).chain(rows.iter().map(|r| r[i].as_str())),
        )
    };
    let cols: Vec<Col> = (0..3)
        .map(|i| if names[i] { col(i).name() } else { col(i) })
        .collect();
    fit(pane.width.saturating_sub(2), &cols, 1)
}

fn row_style(active: bool) -> Style {
    if active {
        Style::default()
    } else {
        theme::muted()
    }
}

pub fn render(frame: &mut Frame, body: Rect, s: &Strings, st: &Directory, russian: bool) {
    let a = areas(body);
    render_filter_bar(frame, a.filter, s, st);

    let focused_orgs = st.pane == Pane::Organizations;
    let orgs: Vec<[String; 3]> = st
        .orgs
        .iter()
        .map(|o| {
            let mut name = o.name(russian).to_string();
            if !o.active {
                name = format!("{name} {}", s.inactive_mark);
            }
            [
                name,
                s.kinds[o.kind.index()].to_string(),
                o.head_name.clone(),
            ]
        })
        .collect();
    let heads = [s.col_name, s.col_kind, s.col_head];
    let w = fit_columns(a.orgs, &heads, &orgs, [12, 8, 10], [true, false, true]);
    let org_rows = orgs.iter().zip(&st.orgs).map(|(c, o)| {
        Row::new((0..3).map(|i| Cell::from(cell(&c[i], w[i])))).style(row_style(o.active))
    });
    let title = format!(
        " {} ({}) ",
        s.dir_orgs,
        s.shown_of.fill([&st.orgs.len(), &st.org_total])
    );
    let table = Table::new(org_rows, constraints(&w))
        .header(header((0..3).map(|i| cell(heads[i], w[i]))))
        .block(pane_block(title, focused_orgs))
        .row_highlight_style(highlight(focused_orgs));
    let mut state = TableState::default()
        .with_offset(st.org_cursor.offset)
        .with_selected((!st.orgs.is_empty()).then_some(st.org_cursor.selected));
    frame.render_stateful_widget(table, a.orgs, &mut state);

    let members: Vec<[String; 3]> = st
        .members
        .iter()
        .map(|m| {
            let term = format!(
                "{}–{}",
                date::format(m.term_from),
                m.term_to.map(date::format).unwrap_or_default()
            );
            [
                m.full_name.clone(),
                s.roles[m.role.index()].to_string(),
                term,
            ]
        })
        .collect();
    let heads = [s.col_name, s.col_role, s.col_term];
    // The term keeps its start date whole (11 cells: "01.05.2025–").
    let w = fit_columns(
        a.members,
        &heads,
        &members,
        [10, 8, 11],
        [true, true, false],
    );
    let member_rows = members.iter().zip(&st.members).map(|(c, m)| {
        Row::new((0..3).map(|i| Cell::from(cell(&c[i], w[i])))).style(row_style(m.active))
    });
    let title = format!(
        " {} ({}) ",
        s.dir_members,
        s.shown_of.fill([&st.members.len(), &st.member_total])
    );
    let table = Table::new(member_rows, constraints(&w))
        .header(header((0..3).map(|i| cell(heads[i], w[i]))))
        .block(pane_block(title, !focused_orgs))
        .row_highlight_style(highlight(!focused_orgs));
    let mut state = TableState::default()
        .with_offset(st.member_cursor.offset)
        .with_selected((!st.members.is_empty()).then_some(st.member_cursor.selected));
    frame.render_stateful_widget(table, a.members, &mut state);

    for (area, empty) in [
        (a.orgs, st.orgs.is_empty()),
        (a.members, st.members.is_empty()),
    ] {
        if empty && area.height > 3 && area.width > 2 {
            let inner = Rect {
                x: area.x + 1,
                y: area.y + 2,
                width: area.width - 2,
                height: 1,
            };
            frame.render_widget(Paragraph::new(s.empty_list).style(theme::muted()), inner);
        }
    }
}

fn render_filter_bar(frame: &mut Frame, area: Rect, s: &Strings, st: &Directory) {
    let label = format!("{}: ", s.filter_label);
    let label_w = unicode_width::UnicodeWidthStr::width(label.as_str()) as u16;
    let kind = st.kind.map_or(s.all_kinds, |k| s.kinds[k.index()]);
    let mut spans = vec![Span::styled(
        label,
        Style::default().add_modifier(Modifier::BOLD),
    )];
    let field_w = 30usize;
    let (shown, col) = st.filter.visible(field_w - 1);
    let pad = field_w.saturating_sub(unicode_width::UnicodeWidthStr::width(shown.as_str()));
    let field_style = if st.filtering {
        theme::bar()
    } else {
        Style::default().add_modifier(Modifier::UNDERLINED)
    };
    spans.push(Span::styled(
        format!("{shown}{}", " ".repeat(pad)),
        field_style,
    ));
    spans.push(Span::raw("  ["));
    spans.push(Span::styled(kind, theme::accent()));
    spans.push(Span::raw("]"));
    if st.show_inactive {
        spans.push(Span::raw("  ["));
        spans.push(Span::styled(s.with_inactive, theme::accent()));
        spans.push(Span::raw("]"));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    if st.filtering {
        let x = area.x + label_w + col as u16;
        if x < area.right() {
            frame.set_cursor_position((x, area.y));
        }
    }
}
