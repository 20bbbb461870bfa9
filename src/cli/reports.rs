//! Monthly reports, the national consolidation, the plan import and the compliance list.

#[allow(unused_imports)]
use crate::*;

/// A progress bar on stderr when it is a terminal; hidden otherwise (pipes, CI, tests).
pub(crate) fn progress_bar(len: usize, what: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({elapsed})")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_string());
    bar
}

/// A spinner on stderr for one long step with no count (a copy, a check); hidden when
/// stderr is not a terminal.
pub(crate) fn spinner(what: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_message(what.to_string());
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// A bar for a callback that tells (done, all): its length follows `all`.
pub(crate) fn follow(bar: &indicatif::ProgressBar, done: u64, all: u64) {
    bar.set_length(all);
    bar.set_position(done);
}

pub(crate) fn report_monthly(
    path: &Path,
    month: &str,
    format: ReportFormat,
    lang: Lang,
    draft: bool,
    out: &Path,
) -> anyhow::Result<()> {
    use shtab::domain::report::Month;
    let m = Month::parse(month)
        .with_context(|| format!("{month:?} is not a month: write it as YYYY-MM, e.g. 2026-11"))?;
    let store = open_existing(path)?;
    let issued = if draft {
        None
    } else {
        store.latest_issued_report(m)?
    };
    let report = match issued {
        Some(i) => i.report()?,
        None => store.monthly_report(m, today())?,
    };
    let bytes = match format {
        ReportFormat::Json => (serde_json::to_string_pretty(&report)? + "\n").into_bytes(),
        ReportFormat::Docx | ReportFormat::Xlsx => {
            let paper = shtab::docs::report::ReportPaper::load(&store, &report, lang)?;
            if format == ReportFormat::Docx {
                shtab::docs::to_docx(&paper.document(lang))?
            } else {
                paper.xlsx(lang)?
            }
        }
    };
    shtab::docs::write_bytes_new(out, &bytes)?;
    println!("{}", out.display());
    Ok(())
}

pub(crate) fn report_consolidate(
    files: &[PathBuf],
    format: ConsolidateFormat,
    lang: Lang,
    allow_drafts: bool,
    out: &Path,
) -> anyhow::Result<()> {
    use shtab::domain::report;
    let bar = progress_bar(files.len(), "reports");
    let mut reports = Vec::new();
    for f in files {
        let name = f.display().to_string();
        let text = std::fs::read_to_string(f).with_context(|| format!("cannot read {name}"))?;
        reports.push((name.clone(), report::read(&name, &text)?));
        bar.inc(1);
    }
    bar.finish_and_clear();
    let several = format == ConsolidateFormat::Xlsx;
    shtab::docs::report::check_consolidation(&reports, allow_drafts, several)
        .map_err(anyhow::Error::msg)?;
    // Of several months (the cities' trend), the totals are the latest month's.
    let latest = reports.iter().map(|(_, r)| r.month.clone()).max();
    let current: Vec<(String, report::MonthlyReport)> = reports
        .iter()
        .filter(|(_, r)| Some(&r.month) == latest.as_ref())
        .cloned()
        .collect();
    report::consolidate(&reports)?; // the same city and month twice is refused
    let c = report::consolidate(&current)?;
    let bytes = match format {
        ConsolidateFormat::Json => (serde_json::to_string_pretty(&c)? + "\n").into_bytes(),
        ConsolidateFormat::Xlsx => {
            shtab::docs::report::consolidated_xlsx(&c, &current, &reports, lang)?
        }
    };
    shtab::docs::write_bytes_new(out, &bytes)?;
    let mut months: Vec<&str> = reports.iter().map(|(_, r)| r.month.as_str()).collect();
    months.sort();
    months.dedup();
    let line = format!(
        "{}: {} report(s), {}",
        out.display(),
        reports.len(),
        months.join(", ")
    );
    println!("{}", sanitize(&line));
    Ok(())
}

pub(crate) fn plan_import(path: &Path, file: &Path) -> anyhow::Result<()> {
    use shtab::domain::plan_csv;
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let report_rows = |errors: &[plan_csv::RowError]| {
        for e in errors {
            eprintln!("{}", sanitize(&format!("{}: {e}", file.display())));
        }
    };
    let mut store = open_existing(path)?;
    require(&mut store, Permission::Edit, false)?;
    // Every problem of the file in one pass (shape and against the database), so fixing
    // them all once is enough; the ignored columns are named either way.
    let parsed = plan_csv::check_all(&bytes, &store.plan_known()?, today());
    if !parsed.ignored_columns.is_empty() {
        eprintln!(
            "{}",
            sanitize(&format!(
                "{}: columns ignored: {}",
                file.display(),
                parsed.ignored_columns.join(", ")
            ))
        );
    }
    if !parsed.errors.is_empty() {
        report_rows(&parsed.errors);
        bail!(
            "{}: {} problem(s); nothing was imported",
            file.display(),
            parsed.errors.len()
        );
    }
    let bar = progress_bar(parsed.rows.len(), "plan");
    let result = store.import_plan(&parsed.rows, today(), &mut |done, _| {
        bar.set_position(done as u64)
    });
    bar.finish_and_clear();
    match result {
        Ok(sum) => {
            let mut line = format!(
                "{}: {} added, {} updated",
                file.display(),
                sum.added,
                sum.updated
            );
            if !parsed.ignored_columns.is_empty() {
                line.push_str(&format!(
                    " (columns ignored: {})",
                    parsed.ignored_columns.join(", ")
                ));
            }
            println!("{}", sanitize(&line));
            Ok(())
        }
        Err(shtab::store::PlanImportError::Rows(errors)) => {
            report_rows(&errors);
            bail!(
                "{}: {} bad row(s); nothing was imported",
                file.display(),
                errors.len()
            )
        }
        Err(e) => Err(e.into()),
    }
}

/// One row of `shtab compliance --format json|csv`; the keys are a stable interface.
#[derive(serde::Serialize)]
pub(crate) struct ComplianceJson {
    pub(crate) organization_id: i64,
    pub(crate) organization: String,
    pub(crate) organization_ru: String,
    pub(crate) kind: &'static str,
    pub(crate) assigned: i64,
    pub(crate) done_on_time: i64,
    pub(crate) done_late: i64,
    pub(crate) cancelled: i64,
    pub(crate) open: i64,
    pub(crate) overdue_now: i64,
    pub(crate) extensions: i64,
    pub(crate) on_time_percent: Option<i64>,
    pub(crate) oldest_overdue_days: i64,
    pub(crate) overdue_months_of_last_6: u32,
    pub(crate) repeat_failure: bool,
    pub(crate) stage: Option<&'static str>,
    pub(crate) stage_date: Option<String>,
    pub(crate) next_step: Option<&'static str>,
}

/// Print to stdout, or write `out` (never over an existing file).
pub(crate) fn emit(text: &str, out: Option<&Path>) -> anyhow::Result<()> {
    match out {
        None => {
            print!("{text}");
            Ok(())
        }
        Some(path) => Ok(shtab::docs::write_bytes_new(path, text.as_bytes())?),
    }
}

/// An argument given wrong (exit 2, as the argument parser's own refusals): one line, in
/// the chosen language.
#[derive(Debug)]
pub(crate) struct BadArgument(pub(crate) String);

impl std::fmt::Display for BadArgument {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadArgument {}

/// What `shtab report trend` was asked for.
pub(crate) struct TrendArgs {
    pub(crate) months: i64,
    pub(crate) kind: Option<String>,
    pub(crate) lang: Lang,
    pub(crate) format: TrendFormat,
}

/// One month of `shtab report trend --format json`; the keys are a stable interface.
#[derive(serde::Serialize)]
struct TrendMonthJson<'a> {
    month: String,
    as_of: chrono::NaiveDate,
    /// The tasks overall, or of `--kind`.
    tasks: shtab::domain::report::TaskFigures,
    on_time_percent: Option<u32>,
    sessions_held: i64,
    /// Overall, or of `--kind`.
    organizations_heard: i64,
    escalation_steps: i64,
    /// Every figure of the month's report (the city's, whatever `--kind`).
    figures: &'a shtab::domain::report::Figures,
}

#[derive(serde::Serialize)]
struct TrendJson<'a> {
    format: &'static str,
    format_version: u32,
    city: String,
    kind: Option<&'static str>,
    months: Vec<TrendMonthJson<'a>>,
}

