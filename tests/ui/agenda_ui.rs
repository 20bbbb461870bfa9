//! The Agenda tab driven by keys: plan a year, add sessions and items, reorder, hear.

use crate::common;

use common::*;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use shtab::domain::session::{AgendaItemKind, SessionKind, SessionStatus};
use shtab::i18n::Lang;
use shtab::screens::agenda::Pane;

fn clear_field(app: &mut shtab::app::App) {
    press(app, KeyCode::End);
    for _ in 0..40 {
        press(app, KeyCode::Backspace);
    }
}

#[test]
fn plan_the_next_year_with_a_preview() {
    let mut app = demo_app(Lang::En);
    chr(&mut app, 'p');
    assert!(app.form.is_some());
    let text = screen(&app, 100, 30);
    assert!(
        text.contains("2027"),
        "next year is proposed in November:\n{text}"
    );
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none());
    assert!(
        app.confirm.is_some(),
        "a preview before anything is written"
    );
    let text = screen(&app, 100, 30);
    assert!(text.contains("+ 28.01.2027 10:00"), "{text}");
    assert!(text.contains("+ 30.12.2027 10:00"), "{text}");
    insta::assert_snapshot!("agenda_plan_preview_en", text);
    assert!(
        app.store.session_dates(2027).unwrap().is_empty(),
        "nothing yet"
    );
    chr(&mut app, 'y');
    let dates = app.store.session_dates(2027).unwrap();
    assert_eq!(dates.len(), 12);
    assert!(screen(&app, 100, 30).contains("12 sessions planned."));
    let first = app.store.session_by_label(1, 2027).unwrap();
    assert_eq!(first.date.to_string(), "2027-01-28");
    // Planning again finds every month taken.
    chr(&mut app, 'p');
    press(&mut app, KeyCode::Enter);
    assert!(app.confirm.is_none());
    assert!(screen(&app, 100, 30).contains("Nothing to plan"));
}

#[test]
fn plan_with_a_fixed_day_skips_taken_months() {
    let mut app = demo_app(Lang::Ru);
    chr(&mut app, 'з');
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Right); // last → day of month
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    clear_field(&mut app);
    typ(&mut app, "31");
    // This year: every month to date already has a regular session in the demo.
    press(&mut app, KeyCode::BackTab);
    press(&mut app, KeyCode::BackTab);
    press(&mut app, KeyCode::BackTab);
    clear_field(&mut app);
    typ(&mut app, "2026");
    press(&mut app, KeyCode::Enter);
    let text = screen(&app, 100, 30);
    let s = Lang::Ru.strings();
    assert!(
        text.contains(s.agenda.plan_skip_month) || text.contains(s.agenda.msg_nothing_to_plan),
        "{text}"
    );
}

#[test]
fn extraordinary_session_needs_a_reason_and_gets_the_next_number() {
    let mut app = demo_app(Lang::Ky);
    let before = app.store.sessions(today(), Some(2026)).unwrap();
    let last_number = before.iter().map(|r| r.session.number).max().unwrap();
    chr(&mut app, 'т');
    press(&mut app, KeyCode::Right); // regular → extraordinary
    press(&mut app, KeyCode::Tab);
    clear_field(&mut app);
    typ(&mut app, "10.12.2026");
    press(&mut app, KeyCode::Tab);
    clear_field(&mut app);
    typ(&mut app, "15:00");
    press(&mut app, KeyCode::Enter);
    let s = Lang::Ky.strings();
    let text = screen(&app, 100, 30);
    assert!(text.contains(s.agenda.err_reason_required), "{text}");
    // The cursor went to the field in error: the reason is typed there, not into "duration".
    assert_eq!(app.form.as_ref().map(|f| f.focus), Some(5));
    typ(&mut app, "Суу түтүгүндөгү авария");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{}", screen(&app, 100, 30));
    let s2 = app.store.session_by_label(last_number + 1, 2026).unwrap();
    assert_eq!(s2.kind, SessionKind::Extraordinary);
    assert_eq!(s2.reason, "Суу түтүгүндөгү авария");
    assert_eq!(s2.time.to_string(), "15:00:00");
    assert_eq!(
        app.screens.agenda.selected_session().unwrap().id,
        s2.id,
        "the new one is selected"
    );
}

