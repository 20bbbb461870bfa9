//! The store on demo databases of 10k and 100k tasks: full-text search, the overdue list,
//! counts, the compliance computation, writes with synchronous=FULL (add, report, close),
//! export and import, the papers (agenda and protocol .docx, the live monthly report), the
//! trend of twelve months, and a listing taken apart (`shtab tasks`: SQLite's reading of the
//! rows alone, the rows with their names, the printed table, beside the count).
//!
//!     cargo bench --bench store -- --warm-up-time 1 --measurement-time 3

mod common;

use std::hint::black_box;
use std::time::Duration;

use common::*;
use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use shtab::domain::query;
use shtab::i18n::Lang;
use shtab::store::{NewReport, NewTask, Page, QueryContext, Store};

/// The Tasks tab's page at 200×50.
const PAGE: usize = 42;

fn cx() -> QueryContext {
    QueryContext {
        today: today(),
        me: None,
    }
}

/// What the Tasks tab reads for a query: the count and the first page.
fn count_and_page(store: &Store, text: &str) -> usize {
    let q = query::parse(text).unwrap();
    let n = store.tasks_count(&q, &cx()).unwrap();
    let rows = store.tasks_page(&q, &cx(), Page::First, PAGE).unwrap();
    n as usize + rows.len()
}

fn search(c: &mut Criterion) {
    let mut g = c.benchmark_group("search");
    for scale in scales() {
        let store = open(&demo_db(scale));
        for (name, text) in [
            // A word many tasks share (the demo's tasks repeat their decisions' texts).
            ("common_word", "интернет"),
            ("common_word_open", "status:open интернет"),
            // Two words, one a prefix.
            ("two_words", "мектеп компьют"),
            // A document number from a report: few hits.
            ("rare", "07-11"),
            // Nothing matches.
            ("no_hit", "zzzzqx"),
        ] {
            g.bench_function(BenchmarkId::new(name, label(scale)), |b| {
                b.iter(|| black_box(count_and_page(&store, text)))
            });
        }
    }
    g.finish();
}

fn overdue(c: &mut Criterion) {
    let mut g = c.benchmark_group("overdue");
    for scale in scales() {
        let store = open(&demo_db(scale));
        g.bench_function(BenchmarkId::new("tasks_list", label(scale)), |b| {
            b.iter(|| black_box(count_and_page(&store, "status:overdue")))
        });
        g.bench_function(BenchmarkId::new("one_org_list", label(scale)), |b| {
            b.iter(|| black_box(count_and_page(&store, "status:overdue org:мектеп")))
        });
        g.bench_function(BenchmarkId::new("count", label(scale)), |b| {
            b.iter(|| black_box(store.count_overdue(today()).unwrap()))
        });
    }
    g.finish();
}

fn counts(c: &mut Criterion) {
    let mut g = c.benchmark_group("counts");
    for scale in scales() {
        let store = open(&demo_db(scale));
        g.bench_function(BenchmarkId::new("status_open", label(scale)), |b| {
            let q = query::parse("status:open").unwrap();
            b.iter(|| black_box(store.tasks_count(&q, &cx()).unwrap()))
        });
    }
    g.finish();
}

/// Time `f` alone, after a write (not timed) that makes the store forget what it keeps
/// until the database changes: the list computed, not kept.
fn fresh<T>(store: &mut Store, iters: u64, mut f: impl FnMut(&Store) -> T) -> Duration {
    let mut spent = Duration::ZERO;
    for i in 0..iters {
        store.set_setting("bench.tick", &i.to_string()).unwrap();
        let t = std::time::Instant::now();
        black_box(f(store));
        spent += t.elapsed();
    }
    spent
}

fn compliance(c: &mut Criterion) {
    let mut g = c.benchmark_group("compliance");
    for scale in scales() {
        let (_dir, path) = copy(scale);
        let mut store = open(&path);
        g.bench_function(BenchmarkId::new("all", label(scale)), |b| {
            b.iter_custom(|n| {
                fresh(&mut store, n, |s| {
                    s.compliance(today(), None, None).unwrap()
                })
            })
        });
        g.bench_function(BenchmarkId::new("all_kept", label(scale)), |b| {
            b.iter(|| black_box(store.compliance(today(), None, None).unwrap()))
        });
        let from = today() - chrono::Months::new(6);
        g.bench_function(BenchmarkId::new("schools_half_year", label(scale)), |b| {
            b.iter_custom(|n| {
                fresh(&mut store, n, |s| {
                    s.compliance(
                        today(),
                        Some(shtab::domain::OrgKind::School),
                        Some((from, today())),
                    )
                    .unwrap()
                })
            })
        });
        // The Agenda tab's side list: organizations with overdue tasks, most overdue first.
        let next = store.next_session(today()).unwrap().map_or(0, |s| s.id);
        g.bench_function(BenchmarkId::new("hearing_suggestions", label(scale)), |b| {
            b.iter_custom(|n| {
                fresh(&mut store, n, |s| {
                    s.suggested_hearings(today(), next).unwrap()
                })
            })
        });
        g.bench_function(
            BenchmarkId::new("hearing_suggestions_kept", label(scale)),
            |b| b.iter(|| black_box(store.suggested_hearings(today(), next).unwrap())),
        );
        // The Compliance detail: a screenful of the organization with the most tasks.
        let org: i64 = store
            .conn()
            .query_row(
                "SELECT executor_id FROM task GROUP BY executor_id ORDER BY count(*) DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        g.bench_function(BenchmarkId::new("largest_org_detail", label(scale)), |b| {
            b.iter(|| black_box(store.organization_tasks_first(org, 40).unwrap()))
        });
    }
    g.finish();
}

