//! Opening the TUI: the database, the first start of the day's check and backup, the login
//! and the language. The daily backup is a safety net, not a gate: when it fails the app
//! opens anyway with a red notice, and the next start tries again.

use std::path::{Path, PathBuf};

use anyhow::bail;
use chrono::NaiveDate;

use shtab::app::App;
use shtab::domain::access::{AccessRole, Permission};
use shtab::i18n::Lang;
use shtab::store::backup::{auto_backup, backup_dir};
use shtab::store::{Store, Upgrade, UpgradeObserver};

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
pub fn prepare(start: &Start) -> anyhow::Result<(App, Option<Daily>)> {
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
    let login = shtab::store::current_user();
    if start.demo {
        // In the demo (its own file) the person trying it is its chair, who may edit, sign
        // and grant: everything can be tried there; the title bar says so.
        store.save_user(&shtab::store::User {
            login: login.clone(),
            full_name: String::new(),
            role: AccessRole::Chair,
            member_id: None,
        })?;
    }
    let access = super::access::authorize(&mut store, Permission::Read, !start.demo)?;
    let saved = store.ui_lang(&login)?;
    let lang = start.lang.or(saved).unwrap_or_else(Lang::from_env);
    let daily = (!start.demo).then(|| daily_backup(&store, start, lang));
    let mut app = App::new(store, lang, start.today, start.demo);
    app.access = access;
    app.demo_grant = start.demo;
    if let Some(line) = app.access_line() {
        app.message = Some((line, !app.demo));
    }
    let daily = daily.map(|(handle, notice)| {
        app.watch(notice);
        handle
    });
    Ok((app, daily))
}

/// The day's automatic copy, running beside the first frame on its own connection.
pub type Daily = std::thread::JoinHandle<Result<(), String>>;

