//! The task store: keyset paging, counts, full-text search (Cyrillic folded), the plan of
//! the first page, the actions of control and the history they leave.

use crate::common;
use shtab::store::Refusal;

use chrono::NaiveDate;
use common::*;
use shtab::domain::query::{self, Query};
use shtab::domain::tasks::{Actor, TaskError};
use shtab::domain::work::TaskStatus;
use shtab::store::{Event, NewReport, Page, QueryContext, Store, StoreError, TaskRow};

fn d(s: &str) -> NaiveDate {
    shtab::domain::date::parse(s).unwrap()
}

fn cx() -> QueryContext {
    QueryContext {
        today: today(),
        me: None,
    }
}

fn q(text: &str) -> Query {
    query::parse(text).unwrap()
}

/// Every row of the query, read page by page forwards.
fn all_by_pages(store: &Store, query: &Query, size: usize) -> Vec<TaskRow> {
    let mut out: Vec<TaskRow> = Vec::new();
    let mut page = Page::First;
    loop {
        let rows = store.tasks_page(query, &cx(), page, size).unwrap();
        assert!(rows.len() <= size);
        let Some(last) = rows.last() else { break };
        page = Page::After(last.key());
        let n = rows.len();
        out.extend(rows);
        if n < size {
            break;
        }
    }
    out
}

#[test]
fn pages_forward_and_backward_cover_the_result_once_in_order() {
    let store = demo_store();
    for text in [
        "",
        "status:open",
        "sort:-deadline",
        "sort:number",
        "sort:-number status:done",
    ] {
        let query = q(text);
        let total = store.tasks_count(&query, &cx()).unwrap();
        let rows = all_by_pages(&store, &query, 7);
        assert_eq!(rows.len() as i64, total, "{text}");
        let mut ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let in_order = rows.windows(2).all(|w| match query.sort {
            query::Sort::Deadline => w[0].key() < w[1].key(),
            query::Sort::DeadlineDesc => w[0].key() > w[1].key(),
            query::Sort::Number => w[0].id < w[1].id,
            query::Sort::NumberDesc => w[0].id > w[1].id,
        });
        assert!(in_order, "{text}: rows out of order");
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len() as i64, total, "{text}: a row twice");
        // Backwards from the end gives the same rows.
        let last = store.tasks_page(&query, &cx(), Page::Last, 7).unwrap();
        assert_eq!(last, rows[rows.len() - last.len()..].to_vec(), "{text}");
        let before = store
            .tasks_page(&query, &cx(), Page::Before(last[0].key()), 7)
            .unwrap();
        let n = rows.len() - last.len();
        assert_eq!(before, rows[n - before.len()..n].to_vec(), "{text}");
        // From a key includes that row.
        let from = store
            .tasks_page(&query, &cx(), Page::From(rows[3].key()), 2)
            .unwrap();
        assert_eq!(from, rows[3..5].to_vec());
    }
    let c = QueryContext {
        today: today(),
        me: None,
    };
    assert_eq!(store.tasks_count(&Query::default(), &c).unwrap(), 150);
}

