//! `shtab tasks`: the Tasks tab's query for scripts and cron, written as a table, CSV,
//! JSON or an .xlsx workbook. Rows are read a page at a time, by key, like the tab does.

use std::io::Write;
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::domain::query::{self, Query, quoted};
use crate::domain::tasks::days_left;
use crate::domain::work::{TaskState, task_state};
use crate::i18n::Lang;
use crate::screens::tasks::{origin_label, query_error_text};
use crate::store::{Origin, Page, QueryContext, Store, TaskRow};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Json,
    Xlsx,
}

/// The flags that add to the query (each is the same as a term of the query line).
#[derive(Debug, Clone, Default)]
pub struct Flags {
    pub overdue: bool,
    pub org: Option<String>,
    pub kind: Option<String>,
    pub status: Option<String>,
    pub due_within: Option<u32>,
    pub search: Option<String>,
}

/// The query line the arguments and flags make together.
pub fn query_text(args: &[String], f: &Flags) -> String {
    let mut parts: Vec<String> = args.to_vec();
    if f.overdue {
        parts.push("status:overdue".into());
    }
    if let Some(o) = &f.org {
        parts.push(format!("org:{}", quoted(o)));
    }
    if let Some(k) = &f.kind {
        parts.push(format!("kind:{}", quoted(k)));
    }
    if let Some(s) = &f.status {
        parts.push(format!("status:{}", quoted(s)));
    }
    if let Some(d) = f.due_within {
        parts.push(format!("due:<{d}d"));
    }
    if let Some(s) = &f.search {
        parts.push(s.clone());
    }
    parts.join(" ")
}

/// Parse the query, or say in one line what is wrong with it.
pub fn parse(text: &str) -> Result<Query, String> {
    query::parse(text).map_err(|e| {
        let bad: String = text
            .chars()
            .skip(e.start)
            .take(e.end.saturating_sub(e.start))
            .collect();
        format!(
            "bad query {text:?} at {bad:?}: {}",
            query_error_text(&e, Lang::En.strings())
        )
    })
}

/// Every task the query selects, in its order, read page by page.
pub fn rows(store: &Store, q: &Query, cx: &QueryContext) -> crate::store::Result<Vec<TaskRow>> {
    const PAGE: usize = 2000;
    let mut out: Vec<TaskRow> = Vec::new();
    let mut page = Page::First;
    loop {
        let rows = store.tasks_page(q, cx, page, PAGE)?;
        let full = rows.len() == PAGE;
        match rows.last() {
            Some(last) => page = Page::After(last.key()),
            None => break,
        }
        out.extend(rows);
        if !full {
            break;
        }
    }
    Ok(out)
}

/// The state a reader sees: "overdue" when an open task's deadline has passed.
fn state(r: &TaskRow, today: NaiveDate) -> &'static str {
    match task_state(r.status, r.deadline, today) {
        TaskState::Overdue { .. } => "overdue",
        TaskState::Stored(s) => s.code(),
    }
}

fn origin(r: &TaskRow) -> String {
    origin_label(&r.origin, Lang::En.strings().tasks)
}

