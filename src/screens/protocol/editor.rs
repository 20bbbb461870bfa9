//! The editor's behaviour: moving between fields, typing, saving one field at a time,
//! adding and removing parts of the protocol.

use crate::store::Refusal;
use ratatui::layout::Rect;
use ratatui_textarea::CursorMove;

use crate::action::Action;
use crate::app::{self, App, FormTarget};
use crate::domain::protocol::{QuorumRule, Votes};
use crate::i18n::Lang;
use crate::screens::component::Ctx;
use crate::store::{StoreError, TextField};

use super::forms::{delivery_form, extracts_form, write_form};
use super::layout::{editor_areas, inner, page_layout, scroll_offset};
use super::{
    AUTOSAVE_AFTER, Editing, FieldKey, Page, Pending, Protocol, SaveMark, field_value, fields,
    pages, text_area,
};

/// What a text field saves as, checked first (the vote must be three numbers).
enum SaveError {
    Store(StoreError),
    Invalid(&'static str),
}

impl Protocol {
    /// The field being typed in (else the one under the cursor) and its text as stored.
    pub fn field_report(&self) -> (String, String) {
        let key = self.editing.as_ref().map(|e| e.key).or(self.focused());
        match (key, &self.doc) {
            (Some(k), Some(doc)) => (
                k.code(),
                field_value(doc, k).map(|v| v.0).unwrap_or_default(),
            ),
            _ => (String::new(), String::new()),
        }
    }

    /// Put the cursor on a field by its code ("decision_text:12"); false when there is none.
    pub fn focus_protocol_field(&mut self, cx: &mut Ctx, code: &str) -> bool {
        let Some(key) = FieldKey::parse(code) else {
            return false;
        };
        if self.editing.is_some() && !self.end_edit(cx) {
            return false;
        }
        let before = self.focused();
        self.focus_key(key);
        self.focused() == Some(key) || before == Some(key)
    }

    /// Show protocol `id` in the editor, the cursor on the field last typed in.
    pub fn open_protocol_id(&mut self, cx: &mut Ctx, id: i64) {
        self.editing = None;
        self.mark = SaveMark::Saved;
        self.stash = None;
        self.focus = 0;
        self.doc = None;
        self.reload(cx, id);
        let Some(doc) = &self.doc else {
            return;
        };
        let last = doc.protocol.last_field.clone();
        let all = fields(doc);
        if let Some(k) = FieldKey::parse(&last)
            && let Some(i) = all.iter().position(|f| f.1 == k)
        {
            self.focus = i;
        } else if let Some(i) = all.iter().position(|f| f.0 >= 2) {
            // A protocol just made starts at its first item.
            self.focus = i;
        }
    }

    /// Leaving the tab or quitting: save what was typed and stop typing; false when it could
    /// not be saved.
    pub(super) fn leave_protocol_field(&mut self, cx: &mut Ctx) -> bool {
        if self.editing.is_none() {
            return true;
        }
        self.end_edit(cx)
    }

    /// The idle save: typing that stopped [`AUTOSAVE_AFTER`] ago is written.
    pub(super) fn tick_protocol(&mut self, cx: &mut Ctx) {
        let now = cx.now;
        let due = self.editing.as_ref().is_some_and(|e| {
            e.dirty
                && !e.conflict
                && e.changed_at
                    .is_some_and(|t| now.saturating_duration_since(t) >= AUTOSAVE_AFTER)
        });
        if due {
            self.save_editing(cx);
        }
    }

    /// Where the cursor is, to remember: "decision_text:12@0.14".
    fn last_field_code(&self) -> String {
        match &self.editing {
            Some(e) => {
                let c = e.area.cursor();
                format!("{}@{}.{}", e.key.code(), c.0, c.1)
            }
            None => self.focused().map(FieldKey::code).unwrap_or_default(),
        }
    }

