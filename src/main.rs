//! `shtab`: the command line. Opens the TUI, or runs one command and exits.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand, ValueEnum};

use shtab::app::App;
use shtab::demo::{self, DemoOptions};
use shtab::domain::access::{AccessRole, Permission};
use shtab::domain::session::format_time;
use shtab::domain::text::{escape_json_unsafe, sanitize, sanitize_lines};
use shtab::i18n::Lang;
use shtab::store::{SessionRow, Store};

mod cli;

#[derive(Parser)]
#[command(
    name = "shtab",
    version,
    about = "Secretariat of a city's digitalization HQ: sessions, protocols, tasks, compliance, plan, reports"
)]
struct Cli {
    /// The database file (default: the platform's data folder, e.g. ~/.local/share/shtab/shtab.db).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Language of the screens.
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
    /// Open on a demo database (made on first use; kept apart from the real one).
    #[arg(long)]
    demo: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Ky,
    Ru,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Ky => Lang::Ky,
            LangArg::Ru => Lang::Ru,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Write a demo database (a believable Tokmok HQ) and exit.
    Demo {
        /// Number of tasks.
        #[arg(long, default_value_t = 150)]
        scale: usize,
        /// Seed of the generator: the same seed writes the same data.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Check the database's integrity and foreign keys: prints "ok" or the problems.
    Check,
    /// Write the whole database as versioned JSON.
    Export {
        #[arg(long, value_name = "FILE.json")]
        out: PathBuf,
    },
    /// List the sessions, in date order: a table, or JSON for scripts.
    Sessions {
        /// Only the sessions of this year.
        #[arg(long, value_name = "YYYY", value_parser = clap::value_parser!(i32).range(1900..=2999))]
        year: Option<i32>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The compliance list: per organization, tasks given, on time, late, overdue, the
    /// escalation stage and the next step; worst first.
    Compliance {
        /// Only organizations of this kind (school, hoa, condominium, tos, …).
        #[arg(long, value_name = "KIND")]
        kind: Option<String>,
        /// Tasks with deadlines in these months: 2026-01..2026-06.
        #[arg(long, value_name = "YYYY-MM..YYYY-MM")]
        period: Option<String>,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        /// Language of the headers and words in csv and xlsx (default: the UI language).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        /// Write to this file instead of the screen (never over an existing file).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Load generators for the concurrency and crash tests (test builds only).
    #[cfg(feature = "test-tools")]
    #[command(hide = true)]
    Torture {
        #[command(subcommand)]
        command: TortureCommand,
    },
    /// Users of this database (operating-system logins) and their roles.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// The audit log, newest first: who changed what and when. `shtab audit verify` checks
    /// its hash chain.
    Audit {
        #[command(subcommand)]
        command: Option<AuditCommand>,
        /// Only changes at or after this time: 2026-11-01 or 2026-11-01T10:00:00.
        #[arg(long)]
        since: Option<String>,
        /// Only changes by this login.
        #[arg(long)]
        user: Option<String>,
        /// At most this many rows.
        #[arg(long, default_value_t = 200)]
        limit: usize,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Copy the database (while others work in it) into DIR, by default `backups/` beside it.
    Backup {
        #[arg(long, value_name = "DIR")]
        to: Option<PathBuf>,
    },
    /// Put a backup in place of the database, after checking it; the replaced file is kept
    /// beside it as <db>.replaced-<time>. Close every Shtab on the database first.
    Restore {
        #[arg(value_name = "BACKUP")]
        backup: PathBuf,
    },
    /// The agenda of a session as a paper to send out.
    Agenda {
        #[command(subcommand)]
        command: AgendaCommand,
    },
    /// Protocols: write one as a paper, write its extracts, verify a signed one.
    Protocol {
        #[command(subcommand)]
        command: ProtocolCommand,
    },
    /// Type into a protocol's fields from standard input, through the editor: each line is
    /// a field's text, saved as the editor saves it, then "saved CODE<TAB>TEXT" is printed.
    /// For the durability and conflict tests (test builds only).
    #[cfg(feature = "test-tools")]
    #[command(hide = true)]
    Typist {
        #[arg(long, value_name = "N/YYYY")]
        session: String,
        /// The field to start in (as the editor names it, e.g. decision_text:12).
        #[arg(long)]
        field: Option<String>,
    },
    /// The monthly report to the Republican HQ, and the national view of many cities.
    Report {
        #[command(subcommand)]
        command: ReportCommand,
    },
    /// The action plan.
    Plan {
        #[command(subcommand)]
        command: PlanCommand,
    },
    /// The tasks a query selects (the same query as the Tasks tab's query line), for
    /// scripts and cron: `shtab tasks 'status:overdue kind:school' --format csv`.
    Tasks {
        /// The query, e.g. status:overdue org:"№5 мектеп" due:<7d интернет (words are searched).
        #[arg(value_name = "QUERY")]
        query: Vec<String>,
        /// Only overdue tasks (status:overdue).
        #[arg(long)]
        overdue: bool,
        /// Executor or co-executor whose name contains NAME (org:"NAME").
        #[arg(long, value_name = "NAME")]
        org: Option<String>,
        /// The executor's kind: school, hoa, tos, enterprise … (kind:KIND).
        #[arg(long, value_name = "KIND")]
        kind: Option<String>,
        /// open, overdue, done, closed, assigned, in_progress, … (status:S).
        #[arg(long, value_name = "S")]
        status: Option<String>,
        /// Deadline from today to today + DAYS (due:<DAYSd).
        #[arg(long, value_name = "DAYS")]
        due_within: Option<u32>,
        /// Words searched in the tasks' texts and reports.
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
        /// Print only how many tasks match.
        #[arg(long)]
        count: bool,
        #[arg(long, value_enum, default_value_t = TaskFormat::Table)]
        format: TaskFormat,
        /// Language of the headers and words (default: the UI language); JSON keeps codes.
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        /// Write to FILE instead of the standard output (required for xlsx).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Write a letter (reminder, warning, summons, cover) to an organization as of today,
    /// with the next outgoing number of the year; prints the number and the file.
    Letter {
        /// The organization: its id or its name.
        #[arg(long, value_name = "ID|NAME")]
        org: String,
        #[arg(long, value_enum)]
        kind: cli::letter::KindArg,
        #[arg(long, value_enum, default_value_t = LangArg::Ky)]
        lang: LangArg,
        /// The addressee of a cover letter (default: "to the higher body").
        #[arg(long)]
        to: Option<String>,
        /// The file (refused if it exists), or a folder for the default name.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// The HQ's settings: list, get, set KEY VALUE (checked before saving).
    Settings {
        #[command(subcommand)]
        command: cli::settings::SettingsCommand,
    },
    /// Read an export into the database, all or nothing.
    Import {
        #[arg(value_name = "FILE.json")]
        file: PathBuf,
        /// Replace what the database holds (otherwise it must be empty).
        #[arg(long)]
        replace: bool,
    },
}

#[cfg(feature = "test-tools")]
#[derive(Subcommand)]
enum TortureCommand {
    /// Add 1 to the "torture.counter" setting N times, each a read-modify-write with the
    /// organization version check, retried on conflict.
    Bump {
        #[arg(long)]
        times: usize,
    },
    /// Commit organizations named "kill-<prefix>-<n>" in a loop, printing n after each commit.
    Append {
        #[arg(long, default_value_t = 0)]
        prefix: u64,
    },
    /// Give one task outside a protocol (the write path the benchmarks and
    /// benches/compare-taskwarrior.sh time); prints its id.
    AddTask {
        /// The executor's organization id.
        #[arg(long)]
        executor: i64,
        /// YYYY-MM-DD or dd.mm.yyyy.
        #[arg(long)]
        deadline: String,
        text: String,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user, or change one's name and role.
    Add {
        login: String,
        #[arg(long, default_value = "")]
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        /// The HQ member this user is (lets a deputy chair sign when allowed).
        #[arg(long, value_name = "ID")]
        member: Option<i64>,
    },
    List {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    Remove {
        login: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum RoleArg {
    Chair,
    Secretary,
    Member,
    Viewer,
}

impl From<RoleArg> for AccessRole {
    fn from(r: RoleArg) -> Self {
        match r {
            RoleArg::Chair => AccessRole::Chair,
            RoleArg::Secretary => AccessRole::Secretary,
            RoleArg::Member => AccessRole::Member,
            RoleArg::Viewer => AccessRole::Viewer,
        }
    }
}

/// The one role check (see `cli::access`).
fn require(store: &mut Store, p: Permission, adopt: bool) -> anyhow::Result<()> {
    cli::access::authorize(store, p, adopt).map(drop)
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Recompute the hash chain: "ok", or the first row that was changed or removed.
    Verify,
}

#[derive(Subcommand)]
enum AgendaCommand {
    /// Write the agenda of session N/YYYY as .docx or Markdown.
    Export {
        /// The session, as its number and year: 3/2026.
        #[arg(long, value_name = "N/YYYY")]
        session: String,
        #[arg(long, value_enum, default_value_t = PaperFormat::Docx)]
        format: PaperFormat,
        /// Language of the paper (the Kyrgyz text is the original).
        #[arg(long, value_enum, default_value_t = LangArg::Ky)]
        lang: LangArg,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

/// Which protocol: its registration number, or the session's (an amendment over the original).
#[derive(clap::Args)]
struct WhichProtocol {
    /// The signed protocol's number and year: 12/2026.
    #[arg(value_name = "N/YYYY", required_unless_present = "session")]
    protocol: Option<String>,
    /// Or the session's number and year, for a protocol not signed yet.
    #[arg(long, value_name = "N/YYYY", conflicts_with = "protocol")]
    session: Option<String>,
}

#[derive(Subcommand)]
enum ProtocolCommand {
    /// Write protocol N/YYYY as .docx or Markdown, full or short.
    Export {
        #[command(flatten)]
        which: WhichProtocol,
        #[arg(long, value_enum, default_value_t = PaperFormat::Docx)]
        format: PaperFormat,
        /// Language of the paper (the Kyrgyz text is the original).
        #[arg(long, value_enum, default_value_t = LangArg::Ky)]
        lang: LangArg,
        /// Full (heard – spoke – decided) or short (decisions only, speakers in brackets).
        #[arg(long, value_enum, default_value_t = FormArg::Full)]
        form: FormArg,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Write the extracts of protocol N/YYYY: one file per executor organization.
    Extracts {
        #[command(flatten)]
        which: WhichProtocol,
        #[arg(long, value_enum, default_value_t = PaperFormat::Docx)]
        format: PaperFormat,
        #[arg(long, value_enum, default_value_t = LangArg::Ky)]
        lang: LangArg,
        /// The folder (made when missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Recompute the SHA-256 of signed protocol N/YYYY: "intact" or what changed (exit 1).
    Verify {
        #[arg(value_name = "N/YYYY")]
        protocol: String,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormArg {
    Full,
    Short,
}

#[derive(Subcommand)]
enum ReportCommand {
    /// Write the report of a month: the latest issued one, or the figures as they stand
    /// when none was issued (or with --draft).
    Monthly {
        /// The month: 2026-11.
        #[arg(value_name = "YYYY-MM")]
        month: String,
        #[arg(long, value_enum, default_value_t = ReportFormat::Docx)]
        format: ReportFormat,
        /// Language of the paper (the Kyrgyz text is the original).
        #[arg(long, value_enum, default_value_t = LangArg::Ky)]
        lang: LangArg,
        /// Compute the figures now even if a report of the month was issued.
        #[arg(long)]
        draft: bool,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Add up the JSON reports of several cities (the national view).
    Consolidate {
        #[arg(value_name = "FILE.json", required = true)]
        files: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = ConsolidateFormat::Xlsx)]
        format: ConsolidateFormat,
        #[arg(long, value_enum, default_value_t = LangArg::Ky)]
        lang: LangArg,
        /// Add up reports not issued yet (drafts) too.
        #[arg(long)]
        allow_drafts: bool,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum PlanCommand {
    /// Add and update measures from a CSV file (see the README for the columns); every bad
    /// row is reported and nothing is written unless all rows are good.
    Import {
        #[arg(value_name = "FILE.csv")]
        file: PathBuf,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    Docx,
    Xlsx,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ConsolidateFormat {
    Xlsx,
    Json,
}

/// A progress bar on stderr when it is a terminal; hidden otherwise (pipes, CI, tests).
fn progress_bar(len: usize, what: &str) -> indicatif::ProgressBar {
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

fn report_monthly(
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

fn report_consolidate(
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

fn plan_import(path: &Path, file: &Path) -> anyhow::Result<()> {
    use shtab::domain::plan_csv;
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let report_rows = |errors: &[plan_csv::RowError]| {
        for e in errors {
            eprintln!("{}", sanitize(&format!("{}: {e}", file.display())));
        }
    };
    let parsed = match plan_csv::parse(&bytes) {
        Ok(p) => p,
        Err(errors) => {
            report_rows(&errors);
            bail!(
                "{}: {} problem(s); nothing was imported",
                file.display(),
                errors.len()
            );
        }
    };
    let mut store = open_existing(path)?;
    require(&mut store, Permission::Edit, false)?;
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

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ListFormat {
    Table,
    Csv,
    Json,
    /// A workbook (needs --out): a bold header with filters, numbers as numbers.
    Xlsx,
}

/// One row of `shtab compliance --format json|csv`; the keys are a stable interface.
#[derive(serde::Serialize)]
struct ComplianceJson {
    organization_id: i64,
    organization: String,
    organization_ru: String,
    kind: &'static str,
    assigned: i64,
    done_on_time: i64,
    done_late: i64,
    cancelled: i64,
    open: i64,
    overdue_now: i64,
    extensions: i64,
    on_time_percent: Option<i64>,
    oldest_overdue_days: i64,
    overdue_months_of_last_6: u32,
    repeat_failure: bool,
    stage: Option<&'static str>,
    stage_date: Option<String>,
    next_step: Option<&'static str>,
}

/// Print to stdout, or write `out` (never over an existing file).
fn emit(text: &str, out: Option<&Path>) -> anyhow::Result<()> {
    match out {
        None => {
            print!("{text}");
            Ok(())
        }
        Some(path) => Ok(shtab::docs::write_bytes_new(path, text.as_bytes())?),
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PaperFormat {
    Docx,
    Md,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TaskFormat {
    Table,
    Csv,
    Json,
    Xlsx,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Table,
    Json,
}

/// One session as `shtab sessions --format json` writes it; the keys are a stable interface.
#[derive(serde::Serialize)]
struct SessionJson {
    number: i64,
    year: i32,
    label: String,
    kind: &'static str,
    reason: String,
    /// ISO, YYYY-MM-DD.
    date: String,
    /// HH:MM.
    time: String,
    place: String,
    duration_minutes: i64,
    status: &'static str,
    items: i64,
    minutes_total: i64,
}

impl From<&SessionRow> for SessionJson {
    fn from(r: &SessionRow) -> Self {
        let s = &r.session;
        SessionJson {
            number: s.number,
            year: s.year,
            label: s.label(),
            kind: s.kind.code(),
            reason: s.reason.clone(),
            date: s.date.format("%Y-%m-%d").to_string(),
            time: format_time(s.time),
            place: s.place.clone(),
            duration_minutes: s.duration_minutes,
            status: s.status.code(),
            items: r.item_count,
            minutes_total: r.minutes_total,
        }
    }
}

/// Columns padded to the widest cell by display width (Cyrillic and wide characters count
/// as they show); the last column is not padded, numbers are right-aligned.
fn sessions_table(rows: &[SessionRow]) -> String {
    use unicode_width::UnicodeWidthStr;
    const HEAD: [&str; 7] = [
        "SESSION", "KIND", "DATE", "TIME", "PLACE", "STATUS", "ITEMS",
    ];
    const RIGHT: [bool; 7] = [false, false, false, false, false, false, true];
    let mut cells: Vec<[String; 7]> = vec![HEAD.map(String::from)];
    for r in rows {
        let s = &r.session;
        cells.push([
            s.label(),
            s.kind.code().to_string(),
            s.date.format("%d.%m.%Y").to_string(),
            format_time(s.time),
            s.place.clone(),
            s.status.code().to_string(),
            r.item_count.to_string(),
        ]);
    }
    let widths: Vec<usize> = (0..HEAD.len())
        .map(|c| cells.iter().map(|row| row[c].width()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in &cells {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let pad = " ".repeat(widths[c] - cell.width());
            if c > 0 {
                line.push_str("  ");
            }
            if RIGHT[c] {
                line.push_str(&pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&pad);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn data_dir() -> anyhow::Result<PathBuf> {
    directories::ProjectDirs::from("kg", "Tokmok", "shtab")
        .map(|d| d.data_dir().to_path_buf())
        .context("cannot find the home folder; pass --db PATH")
}

fn default_db(demo: bool) -> anyhow::Result<PathBuf> {
    Ok(data_dir()?.join(if demo { "shtab-demo.db" } else { "shtab.db" }))
}

fn open(path: &Path) -> anyhow::Result<Store> {
    Store::open(path).with_context(|| format!("cannot open {}", path.display()))
}

/// Every command that reads opens through here: the role check (`access.unknown`) included.
fn open_existing(path: &Path) -> anyhow::Result<Store> {
    cli::access::open_as(path, Permission::Read)
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn write_demo(path: &Path, tasks: usize, seed: u64) -> anyhow::Result<demo::DemoSummary> {
    let mut store = cli::access::open_or_create_as(path, Permission::Edit, false)?;
    demo::generate(
        &mut store,
        &DemoOptions {
            tasks,
            seed,
            today: today(),
        },
    )
    .with_context(|| format!("cannot write the demo into {}", path.display()))
}

fn label_of(s: &str, what: &str) -> anyhow::Result<(i64, i32)> {
    shtab::domain::session::parse_label(s)
        .with_context(|| format!("{s:?} is not a {what}: write it as N/YYYY, e.g. 3/2026"))
}

fn find_protocol(store: &Store, path: &Path, which: &WhichProtocol) -> anyhow::Result<i64> {
    if let Some(p) = &which.protocol {
        let (n, y) = label_of(p, "protocol number")?;
        return store
            .protocol_by_number(n, y)
            .with_context(|| format!("no protocol {n}/{y} in {}", path.display()));
    }
    let s = which.session.as_deref().unwrap_or_default();
    let (n, y) = label_of(s, "session")?;
    let session = store
        .session_by_label(n, y)
        .with_context(|| format!("no session {n}/{y} in {}", path.display()))?;
    store
        .protocol_of_session(session.id)?
        .with_context(|| format!("session {n}/{y} has no protocol yet"))
}

fn paper_format(f: PaperFormat) -> shtab::docs::Format {
    match f {
        PaperFormat::Docx => shtab::docs::Format::Docx,
        PaperFormat::Md => shtab::docs::Format::Markdown,
    }
}

#[cfg(feature = "test-tools")]
/// Drive the editor from standard input: every character is a key, every line break
/// saves the field (two seconds of quiet pass on the editor's clock) and goes on to the
/// next text field.
fn typist(store: Store, session: &str, field: Option<&str>) -> anyhow::Result<()> {
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    use std::io::{BufRead, Write};
    let (n, y) = label_of(session, "session")?;
    let found = store
        .session_by_label(n, y)
        .with_context(|| format!("no session {n}/{y}"))?;
    let mut app = App::new(store, Lang::En, today(), false);
    app.resize(100, 30);
    app.update(shtab::action::Action::GoTab(1));
    if !app.open_session_protocol(found.id) {
        bail!("cannot open the protocol of {n}/{y}");
    }
    if let Some(code) = field
        && !app.focus_protocol_field(code)
    {
        bail!("no field {code} in the protocol of {n}/{y}");
    }
    let key = |c: KeyCode| Event::Key(KeyEvent::new(c, KeyModifiers::NONE));
    let mut clock = std::time::Instant::now();
    app.tick(clock);
    app.handle_event(&key(KeyCode::Enter));
    let mut out = std::io::stdout().lock();
    let mut input = std::io::BufReader::new(std::io::stdin().lock());
    let mut pending = Vec::new();
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        let n = buf.len();
        pending.extend_from_slice(buf);
        input.consume(n);
        // Whole characters only; a split UTF-8 sequence waits for its end.
        let valid = match std::str::from_utf8(&pending) {
            Ok(s) => s.len(),
            Err(e) => e.valid_up_to(),
        };
        let text = String::from_utf8_lossy(&pending[..valid]).into_owned();
        pending.drain(..valid);
        for c in text.chars() {
            if c == '\n' {
                clock += std::time::Duration::from_secs(3);
                app.tick(clock);
                let (code, saved) = app.protocol_field_report();
                writeln!(out, "saved {code}\t{}", saved.replace('\n', "\\n"))?;
                out.flush()?;
                app.handle_event(&key(KeyCode::Tab));
            } else {
                app.handle_event(&key(KeyCode::Char(c)));
            }
        }
    }
    app.handle_event(&key(KeyCode::Esc));
    Ok(())
}

fn run(cli: Cli) -> anyhow::Result<()> {
    // The login is fixed once, from the OS (and the sudo rule for this database).
    let demo_db = cli.demo || matches!(cli.command, Some(Command::Demo { .. }));
    if let Some(db) = cli.db.clone().or_else(|| default_db(demo_db).ok()) {
        shtab::store::identify_for(&db);
    }
    match cli.command {
        None => {
            let path = match &cli.db {
                Some(p) => p.clone(),
                None => default_db(cli.demo)?,
            };
            let (app, daily) = cli::start::prepare(&cli::start::Start {
                path,
                explicit_db: cli.db.is_some(),
                demo: cli.demo,
                lang: cli.lang.map(Lang::from),
                today: today(),
            })?;
            let result = shtab::tui::run(app);
            if let Some(daily) = daily {
                cli::start::finish_daily(daily);
            }
            result
        }
        Some(Command::Demo { scale, seed }) => {
            let path = match &cli.db {
                Some(p) => p.clone(),
                None => default_db(true)?,
            };
            let started = std::time::Instant::now();
            let sum = write_demo(&path, scale, seed)?;
            println!(
                "{}: {} organizations, {} members, {} sessions, {} protocols, {} tasks, {} plan measures ({:.1} s)",
                path.display(),
                sum.organizations,
                sum.members,
                sum.sessions,
                sum.protocols,
                sum.tasks,
                sum.measures,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Some(Command::Check) => {
            let path = match &cli.db {
                Some(p) => p.clone(),
                None => default_db(false)?,
            };
            cli::backup::check(&path)
        }
        Some(Command::Export { out }) => {
            let path = cli.db.clone().map_or_else(|| default_db(false), Ok)?;
            cli::backup::export(&path, &out)
        }
        Some(Command::Agenda {
            command:
                AgendaCommand::Export {
                    session,
                    format,
                    lang,
                    out,
                },
        }) => {
            let path = cli.db.clone().map_or_else(|| default_db(false), Ok)?;
            let (number, year) =
                shtab::domain::session::parse_label(&session).with_context(|| {
                    format!("{session:?} is not a session: write it as N/YYYY, e.g. 3/2026")
                })?;
            let store = open_existing(&path)?;
            let found = store
                .session_by_label(number, year)
                .with_context(|| format!("no session {number}/{year} in {}", path.display()))?;
            let lang = Lang::from(lang);
            let paper = shtab::docs::agenda::AgendaPaper::load(&store, found.id, lang)?;
            if let Some(note) = paper.untranslated(lang) {
                eprintln!("note: {note}");
            }
            let doc = paper.document(lang);
            let format = match format {
                PaperFormat::Docx => shtab::docs::Format::Docx,
                PaperFormat::Md => shtab::docs::Format::Markdown,
            };
            shtab::docs::write_new(&doc, format, &out)?;
            println!("{}", out.display());
            Ok(())
        }
        Some(Command::Protocol { command }) => {
            let path = cli.db.clone().map_or_else(|| default_db(false), Ok)?;
            let store = open_existing(&path)?;
            match command {
                ProtocolCommand::Export {
                    which,
                    format,
                    lang,
                    form,
                    out,
                } => {
                    let id = find_protocol(&store, &path, &which)?;
                    let lang = Lang::from(lang);
                    let form = match form {
                        FormArg::Full => shtab::docs::protocol::PaperForm::Full,
                        FormArg::Short => shtab::docs::protocol::PaperForm::Short,
                    };
                    let paper = shtab::docs::protocol::ProtocolPaper::load(&store, id, lang)?;
                    shtab::docs::write_new(&paper.document(form), paper_format(format), &out)?;
                    if let Some(note) = paper.untranslated() {
                        eprintln!("note: {note}");
                    }
                    println!("{}", out.display());
                }
                ProtocolCommand::Extracts {
                    which,
                    format,
                    lang,
                    out,
                } => {
                    let id = find_protocol(&store, &path, &which)?;
                    let paper =
                        shtab::docs::protocol::ProtocolPaper::load(&store, id, Lang::from(lang))?;
                    if !paper.doc.protocol.is_signed() {
                        bail!("the protocol is not signed: extracts go out once it is");
                    }
                    let files = paper.write_extracts(&out, paper_format(format))?;
                    if files.is_empty() {
                        bail!("the protocol gives no task: there is no extract to write");
                    }
                    for f in &files {
                        println!("{}", sanitize(&f.display().to_string()));
                    }
                }
                ProtocolCommand::Verify { protocol } => {
                    let (n, y) = label_of(&protocol, "protocol number")?;
                    let id = store
                        .protocol_by_number(n, y)
                        .with_context(|| format!("no protocol {n}/{y} in {}", path.display()))?;
                    // The text, its row and the signing record in the audit log.
                    let v = store.verify_signed_protocol(id)?;
                    let verdict = v.verdict(&format!("{n}/{y}"));
                    if !v.intact() {
                        bail!("{verdict}");
                    }
                    println!("{verdict}");
                }
            }
            Ok(())
        }
        #[cfg(feature = "test-tools")]
        Some(Command::Typist { session, field }) => {
            let path = cli.db.clone().map_or_else(|| default_db(false), Ok)?;
            typist(
                cli::access::open_as(&path, Permission::Edit)?,
                &session,
                field.as_deref(),
            )
        }
        #[cfg(feature = "test-tools")]
        Some(Command::Torture { command }) => {
            use shtab::domain::{OrgKind, Organization};
            use std::io::Write;
            let path = cli.db.clone().context("--db is required")?;
            let mut store = cli::access::open_or_create_as(&path, Permission::Edit, false)?;
            match command {
                TortureCommand::Bump { times } => {
                    // One shared record; every bump is a versioned update of it.
                    let id = loop {
                        let found = store
                            .organizations(&shtab::store::OrgFilter {
                                text: "torture-counter".into(),
                                include_inactive: true,
                                ..Default::default()
                            })?
                            .first()
                            .map(|o| o.id);
                        match found {
                            Some(id) => break id,
                            None => {
                                let _ = store.save_organization(&Organization::new(
                                    "torture-counter 0",
                                    OrgKind::Organization,
                                ));
                            }
                        }
                    };
                    let mut conflicts = 0usize;
                    for _ in 0..times {
                        loop {
                            let mut o = store.organization(id)?;
                            let n: i64 = o
                                .name_ky
                                .rsplit(' ')
                                .next()
                                .and_then(|x| x.parse().ok())
                                .unwrap_or(0);
                            o.name_ky = format!("torture-counter {}", n + 1);
                            match store.save_organization(&o) {
                                Ok(_) => break,
                                Err(shtab::store::StoreError::Conflict) => conflicts += 1,
                                Err(e) => return Err(e.into()),
                            }
                        }
                    }
                    println!("conflicts {conflicts}");
                    Ok(())
                }
                TortureCommand::AddTask {
                    executor,
                    deadline,
                    text,
                } => {
                    let deadline = shtab::domain::date::parse(&deadline)
                        .or_else(|| chrono::NaiveDate::parse_from_str(&deadline, "%Y-%m-%d").ok())
                        .with_context(|| format!("{deadline:?} is not a date"))?;
                    let id = store.add_task(&shtab::store::NewTask {
                        text,
                        executor_id: executor,
                        deadline,
                        controller_id: None,
                    })?;
                    println!("{id}");
                    Ok(())
                }
                TortureCommand::Append { prefix } => {
                    let mut out = std::io::stdout().lock();
                    for n in 0.. {
                        store.save_organization(&Organization::new(
                            &format!("kill-{prefix}-{n}"),
                            OrgKind::Organization,
                        ))?;
                        writeln!(out, "{n}")?;
                        out.flush()?;
                    }
                    Ok(())
                }
            }
        }
        Some(Command::User { command }) => {
            let path = cli.db.clone().map_or_else(|| default_db(false), Ok)?;
            let mut store = open_existing(&path)?;
            match command {
                UserCommand::List { format } => {
                    let users = store.users()?;
                    match format {
                        Format::Json => println!(
                            "{}",
                            escape_json_unsafe(&serde_json::to_string_pretty(&users)?)
                        ),
                        Format::Table => {
                            println!("{:<16}  {:<10}  NAME", "LOGIN", "ROLE");
                            for u in users {
                                println!(
                                    "{:<16}  {:<10}  {}",
                                    sanitize(&u.login),
                                    u.role.code(),
                                    sanitize(&u.full_name)
                                );
                            }
                        }
                    }
                    Ok(())
                }
                UserCommand::Add {
                    login,
                    name,
                    role,
                    member,
                } => {
                    require(&mut store, Permission::ManageUsers, true)?;
                    if login.trim().is_empty() {
                        bail!("a login is required");
                    }
                    if let Some(id) = member {
                        store
                            .member(id)
                            .with_context(|| format!("no HQ member with id {id}"))?;
                    }
                    store.save_user(&shtab::store::User {
                        login: login.clone(),
                        full_name: name,
                        role: role.into(),
                        member_id: member,
                    })?;
                    println!("{}: {}", sanitize(&login), AccessRole::from(role).code());
                    Ok(())
                }
                UserCommand::Remove { login } => {
                    require(&mut store, Permission::ManageUsers, true)?;
                    if login == shtab::store::current_user() {
                        bail!("you cannot remove yourself; another secretary can");
                    }
                    store
                        .remove_user(&login)
                        .with_context(|| format!("{login} is not a user"))?;
                    println!("removed {}", sanitize(&login));
                    Ok(())
                }
            }
        }
        Some(Command::Audit {
            command,
            since,
            user,
            limit,
            format,
        }) => {
            let path = cli.db.clone().map_or_else(|| default_db(false), Ok)?;
            let store = open_existing(&path)?;
            if let Some(AuditCommand::Verify) = command {
                return cli::backup::audit_verify(&path, &store);
            }
            if let Some(s) = &since {
                let valid = shtab::domain::date::parse(s).is_some()
                    || chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
                    || chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").is_ok();
                if !valid {
                    bail!("{s:?} is not a time: write 2026-11-01 or 2026-11-01T10:00:00");
                }
            }
            // Accept dd.mm.yyyy too, as everywhere else.
            let since = since.map(|s| {
                shtab::domain::date::parse(&s).map_or(s, |d| d.format("%Y-%m-%d").to_string())
            });
            let rows = store.audit_rows(&shtab::store::audit::AuditFilter {
                since,
                user,
                limit: Some(limit),
            })?;
            match format {
                Format::Json => println!(
                    "{}",
                    escape_json_unsafe(&serde_json::to_string_pretty(&rows)?)
                ),
                Format::Table => {
                    println!(
                        "{:<6}  {:<19}  {:<12}  {:<10}  {:<20}  DETAIL",
                        "ID", "AT", "USER", "ACTION", "WHAT"
                    );
                    for r in &rows {
                        let what = match r.entity_id {
                            Some(id) => format!("{} {id}", r.entity),
                            None => r.entity.clone(),
                        };
                        let detail = if r.detail.is_empty() {
                            r.new_values
                                .clone()
                                .or(r.old_values.clone())
                                .unwrap_or_default()
                        } else {
                            r.detail.clone()
                        };
                        let detail: String = detail.chars().take(80).collect();
                        println!(
                            "{:<6}  {:<19}  {:<12}  {:<10}  {:<20}  {}",
                            r.id,
                            sanitize(&r.at),
                            sanitize(&r.user),
                            sanitize(&r.action),
                            sanitize(&what),
                            sanitize(&detail)
                        );
                    }
                }
            }
            Ok(())
        }
        Some(Command::Backup { to }) => {
            let path = cli.db.clone().map_or_else(|| default_db(false), Ok)?;
            cli::backup::backup(&path, to)
        }
        Some(Command::Restore { backup }) => {
            let path = cli.db.clone().map_or_else(|| default_db(false), Ok)?;
            cli::backup::restore(&path, &backup)
        }
        Some(Command::Compliance {
            kind,
            period,
            format,
            lang,
            out,
        }) => {
            use shtab::domain::OrgKind;
            use shtab::domain::compliance;
            let path = cli.db.clone().map_or_else(|| default_db(false), Ok)?;
            let kind = match kind {
                None => None,
                Some(k) => Some(OrgKind::from_code(&k).with_context(|| {
                    let all: Vec<&str> = OrgKind::ALL.iter().map(|k| k.code()).collect();
                    format!("unknown kind {k:?}; one of: {}", all.join(", "))
                })?),
            };
            let period = match period {
                None => None,
                Some(p) => Some(compliance::parse_period(&p).with_context(|| {
                    format!("{p:?} is not a period: write YYYY-MM..YYYY-MM, e.g. 2026-01..2026-06")
                })?),
            };
            let store = open_existing(&path)?;
            let today = today();
            let rules = store.compliance_rules()?;
            let rows = store.compliance(today, kind, period)?;
            let json: Vec<ComplianceJson> = rows
                .iter()
                .map(|m| ComplianceJson {
                    organization_id: m.organization_id,
                    organization: m.name_ky.clone(),
                    organization_ru: m.name_ru.clone(),
                    kind: m.kind.code(),
                    assigned: m.assigned,
                    done_on_time: m.done_on_time,
                    done_late: m.done_late,
                    cancelled: m.cancelled,
                    open: m.open,
                    overdue_now: m.overdue_now,
                    extensions: m.extensions,
                    on_time_percent: m.on_time_percent(),
                    oldest_overdue_days: m.oldest_overdue_days,
                    overdue_months_of_last_6: m.overdue_months,
                    repeat_failure: m.repeat_failure(),
                    stage: m.stage.map(|x| x.0.code()),
                    stage_date: m.stage.map(|x| x.1.to_string()),
                    next_step: compliance::propose(m, &rules, today).map(|x| x.code()),
                })
                .collect();
            let lang = shtab::tasklist::list_lang(&store, lang.map(Lang::from));
            let v = serde_json::to_value(&json)?;
            let values = v.as_array().map(Vec::as_slice).unwrap_or_default();
            if format == ListFormat::Xlsx {
                let out = out.context("--format xlsx writes a file: give --out FILE.xlsx")?;
                if out.exists() {
                    bail!("{} exists already; it was not overwritten", out.display());
                }
                return shtab::tasklist::compliance_xlsx(values, lang, &out)
                    .map_err(anyhow::Error::msg)
                    .with_context(|| format!("cannot write {}", out.display()));
            }
            let text = match format {
                ListFormat::Xlsx => unreachable!("written above"),
                ListFormat::Json => serde_json::to_string_pretty(&json)? + "\n",
                ListFormat::Csv => shtab::tasklist::compliance_csv(values, lang),
                ListFormat::Table => {
                    use unicode_width::UnicodeWidthStr;
                    let name_w = json
                        .iter()
                        .map(|r| r.organization.width())
                        .max()
                        .unwrap_or(0)
                        .clamp(12, 40);
                    let mut t = format!(
                        "{:<name_w$}  {:>5} {:>5} {:>5} {:>5} {:>5} {:>4} {:>5} {:>5}  {:<24} {}\n",
                        "ORGANIZATION",
                        "GIVEN",
                        "ONTIM",
                        "LATE",
                        "OPEN",
                        "OVERD",
                        "EXT",
                        "RATE%",
                        "DAYS",
                        "STAGE",
                        "NEXT"
                    );
                    for r in &json {
                        let name: String = {
                            let mut n = String::new();
                            for c in r.organization.chars() {
                                if (n.clone() + &c.to_string()).width() > name_w {
                                    break;
                                }
                                n.push(c);
                            }
                            n
                        };
                        let pad = name_w.saturating_sub(name.width());
                        t.push_str(&format!(
                            "{name}{}  {:>5} {:>5} {:>5} {:>5} {:>5} {:>4} {:>5} {:>5}  {:<24} {}\n",
                            " ".repeat(pad),
                            r.assigned,
                            r.done_on_time,
                            r.done_late,
                            r.open,
                            r.overdue_now,
                            r.extensions,
                            r.on_time_percent.map(|p| p.to_string()).unwrap_or("-".into()),
                            r.oldest_overdue_days,
                            r.stage.unwrap_or("-"),
                            r.next_step.unwrap_or("-"),
                        ));
                    }
                    t
                }
            };
            // On the screen, names cannot carry escape sequences or bidi overrides.
            let text = match (&out, format) {
                (Some(_), _) => text,
                (None, ListFormat::Json) => escape_json_unsafe(&text).into_owned(),
                (None, _) => sanitize_lines(&text).into_owned(),
            };
            emit(&text, out.as_deref())
        }
        Some(Command::Sessions { year, format }) => {
            let path = cli.db.clone().map_or_else(|| default_db(false), Ok)?;
            let mut rows = open_existing(&path)?.sessions(today(), year)?;
            // Date order, so the output does not depend on the day it is run.
            rows.sort_by_key(|r| (r.session.date, r.session.time));
            let text = match format {
                Format::Table => sessions_table(&rows),
                Format::Json => {
                    let list: Vec<SessionJson> = rows.iter().map(SessionJson::from).collect();
                    serde_json::to_string_pretty(&list)? + "\n"
                }
            };
            let text = match format {
                Format::Table => sanitize_lines(&text).into_owned(),
                Format::Json => escape_json_unsafe(&text).into_owned(),
            };
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .context("cannot write the list")?;
            Ok(())
        }
        Some(Command::Report { command }) => match command {
            ReportCommand::Monthly {
                month,
                format,
                lang,
                draft,
                out,
            } => {
                let path = cli.db.clone().map_or_else(|| default_db(false), Ok)?;
                report_monthly(&path, &month, format, lang.into(), draft, &out)
            }
            ReportCommand::Consolidate {
                files,
                format,
                lang,
                allow_drafts,
                out,
            } => report_consolidate(&files, format, lang.into(), allow_drafts, &out),
        },
        Some(Command::Plan {
            command: PlanCommand::Import { file },
        }) => {
            let path = cli.db.clone().map_or_else(|| default_db(false), Ok)?;
            plan_import(&path, &file)
        }
        Some(Command::Tasks {
            query,
            overdue,
            org,
            kind,
            status,
            due_within,
            search,
            count,
            format,
            lang,
            out,
        }) => {
            use shtab::tasklist;
            let path = cli.db.clone().map_or_else(|| default_db(false), Ok)?;
            let flags = tasklist::Flags {
                overdue,
                org,
                kind,
                status,
                due_within,
                search,
            };
            let text = tasklist::query_text(&query, &flags);
            let q = tasklist::parse(&text).map_err(anyhow::Error::msg)?;
            let store = open_existing(&path)?;
            let today = today();
            let me = store.member_for_login(&shtab::store::current_user())?;
            let cx = shtab::store::QueryContext { today, me };
            if count {
                let n = store.tasks_count(&q, &cx)?;
                return tasklist::write_text(&format!("{n}\n"), out.as_deref())
                    .context("cannot write the count");
            }
            let rows = tasklist::rows(&store, &q, &cx)?;
            let lang = tasklist::list_lang(&store, lang.map(Lang::from));
            // What goes to the screen is cleaned here (tasklist.rs should clean each cell).
            let screen = |t: String, json: bool| match (&out, json) {
                (Some(_), _) => t,
                (None, true) => escape_json_unsafe(&t).into_owned(),
                (None, false) => sanitize_lines(&t).into_owned(),
            };
            let written = match format {
                TaskFormat::Table => tasklist::write_text(
                    &screen(tasklist::table(&rows, today, lang), false),
                    out.as_deref(),
                ),
                TaskFormat::Csv => tasklist::write_text(
                    &screen(tasklist::csv(&rows, today, lang), false),
                    out.as_deref(),
                ),
                TaskFormat::Json => tasklist::write_text(
                    &screen(tasklist::json(&rows, today)?, true),
                    out.as_deref(),
                ),
                TaskFormat::Xlsx => {
                    let Some(file) = out.as_deref() else {
                        bail!("--format xlsx needs --out FILE.xlsx");
                    };
                    if file.exists() {
                        bail!("{} exists already; it was not overwritten", file.display());
                    }
                    tasklist::xlsx(&rows, today, lang, file).map_err(anyhow::Error::msg)?;
                    println!("{}", file.display());
                    Ok(())
                }
            };
            written.context("cannot write the list")
        }
        Some(Command::Letter {
            org,
            kind,
            lang,
            to,
            out,
        }) => {
            let path = cli.db.clone().map_or_else(|| default_db(false), Ok)?;
            let mut store = open_existing(&path)?;
            cli::letter::run(&mut store, &org, kind, lang.into(), to.as_deref(), &out)
        }
        Some(Command::Settings { command }) => {
            let path = cli.db.clone().map_or_else(|| default_db(false), Ok)?;
            cli::settings::run(&mut open_existing(&path)?, command)
        }
        Some(Command::Import { file, replace }) => {
            let path = cli.db.clone().map_or_else(|| default_db(false), Ok)?;
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let data: shtab::store::transfer::Export = serde_json::from_str(&text)
                .with_context(|| format!("{} is not a Shtab export", file.display()))?;
            let need = if replace {
                Permission::Restore
            } else {
                Permission::Edit
            };
            let mut store = cli::access::open_or_create_as(&path, need, false)?;
            let n = store
                .import(&data, replace)
                .with_context(|| format!("nothing imported from {}", file.display()))?;
            println!("{n} records imported into {}", path.display());
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One clear line, no backtrace.
            // Names in messages cannot carry escape sequences; and still one line.
            eprintln!("shtab: {}", sanitize(&format!("{e:#}")));
            ExitCode::FAILURE
        }
    }
}
