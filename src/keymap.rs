//! Keys are data: per-context tables map a key to an `Action` with a description.
//! The help overlay and the status line are generated from these tables.
//!
//! A table lists a letter shortcut by its Latin letter only; the ЙЦУКЕН letter on the same
//! physical key ([`twin`]) is derived, so every shortcut works whichever layout is on, and
//! help shows both ("a, ф"). Ctrl- and Alt-letters are twinned the same way (Alt-P and
//! Alt-З are one key), but labelled by the Latin letter only.
//!
//! Where the focus is on a text (the protocol editor, forms, the query line) every printable
//! key without Ctrl or Alt is text: such a screen's commands use Ctrl-, Alt-, F-keys and keys
//! that never type (Insert, Delete, Enter, Esc, arrows). Single letters are commands only on
//! lists.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::action::Action;
use crate::i18n::{Lang, Strings};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
    /// Only for keys that are not characters (Shift-↑); a character's case never matters.
    pub shift: bool,
}

const fn k(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
        alt: false,
        shift: false,
    }
}

const fn code(code: KeyCode) -> Key {
    Key {
        code,
        ctrl: false,
        alt: false,
        shift: false,
    }
}

const fn shift(code: KeyCode) -> Key {
    Key {
        code,
        ctrl: false,
        alt: false,
        shift: true,
    }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
        alt: false,
        shift: false,
    }
}

const fn alt(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
        alt: true,
        shift: false,
    }
}

const fn ctrl_code(code: KeyCode) -> Key {
    Key {
        code,
        ctrl: true,
        alt: false,
        shift: false,
    }
}

pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub desc: fn(&Strings) -> &'static str,
    /// Shown in the status line (the main keys); all are shown in help.
    pub status: bool,
}

const fn b(
    keys: &'static [Key],
    action: Action,
    desc: fn(&Strings) -> &'static str,
    status: bool,
) -> Binding {
    Binding {
        keys,
        action,
        desc,
        status,
    }
}

/// Where the keyboard is: decides which table applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Global,
    Directory,
    Agenda,
    Compliance,
    Tasks,
    /// Typing in the tasks' query line.
    Query,
    Plan,
    Reports,
    /// Writing the monthly report's narrative (a multi-line text).
    Narrative,
    /// Typing the directory's text filter.
    Filter,
    Form,
    Confirm,
    Help,
    /// The Protocol tab's list of sessions.
    ProtocolPicker,
    /// The protocol editor, moving between fields (letters are shortcuts).
    Protocol,
    /// Typing in a field of the protocol editor (letters are text).
    ProtocolEdit,
    /// The protocol editor's focus on a text field, not typing yet (letters are text; Esc
    /// goes back to the list).
    ProtocolField,
    /// A form opened from the protocol editor (a task: Ctrl-E puts the end of the month).
    ProtocolForm,
    /// The Tasks tab's saved views: Enter does the chosen action (open or delete), not save.
    ViewsForm,
}

#[rustfmt::skip]
pub static GLOBAL: &[Binding] = &[
    b(&[code(KeyCode::F(1)), k('?')], Action::Help, |s| s.key_help, true),
    b(&[code(KeyCode::F(2))], Action::CycleLang, |s| s.key_lang, true),
    b(&[k(']')], Action::NextTab, |s| s.key_next_tab, false),
    b(&[k('[')], Action::PrevTab, |s| s.key_prev_tab, false),
    b(&[k('1'), k('2'), k('3'), k('4'), k('5'), k('6'), k('7')], Action::GoTab(0), |s| s.key_go_tab, true),
    // A letter quits only after a question (it is too easily typed); F10 and Ctrl-Q at once.
    b(&[k('q')], Action::AskQuit, |s| s.key_quit, true),
    b(&[code(KeyCode::F(10)), ctrl('q')], Action::Quit, |s| s.key_quit_now, false),
    // Last: the one key that passes through a question or help (see `resolve`).
    b(&[ctrl('c')], Action::ForceQuit, |s| s.key_force_quit, false),
];

/// Moving in a list: shared by every screen with lists (see `is_list`).
#[rustfmt::skip]
pub static LIST_NAV: &[Binding] = &[
    b(&[code(KeyCode::Up), code(KeyCode::Down)], Action::Down, |s| s.key_move, false),
    b(&[code(KeyCode::PageUp), code(KeyCode::PageDown)], Action::PageDown, |s| s.key_page, false),
    b(&[code(KeyCode::Home), code(KeyCode::End)], Action::Last, |s| s.key_first_last, false),
];

