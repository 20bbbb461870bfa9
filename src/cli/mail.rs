//! `shtab protocol send` and `shtab letter --send`: delivery by e-mail (or to an outbox
//! folder of .eml files). One line per organization on stdout; a non-zero exit with one
//! line per failure on stderr.

use std::path::{Path, PathBuf};

use anyhow::bail;

use shtab::domain::access::Permission;
use shtab::domain::text::sanitize;
use shtab::mail::extracts::{self, Delivered};
use shtab::mail::letters::LetterSent;
use shtab::mail::{Postman, SmtpSettings};
use shtab::store::{LetterKind, Store};

/// The way out: the outbox folder when given, else the configured server (checked first).
pub(crate) fn postman(store: &Store, outbox: Option<&Path>) -> anyhow::Result<Postman> {
    Ok(match outbox {
        Some(dir) => Postman::outbox(store, dir)?,
        None => Postman::connect(SmtpSettings::load(store)?)?,
    })
}

/// Organizations by id or name, for `--only`.
fn organizations(store: &Store, names: &[String]) -> anyhow::Result<Vec<i64>> {
    names
        .iter()
        .map(|n| super::letter::find_org(store, n))
        .collect()
}

pub(crate) fn send_protocol(
    store: &mut Store,
    protocol_id: i64,
    label: &str,
    only: &[String],
    outbox: Option<PathBuf>,
    again: bool,
) -> anyhow::Result<()> {
    super::run::require(store, Permission::Edit, false)?;
    let choice = extracts::Choice {
        only: organizations(store, only)?,
        again,
    };
    let postman = postman(store, outbox.as_deref())?;
    let bar = super::reports::progress_bar(0, "e-mail");
    let mut progress = |done: usize, total: usize| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };
    let sent = extracts::send(
        store,
        protocol_id,
        &choice,
        &postman,
        super::super::today(),
        &mut progress,
    )?;
    bar.finish_and_clear();
    let mut failures = Vec::new();
    for s in &sent {
        let org = sanitize(&s.organization);
        let line = match &s.delivered {
            Delivered::Sent {
                address,
                message_id,
            } => format!("sent\t{org}\t{address}\t{message_id}"),
            Delivered::Written { address } => format!("written to the outbox\t{org}\t{address}"),
            Delivered::AlreadyDelivered => format!("already delivered\t{org}"),
            Delivered::Refused { address, reply } => {
                format!(
                    "refused by the server\t{org}\t{address}\t{}",
                    sanitize(&reply.to_string())
                )
            }
            Delivered::NoAddress => format!("no e-mail in the directory\t{org}"),
            Delivered::NotTried { reason } => format!("not sent\t{org}\t{}", sanitize(reason)),
        };
        if s.delivered.failed() {
            failures.push(line.clone());
        }
        println!("{line}");
    }
    if !failures.is_empty() {
        for f in &failures {
            eprintln!("{f}");
        }
        bail!(
            "{} of {} extracts of protocol {label} were not delivered",
            failures.len(),
            sent.len()
        );
    }
    Ok(())
}

/// After `shtab letter … --send`: mail the letter just written and registered.
pub(crate) fn send_letter(
    store: &mut Store,
    org: i64,
    kind: LetterKind,
    lang: shtab::i18n::Lang,
    doc_number: &str,
    file: &Path,
    outbox: Option<&Path>,
) -> anyhow::Result<()> {
    let postman = postman(store, outbox)?;
    let date = shtab::domain::date::format(super::super::today());
    match shtab::mail::letters::send(store, org, kind, lang, doc_number, &date, file, &postman)? {
        LetterSent::Sent {
            address,
            message_id,
        } => println!("sent\t{address}\t{message_id}"),
        LetterSent::Written { address } => println!("written to the outbox\t{address}"),
        LetterSent::Refused { address, reply } => {
            bail!(
                "refused by the server\t{address}\t{}",
                sanitize(&reply.to_string())
            )
        }
        LetterSent::NoAddress => {
            bail!(
                "the organization has no e-mail in the directory: the letter was written, not sent"
            )
        }
    }
    Ok(())
}
