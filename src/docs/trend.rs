//! The trend on paper: the twelve months' table (docx), the sheet with a native column chart
//! (xlsx, in the monthly report's workbook and `shtab report trend`), the CSV of the command
//! line, and the cities' trend of the national view.

use rust_xlsxwriter::{Chart, ChartType, Format, Workbook, Worksheet, XlsxError};

use super::{DocsError, Document};
use crate::domain::OrgKind;
use crate::domain::report::MonthlyReport;
use crate::domain::text::fold;
use crate::domain::trend::{TrendMonth, on_time_rate};
use crate::i18n::Lang;
use crate::i18n::trend::strings;

/// One month's line: the figures every paper of the trend shows, in the columns' order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrendRow {
    /// "YYYY-MM".
    pub month: String,
    pub given: i64,
    pub on_time: i64,
    pub late: i64,
    pub open: i64,
    pub overdue: i64,
    pub rate: Option<u32>,
    pub sessions: i64,
    pub heard: i64,
    pub escalations: i64,
}

impl TrendRow {
    /// The numbers after the month, in the columns' order (the rate empty when none).
    pub fn numbers(&self) -> [Option<i64>; 9] {
        [
            Some(self.given),
            Some(self.on_time),
            Some(self.late),
            Some(self.open),
            Some(self.overdue),
            self.rate.map(i64::from),
            Some(self.sessions),
            Some(self.heard),
            Some(self.escalations),
        ]
    }
}

/// The rows of `months`, overall or for one kind of organization (tasks and hearings of
/// that kind; sessions and escalation steps are the city's).
pub fn rows(months: &[TrendMonth], kind: Option<OrgKind>) -> Vec<TrendRow> {
    months
        .iter()
        .map(|m| {
            let t = m.tasks(kind);
            TrendRow {
                month: m.month.to_string(),
                given: t.given,
                on_time: t.done_on_time,
                late: t.done_late,
                open: t.open,
                overdue: t.overdue,
                rate: on_time_rate(&t),
                sessions: m.sessions_held(),
                heard: m.organizations_heard(kind),
                escalations: m.figures.escalations.total(),
            }
        })
        .collect()
}

/// The month as the docx's rows read it: "11.2026".
fn short_month(month: &str) -> String {
    match month.split_once('-') {
        Some((y, m)) => format!("{m}.{y}"),
        None => month.to_string(),
    }
}

/// The twelve-month table under its heading, months as rows (fits a portrait page).
pub fn docx_table(doc: Document, months: &[TrendMonth], lang: Lang, section: usize) -> Document {
    let s = strings(lang);
    let rows = rows(months, None)
        .into_iter()
        .map(|r| {
            let mut row = vec![short_month(&r.month)];
            row.extend(
                r.numbers()
                    .iter()
                    .map(|n| n.map_or_else(|| "—".to_string(), |n| n.to_string())),
            );
            row
        })
        .collect();
    doc.spacer()
        .bold_para(format!("{section}. {}", s.heading))
        .table_with_widths(s.cols, rows, vec![3, 2, 3, 2, 3, 3, 3, 3, 3, 3])
}

/// The CSV of `shtab report trend`: a header in `lang`, one row per month.
pub fn csv(rows: &[TrendRow], lang: Lang) -> Result<String, ::csv::Error> {
    let s = strings(lang);
    let head = s.cols.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    let body = rows.iter().map(|r| {
        let mut cells = vec![r.month.clone()];
        cells.extend(
            r.numbers()
                .iter()
                .map(|n| n.map_or_else(String::new, |n| n.to_string())),
        );
        cells
    });
    crate::domain::csv::write(std::iter::once(head).chain(body), b',', false)
}

/// The first row of the table (its header) on a trend sheet with a title line.
const HEADER_ROW: u32 = 2;

/// Add the trend sheet to `wb`: the title line, the table (header frozen) and a column chart
/// of given / on time / late / overdue with the on-time rate as a line on a second axis.
pub fn add_sheet(
    wb: &mut Workbook,
    rows: &[TrendRow],
    title: &str,
    lang: Lang,
) -> Result<(), XlsxError> {
    let s = strings(lang);
    let ws = wb.add_worksheet();
    ws.set_name(s.sheet)?;
    ws.write_string_with_format(0, 0, title, &Format::new().set_bold())?;
    let bold = Format::new().set_bold().set_text_wrap();
    for (c, h) in s.cols.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, c as u16, *h, &bold)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        ws.write_string(row, 0, &r.month)?;
        for (c, n) in r.numbers().iter().enumerate() {
            if let Some(n) = n {
                ws.write_number(row, c as u16 + 1, *n as f64)?;
            }
        }
    }
    ws.set_column_width(0, 10)?;
    for c in 1..s.cols.len() as u16 {
        ws.set_column_width(c, 12)?;
    }
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    if !rows.is_empty() {
        let chart = task_chart(s.sheet, rows.len() as u32, lang);
        ws.insert_chart(HEADER_ROW + rows.len() as u32 + 3, 0, &chart)?;
    }
    Ok(())
}