/// Start the day's copy, keeping as many as the settings say. A failure comes back as the
/// red notice (with the command to back up by hand) through the receiver.
fn daily_backup(
    store: &Store,
    start: &Start,
    lang: Lang,
) -> (Daily, std::sync::mpsc::Receiver<(String, bool)>) {
    let keep = |key: &str, default: usize| {
        store
            .setting(key)
            .ok()
            .flatten()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let (keep_daily, keep_monthly) = (
        keep("backup.keep_daily", 14),
        keep("backup.keep_monthly", 12),
    );
    let command = if start.explicit_db {
        format!("shtab backup --db \"{}\"", start.path.display())
    } else {
        "shtab backup".to_string()
    };
    let (path, today) = (start.path.clone(), start.today);
    let (tx, rx) = std::sync::mpsc::channel();
    let handle = std::thread::spawn(move || {
        let made = Store::open(&path).and_then(|store| {
            auto_backup(&store, &backup_dir(&path), today, keep_daily, keep_monthly)
        });
        made.map(|_| ()).map_err(|e| {
            let reason = e.to_string();
            let notice = lang
                .strings()
                .backup_failed_notice
                .fill([&reason, &command]);
            let _ = tx.send((notice, true));
            reason
        })
    });
    (handle, rx)
}

/// Wait for the day's copy when leaving the TUI, and say in one line if it failed.
pub fn finish_daily(daily: Daily) {
    match daily.join() {
        Ok(Ok(())) => {}
        Ok(Err(e)) => eprintln!(
            "shtab: {}",
            shtab::domain::text::sanitize(&format!(
                "the daily backup failed (the database was not changed): {e}"
            ))
        ),
        Err(_) => eprintln!("shtab: the daily backup stopped unexpectedly"),
    }
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

/// The language of the upgrade's line: `--lang`, else the locale (LC_ALL, LANG). The
/// language a login chose in the TUI lives in the database, which cannot be read before
/// it is upgraded.
static UPGRADE_LANG: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

pub fn set_upgrade_lang(lang: Option<Lang>) {
    let _ = UPGRADE_LANG.set(lang.unwrap_or_else(Lang::from_env));
}

/// Tells the user, on stderr when it is a terminal, that the database is being upgraded
/// (a spinner, then the line with the time it took); nothing when it is not a terminal.
pub struct UpgradeNotice {
    lang: Lang,
    terminal: bool,
    shown: Option<(indicatif::ProgressBar, String)>,
}

impl UpgradeNotice {
    pub fn new(lang: Lang, terminal: bool) -> Self {
        UpgradeNotice {
            lang,
            terminal,
            shown: None,
        }
    }

    /// For this process: stderr's kind, the language set at start.
    pub fn here() -> Self {
        use std::io::IsTerminal;
        let lang = UPGRADE_LANG.get().copied().unwrap_or_else(Lang::from_env);
        UpgradeNotice::new(lang, std::io::stderr().is_terminal())
    }
}

impl UpgradeObserver for UpgradeNotice {
    fn starting(&mut self, up: &Upgrade) {
        if !self.terminal {
            return;
        }
        let line = shtab::i18n::upgrade::strings(self.lang).upgrading.fill([
            &up.path.display(),
            &up.from,
            &up.to,
        ]);
        self.shown = Some((super::reports::spinner(&line), line));
    }

    fn finished(&mut self, _: &Upgrade, took: std::time::Duration, ok: bool) {
        if let Some((bar, line)) = self.shown.take() {
            bar.finish_and_clear();
            // A failure is said by the error that follows.
            if ok {
                let done = shtab::i18n::upgrade::done_in(self.lang, took.as_secs_f64());
                eprintln!("{line} {done}");
            }
        }
    }
}

/// Open (creating when absent) the database at `path`, saying so if it is upgraded.
pub fn open_told(path: &Path) -> shtab::store::Result<Store> {
    Store::open_with(path, &mut UpgradeNotice::here())
}

/// [`Store::open_reader`], saying so if the file is upgraded first.
pub fn open_reader_told(path: &Path) -> shtab::store::Result<Store> {
    Store::open_reader_with(path, &mut UpgradeNotice::here())
}

/// `shtab demo`: write the demo database and say what it holds.
pub(crate) fn demo(path: &Path, scale: usize, seed: u64) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let sum = crate::write_demo(path, scale, seed)?;
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
        screen_at(app, 200)
    }

    fn screen_at(app: &App, width: u16) -> String {
        let mut term = Terminal::new(TestBackend::new(width, 30)).unwrap();
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

    /// The person trying the demo is its chair: may edit, sign and grant there, and the title
    /// bar and the first line say so; the role lives in the demo's database only.
    #[test]
    fn the_demo_makes_its_user_the_chair_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("shtab-demo.db");
        for lang in [Lang::Ky, Lang::Ru] {
            let (app, _) = prepare(&Start {
                demo: true,
                lang: Some(lang),
                ..start(&db)
            })
            .unwrap();
            assert!(app.access.allows(Permission::Sign));
            assert!(app.access.allows(Permission::GrantExtension));
            assert!(app.access.allows(Permission::Edit));
            let r = shtab::i18n::rules::strings(lang);
            let text = screen(&app);
            let title = text.lines().next().unwrap();
            assert!(title.contains(r.demo_role), "{title}");
            // At 100 columns it fits after the badge or is elided, never cut mid-word.
            let narrow = screen_at(&app, 100);
            let title = narrow.lines().next().unwrap();
            assert!(title.contains("30.11.2026"), "{title}");
            let shown = title.split(lang.strings().demo_badge).nth(1).unwrap();
            let note = shown.split("30.11.2026").next().unwrap().trim();
            assert!(
                note.is_empty() || r.demo_role == note || note.ends_with('…'),
                "{title}"
            );
            assert_eq!(
                app.message.as_ref().map(|m| m.0.as_str()),
                Some(r.demo_welcome)
            );
        }
        let other = dir.path().join("shtab.db");
        let store = Store::open(&other).unwrap();
        assert!(
            store.users().unwrap().is_empty(),
            "nothing given outside the demo"
        );
    }

    #[test]
    fn a_failing_daily_backup_opens_the_app_with_a_red_notice_and_retries_next_start() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("shtab.db");
        Store::open(&db).unwrap();
        // backups/ cannot be made: a file has its name.
        std::fs::write(dir.path().join("backups"), "not a folder").unwrap();
        let (mut app, daily) =
            prepare(&start(&db)).expect("the app opens despite the failed backup");
        // The copy runs beside the first frame; its failure shows at the next tick.
        assert!(daily.expect("a daily copy").join().unwrap().is_err());
        app.tick(std::time::Instant::now());
        let (text, red) = app.message.clone().expect("a notice");
        assert!(red, "the notice is an error (red)");
        let s = Lang::En.strings();
        let head = s.backup_failed_notice.text().split("{1}").next().unwrap();
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
        let (mut app, daily) = prepare(&start(&db)).unwrap();
        assert!(daily.expect("a daily copy").join().unwrap().is_ok());
        app.tick(std::time::Instant::now());
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
