//! Protocols in the store: made from a session, saved a field at a time with optimistic
//! locking, signed with a number and a hash in one transaction, guarded by triggers once
//! signed, amended, verified; the delivery register; import with signed protocols.

use crate::common;
use shtab::store::Refusal;

use chrono::NaiveDate;
use common::*;
use rusqlite::params;
use shtab::domain::protocol::{Delivery, DeliveryWay, QuorumRule, Votes, sign_problems, text_hash};
use shtab::store::{Store, StoreError, TaskDraft, TextField};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The demo's held session (the latest past one, whose protocol is a draft).
fn held_session(store: &Store) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT id FROM session WHERE status = 'held' ORDER BY date DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

fn signed_protocol(store: &Store) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT id FROM protocol WHERE status = 'signed' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

fn is_trigger_refusal(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(_, Some(m)) if m.starts_with("the protocol is signed"))
}

/// A past session without a protocol, with a two-item agenda.
fn fresh_session(store: &mut Store) -> i64 {
    use shtab::domain::session::{AgendaItem, AgendaItemKind, Session, SessionKind, SessionStatus};
    let (id, _) = store
        .create_session(&Session {
            id: 0,
            year: 2026,
            number: 0,
            kind: SessionKind::Extraordinary,
            reason: "Интернет өчтү".into(),
            date: d(2026, 11, 24),
            time: chrono::NaiveTime::from_hms_opt(16, 30, 0).unwrap(),
            place: "Мэрия, кичи зал".into(),
            duration_minutes: 60,
            status: SessionStatus::AgendaApproved,
            version: 0,
        })
        .unwrap();
    for title in ["Интернеттин өчүшү жөнүндө", "Ар түрдүү"] {
        let mut item = AgendaItem::new(id, title, AgendaItemKind::Report);
        item.speaker_name = "Асанов Эрлан".into();
        store.save_agenda_item(&item).unwrap();
    }
    id
}

#[test]
fn opening_makes_the_protocol_from_the_session_and_its_agenda() {
    let mut store = demo_store();
    let session = fresh_session(&mut store);
    let id = store.open_protocol(session).unwrap();
    assert_eq!(
        store.open_protocol(session).unwrap(),
        id,
        "opened again, not made twice"
    );
    let doc = store.protocol_doc(id).unwrap();
    assert_eq!(doc.protocol.date, d(2026, 11, 24));
    assert_eq!(doc.protocol.place, "Мэрия, кичи зал");
    assert!(!doc.protocol.presiding.is_empty() && !doc.protocol.secretary.is_empty());
    assert_eq!(doc.items.len(), 2);
    assert_eq!(doc.items[0].title, "Интернеттин өчүшү жөнүндө");
    assert_eq!(doc.items[0].heard_speaker, "Асанов Эрлан");
    assert!(doc.attendance.len() >= 5 && doc.attendance.iter().all(|a| a.present));
    assert_eq!(
        store.session(session).unwrap().status.code(),
        "held",
        "the agenda freezes"
    );
    // The attendance is in Kyrgyz alphabet order.
    let names: Vec<&str> = doc
        .attendance
        .iter()
        .map(|a| a.full_name.as_str())
        .collect();
    let mut sorted = names.clone();
    sorted.sort_by(|a, b| shtab::domain::text::ky_cmp(a, b));
    assert_eq!(names, sorted);
}

#[test]
fn fields_save_with_optimistic_locking_and_a_stale_save_is_refused() {
    let mut store = demo_store();
    let session = fresh_session(&mut store);
    let id = store.open_protocol(session).unwrap();
    let item = store.protocol_doc(id).unwrap().items[0].clone();
    let v = store
        .save_protocol_text(
            TextField::HeardSummary,
            item.id,
            item.version,
            "Биринчи сап\nэкинчи сап",
            "heard_summary:1",
        )
        .unwrap();
    assert_eq!(v, item.version + 1);
    let stale =
        store.save_protocol_text(TextField::HeardSummary, item.id, item.version, "эски", "x");
    assert!(matches!(stale, Err(StoreError::Refused(Refusal::Conflict))));
    let doc = store.protocol_doc(id).unwrap();
    assert_eq!(doc.items[0].heard_summary, "Биринчи сап\nэкинчи сап");
    assert_eq!(doc.protocol.last_field, "heard_summary:1");
    assert!(matches!(
        store.save_protocol_text(TextField::ItemTitle, 999_999, 1, "x", ""),
        Err(StoreError::Refused(Refusal::NotFound))
    ));
}

