//! The queries' counts, lists and pages agreeing with each other.

use super::*;
use crate::domain::query::parse;

fn cx() -> QueryContext {
    QueryContext {
        today: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
        me: None,
    }
}

/// Every task `q` selects, listed: what a count must agree with.
fn listed(store: &Store, q: &Query) -> usize {
    store
        .tasks_page(q, &cx(), Page::First, 1_000_000)
        .unwrap()
        .len()
}

#[test]
fn words_alone_are_counted_in_the_index_and_agree_with_the_list() {
    let mut store = Store::open_in_memory().unwrap();
    let options = crate::demo::DemoOptions {
        tasks: 400,
        seed: 3,
        today: cx().today,
    };
    crate::demo::generate(&mut store, &options).unwrap();
    // A text changed after the load: the index follows it (its trigger).
    store
        .conn()
        .execute(
            "UPDATE task SET text = 'Жаңы чечилсин текст' WHERE id = (SELECT min(id) FROM task WHERE decision_id IS NULL)",
            [],
        )
        .unwrap();
    let mut seen_some = false;
    for text in [
        "интернет",
        "мектеп компьют",
        "чечилсин",
        "\"жаңы чечилсин\"",
        "жокбуларсөз",
    ] {
        let q = parse(text).unwrap();
        assert!(only_words(&q), "{text}");
        let n = store.tasks_count(&q, &cx()).unwrap();
        assert_eq!(n as usize, listed(&store, &q), "{text}");
        seen_some |= n > 0;
        // With another term the rows are visited: the same words, fewer or as many.
        let open = parse(&format!("status:open {text}")).unwrap();
        assert!(!only_words(&open));
        let m = store.tasks_count(&open, &cx()).unwrap();
        assert!(m <= n, "{text}: {m} > {n}");
        assert_eq!(m as usize, listed(&store, &open), "{text}");
    }
    assert!(seen_some, "the words were chosen to match something");
    let changed = parse("\"жаңы чечилсин текст\"").unwrap();
    assert_eq!(store.tasks_count(&changed, &cx()).unwrap(), 1);
    assert!(!only_words(&parse("status:open").unwrap()));
    assert!(only_words(&parse("sort:-deadline интернет").unwrap()));
}

