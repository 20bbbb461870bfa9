//! Text of the rules that hold at entry (task 14b): read-only roles, the demo's role, the
//! approved agenda's question, votes and speakers, holidays, the plan import.

use super::{Lang, Tpl};

pub struct RuleStrings {
    /// The start-up line for a user whose role only reads ({0} login, {1} role).
    pub read_only_role: Tpl<2>,
    /// The title bar in the demo: the login is the chair there.
    pub demo_role: &'static str,
    /// The start-up line in the demo.
    pub demo_welcome: &'static str,
    /// F2 remembered the language for this login only ({0} language, {1} login).
    pub msg_lang_for_login: Tpl<2>,
    /// A change refused because the session's agenda is approved ({0} session).
    pub err_agenda_approved: Tpl<1>,
    /// Compliance `h` on an approved agenda ({0} session, {1} the item's title).
    pub confirm_approved_hearing: Tpl<2>,
    /// {0} votes counted, {1} present.
    pub err_votes_above_present: Tpl<2>,
    /// {0} the member marked absent, {1} the item where they are HEARD or SPOKE.
    pub warn_absent_speaker: Tpl<2>,
    /// {0} the task, {1} the measure it serves now.
    pub err_already_linked: Tpl<2>,
    /// A year plan's date moved off a public holiday ({0} the holiday).
    pub plan_moved_from_holiday: Tpl<1>,
    /// Plan `l` on a task serving another measure ({0} task, {1} that measure, {2} this one).
    pub confirm_move_link: Tpl<3>,
    /// The plan import's header cells it does not know ({0} them).
    pub import_ignored: Tpl<1>,
    /// The pane showing every problem of a failed import ({0} how many).
    pub import_report_title: Tpl<1>,
    /// The plan CSV's columns, in `plan_csv::Column::ALL` order, as the user reads them.
    pub plan_columns: [&'static str; 9],
    /// A failure underneath (file, disk, SQLite), said with the fact that nothing was
    /// written ({0} the failure, its closing full stop taken off).
    pub failed_nothing_changed: Tpl<1>,
}

pub fn strings(lang: Lang) -> &'static RuleStrings {
    match lang {
        Lang::Ky => &KY,
        Lang::Ru => &RU,
        Lang::En => &EN,
    }
}

/// The rule strings of the language whose table `s` is (for code that holds only that).
pub fn of(s: &super::Strings) -> &'static RuleStrings {
    let lang = Lang::ALL
        .into_iter()
        .find(|l| std::ptr::eq(l.strings(), s))
        .unwrap_or(Lang::En);
    strings(lang)
}

pub static EN: RuleStrings = RuleStrings {
    read_only_role: Tpl::new(
        "{0} is a {1} here: read only. The secretary changes roles with: shtab user add",
    ),
    demo_role: "you are the chair (may sign)",
    demo_welcome: "Demo database: you are its chair, so you may edit, sign protocols and grant extensions here (only here).",
    msg_lang_for_login: Tpl::new("Language: {0} (remembered for {1} only)."),
    err_agenda_approved: Tpl::new(
        "The agenda of session {0} is approved: confirm the change first.",
    ),
    confirm_approved_hearing: Tpl::new(
        "The agenda of session {0} is approved. Add \"{1}\" to it anyway? The change is logged.",
    ),
    err_votes_above_present: Tpl::new(
        "{0} votes, but only {1} members present: for + against + abstained cannot be more.",
    ),
    plan_moved_from_holiday: Tpl::new("{0} is a public holiday"),
    import_ignored: Tpl::new("columns ignored: {0}"),
    import_report_title: Tpl::new("Import: {0} problem(s), nothing written"),
    plan_columns: [
        "number",
        "section",
        "title (Kyrgyz)",
        "deadline",
        "expected result",
        "progress",
        "organizations",
        "done on",
        "title (Russian)",
    ],
    confirm_move_link: Tpl::new(
        "Task {0} serves measure {1}. Move it to {2}? Measure {1} loses it.",
    ),
    err_already_linked: Tpl::new(
        "Task {0} is already linked to measure {1}: unlink it there first to move it.",
    ),
    warn_absent_speaker: Tpl::new(
        "Check: {0} is marked absent but speaks in item {1} (HEARD or SPOKE).",
    ),
    failed_nothing_changed: Tpl::new("{0}. Nothing was changed."),
};