/// Bars for columns B, C, D and F (given, on time, late, overdue) of the `n` month rows, the
/// rate (G) as a line on the secondary axis; the series' names are the header's cells.
fn task_chart(sheet: &str, n: u32, lang: Lang) -> Chart {
    let s = strings(lang);
    let (first, last) = (HEADER_ROW + 1, HEADER_ROW + n);
    let mut bars = Chart::new(ChartType::Column);
    for col in [1u16, 2, 3, 5] {
        bars.add_series()
            .set_name((sheet, HEADER_ROW, col))
            .set_categories((sheet, first, 0, last, 0))
            .set_values((sheet, first, col, last, col));
    }
    let mut line = Chart::new(ChartType::Line);
    line.add_series()
        .set_name((sheet, HEADER_ROW, 6))
        .set_categories((sheet, first, 0, last, 0))
        .set_values((sheet, first, 6, last, 6))
        .set_secondary_axis(true);
    bars.combine(&line);
    bars.title().set_name(s.chart);
    bars.y2_axis().set_name(s.rate_axis).set_min(0).set_max(100);
    bars.set_width(900).set_height(380);
    bars
}

/// The workbook of `shtab report trend`: the trend sheet alone.
pub fn xlsx(rows: &[TrendRow], title: &str, lang: Lang) -> Result<Vec<u8>, DocsError> {
    let mut wb = Workbook::new();
    add_sheet(&mut wb, rows, title, lang)
        .and_then(|()| wb.save_to_buffer())
        .map_err(|e| DocsError::Xlsx(e.to_string()))
}

/// The national view's trend: months as rows, for each city its on-time rate and its
/// overdue tasks at the month's end (two columns), and a line chart of the rates. Cities in
/// the order first met; a city without a report for a month has empty cells there.
pub fn add_cities_sheet(
    wb: &mut Workbook,
    reports: &[(String, MonthlyReport)],
    lang: Lang,
) -> Result<(), XlsxError> {
    let s = strings(lang);
    let mut cities: Vec<(String, String)> = Vec::new();
    let mut months: Vec<String> = Vec::new();
    for (_, r) in reports {
        let key = fold(r.city.trim());
        if !cities.iter().any(|(k, _)| *k == key) {
            cities.push((key, r.city.trim().to_string()));
        }
        if !months.contains(&r.month) {
            months.push(r.month.clone());
        }
    }
    months.sort();
    let ws: &mut Worksheet = wb.add_worksheet();
    ws.set_name(s.cities_sheet)?;
    let bold = Format::new().set_bold().set_text_wrap();
    ws.write_string_with_format(0, 0, s.cols[0], &bold)?;
    for (i, (_, name)) in cities.iter().enumerate() {
        let c = 1 + 2 * i as u16;
        ws.write_string_with_format(0, c, s.city_rate.fill([name]), &bold)?;
        ws.write_string_with_format(0, c + 1, s.city_overdue.fill([name]), &bold)?;
        ws.set_column_width(c, 16)?;
        ws.set_column_width(c + 1, 16)?;
    }
    ws.set_column_width(0, 10)?;
    for (m, month) in months.iter().enumerate() {
        let row = 1 + m as u32;
        ws.write_string(row, 0, month)?;
        for (_, r) in reports.iter().filter(|(_, r)| &r.month == month) {
            let Some(i) = cities.iter().position(|(k, _)| *k == fold(r.city.trim())) else {
                continue;
            };
            let c = 1 + 2 * i as u16;
            if let Some(rate) = on_time_rate(&r.figures.tasks) {
                ws.write_number(row, c, f64::from(rate))?;
            }
            ws.write_number(row, c + 1, r.figures.tasks.overdue as f64)?;
        }
    }
    ws.set_freeze_panes(1, 1)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    if !months.is_empty() && !cities.is_empty() {
        let (first, last) = (1, months.len() as u32);
        let mut chart = Chart::new(ChartType::Line);
        for i in 0..cities.len() {
            let c = 1 + 2 * i as u16;
            chart
                .add_series()
                .set_name((s.cities_sheet, 0, c))
                .set_categories((s.cities_sheet, first, 0, last, 0))
                .set_values((s.cities_sheet, first, c, last, c));
        }
        chart.title().set_name(s.cities_chart);
        chart.y_axis().set_min(0).set_max(100);
        chart.set_width(900).set_height(380);
        ws.insert_chart(last + 3, 0, &chart)?;
    }
    Ok(())
}
