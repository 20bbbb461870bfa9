//! The Directory tab: organizations and HQ members; add, edit, deactivate, delete.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState};

use crate::domain::validate::{self, FieldError};
use crate::domain::{Member, OrgKind, Organization, Role, date};
use crate::i18n::Strings;
use crate::store::{MemberFilter, OrgFilter, Store};
use crate::widgets::Input;
use crate::widgets::form::{Choices, Field, Form, Label};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Organizations,
    Members,
}

/// A scrolled list selection that survives reloads by id.
#[derive(Debug, Clone, Default)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

impl Cursor {
    fn clamp(&mut self, len: usize, height: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(1));
    }

    pub fn move_by(&mut self, delta: isize, len: usize, height: usize) {
        let target = self.selected as isize + delta;
        self.selected = target.clamp(0, len.saturating_sub(1) as isize) as usize;
        self.clamp(len, height);
    }
}

pub struct State {
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
    Organization { id: i64, version: i64, active: bool },
    Member { id: i64, version: i64, active: bool },
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

impl State {
    pub fn new() -> Self {
        State {
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

impl Default for State {
    fn default() -> Self {
        State::new()
    }
}

// ---------- forms ----------

pub fn org_form(o: Option<&Organization>) -> Form<Target> {
    let blank = Organization::new("", OrgKind::Organization);
    let o = o.unwrap_or(&blank);
    let title: Label = if o.id == 0 {
        |s| s.form_new_org
    } else {
        |s| s.form_edit_org
    };
    Form::new(
        title,
        vec![
            Field::text(|s| s.f_name_ky, &o.name_ky),
            Field::text(|s| s.f_name_ru, &o.name_ru),
            Field::choice(|s| s.f_kind, Choices::OrgKinds, o.kind.index()),
            Field::text(|s| s.f_head_name, &o.head_name),
            Field::text(|s| s.f_head_title, &o.head_title),
            Field::text(|s| s.f_phone, &o.phone),
            Field::text(|s| s.f_email, &o.email),
            Field::text(|s| s.f_address, &o.address),
        ],
        Target::Organization {
            id: o.id,
            version: o.version,
            active: o.active,
        },
    )
}

pub fn member_form(m: Option<&Member>, orgs: Vec<(i64, String)>, today: NaiveDate) -> Form<Target> {
    let org_index = m
        .and_then(|m| m.organization_id)
        .and_then(|id| orgs.iter().position(|o| o.0 == id))
        .map_or(0, |i| i + 1);
    let title: Label = if m.is_none_or(|m| m.id == 0) {
        |s| s.form_new_member
    } else {
        |s| s.form_edit_member
    };
    let (id, version, active) = m.map_or((0, 0, true), |m| (m.id, m.version, m.active));
    Form::new(
        title,
        vec![
            Field::text(|s| s.f_full_name, m.map_or("", |m| &m.full_name)),
            Field::text(|s| s.f_position, m.map_or("", |m| &m.position)),
            Field::choice(
                |s| s.f_role,
                Choices::Roles,
                m.map_or(Role::Member.index(), |m| m.role.index()),
            ),
            Field::choice(
                |s| s.f_organization,
                Choices::Organizations(orgs),
                org_index,
            ),
            Field::text(|s| s.f_phone, m.map_or("", |m| &m.phone)),
            Field::text(|s| s.f_email, m.map_or("", |m| &m.email)),
            Field::date(
                |s| s.f_term_from,
                &date::format(m.map_or(today, |m| m.term_from)),
            ),
            Field::date(
                |s| s.f_term_to,
                &m.and_then(|m| m.term_to)
                    .map(date::format)
                    .unwrap_or_default(),
            ),
        ],
        Target::Member {
            id,
            version,
            active,
        },
    )
}

pub fn field_error_label(e: FieldError) -> Label {
    match e {
        FieldError::Required => |s| s.err_required,
        FieldError::BadDate => |s| s.err_bad_date,
        FieldError::BadPhone => |s| s.err_bad_phone,
        FieldError::BadEmail => |s| s.err_bad_email,
        FieldError::TermEndsBeforeStart => |s| s.err_term_order,
        FieldError::TooLong => |s| s.err_too_long,
    }
}

type Check = fn(&str) -> Result<(), FieldError>;

/// Validate the one field being left, so a mistake shows as soon as the user moves on.
pub fn check_field(form: &mut Form<Target>, index: usize) {
    let mut trial = form.clone();
    match trial.target {
        Target::Organization { .. } => drop(validate_org(&mut trial)),
        Target::Member { .. } => drop(validate_member(&mut trial)),
    }
    if let (Some(f), Some(t)) = (form.fields.get_mut(index), trial.fields.get(index)) {
        f.error = t.error;
    }
}

/// Check each field, mark the bad ones, and build the record if all are good.
pub fn validate_org(form: &mut Form<Target>) -> Option<Organization> {
    let Target::Organization {
        id,
        version,
        active,
    } = form.target.clone()
    else {
        return None;
    };
    let checks: [Check; 8] = [
        validate::required,
        validate::length,
        |_| Ok(()),
        validate::length,
        validate::length,
        validate::phone,
        validate::email,
        validate::length,
    ];
    for (f, check) in form.fields.iter_mut().zip(checks) {
        f.error = check(f.text_value()).err().map(field_error_label);
    }
    if form.has_errors() {
        return None;
    }
    let t = |i: usize| form.fields[i].text_value().trim().to_string();
    Some(Organization {
        id,
        name_ky: t(0),
        name_ru: t(1),
        kind: OrgKind::ALL[form.fields[2].choice_index().min(OrgKind::ALL.len() - 1)],
        head_name: t(3),
        head_title: t(4),
        phone: t(5),
        email: t(6),
        address: t(7),
        active,
        version,
    })
}

pub fn validate_member(form: &mut Form<Target>) -> Option<Member> {
    let Target::Member {
        id,
        version,
        active,
    } = form.target.clone()
    else {
        return None;
    };
    let text_checks: [(usize, Check); 4] = [
        (0, validate::required),
        (1, validate::length),
        (4, validate::phone),
        (5, validate::email),
    ];
    for (i, check) in text_checks {
        form.fields[i].error = check(form.fields[i].text_value())
            .err()
            .map(field_error_label);
    }
    let from = validate::date(form.fields[6].text_value());
    let to = validate::optional_date(form.fields[7].text_value());
    form.fields[6].error = from.as_ref().err().map(|e| field_error_label(*e));
    form.fields[7].error = to.as_ref().err().map(|e| field_error_label(*e));
    if let (Ok(f), Ok(Some(t))) = (&from, &to)
        && t < f
    {
        form.fields[7].error = Some(field_error_label(FieldError::TermEndsBeforeStart));
    }
    if form.has_errors() {
        return None;
    }
    let organization_id = match &form.fields[3].value {
        crate::widgets::form::Value::Choice {
            index,
            choices: Choices::Organizations(v),
        } if *index > 0 => v.get(index - 1).map(|o| o.0),
        _ => None,
    };
    let t = |i: usize| form.fields[i].text_value().trim().to_string();
    Some(Member {
        id,
        full_name: t(0),
        position: t(1),
        role: Role::ALL[form.fields[2].choice_index().min(Role::ALL.len() - 1)],
        organization_id,
        phone: t(4),
        email: t(5),
        term_from: from.ok()?,
        term_to: to.ok()?,
        active,
        version,
    })
}

// ---------- rendering ----------

fn pane_block<'a>(title: String, focused: bool) -> Block<'a> {
    let style = if focused {
        Style::default()
            .fg(Color::Cyan)
            .add_modifier(Modifier::BOLD)
    } else {
        Style::default().fg(Color::Gray)
    };
    Block::default()
        .borders(Borders::ALL)
        .border_style(style)
        .title(Span::styled(title, style))
}

fn header<'a>(cols: &[&'a str]) -> Row<'a> {
    Row::new(cols.iter().map(|c| Cell::from(*c)))
        .style(Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED))
}