    fn save_field(
        &mut self,
        cx: &mut Ctx,
        key: FieldKey,
        text: &str,
        version: i64,
        last: &str,
    ) -> Result<i64, SaveError> {
        let Some(doc) = &self.doc else {
            return Err(SaveError::Store(StoreError::Refused(Refusal::NotFound)));
        };
        let pid = doc.protocol.id;
        let st = &mut cx.store;
        let r = match key {
            FieldKey::Place => st.save_protocol_text(TextField::Place, pid, version, text, last),
            FieldKey::Presiding => {
                st.save_protocol_text(TextField::Presiding, pid, version, text, last)
            }
            FieldKey::Secretary => {
                st.save_protocol_text(TextField::Secretary, pid, version, text, last)
            }
            FieldKey::ItemTitle(i) => {
                st.save_protocol_text(TextField::ItemTitle, i, version, text, last)
            }
            FieldKey::HeardSpeaker(i) => {
                st.save_protocol_text(TextField::HeardSpeaker, i, version, text, last)
            }
            FieldKey::HeardSummary(i) => {
                st.save_protocol_text(TextField::HeardSummary, i, version, text, last)
            }
            FieldKey::SpeechSpeaker(i) => {
                st.save_protocol_text(TextField::SpeechSpeaker, i, version, text, last)
            }
            FieldKey::SpeechSummary(i) => {
                st.save_protocol_text(TextField::SpeechSummary, i, version, text, last)
            }
            FieldKey::DecisionText(i) => {
                st.save_protocol_text(TextField::DecisionText, i, version, text, last)
            }
            FieldKey::Votes(d) => match Votes::parse(text) {
                Ok(v) => st.save_votes(d, version, v, last),
                Err(_) => return Err(SaveError::Invalid(cx.strings().protocol.err_votes)),
            },
            FieldKey::Reason(m) => st.save_attendance(pid, m, false, text, version, last),
            _ => return Err(SaveError::Store(StoreError::Refused(Refusal::NotFound))),
        };
        r.map_err(SaveError::Store)
    }

    /// Write the open field now. On a conflict the typed text stays in the field.
    fn save_editing(&mut self, cx: &mut Ctx) -> bool {
        let Some(e) = &self.editing else {
            return true;
        };
        if !e.dirty {
            return !e.conflict;
        }
        let (key, text, version) = (e.key, e.text(), e.version);
        let last = self.last_field_code();
        match self.save_field(cx, key, &text, version, &last) {
            Ok(v) => {
                if let Some(e) = self.editing.as_mut() {
                    e.version = v;
                    e.dirty = false;
                    e.changed_at = None;
                    e.conflict = false;
                }
                self.mark = SaveMark::Saved;
                if let Some(id) = self.doc.as_ref().map(|d| d.protocol.id) {
                    self.reload(cx, id);
                }
                true
            }
            Err(SaveError::Store(StoreError::Refused(Refusal::Conflict))) => {
                if let Some(e) = self.editing.as_mut() {
                    e.conflict = true;
                }
                self.mark = SaveMark::Conflict;
                cx.error(cx.strings().protocol.err_conflict);
                false
            }
            Err(SaveError::Store(e))
                if !matches!(
                    e,
                    StoreError::Refused(Refusal::NotFound) | StoreError::Refused(Refusal::Signed)
                ) =>
            {
                // A busy database, a full disk, a file gone read-only: the text stays in the
                // field, typing goes on (letters stay text), and the next idle tick tries again.
                if let Some(x) = self.editing.as_mut() {
                    x.changed_at = Some(cx.now);
                }
                self.mark = SaveMark::Failed;
                cx.store_error(e);
                false
            }
            Err(SaveError::Store(e)) => {
                // The field is gone, or the protocol was signed meanwhile: the text is kept
                // for Ctrl-V, and the editor shows what is stored.
                self.stash = Some(text);
                self.editing = None;
                self.mark = SaveMark::Failed;
                if let Some(id) = self.doc.as_ref().map(|d| d.protocol.id) {
                    self.reload(cx, id);
                }
                cx.store_error(e);
                false
            }
            Err(SaveError::Invalid(msg)) => {
                if let Some(x) = self.editing.as_mut() {
                    x.changed_at = None;
                }
                self.mark = SaveMark::Failed;
                cx.error(msg);
                false
            }
        }
    }

