//! Who may do what, through the screens: every guarded action refused for a viewer (with the
//! role it needs, and nothing changed) and allowed for the secretary.

use crate::common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use shtab::action::Action;
use shtab::app::App;
use shtab::domain::access::{Access, AccessRole, Permission};
use shtab::i18n::Lang;
use shtab::screens::Tab;

fn as_role(app: &mut App, role: Option<AccessRole>) {
    app.access = Access {
        login: "someone".into(),
        role,
        deputy: false,
        deputy_may_act_for_chair: false,
    };
}

/// Counts of everything a guarded action could change.
fn fingerprint(app: &App) -> Vec<i64> {
    [
        "organization",
        "member",
        "session",
        "agenda_item",
        "invited_person",
        "escalation",
    ]
    .iter()
    .map(|t| app.store.count(t).unwrap())
    .chain([app.store.organizations(&Default::default()).unwrap().len() as i64])
    .collect()
}

#[test]
fn every_guarded_action_is_refused_for_a_viewer_and_changes_nothing() {
    let guarded = [
        (
            Tab::Directory,
            vec![
                Action::Add,
                Action::Edit,
                Action::ToggleActive,
                Action::Delete,
            ],
        ),
        (
            Tab::Agenda,
            vec![
                Action::NewSession,
                Action::PlanYear,
                Action::Add,
                Action::Edit,
                Action::Hear,
                Action::MoveUp,
                Action::MoveDown,
                Action::Delete,
                Action::Approve,
            ],
        ),
        (Tab::Compliance, vec![Action::Edit, Action::Hear]),
        (
            Tab::Tasks,
            vec![
                Action::Report,
                Action::TakeOff,
                Action::RequestExtension,
                Action::CancelTask,
                Action::Reassign,
                Action::SaveView,
            ],
        ),
    ];
    for role in [None, Some(AccessRole::Viewer), Some(AccessRole::Member)] {
        let mut app = demo_app(Lang::En);
        as_role(&mut app, role);
        let before = fingerprint(&app);
        for (tab, actions) in &guarded {
            app.update(Action::GoTab(tab.index()));
            for a in actions {
                assert_eq!(App::needs(*a), Permission::Edit);
                app.update(*a);
                assert!(
                    app.form.is_none() && app.confirm.is_none(),
                    "{role:?} {tab:?} {a:?}"
                );
                let (msg, is_error) = app.message.clone().expect("a refusal is said");
                assert!(is_error);
                assert!(msg.contains("chair / secretary"), "{msg}");
            }
        }
        assert_eq!(fingerprint(&app), before, "{role:?} changed nothing");
        // Reading, moving and papers stay open.
        app.update(Action::GoTab(Tab::Agenda.index()));
        app.update(Action::Down);
        app.update(Action::WriteDocument);
        assert!(app.form.is_some(), "a viewer may write the agenda paper");
    }
}

#[test]
fn only_the_chair_grants_an_extension() {
    for (role, allowed) in [
        (AccessRole::Secretary, false),
        (AccessRole::Member, false),
        (AccessRole::Chair, true),
    ] {
        let mut app = demo_app(Lang::En);
        as_role(&mut app, Some(role));
        app.update(Action::GoTab(Tab::Tasks.index()));
        app.message = None;
        app.update(Action::DecideExtension);
        let refused = app
            .message
            .as_ref()
            .is_some_and(|(m, e)| *e && m.contains("needs the role chair"));
        assert_eq!(!refused, allowed, "{role:?}: {:?}", app.message);
    }
}

#[test]
fn the_secretary_may_edit() {
    let mut app = demo_app(Lang::Ru);
    as_role(&mut app, Some(AccessRole::Secretary));
    chr(&mut app, '6');
    chr(&mut app, 'a');
    assert!(app.form.is_some());
}

#[test]
fn an_unknown_login_sees_read_only() {
    let mut app = demo_app(Lang::Ky);
    as_role(&mut app, None);
    let text = screen(&app, 100, 30);
    assert!(text.contains(Lang::Ky.strings().read_only_badge), "{text}");
    chr(&mut app, '6');
    chr(&mut app, 'ф');
    let text = screen(&app, 100, 30);
    assert!(text.contains("төрага / катчы"), "{text}");
    press(&mut app, KeyCode::Down);
    assert_eq!(
        app.screens.directory.org_cursor.selected, 1,
        "moving still works"
    );
}

