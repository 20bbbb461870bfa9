//! The monthly report to the Republican HQ as a paper (a letter with tables, ky/ru) and as a
//! workbook (a sheet per table); the national view of many cities as a workbook.

use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

use super::{Align, DocsError, Document, Run};
use crate::domain::date;
use crate::domain::report::{Consolidated, Figures, Month, MonthlyReport, Narratives};
use crate::domain::work::EscalationStep;
use crate::domain::{OrgKind, Role, names};
use crate::i18n::papers;
use crate::i18n::{Lang, Strings};
use crate::store::{Store, StoreError};

/// Measures a report paper would name without a title in the paper's language: the paper is
/// refused (a paper is wholly in one language; the other language's title is never put in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UntitledMeasures {
    /// Their numbers, in the report's order.
    pub numbers: Vec<String>,
    /// The paper's language: Russian, or Kyrgyz.
    pub russian: bool,
    /// The report is issued (frozen): the titles cannot be added to it, only to a correction.
    pub issued: bool,
}

/// How many numbers the refusal lists before "…".
const LISTED: usize = 10;

impl UntitledMeasures {
    /// The refusal in one line, in `ui`'s language: which measures and how to fix it.
    pub fn text(&self, ui: Lang) -> String {
        let p = ui.strings().plan;
        let mut list = self
            .numbers
            .iter()
            .take(LISTED)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if self.numbers.len() > LISTED {
            list.push_str(&format!(" … (+{})", self.numbers.len() - LISTED));
        }
        let t = match (self.russian, self.issued) {
            (true, false) => &p.untitled_ru_draft,
            (false, false) => &p.untitled_ky_draft,
            (true, true) => &p.untitled_ru_issued,
            (false, true) => &p.untitled_ky_issued,
        };
        t.fill([&list])
    }
}

/// The narrative is written only in the other language than the paper's: the paper is
/// refused rather than printed without it (or with the other language's text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NarrativeMissing {
    /// The paper's language: Russian, or Kyrgyz.
    pub russian: bool,
    /// The report is issued (frozen): only a correction can carry the narrative.
    pub issued: bool,
}

impl NarrativeMissing {
    /// The refusal in one line, in `ui`'s language: how to fix it.
    pub fn text(&self, ui: Lang) -> String {
        let p = ui.strings().plan;
        match (self.russian, self.issued) {
            (true, false) => p.narrative_missing_ru_draft,
            (false, false) => p.narrative_missing_ky_draft,
            (true, true) => p.narrative_missing_ru_issued,
            (false, true) => p.narrative_missing_ky_issued,
        }
        .to_string()
    }
}

/// Why a report paper cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum PaperError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Said in the paper's language where no other is known (the command line).
    #[error("{}", .0.text(if .0.russian { Lang::Ru } else { Lang::Ky }))]
    Untitled(UntitledMeasures),
    /// Said in the paper's language where no other is known (the command line).
    #[error("{}", .0.text(if .0.russian { Lang::Ru } else { Lang::Ky }))]
    Narrative(NarrativeMissing),
}

impl PaperError {
    /// The refusal in the user's language when the user can fix it (one line), else `None`.
    pub fn refusal(&self, ui: Lang) -> Option<String> {
        match self {
            PaperError::Untitled(u) => Some(u.text(ui)),
            PaperError::Narrative(n) => Some(n.text(ui)),
            PaperError::Store(_) => None,
        }
    }
}

/// "(label, value)" rows of the report's first table: sessions, items, hearings, decisions.
pub fn session_rows(f: &Figures, s: &Strings) -> Vec<(&'static str, i64)> {
    let p = s.plan;
    vec![
        (p.fig_sessions_regular, f.sessions_regular),
        (p.fig_sessions_extra, f.sessions_extraordinary),
        (p.fig_items, f.items_considered),
        (p.fig_orgs_heard, f.organizations_heard),
        (p.fig_decisions, f.decisions_adopted),
    ]
}