#[test]
fn filters_agree_with_the_rules() {
    let store = demo_store();
    let today = today();
    let overdue = all_by_pages(&store, &q("status:overdue"), 50);
    assert!(!overdue.is_empty());
    assert!(
        overdue
            .iter()
            .all(|r| r.status.is_open() && r.deadline < today)
    );
    assert_eq!(
        overdue.len() as i64,
        store.count_overdue(today).unwrap(),
        "the same count as the start message"
    );
    let week = all_by_pages(&store, &q("status:open due:<7d"), 50);
    assert!(
        week.iter()
            .all(|r| r.deadline >= today && r.deadline <= d("02.12.2026"))
    );
    assert_eq!(week.len() as i64, store.count_due_within(today, 7).unwrap());
    let schools = all_by_pages(&store, &q("kind:school"), 50);
    assert!(!schools.is_empty());
    let orgs = store.organizations(&Default::default()).unwrap();
    for r in &schools {
        let o = orgs.iter().find(|o| o.id == r.executor.id).unwrap();
        assert_eq!(o.kind, shtab::domain::OrgKind::School);
    }
    // An organization by part of its name, as executor or co-executor, in any case.
    let one = &schools[0].executor;
    let word = one.ky.split_whitespace().last().unwrap().to_uppercase();
    let by_org = all_by_pages(
        &store,
        &q(&format!("org:\"{}\"", one.ky.to_uppercase())),
        50,
    );
    assert!(by_org.iter().any(|r| r.id == schools[0].id), "{word}");
    assert!(
        by_org
            .iter()
            .all(|r| r.executor.id == one.id || r.co_executors.iter().any(|c| c.id == one.id))
    );
    // Tasks of a session's protocol carry its label as their origin.
    let from_protocol = schools
        .iter()
        .chain(overdue.iter())
        .find_map(|r| match &r.origin {
            shtab::store::Origin::Protocol { number, year, .. } => Some((*number, *year)),
            _ => None,
        })
        .unwrap();
    let session = all_by_pages(
        &store,
        &q(&format!("session:{}/{}", from_protocol.0, from_protocol.1)),
        50,
    );
    assert!(!session.is_empty());
    // Measures: the number and its sub-numbers.
    let measured = all_by_pages(&store, &q("status:open,closed"), 200)
        .into_iter()
        .find_map(|r| match r.origin {
            shtab::store::Origin::Measure { number, .. } => Some(number),
            _ => None,
        })
        .unwrap();
    let by_measure = all_by_pages(&store, &q(&format!("measure:{measured}")), 50);
    assert!(!by_measure.is_empty());
    let controlled = all_by_pages(&store, &q("controller:any"), 200);
    assert_eq!(
        controlled.len(),
        150,
        "the demo sets a controller everywhere"
    );
    assert!(all_by_pages(&store, &q("controller:none"), 50).is_empty());
}

#[test]
fn full_text_search_folds_cyrillic_and_reads_reports() {
    let mut store = demo_store();
    let row = store
        .tasks_page(&q("status:open"), &cx(), Page::First, 1)
        .unwrap()[0]
        .clone();
    // Find it by the upper-cased first word of its text.
    let word: String = row
        .text
        .split_whitespace()
        .find(|w| w.chars().count() > 4 && w.chars().all(char::is_alphabetic))
        .unwrap()
        .to_uppercase();
    let found = all_by_pages(&store, &q(&word), 200);
    assert!(found.iter().any(|r| r.id == row.id), "{word}");
    // A report's words are searched too; Kyrgyz letters fold, ё reads as е, prefixes match.
    store
        .record_report(
            row.id,
            row.version,
            &NewReport {
                date: today(),
                text: "Өрнөк ёлкасы ҢҮӨ-тармагы".into(),
                doc_number: "07-11/5512".into(),
                is_final: false,
            },
            today(),
        )
        .unwrap();
    for needle in ["ӨРНӨК", "өрнөк", "елкасы", "ЁЛКАС", "ңүө", "5512"] {
        let hits = all_by_pages(&store, &q(needle), 50);
        assert_eq!(
            hits.iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![row.id],
            "{needle}"
        );
    }
    assert!(all_by_pages(&store, &q("мектепкеzzz"), 50).is_empty());
    // Several words must all appear.
    assert_eq!(all_by_pages(&store, &q("өрнөк 5512"), 50).len(), 1);
    assert!(all_by_pages(&store, &q("өрнөк гимназияzz"), 50).is_empty());
}

