//! The lists for scripts and cron: `shtab tasks`, `shtab compliance`, `shtab sessions`.

#[allow(unused_imports)]
use crate::*;

pub(crate) fn tasks(path: &Path, args: TasksArgs) -> anyhow::Result<()> {
    let TasksArgs {
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
    } = args;
    use shtab::tasklist;
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
    let store = open_reader(path)?;
    let today = today();
    let login = shtab::store::current_user();
    let me = store.member_for_login(&login)?;
    if me.is_none() && q.controller == Some(shtab::domain::query::Controller::Me) {
        let lang = tasklist::list_lang(&store, lang.map(Lang::from));
        bail!("{}", lang.strings().tasks.not_member.fill([&login]));
    }
    let cx = shtab::store::QueryContext { today, me };
    if count {
        let n = store.tasks_count(&q, &cx)?;
        return tasklist::write_text(&format!("{n}\n"), out.as_deref())
            .context("cannot write the count");
    }
    let lang = tasklist::list_lang(&store, lang.map(Lang::from));
    // The table's and the CSV's cells are cleaned one by one in tasklist.rs (no second
    // pass over the text); JSON strings are escaped here for the screen.
    let written = match format {
        TaskFormat::Table => {
            // Written as it is made: no row's full reading, no whole text in memory.
            let listed = store.tasks_listed(&q, &cx)?;
            match out.as_deref() {
                Some(file) => {
                    let mut text = Vec::new();
                    tasklist::table_listed(&listed, today, lang, &mut text)
                        .and_then(|()| tasklist::write_file(&text, file))
                }
                None => tasklist::table_listed(&listed, today, lang, &mut std::io::stdout().lock()),
            }
        }
        TaskFormat::Csv => {
            let rows = tasklist::rows(&store, &q, &cx)?;
            tasklist::write_text(&tasklist::csv(&rows, today, lang)?, out.as_deref())
        }
        TaskFormat::Json => {
            let rows = tasklist::rows(&store, &q, &cx)?;
            let text = tasklist::json(&rows, today)?;
            let text = match &out {
                Some(_) => text,
                None => escape_json_unsafe(&text).into_owned(),
            };
            tasklist::write_text(&text, out.as_deref())
        }
        TaskFormat::Xlsx => {
            let Some(file) = out.as_deref() else {
                bail!("--format xlsx needs --out FILE.xlsx");
            };
            if file.exists() {
                bail!("{} exists already; it was not overwritten", file.display());
            }
            let rows = tasklist::rows(&store, &q, &cx)?;
            tasklist::xlsx(&rows, today, lang, file).map_err(anyhow::Error::msg)?;
            println!("{}", file.display());
            Ok(())
        }
    };
    written.context("cannot write the list")
}

pub(crate) fn compliance(path: &Path, args: ComplianceArgs) -> anyhow::Result<()> {
    let ComplianceArgs {
        kind,
        period,
        format,
        lang,
        out,
    } = args;
    use shtab::domain::OrgKind;
    use shtab::domain::compliance;
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
    let store = open_reader(path)?;
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
    let text = match format {
        ListFormat::Xlsx => {
            let out = out.context("--format xlsx writes a file: give --out FILE.xlsx")?;
            if out.exists() {
                bail!("{} exists already; it was not overwritten", out.display());
            }
            return shtab::tasklist::compliance_xlsx(values, lang, &out)
                .map_err(anyhow::Error::msg)
                .with_context(|| format!("cannot write {}", out.display()));
        }
        ListFormat::Json => serde_json::to_string_pretty(&json)? + "\n",
        ListFormat::Csv => shtab::tasklist::compliance_csv(values, lang)?,
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

pub(crate) fn sessions(
    path: &Path,
    cli_lang: Option<LangArg>,
    year: Option<i32>,
    format: Format,
) -> anyhow::Result<()> {
    let store = open_reader(path)?;
    let mut rows = store.sessions(today(), year)?;
    // Date order, so the output does not depend on the day it is run.
    rows.sort_by_key(|r| (r.session.date, r.session.time));
    let text = match format {
        Format::Table => sessions_table(
            &rows,
            shtab::tasklist::list_lang(&store, cli_lang.map(Lang::from)),
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