    /// Start typing in the focused field (a text field of a draft).
    fn begin_edit(&mut self, cx: &mut Ctx) {
        let Some(key) = self.focused() else {
            return;
        };
        if !key.is_text() {
            return;
        }
        if self.signed() {
            return cx.error(cx.strings().protocol.err_signed);
        }
        // Typing is editing: a click or Tab must not let a reader in.
        if !cx.may(App::needs(Action::Edit)) {
            return;
        }
        let Some(doc) = &self.doc else {
            return;
        };
        let Some((text, version)) = field_value(doc, key) else {
            return;
        };
        let mut area = text_area(&text, key.multiline());
        // Back where the cursor was when this field was last typed in.
        let last = &doc.protocol.last_field;
        if FieldKey::parse(last) == Some(key)
            && let Some((_, at)) = last.split_once('@')
            && let Some((r, c)) = at.split_once('.')
            && let (Ok(r), Ok(c)) = (r.parse::<u16>(), c.parse::<u16>())
        {
            area.move_cursor(CursorMove::Jump(r, c));
        }
        self.editing = Some(Editing {
            key,
            area,
            version,
            dirty: false,
            changed_at: None,
            conflict: false,
        });
    }

    /// Leave the field being typed in (saved first); false when it could not be saved.
    pub(super) fn end_edit(&mut self, cx: &mut Ctx) -> bool {
        if !self.save_editing(cx) {
            return false;
        }
        self.editing = None;
        true
    }

    pub(super) fn focus_key(&mut self, key: FieldKey) {
        if let Some(doc) = &self.doc
            && let Some(i) = fields(doc).iter().position(|f| f.1 == key)
        {
            self.focus = i;
        }
    }

    /// Move to the next (or previous) field; while typing, only text fields count.
    fn step_field(&mut self, cx: &mut Ctx, forward: bool) {
        let typing = self.editing.is_some();
        if typing && !self.end_edit(cx) {
            return;
        }
        let Some(doc) = &self.doc else {
            return;
        };
        let all = fields(doc);
        let n = all.len();
        if n == 0 {
            return;
        }
        let mut i = self.focus;
        for _ in 0..n {
            i = if forward {
                (i + 1).min(n - 1)
            } else {
                i.saturating_sub(1)
            };
            if !typing || all[i].1.is_text() || i == 0 || i == n - 1 {
                break;
            }
        }
        if typing && !all[i].1.is_text() {
            // Nothing further to type in that way: stay.
            i = self.focus;
        }
        self.focus = i;
        if typing {
            self.begin_edit(cx);
        }
    }

    /// To the first field of the next (or previous) item.
    fn step_item(&mut self, cx: &mut Ctx, forward: bool) {
        let typing = self.editing.is_some();
        if typing && !self.end_edit(cx) {
            return;
        }
        let Some(doc) = &self.doc else {
            return;
        };
        let all = fields(doc);
        let page = all.get(self.focus).map_or(0, |f| f.0);
        let target = if forward {
            all.iter().position(|f| f.0 > page)
        } else {
            let prev = all.iter().rev().map(|f| f.0).find(|p| *p < page);
            prev.and_then(|p| all.iter().position(|f| f.0 == p))
        };
        if let Some(i) = target {
            self.focus = i;
        }
        if typing {
            self.begin_edit(cx);
        }
    }

    fn go_page(&mut self, cx: &mut Ctx, page: usize) {
        if self.editing.is_some() && !self.end_edit(cx) {
            return;
        }
        if let Some(doc) = &self.doc
            && let Some(i) = fields(doc).iter().position(|f| f.0 == page)
        {
            self.focus = i;
        }
    }

    fn mark_changed(&mut self, cx: &mut Ctx) {
        let now = cx.now;
        if let Some(e) = self.editing.as_mut() {
            e.dirty = true;
            e.changed_at = Some(now);
            if !e.conflict {
                self.mark = SaveMark::Pending;
            }
        }
    }