/// `shtab tasks` reads every match in one statement (words: the full-text index leading,
/// each task read by its id): the same rows in the same order as the pages, every sort.
#[test]
fn every_match_at_once_is_every_page_in_order() {
    let store = demo_store();
    let all = store.tasks_all(&q(""), &cx()).unwrap();
    // Words of the tasks' own texts: some match many tasks, some few.
    let mut words: Vec<String> = all
        .iter()
        .step_by(17)
        .filter_map(|r| {
            r.text
                .split_whitespace()
                .find(|w| w.chars().count() > 5 && w.chars().all(char::is_alphabetic))
                .map(str::to_lowercase)
        })
        .collect();
    words.dedup();
    assert!(words.len() >= 3, "{words:?}");
    let (a, b) = (&words[0], &words[1]);
    let mut texts: Vec<String> = words.iter().map(|w| w.to_uppercase()).collect();
    texts.extend([
        String::new(),
        "status:open".into(),
        format!("{a} status:open"),
        format!("sort:-deadline {a}"),
        format!("sort:number {b}"),
        format!("sort:-number {b} status:closed"),
        format!("{a} {b}"),
        format!("org:мектеп {a}"),
        "жокбуларсөз".into(),
    ]);
    let mut some = 0;
    for text in &texts {
        let query = q(text);
        let at_once = store.tasks_all(&query, &cx()).unwrap();
        assert_eq!(at_once, all_by_pages(&store, &query, 13), "{text}");
        assert_eq!(
            at_once.len() as i64,
            store.tasks_count(&query, &cx()).unwrap(),
            "{text}"
        );
        some += usize::from(at_once.len() > 1);
    }
    assert!(some >= texts.len() / 2, "most queries find several tasks");
}

/// A text that is not UTF-8 (written behind Shtab's back) makes the listing an error that
/// names it, not a panic or a garbled table.
#[test]
fn a_text_that_is_not_utf8_is_an_error_of_the_listing() {
    let mut store = demo_store();
    let word = "status:open";
    let any = store.tasks_all(&q(word), &cx()).unwrap();
    let id = store
        .add_task(&shtab::store::NewTask {
            text: "Табылга".into(),
            executor_id: any[0].executor.id,
            deadline: today(),
            controller_id: None,
        })
        .unwrap();
    assert!(store.tasks_listed(&q(word), &cx()).is_ok());
    // (Without the row audit, whose log would read the text too.)
    store
        .without_row_audit(|s| {
            s.write(|tx| {
                tx.execute(
                    "UPDATE task SET text = CAST(X'D0B0D0' AS TEXT) WHERE id = ?1",
                    [id],
                )?;
                Ok(())
            })
        })
        .unwrap();
    let e = store.tasks_listed(&q(word), &cx()).err().expect("an error");
    assert!(e.to_string().contains("utf-8"), "{e}");
}

#[test]
fn the_first_page_reads_an_index_in_order() {
    let store = demo_store();
    for text in [
        "",
        "status:open",
        "status:overdue",
        "due:<7d",
        "sort:-deadline",
        "sort:number",
        // The quick views and a kind: dense results, read in order.
        "status:open due:<7d",
        "status:open controller:me",
        "status:overdue kind:school",
        "kind:school status:open",
        "sort:-deadline status:overdue",
    ] {
        let plan = store.tasks_first_page_plan(&q(text), &cx(), 30).unwrap();
        assert!(
            !plan.contains("TEMP B-TREE"),
            "{text}: the order must come from an index:\n{plan}"
        );
        assert!(
            plan.contains("USING INDEX task_deadline")
                || plan.contains("USING INDEX task_open_deadline")
                || plan.contains("USING INDEX task_controller")
                || plan.contains("USING INTEGER PRIMARY KEY")
                || plan.contains("USING INDEX task_deadline_status")
                || plan.contains("USING COVERING INDEX task_deadline_status"),
            "{text}: the first page must use an index:\n{plan}"
        );
        assert!(
            !plan.contains("SCAN e"),
            "{text}: executors by key:\n{plan}"
        );
    }
}

fn open_task(store: &Store) -> TaskRow {
    store
        .tasks_page(&q("status:assigned"), &cx(), Page::First, 1)
        .unwrap()
        .remove(0)
}

