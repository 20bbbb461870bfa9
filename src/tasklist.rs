//! `shtab tasks`: the Tasks tab's query for scripts and cron, written as a table, CSV,
//! JSON or an .xlsx workbook. Rows are read in one statement, in the query's order.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::domain::date;
use crate::domain::query::{self, Query, quoted};
use crate::domain::tasks::days_left;
use crate::domain::work::{TaskState, TaskStatus, task_state};
use crate::i18n::{Lang, papers};
use crate::screens::tasks::{origin_label, query_error_text};
use crate::store::{Origin, QueryContext, Store, TaskRow};

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

/// Every task the query selects, in its order, in one statement: read page by page, a
/// search ran its full-text match and sort again for every page.
pub fn rows(store: &Store, q: &Query, cx: &QueryContext) -> crate::store::Result<Vec<TaskRow>> {
    store.tasks_all(q, cx)
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

/// A status in words of `lang`.
fn status_word(status: TaskStatus, lang: Lang) -> &'static str {
    let i = TaskStatus::ALL
        .iter()
        .position(|s| *s == status)
        .unwrap_or(0);
    lang.strings().tasks.statuses[i]
}

/// The state in words: overdue, or the stored status.
fn state_word(r: &TaskRow, today: NaiveDate, lang: Lang) -> &'static str {
    match task_state(r.status, r.deadline, today) {
        TaskState::Overdue { .. } => lang.strings().tasks.overdue,
        TaskState::Stored(s) => status_word(s, lang),
    }
}

fn org_name(o: &crate::store::OrgName, lang: Lang) -> &str {
    if lang == Lang::Ru && !o.ru.is_empty() {
        &o.ru
    } else {
        &o.ky
    }
}

/// The language of a list: `--lang`, else the UI language this login chose (F2), else the
/// locale.
pub fn list_lang(store: &Store, arg: Option<Lang>) -> Lang {
    arg.or_else(|| store.ui_lang(&crate::store::current_user()).ok().flatten())
        .unwrap_or_else(Lang::from_env)
}

/// The columns of a task list (the JSON keys are `TaskJson`'s).
pub fn head(lang: Lang) -> [&'static str; 10] {
    papers::strings(lang).task_cols
}

fn cells(r: &TaskRow, today: NaiveDate, lang: Lang) -> [String; 10] {
    [
        r.id.to_string(),
        origin_label(&r.origin, lang.strings().tasks),
        r.text.clone(),
        org_name(&r.executor, lang).to_string(),
        r.co_executors
            .iter()
            .map(|c| org_name(c, lang))
            .collect::<Vec<_>>()
            .join("; "),
        date::format(r.deadline),
        days_left(r.status, r.deadline, today).map_or(String::new(), |d| d.to_string()),
        state_word(r, today, lang).to_string(),
        status_word(r.status, lang).to_string(),
        r.controller.clone(),
    ]
    // Names and texts come from the database: no control or bidi character reaches a
    // terminal or a spreadsheet through a cell.
    .map(|c| crate::domain::text::sanitize(&c).into_owned())
}

/// One cell of the table: its text, cleaned (borrowed when already clean, as nearly all
/// are), and its width on a terminal.
fn table_cell(text: Cow<'_, str>) -> (Cow<'_, str>, usize) {
    if let Some(w) = plain_width(&text) {
        return (text, w);
    }
    let t = if crate::domain::text::is_clean(&text) {
        text
    } else {
        Cow::Owned(crate::domain::text::sanitize(&text).into_owned())
    };
    let w = width(&t);
    (t, w)
}

/// The width of a text of printable ASCII and Cyrillic letters only (one column each, none
/// unsafe: most cells), in one pass over the bytes; `None` for any other text.
fn plain_width(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    // Without an early exit, so that the loop runs on many bytes at once.
    let (ok, chars, d2) = b.iter().fold((true, 0usize, false), |(ok, n, d2), &x| {
        let fits = matches!(x, 0x20..=0x7E | 0x80..=0xBF | 0xD0..=0xD3);
        (
            ok & fits,
            n + usize::from(x & 0xC0 != 0x80),
            d2 | (x == 0xD2),
        )
    });
    if !ok {
        return None;
    }
    // U+0480–U+04BF are letters, but for the combining marks U+0483–U+0489.
    if d2
        && b.windows(2)
            .any(|w| w[0] == 0xD2 && matches!(w[1], 0x83..=0x89))
    {
        return None;
    }
    Some(chars)
}

