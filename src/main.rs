//! `shtab`: the command line. Opens the TUI, or runs one command and exits.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand, ValueEnum};

use shtab::demo::{self, DemoOptions};
use shtab::domain::access::{AccessRole, Permission};
use shtab::domain::session::format_time;
use shtab::domain::text::{escape_json_unsafe, sanitize, sanitize_lines};
use shtab::i18n::Lang;
use shtab::store::{SessionRow, Store};

mod cli;

#[allow(unused_imports)]
use cli::{args::*, reports::*, run::*, sessions::*};

fn data_dir() -> anyhow::Result<PathBuf> {
    directories::ProjectDirs::from("kg", "Tokmok", "shtab")
        .map(|d| d.data_dir().to_path_buf())
        .context("cannot find the home folder; pass --db PATH")
}

fn default_db(demo: bool) -> anyhow::Result<PathBuf> {
    Ok(data_dir()?.join(if demo { "shtab-demo.db" } else { "shtab.db" }))
}

fn open(path: &Path) -> anyhow::Result<Store> {
    cli::start::open_told(path).with_context(|| format!("cannot open {}", path.display()))
}

/// Every command that reads opens through here: the role check (`access.unknown`) included.
fn open_existing(path: &Path) -> anyhow::Result<Store> {
    cli::access::open_as(path, Permission::Read)
}

/// A command that writes nothing (the lists for scripts) opens a read-only connection: no
/// writer's start-up (stamp, migrations check, trigger repair, the WAL checkpoint at close).
fn open_reader(path: &Path) -> anyhow::Result<Store> {
    if !path.exists() {
        bail!("{} does not exist", path.display());
    }
    let mut store = cli::start::open_reader_told(path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    cli::access::authorize(&mut store, Permission::Read, false)?;
    Ok(store)
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn write_demo(path: &Path, tasks: usize, seed: u64) -> anyhow::Result<demo::DemoSummary> {
    let mut store = cli::access::open_or_create_as(path, Permission::Edit, false)?;
    let bar = cli::reports::progress_bar(tasks, "demo tasks");
    let out = demo::generate_with_progress(
        &mut store,
        &DemoOptions {
            tasks,
            seed,
            today: today(),
        },
        &mut |done, _| bar.set_position(done),
    );
    bar.finish_and_clear();
    out.with_context(|| format!("cannot write the demo into {}", path.display()))
}

/// The error is a write to a pipe whose reader has gone.
fn closed_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    cli::start::set_upgrade_lang(cli.lang.map(Lang::from));
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stopped reading (`shtab tasks | head`) is not an error to report.
        Err(e) if closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // One clear line, no backtrace.
            // Names in messages cannot carry escape sequences; and still one line.
            eprintln!("shtab: {}", sanitize(&format!("{e:#}")));
            if e.downcast_ref::<cli::reports::BadArgument>().is_some() {
                return ExitCode::from(2);
            }
            ExitCode::FAILURE
        }
    }
}
