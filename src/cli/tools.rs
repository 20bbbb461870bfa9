//! The hidden load generators of the concurrency and crash tests (test builds only).

#[allow(unused_imports)]
use crate::*;

pub(crate) fn torture(path: &Path, command: TortureCommand) -> anyhow::Result<()> {
    use shtab::domain::{OrgKind, Organization};
    use std::io::Write;
    let mut store = cli::access::open_or_create_as(path, Permission::Edit, false)?;
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
                        Err(shtab::store::StoreError::Refused(shtab::store::Refusal::Conflict)) => {
                            conflicts += 1
                        }
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
