//! `shtab check`, `backup`, `restore`, `export` and `audit verify`: the commands that copy,
//! replace or vouch for the whole database.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use shtab::domain::access::Permission;
use shtab::store::Store;
use shtab::store::backup as b;

/// Integrity, foreign keys and the data's rules, read-only: nothing is written (no WAL
/// checkpoint, no journal change), so a backup or a damaged file is checked as it is.
pub fn check(path: &Path) -> anyhow::Result<()> {
    if !path.exists() {
        bail!("{} does not exist", path.display());
    }
    let mut store =
        Store::open_read_only(path).with_context(|| format!("cannot open {}", path.display()))?;
    super::access::authorize(&mut store, Permission::Read, false)?;
    let mut problems = store.check()?;
    if problems.is_empty() {
        problems.extend(store.check_trust()?);
        problems.extend(store.check_data()?);
    }
    // On stderr, so stdout stays "ok" for scripts; with problems, in the error line.
    let backups = super::start::backup_age_line(path, std::time::SystemTime::now());
    if problems.is_empty() {
        eprintln!("{}", shtab::domain::text::sanitize(&backups));
        println!("ok");
        return Ok(());
    }
    for p in &problems {
        println!("{}", shtab::domain::text::sanitize(p));
    }
    bail!(
        "{} problem(s) in {}; {backups}",
        problems.len(),
        path.display()
    )
}

/// A consistent copy into `to` (by default `backups/` beside the database), 0600, under a
/// name no other backup has; its anchor beside it.
pub fn backup(path: &Path, to: Option<PathBuf>) -> anyhow::Result<()> {
    let store = super::access::open_as(path, Permission::Edit)?;
    let dir = to.unwrap_or_else(|| b::backup_dir(path));
    let stamp = chrono::Local::now().format("%Y-%m-%d-%H%M%S");
    let dest = b::unique_name(&dir, &format!("shtab-{stamp}"));
    let bar = super::reports::spinner("backup");
    let done = store.backup_to(&dest);
    bar.finish_and_clear();
    done.with_context(|| format!("cannot back up into {}", dir.display()))?;
    println!("{}", dest.display());
    Ok(())
}

/// Put `backup` in place of the database: the secretary's, refused onto itself, while
/// another Shtab has it open, or from a newer schema; the replaced file is kept.
pub fn restore(path: &Path, backup: &Path) -> anyhow::Result<()> {
    // A live file that does not open as Shtab's has nothing to guard (a restore is its cure).
    // An older one is upgraded to be read, and says so, as every command does.
    if path.exists()
        && let Ok(mut live) = super::start::open_told(path)
    {
        super::access::authorize(&mut live, Permission::Restore, false)?;
    }
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
    let bar = super::reports::spinner("restore");
    let kept = b::restore(backup, path, &stamp);
    bar.finish_and_clear();
    let kept = kept.with_context(|| format!("nothing restored from {}", backup.display()))?;
    match kept {
        Some(k) => println!(
            "restored {}; the replaced file is {}",
            path.display(),
            k.display()
        ),
        None => println!("restored {}", path.display()),
    }
    Ok(())
}

/// The whole database as JSON, into a temporary file renamed over `out` once complete.
pub fn export(path: &Path, out: &Path) -> anyhow::Result<()> {
    let store = super::access::open_as(path, Permission::Read)?;
    let bar = super::reports::progress_bar(0, "export");
    let data = store.export_with_progress(&mut |done, all| super::reports::follow(&bar, done, all));
    bar.finish_and_clear();
    let data = data?;
    let mut tmp = out.as_os_str().to_owned();
    tmp.push(format!(".partial-{}", std::process::id()));
    let tmp = PathBuf::from(tmp);
    let written = std::fs::File::create(&tmp).and_then(|f| {
        use std::io::Write;
        let mut w = std::io::BufWriter::new(f);
        serde_json::to_writer(&mut w, &data).map_err(std::io::Error::other)?;
        w.flush()?;
        w.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&tmp, out)
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("cannot write {}", out.display()));
    }
    Ok(())
}

/// The hash chain from the first row, then the log against every anchor beside the
/// backups; says what it compared.
pub fn audit_verify(path: &Path, store: &Store) -> anyhow::Result<()> {
    if let Some(id) = store.verify_audit()? {
        bail!("the audit log was tampered with: row {id} does not match its hash chain");
    }
    let now = store.audit_anchor()?;
    let anchors = b::anchors(&b::backup_dir(path));
    for (file, a) in &anchors {
        if let Some(problem) = store.check_anchor(a)? {
            bail!(
                "the audit log was tampered with: {problem} (anchor {})",
                file.display()
            );
        }
    }
    // Each issued report recorded the chain's head when it was issued.
    let reports = store.report_anchors()?;
    for (label, a) in &reports {
        if let Some(problem) = store.check_anchor(a)? {
            bail!("the audit log was tampered with: {problem} (recorded by report {label})");
        }
    }
    let head: String = now.head.chars().take(16).collect();
    match anchors.last() {
        Some((file, a)) => println!(
            "ok: {} rows chained, head {head}…; the log holds what {} anchor(s) beside the backups and {} issued report(s) recorded (the newest backup's: {} rows up to row {}, {})",
            now.rows,
            anchors.len(),
            reports.len(),
            a.rows,
            a.last_id,
            file.display()
        ),
        None => println!(
            "ok: {} rows chained, head {head}…; {} issued report(s) compared; no backup anchor to compare the tail with (run shtab backup)",
            now.rows,
            reports.len()
        ),
    }
    Ok(())
}

/// Read an export into the database, all or nothing.
pub(crate) fn import(path: &Path, file: &Path, replace: bool) -> anyhow::Result<()> {
    let reading = super::reports::spinner("reading");
    let data = std::fs::read_to_string(file)
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
    let mut store = super::access::open_or_create_as(path, need, false)?;
    let bar = super::reports::progress_bar(0, "import");
    let n = store.import_with_progress(&data, replace, &mut |done, all| {
        super::reports::follow(&bar, done, all)
    });
    bar.finish_and_clear();
    let n = n.with_context(|| format!("nothing imported from {}", file.display()))?;
    println!("{n} records imported into {}", path.display());
    Ok(())
}
