//! Typing is always text in the editor, quitting is deliberate, questions are answered in the
//! UI language, and the editor's flow (issue 13), driven by keys in ky and ru.

use super::*;

#[test]
fn text_typed_without_enter_goes_into_the_field_in_ky_and_ru() {
    for lang in [Lang::Ky, Lang::Ru] {
        let (mut app, _, _) = open_fresh(lang);
        let item = stored(&app).items[0].id;
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Tab);
        assert_eq!(focused(&app), FieldKey::HeardSummary(item));
        // ф, с, у, й, q: commands on lists, letters here.
        typ(
            &mut app,
            "Мэриянын финансы бөлүмү: суу канал, йфывапрс q й ?",
        );
        alt(&mut app, 'ы'); // Alt-S on the Cyrillic layout: a speaker
        typ(&mut app, "Асанов Эрлан");
        press(&mut app, KeyCode::Tab);
        typ(&mut app, "Суу түтүктөрү; с у д x");
        press(&mut app, KeyCode::Esc);
        assert!(app.confirm.is_none() && app.form.is_none() && !app.quit);
        let doc = stored(&app);
        assert_eq!(
            doc.items[0].heard_summary, "Мэриянын финансы бөлүмү: суу канал, йфывапрс q й ?",
            "{lang:?}"
        );
        assert_eq!(doc.items[0].speeches[0].speaker, "Асанов Эрлан");
        assert_eq!(doc.items[0].speeches[0].summary, "Суу түтүктөрү; с у д x");
        assert_eq!(doc.items.len(), 2, "no item added");
        assert_eq!(doc.decisions().count(), 0, "no decision added");
        // Not typing, on the same field: the first letter starts typing again.
        assert!(!typing(&app));
        typ(&mut app, "!");
        assert!(typing(&app));
    }
}

#[test]
fn f10_and_ctrl_q_quit_at_once_saving_what_was_typed() {
    for (lang, key) in [
        (Lang::Ky, KeyCode::F(10)),
        (Lang::Ru, KeyCode::Char('й')), // Ctrl-Q on the Cyrillic layout
    ] {
        let (mut app, _, _) = open_fresh(lang);
        typ(&mut app, " — кошумча");
        let m = if key == KeyCode::F(10) {
            KeyModifiers::NONE
        } else {
            KeyModifiers::CONTROL
        };
        press_mod(&mut app, key, m);
        assert!(app.quit, "{lang:?}: no question");
        assert!(stored(&app).items[0].title.ends_with(" — кошумча"));
    }
}

#[test]
fn space_toggles_only_a_person_s_row_and_is_a_space_in_the_reason() {
    for lang in [Lang::Ky, Lang::Ru] {
        space_toggles_only_a_person_s_row_and_is_a_space_in_the_reason_in(lang);
    }
}

fn space_toggles_only_a_person_s_row_and_is_a_space_in_the_reason_in(lang: Lang) {
    let (mut app, _, _) = open_fresh(lang);
    let m = stored(&app).attendance[2].member_id;
    assert!(app.focus_protocol_field(&FieldKey::Present(m).code()));
    assert_eq!(app.context(), Context::Protocol);
    chr(&mut app, ' ');
    assert!(!stored(&app).attendance[2].present);
    press(&mut app, KeyCode::Tab);
    assert_eq!(focused(&app), FieldKey::Reason(m));
    typ(&mut app, "в отпуске до 1 декабря");
    press(&mut app, KeyCode::Esc);
    // Not typing on the reason: a space is still text, not a toggle.
    chr(&mut app, ' ');
    press(&mut app, KeyCode::Esc);
    let a = stored(&app).attendance[2].clone();
    assert!(!a.present, "still absent");
    assert_eq!(a.absence_reason, "в отпуске до 1 декабря ");
    // A letter on the person's row is nothing, and says so.
    assert!(app.focus_protocol_field(&FieldKey::Present(m).code()));
    chr(&mut app, 'д');
    assert!(app.message.as_ref().is_some_and(|m| m.1));
    assert!(!stored(&app).attendance[2].present);
    chr(&mut app, ' ');
    assert!(stored(&app).attendance[2].present);
}

