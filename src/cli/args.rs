//! The command line's words: every command, its arguments and their values (clap).

#[allow(unused_imports)]
use crate::*;

#[derive(Parser)]
#[command(
    name = "shtab",
    version,
    about = "Secretariat of a city's digitalization HQ: sessions, protocols, tasks, compliance, plan, reports"
)]
pub(crate) struct Cli {
    /// The database file (default: the platform's data folder, e.g. ~/.local/share/shtab/shtab.db).
    #[arg(long, global = true, value_name = "PATH")]
    pub(crate) db: Option<PathBuf>,
    /// Language of the screens.
    #[arg(long, value_enum)]
    pub(crate) lang: Option<LangArg>,
    /// Open on a demo database (made on first use; kept apart from the real one).
    #[arg(long)]
    pub(crate) demo: bool,
    #[command(subcommand)]
    pub(crate) command: Option<Command>,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum LangArg {
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
pub(crate) enum Command {
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
        /// Then e-mail it to the organization (the server in `shtab settings`).
        #[arg(long)]
        send: bool,
        /// With --send: write an .eml into this folder instead of sending.
        #[arg(long, value_name = "DIR", requires = "send")]
        outbox: Option<PathBuf>,
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
pub(crate) enum TortureCommand {
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
pub(crate) enum UserCommand {
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
pub(crate) enum RoleArg {
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

#[derive(Subcommand)]
pub(crate) enum AuditCommand {
    /// Recompute the hash chain: "ok", or the first row that was changed or removed.
    Verify,
}

#[derive(Subcommand)]
pub(crate) enum AgendaCommand {
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
pub(crate) struct WhichProtocol {
    /// The signed protocol's number and year: 12/2026.
    #[arg(value_name = "N/YYYY", required_unless_present = "session")]
    pub(crate) protocol: Option<String>,
    /// Or the session's number and year, for a protocol not signed yet.
    #[arg(long, value_name = "N/YYYY", conflicts_with = "protocol")]
    pub(crate) session: Option<String>,
}

#[derive(Subcommand)]
pub(crate) enum ProtocolCommand {
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
    /// E-mail the extracts of signed protocol N/YYYY to the executors (the directory's
    /// addresses; `shtab settings set smtp.host …`), or write them to an outbox folder as .eml.
    /// Only what is still undelivered, unless --again.
    Send {
        #[arg(value_name = "N/YYYY")]
        protocol: String,
        /// Only these organizations (id or name; repeat the option).
        #[arg(long, value_name = "ORG")]
        only: Vec<String>,
        /// Write .eml files into this folder instead of sending (nothing is marked delivered).
        #[arg(long, value_name = "DIR")]
        outbox: Option<PathBuf>,
        /// Send to organizations already in the register too.
        #[arg(long)]
        again: bool,
    },
    /// Recompute the SHA-256 of signed protocol N/YYYY: "intact" or what changed (exit 1).
    Verify {
        #[arg(value_name = "N/YYYY")]
        protocol: String,
        /// Words in the UI language, or JSON with the result's code for scripts.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FormArg {
    Full,
    Short,
}

#[derive(Subcommand)]
pub(crate) enum ReportCommand {
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
    /// The trend: each of the last N months as of its last day (the monthly report's
    /// figures), overall or for one kind of organization.
    Trend {
        /// How many months, ending with this one (1 to 120).
        #[arg(
            long,
            default_value_t = 12,
            value_name = "N",
            allow_negative_numbers = true
        )]
        months: i64,
        /// Only tasks and hearings of this kind (school, hoa, condominium, tos, …).
        #[arg(long, value_name = "KIND")]
        kind: Option<String>,
        #[arg(long, value_enum, default_value_t = LangArg::Ky)]
        lang: LangArg,
        #[arg(long, value_enum, default_value_t = TrendFormat::Json)]
        format: TrendFormat,
        /// The file to write (json and csv go to stdout without it; xlsx needs it).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum TrendFormat {
    Json,
    Csv,
    Xlsx,
}

#[derive(Subcommand)]
pub(crate) enum PlanCommand {
    /// Add and update measures from a CSV file (see the README for the columns); every bad
    /// row is reported and nothing is written unless all rows are good.
    Import {
        #[arg(value_name = "FILE.csv")]
        file: PathBuf,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReportFormat {
    Docx,
    Xlsx,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ConsolidateFormat {
    Xlsx,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ListFormat {
    Table,
    Csv,
    Json,
    /// A workbook (needs --out): a bold header with filters, numbers as numbers.
    Xlsx,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PaperFormat {
    Docx,
    Md,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum TaskFormat {
    Table,
    Csv,
    Json,
    Xlsx,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Table,
    Json,
}
