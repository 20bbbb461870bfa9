//! Opening the TUI: the database, the first start of the day's check and backup, the login
//! and the language. The daily backup is a safety net, not a gate: when it fails the app
//! opens anyway with a red notice, and the next start tries again.

use std::path::{Path, PathBuf};

use anyhow::bail;
use chrono::NaiveDate;

use shtab::app::App;
use shtab::domain::access::AccessRole;
use shtab::i18n::{Lang, fill};
use shtab::store::Store;
use shtab::store::backup::{auto_backup, backup_dir};

/// What the command line asked for when no command was given.
pub struct Start {
    pub path: PathBuf,
    /// `--db` was given (so the manual backup command must name the file).
    pub explicit_db: bool,
    pub demo: bool,
    pub lang: Option<Lang>,
    pub today: NaiveDate,
}

/// Everything before the first frame: returns the App ready for `tui::run`.
pub fn prepare(start: &Start) -> anyhow::Result<App> {
    let path = &start.path;
    if start.demo && !path.exists() {
        crate::write_demo(path, 150, 1)?;
    }
    let mut store = crate::open(path)?;
    let dir = backup_dir(path);
    // The integrity check reads the whole file (≈ 0.4 s at 100,000 tasks), so it runs with
    // the first start of each day, before that day's backup, not at every start.
    let first_today = !dir
        .join(format!("shtab-daily-{}.db", start.today.format("%Y-%m-%d")))
        .exists();
    let problems = if first_today || start.demo {
        store.quick_check()?
    } else {
        Vec::new()
    };
    if !problems.is_empty() {
        bail!(
            "{} is damaged ({}); nothing was changed. Restore a copy: shtab restore {} --db {}",
            path.display(),
            problems.join("; "),
            dir.join("shtab-daily-….db").display(),
            path.display()
        );
    }
    let backup_failed = if start.demo {
        None
    } else {
        daily_backup(&store, &dir, start.today).err()
    };
    let login = shtab::store::current_user();
    if start.demo {
        // In the demo the person trying it is its secretary.
        store.save_user(&shtab::store::User {
            login: login.clone(),
            full_name: String::new(),
            role: AccessRole::Secretary,
            member_id: None,
        })?;
    } else {
        store.adopt_first_user(&login)?;
    }
    let access = store.access(&login)?;
    if access.role.is_none() && store.setting("access.unknown")?.as_deref() == Some("refuse") {
        bail!(
            "{login} is not a user of {}; the secretary adds users with: shtab user add {login} --role member",
            path.display()
        );
    }
    let saved = store.setting("lang")?.and_then(|l| Lang::from_code(&l));
    let lang = start.lang.or(saved).unwrap_or_else(Lang::from_env);
    let s = lang.strings();
    let mut app = App::new(store, lang, start.today, start.demo);
    if access.role.is_none() {
        app.message = Some((fill(s.read_only_banner, &[&login]), true));
    }
    // The failed backup outranks the read-only banner: it is about everyone's data.
    if let Some(reason) = backup_failed {
        let command = if start.explicit_db {
            format!("shtab backup --db \"{}\"", path.display())
        } else {
            "shtab backup".to_string()
        };
        app.message = Some((fill(s.backup_failed_notice, &[&reason, &command]), true));
    }
    app.access = access;
    Ok(app)
}

/// The day's automatic copy, keeping as many as the settings say.
fn daily_backup(store: &Store, dir: &Path, today: NaiveDate) -> shtab::store::Result<()> {
    let keep = |key: &str, default: usize| {
        store
            .setting(key)
            .ok()
            .flatten()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    auto_backup(
        store,
        dir,
        today,
        keep("backup.keep_daily", 14),
        keep("backup.keep_monthly", 12),
    )
    .map(|_| ())
}

/// The newest copy in `dir` (automatic or by hand) and when it was written.
pub fn newest_backup(dir: &Path) -> Option<(PathBuf, std::time::SystemTime)> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| n.starts_with("shtab-") && n.ends_with(".db"))
        })
        .filter_map(|e| Some((e.path(), e.metadata().ok()?.modified().ok()?)))
        .max_by_key(|(_, t)| *t)
}

/// The line `shtab check` adds (on stderr, so stdout stays "ok" for scripts).
pub fn backup_age_line(db: &Path, now: std::time::SystemTime) -> String {
    let dir = backup_dir(db);
    match newest_backup(&dir) {
        None => format!(
            "no backup yet in {}: make one with shtab backup",
            dir.display()
        ),
        Some((p, t)) => {
            let hours = now.duration_since(t).unwrap_or_default().as_secs() / 3600;
            let age = if hours < 24 {
                format!("{hours} h old")
            } else {
                format!("{} days old", hours / 24)
            };
            format!("newest backup: {} ({age})", p.display())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
    }

    fn start(path: &Path) -> Start {
        Start {
            path: path.to_path_buf(),
            explicit_db: true,
            demo: false,
            lang: Some(Lang::En),
            today: day(),
        }
    }

    fn screen(app: &App) -> String {
        let mut term = Terminal::new(TestBackend::new(200, 30)).unwrap();
        term.draw(|f| app.render(f)).unwrap();
        let buf = term.backend().buffer();
        (0..buf.area.height)
            .map(|y| {
                (0..buf.area.width)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn a_failing_daily_backup_opens_the_app_with_a_red_notice_and_retries_next_start() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("shtab.db");
        Store::open(&db).unwrap();
        // backups/ cannot be made: a file has its name.
        std::fs::write(dir.path().join("backups"), "not a folder").unwrap();
        let mut app = prepare(&start(&db)).expect("the app opens despite the failed backup");
        let (text, red) = app.message.clone().expect("a notice");
        assert!(red, "the notice is an error (red)");
        let s = Lang::En.strings();
        let head = s.backup_failed_notice.split("{1}").next().unwrap();
        assert!(text.starts_with(head), "{text}");
        assert!(
            text.contains("backups"),
            "the reason names the folder: {text}"
        );
        assert!(text.contains("shtab backup --db"), "{text}");
        assert!(screen(&app).contains(head.trim()), "{}", screen(&app));
        // Usable: the keys work (the tab changes) and the notice gives way to them.
        app.handle_event(&Event::Key(KeyEvent::new_with_kind(
            KeyCode::Char('3'),
            KeyModifiers::NONE,
            KeyEventKind::Press,
        )));
        assert!(matches!(app.tab, shtab::screens::Tab::Tasks));
        assert!(
            !app.message
                .as_ref()
                .is_some_and(|(t, _)| t.starts_with(head))
        );
        app.store.set_setting("marker", "written").unwrap();
        drop(app);

        // The next start tries again and, the folder being free, makes the copy.
        std::fs::remove_file(dir.path().join("backups")).unwrap();
        let app = prepare(&start(&db)).unwrap();
        assert!(
            !app.message.as_ref().is_some_and(|(_, red)| *red),
            "no notice"
        );
        let copy = dir.path().join("backups").join("shtab-daily-2026-11-30.db");
        assert!(copy.exists());
        let line = backup_age_line(&db, std::time::SystemTime::now());
        assert!(line.starts_with("newest backup: "), "{line}");
        assert!(line.ends_with("(0 h old)"), "{line}");
    }

    #[test]
    fn check_says_when_there_is_no_backup() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("shtab.db");
        let line = backup_age_line(&db, std::time::SystemTime::now());
        assert!(line.starts_with("no backup yet in "), "{line}");
        assert!(line.contains(&dir.path().join("backups").display().to_string()));
    }
}
