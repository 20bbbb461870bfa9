//! UI text, one static table per language: a missing translation is a compile error.

pub mod compliance;
mod en;
mod ky;
pub mod mail;
pub mod papers;
pub mod plan;
pub mod protocol;
mod ru;
pub mod rules;
pub mod settings;
pub mod tasks;
mod tpl;
pub use tpl::{FileTpl, Tpl};
#[cfg(test)]
mod tpl_tests;
pub mod trend;
pub mod trend_ui;
pub mod ui;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Ky,
    Ru,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Ky, Lang::Ru, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ky => "ky",
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    pub fn from_code(s: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == s)
    }

    pub fn next(self) -> Lang {
        match self {
            Lang::Ky => Lang::Ru,
            Lang::Ru => Lang::En,
            Lang::En => Lang::Ky,
        }
    }

    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::Ky => &ky::STRINGS,
            Lang::Ru => &ru::STRINGS,
            Lang::En => &en::STRINGS,
        }
    }

    /// From a locale such as `ky_KG.UTF-8` or `ru_RU.UTF-8`; anything else is English.
    pub fn from_locale(locale: &str) -> Lang {
        let l = locale.to_ascii_lowercase();
        if l.starts_with("ky") {
            Lang::Ky
        } else if l.starts_with("ru") {
            Lang::Ru
        } else {
            Lang::En
        }
    }

    /// `LC_ALL` wins over `LANG`, as in POSIX.
    pub fn from_env() -> Lang {
        let pick = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        pick("LC_ALL")
            .or_else(|| pick("LANG"))
            .map(|v| Lang::from_locale(&v))
            .unwrap_or(Lang::En)
    }
}

/// Fill `{0}`, `{1}` … in a template, and `{0:task|tasks}` with the word that agrees with
/// the number `{0}` (see [`plural`]). Private: code outside `i18n` fills through a typed
/// [`Tpl`] (or, for a template read from a file, [`FileTpl`]).
fn fill(template: &str, args: &[&dyn std::fmt::Display]) -> String {
    let mut out = template.to_string();
    for (i, a) in args.iter().enumerate() {
        let value = a.to_string();
        out = out.replace(&format!("{{{i}}}"), &value);
        let open = format!("{{{i}:");
        while let Some(at) = out.find(&open) {
            let Some(len) = out[at..].find('}') else {
                break;
            };
            let forms = &out[at + open.len()..at + len];
            let word = value
                .trim()
                .parse::<i64>()
                .map_or(forms.rsplit('|').next().unwrap_or(""), |n| plural(n, forms));
            out = format!("{}{}{}", &out[..at], word, &out[at + len + 1..]);
        }
    }
    out
}

/// The form of a word that agrees with `n`, from "one|many" (English), "one|few|many"
/// (Russian: 1, 21 задача; 2–4, 22 задачи; 5–20, 11–14 задач) or one form (Kyrgyz: a
/// noun after a number does not change, "5 тапшырма").
pub fn plural(n: i64, forms: &str) -> &str {
    let f: Vec<&str> = forms.split('|').collect();
    let n = n.unsigned_abs();
    match f.as_slice() {
        [one] => one,
        [one, many] => {
            if n == 1 {
                one
            } else {
                many
            }
        }
        [one, few, many, ..] => {
            let (d, dd) = (n % 10, n % 100);
            if d == 1 && dd != 11 {
                one
            } else if (2..=4).contains(&d) && !(12..=14).contains(&dd) {
                few
            } else {
                many
            }
        }
        [] => "",
    }
}