#[test]
fn report_close_extend_cancel_reassign_leave_history() {
    let mut store = demo_store();
    let t = open_task(&store);
    let today = today();
    // A report dated in the future or before the task is refused.
    let bad = |date| NewReport {
        date,
        text: "x".into(),
        doc_number: String::new(),
        is_final: true,
    };
    assert!(matches!(
        store.record_report(t.id, t.version, &bad(d("26.11.2026")), today),
        Err(StoreError::Refused(Refusal::Task(
            TaskError::ReportInFuture
        )))
    ));
    let before = t.created() - chrono::Duration::days(1);
    assert!(matches!(
        store.record_report(t.id, t.version, &bad(before), today),
        Err(StoreError::Refused(Refusal::Task(
            TaskError::ReportBeforeTask
        )))
    ));
    // Closing without a final report is refused.
    assert!(matches!(
        store.close_task(t.id, t.version),
        Err(StoreError::Refused(Refusal::Task(TaskError::NoFinalReport)))
    ));
    // Extension: asked, granted (moves the deadline), capped at 2 by default.
    let new = t.deadline.max(today) + chrono::Duration::days(10);
    store
        .request_extension(t.id, t.version, new, "Жабдуу кечикти", today)
        .unwrap();
    let t2 = store.task(t.id).unwrap();
    assert_eq!(t2.status, TaskStatus::ExtensionRequested);
    assert!(matches!(
        store.request_extension(t.id, t2.version, new, "again", today),
        Err(StoreError::Refused(Refusal::Task(
            TaskError::ExtensionPending
        )))
    ));
    let stranger = Actor {
        login: "secretary".into(),
        member_id: None,
    };
    let other = Actor {
        login: "x".into(),
        member_id: Some(t2.controller_id.unwrap() + 1000),
    };
    assert!(matches!(
        store.decide_extension(t.id, t2.version, true, &other),
        Err(StoreError::Refused(Refusal::Task(TaskError::NotController)))
    ));
    // A stale version is refused.
    assert!(matches!(
        store.decide_extension(t.id, t.version, true, &stranger),
        Err(StoreError::Refused(Refusal::Conflict))
    ));
    store
        .decide_extension(t.id, t2.version, true, &stranger)
        .unwrap();
    let t3 = store.task(t.id).unwrap();
    assert_eq!(t3.deadline, new);
    assert_eq!(t3.status, TaskStatus::Assigned);
    assert_eq!(t3.extensions, 1);
    let newer = new + chrono::Duration::days(5);
    store
        .request_extension(t.id, t3.version, newer, "дагы", today)
        .unwrap();
    let t4 = store.task(t.id).unwrap();
    store
        .decide_extension(t.id, t4.version, true, &stranger)
        .unwrap();
    let t5 = store.task(t.id).unwrap();
    assert_eq!(t5.extensions, 2);
    assert!(matches!(
        store.request_extension(
            t.id,
            t5.version,
            newer + chrono::Duration::days(1),
            "3",
            today
        ),
        Err(StoreError::Refused(Refusal::Task(TaskError::ExtensionCap(
            2
        ))))
    ));
    store.set_setting("tasks.extension_cap", "3").unwrap();
    assert_eq!(store.extension_cap().unwrap(), 3);
    // Interim, then final report: in progress, then closed on time (before the deadline).
    store
        .record_report(
            t.id,
            t5.version,
            &NewReport {
                date: today,
                text: "Бүттү".into(),
                doc_number: "01-12/77".into(),
                is_final: true,
            },
            today,
        )
        .unwrap();
    let t6 = store.task(t.id).unwrap();
    assert_eq!(t6.status, TaskStatus::InProgress);
    assert_eq!(
        store.close_task(t.id, t6.version).unwrap(),
        TaskStatus::DoneOnTime
    );
    let detail = store.task_detail(t.id).unwrap();
    let events: Vec<&Event> = detail.history.iter().map(|h| &h.event).collect();
    assert!(matches!(events[0], Event::Created));
    assert_eq!(
        events
            .iter()
            .filter(|e| matches!(e, Event::ExtensionRequested { .. }))
            .count(),
        2
    );
    assert_eq!(
        events
            .iter()
            .filter(|e| matches!(e, Event::ExtensionDecided { granted: true, .. }))
            .count(),
        2
    );
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::Report { is_final: true, .. }))
    );
    assert!(matches!(
        events.last().unwrap(),
        Event::Closed(TaskStatus::DoneOnTime)
    ));
    let who = detail.history.last().unwrap().who.clone();
    assert_eq!(who, shtab::store::current_user());
    // Closed: no more reports, no cancelling.
    let t7 = store.task(t.id).unwrap();
    assert!(matches!(
        store.cancel_task(t.id, t7.version, "x"),
        Err(StoreError::Refused(Refusal::Task(TaskError::NotOpen)))
    ));

    // Another task: reassign, then cancel with a reason.
    let u = open_task(&store);
    let orgs = store.organizations(&Default::default()).unwrap();
    let to = orgs.iter().find(|o| o.id != u.executor.id).unwrap();
    assert!(matches!(
        store.reassign_task(u.id, u.version, u.executor.id, "x"),
        Err(StoreError::Refused(Refusal::Task(TaskError::SameExecutor)))
    ));
    store
        .reassign_task(u.id, u.version, to.id, "Уюм кайра түзүлдү")
        .unwrap();
    let u2 = store.task(u.id).unwrap();
    assert_eq!(u2.executor.id, to.id);
    assert!(matches!(
        store.cancel_task(u.id, u2.version, "  "),
        Err(StoreError::Refused(Refusal::Task(
            TaskError::ReasonRequired
        )))
    ));
    store
        .cancel_task(u.id, u2.version, "Кереги жок болуп калды")
        .unwrap();
    let detail = store.task_detail(u.id).unwrap();
    assert!(detail.history.iter().any(|h| matches!(&h.event,
        Event::Reassigned { from, to: t, .. } if from.id == u.executor.id && t.id == to.id)));
    assert!(matches!(
        &detail.history.last().unwrap().event,
        Event::Cancelled(r) if r == "Кереги жок болуп калды"
    ));
    assert_eq!(detail.row.status, TaskStatus::Cancelled);
    // Every action is audited.
    let audited: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE entity = 'task' AND entity_id IN (?1, ?2)
               AND action NOT IN ('insert', 'update', 'delete')",
            [t.id, u.id],
            |r| r.get(0),
        )
        .unwrap();
    // t: two requests, two grants, the report, the close; u: reassign, cancel (the named
    // actions; the row changes themselves are logged by the triggers besides).
    assert_eq!(audited, 8);
    let row_changes: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE entity = 'task' AND entity_id = ?1
               AND action = 'update'",
            [t.id],
            |r| r.get(0),
        )
        .unwrap();
    assert!(row_changes >= 4, "{row_changes}");
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn views_are_saved_by_name() {
    let mut store = demo_store();
    store
        .save_task_view("Мектептер", "kind:school status:open")
        .unwrap();
    store.save_task_view("Айлык", "due:2026-12").unwrap();
    store.save_task_view("Мектептер", "kind:school").unwrap();
    assert_eq!(
        store.task_views().unwrap(),
        vec![
            ("Айлык".to_string(), "due:2026-12".to_string()),
            ("Мектептер".to_string(), "kind:school".to_string())
        ]
    );
    store.delete_task_view("Айлык").unwrap();
    assert!(matches!(
        store.delete_task_view("Айлык"),
        Err(StoreError::Refused(Refusal::NotFound))
    ));
    assert_eq!(store.task_views().unwrap().len(), 1);
}