/// Screens whose keys include [`LIST_NAV`].
pub fn is_list(ctx: Context) -> bool {
    matches!(
        ctx,
        Context::Directory
            | Context::Agenda
            | Context::Compliance
            | Context::Tasks
            | Context::Plan
            | Context::Reports
    )
}

/// The bindings of a screen: its own, then list navigation where it has lists (and the
/// editor's commands in the protocol editor).
pub fn screen_bindings(ctx: Context) -> impl Iterator<Item = &'static Binding> {
    let nav: &'static [Binding] = if is_list(ctx) {
        LIST_NAV
    } else if matches!(
        ctx,
        Context::Protocol | Context::ProtocolEdit | Context::ProtocolField
    ) {
        PROTOCOL_COMMANDS
    } else {
        &[]
    };
    table(ctx).iter().chain(nav.iter())
}

#[rustfmt::skip]
pub static DIRECTORY: &[Binding] = &[
    b(&[code(KeyCode::Tab), code(KeyCode::BackTab)], Action::FocusNext, |s| s.key_focus, true),
    b(&[k('a'), code(KeyCode::Insert)], Action::Add, |s| s.key_add, true),
    b(&[code(KeyCode::Enter), k('e')], Action::Edit, |s| s.key_edit, true),
    b(&[k('d')], Action::ToggleActive, |s| s.key_toggle_active, true),
    b(&[code(KeyCode::Delete), k('x')], Action::Delete, |s| s.key_delete, false),
    b(&[k('/'), k('f')], Action::Filter, |s| s.key_filter, true),
    b(&[k('k')], Action::CycleKind, |s| s.key_kind, true),
    b(&[k('i')], Action::ShowInactive, |s| s.key_show_inactive, false),
    b(&[k('s')], Action::Settings, |s| s.settings.key_settings, true),
    b(&[code(KeyCode::Esc)], Action::ClearFilter, |s| s.key_clear_filter, false),
];

#[rustfmt::skip]
pub static AGENDA: &[Binding] = &[
    b(&[code(KeyCode::Tab), code(KeyCode::BackTab)], Action::FocusNext, |s| s.key_focus, true),
    b(&[k('n')], Action::NewSession, |s| s.agenda.key_new_session, true),
    b(&[k('p')], Action::PlanYear, |s| s.agenda.key_plan_year, true),
    b(&[k('a'), code(KeyCode::Insert)], Action::Add, |s| s.agenda.key_add_item, true),
    b(&[code(KeyCode::Enter), k('e')], Action::Edit, |s| s.key_edit, true),
    b(&[k('h')], Action::Hear, |s| s.agenda.key_hear, false),
    b(&[shift(KeyCode::Up), shift(KeyCode::Down), k('-'), k('+'), k('=')], Action::MoveDown, |s| s.agenda.key_move_item, false),
    b(&[k('o')], Action::Approve, |s| s.agenda.key_approve, true),
    b(&[k('w')], Action::WriteDocument, |s| s.agenda.key_write_doc, false),
    b(&[code(KeyCode::Delete), k('x')], Action::Delete, |s| s.key_delete, false),
];

#[rustfmt::skip]
pub static COMPLIANCE: &[Binding] = &[
    b(&[code(KeyCode::Enter), k('e')], Action::Edit, |s| s.compliance.key_confirm_step, true),
    b(&[k('h')], Action::Hear, |s| s.compliance.key_hear_next, true),
    b(&[k('w')], Action::WriteDocument, |s| s.compliance.key_letter, true),
    b(&[k('k')], Action::CycleKind, |s| s.key_kind, true),
    b(&[k('p')], Action::CyclePeriod, |s| s.compliance.key_period, true),
    b(&[k('s')], Action::ToggleSummary, |s| s.compliance.key_by_kind, false),
];