#[test]
fn decisions_are_numbered_per_item_and_renumbered_after_a_removal() {
    let mut store = demo_store();
    let session = fresh_session(&mut store);
    let id = store.open_protocol(session).unwrap();
    let doc = store.protocol_doc(id).unwrap();
    let (a, b) = (doc.items[0].id, doc.items[1].id);
    let d1 = store.add_decision(a, "Биринчи").unwrap();
    store.add_decision(a, "Экинчи").unwrap();
    store.add_decision(b, "Үчүнчү").unwrap();
    let other = store.add_protocol_item(id, "Башка маселе").unwrap();
    store.add_decision(other, "Төртүнчү").unwrap();
    let numbers = |store: &Store| -> Vec<(String, String)> {
        store
            .protocol_doc(id)
            .unwrap()
            .items
            .iter()
            .flat_map(|i| {
                i.decisions
                    .iter()
                    .map(|d| (d.number.clone(), d.text.clone()))
            })
            .collect()
    };
    assert_eq!(
        numbers(&store),
        vec![
            ("1.1".into(), "Биринчи".into()),
            ("1.2".into(), "Экинчи".into()),
            ("2.1".into(), "Үчүнчү".into()),
            ("3.1".into(), "Төртүнчү".into()),
        ]
    );
    let v = store.protocol_doc(id).unwrap().items[0].decisions[0].version;
    store.delete_decision(d1, v).unwrap();
    let item_b = store.protocol_doc(id).unwrap().items[1].clone();
    // A section with a decision that carries a task cannot go.
    let dec = item_b.decisions[0].id;
    let org: i64 = store
        .conn()
        .query_row("SELECT min(id) FROM organization", [], |r| r.get(0))
        .unwrap();
    store
        .save_decision_task(&TaskDraft {
            id: 0,
            decision_id: dec,
            text: "Туташтыруу".into(),
            executor_id: org,
            co_executors: vec![],
            responsible_person: String::new(),
            controller_id: None,
            deadline: d(2026, 12, 30),
            version: 0,
        })
        .unwrap();
    assert!(matches!(
        store.delete_protocol_item(item_b.id, item_b.version),
        Err(StoreError::Refused(Refusal::InUse))
    ));
    let first = store.protocol_doc(id).unwrap().items[0].clone();
    store.delete_protocol_item(first.id, first.version).unwrap();
    assert_eq!(
        numbers(&store),
        vec![
            ("1.1".into(), "Үчүнчү".into()),
            ("2.1".into(), "Төртүнчү".into()),
        ]
    );
}

#[test]
fn signing_numbers_hashes_and_locks_the_protocol_in_one_go() {
    let mut store = demo_store();
    let session = fresh_session(&mut store);
    let id = store.open_protocol(session).unwrap();
    let doc = store.protocol_doc(id).unwrap();
    let item = doc.items[0].id;
    store.add_decision(item, "Маалымат эске алынсын.").unwrap();
    let doc = store.protocol_doc(id).unwrap();
    assert!(sign_problems(&doc, QuorumRule::MoreThanHalf).is_empty());
    // A stale view is refused: the signer must sign what is stored.
    let seen = text_hash(&doc);
    let dec = &doc.items[0].decisions[0];
    store
        .save_votes(
            dec.id,
            dec.version,
            Some(Votes {
                yes: 9,
                no: 0,
                abstained: 1,
            }),
            "",
        )
        .unwrap();
    assert!(matches!(
        store.sign_protocol(id, &seen, "Төрага"),
        Err(StoreError::Refused(Refusal::Conflict))
    ));
    let doc = store.protocol_doc(id).unwrap();
    let own = store.session(session).unwrap().number;
    assert_eq!(store.protocol_number_at_signing(id).unwrap(), (own, 2026));
    let (n, year) = store
        .sign_protocol(id, &text_hash(&doc), &doc.protocol.presiding)
        .unwrap();
    assert_eq!((n, year), (own, 2026), "the number of its session");
    let p = store.protocol(id).unwrap();
    assert!(p.is_signed());
    assert_eq!(p.label(), Some(format!("{n}/2026")));
    assert!(p.signed_at.is_some());
    assert_eq!(
        store.session(session).unwrap().status.code(),
        "protocol_signed"
    );
    let v = store.verify_protocol(id).unwrap();
    assert!(v.intact, "{v:?}");
    assert_eq!(v.stored.as_deref(), Some(v.computed.as_str()));
    // The names were recorded: renaming a member later does not break the hash.
    let member = doc.attendance[0].member_id;
    store
        .conn()
        .execute(
            "UPDATE member SET full_name = full_name || ' (жаңы)' WHERE id = ?1",
            [member],
        )
        .unwrap();
    assert!(store.verify_protocol(id).unwrap().intact);
    // Signed: no field can be saved, through the store …
    let dec = &store.protocol_doc(id).unwrap().items[0].decisions[0].clone();
    assert!(matches!(
        store.save_protocol_text(TextField::DecisionText, dec.id, dec.version, "x", ""),
        Err(StoreError::Refused(Refusal::Signed))
    ));
    assert!(matches!(
        store.add_decision(item, "x"),
        Err(StoreError::Refused(Refusal::Signed))
    ));
    assert!(matches!(
        store.sign_protocol(id, "x", "x"),
        Err(StoreError::Refused(Refusal::Signed))
    ));
}