pub struct Strings {
    pub lang_name: &'static str,
    pub app_title: &'static str,
    pub demo_badge: &'static str,
    pub too_small: Tpl<2>,
    /// Agenda, Protocol, Tasks, Compliance, Plan, Directory, Reports.
    pub tabs: [&'static str; 7],

    pub key_quit: &'static str,
    pub key_force_quit: &'static str,
    pub key_help: &'static str,
    pub key_lang: &'static str,
    pub key_next_tab: &'static str,
    pub key_prev_tab: &'static str,
    pub key_go_tab: &'static str,
    pub key_focus: &'static str,
    pub key_move: &'static str,
    pub key_page: &'static str,
    pub key_first_last: &'static str,
    pub key_add: &'static str,
    pub key_edit: &'static str,
    pub key_toggle_active: &'static str,
    pub key_delete: &'static str,
    pub key_filter: &'static str,
    pub key_kind: &'static str,
    pub key_show_inactive: &'static str,
    pub key_clear_filter: &'static str,
    pub key_save: &'static str,
    pub key_cancel: &'static str,
    pub key_next_field: &'static str,
    pub key_prev_field: &'static str,
    pub key_choice: &'static str,
    pub key_yes: &'static str,
    pub key_no: &'static str,
    pub key_close: &'static str,
    pub key_filter_done: &'static str,

    pub help_title: &'static str,
    pub help_global: &'static str,
    pub help_screen: &'static str,

    pub dir_orgs: &'static str,
    pub dir_members: &'static str,
    pub col_name: &'static str,
    pub col_kind: &'static str,
    pub col_head: &'static str,
    pub col_phone: &'static str,
    pub col_role: &'static str,
    pub col_position: &'static str,
    pub col_term: &'static str,
    pub inactive_mark: &'static str,
    pub filter_label: &'static str,
    pub all_kinds: &'static str,
    pub with_inactive: &'static str,
    pub empty_list: &'static str,
    pub shown_of: Tpl<2>,
    pub kinds: [&'static str; 10],
    pub roles: [&'static str; 4],

    pub form_new_org: &'static str,
    pub form_edit_org: &'static str,
    pub form_new_member: &'static str,
    pub form_edit_member: &'static str,
    pub f_name_ky: &'static str,
    pub f_name_ru: &'static str,
    pub f_kind: &'static str,
    pub f_head_name: &'static str,
    pub f_head_title: &'static str,
    pub f_phone: &'static str,
    pub f_email: &'static str,
    pub f_address: &'static str,
    pub f_full_name: &'static str,
    pub f_position: &'static str,
    pub f_role: &'static str,
    pub f_organization: &'static str,
    pub f_term_from: &'static str,
    pub f_term_to: &'static str,
    pub none_choice: &'static str,
    pub date_hint: &'static str,

    pub err_required: &'static str,
    pub err_bad_date: &'static str,
    pub err_bad_phone: &'static str,
    pub err_bad_email: &'static str,
    pub err_term_order: &'static str,
    pub err_too_long: &'static str,
    pub err_fix_fields: &'static str,
    pub err_second_chair: Tpl<1>,
    pub err_no_chair: &'static str,
    pub err_no_secretary: &'static str,
    pub err_conflict: &'static str,
    pub err_in_use: &'static str,
    pub err_not_found: &'static str,
    pub err_db: Tpl<1>,
    pub err_nothing_selected: &'static str,

    pub msg_saved: &'static str,
    pub msg_deactivated: &'static str,
    pub msg_activated: &'static str,
    pub msg_deleted: &'static str,
    pub msg_lang: Tpl<1>,
    pub confirm_title: &'static str,
    pub confirm_delete: Tpl<1>,
    pub confirm_discard: &'static str,
    pub confirm_quit: &'static str,

    pub err_bad_time: &'static str,
    pub err_bad_number: &'static str,
    pub time_hint: &'static str,
    pub ag_sessions: &'static str,
    pub ag_agenda_of: Tpl<1>,
    pub ag_suggested: &'static str,
    pub ag_carry: Tpl<1>,
    pub ag_invited: &'static str,
    pub ag_minutes_of: Tpl<2>,
    pub ag_suggestion: Tpl<2>,
    pub ag_links: Tpl<2>,
    pub ag_no_session: &'static str,
    pub ag_not_editable: &'static str,
    pub ag_nothing_suggested: &'static str,
    pub col_number: &'static str,
    pub col_date: &'static str,
    pub col_time: &'static str,
    pub col_place: &'static str,
    pub col_status: &'static str,
    pub col_items: &'static str,
    pub col_title: &'static str,
    pub col_speaker: &'static str,
    pub col_minutes: &'static str,
    pub col_links: &'static str,
    pub session_kinds: [&'static str; 2],
    pub session_statuses: [&'static str; 4],
    pub item_kinds: [&'static str; 3],
    pub outcomes: [&'static str; 4],
    pub weekdays: [&'static str; 7],
    pub month_rules: [&'static str; 6],
    pub hearing_title: Tpl<1>,
    pub key_new_session: &'static str,
    pub key_plan_year: &'static str,
    pub key_approve: &'static str,
    pub key_move_item: &'static str,
    pub key_hear: &'static str,
    pub key_add_item: &'static str,
    pub form_new_session: &'static str,
    pub form_edit_session: &'static str,
    pub form_plan_year: &'static str,
    pub form_new_item: &'static str,
    pub form_edit_item: &'static str,
    pub form_new_invited: &'static str,
    pub form_edit_invited: &'static str,
    pub f_session_kind: &'static str,
    pub f_date: &'static str,
    pub f_time: &'static str,
    pub f_place: &'static str,
    pub f_duration: &'static str,
    pub f_reason: &'static str,
    pub f_year: &'static str,
    pub f_rule: &'static str,
    pub f_weekday: &'static str,
    pub f_day: &'static str,
    pub f_title: &'static str,
    pub f_item_kind: &'static str,
    pub f_speaker_member: &'static str,
    pub f_speaker_name: &'static str,
    pub f_measure: &'static str,
    pub f_minutes: &'static str,
    pub f_outcome: &'static str,
    pub err_reason_required: &'static str,
    pub err_session_taken: &'static str,
    pub err_has_protocol: &'static str,
    pub err_session_held: &'static str,
    pub confirm_past_date: Tpl<1>,
    pub confirm_approved_change: Tpl<1>,
    pub confirm_delete_session: Tpl<1>,
    pub confirm_approve: Tpl<1>,
    pub plan_preview: Tpl<2>,
    pub plan_skip_date: &'static str,
    pub plan_skip_month: &'static str,
    pub msg_planned: Tpl<1>,
    pub msg_nothing_to_plan: &'static str,
    pub msg_approved: &'static str,
    pub msg_hearing_added: &'static str,
    pub msg_carried: &'static str,
    pub msg_already_approved: &'static str,
    pub doc_hq_name: &'static str,
    pub doc_agenda_title: &'static str,
    pub doc_session_line: Tpl<2>,
    pub doc_when: Tpl<2>,
    pub doc_place: Tpl<1>,
    pub doc_reason: Tpl<1>,
    pub doc_speaker: Tpl<1>,
    pub doc_minutes: Tpl<1>,
    pub doc_invited: &'static str,
    pub doc_secretary: &'static str,
    pub key_write_doc: &'static str,
    pub form_write_doc: &'static str,
    pub f_format: &'static str,
    pub f_doc_lang: &'static str,
    pub f_path: &'static str,
    pub msg_written: Tpl<1>,
    pub err_write: Tpl<2>,
    pub doc_formats: [&'static str; 2],
    pub doc_langs: [&'static str; 2],
    /// The Protocol tab's text (its own table, so it grows apart from this one).
    pub protocol: &'static protocol::ProtocolStrings,
    pub doc_task_line: Tpl<3>,
    pub doc_task_origin: Tpl<2>,
    pub doc_outgoing: Tpl<2>,
    pub doc_chair: &'static str,
    pub doc_higher_body: &'static str,
    pub doc_law_enforcement: &'static str,
    pub compliance: &'static compliance::ComplianceStrings,
    pub plan: &'static plan::PlanStrings,
    pub err_needs_role: Tpl<1>,
    pub read_only_badge: &'static str,
    pub read_only_banner: Tpl<1>,
    pub access_roles: [&'static str; 4],
    /// The Tasks tab (its own table, so other tabs' texts merge apart).
    pub tasks: &'static tasks::TaskStrings,
    /// The HQ's settings form.
    pub settings: &'static settings::SettingsStrings,
    /// At start-up when the day's automatic backup failed: {0} the reason, {1} the command
    /// (first, as a long reason is cut at the screen's edge).
    pub backup_failed_notice: Tpl<2>,
    /// F10 / Ctrl-Q: quit at once (what was typed is saved).
    pub key_quit_now: &'static str,
    /// q on a list: the one-key question first.
    pub confirm_quit_app: &'static str,
    /// Under a question whose action cannot be undone (Enter there means no).
    pub confirm_irreversible: &'static str,
    /// Field editing keys and the system's reasons, in the user's words.
    pub ui: &'static ui::UiStrings,
    /// The trend on screen (issue 18): the Reports chart, the Compliance sparkline and marks.
    pub trend: &'static trend_ui::TrendUiStrings,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_picks_language() {
        assert_eq!(Lang::from_locale("ky_KG.UTF-8"), Lang::Ky);
        assert_eq!(Lang::from_locale("ru_RU.UTF-8"), Lang::Ru);
        assert_eq!(Lang::from_locale("C.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale(""), Lang::En);
        for l in Lang::ALL {
            assert_eq!(Lang::from_code(l.code()), Some(l));
        }
        assert_eq!(Lang::Ky.next().next().next(), Lang::Ky);
    }

    #[test]
    fn fill_puts_each_value_in_its_place() {
        assert_eq!(fill("{0}/{1}", &[&1, &"x"]), "1/x");
        assert_eq!(fill("{1} {0} {1}", &[&1, &"x"]), "x 1 x");
        // A file's template may leave a placeholder out, or have one past the values.
        assert_eq!(FileTpl("№ {2}").fill(&[&"a", &"b", &7]), "№ 7");
        assert_eq!(FileTpl("{0} {1}").fill(&[&"a"]), "a {1}");
    }

    #[test]
    fn plurals_agree_with_the_number() {
        let ru = "{0} {0:поручение|поручения|поручений}";
        for (n, want) in [
            (1, "1 поручение"),
            (2, "2 поручения"),
            (4, "4 поручения"),
            (5, "5 поручений"),
            (11, "11 поручений"),
            (12, "12 поручений"),
            (21, "21 поручение"),
            (22, "22 поручения"),
            (111, "111 поручений"),
            (0, "0 поручений"),
        ] {
            assert_eq!(fill(ru, &[&n]), want);
        }
        assert_eq!(fill("{0} {0:task|tasks}", &[&1]), "1 task");
        assert_eq!(fill("{0} {0:task|tasks}", &[&3]), "3 tasks");
        assert_eq!(fill("{0} {0:тапшырма}", &[&3]), "3 тапшырма");
        assert_eq!(fill("{1}: {0:day|days} {0}", &[&1, &"x"]), "x: day 1");
        // Every template of every language reads right with 1 and 5: no "1 tasks".
        for l in Lang::ALL {
            let s = l.strings();
            for n in [1, 5] {
                for text in [
                    s.msg_planned.filled_with(n),
                    s.ag_links.filled_with(n),
                    s.plan.risk_reason.filled_with(n),
                    s.plan.err_import_rows.filled_with(n),
                ] {
                    assert!(!text.contains('{') && !text.contains('|'), "{text}");
                    assert!(!text.contains("1 tasks") && !text.contains("(s)"), "{text}");
                }
            }
        }
    }
}
