//! The application state. Events become `Action`s (through `keymap`); `update` applies
//! them, writing to the store; `render` draws a frame from `&self`.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyEventKind, MouseButton, MouseEventKind};
use ratatui::layout::Rect;

use crate::action::Action;
use crate::domain::org::check_composition;
use crate::domain::{CompositionError, date};
use crate::i18n::{Lang, Strings, fill};
use crate::keymap::{self, Context};
use crate::screens::directory::{self, Pane, Target};
use crate::screens::overview::Counts;
use crate::screens::{self, MIN_HEIGHT, MIN_WIDTH, Message, Tab};
use crate::store::{Store, StoreError};
use crate::widgets::form::Form;

/// What a confirmation popup, once answered yes, goes on to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    DeleteOrganization { id: i64, version: i64, name: String },
    DeleteMember { id: i64, version: i64, name: String },
    DiscardForm,
    QuitDiscarding,
}

pub struct App {
    pub store: Store,
    pub lang: Lang,
    pub tab: Tab,
    pub today: NaiveDate,
    pub demo: bool,
    pub directory: directory::State,
    pub counts: Counts,
    pub form: Option<Form<Target>>,
    pub confirm: Option<Pending>,
    pub help: bool,
    pub message: Option<(String, bool)>,
    pub quit: bool,
    /// The terminal's size at the last event, for layout in `update` and mouse hits.
    pub size: Rect,
}

impl App {
    pub fn new(store: Store, lang: Lang, today: NaiveDate, demo: bool) -> App {
        let mut app = App {
            store,
            lang,
            tab: Tab::Agenda,
            today,
            demo,
            directory: directory::State::new(),
            counts: Counts::default(),
            form: None,
            confirm: None,
            help: false,
            message: None,
            quit: false,
            size: Rect::new(0, 0, 100, 30),
        };
        app.refresh();
        app
    }