#[test]
fn home_and_end_stay_within_the_item() {
    for lang in [Lang::Ky, Lang::Ru] {
        home_and_end_stay_within_the_item_in(lang);
    }
}

fn home_and_end_stay_within_the_item_in(lang: Lang) {
    let (mut app, _, _) = open_fresh(lang);
    let doc = stored(&app);
    let m = doc.attendance[0].member_id;
    assert!(app.focus_protocol_field(&FieldKey::Present(m).code()));
    let page = app.screens.protocol.page();
    press(&mut app, KeyCode::End);
    assert_eq!(app.screens.protocol.page(), page, "the attendance page");
    let last = doc.attendance.last().unwrap().member_id;
    assert_eq!(focused(&app), FieldKey::Present(last));
    press(&mut app, KeyCode::Home);
    assert_eq!(focused(&app), FieldKey::Rule);
    // In an item, typing: End is the end of the line, Ctrl-End the item's last field.
    press_mod(&mut app, KeyCode::Down, KeyModifiers::CONTROL);
    let item = doc.items[0].id;
    assert_eq!(focused(&app), FieldKey::ItemTitle(item));
    typ(&mut app, "!");
    press(&mut app, KeyCode::Home);
    typ(&mut app, "1) ");
    press(&mut app, KeyCode::End);
    typ(&mut app, "?");
    press_mod(&mut app, KeyCode::End, KeyModifiers::CONTROL);
    assert_eq!(focused(&app), FieldKey::HeardSummary(item));
    assert_eq!(
        stored(&app).items[0].title,
        format!("1) {}!?", doc.items[0].title)
    );
    press_mod(&mut app, KeyCode::Home, KeyModifiers::CONTROL);
    assert_eq!(focused(&app), FieldKey::ItemTitle(item));
}

#[test]
fn questions_are_answered_in_russian_and_a_delete_defaults_to_no() {
    let (mut app, _, _) = open_fresh(Lang::Ru);
    alt(&mut app, 's');
    typ(&mut app, "Петров");
    // Alt-X (Alt-Ч): delete what is under the cursor; it cannot be undone.
    alt(&mut app, 'ч');
    let q = screen(&app, 100, 30);
    assert!(q.contains(Lang::Ru.strings().confirm_irreversible), "{q}");
    assert!(q.contains("Esc/н"), "{q}");
    press(&mut app, KeyCode::Enter);
    assert_eq!(stored(&app).items[0].speeches.len(), 1, "Enter: no");
    alt(&mut app, 'x');
    chr(&mut app, 'н'); // нет
    assert_eq!(stored(&app).items[0].speeches.len(), 1, "н: нет");
    alt(&mut app, 'x');
    chr(&mut app, 'l'); // д's key on the Latin layout: no answer, the question stays
    assert!(app.confirm.is_some());
    chr(&mut app, 'д');
    assert!(app.confirm.is_none());
    assert_eq!(stored(&app).items[0].speeches.len(), 0, "д: да");
}