/// The width of a clean text on a terminal; ASCII and Cyrillic letters (one column each)
/// are counted without a table lookup.
fn width(s: &str) -> usize {
    use unicode_width::UnicodeWidthChar;
    s.chars()
        .map(|c| match c as u32 {
            0x20..=0x7E | 0x400..=0x482 | 0x48A..=0x4FF => 1,
            _ => c.width().unwrap_or(0),
        })
        .sum()
}

/// dd.mm.yyyy, as [`date::format`], without the formatter's parsing of its pattern.
fn day_text(d: NaiveDate) -> String {
    // The formatter writes a sign before years beyond four digits.
    if !(0..=9999).contains(&d.year()) {
        return date::format(d);
    }
    format!("{:02}.{:02}.{:04}", d.day(), d.month(), d.year())
}

/// Spaces to pad a cell with, a slice at a time.
const SPACES: &str = "                                                                ";

fn pad(out: &mut String, mut n: usize) {
    while n > 0 {
        let k = n.min(SPACES.len());
        out.push_str(&SPACES[..k]);
        n -= k;
    }
}

/// One line of the table, as [`table`] writes it: the number and the days left aligned
/// right, the last cell not padded, the line's end trimmed.
fn table_line(out: &mut String, cells: [(&str, usize); 7], widths: &[usize; 7]) {
    let start = out.len();
    for (i, (cell, cw)) in cells.iter().enumerate() {
        if i > 0 {
            out.push_str("  ");
        }
        let gap = widths[i] - cw;
        if i == 0 || i == 4 {
            pad(out, gap);
            out.push_str(cell);
        } else {
            out.push_str(cell);
            if i + 1 < cells.len() {
                pad(out, gap);
            }
        }
    }
    let kept = out[start..].trim_end().len();
    out.truncate(start + kept);
    out.push('\n');
}

/// The width of an ASCII number's text.
fn digits(n: i64) -> usize {
    let sign = usize::from(n < 0);
    sign + n
        .unsigned_abs()
        .checked_ilog10()
        .map_or(1, |d| d as usize + 1)
}

/// [`day_text`], added to `out` digit by digit (no formatter).
fn push_day(out: &mut String, d: NaiveDate) {
    let two = |out: &mut String, n: u32| {
        out.push(char::from(b'0' + (n / 10 % 10) as u8));
        out.push(char::from(b'0' + (n % 10) as u8));
    };
    match u32::try_from(d.year()) {
        Ok(y) if y <= 9999 => {
            two(out, d.day());
            out.push('.');
            two(out, d.month());
            out.push('.');
            two(out, y / 100);
            two(out, y % 100);
        }
        _ => out.push_str(&day_text(d)),
    }
}

/// The width of [`day_text`]'s text.
fn day_width(d: NaiveDate) -> usize {
    if (0..=9999).contains(&d.year()) {
        10
    } else {
        day_text(d).len()
    }
}

/// What the second pass of [`table_listed`] needs of a row, found in the first.
struct PerRow {
    /// The row's place in the listing.
    n: u32,
    /// Its origin's and executor's cells.
    origin: u32,
    executor: u32,
    /// Its state's place in the states' cells.
    state: u32,
    days: Option<i64>,
}

/// A map by small keys of our own (ids), hashed fast rather than with SipHash.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// A cell's text followed by the spaces that fill its column (`width` columns), made once
/// for cells many rows share.
fn padded(text: &str, w: usize, width: usize) -> String {
    let mut s = String::with_capacity(text.len() + width.saturating_sub(w));
    s.push_str(text);
    pad(&mut s, width.saturating_sub(w));
    s
}

/// A listed task's decision and measure ids (what its origin is made of).
type OriginIds = (Option<i64>, Option<i64>);