#[rustfmt::skip]
pub static TASKS: &[Binding] = &[
    b(&[k('/'), k('f')], Action::Filter, |s| s.tasks.key_query, true),
    b(&[code(KeyCode::Enter)], Action::Details, |s| s.tasks.key_details, true),
    b(&[code(KeyCode::Tab), code(KeyCode::BackTab)], Action::FocusNext, |s| s.key_focus, false),
    b(&[k('r')], Action::Report, |s| s.tasks.key_report, true),
    b(&[k('c')], Action::TakeOff, |s| s.tasks.key_close, true),
    b(&[k('e')], Action::RequestExtension, |s| s.tasks.key_extend, false),
    b(&[k('g')], Action::DecideExtension, |s| s.tasks.key_decide, false),
    b(&[code(KeyCode::Delete), k('x')], Action::CancelTask, |s| s.tasks.key_cancel, false),
    b(&[k('t')], Action::Reassign, |s| s.tasks.key_reassign, false),
    b(&[k('o')], Action::ViewOverdue, |s| s.tasks.key_overdue, true),
    b(&[k('w')], Action::ViewWeek, |s| s.tasks.key_week, false),
    b(&[k('m')], Action::ViewMine, |s| s.tasks.key_mine, false),
    b(&[k('a')], Action::ViewOpen, |s| s.tasks.key_open, false),
    b(&[k('s')], Action::SaveView, |s| s.tasks.key_save_view, false),
    b(&[k('v')], Action::OpenView, |s| s.tasks.key_views, false),
    b(&[code(KeyCode::Esc)], Action::ClearFilter, |s| s.tasks.key_reset, false),
];

#[rustfmt::skip]
pub static QUERY: &[Binding] = &[
    b(&[code(KeyCode::Enter), code(KeyCode::Down), code(KeyCode::Esc)], Action::FilterDone, |s| s.tasks.key_query_done, true),
    b(&[code(KeyCode::Tab)], Action::Complete, |s| s.tasks.key_complete, true),
    b(&[code(KeyCode::Left), code(KeyCode::Right)], Action::NextChoice, |s| s.tasks.key_cursor, false),
];

#[rustfmt::skip]
pub static PLAN: &[Binding] = &[
    b(&[code(KeyCode::Tab), code(KeyCode::BackTab)], Action::FocusNext, |s| s.key_focus, false),
    b(&[k('a'), code(KeyCode::Insert)], Action::Add, |s| s.plan.key_add, true),
    b(&[code(KeyCode::Enter), k('e')], Action::Edit, |s| s.plan.key_edit, true),
    b(&[shift(KeyCode::Up), shift(KeyCode::Down), k('-'), k('+'), k('=')], Action::MoveDown, |s| s.plan.key_move, false),
    b(&[code(KeyCode::Delete), k('x')], Action::Delete, |s| s.plan.key_delete, false),
    b(&[k('f'), k('/')], Action::Filter, |s| s.plan.key_filter, true),
    b(&[k('s')], Action::CycleStatus, |s| s.plan.key_status, true),
    b(&[k('r')], Action::ToggleAtRisk, |s| s.plan.key_at_risk, false),
    b(&[k('l')], Action::Link, |s| s.plan.key_link, true),
    b(&[k('i')], Action::ImportFile, |s| s.plan.key_import, true),
    b(&[code(KeyCode::Esc)], Action::ClearFilter, |s| s.key_clear_filter, false),
];

#[rustfmt::skip]
pub static REPORTS: &[Binding] = &[
    b(&[code(KeyCode::Left), code(KeyCode::Right)], Action::NextChoice, |s| s.plan.key_month, true),
    b(&[k('g')], Action::ToggleSummary, |s| s.trend.key_chart, true),
    b(&[k('k')], Action::CycleKind, |s| s.trend.key_chart_kind, false),
    b(&[code(KeyCode::Tab), code(KeyCode::BackTab)], Action::FocusNext, |s| s.key_focus, false),
    b(&[code(KeyCode::Enter), k('e')], Action::Edit, |s| s.plan.key_narrative, true),
    b(&[k('i')], Action::Issue, |s| s.plan.key_issue, true),
    b(&[k('w')], Action::WriteDocument, |s| s.plan.key_write, true),
];

