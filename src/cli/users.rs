//! `shtab user …` and `shtab audit`: who may do what, and who did what.

#[allow(unused_imports)]
use crate::*;

pub(crate) fn user(path: &Path, command: UserCommand) -> anyhow::Result<()> {
    let mut store = open_existing(path)?;
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

pub(crate) fn audit(path: &Path, args: AuditArgs) -> anyhow::Result<()> {
    let AuditArgs {
        command,
        since,
        user,
        limit,
        format,
    } = args;
    let store = open_existing(path)?;
    if let Some(AuditCommand::Verify) = command {
        return cli::backup::audit_verify(path, &store);
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
    let since = since
        .map(|s| shtab::domain::date::parse(&s).map_or(s, |d| d.format("%Y-%m-%d").to_string()));
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