/// The table of [`table`] for a [`Listed`], written to `w` in two passes — the widths,
/// then the lines through a small buffer — with no cell kept per row: each executor's,
/// origin's and state's cell is made once, padded to its column; a clean text (nearly all)
/// is borrowed.
pub fn table_listed(
    l: &crate::store::Listed,
    today: NaiveDate,
    lang: Lang,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    const COLS: [usize; 7] = [0, 1, 3, 5, 6, 7, 2];
    let h = head(lang);
    let head: [(Cow<str>, usize); 7] = COLS.map(|c| table_cell(Cow::Owned(h[c].to_uppercase())));
    let mut widths = head.each_ref().map(|c| c.1);
    // Per row: its index, its origin's and executor's cell (indices into `made`), its
    // text's width.
    let mut made: Vec<(Cow<str>, usize)> = Vec::new();
    // The column of each made cell: 1 (origin) or 2 (executor).
    let mut made_col: Vec<usize> = Vec::new();
    let mut origins: FastMap<OriginIds, usize> = FastMap::default();
    let mut executors: FastMap<i64, usize> = FastMap::default();
    let mut cleaned: FastMap<usize, String> = FastMap::default();
    let mut per_row: Vec<PerRow> = Vec::with_capacity(l.rows.len());
    // The state's cell, made once for each of the few states.
    let states: Vec<(Cow<str>, usize)> = TaskStatus::ALL
        .iter()
        .map(|s| status_word(*s, lang))
        .chain([lang.strings().tasks.overdue])
        .map(|w| table_cell(Cow::Borrowed(w)))
        .collect();
    // The last origin's ids and cell: rows of one protocol point often follow each other.
    let mut last_origin: Option<(OriginIds, usize)> = None;
    for (n, r) in l.rows.iter().enumerate() {
        let executor = match executors.get(&r.executor_id) {
            Some(&i) => i,
            None => {
                let Some(exec) = l.executor(r) else {
                    continue;
                };
                made.push(table_cell(Cow::Borrowed(org_name(exec, lang))));
                made_col.push(2);
                executors.insert(r.executor_id, made.len() - 1);
                made.len() - 1
            }
        };
        let ids = l.origin_ids(r);
        let origin = match last_origin {
            Some((last, i)) if last == ids => i,
            _ => {
                let i = *origins.entry(ids).or_insert_with(|| {
                    let label = origin_label(&l.origin(r), lang.strings().tasks);
                    let (t, w) = table_cell(Cow::Owned(label));
                    made.push((Cow::Owned(t.into_owned()), w));
                    made_col.push(1);
                    made.len() - 1
                });
                last_origin = Some((ids, i));
                i
            }
        };
        // The text is the last column, never padded: its width changes nothing, and a
        // clean text (nearly all) is not read here at all.
        let text_w = if l.text_is_clean(r) {
            0
        } else {
            let (t, w) = table_cell(Cow::Borrowed(l.text(r)));
            if let Cow::Owned(t) = t {
                cleaned.insert(n, t);
            }
            w
        };
        let days = days_left(r.status, r.deadline, today);
        let state_i = listed_state(r, today);
        let state = states[state_i].1;
        let row = [
            digits(r.id),
            made[origin].1,
            made[executor].1,
            day_width(r.deadline),
            days.map_or(0, digits),
            state,
            text_w,
        ];
        for (w, cw) in widths.iter_mut().zip(row) {
            *w = (*w).max(cw);
        }
        // Fewer than 2^32 rows and cells: a listing is held in memory whole.
        per_row.push(PerRow {
            n: n as u32,
            origin: origin as u32,
            executor: executor as u32,
            state: state_i as u32,
            days,
        });
    }
    let mut out = String::with_capacity(1 << 16);
    table_line(
        &mut out,
        head.each_ref().map(|(t, w)| (t.as_ref(), *w)),
        &widths,
    );
    // The shared cells with their padding and the gap after them: a line is then a few
    // copies (the text, the last column, is never padded).
    let made: Vec<String> = made
        .iter()
        .zip(&made_col)
        .map(|((t, cw), &col)| padded(t, *cw, widths[col] + 2))
        .collect();
    let states: Vec<String> = states
        .iter()
        .map(|(t, cw)| padded(t, *cw, widths[5] + 2))
        .collect();
    let (mut ids, mut dayss) = (itoa::Buffer::new(), itoa::Buffer::new());
    for PerRow {
        n,
        origin,
        executor,
        state,
        days,
    } in per_row
    {
        let r = &l.rows[n as usize];
        let start = out.len();
        let id = ids.format(r.id);
        pad(&mut out, widths[0] - id.len());
        out.push_str(id);
        out.push_str("  ");
        out.push_str(&made[origin as usize]);
        out.push_str(&made[executor as usize]);
        let day_w = day_width(r.deadline);
        push_day(&mut out, r.deadline);
        pad(&mut out, widths[3] - day_w + 2);
        let days = days.map_or("", |d| dayss.format(d));
        pad(&mut out, widths[4] - days.len());
        out.push_str(days);
        out.push_str("  ");
        out.push_str(&states[state as usize]);
        let text = cleaned
            .get(&(n as usize))
            .map_or_else(|| l.text(r), String::as_str);
        out.push_str(text);
        // As [`table_line`]: the line's end trimmed (an empty or spaced text).
        let kept = out[start..].trim_end().len();
        out.truncate(start + kept);
        out.push('\n');
        if out.len() > (1 << 16) - 4096 {
            w.write_all(out.as_bytes())?;
            out.clear();
        }
    }
    w.write_all(out.as_bytes())?;
    w.flush()
}