#[rustfmt::skip]
pub static NARRATIVE: &[Binding] = &[
    b(&[ctrl('s')], Action::Save, |s| s.key_save, true),
    b(&[code(KeyCode::Esc)], Action::Cancel, |s| s.key_cancel, true),
    b(&[code(KeyCode::Enter)], Action::NewLine, |s| s.plan.key_newline, true),
    b(&[code(KeyCode::F(3)), ctrl('l')], Action::FocusNext, |s| s.plan.key_narrative_lang, true),
    b(&[code(KeyCode::Up), code(KeyCode::Down)], Action::Down, |s| s.key_move, false),
    b(&[code(KeyCode::Left), code(KeyCode::Right)], Action::NextChoice, |s| s.key_move, false),
];

#[rustfmt::skip]
pub static FILTER: &[Binding] = &[
    b(&[code(KeyCode::Enter), code(KeyCode::Down), code(KeyCode::Tab)], Action::FilterDone, |s| s.key_filter_done, true),
    b(&[code(KeyCode::Esc)], Action::ClearFilter, |s| s.key_clear_filter, true),
];

#[rustfmt::skip]
pub static FORM: &[Binding] = &[
    b(&[code(KeyCode::Enter), ctrl('s')], Action::Save, |s| s.key_save, true),
    b(&[code(KeyCode::Esc)], Action::Cancel, |s| s.key_cancel, true),
    b(&[code(KeyCode::Tab), code(KeyCode::Down)], Action::FocusNext, |s| s.key_next_field, true),
    b(&[code(KeyCode::BackTab), code(KeyCode::Up)], Action::FocusPrev, |s| s.key_prev_field, false),
    b(&[code(KeyCode::Left), code(KeyCode::Right)], Action::NextChoice, |s| s.key_choice, true),
    b(&[ctrl('u')], Action::ClearField, |s| s.ui.key_clear_field, false),
    b(&[ctrl('w')], Action::DeleteWord, |s| s.ui.key_delete_word, false),
    b(&[code(KeyCode::Home), code(KeyCode::End)], Action::CursorEnd, |s| s.ui.key_home_end, false),
];

/// The saved-views form: as [`FORM`], but Enter opens or deletes the view chosen.
#[rustfmt::skip]
pub static VIEWS_FORM: &[Binding] = &[
    b(&[code(KeyCode::Enter), ctrl('s')], Action::Save, |s| s.tasks.key_do_view, true),
    b(&[code(KeyCode::Esc)], Action::Cancel, |s| s.key_cancel, true),
    b(&[code(KeyCode::Tab), code(KeyCode::Down)], Action::FocusNext, |s| s.key_next_field, true),
    b(&[code(KeyCode::BackTab), code(KeyCode::Up)], Action::FocusPrev, |s| s.key_prev_field, false),
    b(&[code(KeyCode::Left), code(KeyCode::Right)], Action::NextChoice, |s| s.key_choice, true),
];

/// A question's answers. Only Enter and Esc are listed: the letters depend on the UI
/// language and Enter means no when the action cannot be undone, so the app asks [`answer`]
/// first; the question shows [`answer_hint`].
#[rustfmt::skip]
pub static CONFIRM: &[Binding] = &[
    b(&[code(KeyCode::Enter)], Action::Yes, |s| s.key_yes, false),
    b(&[code(KeyCode::Esc)], Action::No, |s| s.key_no, false),
];

#[rustfmt::skip]
pub static HELP: &[Binding] = &[b(&[code(KeyCode::Esc), code(KeyCode::Enter), code(KeyCode::F(1)), k('?'), k('q')], Action::Close, |s| s.key_close, true),
    b(&[code(KeyCode::Up), code(KeyCode::Down)], Action::Down, |s| s.key_move, true),
    b(&[code(KeyCode::PageUp), code(KeyCode::PageDown)], Action::PageDown, |s| s.key_page, true),
    b(&[code(KeyCode::Home), code(KeyCode::End)], Action::Last, |s| s.key_first_last, false),
];

#[rustfmt::skip]
pub static PROTOCOL_PICKER: &[Binding] = &[
    b(&[code(KeyCode::Up), code(KeyCode::Down)], Action::Down, |s| s.key_move, false),
    b(&[code(KeyCode::PageUp), code(KeyCode::PageDown)], Action::PageDown, |s| s.key_page, false),
    b(&[code(KeyCode::Home), code(KeyCode::End)], Action::Last, |s| s.key_first_last, false),
    b(&[code(KeyCode::Enter), k('e')], Action::OpenProtocol, |s| s.protocol.key_open, true),
];