/// `shtab report trend`: the last N months (ending with this one) as JSON, CSV or a
/// workbook with the chart.
pub(crate) fn report_trend(path: &Path, a: &TrendArgs, out: Option<&Path>) -> anyhow::Result<()> {
    use shtab::domain::OrgKind;
    use shtab::domain::report::Month;
    use shtab::domain::trend::{MAX_MONTHS, on_time_rate};
    use shtab::i18n::trend;
    let s = trend::strings(a.lang);
    let bad = |m: String| anyhow::Error::new(BadArgument(m));
    if a.months < 1 || a.months > MAX_MONTHS as i64 {
        return Err(bad(s.bad_months.fill([&MAX_MONTHS, &a.months])));
    }
    let kind = match &a.kind {
        None => None,
        Some(k) => Some(OrgKind::from_code(k.trim()).ok_or_else(|| {
            let all: Vec<&str> = OrgKind::ALL.iter().map(|k| k.code()).collect();
            bad(s.bad_kind.fill([&sanitize(k), &all.join(", ")]))
        })?),
    };
    if a.format == TrendFormat::Xlsx && out.is_none() {
        return Err(bad(s.xlsx_needs_out.to_string()));
    }
    let store = open_existing(path)?;
    let today = today();
    let n = a.months as usize;
    let bar = progress_bar(n, s.progress);
    let months = store
        .trend_with_progress(Month::of(today), n, today, &mut |done, all| {
            follow(&bar, done as u64, all as u64)
        })?
        .months;
    bar.finish_and_clear();
    let city = store
        .setting("city")?
        .unwrap_or_else(|| "Токмок".to_string());
    let rows = shtab::docs::trend::rows(&months, kind);
    let text = match a.format {
        TrendFormat::Json => {
            let json = TrendJson {
                format: "shtab-trend",
                format_version: 1,
                city: city.clone(),
                kind: kind.map(|k| k.code()),
                months: months
                    .iter()
                    .map(|m| {
                        let t = m.tasks(kind);
                        TrendMonthJson {
                            month: m.month.to_string(),
                            as_of: m.as_of,
                            on_time_percent: on_time_rate(&t),
                            tasks: t,
                            sessions_held: m.sessions_held(),
                            organizations_heard: m.organizations_heard(kind),
                            escalation_steps: m.figures.escalations.total(),
                            figures: &m.figures,
                        }
                    })
                    .collect(),
            };
            serde_json::to_string_pretty(&json)? + "\n"
        }
        TrendFormat::Csv => shtab::docs::trend::csv(&rows, a.lang)?,
        TrendFormat::Xlsx => {
            let who = kind.map_or(s.all_kinds, |k| a.lang.strings().kinds[k.index()]);
            let first = rows.first().map_or(String::new(), |r| r.month.clone());
            let last = rows.last().map_or(String::new(), |r| r.month.clone());
            let title = s.title.fill([&city, &who, &first, &last]);
            let bytes = shtab::docs::trend::xlsx(&rows, &title, a.lang)?;
            if let Some(path) = out {
                shtab::docs::write_bytes_new(path, &bytes)?;
                println!("{}", path.display());
            }
            return Ok(());
        }
    };
    let text = match (out, a.format) {
        (Some(_), _) => text,
        (None, TrendFormat::Json) => escape_json_unsafe(&text).into_owned(),
        (None, _) => sanitize_lines(&text).into_owned(),
    };
    emit(&text, out)
}
