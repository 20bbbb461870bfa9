//! `shtab letter`: write one letter of the escalation ladder as of today and register it
//! with the next outgoing number of the year (for scripts and tests).

use std::path::Path;

use anyhow::{Context, bail};
use clap::ValueEnum;

use shtab::docs::letters::{LetterOut, write_registered};
use shtab::domain::access::Permission;
use shtab::i18n::Lang;
use shtab::store::{LetterKind, OrgFilter, Store};

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Reminder,
    Warning,
    Summons,
    Cover,
}

impl From<KindArg> for LetterKind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Reminder => LetterKind::Reminder,
            KindArg::Warning => LetterKind::Warning,
            KindArg::Summons => LetterKind::Summons,
            KindArg::Cover => LetterKind::CoverLetter,
        }
    }
}

/// The organization by id, or by (part of) its Kyrgyz or Russian name when one matches.
pub(crate) fn find_org(store: &Store, which: &str) -> anyhow::Result<i64> {
    if let Ok(id) = which.trim().parse::<i64>() {
        store
            .organization(id)
            .with_context(|| format!("no organization with id {id}"))?;
        return Ok(id);
    }
    let found = store.organizations(&OrgFilter {
        text: which.trim().to_string(),
        include_inactive: true,
        ..Default::default()
    })?;
    let exact: Vec<_> = found
        .iter()
        .filter(|o| o.name_ky == which.trim() || o.name_ru == which.trim())
        .collect();
    match (exact.as_slice(), found.as_slice()) {
        ([one], _) => Ok(one.id),
        ([], [one]) => Ok(one.id),
        ([], []) => bail!("no organization named {which:?}"),
        _ => bail!(
            "{which:?} names {} organizations; give the id (shtab compliance lists them)",
            found.len()
        ),
    }
}

pub fn run(
    store: &mut Store,
    org: &str,
    kind: KindArg,
    lang: Lang,
    body: Option<&str>,
    out: &Path,
    send: Option<Option<&Path>>,
) -> anyhow::Result<()> {
    super::super::require(store, Permission::Edit, false)?;
    let id = find_org(store, org)?;
    let body = body.unwrap_or(lang.strings().doc_higher_body);
    let target = if out.is_dir() {
        LetterOut::Folder(out)
    } else {
        LetterOut::File(out)
    };
    let today = chrono::Local::now().date_naive();
    let w = write_registered(store, id, kind.into(), lang, today, body, target)
        .map_err(anyhow::Error::msg)?;
    if let Some(note) = &w.untranslated {
        eprintln!("note: {note}");
    }
    println!("{}\t{}", w.number, w.path.display());
    if let Some(outbox) = send {
        super::mail::send_letter(store, id, kind.into(), lang, &w.number, &w.path, outbox)?;
    }
    Ok(())
}