/// The protocol editor's commands, the same whether the focus is on a text or not: none of
/// them is a key that types (Alt + the letter that named it before, Ctrl-, F-keys, Insert).
#[rustfmt::skip]
pub static PROTOCOL_COMMANDS: &[Binding] = &[
    b(&[ctrl_code(KeyCode::Down), ctrl_code(KeyCode::Up), code(KeyCode::PageDown), code(KeyCode::PageUp)], Action::NextItem, |s| s.protocol.key_next_item, false),
    b(&[ctrl('p'), alt('s')], Action::AddSpeaker, |s| s.protocol.key_add_speaker, true),
    b(&[ctrl('d'), alt('d')], Action::AddDecision, |s| s.protocol.key_add_decision, true),
    b(&[ctrl('t'), alt('t')], Action::AddTask, |s| s.protocol.key_add_task, true),
    b(&[code(KeyCode::Insert), alt('a')], Action::Add, |s| s.protocol.key_add_item, false),
    b(&[alt('p')], Action::Sign, |s| s.protocol.key_sign, true),
    b(&[alt('w')], Action::WriteDocument, |s| s.protocol.key_write, true),
    b(&[alt('c')], Action::WriteExtracts, |s| s.protocol.key_extracts, false),
    b(&[alt('e')], Action::SendEmail, |s| s.protocol.key_send_email, false),
    b(&[alt('f')], Action::ShortForm, |s| s.protocol.key_short_form, false),
    b(&[alt('m')], Action::Amend, |s| s.protocol.key_amend, false),
    b(&[ctrl('r'), alt('r'), code(KeyCode::F(5))], Action::Reload, |s| s.protocol.key_reload, false),
    b(&[ctrl('s')], Action::Save, |s| s.protocol.key_save_now, false),
];

/// The editor with the focus on what is not a text (a person's row, a task, an extract):
/// moving, opening, Space for present/absent. Letters are not commands here either.
#[rustfmt::skip]
pub static PROTOCOL: &[Binding] = &[
    b(&[code(KeyCode::Tab), code(KeyCode::BackTab), code(KeyCode::Down), code(KeyCode::Up)], Action::FocusNext, |s| s.key_next_field, true),
    b(&[code(KeyCode::Home), code(KeyCode::End)], Action::Last, |s| s.protocol.key_item_ends, false),
    b(&[code(KeyCode::Enter)], Action::Edit, |s| s.protocol.key_edit_field, true),
    b(&[k(' ')], Action::TogglePresent, |s| s.protocol.key_toggle, true),
    b(&[code(KeyCode::Delete), alt('x')], Action::Delete, |s| s.protocol.key_delete, false),
    b(&[code(KeyCode::Esc)], Action::Cancel, |s| s.protocol.key_back, true),
];

/// The editor's keys on a text field, with what `Esc` does there: one list for both, so they
/// never drift apart. Every printable key is text.
#[rustfmt::skip]
macro_rules! protocol_text_field {
    ($esc:expr) => {
        &[
            b(&[code(KeyCode::Tab), code(KeyCode::BackTab)], Action::FocusNext, |s| s.key_next_field, true),
            $esc,
            b(&[code(KeyCode::Enter)], Action::NewLine, |s| s.protocol.key_newline, false),
            b(&[code(KeyCode::Right), code(KeyCode::Left)], Action::CursorRight, |s| s.protocol.key_cursor, false),
            b(&[code(KeyCode::Down), code(KeyCode::Up)], Action::CursorDown, |s| s.protocol.key_cursor_lines, false),
            b(&[ctrl_code(KeyCode::Home), ctrl_code(KeyCode::End)], Action::Last, |s| s.protocol.key_item_ends, false),
            b(&[ctrl_code(KeyCode::Delete), alt('x')], Action::Delete, |s| s.protocol.key_delete, false),
            b(&[ctrl('z')], Action::Undo, |s| s.protocol.key_undo, false),
            b(&[ctrl('y')], Action::Redo, |s| s.protocol.key_redo, false),
            b(&[ctrl('v')], Action::PasteStash, |s| s.protocol.key_paste_stash, false),
        ]
    };
}

/// Typing in a text field of the protocol editor: `Esc` leaves the field (what was typed
/// is saved).
#[rustfmt::skip]
pub static PROTOCOL_EDIT: &[Binding] = protocol_text_field!(
    b(&[code(KeyCode::Esc)], Action::Cancel, |s| s.protocol.key_leave_field, true)
);

