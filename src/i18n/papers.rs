//! Text of the papers beyond the protocol template: attendance forms by gender, approval and
//! certification blocks, letters' addressees, the report's signature, the lists' headers.
//! English is for lists and messages only: papers are Kyrgyz or Russian.

use super::{Lang, Tpl};

pub struct PaperStrings {
    /// "Председательствовал:" by the chair's gender: male, female, unknown.
    pub presiding: [&'static str; 3],
    /// The place line at the right under the title: "г. {0}" / "{0} ш.".
    pub city_place: Tpl<1>,
    pub certified: &'static str,
    pub secretary_of_hq: &'static str,
    pub chair_of_hq: &'static str,
    pub seal: &'static str,
    pub approve: &'static str,
    /// A hearing item's overdue tasks on the agenda.
    pub overdue_tasks: &'static str,
    /// "{text} (мөөнөтү {deadline}, {days} күн өттү)".
    pub overdue_task_line: Tpl<3>,
    /// Executors of a decision point: one, several.
    pub executor: &'static str,
    pub executors: &'static str,
    pub co_executors: &'static str,
    pub deadline: &'static str,
    pub responsible: &'static str,
    pub controller: &'static str,
    /// Report signature: "Исп.: {0}, тел. {1}".
    pub executed_by: Tpl<2>,
    /// A paper in the other language: what remained untranslated.
    pub untranslated: Tpl<1>,
    /// What may stay untranslated: item titles, summaries, decisions, positions, absence
    /// reasons, the place.
    pub untranslated_parts: [&'static str; 6],
    pub letter_kinds_file: [&'static str; 4],
    pub as_of: Tpl<1>,
    /// The heading of the at-risk measures' table (report, workbook).
    pub at_risk: &'static str,
    pub at_risk_cols: [&'static str; 5],
    /// The sheet of the measures at risk (at most 31 characters).
    pub at_risk_sheet: &'static str,
    // Lists.
    pub sheet_tasks: &'static str,
    pub sheet_compliance: &'static str,
    pub sheet_cities: &'static str,
    pub task_cols: [&'static str; 10],
    pub compliance_cols: [&'static str; 18],
    pub overdue: &'static str,
    pub yes_no: [&'static str; 2],
    pub list_title_tasks: &'static str,
    pub list_title_compliance: &'static str,
    /// "{city}, {hq}: {as of date}".
    pub as_of_line: Tpl<3>,
}

/// Absence reasons typed in Kyrgyz with their Russian forms (the usual ones).
pub const ABSENCE_RU: &[(&str, &str)] = &[
    ("иш сапарында", "в командировке"),
    ("ооруп калган", "по болезни"),
    ("оорусу боюнча", "по болезни"),
    ("өргүүдө", "в отпуске"),
    ("эмгек өргүүсүндө", "в отпуске"),
    ("жүйөлүү себеп менен", "по уважительной причине"),
];

pub fn strings(lang: Lang) -> &'static PaperStrings {
    match lang {
        Lang::Ky => &KY,
        Lang::Ru => &RU,
        Lang::En => &EN,
    }
}

pub const KY: PaperStrings = PaperStrings {
    presiding: [
        "Төрагалык кылган:",
        "Төрагалык кылган:",
        "Төрагалык кылган:",
    ],
    city_place: Tpl::new("{0} шаары"),
    certified: "Көчүрмө туура",
    secretary_of_hq: "Штабдын катчысы",
    chair_of_hq: "Штабдын төрагасы",
    seal: "М.П.",
    approve: "БЕКИТЕМИН",
    overdue_tasks: "Мөөнөтү өткөн тапшырмалар:",
    overdue_task_line: Tpl::new("{0} (мөөнөтү {1}, {2} күн өттү)"),
    executor: "Аткаруучу",
    executors: "Аткаруучулар",
    co_executors: "тең аткаруучулар",
    deadline: "мөөнөтү",
    responsible: "жооптуу",
    controller: "көзөмөлдөйт",
    executed_by: Tpl::new("Аткаруучу: {0}, тел. {1}"),
    untranslated: Tpl::new("кыргыз тилинде калды: {0}"),
    untranslated_parts: [
        "маселелер",
        "баяндамалар",
        "чечимдер",
        "кызмат орундары",
        "себептер",
        "өтүүчү жери",
    ],
    letter_kinds_file: ["eskertme", "eskertuu", "chakyruu", "koshtomo-kat"],
    as_of: Tpl::new("{0} карата"),
    at_risk: "Коркунучта турган иш-чаралар",
    at_risk_sheet: "Коркунучта",
    at_risk_cols: [
        "№",
        "Иш-чара",
        "Мөөнөтү",
        "Мөөнөтү өткөн тапшырмалар",
        "Аткаруучулар",
    ],
    sheet_tasks: "Тапшырмалар",
    sheet_compliance: "Аткаруу тартиби",
    sheet_cities: "Шаарлар",
    task_cols: [
        "№",
        "Негизи",
        "Тапшырма",
        "Аткаруучу",
        "Тең аткаруучулар",
        "Мөөнөтү",
        "Калган күн",
        "Абалы",
        "Статусу",
        "Көзөмөлдөөчү",
    ],
    compliance_cols: [
        "№",
        "Уюм",
        "Уюм (орусча)",
        "Түрү",
        "Берилген",
        "Өз убагында",
        "Кечиктирилген",
        "Жокко чыгарылган",
        "Ачык",
        "Мөөнөтү өткөн",
        "Узартуулар",
        "Өз убагында, %",
        "Эң эски кечигүү, күн",
        "Акыркы 6 айда кечиккен айлар",
        "Кайталанган",
        "Баскыч",
        "Баскычтын күнү",
        "Кийинки кадам",
    ],
    overdue: "мөөнөтү өткөн",
    yes_no: ["ооба", "жок"],
    list_title_tasks: "Тапшырмалардын тизмеси",
    list_title_compliance: "Тапшырмалардын аткарылышы уюмдар боюнча",
    as_of_line: Tpl::new("{0}, {1}: {2}"),
};

pub const RU: PaperStrings = PaperStrings {
    presiding: [
        "Председательствовал:",
        "Председательствовала:",
        "Председательствовал(а):",
    ],
    city_place: Tpl::new("г. {0}"),
    certified: "Выписка верна",
    secretary_of_hq: "Секретарь штаба",
    chair_of_hq: "Председатель штаба",
    seal: "М.П.",
    approve: "УТВЕРЖДАЮ",
    overdue_tasks: "Просроченные поручения:",
    overdue_task_line: Tpl::new("{0} (срок {1}, просрочено на {2} дн.)"),
    executor: "Исполнитель",
    executors: "Исполнители",
    co_executors: "соисполнители",
    deadline: "срок",
    responsible: "ответственный",
    controller: "контроль",
    executed_by: Tpl::new("Исп.: {0}, тел. {1}"),
    untranslated: Tpl::new("осталось на кыргызском: {0}"),
    untranslated_parts: [
        "вопросы повестки",
        "изложения выступлений",
        "решения",
        "должности",
        "причины отсутствия",
        "место проведения",
    ],
    letter_kinds_file: ["napominanie", "preduprezhdenie", "vyzov", "soprovoditelnoe"],
    as_of: Tpl::new("по состоянию на {0}"),
    at_risk: "Мероприятия под угрозой срыва",
    at_risk_sheet: "Под угрозой",
    at_risk_cols: [
        "№",
        "Мероприятие",
        "Срок",
        "Просроченные поручения",
        "Исполнители",
    ],
    sheet_tasks: "Поручения",
    sheet_compliance: "Исполнительская дисциплина",
    sheet_cities: "Города",
    task_cols: [
        "№",
        "Основание",
        "Поручение",
        "Исполнитель",
        "Соисполнители",
        "Срок",
        "Осталось дней",
        "Состояние",
        "Статус",
        "Контроль",
    ],
    compliance_cols: [
        "№",
        "Организация",
        "Организация (рус.)",
        "Вид",
        "Дано",
        "В срок",
        "С опозданием",
        "Отменено",
        "Открыто",
        "Просрочено",
        "Продления",
        "В срок, %",
        "Старейшая просрочка, дн.",
        "Месяцев с просрочкой из 6",
        "Повторно",
        "Этап",
        "Дата этапа",
        "Следующий шаг",
    ],
    overdue: "просрочено",
    yes_no: ["да", "нет"],
    list_title_tasks: "Перечень поручений",
    list_title_compliance: "Исполнение поручений по организациям",
    as_of_line: Tpl::new("{0}, {1}: {2}"),
};

pub const EN: PaperStrings = PaperStrings {
    presiding: ["Presided:", "Presided:", "Presided:"],
    city_place: Tpl::new("{0}"),
    certified: "True copy",
    secretary_of_hq: "Secretary of the HQ",
    chair_of_hq: "Chair of the HQ",
    seal: "Seal",
    approve: "APPROVED",
    overdue_tasks: "Overdue tasks:",
    overdue_task_line: Tpl::new("{0} (deadline {1}, {2} {2:day|days} overdue)"),
    executor: "Executor",
    executors: "Executors",
    co_executors: "co-executors",
    deadline: "deadline",
    responsible: "responsible",
    controller: "controller",
    executed_by: Tpl::new("Executed by: {0}, tel. {1}"),
    untranslated: Tpl::new("left in Kyrgyz: {0}"),
    untranslated_parts: [
        "agenda items",
        "summaries",
        "decisions",
        "positions",
        "absence reasons",
        "place",
    ],
    letter_kinds_file: ["reminder", "warning", "summons", "cover-letter"],
    as_of: Tpl::new("as of {0}"),
    at_risk: "Measures at risk",
    at_risk_sheet: "At risk",
    at_risk_cols: ["No.", "Measure", "Deadline", "Overdue tasks", "Executors"],
    sheet_tasks: "Tasks",
    sheet_compliance: "Compliance",
    sheet_cities: "Cities",
    task_cols: [
        "ID",
        "Origin",
        "Task",
        "Executor",
        "Co-executors",
        "Deadline",
        "Days left",
        "State",
        "Status",
        "Controller",
    ],
    compliance_cols: [
        "ID",
        "Organization",
        "Organization (ru)",
        "Kind",
        "Given",
        "On time",
        "Late",
        "Cancelled",
        "Open",
        "Overdue",
        "Extensions",
        "On time, %",
        "Oldest overdue, days",
        "Overdue months of last 6",
        "Repeat",
        "Stage",
        "Stage date",
        "Next step",
    ],
    overdue: "overdue",
    yes_no: ["yes", "no"],
    list_title_tasks: "Tasks",
    list_title_compliance: "Compliance by organization",
    as_of_line: Tpl::new("{0}, {1}: {2}"),
};

/// The Russian form of a Kyrgyz absence reason, when it is one of the usual ones.
pub fn absence_ru(reason: &str) -> Option<&'static str> {
    let r = reason.trim().to_lowercase();
    ABSENCE_RU
        .iter()
        .find(|(ky, _)| *ky == r)
        .map(|(_, ru)| *ru)
}

/// Usual Kyrgyz titles of heads with their Russian forms, for papers in Russian when the
/// directory has no Russian title.
pub const TITLE_RU: &[(&str, &str)] = &[
    ("жетекчи", "руководитель"),
    ("директор", "директор"),
    ("төрага", "председатель"),
    ("башчы", "начальник"),
    ("бөлүм башчысы", "начальник отдела"),
    ("башкарма башчысы", "начальник управления"),
    ("мэр", "мэр"),
    ("башкы врач", "главный врач"),
    ("ректор", "ректор"),
    ("начальник", "начальник"),
];

/// The Russian form of a usual Kyrgyz head's title.
pub fn title_ru(title: &str) -> Option<&'static str> {
    let t = title.trim().to_lowercase();
    TITLE_RU.iter().find(|(ky, _)| *ky == t).map(|(_, ru)| *ru)
}

/// Text that is Kyrgyz for sure: it has one of the letters Russian lacks (ң, ө, ү).
pub fn looks_kyrgyz(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, 'ң' | 'ө' | 'ү' | 'Ң' | 'Ө' | 'Ү'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_header() {
        for l in Lang::ALL {
            let s = strings(l);
            assert!(s.task_cols.iter().all(|c| !c.is_empty()));
            assert!(s.compliance_cols.iter().all(|c| !c.is_empty()));
        }
        assert_eq!(absence_ru("Иш сапарында"), Some("в командировке"));
        assert_eq!(absence_ru("башка"), None);
    }
}
