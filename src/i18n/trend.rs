//! The words of the trend on paper and on the command line: the twelve months' sheet and
//! table, its chart, the cities' trend of the national view, and `shtab report trend`.

use super::{Lang, Tpl};

pub struct TrendStrings {
    /// The sheet's name (at most 31 characters, no `[]:*?/\`).
    pub sheet: &'static str,
    /// The heading over the table in the report's paper.
    pub heading: &'static str,
    /// The columns: month, given, on time, late, open, overdue, on-time %, sessions held,
    /// organizations heard, escalation steps.
    pub cols: [&'static str; 10],
    /// The chart's title.
    pub chart: &'static str,
    /// The secondary axis (the rate).
    pub rate_axis: &'static str,
    /// The national view: the sheet's name, the chart's title, and the two columns of a
    /// city ({0} the city).
    pub cities_sheet: &'static str,
    pub cities_chart: &'static str,
    pub city_rate: Tpl<1>,
    pub city_overdue: Tpl<1>,
    /// The title line of `shtab report trend`'s sheet: {0} the city, {1} all organizations
    /// or the kind's name, {2} the first month, {3} the last.
    pub title: Tpl<4>,
    pub all_kinds: &'static str,
    /// `--kind` not known: {0} what was given, {1} the codes.
    pub bad_kind: Tpl<2>,
    /// `--months` out of range: {0} the most, {1} what was given.
    pub bad_months: Tpl<2>,
    pub xlsx_needs_out: &'static str,
    /// The progress bar's word.
    pub progress: &'static str,
}

const KY: TrendStrings = TrendStrings {
    sheet: "Динамика",
    heading: "Айлар боюнча динамика",
    cols: [
        "Ай",
        "Берилди",
        "Мөөнөтүндө",
        "Кечикти",
        "Аткарылууда",
        "Мөөнөтү өттү",
        "Мөөнөтүндө, %",
        "Отурумдар",
        "Угулган уюмдар",
        "Таасир чаралары",
    ],
    chart: "Тапшырмалардын аткарылышы",
    rate_axis: "Мөөнөтүндө, %",
    cities_sheet: "Шаарлардын динамикасы",
    cities_chart: "Шаарлар боюнча мөөнөтүндө аткарылуу, %",
    city_rate: Tpl::new("{0}: мөөнөтүндө, %"),
    city_overdue: Tpl::new("{0}: мөөнөтү өттү"),
    title: Tpl::new("{0} · {1} · {2} – {3}"),
    all_kinds: "бардык уюмдар",
    bad_kind: Tpl::new("«{0}» уюмдун түрү эмес; болгону: {1}"),
    bad_months: Tpl::new("айлардын саны 1ден {0}гө чейин болушу керек, берилгени: {1}"),
    xlsx_needs_out: "xlsx файлы үчүн --out FILE керек",
    progress: "айлар",
};

const RU: TrendStrings = TrendStrings {
    sheet: "Динамика",
    heading: "Динамика по месяцам",
    cols: [
        "Месяц",
        "Дано",
        "В срок",
        "С наруш.",
        "На исп.",
        "Просроч.",
        "В срок, %",
        "Заседаний",
        "Заслушано орг.",
        "Мер возд.",
    ],
    chart: "Исполнение поручений",
    rate_axis: "В срок, %",
    cities_sheet: "Динамика городов",
    cities_chart: "Исполнение в срок по городам, %",
    city_rate: Tpl::new("{0}: в срок, %"),
    city_overdue: Tpl::new("{0}: просрочено"),
    title: Tpl::new("{0} · {1} · {2} – {3}"),
    all_kinds: "все организации",
    bad_kind: Tpl::new("«{0}» — не вид организации; возможные: {1}"),
    bad_months: Tpl::new("число месяцев должно быть от 1 до {0}, указано: {1}"),
    xlsx_needs_out: "для xlsx нужен --out ФАЙЛ",
    progress: "месяцы",
};

const EN: TrendStrings = TrendStrings {
    sheet: "Trend",
    heading: "Month by month",
    cols: [
        "Month",
        "Given",
        "On time",
        "Late",
        "Open",
        "Overdue",
        "On time, %",
        "Sessions",
        "Orgs heard",
        "Escalations",
    ],
    chart: "Execution of tasks",
    rate_axis: "On time, %",
    cities_sheet: "Cities' trend",
    cities_chart: "On-time rate by city, %",
    city_rate: Tpl::new("{0}: on time, %"),
    city_overdue: Tpl::new("{0}: overdue"),
    title: Tpl::new("{0} · {1} · {2} – {3}"),
    all_kinds: "all organizations",
    bad_kind: Tpl::new("\"{0}\" is not a kind of organization; one of: {1}"),
    bad_months: Tpl::new("the number of months must be 1 to {0}, not {1}"),
    xlsx_needs_out: "xlsx needs --out FILE",
    progress: "months",
};

pub fn strings(lang: Lang) -> &'static TrendStrings {
    match lang {
        Lang::Ky => &KY,
        Lang::Ru => &RU,
        Lang::En => &EN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sheet names Excel accepts: at most 31 characters, none of `[]:*?/\`.
    #[test]
    fn sheet_names_are_valid() {
        for lang in Lang::ALL {
            let s = strings(lang);
            for name in [s.sheet, s.cities_sheet] {
                assert!(name.chars().count() <= 31, "{name}");
                assert!(
                    !name.contains(['[', ']', ':', '*', '?', '/', '\\']),
                    "{name}"
                );
            }
        }
    }
}
