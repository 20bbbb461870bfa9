//! The words of the trend on screen: the Reports tab's chart of twelve months and the
//! Compliance tab's sparkline and trend marks.

use super::Tpl;

pub struct TrendUiStrings {
    /// Keys of the Reports tab: switch between the figures and the chart; the kind shown.
    pub key_chart: &'static str,
    pub key_chart_kind: &'static str,
    /// The chart's title after the month: {0} how many months.
    pub chart_title: Tpl<1>,
    /// The series, in the order of the bars in a month's group.
    pub series: [&'static str; 4],
    /// Short month names under the bars (three letters at most).
    pub months_short: [&'static str; 12],
    /// What the row of numbers under the bars is.
    pub rate_legend: &'static str,
    /// After the chosen month's figures: {0} its on-time rate ("50 %").
    pub rate_of: Tpl<1>,
    /// No executed task: no rate.
    pub no_rate: &'static str,
    /// The chart does not fit the terminal.
    pub too_small: &'static str,
    /// Compliance list: the trend mark's column head and the legend of its marks.
    pub col_mark: &'static str,
    pub mark_legend: &'static str,
    /// Compliance detail: the months the small bars cover ({0} how many, {1} the first,
    /// {2} the last), the overdue bars' and the on-time rates' labels.
    pub spark_head: Tpl<3>,
    pub spark_overdue: &'static str,
    pub spark_rate: &'static str,
    /// Better, the same, worse (fewer overdue is better).
    pub directions: [&'static str; 3],
    /// The mark explained for the selected organization: {0} the mark, {1} the direction,
    /// {2} overdue now, {3} three months before ("↑ worse: 1 → 3 in 3 months").
    pub direction_line: Tpl<4>,
}

pub static KY: TrendUiStrings = TrendUiStrings {
    key_chart: "диаграмма",
    key_chart_kind: "уюмдун түрү",
    chart_title: Tpl::new("{0} айлык тренд"),
    series: ["берилген", "мөөнөтүндө", "кечигип", "мөөнөтү өткөн"],
    months_short: [
        "янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек",
    ],
    rate_legend: "% мөөнөтүндө аткарылганы",
    rate_of: Tpl::new("мөөнөтүндө {0}"),
    no_rate: "—",
    too_small: "Диаграмма батпайт: терминалды чоңойтуңуз.",
    col_mark: "3 ай",
    mark_legend: "↓/=/↑ мөөнөтү өткөндөр 3 ай мурункудан аз/ошончо/көп",
    spark_head: Tpl::new("{0} ай: {1} – {2}"),
    spark_overdue: "мөөнөтү өткөн",
    spark_rate: "мөөнөтүндө",
    directions: ["жакшырды", "ошол эле", "начарлады"],
    direction_line: Tpl::new("{0} {1}: 3 айда {3} → {2}"),
};

pub static RU: TrendUiStrings = TrendUiStrings {
    key_chart: "график",
    key_chart_kind: "вид организаций",
    chart_title: Tpl::new("динамика за {0} мес."),
    series: ["дано", "в срок", "с опозданием", "просрочено"],
    months_short: [
        "янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек",
    ],
    rate_legend: "% исполнено в срок",
    rate_of: Tpl::new("в срок {0}"),
    no_rate: "—",
    too_small: "График не помещается: увеличьте окно.",
    col_mark: "3 мес",
    mark_legend: "↓/=/↑ просрочено меньше/столько же/больше, чем 3 мес. назад",
    spark_head: Tpl::new("{0} мес.: {1} – {2}"),
    spark_overdue: "просрочено",
    spark_rate: "в срок",
    directions: ["лучше", "без перемен", "хуже"],
    direction_line: Tpl::new("{0} {1}: {3} → {2} за 3 мес."),
};

pub static EN: TrendUiStrings = TrendUiStrings {
    key_chart: "chart",
    key_chart_kind: "kind of organization",
    chart_title: Tpl::new("{0}-month trend"),
    series: ["given", "on time", "late", "overdue"],
    months_short: [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    rate_legend: "% done on time",
    rate_of: Tpl::new("on time {0}"),
    no_rate: "—",
    too_small: "The chart does not fit: enlarge the terminal.",
    col_mark: "3 mo",
    mark_legend: "↓/=/↑ fewer/as many/more overdue than 3 months before",
    spark_head: Tpl::new("{0} months: {1} – {2}"),
    spark_overdue: "overdue",
    spark_rate: "on time",
    directions: ["better", "the same", "worse"],
    direction_line: Tpl::new("{0} {1}: {3} → {2} in 3 months"),
};

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    /// Month names fit a one-bar-wide group of four columns (templates: `Tpl`, counted by the compiler).
    #[test]
    fn short_months_fit() {
        for s in [&KY, &RU, &EN] {
            for m in s.months_short {
                assert!(m.width() <= 4, "{m}");
            }
            assert!(s.col_mark.width() <= 5, "{}", s.col_mark);
        }
    }
}