/// The focus on a draft's text field, not typing in it: the same keys (the first printable
/// one starts typing), but `Esc` goes back to the list.
#[rustfmt::skip]
pub static PROTOCOL_FIELD: &[Binding] = protocol_text_field!(
    b(&[code(KeyCode::Esc)], Action::Cancel, |s| s.protocol.key_back, true)
);

#[rustfmt::skip]
pub static PROTOCOL_FORM: &[Binding] = &[
    b(&[code(KeyCode::Enter), ctrl('s')], Action::Save, |s| s.key_save, true),
    b(&[code(KeyCode::Esc)], Action::Cancel, |s| s.key_cancel, true),
    b(&[code(KeyCode::Tab), code(KeyCode::Down)], Action::FocusNext, |s| s.key_next_field, true),
    b(&[code(KeyCode::BackTab), code(KeyCode::Up)], Action::FocusPrev, |s| s.key_prev_field, false),
    b(&[code(KeyCode::Left), code(KeyCode::Right)], Action::NextChoice, |s| s.key_choice, true),
    b(&[ctrl('e')], Action::EndOfMonth, |s| s.protocol.key_end_of_month, true),
    b(&[ctrl('u')], Action::ClearField, |s| s.ui.key_clear_field, false),
    b(&[ctrl('w')], Action::DeleteWord, |s| s.ui.key_delete_word, false),
    b(&[code(KeyCode::Home), code(KeyCode::End)], Action::CursorEnd, |s| s.ui.key_home_end, false),
];

pub fn table(ctx: Context) -> &'static [Binding] {
    match ctx {
        Context::Global => GLOBAL,
        Context::Directory => DIRECTORY,
        Context::Agenda => AGENDA,
        Context::Compliance => COMPLIANCE,
        Context::Tasks => TASKS,
        Context::Query => QUERY,
        Context::Plan => PLAN,
        Context::Reports => REPORTS,
        Context::Narrative => NARRATIVE,
        Context::Filter => FILTER,
        Context::Form => FORM,
        Context::Confirm => CONFIRM,
        Context::Help => HELP,
        Context::ProtocolPicker => PROTOCOL_PICKER,
        Context::Protocol => PROTOCOL,
        Context::ProtocolEdit => PROTOCOL_EDIT,
        Context::ProtocolField => PROTOCOL_FIELD,
        Context::ProtocolForm => PROTOCOL_FORM,
        Context::ViewsForm => VIEWS_FORM,
    }
}

/// Does the context take typed text (so letters and digits are input, not shortcuts)?
/// The protocol editor does wherever the focus is: a letter typed on a text field goes into
/// it, and on any other row it is never a command.
pub fn takes_text(ctx: Context) -> bool {
    matches!(
        ctx,
        Context::Filter
            | Context::Protocol
            | Context::Form
            | Context::Query
            | Context::Narrative
            | Context::ProtocolEdit
            | Context::ProtocolField
            | Context::ProtocolForm
            | Context::ViewsForm
    )
}

/// The global bindings that stay live while text is typed (function keys, Ctrl-Q, Ctrl-C).
fn live_while_typing(key: &Key) -> bool {
    key.ctrl || key.alt || matches!(key.code, KeyCode::F(_))
}

/// The ЙЦУКЕН letter on the physical key of a Latin letter (and of `[`, `]`, `/`).
pub fn twin(c: char) -> Option<char> {
    const LATIN: &str = "qwertyuiopasdfghjklzxcvbnm[]/";
    const CYRILLIC: &str = "йцукенгшщзфывапролдячсмитьхъ.";
    LATIN
        .chars()
        .position(|l| l == c)
        .and_then(|i| CYRILLIC.chars().nth(i))
}

/// The keys of a binding with each derived twin right after its Latin key (Ctrl- and
/// Alt-letters too: they work in both layouts).
pub fn keys_with_twins(b: &Binding) -> Vec<Key> {
    twinned(b, true)
}

fn twinned(b: &Binding, with_modifiers: bool) -> Vec<Key> {
    let mut out = Vec::with_capacity(b.keys.len() * 2);
    for key in b.keys {
        out.push(*key);
        let plain = !key.ctrl && !key.alt;
        if let KeyCode::Char(c) = key.code
            && (plain || with_modifiers)
            && let Some(t) = twin(c)
        {
            out.push(Key {
                code: KeyCode::Char(t),
                ..*key
            });
        }
    }
    out
}