pub static RU: RuleStrings = RuleStrings {
    read_only_role: Tpl::new("{0} здесь {1}: только чтение. Роль меняет секретарь: shtab user add"),
    demo_role: "вы председатель",
    demo_welcome: "Демо-база: вы её председатель — можно править, подписывать протоколы и продлевать сроки (только здесь).",
    msg_lang_for_login: Tpl::new("Язык: {0} (запомнен только для {1})."),
    err_agenda_approved: Tpl::new(
        "Повестка заседания {0} утверждена: сначала подтвердите изменение.",
    ),
    confirm_approved_hearing: Tpl::new(
        "Повестка заседания {0} утверждена. Всё равно добавить «{1}»? Изменение попадёт в журнал.",
    ),
    err_votes_above_present: Tpl::new(
        "Голосов {0}, а присутствуют {1}: за + против + воздержались не может быть больше.",
    ),
    plan_moved_from_holiday: Tpl::new("{0} — праздничный день"),
    import_ignored: Tpl::new("пропущены столбцы: {0}"),
    import_report_title: Tpl::new("Импорт: проблем {0}, ничего не записано"),
    plan_columns: [
        "номер",
        "раздел",
        "мероприятие (на кыргызском)",
        "срок",
        "ожидаемый результат",
        "выполнение",
        "исполнители",
        "дата выполнения",
        "мероприятие (на русском)",
    ],
    confirm_move_link: Tpl::new(
        "Поручение {0} относится к мероприятию {1}. Перенести его в {2}? У {1} его не станет.",
    ),
    err_already_linked: Tpl::new(
        "Поручение {0} уже связано с мероприятием {1}: чтобы перенести, сначала отвяжите его там.",
    ),
    warn_absent_speaker: Tpl::new(
        "Проверьте: {0} отмечен(а) отсутствующим, но выступает в вопросе {1} (СЛУШАЛИ или ВЫСТУПИЛИ).",
    ),
    failed_nothing_changed: Tpl::new("{0}. Ничего не изменено."),
};

pub static KY: RuleStrings = RuleStrings {
    read_only_role: Tpl::new("{0} бул жерде {1}: окуу гана. Ролду катчы өзгөртөт: shtab user add"),
    demo_role: "сиз төрагасыз",
    demo_welcome: "Демо база: сиз анын төрагасысыз — оңдоого, протоколго кол коюуга жана мөөнөт узартууга болот (ушул жерде гана).",
    msg_lang_for_login: Tpl::new("Тил: {0} ({1} үчүн гана эсте калды)."),
    err_agenda_approved: Tpl::new(
        "{0} отурумдун күн тартиби бекитилген: адегенде өзгөртүүнү ырастаңыз.",
    ),
    confirm_approved_hearing: Tpl::new(
        "{0} отурумдун күн тартиби бекитилген. Баары бир «{1}» кошулсунбу? Өзгөртүү журналга жазылат.",
    ),
    err_votes_above_present: Tpl::new(
        "{0} добуш, бирок {1} мүчө гана катышты: макул + каршы + калыс калгандар андан көп болбойт.",
    ),
    plan_moved_from_holiday: Tpl::new("{0} — майрам күнү"),
    import_ignored: Tpl::new("эске алынбаган мамычалар: {0}"),
    import_report_title: Tpl::new("Импорт: {0} көйгөй, эч нерсе жазылган жок"),
    plan_columns: [
        "номер",
        "бөлүм",
        "иш-чара (кыргызча)",
        "мөөнөтү",
        "күтүлгөн натыйжа",
        "аткарылышы",
        "аткаруучулар",
        "аткарылган күнү",
        "иш-чара (орусча)",
    ],
    confirm_move_link: Tpl::new(
        "{0} тапшырма {1} иш-чарасына тиешелүү. Аны {2} иш-чарасына которосузбу? {1} аны жоготот.",
    ),
    err_already_linked: Tpl::new(
        "{0} тапшырма {1} иш-чарасына байланган: которуу үчүн адегенде ал жерден ажыратыңыз.",
    ),
    warn_absent_speaker: Tpl::new(
        "Текшериңиз: {0} катышкан жок деп белгиленген, бирок {1}-маселеде сүйлөйт (УГУЛДУ же ЧЫГЫП СҮЙЛӨШТҮ).",
    ),
    failed_nothing_changed: Tpl::new("{0}. Эч нерсе өзгөртүлгөн жок."),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    // The placeholder counts are the compiler's now (`Tpl<N>`); what is left to check is
    // that a filled template leaves no brace behind in any language.
    #[test]
    fn filled_templates_leave_no_brace() {
        for lang in Lang::ALL {
            let r = strings(lang);
            let filled = [
                r.read_only_role.fill([&"a", &"b"]),
                r.msg_lang_for_login.fill([&"a", &"b"]),
                r.err_agenda_approved.fill([&"3/2026"]),
                r.confirm_approved_hearing.fill([&"3/2026", &"b"]),
                r.err_votes_above_present.fill([&12, &11]),
                r.warn_absent_speaker.fill([&"a", &1]),
                r.err_already_linked.fill([&"#1", &"1.2"]),
                r.plan_moved_from_holiday.fill([&"01.01.2026"]),
                r.confirm_move_link.fill([&"#1", &"1.2", &"1.3"]),
                r.import_ignored.fill([&"x"]),
                r.import_report_title.fill([&5]),
            ];
            for t in filled {
                assert!(!t.contains('{') && !t.contains('}'), "{lang:?}: {t}");
            }
        }
    }
}