#[test]
fn mine_is_the_linked_members_and_nobody_elses() {
    use shtab::domain::access::AccessRole;
    let mut store = demo_store();
    // The member controlling the most tasks, and a login linked to them.
    let (member, controlled): (i64, i64) = store
        .conn()
        .query_row(
            "SELECT controller_id, count(*) FROM task WHERE controller_id IS NOT NULL
              GROUP BY controller_id ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let all_controlled: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM task WHERE controller_id IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        controlled < all_controlled,
        "the demo has several controllers"
    );
    let user = |login: &str, member_id| shtab::store::User {
        login: login.into(),
        full_name: String::new(),
        role: AccessRole::Member,
        member_id,
    };
    store.save_user(&user("aibek", Some(member))).unwrap();
    store.save_user(&user("viewer1", None)).unwrap();
    assert_eq!(store.member_for_login("aibek").unwrap(), Some(member));
    // No link, no member: neither a user without one nor a login that looks like a name.
    assert_eq!(store.member_for_login("viewer1").unwrap(), None);
    let members = store.all_members().unwrap();
    let named = members
        .iter()
        .find(|m| m.active && !m.email.is_empty())
        .unwrap();
    let local = named.email.split('@').next().unwrap();
    assert_eq!(store.member_for_login(local).unwrap(), None);
    assert_eq!(store.member_for_login("").unwrap(), None);
    let mine = q("controller:me");
    let me = QueryContext {
        today: today(),
        me: Some(member),
    };
    assert_eq!(store.tasks_count(&mine, &me).unwrap(), controlled);
    let rows = store.tasks_page(&mine, &me, Page::First, 10_000).unwrap();
    assert_eq!(rows.len() as i64, controlled);
    assert!(rows.iter().all(|t| t.controller_id == Some(member)));
    // A login linked to no member: nothing is "mine", never everyone's.
    assert_eq!(store.tasks_count(&mine, &cx()).unwrap(), 0);
    assert!(
        store
            .tasks_page(&mine, &cx(), Page::First, 100)
            .unwrap()
            .is_empty()
    );
    // A member who left is no longer anyone's "me".
    store
        .conn()
        .execute("UPDATE member SET active = 0 WHERE id = ?1", [member])
        .unwrap();
    assert_eq!(store.member_for_login("aibek").unwrap(), None);
}