    /// Text for the field being typed in: pasted or typed. Line breaks end a line in a
    /// field of several lines and become spaces in a one-line field — never Enter.
    pub(super) fn paste_protocol(&mut self, cx: &mut Ctx, text: &str) {
        let Some(e) = self.editing.as_mut() else {
            return;
        };
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let text: String = if e.key.multiline() {
            text.chars()
                .map(|c| if c == '\t' { ' ' } else { c })
                .filter(|c| *c == '\n' || !c.is_control())
                .collect()
        } else {
            text.chars()
                .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
                .filter(|c| !c.is_control())
                .collect()
        };
        if e.area.insert_str(&text) {
            self.mark_changed(cx);
        }
    }

    fn typing(&mut self, cx: &mut Ctx, action: Action) {
        let ps = cx.strings().protocol;
        let Some(e) = self.editing.as_mut() else {
            return;
        };
        let multiline = e.key.multiline();
        let changed = match action {
            Action::Input(c) if c == '\n' || c == '\r' => {
                if multiline {
                    e.area.insert_newline();
                    true
                } else {
                    e.area.insert_char(' ');
                    true
                }
            }
            Action::Input(c) if c.is_control() => {
                e.area.insert_char(' ');
                true
            }
            Action::Input(c) => {
                e.area.insert_char(c);
                true
            }
            Action::NewLine => {
                if multiline {
                    e.area.insert_newline();
                    true
                } else {
                    return self.step_field(cx, true);
                }
            }
            Action::Backspace => e.area.delete_char(),
            Action::DeleteChar => e.area.delete_next_char(),
            Action::CursorHome => {
                e.area.move_cursor(CursorMove::Head);
                false
            }
            Action::CursorEnd => {
                e.area.move_cursor(CursorMove::End);
                false
            }
            Action::CursorLeft => {
                e.area.move_cursor(CursorMove::Back);
                false
            }
            Action::CursorRight => {
                e.area.move_cursor(CursorMove::Forward);
                false
            }
            Action::CursorUp | Action::CursorDown => {
                let before = e.area.cursor();
                let up = action == Action::CursorUp;
                e.area
                    .move_cursor(if up { CursorMove::Up } else { CursorMove::Down });
                if e.area.cursor() == before {
                    // At the edge of the text: on to the field above or below.
                    return self.step_field(cx, !up);
                }
                false
            }
            Action::Undo => e.area.undo(),
            Action::Redo => e.area.redo(),
            Action::PasteStash => match self.stash.take() {
                Some(mine) => {
                    // Put ours back in place of theirs, to save deliberately.
                    e.area = text_area(&mine, multiline);
                    true
                }
                None => {
                    cx.info(ps.msg_no_stash);
                    false
                }
            },
            _ => false,
        };
        if changed {
            self.mark_changed(cx);
        }
    }

    /// Ctrl-R / r: read the protocol again; a field in conflict takes the stored text and
    /// ours is kept for Ctrl-V.
    fn reload_open(&mut self, cx: &mut Ctx) {
        let ps = cx.strings().protocol;
        let Some(id) = self.doc.as_ref().map(|d| d.protocol.id) else {
            return;
        };
        let editing = self.editing.take();
        if let Some(e) = &editing
            && (e.dirty || e.conflict)
        {
            self.stash = Some(e.text());
        }
        self.reload(cx, id);
        self.mark = SaveMark::Saved;
        if let Some(e) = editing {
            self.focus_key(e.key);
            self.begin_edit(cx);
        }
        if self.stash.is_some() {
            cx.info(ps.msg_reloaded_stash);
        } else {
            cx.info(ps.msg_reloaded);
        }
    }

    /// The item (protocol_item id) the cursor is in.
    fn current_item(&self) -> Option<i64> {
        let doc = self.doc.as_ref()?;
        match pages(doc).get(self.page()) {
            Some(Page::Item(i)) => doc.items.get(*i).map(|x| x.id),
            _ => None,
        }
    }

    pub(super) fn draft_or_error(&mut self, cx: &mut Ctx) -> bool {
        if self.signed() {
            cx.error(cx.strings().protocol.err_signed);
            return false;
        }
        self.doc.is_some()
    }