fn matches(key: &Key, ev: &KeyEvent) -> bool {
    let ev_ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    let ev_alt = ev.modifiers.contains(KeyModifiers::ALT);
    if key.ctrl != ev_ctrl || key.alt != ev_alt {
        return false;
    }
    let ev_shift = ev.modifiers.contains(KeyModifiers::SHIFT);
    let same = |a: char, b: char| a == b || a.to_lowercase().eq(b.to_lowercase());
    match (key.code, ev.code) {
        // Caps Lock or Shift must not change what a letter does; nor the layout.
        (KeyCode::Char(a), KeyCode::Char(b)) => same(a, b) || twin(a).is_some_and(|t| same(t, b)),
        (KeyCode::BackTab, KeyCode::BackTab) => true,
        (a, b) => a == b && key.shift == ev_shift,
    }
}

/// Which action a key means in `ctx`. Directional pairs in one binding (↑/↓, PgUp/PgDn,
/// Home/End, Tab/Shift-Tab, ←/→, 1–7) are told apart here.
pub fn resolve(ctx: Context, ev: &KeyEvent) -> Option<Action> {
    let typing = takes_text(ctx);
    let own = screen_bindings(ctx).map(|b| (b, false));
    let global = if matches!(ctx, Context::Help | Context::Confirm) {
        // Modal: only the always-safe quit passes through.
        [&GLOBAL[GLOBAL.len() - 1]]
            .into_iter()
            .map(|b| (b, true))
            .collect::<Vec<_>>()
    } else {
        GLOBAL.iter().map(|b| (b, true)).collect()
    };
    for (binding, is_global) in own.chain(global) {
        for key in binding.keys {
            if is_global && typing && !live_while_typing(key) {
                continue;
            }
            if matches(key, ev) {
                return Some(refine(binding.action, ev.code));
            }
        }
    }
    if typing
        && ev.modifiers.contains(KeyModifiers::CONTROL)
        && !ev.modifiers.contains(KeyModifiers::ALT)
    {
        // Ctrl-U / Ctrl-W wherever text is typed (a screen that has no use for them ignores them).
        match ev.code {
            KeyCode::Char('u' | 'U' | 'г' | 'Г') => return Some(Action::ClearField),
            KeyCode::Char('w' | 'W' | 'ц' | 'Ц') => return Some(Action::DeleteWord),
            _ => {}
        }
    }
    // A character with Ctrl or Alt that no table binds is nothing, never text.
    if typing
        && !ev
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return match ev.code {
            KeyCode::Char(c) => Some(Action::Input(c)),
            KeyCode::Backspace => Some(Action::Backspace),
            KeyCode::Delete => Some(Action::DeleteChar),
            KeyCode::Home => Some(Action::CursorHome),
            KeyCode::End => Some(Action::CursorEnd),
            _ => None,
        };
    }
    None
}

fn refine(action: Action, code: KeyCode) -> Action {
    match (action, code) {
        (Action::Down, KeyCode::Up) => Action::Up,
        (Action::PageDown, KeyCode::PageUp) => Action::PageUp,
        (Action::Last, KeyCode::Home) => Action::First,
        (Action::FocusNext, KeyCode::BackTab) => Action::FocusPrev,
        (Action::NextChoice, KeyCode::Left) => Action::PrevChoice,
        (Action::MoveDown, KeyCode::Up | KeyCode::Char('-')) => Action::MoveUp,
        (Action::FocusNext, KeyCode::Up) => Action::FocusPrev,
        (Action::NextItem, KeyCode::Up | KeyCode::PageUp) => Action::PrevItem,
        (Action::CursorRight, KeyCode::Left) => Action::CursorLeft,
        (Action::CursorDown, KeyCode::Up) => Action::CursorUp,
        (Action::CursorEnd, KeyCode::Home) => Action::CursorHome,
        (Action::GoTab(_), KeyCode::Char(c)) => {
            Action::GoTab(c.to_digit(10).map_or(0, |d| d as usize - 1))
        }
        (a, _) => a,
    }
}