pub fn task_rows(f: &Figures, s: &Strings) -> Vec<(&'static str, i64)> {
    let p = s.plan;
    vec![
        (p.fig_given, f.tasks.given),
        (p.fig_on_time, f.tasks.done_on_time),
        (p.fig_late, f.tasks.done_late),
        (p.fig_open, f.tasks.open),
        (p.fig_overdue, f.tasks.overdue),
    ]
}

pub fn plan_rows(f: &Figures, s: &Strings) -> Vec<(&'static str, i64)> {
    let p = s.plan;
    vec![
        (p.fig_measures, f.plan.measures),
        (p.fig_done_month, f.plan.done_in_month),
        (p.fig_done_total, f.plan.done_total),
        (p.fig_measures_overdue, f.plan.overdue),
        (p.fig_at_risk, f.plan.at_risk),
    ]
}

pub fn escalation_rows(f: &Figures, s: &Strings) -> Vec<(&'static str, i64)> {
    EscalationStep::ALL
        .iter()
        .map(|step| (s.compliance.steps[*step as usize], f.escalations.get(*step)))
        .collect()
}

/// Header and rows of the table by kind of organization, with a total row.
pub fn kind_table(f: &Figures, s: &Strings) -> (Vec<&'static str>, Vec<(String, [i64; 6])>) {
    let p = s.plan;
    let header = vec![
        p.col_kind,
        p.col_heard,
        p.col_given,
        p.col_on_time,
        p.col_late,
        p.col_open,
        p.col_overdue,
    ];
    let mut rows = Vec::new();
    let mut total = [0i64; 6];
    for k in &f.by_kind {
        let name =
            OrgKind::from_code(&k.kind).map_or(k.kind.clone(), |x| s.kinds[x.index()].to_string());
        let t = &k.tasks;
        let v = [
            k.organizations_heard,
            t.given,
            t.done_on_time,
            t.done_late,
            t.open,
            t.overdue,
        ];
        for (a, b) in total.iter_mut().zip(v) {
            *a += b;
        }
        rows.push((name, v));
    }
    rows.push((p.doc_total.to_string(), total));
    (header, rows)
}

/// "ноябрь 2026" / "2026-жыл, ноябрь".
pub fn month_label(month: &str, s: &Strings) -> String {
    match Month::parse(month) {
        Some(m) => s
            .plan
            .month_label
            .fill([&s.plan.months[m.month as usize - 1], &m.year]),
        None => month.to_string(),
    }
}

/// "2026-жылдын 31-октябрына карата" (dative before карата) / "по состоянию на 31 октября
/// 2026 г.".
pub fn as_of(d: chrono::NaiveDate, lang: Lang) -> String {
    let day = match lang {
        Lang::Ky => {
            let long = date::ky_long(d);
            match long.rsplit_once('-') {
                Some((head, month)) => format!("{head}-{}", names::ky_month_case(month, true)),
                None => long,
            }
        }
        _ => long_date(d, lang),
    };
    papers::strings(lang).as_of.fill([&day])
}

fn long_date(d: chrono::NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Ky => date::ky_long(d),
        Lang::Ru => date::ru_long(d),
        Lang::En => date::format(d),
    }
}

/// Everything the paper shows besides the report: the HQ's name, the chair who signs and
/// the secretary who prepared it (in small print, with the phone).
pub struct ReportPaper<'a> {
    pub report: &'a MonthlyReport,
    pub hq_name: String,
    pub chair: String,
    pub secretary: String,
    pub secretary_phone: String,
    /// The twelve months ending with the report's: an issued report's own (none when it
    /// was issued without), a draft's as its figures stand.
    pub trend: Option<Vec<crate::domain::trend::TrendMonth>>,
}