    pub fn strings(&self) -> &'static Strings {
        self.lang.strings()
    }

    fn list_height(&self) -> usize {
        let body = screens::frame_areas(self.size).body;
        directory::list_height(directory::areas(body).orgs)
    }

    /// Reload what the current screens show from the store.
    pub fn refresh(&mut self) {
        let h = self.list_height();
        let result = Counts::load(&self.store, self.today)
            .map(|c| self.counts = c)
            .and_then(|_| self.directory.reload(&self.store, h, self.lang == Lang::Ru));
        if let Err(e) = result {
            self.store_error(e);
        }
    }

    pub fn context(&self) -> Context {
        if self.confirm.is_some() {
            Context::Confirm
        } else if self.help {
            Context::Help
        } else if self.form.is_some() {
            Context::Form
        } else if self.tab == Tab::Directory && self.directory.filtering {
            Context::Filter
        } else if self.tab == Tab::Directory {
            Context::Directory
        } else {
            Context::Overview
        }
    }

    /// The context beneath the help overlay: the keys help lists.
    fn help_context(&self) -> Context {
        if self.form.is_some() {
            Context::Form
        } else if self.tab == Tab::Directory {
            Context::Directory
        } else {
            Context::Overview
        }
    }

    fn info(&mut self, text: &str) {
        self.message = Some((text.to_string(), false));
    }

    fn error(&mut self, text: &str) {
        self.message = Some((text.to_string(), true));
    }

    fn store_error(&mut self, e: StoreError) {
        let s = self.strings();
        let text = match &e {
            StoreError::Conflict => s.err_conflict.to_string(),
            StoreError::InUse => s.err_in_use.to_string(),
            StoreError::NotFound => s.err_not_found.to_string(),
            other => fill(s.err_db, &[other]),
        };
        self.error(&text);
    }

    /// Turn a terminal event into actions and apply them.
    pub fn handle_event(&mut self, event: &Event) {
        match event {
            // Windows reports Press and Release: act once.
            Event::Key(k) if k.kind == KeyEventKind::Press => {
                self.message = None;
                if let Some(a) = keymap::resolve(self.context(), k) {
                    self.update(a);
                }
            }
            Event::Mouse(m) => match m.kind {
                MouseEventKind::Down(MouseButton::Left) => self.update(Action::Click {
                    column: m.column,
                    row: m.row,
                }),
                MouseEventKind::ScrollUp => self.update(Action::ScrollUp),
                MouseEventKind::ScrollDown => self.update(Action::ScrollDown),
                _ => {}
            },
            Event::Paste(text) if keymap::takes_text(self.context()) => {
                for c in text.chars() {
                    self.update(Action::Input(c));
                }
            }
            Event::Resize(w, h) => self.resize(*w, *h),
            _ => {}
        }
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = Rect::new(0, 0, width, height);
        let h = self.list_height();
        let d = &mut self.directory;
        d.org_cursor.move_by(0, d.orgs.len(), h);
        d.member_cursor.move_by(0, d.members.len(), h);
    }

    pub fn update(&mut self, action: Action) {
        match action {
            Action::ForceQuit => self.quit = true,
            Action::Help => self.help = !self.help,
            Action::Close => self.help = false,
            Action::CycleLang => self.cycle_lang(),
            _ if self.confirm.is_some() => self.update_confirm(action),
            _ if self.form.is_some() => self.update_form(action),
            Action::Quit => self.quit = true,
            Action::NextTab => self.go_tab((self.tab.index() + 1) % Tab::ALL.len()),
            Action::PrevTab => {
                self.go_tab((self.tab.index() + Tab::ALL.len() - 1) % Tab::ALL.len())
            }
            Action::GoTab(i) => self.go_tab(i),
            Action::Click { column, row } => self.click(column, row),
            _ if self.tab == Tab::Directory => self.update_directory(action),
            _ => {}
        }
    }

    fn go_tab(&mut self, i: usize) {
        self.tab = Tab::from_index(i);
        self.refresh();
    }

    fn cycle_lang(&mut self) {
        self.lang = self.lang.next();
        self.refresh();
        if let Err(e) = self.store.set_setting("lang", self.lang.code()) {
            self.store_error(e);
            return;
        }
        let s = self.strings();
        self.info(&fill(s.msg_lang, &[&s.lang_name]));
    }

    fn click(&mut self, column: u16, row: u16) {
        if self.size.width < MIN_WIDTH || self.size.height < MIN_HEIGHT {
            return;
        }
        let f = screens::frame_areas(self.size);
        if row == f.tabs.y {
            let spans = screens::tab_spans(self.strings(), self.tab, f.tabs);
            if let Some(i) = spans.iter().position(|(a, b)| (*a..*b).contains(&column)) {
                self.go_tab(i);
            }
            return;
        }
        if self.tab != Tab::Directory {
            return;
        }
        let a = directory::areas(f.body);
        let h = self.list_height();
        for (pane, area) in [(Pane::Organizations, a.orgs), (Pane::Members, a.members)] {
            let first_row = area.y + 2;
            let inside = column >= area.x && column < area.right();
            if inside && row >= first_row && row < area.bottom().saturating_sub(1) {
                let d = &mut self.directory;
                d.pane = pane;
                let cursor = match pane {
                    Pane::Organizations => &mut d.org_cursor,
                    Pane::Members => &mut d.member_cursor,
                };
                let target = cursor.offset + (row - first_row) as usize;
                let len = match pane {
                    Pane::Organizations => d.orgs.len(),
                    Pane::Members => d.members.len(),
                };
                if target < len {
                    cursor.selected = target;
                    cursor.move_by(0, len, h);
                }
            } else if inside && row >= area.y && row < area.bottom() {
                self.directory.pane = pane;
            }
        }
    }

    fn update_directory(&mut self, action: Action) {
        let h = self.list_height();
        let d = &mut self.directory;
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
            self.refresh();
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
                self.refresh();
            }
            Action::ShowInactive => {
                d.show_inactive = !d.show_inactive;
                self.refresh();
            }
            Action::ClearFilter => {
                d.clear_filters();
                self.refresh();
            }
            Action::Add => self.open_form(true),
            Action::Edit => self.open_form(false),
            Action::ToggleActive => self.toggle_active(),
            Action::Delete => self.ask_delete(),
            _ => {}
        }
    }

    fn org_choices(&self) -> Vec<(i64, String)> {
        let ru = self.lang == Lang::Ru;
        self.store
            .organizations(&crate::store::OrgFilter {
                russian: ru,
                ..Default::default()
            })
            .map(|v| {
                v.into_iter()
                    .map(|o| (o.id, o.name(ru).to_string()))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn open_form(&mut self, new: bool) {
        let d = &self.directory;
        let form = match (d.pane, new) {
            (Pane::Organizations, true) => directory::org_form(None),
            (Pane::Organizations, false) => match d.selected_org() {
                Some(o) => directory::org_form(Some(o)),
                None => return self.error(self.strings().err_nothing_selected),
            },
            (Pane::Members, true) => directory::member_form(None, self.org_choices(), self.today),
            (Pane::Members, false) => match d.selected_member().cloned() {
                Some(m) => directory::member_form(Some(&m), self.org_choices(), self.today),
                None => return self.error(self.strings().err_nothing_selected),
            },
        };
        self.form = Some(form);
    }

    fn update_form(&mut self, action: Action) {
        let s = self.strings();
        let Some(form) = self.form.as_mut() else {
            return;
        };
        match action {
            Action::Input(c) if !form.jump_choice(c, s) => {
                form.edit(|i| i.insert(c));
            }
            Action::Backspace => form.edit(|i| i.backspace()),
            Action::DeleteChar => form.edit(|i| i.delete()),
            Action::CursorHome => form.edit(|i| i.home()),
            Action::CursorEnd => form.edit(|i| i.end()),
            Action::NextChoice => form.step(true),
            Action::PrevChoice => form.step(false),
            Action::FocusNext => {
                directory::check_field(form, form.focus);
                form.next_field();
            }
            Action::FocusPrev => {
                directory::check_field(form, form.focus);
                form.prev_field();
            }
            Action::Save => self.save_form(),
            Action::Cancel => {
                if form.dirty {
                    self.confirm = Some(Pending::DiscardForm);
                } else {
                    self.form = None;
                }
            }
            Action::Quit => {
                if form.dirty {
                    self.confirm = Some(Pending::QuitDiscarding);
                } else {
                    self.quit = true;
                }
            }
            _ => {}
        }
    }

    fn save_form(&mut self) {
        let s = self.strings();
        let h = self.list_height();
        let Some(form) = self.form.as_mut() else {
            return;
        };
        let saved = match form.target {
            Target::Organization { .. } => match directory::validate_org(form) {
                Some(o) => self
                    .store
                    .save_organization(&o)
                    .map(|id| (Pane::Organizations, id)),
                None => return self.error(s.err_fix_fields),
            },
            Target::Member { .. } => match directory::validate_member(form) {
                Some(m) => {
                    if !self.composition_allows(&m) {
                        return;
                    }
                    self.store.save_member(&m).map(|id| (Pane::Members, id))
                }
                None => return self.error(s.err_fix_fields),
            },
        };
        match saved {
            Ok((pane, id)) => {
                self.form = None;
                self.refresh();
                match pane {
                    Pane::Organizations => self.directory.select_org(id, h),
                    Pane::Members => self.directory.select_member(id, h),
                }
                self.info(s.msg_saved);
            }
            Err(StoreError::Conflict) => {
                // Keep what was typed; the next save overwrites deliberately.
                self.adopt_current_version();
                self.store_error(StoreError::Conflict);
                self.refresh();
            }
            Err(e) => self.store_error(e),
        }
    }

    fn adopt_current_version(&mut self) {
        let Some(form) = self.form.as_mut() else {
            return;
        };
        match &mut form.target {
            Target::Organization { id, version, .. } => {
                if let Ok(o) = self.store.organization(*id) {
                    *version = o.version;
                }
            }
            Target::Member { id, version, .. } => {
                if let Ok(m) = self.store.member(*id) {
                    *version = m.version;
                }
            }
        }
    }

    /// Would the HQ's composition stay valid with `changed`? If not, say why.
    fn composition_allows(&mut self, changed: &crate::domain::Member) -> bool {
        match self.store.all_members() {
            Ok(all) => match check_composition(&all, changed, self.today) {
                Ok(()) => true,
                Err(e) => {
                    self.composition_error(e);
                    false
                }
            },
            Err(e) => {
                self.store_error(e);
                false
            }
        }
    }

    fn composition_error(&mut self, e: CompositionError) {
        let s = self.strings();
        let text = match e {
            CompositionError::SecondChair { other } => fill(s.err_second_chair, &[&other]),
            CompositionError::NoChair => s.err_no_chair.to_string(),
            CompositionError::NoSecretary => s.err_no_secretary.to_string(),
        };
        self.error(&text);
    }

    fn toggle_active(&mut self) {
        let s = self.strings();
        let d = &self.directory;
        let result = match d.pane {
            Pane::Organizations => match d.selected_org() {
                Some(o) => {
                    let (id, v, a) = (o.id, o.version, o.active);
                    self.store.set_organization_active(id, v, !a).map(|_| !a)
                }
                None => return self.error(s.err_nothing_selected),
            },
            Pane::Members => match d.selected_member().cloned() {
                Some(m) => {
                    let mut changed = m.clone();
                    changed.active = !m.active;
                    if !self.composition_allows(&changed) {
                        return;
                    }
                    self.store
                        .set_member_active(m.id, m.version, changed.active)
                        .map(|_| changed.active)
                }
                None => return self.error(s.err_nothing_selected),
            },
        };
        match result {
            Ok(active) => {
                self.refresh();
                self.info(if active {
                    s.msg_activated
                } else {
                    s.msg_deactivated
                });
            }
            Err(e) => {
                self.refresh();
                self.store_error(e);
            }
        }
    }

    fn ask_delete(&mut self) {
        let d = &self.directory;
        self.confirm = match d.pane {
            Pane::Organizations => d.selected_org().map(|o| Pending::DeleteOrganization {
                id: o.id,
                version: o.version,
                name: o.name_ky.clone(),
            }),
            Pane::Members => d.selected_member().map(|m| Pending::DeleteMember {
                id: m.id,
                version: m.version,
                name: m.full_name.clone(),
            }),
        };
        if self.confirm.is_none() {
            self.error(self.strings().err_nothing_selected);
        }
    }

    fn update_confirm(&mut self, action: Action) {
        let Some(pending) = self.confirm.take() else {
            return;
        };
        match action {
            Action::Yes => self.carry_out(pending),
            Action::No => {}
            // Anything else leaves the question open.
            _ => self.confirm = Some(pending),
        }
    }

    fn carry_out(&mut self, pending: Pending) {
        let s = self.strings();
        let result = match pending {
            Pending::DiscardForm => {
                self.form = None;
                return;
            }
            Pending::QuitDiscarding => {
                self.quit = true;
                return;
            }
            Pending::DeleteOrganization { id, version, .. } => {
                self.store.delete_organization(id, version)
            }
            Pending::DeleteMember { id, version, .. } => {
                match self.store.member(id) {
                    Ok(mut gone) => {
                        gone.active = false;
                        if !self.composition_allows(&gone) {
                            return;
                        }
                    }
                    Err(e) => return self.store_error(e),
                }
                self.store.delete_member(id, version)
            }
        };
        self.refresh();
        match result {
            Ok(()) => self.info(s.msg_deleted),
            Err(e) => self.store_error(e),
        }
    }

    pub fn render(&self, frame: &mut Frame) {
        let size = frame.area();
        let s = self.strings();
        if size.width < MIN_WIDTH || size.height < MIN_HEIGHT {
            screens::render_too_small(frame, size, s);
            return;
        }
        let f = screens::frame_areas(size);
        screens::render_title(frame, f.title, s, self.demo, &date::format(self.today));
        screens::render_tabs(frame, f.tabs, s, self.tab);
        let c = &self.counts;
        match self.tab {
            Tab::Agenda => screens::agenda::render(frame, f.body, s, c),
            Tab::Protocol => screens::protocol::render(frame, f.body, s, c),
            Tab::Tasks => screens::tasks::render(frame, f.body, s, c),
            Tab::Compliance => screens::compliance::render(frame, f.body, s, c),
            Tab::Plan => screens::plan::render(frame, f.body, s, c),
            Tab::Directory => {
                screens::directory::render(frame, f.body, s, &self.directory, self.lang == Lang::Ru)
            }
            Tab::Reports => screens::reports::render(frame, f.body, s, c),
        }
        if let Some(form) = &self.form {
            let area = crate::widgets::popup::centered(f.body, 76, form.height());
            form.render(frame, area, s);
        }
        if self.help {
            screens::render_help(frame, size, s, self.help_context());
        }
        if let Some(p) = &self.confirm {
            let q = match p {
                Pending::DeleteOrganization { name, .. } | Pending::DeleteMember { name, .. } => {
                    fill(s.confirm_delete, &[name])
                }
                Pending::DiscardForm => s.confirm_discard.to_string(),
                Pending::QuitDiscarding => s.confirm_quit.to_string(),
            };
            screens::render_confirm(frame, size, s, &q);
        }
        let message = self
            .message
            .as_ref()
            .map(|(t, e)| Message { text: t, error: *e });
        screens::render_status(frame, f.status, s, self.context(), message);
    }
}
