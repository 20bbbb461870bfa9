//! One command run: the database opened as the login's role allows, the work handed to the
//! command's module.

#[allow(unused_imports)]
use crate::*;

/// The one role check (see `cli::access`).
pub(crate) fn require(store: &mut Store, p: Permission, adopt: bool) -> anyhow::Result<()> {
    cli::access::authorize(store, p, adopt).map(drop)
}

pub(crate) fn run(cli: Cli) -> anyhow::Result<()> {
    // The database a command acts on: `--db`, or the platform's data folder (the demo's own
    // file for the demo); resolved here only.
    let explicit = cli.db.clone();
    let db = |demo: bool| explicit.clone().map_or_else(|| default_db(demo), Ok);
    // The login is fixed once, from the OS (and the sudo rule for this database).
    let demo_db = cli.demo || matches!(cli.command, Some(Command::Demo { .. }));
    if let Ok(db) = db(demo_db) {
        shtab::store::identify_for(&db);
    }
    let lang = cli.lang;
    match cli.command {
        None => {
            let (app, daily) = cli::start::prepare(&cli::start::Start {
                path: db(cli.demo)?,
                explicit_db: explicit.is_some(),
                demo: cli.demo,
                lang: lang.map(Lang::from),
                today: today(),
            })?;
            let result = shtab::tui::run(app);
            if let Some(daily) = daily {
                cli::start::finish_daily(daily);
            }
            result
        }
        Some(Command::Demo { scale, seed }) => cli::start::demo(&db(true)?, scale, seed),
        Some(Command::Check) => cli::backup::check(&db(false)?),
        Some(Command::Export { ref out }) => cli::backup::export(&db(false)?, out),
        Some(Command::Agenda { command }) => cli::papers::agenda(&db(false)?, command),
        Some(Command::Protocol { command }) => cli::papers::protocol(&db(false)?, lang, command),
        #[cfg(feature = "test-tools")]
        Some(Command::Typist {
            ref session,
            ref field,
        }) => typist(
            cli::access::open_as(&db(false)?, Permission::Edit)?,
            session,
            field.as_deref(),
        ),
        #[cfg(feature = "test-tools")]
        Some(Command::Torture { command }) => {
            cli::tools::torture(&explicit.clone().context("--db is required")?, command)
        }
        Some(Command::User { command }) => cli::users::user(&db(false)?, command),
        Some(Command::Audit(args)) => cli::users::audit(&db(false)?, args),
        Some(Command::Backup { to }) => cli::backup::backup(&db(false)?, to),
        Some(Command::Restore { ref backup }) => cli::backup::restore(&db(false)?, backup),
        Some(Command::Compliance(args)) => cli::lists::compliance(&db(false)?, args),
        Some(Command::Sessions { year, format }) => {
            cli::lists::sessions(&db(false)?, lang, year, format)
        }
        Some(Command::Report { command }) => match command {
            ReportCommand::Monthly {
                month,
                format,
                lang,
                draft,
                out,
            } => {
                let path = db(false)?;
                report_monthly(&path, &month, format, lang.into(), draft, &out)
            }
            ReportCommand::Consolidate {
                files,
                format,
                lang,
                allow_drafts,
                out,
            } => report_consolidate(&files, format, lang.into(), allow_drafts, &out),
            ReportCommand::Trend {
                months,
                kind,
                lang,
                format,
                out,
            } => {
                let path = cli.db.clone().map_or_else(|| default_db(false), Ok)?;
                let args = TrendArgs {
                    months,
                    kind,
                    lang: lang.into(),
                    format,
                };
                report_trend(&path, &args, out.as_deref())
            }
        },
        Some(Command::Plan {
            command: PlanCommand::Import { file },
        }) => {
            let path = db(false)?;
            plan_import(&path, &file)
        }
        Some(Command::Tasks(args)) => cli::lists::tasks(&db(false)?, args),
        Some(Command::Letter {
            org,
            kind,
            lang,
            to,
            out,
            send,
            outbox,
        }) => {
            let path = db(false)?;
            let mut store = open_existing(&path)?;
            let send = send.then_some(outbox.as_deref());
            cli::letter::run(
                &mut store,
                &org,
                kind,
                lang.into(),
                to.as_deref(),
                &out,
                send,
            )
        }
        Some(Command::Settings { command }) => {
            cli::settings::run(&mut open_existing(&db(false)?)?, command)
        }
        Some(Command::Import { ref file, replace }) => {
            cli::backup::import(&db(false)?, file, replace)
        }
    }
}