    fn after_add(
        &mut self,
        cx: &mut Ctx,
        result: crate::store::Result<i64>,
        key: impl Fn(i64) -> FieldKey,
    ) {
        match result {
            Ok(id) => {
                let pid = self.doc.as_ref().map(|d| d.protocol.id);
                if let Some(pid) = pid {
                    self.reload(cx, pid);
                }
                self.focus_key(key(id));
                self.begin_edit(cx);
            }
            Err(e) => cx.store_error(e),
        }
    }

    fn add_speaker(&mut self, cx: &mut Ctx) {
        if !self.draft_or_error(cx) || !self.end_edit(cx) {
            return;
        }
        let Some(item) = self.current_item() else {
            return cx.error(cx.strings().protocol.err_not_in_item);
        };
        let r = cx.store.add_speech(item);
        self.after_add(cx, r, FieldKey::SpeechSpeaker);
    }

    fn add_decision(&mut self, cx: &mut Ctx) {
        if !self.draft_or_error(cx) || !self.end_edit(cx) {
            return;
        }
        let Some(item) = self.current_item() else {
            return cx.error(cx.strings().protocol.err_not_in_item);
        };
        let r = cx.store.add_decision(item, "");
        self.after_add(cx, r, FieldKey::DecisionText);
    }

    fn add_item(&mut self, cx: &mut Ctx) {
        if !self.draft_or_error(cx) || !self.end_edit(cx) {
            return;
        }
        let Some(pid) = self.doc.as_ref().map(|d| d.protocol.id) else {
            return;
        };
        let r = cx
            .store
            .add_protocol_item(pid, cx.strings().protocol.other_business);
        self.after_add(cx, r, FieldKey::ItemTitle);
        // The prefilled "other business" is selected: typing replaces it.
        if let Some(e) = &mut self.editing {
            e.area.select_all();
        }
    }

    /// Enter on a field that is not typed into: toggle it, or open its form.
    fn activate(&mut self, cx: &mut Ctx) {
        let Some(key) = self.focused() else {
            return;
        };
        match key {
            k if k.is_text() => self.begin_edit(cx),
            FieldKey::Present(_) => self.toggle_present(cx),
            FieldKey::ShortForm => self.toggle_short_form(cx),
            FieldKey::Rule => {
                let next = QuorumRule::ALL[(self.rule.index() + 1) % QuorumRule::ALL.len()];
                match cx.store.set_setting("quorum_rule", next.code()) {
                    Ok(()) => {
                        self.rule = next;
                        cx.info(cx.strings().protocol.msg_rule);
                    }
                    Err(e) => cx.store_error(e),
                }
            }
            FieldKey::Task(t) => self.edit_task(cx, t),
            FieldKey::Extract(org) => {
                let Some(doc) = &self.doc else {
                    return;
                };
                if !doc.protocol.is_signed() {
                    return cx.error(cx.strings().protocol.err_not_signed);
                }
                let form = delivery_form(doc.protocol.id, org, cx.today);
                cx.open_form(form.map(FormTarget::Protocol));
            }
            _ => {}
        }
    }

    /// Space on a person's row (only there: on the reason it is a space).
    fn toggle_present(&mut self, cx: &mut Ctx) {
        let Some(FieldKey::Present(m)) = self.focused() else {
            return;
        };
        if !self.draft_or_error(cx) {
            return;
        }
        let Some(doc) = &self.doc else {
            return;
        };
        let Some(a) = doc.attendance.iter().find(|a| a.member_id == m).cloned() else {
            return;
        };
        let pid = doc.protocol.id;
        let key = FieldKey::Present(m).code();
        match cx.store.save_attendance(
            pid,
            m,
            !a.present,
            if a.present { &a.absence_reason } else { "" },
            a.version,
            &key,
        ) {
            Ok(_) => {
                self.reload(cx, pid);
                self.focus_key(FieldKey::Present(m));
                self.warn_absent_speakers(cx, Some(m));
            }
            Err(e) => cx.store_error(e),
        }
    }