fn row_style(active: bool) -> Style {
    if active {
        Style::default()
    } else {
        Style::default().fg(Color::DarkGray)
    }
}

pub fn render(frame: &mut Frame, body: Rect, s: &Strings, st: &State, russian: bool) {
    let a = areas(body);
    render_filter_bar(frame, a.filter, s, st);

    let focused_orgs = st.pane == Pane::Organizations;
    let org_rows = st.orgs.iter().map(|o| {
        let mut name = o.name(russian).to_string();
        if !o.active {
            name = format!("{name} {}", s.inactive_mark);
        }
        Row::new(vec![
            Cell::from(name),
            Cell::from(s.kinds[o.kind.index()]),
            Cell::from(o.head_name.clone()),
        ])
        .style(row_style(o.active))
    });
    let title = format!(
        " {} ({}) ",
        s.dir_orgs,
        crate::i18n::fill(s.shown_of, &[&st.orgs.len(), &st.org_total])
    );
    let table = Table::new(
        org_rows,
        [
            Constraint::Fill(5),
            Constraint::Fill(3),
            Constraint::Fill(3),
        ],
    )
    .header(header(&[s.col_name, s.col_kind, s.col_head]))
    .block(pane_block(title, focused_orgs))
    .row_highlight_style(highlight(focused_orgs));
    let mut state = TableState::default()
        .with_offset(st.org_cursor.offset)
        .with_selected((!st.orgs.is_empty()).then_some(st.org_cursor.selected));
    frame.render_stateful_widget(table, a.orgs, &mut state);

    let member_rows = st.members.iter().map(|m| {
        let term = format!(
            "{}–{}",
            date::format(m.term_from),
            m.term_to.map(date::format).unwrap_or_default()
        );
        Row::new(vec![
            Cell::from(m.full_name.clone()),
            Cell::from(s.roles[m.role.index()]),
            Cell::from(term),
        ])
        .style(row_style(m.active))
    });
    let title = format!(
        " {} ({}) ",
        s.dir_members,
        crate::i18n::fill(s.shown_of, &[&st.members.len(), &st.member_total])
    );
    let table = Table::new(
        member_rows,
        [
            Constraint::Fill(4),
            Constraint::Fill(3),
            Constraint::Length(11),
        ],
    )
    .header(header(&[s.col_name, s.col_role, s.col_term]))
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
            frame.render_widget(
                Paragraph::new(s.empty_list).style(Style::default().fg(Color::DarkGray)),
                inner,
            );
        }
    }
}

fn highlight(focused: bool) -> Style {
    if focused {
        Style::default().bg(Color::Blue).fg(Color::White)
    } else {
        Style::default().add_modifier(Modifier::REVERSED)
    }
}

fn render_filter_bar(frame: &mut Frame, area: Rect, s: &Strings, st: &State) {
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
        Style::default().bg(Color::DarkGray).fg(Color::White)
    } else {
        Style::default().add_modifier(Modifier::UNDERLINED)
    };
    spans.push(Span::styled(
        format!("{shown}{}", " ".repeat(pad)),
        field_style,
    ));
    spans.push(Span::raw("  ["));
    spans.push(Span::styled(kind, Style::default().fg(Color::Cyan)));
    spans.push(Span::raw("]"));
    if st.show_inactive {
        spans.push(Span::raw("  ["));
        spans.push(Span::styled(
            s.with_inactive,
            Style::default().fg(Color::Cyan),
        ));
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
