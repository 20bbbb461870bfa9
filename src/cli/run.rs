//! One command run: the database opened as the login's role allows, the work handed to the
//! command's module.

#[allow(unused_imports)]
use crate::*;

/// The one role check (see `cli::access`).
pub(crate) fn require(store: &mut Store, p: Permission, adopt: bool) -> anyhow::Result<()> {
    cli::access::authorize(store, p, adopt).map(drop)
}

pub(crate) fn run(cli: Cli) -> anyhow::Result<()> {
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
            let mut store = open_existing(&path)?;
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
                ProtocolCommand::Send {
                    protocol,
                    only,
                    outbox,
                    again,
                } => {
                    let (n, y) = label_of(&protocol, "protocol number")?;
                    let id = store
                        .protocol_by_number(n, y)
                        .with_context(|| format!("no protocol {n}/{y} in {}", path.display()))?;
                    cli::mail::send_protocol(&mut store, id, &protocol, &only, outbox, again)?;
                }
                ProtocolCommand::Verify { protocol, format } => {
                    let (n, y) = label_of(&protocol, "protocol number")?;
                    let id = store
                        .protocol_by_number(n, y)
                        .with_context(|| format!("no protocol {n}/{y} in {}", path.display()))?;
                    // The text, its row and the signing record in the audit log.
                    let v = store.verify_signed_protocol(id)?;
                    let lang = shtab::tasklist::list_lang(&store, cli.lang.map(Lang::from));
                    let verdict = verdict_words(&v, &format!("{n}/{y}"), lang);
                    if format == Format::Json {
                        let j = serde_json::json!({
                            "protocol": format!("{n}/{y}"),
                            "result": verdict_code(&v),
                            "sha256_signed": v.stored,
                            "sha256_now": v.computed,
                            "sha256_in_audit_log": v.anchored,
                        });
                        println!("{}", serde_json::to_string_pretty(&j)?);
                        if !v.intact() {
                            return Err(anyhow::anyhow!("{verdict}"));
                        }
                        return Ok(());
                    }
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
                    if let Err(e) = shtab::domain::access::check_login(&login) {
                        bail!("{:?} cannot be a login: {e}", sanitize(&login));
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
                ListFormat::Table => shtab::tasklist::compliance_table(values, lang),
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
            let store = open_existing(&path)?;
            let mut rows = store.sessions(today(), year)?;
            // Date order, so the output does not depend on the day it is run.
            rows.sort_by_key(|r| (r.session.date, r.session.time));
            let text = match format {
                Format::Table => sessions_table(
                    &rows,
                    shtab::tasklist::list_lang(&store, cli.lang.map(Lang::from)),
                ),
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
            let login = shtab::store::current_user();
            let me = store.member_for_login(&login)?;
            if me.is_none() && q.controller == Some(shtab::domain::query::Controller::Me) {
                let lang = tasklist::list_lang(&store, lang.map(Lang::from));
                bail!(
                    "{}",
                    shtab::i18n::fill(lang.strings().tasks.not_member, &[&login])
                );
            }
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
            send,
            outbox,
        }) => {
            let path = cli.db.clone().map_or_else(|| default_db(false), Ok)?;
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
            let path = cli.db.clone().map_or_else(|| default_db(false), Ok)?;
            cli::settings::run(&mut open_existing(&path)?, command)
        }
        Some(Command::Import { file, replace }) => {
            let path = cli.db.clone().map_or_else(|| default_db(false), Ok)?;
            let reading = cli::reports::spinner("reading");
            let data = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))
                .and_then(|text| {
                    serde_json::from_str::<shtab::store::transfer::Export>(&text)
                        .with_context(|| format!("{} is not a Shtab export", file.display()))
                });
            reading.finish_and_clear();
            let data = data?;
            let need = if replace {
                Permission::Restore
            } else {
                Permission::Edit
            };
            let mut store = cli::access::open_or_create_as(&path, need, false)?;
            let bar = cli::reports::progress_bar(0, "import");
            let n = store.import_with_progress(&data, replace, &mut |done, all| {
                cli::reports::follow(&bar, done, all)
            });
            bar.finish_and_clear();
            let n = n.with_context(|| format!("nothing imported from {}", file.display()))?;
            println!("{n} records imported into {}", path.display());
            Ok(())
        }
    }
}