    /// Warn (not refuse) when a member marked absent (`member`, or anyone) is written as a
    /// speaker. Returns whether it warned.
    pub(super) fn warn_absent_speakers(&self, cx: &mut Ctx, member: Option<i64>) -> bool {
        let Some(doc) = &self.doc else {
            return false;
        };
        let name = member.and_then(|m| {
            doc.attendance
                .iter()
                .find(|a| a.member_id == m)
                .map(|a| a.full_name.clone())
        });
        let found = crate::domain::protocol::absent_speakers(doc)
            .into_iter()
            .find(|(_, n)| name.as_ref().is_none_or(|x| x == n));
        let Some((item, who)) = found else {
            return false;
        };
        let r = crate::i18n::rules::strings(cx.lang);
        cx.error(&r.warn_absent_speaker.fill([&who, &item]));
        true
    }

    fn toggle_short_form(&mut self, cx: &mut Ctx) {
        if !self.draft_or_error(cx) || !self.end_edit(cx) {
            return;
        }
        let Some(p) = self.doc.as_ref().map(|d| d.protocol.clone()) else {
            return;
        };
        match cx.store.set_short_form(p.id, p.version, !p.short_form) {
            Ok(_) => self.reload(cx, p.id),
            Err(e) => cx.store_error(e),
        }
    }

    /// An action in the open protocol. Keys that type are text wherever the focus is on a
    /// text field, typing or not yet: the first one starts typing there.
    pub(super) fn update_editor(&mut self, cx: &mut Ctx, action: Action) {
        if self.editing.is_some() {
            match action {
                Action::Cancel => {
                    self.end_edit(cx);
                    return;
                }
                Action::Save => {
                    if self.save_editing(cx) {
                        cx.info(cx.strings().msg_saved);
                    }
                    return;
                }
                Action::Reload => return self.reload_open(cx),
                Action::ScrollUp => return self.typing(cx, Action::CursorUp),
                Action::ScrollDown => return self.typing(cx, Action::CursorDown),
                // Moving and adding leave the field themselves (and type on where they land).
                Action::FocusNext
                | Action::FocusPrev
                | Action::NextItem
                | Action::PrevItem
                | Action::AddSpeaker
                | Action::AddDecision
                | Action::AddTask
                | Action::Add
                | Action::ShortForm
                | Action::Sign => {}
                Action::First | Action::Last | Action::Delete | Action::Amend => {
                    if !self.end_edit(cx) {
                        return;
                    }
                }
                Action::WriteDocument | Action::WriteExtracts | Action::SendEmail => {
                    // The paper shows what was typed: saved first, the typing goes on after.
                    if !self.save_editing(cx) {
                        return;
                    }
                }
                a => return self.typing(cx, a),
            }
        }
        let ps = cx.strings().protocol;
        match action {
            Action::Input(_)
            | Action::Backspace
            | Action::DeleteChar
            | Action::CursorHome
            | Action::CursorEnd
            | Action::CursorLeft
            | Action::CursorRight
            | Action::Undo
            | Action::Redo
            | Action::PasteStash => self.type_into_focused(cx, action),
            // Enter on a text field not typed in yet starts typing there.
            Action::NewLine => self.activate(cx),
            Action::CursorDown => self.step_field(cx, true),
            Action::CursorUp => self.step_field(cx, false),
            Action::FocusNext | Action::ScrollDown => self.step_field(cx, true),
            Action::FocusPrev | Action::ScrollUp => self.step_field(cx, false),
            Action::NextItem => self.step_item(cx, true),
            Action::PrevItem => self.step_item(cx, false),
            Action::First => self.item_end(false),
            Action::Last => self.item_end(true),
            Action::Edit => self.activate(cx),
            Action::TogglePresent if matches!(self.focused(), Some(FieldKey::Extract(_))) => {
                self.toggle_mark(cx)
            }
            Action::TogglePresent => self.toggle_present(cx),
            Action::AddSpeaker => self.add_speaker(cx),
            Action::AddDecision => self.add_decision(cx),
            Action::AddTask => self.add_task(cx),
            Action::Add => self.add_item(cx),
            Action::Delete => self.ask_delete(cx),
            Action::ShortForm => self.toggle_short_form(cx),
            Action::Sign => self.ask_sign(cx),
            Action::Amend => {
                let Some(doc) = &self.doc else {
                    return;
                };
                if !doc.protocol.is_signed() {
                    return cx.error(ps.err_not_signed);
                }
                cx.ask(app::Pending::Protocol(Pending::Amend {
                    id: doc.protocol.id,
                    label: doc.protocol.label().unwrap_or_default(),
                }));
            }
            Action::WriteDocument => {
                if let Some(doc) = &self.doc {
                    let form = write_form(doc, cx.lang, cx.documents_dir);
                    cx.open_form(form.map(FormTarget::Protocol));
                }
            }
            Action::WriteExtracts => {
                let Some(doc) = &self.doc else {
                    return;
                };
                if !doc.protocol.is_signed() {
                    return cx.error(ps.err_not_signed);
                }
                if doc.tasks().next().is_none() {
                    return cx.error(ps.err_no_extracts);
                }
                let form = extracts_form(doc, cx.lang, cx.documents_dir);
                cx.open_form(form.map(FormTarget::Protocol));
            }
            Action::SendEmail => self.ask_send_email(cx),
            Action::Reload => self.reload_open(cx),
            Action::Save => cx.info(cx.strings().msg_saved),
            Action::Cancel => {
                // Back to the list.
                self.doc = None;
                self.stash = None;
                self.refresh_protocol(cx);
            }
            _ => {}
        }
    }