impl<'a> ReportPaper<'a> {
    /// The HQ's name in `lang` (settings), the chair and the secretary serving on the
    /// report's day; refused when a measure it names has no title in `lang`.
    pub fn load(
        store: &Store,
        report: &'a MonthlyReport,
        lang: Lang,
    ) -> Result<ReportPaper<'a>, PaperError> {
        let russian = lang == Lang::Ru;
        let numbers = report.measures_untitled_in(russian);
        if !numbers.is_empty() {
            return Err(PaperError::Untitled(UntitledMeasures {
                numbers,
                russian,
                issued: report.issue.is_some(),
            }));
        }
        if report.narrative_only_in_other(russian) {
            return Err(PaperError::Narrative(NarrativeMissing {
                russian,
                issued: report.issue.is_some(),
            }));
        }
        let members = store.all_members()?;
        let holder = |role: Role| {
            members
                .iter()
                .find(|m| m.role == role && m.serves_on(report.as_of))
                .or_else(|| members.iter().find(|m| m.role == role && m.active))
        };
        let trend = match (&report.issue, Month::parse(&report.month)) {
            (Some(_), _) | (None, None) => report.trend.clone(),
            (None, Some(m)) => Some(
                store
                    .trend(m, crate::domain::trend::DEFAULT_MONTHS, report.as_of)?
                    .months,
            ),
        };
        Ok(ReportPaper {
            trend,
            report,
            hq_name: store.hq_name(lang)?,
            chair: holder(Role::Chair)
                .map(|m| m.full_name.clone())
                .unwrap_or_default(),
            secretary: holder(Role::Secretary)
                .map(|m| m.full_name.clone())
                .unwrap_or_default(),
            secretary_phone: holder(Role::Secretary)
                .map(|m| m.phone.clone())
                .unwrap_or_default(),
        })
    }

    pub fn document(&self, lang: Lang) -> Document {
        let s = lang.strings();
        let p = s.plan;
        let r = self.report;
        let f = &r.figures;
        let month = Month::parse(&r.month);
        let (month_name, year) = month.map_or((r.month.clone(), 0), |m| {
            (p.months[m.month as usize - 1].to_string(), m.year)
        });
        let mut doc = Document::new()
            .numbered_pages()
            .heading(1, self.hq_name.clone())
            .runs(vec![Run::bold(p.doc_to)], Align::Right);
        doc = match &r.issue {
            Some(i) => {
                let day = chrono::NaiveDate::parse_from_str(
                    i.issued_at.get(..10).unwrap_or(""),
                    "%Y-%m-%d",
                )
                .map_or(i.issued_at.clone(), |d| long_date(d, lang));
                doc.runs(
                    vec![Run::plain(
                        p.doc_number_line
                            .fill([&format!("{}/{}", i.number, i.year), &day]),
                    )],
                    Align::Left,
                )
            }
            None => doc.runs(vec![Run::bold(p.doc_draft)], Align::Left),
        };
        doc = doc
            .spacer()
            .heading(1, p.doc_title)
            .heading(2, p.doc_subtitle.fill([&month_name, &year]))
            .runs(vec![Run::italic(as_of(r.as_of, lang))], Align::Center);
        if let Some(old) = r.issue.as_ref().and_then(|i| i.replaces.as_ref()) {
            doc = doc.runs(vec![Run::bold(p.doc_replaces.fill([old]))], Align::Left);
        }
        let two = |rows: Vec<(&'static str, i64)>| -> Vec<Vec<String>> {
            rows.into_iter()
                .map(|(l, v)| vec![l.to_string(), v.to_string()])
                .collect()
        };
        doc = doc
            .spacer()
            .bold_para(p.doc_sessions)
            .table_with_widths(
                [p.col_figure, p.col_value],
                two(session_rows(f, s)),
                vec![4, 1],
            )
            .spacer()
            .bold_para(p.doc_tasks)
            .table_with_widths(
                [p.col_figure, p.col_value],
                two(task_rows(f, s)),
                vec![4, 1],
            );
        let (header, rows) = kind_table(f, s);
        doc = doc.spacer().bold_para(p.doc_by_kind).table_with_widths(
            header,
            rows.into_iter()
                .map(|(name, v)| {
                    let mut row = vec![name];
                    row.extend(v.iter().map(|n| n.to_string()));
                    row
                })
                .collect(),
            vec![4, 1, 1, 1, 1, 1, 1],
        );
        doc = doc.spacer().bold_para(p.doc_plan).table_with_widths(
            [p.col_figure, p.col_value],
            two(plan_rows(f, s)),
            vec![4, 1],
        );
        if !r.measures_at_risk.is_empty() {
            let ps = papers::strings(lang);
            let c = ps.at_risk_cols;
            doc = doc.spacer().bold_para(ps.at_risk).table_with_widths(
                [c[0], c[1], c[3]],
                r.measures_at_risk
                    .iter()
                    .map(|m| {
                        vec![
                            m.number.clone(),
                            m.title_in(lang == Lang::Ru).to_string(),
                            m.overdue_tasks.to_string(),
                        ]
                    })
                    .collect(),
                vec![1, 6, 2],
            );
        }
        let mut esc = two(escalation_rows(f, s));
        esc.push(vec![
            p.doc_total.to_string(),
            f.escalations.total().to_string(),
        ]);
        doc = doc.spacer().bold_para(p.doc_escalations).table_with_widths(
            [p.col_step, p.col_value],
            esc,
            vec![4, 1],
        );
        // The sections after the five fixed ones are numbered as they come.
        let mut section = 6;
        if let Some(t) = self.trend.as_deref().filter(|t| !t.is_empty()) {
            doc = super::trend::docx_table(doc, t, lang, section);
            section += 1;
        }
        // The paper's language's narrative only (`load` refused one written in the other only).
        let narrative = r.narrative_in(lang == Lang::Ru);
        if !narrative.trim().is_empty() {
            doc = doc
                .spacer()
                .bold_para(format!("{section}. {}", p.doc_narrative));
            for para in narrative.split('\n').filter(|l| !l.trim().is_empty()) {
                doc = doc.para(para.trim().to_string());
            }
        }
        // Signed by the head (the chair); the executor in small print at the bottom.
        let ps = papers::strings(lang);
        doc = doc
            .spacer()
            .spacer()
            .signature(ps.chair_of_hq, names::initials_first(&self.chair))
            .spacer()
            .spacer();
        if !self.secretary.is_empty() {
            doc = doc.small(ps.executed_by.fill([
                &names::initials_first(&self.secretary),
                &self.secretary_phone,
            ]));
        }
        doc
    }

    /// The workbook: a sheet per table.
    pub fn xlsx(&self, lang: Lang) -> Result<Vec<u8>, DocsError> {
        report_workbook(self.report, &self.hq_name, self.trend.as_deref(), lang)
            .map_err(|e| DocsError::Xlsx(e.to_string()))
    }
}