/// `cargo test --release --test store tasks_store:: -- --ignored --nocapture`: 100,000 tasks in a
/// file; what one keystroke costs (the first page and the count) for the common queries.
#[test]
#[ignore]
fn hundred_thousand_tasks_stay_fast() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("big.db")).unwrap();
    write_demo(&mut store, 100_000, 1, today());
    for text in [
        "status:open",
        "status:overdue",
        "status:open due:<7d",
        "kind:school status:open",
        "интернет",
        "status:open мектеп",
        "",
        "sort:-number",
    ] {
        let query = q(text);
        let t = std::time::Instant::now();
        let page = store.tasks_page(&query, &cx(), Page::First, 25).unwrap();
        let first = t.elapsed();
        let t = std::time::Instant::now();
        let n = store.tasks_count(&query, &cx()).unwrap();
        let count = t.elapsed();
        let t = std::time::Instant::now();
        if let Some(last) = page.last() {
            store
                .tasks_page(&query, &cx(), Page::After(last.key()), 25)
                .unwrap();
        }
        let next = t.elapsed();
        println!(
            "{text:>26}: {n:>6} tasks; first page {first:?}, next page {next:?}, count {count:?}"
        );
        if !cfg!(debug_assertions) {
            assert!(first.as_millis() < 100, "{text}: {first:?}");
            assert!(next.as_millis() < 100, "{text}: {next:?}");
        }
    }
}

#[test]
fn search_survives_export_and_import() {
    let a = demo_store();
    let before = a.tasks_count(&q("интернет"), &cx()).unwrap();
    assert!(before > 0);
    let mut b = Store::open_in_memory().unwrap();
    b.import(&a.export().unwrap(), false).unwrap();
    assert_eq!(b.tasks_count(&q("ИНТЕРНЕТ"), &cx()).unwrap(), before);
    // Writes after the import are indexed again, row by row.
    let t = b
        .tasks_page(&q("status:open"), &cx(), Page::First, 1)
        .unwrap()
        .remove(0);
    b.record_report(
        t.id,
        t.version,
        &NewReport {
            date: today(),
            text: "Жаңычыл-сөз".into(),
            doc_number: String::new(),
            is_final: false,
        },
        today(),
    )
    .unwrap();
    assert_eq!(b.tasks_count(&q("жаңычыл"), &cx()).unwrap(), 1);
    assert_eq!(b.setting("tasks.fts_bulk").unwrap(), None);
}

#[test]
fn reassigning_names_the_new_head_unless_one_is_typed() {
    let mut store = demo_store();
    let u = open_task(&store);
    let old = store.task_detail(u.id).unwrap().responsible_person;
    let orgs = store.organizations(&Default::default()).unwrap();
    let to = orgs
        .iter()
        .find(|o| o.id != u.executor.id && !o.head_name.trim().is_empty() && o.head_name != old)
        .unwrap();
    store
        .reassign_task(u.id, u.version, to.id, "Уюм кайра түзүлдү")
        .unwrap();
    let detail = store.task_detail(u.id).unwrap();
    assert_eq!(detail.row.executor.id, to.id);
    assert_eq!(detail.responsible_person, to.head_name.trim());
    let audit: String = store
        .conn()
        .query_row(
            "SELECT detail FROM audit_log WHERE entity = 'task' AND entity_id = ?1
              AND action = 'reassign' ORDER BY id DESC LIMIT 1",
            [u.id],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        audit.ends_with(&format!("responsible: {old} -> {}", to.head_name.trim())),
        "{audit}"
    );
    // A person typed wins over the head; back to the first executor.
    let back = detail.row.version;
    store
        .reassign_task_to(u.id, back, u.executor.id, "Кайра", Some("  А. Осмонов "))
        .unwrap();
    let detail = store.task_detail(u.id).unwrap();
    assert_eq!(detail.row.executor.id, u.executor.id);
    assert_eq!(detail.responsible_person, "А. Осмонов");
}