    /// A key that types, with the focus on a field not being typed in: a text field starts
    /// typing and takes it; anywhere else it is nothing (never a command), and says so.
    fn type_into_focused(&mut self, cx: &mut Ctx, action: Action) {
        if !self.focused().is_some_and(FieldKey::is_text) {
            return cx.error(cx.strings().protocol.err_not_text);
        }
        self.begin_edit(cx);
        if self.editing.is_some() {
            self.typing(cx, action);
        }
    }

    /// A paste with the focus on a field not being typed in: typing starts there if it is a
    /// text field.
    pub(super) fn start_typing_for_paste(&mut self, cx: &mut Ctx) {
        if self.focused().is_some_and(FieldKey::is_text) {
            self.begin_edit(cx);
        } else {
            cx.error(cx.strings().protocol.err_not_text);
        }
    }

    /// Home/End: the first or last field of the page the cursor is on (an item stays an
    /// item: End never jumps to the Extracts page).
    fn item_end(&mut self, last: bool) {
        let Some(doc) = &self.doc else {
            return;
        };
        let all = fields(doc);
        let page = self.page();
        let on_page = all.iter().enumerate().filter(|(_, f)| f.0 == page);
        let found = if last {
            on_page.map(|(i, _)| i).next_back()
        } else {
            on_page.map(|(i, _)| i).next()
        };
        if let Some(i) = found {
            self.focus = i;
        }
    }

    /// A click in the outline goes to that page; on a field, puts the cursor there (typing,
    /// if it is a text field of a draft).
    pub(super) fn click_editor(&mut self, cx: &mut Ctx, column: u16, row: u16) {
        let body = cx.body;
        let ar = editor_areas(body);
        let inside =
            |a: Rect| column >= a.x && column < a.right() && row >= a.y && row < a.bottom();
        if inside(ar.outline) {
            let i = (row - ar.outline.y).saturating_sub(1) as usize;
            if let Some(doc) = &self.doc
                && i < pages(doc).len()
            {
                self.go_page(cx, i);
            }
        } else if inside(ar.page) {
            let Some(doc) = &self.doc else {
                return;
            };
            let inner = inner(ar.page);
            if row < inner.y {
                return;
            }
            let layout = page_layout(doc, self, cx.strings(), cx.lang == Lang::Ru, inner.width);
            let offset = scroll_offset(&layout, self.focus, inner.height as usize);
            let line = offset + (row - inner.y) as usize;
            if let Some(b) = layout
                .blocks
                .iter()
                .find(|b| (b.start..b.start + b.len).contains(&line))
            {
                let field = b.field;
                if self.editing.is_some() && !self.end_edit(cx) {
                    return;
                }
                self.focus = field;
                if self.focused().is_some_and(FieldKey::is_text) && !self.signed() {
                    self.begin_edit(cx);
                }
            }
        }
    }
}