enum Cell {
    Text(String),
    Num(i64),
}

/// A sheet: an optional title line (city, HQ, as of), the bold header frozen under it, the
/// rows (numbers as numbers), column widths, printed landscape one page wide.
fn sheet(
    wb: &mut Workbook,
    name: &str,
    title: Option<&str>,
    header: &[&str],
    rows: &[Vec<Cell>],
    widths: &[f64],
) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold().set_text_wrap();
    // From the top: a row too short for its text would otherwise run it up over the row above.
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    let top: u32 = if let Some(t) = title {
        ws.write_string_with_format(0, 0, t, &Format::new().set_bold())?;
        2
    } else {
        0
    };
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(top, c as u16, *h, &bold)?;
    }
    // Columns without a given width fit their header's longest word.
    let widths: Vec<f64> = (0..header.len().max(widths.len()))
        .map(|c| {
            widths.get(c).copied().unwrap_or_else(|| {
                let longest = header.get(c).map_or(8, |h| {
                    h.split_whitespace()
                        .map(|w| w.chars().count())
                        .max()
                        .unwrap_or(8)
                });
                (longest as f64 + 3.0).max(10.0)
            })
        })
        .collect();
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = top + r as u32 + 1;
        let mut lines = 1;
        for (c, cell) in row.iter().enumerate() {
            match cell {
                Cell::Text(t) => {
                    ws.write_string_with_format(r, c as u16, t.as_str(), &wrap)?;
                    lines = lines.max(text_lines(t, widths.get(c).copied().unwrap_or(10.0)));
                }
                Cell::Num(n) => {
                    ws.write_number(r, c as u16, *n as f64)?;
                }
            };
        }
        // Neither Excel nor LibreOffice makes a row taller for its text when they open a
        // file: a narrative of several lines is given its height here.
        if lines > 1 {
            ws.set_row_height(r, ROW_HEIGHT * lines as f64)?;
        }
    }
    ws.set_freeze_panes(top + 1, 0)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(top, top)?;
    Ok(())
}