/// The state of a listed row, as [`state_word`] says it: its status's place in
/// `TaskStatus::ALL`, or one past the last for overdue.
fn listed_state(r: &crate::store::ListedRow, today: NaiveDate) -> usize {
    match task_state(r.status, r.deadline, today) {
        TaskState::Overdue { .. } => TaskStatus::ALL.len(),
        TaskState::Stored(s) => TaskStatus::ALL.iter().position(|x| *x == s).unwrap_or(0),
    }
}

/// The byte-order mark that tells Excel the file is UTF-8.
pub const BOM: &str = "\u{feff}";

/// A CSV file Excel opens by double click in a Kyrgyz or Russian locale: UTF-8 with a
/// byte-order mark, `;` between fields, CRLF line ends.
pub fn csv_text(
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> Result<String, ::csv::Error> {
    let head = header.iter().map(|h| h.to_string()).collect();
    let body = crate::domain::csv::write(std::iter::once(head).chain(rows), b';', true)?;
    Ok(format!("{BOM}{body}"))
}

pub fn csv(rows: &[TaskRow], today: NaiveDate, lang: Lang) -> Result<String, ::csv::Error> {
    csv_text(
        &head(lang),
        rows.iter().map(|r| cells(r, today, lang).to_vec()),
    )
}

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

/// The task list's column widths (characters).
const WIDTHS: [f64; 10] = [8.0, 18.0, 60.0, 32.0, 28.0, 12.0, 10.0, 16.0, 18.0, 24.0];

/// How many lines `text` takes in a wrapped column `width` characters wide (words kept
/// whole, as the spreadsheet wraps them).
fn wrapped_lines(text: &str, width: f64) -> usize {
    let room = (width - 1.0).max(4.0) as usize;
    let (mut lines, mut used) = (1, 0);
    for w in text.split_whitespace() {
        let n = w.chars().count();
        if used > 0 && used + 1 + n > room {
            lines += 1;
            used = n;
        } else {
            used += n + usize::from(used > 0);
        }
    }
    lines
}

/// Print setup of a list: A4 landscape, one page wide, the header row on every page.
fn print_setup(sheet: &mut rust_xlsxwriter::Worksheet) -> Result<(), String> {
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    sheet.set_repeat_rows(0, 0).map_err(|e| e.to_string())?;
    Ok(())
}

fn excel_date(d: NaiveDate) -> Result<rust_xlsxwriter::ExcelDateTime, String> {
    rust_xlsxwriter::ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
        .map_err(|e| e.to_string())
}

/// A workbook with one sheet in `lang`: a bold wrapped header row with filters, frozen
/// under it, the deadline as a real date (dd.mm.yyyy), days left as a number, every column
/// sized, printed landscape one page wide.
pub fn xlsx(rows: &[TaskRow], today: NaiveDate, lang: Lang, path: &Path) -> Result<(), String> {
    use rust_xlsxwriter::{Format as XFormat, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let head = head(lang);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .set_name(papers::strings(lang).sheet_tasks)
        .map_err(err)?;
    let bold = XFormat::new().set_bold().set_text_wrap();
    let wrap = XFormat::new().set_text_wrap();
    let date = XFormat::new().set_num_format("dd.mm.yyyy");
    for (c, h) in head.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(err)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        let c = cells(r, today, lang);
        sheet.write_number(row, 0, r.id as f64).map_err(err)?;
        for col in [1usize, 2, 3, 4, 7, 8, 9] {
            sheet
                .write_string_with_format(row, col as u16, &c[col], &wrap)
                .map_err(err)?;
        }
        sheet
            .write_date_with_format(row, 5, &excel_date(r.deadline)?, &date)
            .map_err(err)?;
        if let Some(n) = days_left(r.status, r.deadline, today) {
            sheet.write_number(row, 6, n as f64).map_err(err)?;
        }
        // Wrapped cells need their height said: not every program fits it on opening.
        let lines = c
            .iter()
            .zip(WIDTHS)
            .map(|(text, w)| wrapped_lines(text, w))
            .max()
            .unwrap_or(1);
        sheet
            .set_row_height(row, 15.0 * lines as f64)
            .map_err(err)?;
    }
    sheet
        .autofilter(0, 0, rows.len() as u32, head.len() as u16 - 1)
        .map_err(err)?;
    sheet.set_freeze_panes(1, 0).map_err(err)?;
    let header_lines = head
        .iter()
        .zip(WIDTHS)
        .map(|(h, w)| wrapped_lines(h, w))
        .max();
    sheet
        .set_row_height(0, 15.0 * header_lines.unwrap_or(1) as f64)
        .map_err(err)?;
    let widths = WIDTHS;
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, *width).map_err(err)?;
    }
    print_setup(sheet)?;
    book.save(path).map_err(err)
}