#[test]
fn bad_time_past_date_and_taken_slot() {
    let mut app = demo_app(Lang::En);
    chr(&mut app, 'n');
    press(&mut app, KeyCode::Tab);
    clear_field(&mut app);
    typ(&mut app, "02.11.2026");
    press(&mut app, KeyCode::Tab);
    clear_field(&mut app);
    typ(&mut app, "25:61");
    press(&mut app, KeyCode::Tab);
    assert!(screen(&app, 100, 30).contains("not a time"));
    press(&mut app, KeyCode::BackTab);
    clear_field(&mut app);
    typ(&mut app, "09:00");
    press(&mut app, KeyCode::Enter);
    assert!(app.confirm.is_some(), "a past date asks first");
    assert!(screen(&app, 100, 30).contains("02.11.2026 is in the past"));
    chr(&mut app, 'n');
    assert!(app.form.is_some(), "no keeps the form");
    press(&mut app, KeyCode::Enter);
    chr(&mut app, 'y');
    assert!(app.form.is_none());
    let n = app
        .store
        .sessions(today(), Some(2026))
        .unwrap()
        .iter()
        .filter(|r| r.session.date.to_string() == "2026-11-02")
        .count();
    assert_eq!(n, 1);
    // The same date and time again is refused.
    chr(&mut app, 'n');
    press(&mut app, KeyCode::Tab);
    clear_field(&mut app);
    typ(&mut app, "02.11.2026");
    press(&mut app, KeyCode::Tab);
    clear_field(&mut app);
    typ(&mut app, "09:00");
    press(&mut app, KeyCode::Enter);
    chr(&mut app, 'y');
    assert!(app.form.is_some());
    assert!(screen(&app, 100, 30).contains("another session is set"));
}

#[test]
fn add_and_reorder_items_on_an_approved_agenda() {
    let mut app = demo_app(Lang::En);
    let session = app.screens.agenda.selected_session().unwrap().clone();
    assert_eq!(
        session.status,
        SessionStatus::AgendaApproved,
        "the demo's next session"
    );
    let before = app.store.agenda(session.id).unwrap().len();
    chr(&mut app, 'a');
    assert!(
        app.confirm.is_some(),
        "changing an approved agenda asks first"
    );
    assert!(screen(&app, 100, 30).contains("is approved. Change it anyway?"));
    chr(&mut app, 'y');
    assert!(app.form.is_some());
    typ(&mut app, "Санарип сабаттуулук курстарынын жүрүшү жөнүндө");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{}", screen(&app, 100, 30));
    let items = app.store.agenda(session.id).unwrap();
    assert_eq!(items.len(), before + 1);
    let new_id = items.last().unwrap().id;
    assert_eq!(app.screens.agenda.pane, Pane::Items);
    assert_eq!(app.screens.agenda.selected_item().unwrap().id, new_id);
    // Shift-↑ twice, then '-' once: three places up. No further question asked.
    press_mod(&mut app, KeyCode::Up, KeyModifiers::SHIFT);
    press_mod(&mut app, KeyCode::Up, KeyModifiers::SHIFT);
    chr(&mut app, '-');
    assert!(app.confirm.is_none());
    let items = app.store.agenda(session.id).unwrap();
    let pos = items.iter().position(|i| i.id == new_id).unwrap();
    assert_eq!(pos, before - 3);
    assert_eq!(
        app.screens.agenda.selected_item().unwrap().id,
        new_id,
        "selection follows"
    );
    chr(&mut app, '+');
    let items = app.store.agenda(session.id).unwrap();
    assert_eq!(
        items.iter().position(|i| i.id == new_id).unwrap(),
        before - 2
    );
    // The minutes total shows against the session's length.
    let total: i64 = items.iter().map(|i| i.minutes).sum();
    assert!(
        screen(&app, 100, 30).contains(&format!("{total} of {} min", session.duration_minutes))
    );
}

#[test]
fn a_suggested_hearing_goes_on_the_agenda_with_the_head_invited() {
    let mut app = demo_app(Lang::Ky);
    let session = app.screens.agenda.selected_session().unwrap().clone();
    assert!(
        !app.screens.agenda.suggestions.is_empty(),
        "the demo has overdue tasks"
    );
    let first = app.screens.agenda.carry.len();
    let sug = app.screens.agenda.suggestions[0].clone();
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.screens.agenda.pane, Pane::Side);
    for _ in 0..first {
        press(&mut app, KeyCode::Down);
    }
    chr(&mut app, 'р');
    // "н" (the y key under the Cyrillic layout) is no answer in Kyrgyz; "о" (ооба) is yes.
    chr(&mut app, 'н');
    assert!(app.confirm.is_some(), "the question stays");
    chr(&mut app, 'о');
    let items = app.store.agenda(session.id).unwrap();
    let hearing = items.last().unwrap();
    assert_eq!(hearing.kind, AgendaItemKind::Hearing);
    assert_eq!(hearing.organization_ids, vec![sug.organization_id]);
    assert_eq!(hearing.task_ids, sug.task_ids);
    assert!(hearing.title.contains("жөнүндө"), "{}", hearing.title);
    let invited = app.store.invited(session.id).unwrap();
    assert!(invited.iter().any(|p| p.full_name == sug.head_name));
    assert!(
        app.screens
            .agenda
            .suggestions
            .iter()
            .all(|x| x.organization_id != sug.organization_id),
        "no longer suggested for this session"
    );
    assert!(screen(&app, 100, 30).contains(Lang::Ky.strings().agenda.msg_hearing_added));
}