/// Writes on a copy of the database, each one IMMEDIATE transaction with synchronous=FULL
/// (an fsync per commit: the figures depend on the disk).
fn writes(c: &mut Criterion) {
    let mut g = c.benchmark_group("write");
    g.sample_size(20);
    for scale in scales() {
        let (_dir, path) = copy(scale);
        let mut store = open(&path);
        let executor: i64 = store
            .conn()
            .query_row(
                "SELECT min(id) FROM organization WHERE active = 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let new = |n: usize| NewTask {
            text: format!("Мектептин компьютер классын интернетке туташтыруу №{n}"),
            executor_id: executor,
            deadline: today() + chrono::Days::new(30),
            controller_id: None,
        };
        let mut n = 0;
        g.bench_function(BenchmarkId::new("add_task", label(scale)), |b| {
            b.iter(|| {
                n += 1;
                store.add_task(&new(n)).unwrap()
            })
        });
        // Tasks are given now (the clock's day): reports are dated then.
        let now = chrono::Local::now().date_naive();
        let report = NewReport {
            date: now,
            text: "Аткарылууда".into(),
            doc_number: "01-12/77".into(),
            is_final: false,
        };
        // Each report on a task of its own, as reports come (not a thousand on one task,
        // whose search text would grow with them).
        g.bench_function(BenchmarkId::new("interim_report", label(scale)), |b| {
            b.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    n += 1;
                    let id = store.add_task(&new(n)).unwrap();
                    let v = store.task(id).unwrap().version;
                    let t = std::time::Instant::now();
                    black_box(store.record_report(id, v, &report, now).unwrap());
                    spent += t.elapsed();
                }
                spent
            })
        });
        // Closing: a task with its final report is made before each (not timed).
        let done = NewReport {
            is_final: true,
            ..report.clone()
        };
        g.bench_function(BenchmarkId::new("close", label(scale)), |b| {
            b.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    n += 1;
                    let id = store.add_task(&new(n)).unwrap();
                    let v = store.task(id).unwrap().version;
                    store.record_report(id, v, &done, now).unwrap();
                    let v = store.task(id).unwrap().version;
                    let t = std::time::Instant::now();
                    black_box(store.close_task(id, v).unwrap());
                    spent += t.elapsed();
                }
                spent
            })
        });
    }
    g.finish();
}

/// Export (to JSON bytes) and import (into a new file) of the whole database. At 100k an
/// import takes seconds: 10 samples.
fn transfer(c: &mut Criterion) {
    let mut g = c.benchmark_group("transfer");
    g.sample_size(10);
    for scale in scales() {
        let store = open(&demo_db(scale));
        g.bench_function(BenchmarkId::new("export", label(scale)), |b| {
            b.iter(|| black_box(serde_json::to_vec(&store.export().unwrap()).unwrap()))
        });
        let data = store.export().unwrap();
        g.bench_function(BenchmarkId::new("import", label(scale)), |b| {
            b.iter_batched(
                || {
                    let dir = tempfile::tempdir().unwrap();
                    let path = dir.path().join("import.db");
                    (Store::open(&path).unwrap(), dir)
                },
                |(mut target, dir)| {
                    target.import(&data, false).unwrap();
                    (target, dir)
                },
                BatchSize::PerIteration,
            )
        });
    }
    g.finish();
}