/// The columns of `shtab compliance`, in order: the JSON keys (stable for scripts).
pub const COMPLIANCE_KEYS: &[&str] = &[
    "organization_id",
    "organization",
    "organization_ru",
    "kind",
    "assigned",
    "done_on_time",
    "done_late",
    "cancelled",
    "open",
    "overdue_now",
    "extensions",
    "on_time_percent",
    "oldest_overdue_days",
    "overdue_months_of_last_6",
    "repeat_failure",
    "stage",
    "stage_date",
    "next_step",
];

/// A cell of the compliance list in `lang`: kinds, stages and steps in words, yes/no,
/// dates as dd.mm.yyyy.
fn compliance_cell(key: &str, v: &serde_json::Value, lang: Lang) -> String {
    use crate::domain::OrgKind;
    use crate::domain::work::EscalationStep;
    let s = lang.strings();
    let step = |code: &str| {
        EscalationStep::ALL
            .iter()
            .position(|x| x.code() == code)
            .map_or(code.to_string(), |i| s.compliance.steps[i].to_string())
    };
    match (key, v) {
        ("kind", serde_json::Value::String(k)) => {
            OrgKind::from_code(k).map_or(k.clone(), |x| s.kinds[x.index()].to_string())
        }
        ("stage" | "next_step", serde_json::Value::String(c)) => step(c),
        ("stage_date", serde_json::Value::String(d)) => {
            NaiveDate::parse_from_str(d, "%Y-%m-%d").map_or(d.clone(), date::format)
        }
        (_, serde_json::Value::Bool(b)) => {
            papers::strings(lang).yes_no[usize::from(!*b)].to_string()
        }
        (_, serde_json::Value::Number(n)) => n.to_string(),
        (_, serde_json::Value::String(t)) => t.clone(),
        _ => String::new(),
    }
}

/// The compliance list as CSV in `lang` (see [`csv_text`]).
pub fn compliance_csv(rows: &[serde_json::Value], lang: Lang) -> Result<String, ::csv::Error> {
    csv_text(
        &papers::strings(lang).compliance_cols,
        rows.iter().map(|r| {
            COMPLIANCE_KEYS
                .iter()
                .map(|k| compliance_cell(k, &r[*k], lang))
                .collect()
        }),
    )
}

