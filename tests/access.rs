//! Who may do what, through the screens: every guarded action refused for a viewer (with the
//! role it needs, and nothing changed) and allowed for the secretary.

mod common;

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
