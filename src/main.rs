//! `shtab`: the command line. Opens the TUI, or runs one command and exits.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand, ValueEnum};

use shtab::app::App;
use shtab::demo::{self, DemoOptions};
use shtab::domain::session::format_time;
use shtab::i18n::Lang;
use shtab::store::{SessionRow, Store};

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
    /// For the durability and conflict tests.
    #[command(hide = true)]
    Typist {
        #[arg(long, value_name = "N/YYYY")]
        session: String,
        /// The field to start in (as the editor names it, e.g. decision_text:12).
        #[arg(long)]
        field: Option<String>,
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

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PaperFormat {
    Docx,
    Md,
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

fn open_existing(path: &Path) -> anyhow::Result<Store> {
    if !path.exists() {
        bail!("{} does not exist", path.display());
    }
    open(path)
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn write_demo(path: &Path, tasks: usize, seed: u64) -> anyhow::Result<demo::DemoSummary> {
    let mut store = open(path)?;
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
    match cli.command {
        None => {
            let path = match &cli.db {
                Some(p) => p.clone(),
                None => default_db(cli.demo)?,
            };
            if cli.demo && !path.exists() {
                write_demo(&path, 150, 1)?;
            }
            let store = open(&path)?;
            let saved = store.setting("lang")?.and_then(|l| Lang::from_code(&l));
            let lang = cli
                .lang
                .map(Lang::from)
                .or(saved)
                .unwrap_or_else(Lang::from_env);
            let app = App::new(store, lang, today(), cli.demo);
            shtab::tui::run(app)
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
            let problems = open_existing(&path)?.check()?;
            if problems.is_empty() {
                println!("ok");
                Ok(())
            } else {
                for p in &problems {
                    println!("{p}");
                }
                bail!("{} problem(s) in {}", problems.len(), path.display())
            }
        }
        Some(Command::Export { out }) => {
            let path = cli.db.clone().map_or_else(|| default_db(false), Ok)?;
            let data = open_existing(&path)?.export()?;
            let file = std::fs::File::create(&out)
                .with_context(|| format!("cannot write {}", out.display()))?;
            serde_json::to_writer(std::io::BufWriter::new(file), &data)
                .with_context(|| format!("cannot write {}", out.display()))?;
            Ok(())
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
            let doc =
                shtab::docs::agenda::AgendaPaper::load(&store, found.id, lang)?.document(lang);
            let format = match format {
                PaperFormat::Docx => shtab::docs::Format::Docx,
                PaperFormat::Md => shtab::docs::Format::Markdown,
            };
            shtab::docs::write(&doc, format, &out)?;
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
                    let doc = shtab::docs::protocol::ProtocolPaper::load(&store, id, lang)?
                        .document(form);
                    shtab::docs::write(&doc, paper_format(format), &out)?;
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
                        println!("{}", f.display());
                    }
                }
                ProtocolCommand::Verify { protocol } => {
                    let (n, y) = label_of(&protocol, "protocol number")?;
                    let id = store
                        .protocol_by_number(n, y)
                        .with_context(|| format!("no protocol {n}/{y} in {}", path.display()))?;
                    let v = store.verify_protocol(id)?;
                    match v.stored {
                        None => bail!("protocol {n}/{y} is not signed"),
                        Some(stored) if v.intact => {
                            println!("protocol {n}/{y}: intact (sha256 {stored})")
                        }
                        Some(stored) => bail!(
                            "protocol {n}/{y} has changed since it was signed: sha256 {stored} \
                             was signed, the text now gives {}",
                            v.computed
                        ),
                    }
                }
            }
            Ok(())
        }
        Some(Command::Typist { session, field }) => {
            let path = cli.db.clone().map_or_else(|| default_db(false), Ok)?;
            typist(open_existing(&path)?, &session, field.as_deref())
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
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .context("cannot write the list")?;
            Ok(())
        }
        Some(Command::Import { file, replace }) => {
            let path = cli.db.clone().map_or_else(|| default_db(false), Ok)?;
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let data: shtab::store::transfer::Export = serde_json::from_str(&text)
                .with_context(|| format!("{} is not a Shtab export", file.display()))?;
            let n = open(&path)?
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
            eprintln!("shtab: {e:#}");
            ExitCode::FAILURE
        }
    }
}