#[test]
fn held_sessions_are_closed_and_protocols_protect_sessions() {
    let mut app = demo_app(Lang::En);
    // Down to the held session (the demo's latest past one).
    let held = app
        .screens
        .agenda
        .sessions
        .iter()
        .position(|r| r.session.status == SessionStatus::Held)
        .unwrap();
    for _ in 0..held {
        press(&mut app, KeyCode::Down);
    }
    chr(&mut app, 'a');
    assert!(app.form.is_none());
    assert!(screen(&app, 100, 30).contains("its agenda can no longer change"));
    let id = app.screens.agenda.selected_session().unwrap().id;
    chr(&mut app, 'x');
    chr(&mut app, 'y');
    assert!(app.store.session(id).is_ok());
    assert!(screen(&app, 100, 30).contains("the session has a protocol"));
}

#[test]
fn invited_persons_can_be_added() {
    let mut app = demo_app(Lang::En);
    let session = app.screens.agenda.selected_session().unwrap().id;
    let before = app.store.invited(session).unwrap().len();
    press(&mut app, KeyCode::BackTab);
    assert_eq!(app.screens.agenda.pane, Pane::Invited);
    chr(&mut app, 'a');
    typ(&mut app, "Алиева Гүлзат");
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "директор");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.store.invited(session).unwrap().len(), before + 1);
}

#[test]
fn the_agenda_is_written_to_a_file_from_the_tab() {
    let mut app = demo_app(Lang::Ky);
    let session = app.screens.agenda.selected_session().unwrap().clone();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kun-tartibi");
    chr(&mut app, 'ц');
    assert!(app.form.is_some());
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    clear_field(&mut app);
    for _ in 0..200 {
        press(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, path.to_str().unwrap());
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{}", screen(&app, 100, 30));
    let written = path.with_extension("docx");
    let text = shtab::docs::testing::docx_text(&std::fs::read(&written).unwrap());
    assert!(text.contains("КҮН ТАРТИБИ"));
    for item in app.store.agenda(session.id).unwrap() {
        assert!(text.contains(&item.title));
    }
    assert!(screen(&app, 100, 30).contains("kun-tartibi.docx"));
}

/// The agenda write form's file name follows the language and format chosen, in the ky and
/// the ru interface alike; once typed over, it is left alone.
#[test]
fn the_agenda_file_name_follows_the_choices() {
    for (lang, first_stem, other_stem, first, other) in [
        (Lang::Ky, "kun-tartibi", "povestka", "-ky.docx", "-ru.docx"),
        (Lang::Ru, "povestka", "kun-tartibi", "-ru.docx", "-ky.docx"),
    ] {
        let mut app = demo_app(lang);
        let session = app.screens.agenda.selected_session().unwrap().clone();
        let label = format!("{}-{}", session.number, session.year);
        chr(&mut app, 'w');
        let path = |app: &shtab::app::App| {
            app.form.as_ref().unwrap().fields[2]
                .text_value()
                .to_string()
        };
        assert!(
            path(&app).ends_with(&format!("{first_stem}-{label}{first}")),
            "{lang:?}: {}",
            path(&app)
        );
        // The language choice (second field): the name says the other language.
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Right);
        assert!(
            path(&app).ends_with(&format!("{other_stem}-{label}{other}")),
            "{lang:?}: {}",
            path(&app)
        );
        // The format choice (first field): the extension becomes .md.
        press(&mut app, KeyCode::BackTab);
        press(&mut app, KeyCode::Right);
        let md = other.replace(".docx", ".md");
        assert!(
            path(&app).ends_with(&format!("{other_stem}-{label}{md}")),
            "{lang:?}: {}",
            path(&app)
        );
        // A name the user typed is never replaced.
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Tab);
        clear_field(&mut app);
        for _ in 0..200 {
            press(&mut app, KeyCode::Backspace);
        }
        typ(&mut app, "/tmp/mine.md");
        press(&mut app, KeyCode::BackTab);
        press(&mut app, KeyCode::Right);
        assert_eq!(path(&app), "/tmp/mine.md");
    }
}