pub fn key_label(key: &Key) -> String {
    let base = match key.code {
        KeyCode::Char(' ') => "Space".into(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::F(n) => format!("F{n}"),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::Insert => "Ins".into(),
        KeyCode::Delete => "Del".into(),
        other => format!("{other:?}"),
    };
    if key.ctrl {
        format!("Ctrl-{}", base.to_uppercase())
    } else if key.alt {
        format!("Alt-{}", base.to_uppercase())
    } else if key.shift {
        format!("Shift-{base}")
    } else {
        base
    }
}

/// Every key of a binding for the help overlay: "a, ф, Ins", or "1–7" for the tab digits.
pub fn binding_label(b: &Binding) -> String {
    if matches!(b.action, Action::GoTab(_)) {
        return "1–7".into();
    }
    twinned(b, false)
        .iter()
        .map(key_label)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The short form for the status line: the first key, with its ЙЦУКЕН twin ("a/ф").
pub fn short_label(b: &Binding) -> String {
    if matches!(b.action, Action::GoTab(_)) {
        return "1–7".into();
    }
    let arrow = |k: &Key| {
        matches!(
            k.code,
            KeyCode::Left | KeyCode::Right | KeyCode::Up | KeyCode::Down
        )
    };
    let pair = |k: &Key| matches!(k.code, KeyCode::PageUp | KeyCode::PageDown);
    if let [a, z, ..] = b.keys
        && (arrow(a) && arrow(z) || pair(a) && pair(z))
    {
        return format!("{}/{}", key_label(a), key_label(z));
    }
    let mut label = b.keys.first().map(key_label).unwrap_or_default();
    if let [
        Key {
            code: KeyCode::Char(l),
            ctrl: false,
            alt: false,
            ..
        },
        ..,
    ] = b.keys
        && l.is_ascii_alphabetic()
        && let Some(c) = twin(*l)
    {
        label = format!("{l}/{c}");
    }
    label
}

/// The status line's hint: the context's main keys, then the global ones.
pub fn status_hint(ctx: Context, s: &Strings) -> Vec<(String, &'static str)> {
    let globals: &[Binding] = if takes_text(ctx) || matches!(ctx, Context::Help | Context::Confirm)
    {
        &[]
    } else {
        GLOBAL
    };
    screen_bindings(ctx)
        .chain(globals.iter())
        .filter(|b| b.status)
        .map(|b| (short_label(b), (b.desc)(s)))
        .collect()
}

/// The letters that answer a question in `lang`: the first letters of its words for yes and
/// no (Kyrgyz ооба/жок, Russian да/нет, English yes/no). Latin y/n work in every language.
/// Never a layout twin: "н", on the key of y, is a Russian "нет".
pub fn answer_letters(lang: Lang) -> (char, char) {
    match lang {
        Lang::Ky => ('о', 'ж'),
        Lang::Ru => ('д', 'н'),
        Lang::En => ('y', 'n'),
    }
}

/// A key pressed on a question: yes, no, or nothing (the question stays). Enter is yes,
/// unless the action cannot be undone: then Enter is no and only the letter says yes.
pub fn answer(lang: Lang, irreversible: bool, ev: &KeyEvent) -> Option<Action> {
    if ev
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return None;
    }
    let (yes, no) = answer_letters(lang);
    match ev.code {
        KeyCode::Enter if irreversible => Some(Action::No),
        KeyCode::Enter => Some(Action::Yes),
        KeyCode::Esc => Some(Action::No),
        KeyCode::Char(c) => {
            let c = c.to_lowercase().next().unwrap_or(c);
            if c == yes || c == 'y' {
                Some(Action::Yes)
            } else if c == no || c == 'n' {
                Some(Action::No)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// The answers a question shows: "Enter/о ооба  Esc/ж жок", or for what cannot be undone
/// "о ооба  Enter/Esc/ж жок".
pub fn answer_hint(lang: Lang, irreversible: bool, s: &Strings) -> Vec<(String, &'static str)> {
    let (yes, no) = answer_letters(lang);
    if irreversible {
        vec![
            (yes.to_string(), s.key_yes),
            (format!("Enter/Esc/{no}"), s.key_no),
        ]
    } else {
        vec![
            (format!("Enter/{yes}"), s.key_yes),
            (format!("Esc/{no}"), s.key_no),
        ]
    }
}

#[cfg(test)]
#[path = "keymap_tests.rs"]
mod tests;