#[test]
fn granting_keeps_the_overdue_months_and_the_chair_decides() {
    use shtab::domain::access::AccessRole;
    use shtab::domain::{Member, OrgKind, Organization, Role};
    let mut store = Store::open_in_memory().unwrap();
    let today = chrono::Local::now().date_naive();
    let org = store
        .save_organization(&Organization::new("№5 орто мектеби", OrgKind::School))
        .unwrap();
    let member = |store: &mut Store, name: &str, role| {
        let m = Member {
            id: 0,
            full_name: name.into(),
            position: String::new(),
            role,
            organization_id: None,
            phone: String::new(),
            email: String::new(),
            term_from: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
            term_to: None,
            active: true,
            version: 0,
        };
        store.save_member(&m).unwrap()
    };
    let chair = member(&mut store, "Бейшеналиева Майрам Сагынбековна", Role::Chair);
    let controller = member(&mut store, "Осмонов Азамат Токтогулович", Role::Member);
    let other = member(&mut store, "Асанова Гүлнара Маратовна", Role::Member);
    let overdue_since = today - chrono::Duration::days(247);
    store
        .conn()
        .execute(
            "INSERT INTO task(id, text, executor_id, controller_id, deadline, status, created_at)
             VALUES (1, 'Интернет', ?1, ?2, ?3, 'assigned', ?4)",
            rusqlite::params![
                org,
                controller,
                overdue_since,
                format!("{}T09:00:00", today - chrono::Duration::days(300))
            ],
        )
        .unwrap();
    let months = |store: &Store| {
        let m = store.compliance(today, None, None).unwrap();
        let m = m.iter().find(|m| m.organization_id == org).unwrap().clone();
        (m.overdue_months, m.repeat_failure())
    };
    assert_eq!(months(&store), (6, true), "overdue for 247 days");
    let user = |login: &str, role, member_id| shtab::store::User {
        login: login.into(),
        full_name: String::new(),
        role,
        member_id: Some(member_id),
    };
    store
        .save_user(&user("chair", AccessRole::Chair, chair))
        .unwrap();
    store
        .save_user(&user("other", AccessRole::Member, other))
        .unwrap();
    let v = |store: &Store| store.task(1).unwrap().version;
    assert_eq!(store.pending_extension_request(1).unwrap(), None);
    store
        .request_extension(
            1,
            v(&store),
            today + chrono::Duration::days(30),
            "Жабдуу",
            today,
        )
        .unwrap();
    // What the one who decides sees: the date asked for and the reason.
    let (asked, reason, _at) = store.pending_extension_request(1).unwrap().unwrap();
    assert_eq!(
        (asked, reason.as_str()),
        (today + chrono::Duration::days(30), "Жабдуу")
    );
    // A member who neither chairs nor controls the task is refused; the chair is not,
    // though the chair does not control it.
    let actor = |login: &str, member_id| Actor {
        login: login.into(),
        member_id: Some(member_id),
    };
    assert!(matches!(
        store.decide_extension(1, v(&store), true, &actor("other", other)),
        Err(StoreError::Refused(Refusal::Task(TaskError::NotController)))
    ));
    store
        .decide_extension(1, v(&store), true, &actor("chair", chair))
        .unwrap();
    assert!(store.task(1).unwrap().deadline > today);
    assert_eq!(
        store.count_overdue(today).unwrap(),
        0,
        "not overdue any more"
    );
    // The months it was overdue stay: ↻ is not erased by the grant.
    assert_eq!(months(&store), (6, true));
}