#[test]
fn a_delete_is_answered_in_kyrgyz_and_defaults_to_no() {
    let (mut app, _, _) = open_fresh(Lang::Ky);
    alt(&mut app, 'ы');
    typ(&mut app, "Асанов");
    press(&mut app, KeyCode::Delete); // typing: a character key (nothing after the cursor)
    assert!(app.confirm.is_none());
    press_mod(&mut app, KeyCode::Delete, KeyModifiers::CONTROL);
    let q = screen(&app, 100, 30);
    assert!(q.contains(Lang::Ky.strings().confirm_irreversible), "{q}");
    assert!(q.contains("Enter/Esc/ж"), "{q}");
    press(&mut app, KeyCode::Enter);
    chr(&mut app, 'й'); // no answer while no question is open: a letter in the name
    press_mod(&mut app, KeyCode::Delete, KeyModifiers::CONTROL);
    chr(&mut app, 'ж'); // жок
    press_mod(&mut app, KeyCode::Delete, KeyModifiers::CONTROL);
    chr(&mut app, 'н'); // the y key: no answer in Kyrgyz, the question stays
    assert!(app.confirm.is_some());
    assert_eq!(stored(&app).items[0].speeches.len(), 1);
    chr(&mut app, 'о'); // ооба
    assert!(app.confirm.is_none());
    assert_eq!(stored(&app).items[0].speeches.len(), 0);
}

#[test]
fn the_task_form_presets_the_heard_organization_and_shows_its_head() {
    for lang in [Lang::Ky, Lang::Ru] {
        the_task_form_presets_the_heard_organization_and_shows_its_head_in(lang);
    }
}

fn the_task_form_presets_the_heard_organization_and_shows_its_head_in(lang: Lang) {
    let mut app = demo_app(lang);
    let orgs = app
        .store
        .organizations(&shtab::store::OrgFilter::default())
        .unwrap();
    let heard = orgs
        .iter()
        .find(|o| !o.head_name.is_empty() && o.name_ky.contains("мектеб"))
        .unwrap()
        .clone();
    let (sid, _) = app
        .store
        .create_session(&Session {
            id: 0,
            year: 2026,
            number: 0,
            kind: SessionKind::Extraordinary,
            reason: "Заслушивание".into(),
            date: d(2026, 11, 24),
            time: NaiveTime::from_hms_opt(15, 0, 0).unwrap(),
            place: "Мэрия".into(),
            duration_minutes: 60,
            status: SessionStatus::AgendaApproved,
            version: 0,
        })
        .unwrap();
    let mut item = AgendaItem::new(sid, "Отчёт школы", AgendaItemKind::Hearing);
    item.organization_ids = vec![heard.id];
    app.store.save_agenda_item(&item).unwrap();
    chr(&mut app, '2');
    assert_eq!(app.screens.protocol.rows[0].session.id, sid);
    press(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'd');
    typ(&mut app, "Подключить к интернету до конца года.");
    ctrl(&mut app, 't');
    let form = app.form.as_ref().expect("the task form");
    assert_eq!(form.fields[1].chosen_id(), Some(heard.id), "the heard one");
    assert_eq!(form.fields[3].text_value(), heard.head_name);
    // Another executor: its head shows at once, before saving.
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "автобекет");
    let form = app.form.as_ref().unwrap();
    let other = form.fields[1].chosen_id().unwrap();
    assert_ne!(other, heard.id);
    let head = &orgs.iter().find(|o| o.id == other).unwrap().head_name;
    assert_eq!(form.fields[3].text_value(), head);
    // A name typed by hand stays whatever executor is chosen.
    for _ in 0..2 {
        press(&mut app, KeyCode::Tab);
    }
    for _ in 0..head.chars().count() {
        press(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "Иванов И.");
    press(&mut app, KeyCode::BackTab);
    press(&mut app, KeyCode::BackTab);
    press(&mut app, KeyCode::Right);
    assert_eq!(
        app.form.as_ref().unwrap().fields[3].text_value(),
        "Иванов И."
    );
}

#[test]
fn ctrl_e_on_a_month_s_last_day_gives_the_next_month_s_end() {
    for lang in [Lang::Ky, Lang::Ru] {
        ctrl_e_on_a_month_s_last_day_gives_the_next_month_s_end_in(lang);
    }
}

