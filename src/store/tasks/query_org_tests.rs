//! The task list's organization phrase read as two sides (`split_org`): the very tasks of
//! the OR it replaces.

use super::*;
use crate::domain::query::parse;

fn cx() -> QueryContext {
    QueryContext {
        today: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
        me: None,
    }
}

/// An organization's phrase read as two sides (executor; co-executor and not executor)
/// selects the very tasks the OR of both does: counts, the full listing and pages, for
/// phrases matching few or most organizations, with statuses, deadlines and kinds.
#[test]
fn an_organization_read_apart_is_the_or_read_whole() {
    let mut store = Store::open_in_memory().unwrap();
    let options = crate::demo::DemoOptions {
        tasks: 900,
        seed: 11,
        today: cx().today,
    };
    crate::demo::generate(&mut store, &options).unwrap();
    let (mut both, mut co_only) = (false, false);
    for text in [
        "status:overdue org:мекте",
        "status:overdue org:м",
        "status:open org:мекте sort:-deadline",
        "status:done org:м sort:number",
        "status:closed org:мекте",
        "org:мекте due:<30d",
        "org:м kind:school status:open",
        "org:мекте org:м status:open",
        "org:жокбулуюм status:open",
    ] {
        let q = parse(text).unwrap();
        assert!(split_org(&q, Plan::Count) == (q.orgs.len() == 1), "{text}");
        let (sql, args) = filter(&q, &cx(), Plan::Count);
        let mut st = store
            .conn()
            .prepare(&format!(
                "SELECT t.id FROM task t WHERE {sql} ORDER BY t.id"
            ))
            .unwrap();
        let whole: Vec<i64> = st
            .query_map(params_from_iter(args.iter()), |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let mut all: Vec<i64> = store
            .tasks_all(&q, &cx())
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect();
        all.sort_unstable();
        assert_eq!(all, whole, "{text}");
        assert_eq!(store.tasks_count(&q, &cx()).unwrap() as usize, whole.len());
        let listed = store.tasks_listed(&q, &cx()).unwrap();
        assert_eq!(listed.rows.len(), whole.len(), "{text}");
        // Pages of 7, forwards and from the end, in the query's order.
        let mut paged = Vec::new();
        let mut page = Page::First;
        loop {
            let rows = store.tasks_page(&q, &cx(), page, 7).unwrap();
            let Some(last) = rows.last() else { break };
            page = Page::After(last.key());
            paged.extend(rows);
        }
        let ids: Vec<i64> = paged.iter().map(|r| r.id).collect();
        let all_ids: Vec<i64> = store
            .tasks_all(&q, &cx())
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(ids, all_ids, "{text}");
        let last = store.tasks_page(&q, &cx(), Page::Last, 7).unwrap();
        assert_eq!(
            last.iter().map(|r| r.id).collect::<Vec<_>>(),
            ids[ids.len().saturating_sub(7)..],
            "{text}"
        );
        let [phrase] = q.orgs.as_slice() else {
            continue;
        };
        let sides = |id: i64| -> (bool, bool) {
            store
                .conn()
                .query_row(
                    "SELECT executor_id IN (SELECT id FROM organization WHERE search LIKE ?2),
                            id IN (SELECT c.task_id FROM task_co_executor c
                                     JOIN organization o ON o.id = c.organization_id
                                    WHERE o.search LIKE ?2)
                       FROM task WHERE id = ?1",
                    params![id, like(phrase)],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap()
        };
        for id in &whole {
            let (exec, co) = sides(*id);
            assert!(exec || co, "{text}: {id}");
            both |= exec && co;
            co_only |= co && !exec;
        }
    }
    // The data reached the overlap (counted once) and the co-executor side.
    assert!(both && co_only, "{both} {co_only}");
}