fn co_executors(r: &TaskRow) -> String {
    r.co_executors
        .iter()
        .map(|c| c.ky.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

const HEAD: [&str; 10] = [
    "id",
    "origin",
    "text",
    "executor",
    "co_executors",
    "deadline",
    "days_left",
    "state",
    "status",
    "controller",
];

fn cells(r: &TaskRow, today: NaiveDate) -> [String; 10] {
    [
        r.id.to_string(),
        origin(r),
        r.text.clone(),
        r.executor.ky.clone(),
        co_executors(r),
        r.deadline.format("%Y-%m-%d").to_string(),
        days_left(r.status, r.deadline, today).map_or(String::new(), |d| d.to_string()),
        state(r, today).to_string(),
        r.status.code().to_string(),
        r.controller.clone(),
    ]
}

/// Columns padded by display width; the task's text last, so it may run on.
pub fn table(rows: &[TaskRow], today: NaiveDate) -> String {
    use unicode_width::UnicodeWidthStr;
    const COLS: [usize; 7] = [0, 1, 3, 5, 6, 7, 2];
    let head: Vec<String> = COLS.iter().map(|c| HEAD[*c].to_uppercase()).collect();
    let mut lines: Vec<Vec<String>> = vec![head];
    for r in rows {
        let c = cells(r, today);
        lines.push(COLS.iter().map(|i| c[*i].clone()).collect());
    }
    let widths: Vec<usize> = (0..COLS.len())
        .map(|i| lines.iter().map(|l| l[i].width()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for l in &lines {
        let mut line = String::new();
        for (i, cell) in l.iter().enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            let pad = " ".repeat(widths[i] - cell.width());
            // Numbers to the right.
            if i == 0 || i == 4 {
                line.push_str(&pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                if i + 1 < l.len() {
                    line.push_str(&pad);
                }
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// RFC 4180: a header line, then one line per task; dates ISO.
pub fn csv(rows: &[TaskRow], today: NaiveDate) -> String {
    let mut out = HEAD.join(",");
    out.push_str("\r\n");
    for r in rows {
        let line: Vec<String> = cells(r, today).iter().map(|c| csv_field(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// One task as `--format json` writes it; the keys are a stable interface.
#[derive(serde::Serialize)]
pub struct TaskJson {
    pub id: i64,
    pub origin: String,
    /// "protocol", "measure" or null.
    pub origin_kind: Option<&'static str>,
    pub protocol: Option<String>,
    pub point: Option<String>,
    pub measure: Option<String>,
    pub text: String,
    pub executor: String,
    pub executor_ru: String,
    pub co_executors: Vec<String>,
    /// ISO, YYYY-MM-DD.
    pub deadline: String,
    pub days_left: Option<i64>,
    /// The status, or "overdue" when an open task's deadline has passed.
    pub state: &'static str,
    pub status: &'static str,
    pub controller: String,
    pub extensions: i64,
    pub created_at: String,
    pub closed_at: Option<String>,
}

pub fn json(rows: &[TaskRow], today: NaiveDate) -> serde_json::Result<String> {
    let list: Vec<TaskJson> = rows
        .iter()
        .map(|r| {
            let (kind, protocol, point, measure) = match &r.origin {
                Origin::Protocol {
                    number,
                    year,
                    point,
                    ..
                } => (
                    Some("protocol"),
                    Some(format!("{number}/{year}")),
                    Some(point.clone()),
                    None,
                ),
                Origin::Measure { number, .. } => {
                    (Some("measure"), None, None, Some(number.clone()))
                }
                Origin::None => (None, None, None, None),
            };
            TaskJson {
                id: r.id,
                origin: origin(r),
                origin_kind: kind,
                protocol,
                point,
                measure,
                text: r.text.clone(),
                executor: r.executor.ky.clone(),
                executor_ru: r.executor.ru.clone(),
                co_executors: r.co_executors.iter().map(|c| c.ky.clone()).collect(),
                deadline: r.deadline.format("%Y-%m-%d").to_string(),
                days_left: days_left(r.status, r.deadline, today),
                state: state(r, today),
                status: r.status.code(),
                controller: r.controller.clone(),
                extensions: r.extensions,
                created_at: r.created_at.clone(),
                closed_at: r.closed_at.clone(),
            }
        })
        .collect();
    Ok(serde_json::to_string_pretty(&list)? + "\n")
}

/// A workbook with one sheet: a bold header row with filters, frozen under it, the
/// deadline as a real date (dd.mm.yyyy), days left as a number.
pub fn xlsx(rows: &[TaskRow], today: NaiveDate, path: &Path) -> Result<(), String> {
    use rust_xlsxwriter::{ExcelDateTime, Format as XFormat, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Tasks").map_err(err)?;
    let bold = XFormat::new().set_bold();
    let date = XFormat::new().set_num_format("dd.mm.yyyy");
    for (c, h) in HEAD.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(err)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        let c = cells(r, today);
        sheet.write_number(row, 0, r.id as f64).map_err(err)?;
        for col in [1usize, 2, 3, 4, 7, 8, 9] {
            sheet.write_string(row, col as u16, &c[col]).map_err(err)?;
        }
        let d = ExcelDateTime::from_ymd(
            r.deadline.year() as u16,
            r.deadline.month() as u8,
            r.deadline.day() as u8,
        )
        .map_err(err)?;
        sheet
            .write_date_with_format(row, 5, &d, &date)
            .map_err(err)?;
        if let Some(n) = days_left(r.status, r.deadline, today) {
            sheet.write_number(row, 6, n as f64).map_err(err)?;
        }
    }
    sheet
        .autofilter(0, 0, rows.len() as u32, HEAD.len() as u16 - 1)
        .map_err(err)?;
    sheet.set_freeze_panes(1, 0).map_err(err)?;
    for (col, width) in [
        (1u16, 18.0),
        (2, 60.0),
        (3, 32.0),
        (4, 32.0),
        (5, 12.0),
        (9, 28.0),
    ] {
        sheet.set_column_width(col, width).map_err(err)?;
    }
    book.save(path).map_err(err)
}

/// Write `text` to the file, or to standard output.
pub fn write_text(text: &str, out: Option<&Path>) -> std::io::Result<()> {
    match out {
        Some(p) => std::fs::write(p, text),
        None => {
            let mut o = std::io::stdout().lock();
            o.write_all(text.as_bytes())?;
            o.flush()
        }
    }
}