/// The papers. The agenda's does not grow with the tasks; it is here so a change that makes
/// it read them shows.
fn papers(c: &mut Criterion) {
    let mut g = c.benchmark_group("paper");
    for scale in scales() {
        let store = open(&demo_db(scale));
        let session = store
            .next_session(today())
            .unwrap()
            .expect("a next session")
            .id;
        g.bench_function(BenchmarkId::new("agenda_docx", label(scale)), |b| {
            b.iter(|| {
                let paper =
                    shtab::docs::agenda::AgendaPaper::load(&store, session, Lang::Ky).unwrap();
                black_box(
                    shtab::docs::Format::Docx
                        .render(&paper.document(Lang::Ky))
                        .unwrap(),
                )
            })
        });
        // The newest signed protocol, in full, as .docx (goal ≤ 50 ms).
        let protocol = store
            .protocol_rows(today())
            .unwrap()
            .into_iter()
            .filter_map(|r| r.protocol)
            .filter(|p| p.is_signed())
            .map(|p| p.id)
            .max()
            .expect("a signed protocol");
        g.bench_function(BenchmarkId::new("protocol_docx", label(scale)), |b| {
            b.iter(|| {
                let paper =
                    shtab::docs::protocol::ProtocolPaper::load(&store, protocol, Lang::Ky).unwrap();
                black_box(
                    shtab::docs::Format::Docx
                        .render(&paper.document(shtab::docs::protocol::PaperForm::Full))
                        .unwrap(),
                )
            })
        });
        // Last month's report computed live (`shtab report monthly --draft`), figures only
        // and as .docx (goal ≤ 100 ms at 100k).
        let month = shtab::domain::report::Month::of(today()).prev();
        g.bench_function(BenchmarkId::new("monthly_report_live", label(scale)), |b| {
            b.iter(|| black_box(store.monthly_report(month, today()).unwrap()))
        });
        g.bench_function(BenchmarkId::new("monthly_report_docx", label(scale)), |b| {
            b.iter(|| {
                let report = store.monthly_report(month, today()).unwrap();
                let paper =
                    shtab::docs::report::ReportPaper::load(&store, &report, Lang::Ky).unwrap();
                black_box(shtab::docs::to_docx(&paper.document(Lang::Ky)).unwrap())
            })
        });
    }
    g.finish();
}

/// The trend of twelve months (goal ≤ 100 ms at 100k), computed (after a write) and kept;
/// and every organization's twelve months.
fn trend(c: &mut Criterion) {
    let mut g = c.benchmark_group("trend");
    let last = shtab::domain::report::Month::of(today());
    for scale in scales() {
        let (_dir, path) = copy(scale);
        let mut store = open(&path);
        g.bench_function(BenchmarkId::new("12_months", label(scale)), |b| {
            b.iter_custom(|n| fresh(&mut store, n, |s| s.trend(last, 12, today()).unwrap()))
        });
        g.bench_function(BenchmarkId::new("12_months_kept", label(scale)), |b| {
            b.iter(|| black_box(store.trend(last, 12, today()).unwrap()))
        });
        g.bench_function(
            BenchmarkId::new("organizations_12_months", label(scale)),
            |b| {
                b.iter_custom(|n| {
                    fresh(&mut store, n, |s| {
                        s.organization_trends(last, 12, today()).unwrap()
                    })
                })
            },
        );
    }
    g.finish();
}

/// `shtab tasks QUERY`'s work, part by part, on the 100k demo: the count; SQLite's part
/// alone (the listing's own statement stepped, its seven columns read the cheapest way
/// rusqlite has, nothing kept); the rows as the store gives them (names looked up, sorted);
/// the whole table printed (into a sink). What the parts cost is what a listing's
/// goal (issue 17: ≤ 3× its count) can and cannot gain.
fn listing(c: &mut Criterion) {
    let mut g = c.benchmark_group("listing");
    for scale in scales() {
        let store = open(&demo_db(scale));
        for (name, text) in [("word", "чечилсин"), ("open", "status:open")] {
            let q = query::parse(text).unwrap();
            let id = |part: &str| BenchmarkId::new(format!("{name}_{part}"), label(scale));
            g.bench_function(id("count"), |b| {
                b.iter(|| black_box(store.tasks_count(&q, &cx()).unwrap()))
            });
            let (sql, args) = store.listing_statement(&q, &cx()).unwrap();
            g.bench_function(id("sqlite_rows"), |b| {
                b.iter(|| {
                    let mut st = store.conn().prepare_cached(&sql).unwrap();
                    let mut rows = st.query(rusqlite::params_from_iter(args.iter())).unwrap();
                    let mut bytes = 0usize;
                    while let Some(r) = rows.next().unwrap() {
                        for i in 0..7 {
                            bytes += match r.get_ref(i).unwrap() {
                                rusqlite::types::ValueRef::Text(t) => t.len(),
                                _ => 1,
                            };
                        }
                    }
                    black_box(bytes)
                })
            });
            g.bench_function(id("rows"), |b| {
                b.iter(|| black_box(store.tasks_listed(&q, &cx()).unwrap().rows.len()))
            });
            g.bench_function(id("table"), |b| {
                b.iter(|| {
                    let l = store.tasks_listed(&q, &cx()).unwrap();
                    shtab::tasklist::table_listed(&l, today(), Lang::Ky, &mut std::io::sink())
                        .unwrap();
                })
            });
        }
    }
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args()
}

criterion_group! {
    name = benches;
    config = config();
    targets = search, overdue, counts, compliance, writes, transfer, papers, trend, listing
}
criterion_main!(benches);