#[test]
fn triggers_refuse_a_direct_update_or_delete_of_a_signed_protocol() {
    let store = demo_store();
    let id = signed_protocol(&store);
    let c = store.conn();
    let (session, item, decision): (i64, i64, i64) = c
        .query_row(
            "SELECT p.session_id, i.id, d.id FROM protocol p
             JOIN protocol_item i ON i.protocol_id = p.id
             JOIN decision d ON d.protocol_item_id = i.id WHERE p.id = ?1 LIMIT 1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let refused = [
        format!("UPDATE protocol SET place = 'x' WHERE id = {id}"),
        format!("UPDATE protocol SET status = 'draft' WHERE id = {id}"),
        format!("DELETE FROM protocol WHERE id = {id}"),
        format!("UPDATE protocol_item SET title = 'x' WHERE id = {item}"),
        format!("DELETE FROM protocol_item WHERE id = {item}"),
        format!("INSERT INTO protocol_item(protocol_id, position, title) VALUES ({id}, 99, 'x')"),
        format!("UPDATE decision SET text = 'x' WHERE id = {decision}"),
        format!("UPDATE decision SET votes_for = 99 WHERE id = {decision}"),
        format!("DELETE FROM decision WHERE id = {decision}"),
        format!(
            "INSERT INTO decision(protocol_id, protocol_item_id, number, text)
             VALUES ({id}, {item}, '9.9', 'x')"
        ),
        format!(
            "INSERT INTO protocol_speech(protocol_item_id, position, speaker) VALUES ({item}, 9, 'x')"
        ),
        format!("UPDATE attendance SET present = 1 - present WHERE session_id = {session}"),
        format!("DELETE FROM attendance WHERE session_id = {session}"),
        format!("INSERT INTO invited_person(session_id, full_name) VALUES ({session}, 'x')"),
    ];
    for sql in &refused {
        let e = c.execute(sql, []).unwrap_err();
        assert!(is_trigger_refusal(&e), "{sql}: {e}");
    }
    // The tasks its decisions gave: origin fields are frozen, their course is not.
    let task: Option<i64> = c
        .query_row(
            "SELECT t.id FROM task t JOIN decision d ON d.id = t.decision_id
             WHERE d.protocol_id = ?1 LIMIT 1",
            [id],
            |r| r.get(0),
        )
        .ok();
    let task = task.unwrap_or_else(|| {
        let org: i64 = c
            .query_row("SELECT min(id) FROM organization", [], |r| r.get(0))
            .unwrap();
        c.execute(
            "INSERT INTO task(decision_id, text, executor_id, deadline, created_at)
             VALUES (?1, 'x', ?2, '2026-12-30', '2026-11-26T10:00:00')",
            params![decision, org],
        )
        .unwrap();
        c.last_insert_rowid()
    });
    for sql in [
        format!("UPDATE task SET text = 'x' || text WHERE id = {task}"),
        format!("UPDATE task SET decision_id = NULL WHERE id = {task}"),
        format!("UPDATE task SET created_at = '2000-01-01T00:00:00' WHERE id = {task}"),
        format!("DELETE FROM task WHERE id = {task}"),
    ] {
        let e = c.execute(&sql, []).unwrap_err();
        assert!(is_trigger_refusal(&e), "{sql}: {e}");
    }
    c.execute(
        "UPDATE task SET deadline = '2027-01-29', status = 'in_progress' WHERE id = ?1",
        [task],
    )
    .expect("a task's deadline and status still move");
    // Through the store the refusal is typed.
    let mut store = store;
    assert!(matches!(
        store.write(|tx| {
            tx.execute("UPDATE protocol SET place = 'x' WHERE id = ?1", [id])?;
            Ok(())
        }),
        Err(StoreError::Refused(Refusal::Signed))
    ));
    // And nothing changed: the hash still holds.
    assert!(store.verify_protocol(id).unwrap().intact);
    // Drafts are not guarded.
    let draft: i64 = store
        .conn()
        .query_row(
            "SELECT id FROM protocol WHERE status = 'draft' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    store
        .conn()
        .execute(
            "UPDATE protocol SET place = 'Жаңы зал' WHERE id = ?1",
            [draft],
        )
        .unwrap();
}

#[test]
fn tampering_behind_the_triggers_is_found_by_verify() {
    let store = demo_store();
    let id = signed_protocol(&store);
    assert!(store.verify_protocol(id).unwrap().intact);
    let c = store.conn();
    c.execute_batch("DROP TRIGGER signed_decision_update")
        .unwrap();
    c.execute(
        "UPDATE decision SET text = text || ' (өзгөртүлдү)'
         WHERE id = (SELECT min(id) FROM decision WHERE protocol_id = ?1)",
        [id],
    )
    .unwrap();
    let v = store.verify_protocol(id).unwrap();
    assert!(!v.intact);
    assert_ne!(v.stored.as_deref(), Some(v.computed.as_str()));
}

#[test]
fn an_amendment_is_a_new_draft_linked_to_the_signed_original() {
    let mut store = demo_store();
    let original = signed_protocol(&store);
    let before = store.protocol_doc(original).unwrap();
    let today = d(2026, 11, 25);
    let id = store.amend_protocol(original, today).unwrap();
    assert_ne!(id, original);
    assert_eq!(
        store.amend_protocol(original, today).unwrap(),
        id,
        "one draft at a time"
    );
    let doc = store.protocol_doc(id).unwrap();
    assert_eq!(doc.protocol.amends_id, Some(original));
    assert_eq!(doc.protocol.amends_label, before.protocol.label());
    assert_eq!(doc.protocol.session_id, before.protocol.session_id);
    assert!(!doc.protocol.is_signed());
    assert_eq!(doc.protocol.date, today);
    let texts = |d: &shtab::domain::protocol::ProtocolDoc| -> Vec<String> {
        d.decisions()
            .map(|x| format!("{} {}", x.number, x.text))
            .collect()
    };
    assert_eq!(texts(&doc), texts(&before));
    assert_eq!(doc.tasks().count(), 0, "the tasks stay with the original");
    // Correct a decision and sign the amendment: both are kept, both verify.
    let dec = doc.items[0].decisions[0].clone();
    store
        .save_protocol_text(
            TextField::DecisionText,
            dec.id,
            dec.version,
            "Оңдолгон чечим.",
            "",
        )
        .unwrap();
    let doc = store.protocol_doc(id).unwrap();
    let (n, year) = store
        .sign_protocol(id, &text_hash(&doc), &doc.protocol.presiding)
        .unwrap();
    assert_eq!(year, 2026);
    assert!(n > before.protocol.reg_number.unwrap());
    assert!(store.verify_protocol(id).unwrap().intact);
    assert!(store.verify_protocol(original).unwrap().intact);
    assert_eq!(
        store.protocol_doc(original).unwrap().items[0].decisions[0].text,
        before.items[0].decisions[0].text
    );
    let rows = store.protocol_rows(today).unwrap();
    let of_session: Vec<_> = rows
        .iter()
        .filter(|r| r.session.id == before.protocol.session_id)
        .collect();
    assert_eq!(of_session.len(), 2, "the original and its amendment");
    // The original of a session stays unique.
    let e = store
        .conn()
        .execute(
            "INSERT INTO protocol(session_id, year) VALUES (?1, 2026)",
            [before.protocol.session_id],
        )
        .unwrap_err();
    assert!(e.to_string().contains("UNIQUE"), "{e}");
}

#[test]
fn the_delivery_register_lists_what_was_not_delivered() {
    let mut store = demo_store();
    // The demo's latest signed protocol has some extracts still out.
    let id: i64 = store
        .conn()
        .query_row(
            "SELECT max(id) FROM protocol WHERE status = 'signed'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let doc = store.protocol_doc(id).unwrap();
    let mut all = doc.addressees();
    all.sort();
    let pending = |store: &Store| -> Vec<i64> {
        store
            .undelivered_extracts()
            .unwrap()
            .into_iter()
            .filter(|u| u.0 == id)
            .map(|u| u.2)
            .collect()
    };
    let before = pending(&store);
    assert!(!before.is_empty());
    let delivered: Vec<i64> = store
        .deliveries(id)
        .unwrap()
        .iter()
        .map(|d| d.organization_id)
        .collect();
    assert!(before.iter().all(|o| !delivered.contains(o)));
    let mut both: Vec<i64> = before.iter().chain(delivered.iter()).copied().collect();
    both.sort();
    both.dedup();
    assert_eq!(both, all, "every addressee is delivered or listed as not");
    let orgs = before.clone();
    let count = store.deliveries(id).unwrap().len();
    let line = store
        .record_delivery(&Delivery {
            id: 0,
            protocol_id: id,
            organization_id: orgs[0],
            delivered_on: d(2026, 11, 26),
            way: DeliveryWay::EDocument,
            received_by: "  Канцелярия ".into(),
            doc_number: "01-12/400".into(),
            version: 0,
        })
        .unwrap();
    assert!(!pending(&store).contains(&orgs[0]));
    let reg = store.deliveries(id).unwrap();
    assert_eq!(reg.len(), count + 1);
    let mine = reg.iter().find(|d| d.id == line).unwrap().clone();
    assert_eq!(mine.way, DeliveryWay::EDocument);
    assert_eq!(mine.received_by, "Канцелярия");
    store.delete_delivery(line, mine.version).unwrap();
    assert!(pending(&store).contains(&orgs[0]));
    // Only signed protocols have extracts to deliver.
    let draft: i64 = store
        .conn()
        .query_row(
            "SELECT id FROM protocol WHERE status = 'draft' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        store
            .record_delivery(&Delivery {
                protocol_id: draft,
                ..mine
            })
            .is_err()
    );
}

#[test]
fn a_database_with_signed_protocols_exports_and_imports_whole() {
    let store = demo_store();
    let data = store.export().unwrap();
    let mut b = Store::open_in_memory().unwrap();
    b.import(&data, false).unwrap();
    let id = signed_protocol(&b);
    assert!(b.verify_protocol(id).unwrap().intact);
    // The guards are back after the import.
    let e = b
        .conn()
        .execute("UPDATE protocol SET place = 'x' WHERE id = ?1", [id])
        .unwrap_err();
    assert!(is_trigger_refusal(&e), "{e}");
    // And a replace over signed protocols works too.
    b.import(&data, true).unwrap();
    assert!(b.verify_protocol(signed_protocol(&b)).unwrap().intact);
    let guards: i64 = b
        .conn()
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'signed_%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(guards, 19);
}

#[test]
fn held_session_of_the_demo_has_a_draft_to_finish() {
    let mut store = demo_store();
    let session = held_session(&store);
    let id = store.open_protocol(session).unwrap();
    let doc = store.protocol_doc(id).unwrap();
    assert!(!doc.protocol.is_signed());
    assert!(doc.decisions().count() > 0);
}

/// Protocol numbers follow the sessions of the year, not the order of signing: the later
/// session's protocol signed first keeps its session's number, the earlier one signed after
/// it still gets its own; an amendment goes after every number of the year.
#[test]
fn protocol_numbers_follow_the_sessions_not_the_order_of_signing() {
    let mut store = demo_store();
    let first = fresh_session(&mut store);
    let second = {
        let mut s = store.session(first).unwrap();
        s.id = 0;
        s.date = d(2026, 11, 25);
        store.create_session(&s).unwrap().0
    };
    let (n1, n2) = (
        store.session(first).unwrap().number,
        store.session(second).unwrap().number,
    );
    assert!(n1 < n2);
    let sign = |store: &mut Store, session: i64| {
        let id = store.open_protocol(session).unwrap();
        let item = store.add_protocol_item(id, "Ар түрдүү").unwrap();
        store.add_decision(item, "Эске алынсын.").unwrap();
        let doc = store.protocol_doc(id).unwrap();
        (
            id,
            store
                .sign_protocol(id, &text_hash(&doc), "Төрага")
                .unwrap()
                .0,
        )
    };
    let (_, later) = sign(&mut store, second);
    let (earlier_id, earlier) = sign(&mut store, first);
    assert_eq!((earlier, later), (n1, n2));
    let amendment = store.amend_protocol(earlier_id, d(2026, 11, 30)).unwrap();
    let doc = store.protocol_doc(amendment).unwrap();
    let (n, _) = store
        .sign_protocol(amendment, &text_hash(&doc), "Төрага")
        .unwrap();
    let max_session: i64 = store
        .conn()
        .query_row(
            "SELECT max(number) FROM session WHERE year = 2026",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(n > max_session && n > later, "{n}");
}

/// for + against + abstained never above those present: the store refuses with both numbers,
/// said in the user's language.
#[test]
fn a_vote_above_those_present_is_refused() {
    let mut store = demo_store();
    let session = fresh_session(&mut store);
    let id = store.open_protocol(session).unwrap();
    let doc = store.protocol_doc(id).unwrap();
    store
        .add_decision(doc.items[0].id, "Эске алынсын.")
        .unwrap();
    let doc = store.protocol_doc(id).unwrap();
    let present = doc.attendance.iter().filter(|a| a.present).count() as i64;
    let dec = &doc.items[0].decisions[0];
    let v = |yes| Votes {
        yes,
        no: 0,
        abstained: 0,
    };
    let e = store
        .save_votes(dec.id, dec.version, Some(v(present + 1)), "")
        .unwrap_err();
    assert!(
        matches!(e, StoreError::Refused(Refusal::VotesAbovePresent(n, p)) if n == present + 1 && p == present),
        "{e}"
    );
    for lang in [shtab::i18n::Lang::Ky, shtab::i18n::Lang::Ru] {
        let text = shtab::screens::component::store_error_text(&e, lang.strings());
        assert!(text.contains(&format!("{}", present + 1)) && text.contains(&present.to_string()));
        assert!(!text.contains('{'), "{text}");
    }
    assert_eq!(
        store.protocol_doc(id).unwrap().items[0].decisions[0].votes,
        None
    );
    // Exactly those present is fine.
    store
        .save_votes(dec.id, dec.version, Some(v(present)), "")
        .unwrap();
}

/// A member marked absent but written as HEARD warns when marked and when signing is asked,
/// in the user's language; it does not stop the signing.
#[test]
fn an_absent_speaker_warns() {
    use ratatui::crossterm::event::KeyCode;
    for lang in [shtab::i18n::Lang::Ky, shtab::i18n::Lang::Ru] {
        let mut app = demo_app(lang);
        let session = fresh_session(&mut app.store);
        let id = app.store.open_protocol(session).unwrap();
        let doc = app.store.protocol_doc(id).unwrap();
        let who = doc.attendance[0].clone();
        let item = &doc.items[0];
        app.store
            .save_protocol_text(
                TextField::HeardSpeaker,
                item.id,
                item.version,
                &who.full_name,
                "",
            )
            .unwrap();
        app.store.add_decision(item.id, "Эске алынсын.").unwrap();
        app.store
            .save_attendance(id, who.member_id, false, "ооруп", who.version, "")
            .unwrap();
        chr(&mut app, '2');
        let row = app
            .screens
            .protocol
            .rows
            .iter()
            .position(|r| r.session.id == session)
            .unwrap();
        for _ in 0..row {
            press(&mut app, KeyCode::Down);
        }
        press(&mut app, KeyCode::Enter);
        // Alt-P signs (letters are text in the editor).
        press_mod(
            &mut app,
            KeyCode::Char('p'),
            ratatui::crossterm::event::KeyModifiers::ALT,
        );
        assert!(
            app.confirm.is_some(),
            "still asked: a warning, not a refusal"
        );
        let (msg, _) = app.message.clone().expect("a warning");
        let r = shtab::i18n::rules::strings(lang);
        assert_eq!(msg, r.warn_absent_speaker.fill([&who.full_name, &1]));
        assert!(screen(&app, 100, 30).contains(&who.full_name));
    }
}

/// A protocol's tasks carry their own co-executors (read for all tasks at once), each list in
/// the Kyrgyz alphabet's order, none borrowed from another task or protocol.
#[test]
fn each_decision_task_has_its_own_co_executors_in_alphabet_order() {
    let mut store = demo_store();
    let session = fresh_session(&mut store);
    let id = store.open_protocol(session).unwrap();
    let item = store.protocol_doc(id).unwrap().items[0].id;
    store.add_decision(item, "Тапшырмалар берилсин.").unwrap();
    let dec = store.protocol_doc(id).unwrap().items[0].decisions[0].id;
    let orgs: Vec<(i64, String)> = store
        .conn()
        .prepare("SELECT id, name_ky FROM organization ORDER BY id LIMIT 4")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let task = |text: &str, executor: i64, co: Vec<i64>| TaskDraft {
        id: 0,
        decision_id: dec,
        text: text.into(),
        executor_id: executor,
        co_executors: co,
        responsible_person: String::new(),
        controller_id: None,
        deadline: d(2026, 12, 30),
        version: 0,
    };
    // Given in reverse id order: the paper's order is the alphabet's, not the given one.
    store
        .save_decision_task(&task(
            "Биринчи",
            orgs[0].0,
            vec![orgs[3].0, orgs[1].0, orgs[2].0],
        ))
        .unwrap();
    store
        .save_decision_task(&task("Экинчи", orgs[1].0, vec![]))
        .unwrap();
    store
        .save_decision_task(&task("Үчүнчү", orgs[2].0, vec![orgs[0].0]))
        .unwrap();
    let doc = store.protocol_doc(id).unwrap();
    let tasks = &doc.items[0].decisions[0].tasks;
    let co: Vec<Vec<i64>> = tasks
        .iter()
        .map(|t| t.co_executors.iter().map(|c| c.0).collect())
        .collect();
    let mut first: Vec<(i64, String)> = vec![orgs[1].clone(), orgs[2].clone(), orgs[3].clone()];
    first.sort_by(|a, b| shtab::domain::text::ky_cmp(&a.1, &b.1));
    assert_eq!(
        co,
        vec![first.iter().map(|o| o.0).collect(), vec![], vec![orgs[0].0]]
    );
    // Names come with the ids.
    assert_eq!(tasks[2].co_executors[0].1, orgs[0].1);
}

/// The undelivered extracts as a plain statement would list them (every task's row).
fn undelivered_plainly(store: &Store) -> Vec<(i64, String, i64)> {
    store
        .conn()
        .prepare(
            "SELECT p.id, p.reg_number || '/' || p.year, o.org FROM protocol p
               JOIN decision d ON d.protocol_id = p.id
               JOIN task t ON t.decision_id = d.id
               JOIN (SELECT id AS task_id, executor_id AS org FROM task
                     UNION SELECT task_id, organization_id FROM task_co_executor) o
                 ON o.task_id = t.id
              WHERE p.status = 'signed'
                AND (p.id, o.org) NOT IN (SELECT protocol_id, organization_id FROM extract_delivery)
              GROUP BY p.id, o.org
              ORDER BY p.year, p.reg_number, o.org",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// Issue 17: the list is read from the small indexes and kept while nothing changes; a
/// delivery recorded here or by another connection is seen at once.
#[test]
fn undelivered_extracts_equal_a_plain_statement_and_follow_changes_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.db");
    let mut store = Store::open(&path).unwrap();
    write_demo(&mut store, 400, 3, today());
    let first = store.undelivered_extracts().unwrap();
    assert!(first.len() > 1);
    assert_eq!(first, undelivered_plainly(&store));
    assert_eq!(store.undelivered_extracts().unwrap(), first, "kept");
    let record = |store: &mut Store, (protocol_id, _, organization_id): (i64, String, i64)| {
        store
            .record_delivery(&Delivery {
                id: 0,
                protocol_id,
                organization_id,
                delivered_on: today(),
                way: DeliveryWay::EDocument,
                received_by: "Канцелярия".into(),
                doc_number: "01-12/9".into(),
                version: 0,
            })
            .unwrap();
    };
    // Another connection delivers the first one.
    let mut other = Store::open(&path).unwrap();
    record(&mut other, first[0].clone());
    let now = store.undelivered_extracts().unwrap();
    assert_eq!(now, first[1..].to_vec());
    assert_eq!(now, undelivered_plainly(&store));
    // This one delivers the next.
    record(&mut store, now[0].clone());
    assert_eq!(store.undelivered_extracts().unwrap(), first[2..].to_vec());
}