/// The compliance list as a terminal table in `lang`: the headers of the papers, the
/// organization's name in the language (elided with "…" past 40 columns), numbers at the
/// right, stages and steps in words.
pub fn compliance_table(rows: &[serde_json::Value], lang: Lang) -> String {
    use unicode_width::UnicodeWidthStr;
    let head = papers::strings(lang).compliance_cols;
    let name_key = if lang == Lang::Ru {
        "organization_ru"
    } else {
        "organization"
    };
    // (key, header index, at the right)
    let cols: [(&str, usize, bool); 11] = [
        (name_key, 1, false),
        ("assigned", 4, true),
        ("done_on_time", 5, true),
        ("done_late", 6, true),
        ("open", 8, true),
        ("overdue_now", 9, true),
        ("extensions", 10, true),
        ("on_time_percent", 11, true),
        ("oldest_overdue_days", 12, true),
        ("stage", 15, false),
        ("next_step", 17, false),
    ];
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            cols.iter()
                .map(|(k, _, _)| match &r[*k] {
                    serde_json::Value::Null => "–".to_string(),
                    v if *k == name_key => {
                        crate::widgets::form::elide(&compliance_cell(k, v, lang), 40)
                    }
                    v => compliance_cell(k, v, lang),
                })
                .collect()
        })
        .collect();
    let widths: Vec<usize> = cols
        .iter()
        .enumerate()
        .map(|(c, (_, h, _))| {
            cells
                .iter()
                .map(|row| row[c].width())
                .chain([head[*h].width()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |values: Vec<&str>| {
        let mut out = String::new();
        for (c, v) in values.iter().enumerate() {
            let pad = " ".repeat(widths[c].saturating_sub(v.width()));
            if c > 0 {
                out.push_str("  ");
            }
            if cols[c].2 {
                out.push_str(&pad);
                out.push_str(v);
            } else {
                out.push_str(v);
                if c + 1 < values.len() {
                    out.push_str(&pad);
                }
            }
        }
        out.trim_end().to_string() + "\n"
    };
    let mut t = line(cols.iter().map(|(_, h, _)| head[*h]).collect());
    for row in &cells {
        t.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    t
}

/// The compliance list as a workbook in `lang`: one sheet, a bold frozen header with
/// filters, numbers as numbers, the stage's date as a date, sized columns, print setup.
pub fn compliance_xlsx(rows: &[serde_json::Value], lang: Lang, path: &Path) -> Result<(), String> {
    use rust_xlsxwriter::{Format as XFormat, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let head = papers::strings(lang).compliance_cols;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .set_name(papers::strings(lang).sheet_compliance)
        .map_err(err)?;
    let bold = XFormat::new().set_bold().set_text_wrap();
    let date = XFormat::new().set_num_format("dd.mm.yyyy");
    for (c, h) in head.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(err)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        for (c, k) in COMPLIANCE_KEYS.iter().enumerate() {
            let col = c as u16;
            match &r[*k] {
                serde_json::Value::Number(n) => {
                    sheet
                        .write_number(row, col, n.as_f64().unwrap_or(0.0))
                        .map_err(err)?;
                }
                serde_json::Value::String(d) if *k == "stage_date" => {
                    if let Ok(day) = NaiveDate::parse_from_str(d, "%Y-%m-%d") {
                        sheet
                            .write_date_with_format(row, col, &excel_date(day)?, &date)
                            .map_err(err)?;
                    }
                }
                serde_json::Value::Null => {}
                v => {
                    sheet
                        .write_string(row, col, compliance_cell(k, v, lang))
                        .map_err(err)?;
                }
            }
        }
    }
    sheet
        .autofilter(0, 0, rows.len() as u32, head.len() as u16 - 1)
        .map_err(err)?;
    sheet.set_freeze_panes(1, 0).map_err(err)?;
    for c in 0..head.len() {
        let w = match c {
            1 | 2 => 40.0,
            3 | 15 | 17 => 22.0,
            _ => 12.0,
        };
        sheet.set_column_width(c as u16, w).map_err(err)?;
    }
    sheet.set_row_height(0, 45).map_err(err)?;
    print_setup(sheet)?;
    book.save(path).map_err(err)
}

/// Write `bytes` to a new file (never over an existing one).
pub fn write_file(bytes: &[u8], p: &Path) -> std::io::Result<()> {
    crate::docs::write_bytes_new(p, bytes).map_err(|e| std::io::Error::other(e.to_string()))
}

/// Write `text` to the file (never over an existing one), or to standard output.
pub fn write_text(text: &str, out: Option<&Path>) -> std::io::Result<()> {
    match out {
        Some(p) => write_file(text.as_bytes(), p),
        None => {
            let mut o = std::io::stdout().lock();
            o.write_all(text.as_bytes())?;
            o.flush()
        }
    }
}

#[cfg(test)]
#[path = "tasklist_tests.rs"]
mod tests;