/// A worksheet row's height for one line of text, in points (the default font's).
const ROW_HEIGHT: f64 = 15.0;

/// How many lines `text` takes in a column `width` characters wide: each of its own lines,
/// wrapped at the width (counted a character short, as words do not fill a line).
fn text_lines(text: &str, width: f64) -> usize {
    let per_line = (width - 1.0).max(1.0) as usize;
    text.split('\n')
        .map(|l| l.chars().count().div_ceil(per_line).max(1))
        .sum()
}

fn pairs(rows: Vec<(&'static str, i64)>) -> Vec<Vec<Cell>> {
    rows.into_iter()
        .map(|(l, v)| vec![Cell::Text(l.to_string()), Cell::Num(v)])
        .collect()
}

fn kind_rows(f: &Figures, s: &Strings) -> (Vec<&'static str>, Vec<Vec<Cell>>) {
    let (header, rows) = kind_table(f, s);
    let rows = rows
        .into_iter()
        .map(|(name, v)| {
            let mut row = vec![Cell::Text(name)];
            row.extend(v.iter().map(|n| Cell::Num(*n)));
            row
        })
        .collect();
    (header, rows)
}

fn summary_rows(f: &Figures, s: &Strings) -> Vec<Vec<Cell>> {
    let mut rows = pairs(session_rows(f, s));
    rows.extend(pairs(task_rows(f, s)));
    rows
}

fn report_workbook(
    r: &MonthlyReport,
    hq: &str,
    trend: Option<&[crate::domain::trend::TrendMonth]>,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let s = lang.strings();
    let p = s.plan;
    let f = &r.figures;
    let ps = papers::strings(lang);
    let title_line = ps.as_of_line.fill([&r.city, &hq, &as_of(r.as_of, lang)]);
    let title = Some(title_line.as_str());
    let mut wb = Workbook::new();
    let mut summary = vec![
        vec![
            Cell::Text(p.col_reg_month.to_string()),
            Cell::Text(r.month.clone()),
        ],
        vec![
            Cell::Text(p.col_reg_number.to_string()),
            Cell::Text(r.label().unwrap_or_else(|| p.draft.to_string())),
        ],
    ];
    summary.extend(summary_rows(f, s));
    sheet(
        &mut wb,
        p.sheet_summary,
        title,
        &[p.col_figure, p.col_value],
        &summary,
        &[44.0, 12.0],
    )?;
    let (header, rows) = kind_rows(f, s);
    sheet(
        &mut wb,
        p.sheet_by_kind,
        title,
        &header,
        &rows,
        &[34.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0],
    )?;
    let plan = pairs(plan_rows(f, s));
    sheet(
        &mut wb,
        p.sheet_plan,
        title,
        &[p.col_figure, p.col_value],
        &plan,
        &[60.0, 12.0],
    )?;
    let mut esc = pairs(escalation_rows(f, s));
    esc.push(vec![
        Cell::Text(p.doc_total.to_string()),
        Cell::Num(f.escalations.total()),
    ]);
    sheet(
        &mut wb,
        p.sheet_escalations,
        title,
        &[p.col_step, p.col_value],
        &esc,
        &[44.0, 12.0],
    )?;
    let risk: Vec<Vec<Cell>> = r
        .measures_at_risk
        .iter()
        .map(|m| {
            vec![
                Cell::Text(m.number.clone()),
                Cell::Text(m.title_in(lang == Lang::Ru).to_string()),
                Cell::Num(m.overdue_tasks),
            ]
        })
        .collect();
    let c = ps.at_risk_cols;
    sheet(
        &mut wb,
        ps.at_risk_sheet,
        title,
        &[c[0], c[1], c[3]],
        &risk,
        &[8.0, 70.0, 16.0],
    )?;
    sheet(
        &mut wb,
        p.sheet_narrative,
        title,
        &[p.narrative],
        &[vec![Cell::Text(
            r.narrative_in(lang == Lang::Ru).to_string(),
        )]],
        &[100.0],
    )?;
    if let Some(t) = trend.filter(|t| !t.is_empty()) {
        let rows = super::trend::rows(t, None);
        super::trend::add_sheet(&mut wb, &rows, &title_line, lang)?;
    }
    wb.save_to_buffer()
}

/// Reports that may be added up: all of one month unless `several_months` (the workbook's
/// cities' trend), and issued unless `allow_drafts`; else what is wrong, naming the files.
pub fn check_consolidation(
    reports: &[(String, MonthlyReport)],
    allow_drafts: bool,
    several_months: bool,
) -> Result<(), String> {
    if !several_months
        && let Some((first, r0)) = reports.first()
        && let Some((other, r)) = reports.iter().find(|(_, r)| r.month != r0.month)
    {
        return Err(format!(
            "reports of different months cannot be added up: {first} is {}, {other} is {} (--format xlsx shows the cities' trend)",
            r0.month, r.month
        ));
    }
    let drafts: Vec<&str> = reports
        .iter()
        .filter(|(_, r)| r.issue.is_none())
        .map(|(f, _)| f.as_str())
        .collect();
    if !drafts.is_empty() && !allow_drafts {
        return Err(format!(
            "{} not issued (a draft); issue it, or pass --allow-drafts: {}",
            if drafts.len() == 1 {
                "a report is"
            } else {
                "reports are"
            },
            drafts.join(", ")
        ));
    }
    Ok(())
}

/// The national view as a workbook: one row per city, then the totals by table, and the
/// measures at risk of every city (from `reports`); with `history` of several months, the
/// cities' trend sheet too.
pub fn consolidated_xlsx(
    c: &Consolidated,
    reports: &[(String, MonthlyReport)],
    history: &[(String, MonthlyReport)],
    lang: Lang,
) -> Result<Vec<u8>, DocsError> {
    consolidated_workbook(c, reports, history, lang).map_err(|e| DocsError::Xlsx(e.to_string()))
}

fn city_columns(f: &Figures, s: &Strings) -> Vec<i64> {
    let mut v: Vec<i64> = session_rows(f, s).into_iter().map(|x| x.1).collect();
    v.extend(task_rows(f, s).into_iter().map(|x| x.1));
    v.extend(plan_rows(f, s).into_iter().map(|x| x.1));
    v.extend(escalation_rows(f, s).into_iter().map(|x| x.1));
    v
}

fn consolidated_workbook(
    c: &Consolidated,
    reports: &[(String, MonthlyReport)],
    history: &[(String, MonthlyReport)],
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let s = lang.strings();
    let p = s.plan;
    let t = &c.total;
    let mut wb = Workbook::new();
    sheet(
        &mut wb,
        p.sheet_summary,
        None,
        &[p.col_figure, p.col_value],
        &summary_rows(t, s),
        &[44.0, 12.0],
    )?;
    let mut header: Vec<&str> = vec![p.col_city, p.col_reg_month, p.col_reg_number];
    header.extend(session_rows(t, s).into_iter().map(|x| x.0));
    header.extend(task_rows(t, s).into_iter().map(|x| x.0));
    header.extend(plan_rows(t, s).into_iter().map(|x| x.0));
    header.extend(escalation_rows(t, s).into_iter().map(|x| x.0));
    let mut rows: Vec<Vec<Cell>> = c
        .cities
        .iter()
        .map(|city| {
            let mut row = vec![
                Cell::Text(city.city.clone()),
                Cell::Text(city.month.clone()),
                Cell::Text(city.report.clone().unwrap_or_else(|| p.draft.to_string())),
            ];
            row.extend(city_columns(&city.figures, s).into_iter().map(Cell::Num));
            row
        })
        .collect();
    let mut total = vec![
        Cell::Text(p.doc_total.to_string()),
        Cell::Text(String::new()),
        Cell::Text(String::new()),
    ];
    total.extend(city_columns(t, s).into_iter().map(Cell::Num));
    rows.push(total);
    sheet(
        &mut wb,
        p.sheet_cities,
        None,
        &header,
        &rows,
        &[24.0, 10.0, 12.0],
    )?;
    let ps = papers::strings(lang);
    let risk: Vec<Vec<Cell>> = reports
        .iter()
        .flat_map(|(_, r)| {
            r.measures_at_risk.iter().map(|m| {
                vec![
                    Cell::Text(r.city.clone()),
                    Cell::Text(m.number.clone()),
                    // Another city's frozen report may have no title in this language: the
                    // cell says so in it (never the other language's title).
                    Cell::Text(match m.title_in(lang == Lang::Ru).trim() {
                        "" => p.untitled_cell.to_string(),
                        t => t.to_string(),
                    }),
                    Cell::Num(m.overdue_tasks),
                ]
            })
        })
        .collect();
    let rc = ps.at_risk_cols;
    sheet(
        &mut wb,
        ps.at_risk_sheet,
        None,
        &[p.col_city, rc[0], rc[1], rc[3]],
        &risk,
        &[20.0, 8.0, 70.0, 16.0],
    )?;
    let (header, rows) = kind_rows(t, s);
    sheet(
        &mut wb,
        p.sheet_by_kind,
        None,
        &header,
        &rows,
        &[34.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0],
    )?;
    sheet(
        &mut wb,
        p.sheet_plan,
        None,
        &[p.col_figure, p.col_value],
        &pairs(plan_rows(t, s)),
        &[44.0, 12.0],
    )?;
    let mut esc = pairs(escalation_rows(t, s));
    esc.push(vec![
        Cell::Text(p.doc_total.to_string()),
        Cell::Num(t.escalations.total()),
    ]);
    sheet(
        &mut wb,
        p.sheet_escalations,
        None,
        &[p.col_step, p.col_value],
        &esc,
        &[44.0, 12.0],
    )?;
    let narratives: Vec<Vec<Cell>> = c
        .cities
        .iter()
        .map(|x| {
            // Other cities' frozen text cannot be refused: a cell says which language is
            // missing, never the other language's text.
            let russian = lang == Lang::Ru;
            let text = if x.narrative_only_in_other(russian) {
                p.narrative_cell.to_string()
            } else {
                x.narrative_in(russian).to_string()
            };
            vec![Cell::Text(x.city.clone()), Cell::Text(text)]
        })
        .collect();
    sheet(
        &mut wb,
        p.sheet_narrative,
        None,
        &[p.col_city, p.narrative],
        &narratives,
        &[24.0, 100.0],
    )?;
    if history.iter().any(|(_, r)| r.month != c.months[0]) {
        super::trend::add_cities_sheet(&mut wb, history, lang)?;
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::text_lines;

    #[test]
    fn a_cells_lines_are_its_own_lines_each_wrapped_at_the_width() {
        assert_eq!(text_lines("", 10.0), 1);
        assert_eq!(text_lines("Бир сап", 10.0), 1);
        // 9 characters a line in a 10-wide column: 19 take three.
        assert_eq!(text_lines(&"ы".repeat(19), 10.0), 3);
        assert_eq!(text_lines("Биринчи\nЭкинчи\n\nТөртүнчү", 100.0), 4);
        assert_eq!(text_lines(&format!("{}\nаяк", "а".repeat(200)), 100.0), 4);
        // A column narrower than a character still counts whole lines.
        assert_eq!(text_lines("абв", 0.5), 3);
    }
}