/// The counts that skip the rows agree with the rows listed, before and after a change:
/// statuses from the tally, an organization's phrase from the tally and its co-executors
/// (from either side), statuses with words or a session through the kept set of ids.
#[test]
fn counts_without_the_rows_agree_with_the_list() {
    let mut store = Store::open_in_memory().unwrap();
    let options = crate::demo::DemoOptions {
        tasks: 900,
        seed: 7,
        today: cx().today,
    };
    crate::demo::generate(&mut store, &options).unwrap();
    let (number, year): (i64, i64) = store
        .conn()
        .query_row(
            "SELECT s.number, s.year FROM task t JOIN decision d ON d.id = t.decision_id
               JOIN protocol p ON p.id = d.protocol_id JOIN session s ON s.id = p.session_id
              LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let session = format!("session:{number}/{year}");
    let executors = |store: &Store, phrase: &str| -> i64 {
        store
            .conn()
            .query_row(
                "SELECT count(*) FROM task WHERE executor_id IN
                   (SELECT id FROM organization WHERE search LIKE ?1)",
                [like(phrase)],
                |r| r.get(0),
            )
            .unwrap()
    };
    let total = listed(&store, &parse("").unwrap()) as i64;
    // One phrase in most executors' names, one in few: both sides of the co-executors.
    let (most, few) = ("м", "мекте");
    assert!(executors(&store, most) * 2 > total);
    assert!(executors(&store, few) * 2 < total && executors(&store, few) > 0);
    let texts = [
        "status:open".to_string(),
        "status:done sort:-deadline".into(),
        "status:closed".into(),
        "status:cancelled status:done_late".into(),
        format!("org:{most}"),
        format!("org:{few}"),
        "status:open мектеп".into(),
        "status:overdue интернет".into(),
        "status:done компьют".into(),
        format!("status:closed {session}"),
        "status:open к".into(),
        "к".into(),
        // A sign alone is no word of the index: it matches nothing, and fails nothing.
        "№".into(),
        "status:open ,".into(),
    ];
    for round in 0..2 {
        let mut co_only = false;
        for text in &texts {
            let q = parse(text).unwrap();
            let n = store.tasks_count(&q, &cx()).unwrap();
            assert_eq!(n as usize, listed(&store, &q), "{text} (round {round})");
            if let [phrase] = q.orgs.as_slice() {
                co_only |= n > executors(&store, phrase);
            }
        }
        assert!(co_only, "some task has only a co-executor of the phrase");
        // A change: the tally follows it, the kept ids are read anew.
        store
            .conn()
            .execute_batch(
                "UPDATE task SET status = 'cancelled', closed_at = '2026-11-20'
                  WHERE id IN (SELECT id FROM task WHERE status = 'assigned' LIMIT 40);
                 UPDATE task SET executor_id = (SELECT min(id) FROM organization)
                  WHERE id IN (SELECT id FROM task ORDER BY id DESC LIMIT 60);",
            )
            .unwrap();
    }
    // A single letter is a whole word, two or more letters a prefix.
    assert_eq!(fts_match(&["к".into()]), "\"к\"");
    assert_eq!(fts_match(&["ко".into()]), "\"ко\"*");
    assert_eq!(fts_match(&["жаңы к".into()]), "\"жаңы к\"");
}

/// `tasks_all` reads the task rows alone and looks their names up in maps: every field
/// must equal the page's joined reading, for small results (looked up task by task) and
/// large ones (the co-executor and extension tables scanned whole).
#[test]
fn all_rows_in_one_statement_are_the_pages_read_one_after_another() {
    let mut store = Store::open_in_memory().unwrap();
    let options = crate::demo::DemoOptions {
        tasks: 1_200,
        seed: 5,
        today: cx().today,
    };
    crate::demo::generate(&mut store, &options).unwrap();
    let (mut scanned, mut looked_up, mut co, mut ext, mut measure, mut protocol) =
        (false, false, false, false, false, false);
    for text in [
        "интернет",
        "sort:-deadline мектеп",
        "sort:number интернет",
        "status:open чечилсин",
        "org:мектеп",
        "status:open",
        "status:done sort:-deadline",
        "controller:any sort:-number",
        "",
    ] {
        let q = parse(text).unwrap();
        let mut paged = Vec::new();
        let mut page = Page::First;
        loop {
            let rows = store.tasks_page(&q, &cx(), page, 50).unwrap();
            let Some(last) = rows.last() else { break };
            page = Page::After(last.key());
            paged.extend(rows);
        }
        let all = store.tasks_all(&q, &cx()).unwrap();
        assert_eq!(all.len(), paged.len(), "{text}");
        for (a, p) in all.iter().zip(&paged) {
            assert_eq!(a, p, "{text}");
        }
        assert_eq!(
            all.len() as i64,
            store.tasks_count(&q, &cx()).unwrap(),
            "{text}"
        );
        let some = !all.is_empty();
        scanned |= all.len() >= super::super::listing::SCAN_FROM;
        looked_up |= some && all.len() < super::super::listing::SCAN_FROM;
        co |= all.iter().any(|r| !r.co_executors.is_empty());
        ext |= all.iter().any(|r| r.extensions > 0);
        measure |= all
            .iter()
            .any(|r| matches!(r.origin, crate::store::Origin::Measure { .. }));
        protocol |= all
            .iter()
            .any(|r| matches!(r.origin, crate::store::Origin::Protocol { .. }));
    }
    // The data reached every branch of the reading.
    assert!(scanned && looked_up, "{scanned} {looked_up}");
    assert!(
        co && ext && measure && protocol,
        "{co} {ext} {measure} {protocol}"
    );
}
