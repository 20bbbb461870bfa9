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
    shtab::docs::report::check_consolidation(&reports, allow_drafts).map_err(anyhow::Error::msg)?;
    let c = report::consolidate(&reports)?;
    let bytes = match format {
        ConsolidateFormat::Json => (serde_json::to_string_pretty(&c)? + "\n").into_bytes(),
        ConsolidateFormat::Xlsx => shtab::docs::report::consolidated_xlsx(&c, &reports, lang)?,
    };
    shtab::docs::write_bytes_new(out, &bytes)?;
    let line = format!(
        "{}: {} report(s), {}",
        out.display(),
        c.cities.len(),
        c.months.join(", ")
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