fn ctrl_e_on_a_month_s_last_day_gives_the_next_month_s_end_in(lang: Lang) {
    use chrono::Datelike;
    let (mut app, _, _) = open_fresh(lang);
    app.today = d(2026, 11, 30);
    alt(&mut app, 'd');
    typ(&mut app, "Бардык мектептер туташтырылсын.");
    alt(&mut app, 't');
    ctrl(&mut app, 'у'); // Ctrl-E on the Cyrillic layout
    let due = app.form.as_ref().unwrap().fields[5]
        .text_value()
        .to_string();
    let due = chrono::NaiveDate::parse_from_str(&due, "%d.%m.%Y").unwrap();
    assert_eq!((due.year(), due.month()), (2026, 12), "{due}");
    assert!(due.day() >= 28, "{due}");
    // Before the last day it is this month's end.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Enter);
    app.today = d(2026, 11, 25);
    alt(&mut app, 't');
    ctrl(&mut app, 'e');
    assert_eq!(
        app.form.as_ref().unwrap().fields[5].text_value(),
        "30.11.2026"
    );
}

#[test]
fn other_business_is_selected_and_typing_replaces_it_in_ky_and_ru() {
    for lang in [Lang::Ky, Lang::Ru] {
        let (mut app, _, _) = open_fresh(lang);
        alt(&mut app, 'ф'); // Alt-A on the Cyrillic layout: an item
        typ(&mut app, "Жылуулук мезгили");
        press(&mut app, KeyCode::Esc);
        let doc = stored(&app);
        let last = doc.items.last().unwrap();
        assert_eq!(last.title, "Жылуулук мезгили", "{lang:?}");
    }
}

/// At 80 columns a signed protocol's head is longer than the line: the session gives way
/// (the number says it), the signing date and the save mark stay whole (it was cut to
/// "✓ со").
#[test]
fn a_signed_protocols_head_keeps_its_save_mark_whole_at_80_columns() {
    for lang in [Lang::Ru, Lang::Ky] {
        let mut app = demo_app(lang);
        chr(&mut app, '2');
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Enter);
        let text = screen(&app, 80, 24);
        let head = text
            .lines()
            .nth(2)
            .unwrap_or_default()
            .trim_end()
            .to_string();
        let mark = lang.strings().protocol.mark_saved;
        assert!(head.ends_with(mark), "{lang:?}: {head}");
        assert!(
            head.contains("24.10.2026"),
            "{lang:?}: the signing date: {head}"
        );
        assert!(!head.contains('…'), "{lang:?}: nothing cut: {head}");
    }
}

/// Esc while typing leaves the field and the status line then says the next Esc goes back
/// to the list, which it does (what was typed is saved), in ky and ru.
#[test]
fn esc_leaves_the_field_then_goes_back_to_the_list_and_the_status_line_says_so() {
    for lang in [Lang::Ky, Lang::Ru] {
        let (mut app, _, _) = open_fresh(lang);
        let p = lang.strings().protocol;
        assert_eq!(app.context(), Context::ProtocolField, "{lang:?}");
        assert!(screen(&app, 80, 24).contains(p.key_back), "{lang:?}");
        let id = protocol_id(&app);
        typ(&mut app, "Жаңы");
        assert!(typing(&app));
        assert_eq!(app.context(), Context::ProtocolEdit);
        let last = |app: &App| {
            screen(app, 80, 24)
                .lines()
                .last()
                .unwrap_or_default()
                .to_string()
        };
        assert!(
            last(&app).contains(p.key_leave_field),
            "{lang:?}: {}",
            last(&app)
        );
        press(&mut app, KeyCode::Esc);
        assert!(!typing(&app));
        assert_eq!(app.context(), Context::ProtocolField);
        assert!(last(&app).contains(p.key_back), "{lang:?}: {}", last(&app));
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.context(), Context::ProtocolPicker, "{lang:?}");
        let doc = app.store.protocol_doc(id).unwrap();
        assert!(
            doc.items[0].title.contains("Жаңы"),
            "{lang:?}: the typed word was saved: {}",
            doc.items[0].title
        );
    }
}