/// Every role that only reads gets the banner (not only a login the database does not know),
/// in the user's language; a role that edits gets none.
#[test]
fn every_read_only_role_gets_the_banner() {
    for lang in [Lang::Ky, Lang::Ru] {
        let badge = lang.strings().read_only_badge;
        for role in [None, Some(AccessRole::Member), Some(AccessRole::Viewer)] {
            let mut app = demo_app(lang);
            as_role(&mut app, role);
            let line = app.access_line().expect("a read-only line");
            assert!(line.contains("someone"), "{line}");
            let text = screen(&app, 100, 30);
            assert!(
                text.lines().next().unwrap().contains(badge),
                "{role:?}: {text}"
            );
        }
        for role in [AccessRole::Secretary, AccessRole::Chair] {
            let mut app = demo_app(lang);
            as_role(&mut app, Some(role));
            assert!(app.access_line().is_none());
            assert!(!screen(&app, 100, 30).contains(badge));
        }
    }
}

/// A role given or taken by the secretary while the app is open counts at the next look at
/// the database (every 2 s), without a restart.
#[test]
fn a_role_change_takes_effect_while_the_app_is_open() {
    use shtab::store::{Store, User};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shtab.db");
    let mut other = Store::open(&db).unwrap();
    let user = |login: &str, role| User {
        login: login.into(),
        full_name: String::new(),
        role,
        member_id: None,
    };
    other
        .save_user(&user("sec", AccessRole::Secretary))
        .unwrap();
    other.save_user(&user("bakyt", AccessRole::Viewer)).unwrap();
    let mut app = App::new(Store::open(&db).unwrap(), Lang::Ru, today(), false);
    app.access = app.store.access("bakyt").unwrap();
    assert!(!app.access.allows(Permission::Edit));
    let mut later = std::time::Instant::now();
    let mut tick = |app: &mut App| {
        later += std::time::Duration::from_secs(3);
        app.tick(later);
    };
    tick(&mut app);
    other
        .save_user(&user("bakyt", AccessRole::Secretary))
        .unwrap();
    tick(&mut app);
    assert_eq!(app.access.role, Some(AccessRole::Secretary));
    assert!(!screen(&app, 100, 30).contains(Lang::Ru.strings().read_only_badge));
    other.save_user(&user("bakyt", AccessRole::Member)).unwrap();
    tick(&mut app);
    assert_eq!(app.access.role, Some(AccessRole::Member));
    assert!(screen(&app, 100, 30).contains(Lang::Ru.strings().read_only_badge));
    let (line, red) = app.message.clone().expect("the user is told");
    assert!(red && line.contains("член штаба"), "{line}");
    assert!(!app.access.allows(Permission::Edit), "refused at once");
}

/// The language chosen with F2 is this login's: another login of the same database opens in
/// its own (or the locale's), not in the last one chosen by anyone.
#[test]
fn the_ui_language_is_remembered_per_login() {
    let mut app = demo_app(Lang::Ky);
    as_role(&mut app, Some(AccessRole::Viewer));
    press(&mut app, KeyCode::F(2));
    assert_eq!(app.lang, Lang::Ru);
    let msg = app.message.clone().unwrap().0;
    assert!(msg.contains("someone"), "{msg}");
    assert_eq!(app.store.ui_lang("someone").unwrap(), Some(Lang::Ru));
    assert_eq!(app.store.ui_lang("aigul").unwrap(), None);
}

fn shtab_as(login: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_shtab"))
        .args(args)
        .env("HOME", std::env::temp_dir())
        .env("SHTAB_TEST_LOGIN", login)
        .output()
        .expect("the binary runs")
}

/// `user add` takes only what an operating system takes as a login, and says why not in one
/// sentence; a good one is added with its role.
#[test]
fn user_add_refuses_a_login_no_system_would_have() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let db = db.to_str().unwrap();
    assert!(shtab_as("aigul", &["demo", "--db", db]).status.success());
    for bad in ["bad login!", " ", "1abc", "айгүл", &"a".repeat(33)] {
        let r = shtab_as(
            "aigul",
            &["user", "add", bad, "--role", "member", "--db", db],
        );
        assert!(!r.status.success(), "{bad}");
        let err = String::from_utf8_lossy(&r.stderr);
        assert!(err.contains("cannot be a login"), "{err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
    let r = shtab_as(
        "aigul",
        &["user", "add", "b.asanov", "--role", "viewer", "--db", db],
    );
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let list = shtab_as("aigul", &["user", "list", "--db", db]);
    let list = String::from_utf8_lossy(&list.stdout);
    assert!(
        list.contains("b.asanov") && !list.contains("bad login"),
        "{list}"
    );
}
