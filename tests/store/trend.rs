//! The trend: each month equals that month's report (one code path), the organizations'
//! months add up to the city's, and the trend is kept until the database changes.

use chrono::NaiveDate;
use shtab::domain::report::Month;
use shtab::domain::trend::Trend;
use shtab::store::Store;

fn demo_today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn demo(tasks: usize) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    crate::common::write_demo(&mut store, tasks, 5, demo_today());
    store
}

/// Every month of the trend is the monthly report of that month, figure by figure.
#[test]
fn each_month_equals_its_monthly_report_on_the_demo() {
    let store = demo(1500);
    let today = demo_today();
    let last = Month::of(today);
    let trend = store.trend(last, 12, today).unwrap();
    assert_eq!(trend.months.len(), 12);
    assert_eq!(
        trend.months.iter().map(|m| m.month).collect::<Vec<_>>(),
        Trend::span(last, 12)
    );
    let mut overdue_seen = 0;
    for m in &trend.months {
        let r = store.monthly_report(m.month, today).unwrap();
        assert_eq!(m.as_of, r.as_of, "{}", m.month);
        assert_eq!(m.figures, r.figures, "{}", m.month);
        overdue_seen += m.figures.tasks.overdue;
    }
    assert!(overdue_seen > 0, "the demo has overdue tasks to compare");
    // Months after today's are left out.
    let ahead = store.trend(last.next().next(), 4, today).unwrap();
    assert_eq!(ahead.months.len(), 2);
    assert_eq!(ahead.last().unwrap().month, last);
}

/// For each month, the organizations' figures add up to the city's.
#[test]
fn organizations_add_up_to_the_city_each_month() {
    let store = demo(1500);
    let today = demo_today();
    let last = Month::of(today);
    let trend = store.trend(last, 12, today).unwrap();
    let orgs = store.organization_trends(last, 12, today).unwrap();
    assert_eq!(orgs.len(), store.count("organization").unwrap() as usize);
    let mut executed = 0;
    for (i, m) in trend.months.iter().enumerate() {
        let sum = |f: fn(&shtab::domain::trend::OrgMonth) -> i64| -> i64 {
            orgs.values().map(|v| f(&v[i])).sum()
        };
        assert!(
            orgs.values()
                .all(|v| v.len() == 12 && v[i].month == m.month)
        );
        let t = &m.figures.tasks;
        assert_eq!(sum(|o| o.overdue), t.overdue, "{} overdue", m.month);
        assert_eq!(sum(|o| o.done_on_time), t.done_on_time, "{}", m.month);
        assert_eq!(sum(|o| o.done_late), t.done_late, "{}", m.month);
        executed += t.done_on_time + t.done_late;
    }
    assert!(executed > 0, "the demo executes tasks");
    // One organization's months are its entry of the whole.
    let (id, months) = orgs
        .iter()
        .max_by_key(|(_, v)| v.iter().map(|m| m.overdue).sum::<i64>())
        .unwrap();
    assert!(months.iter().any(|m| m.overdue > 0));
    assert_eq!(
        &store.organization_trend(*id, last, 12, today).unwrap(),
        months
    );
}

/// The trend is kept until the database changes: a write through this store, or a commit
/// by another connection to the same file, shows at once.
#[test]
fn a_write_drops_the_kept_trend() {
    use shtab::domain::{OrgKind, Organization};
    use shtab::store::NewTask;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("trend.db");
    let mut store = Store::open(&db).unwrap();
    let org = store
        .save_organization(&Organization::new("Мектеп", OrgKind::School))
        .unwrap();
    let today = chrono::Local::now().date_naive();
    let last = Month::of(today);
    let given = |s: &Store| {
        s.trend(last, 3, today)
            .unwrap()
            .last()
            .unwrap()
            .figures
            .tasks
            .given
    };
    let overdue = |s: &Store| s.organization_trend(org, last, 3, today).unwrap()[2].overdue;
    assert_eq!((given(&store), overdue(&store)), (0, 0));
    // Kept: asked again, the same.
    assert_eq!((given(&store), overdue(&store)), (0, 0));
    let task = |deadline| NewTask {
        text: "Wi-Fi".into(),
        executor_id: org,
        deadline,
        controller_id: None,
    };
    store
        .add_task(&task(today - chrono::Duration::days(1)))
        .unwrap();
    assert_eq!(
        (given(&store), overdue(&store)),
        (1, 1),
        "this store's write"
    );
    let mut other = Store::open(&db).unwrap();
    other
        .add_task(&task(today - chrono::Duration::days(2)))
        .unwrap();
    assert_eq!(
        (given(&store), overdue(&store)),
        (2, 2),
        "another connection's write"
    );
}

// ---------- the command line and the papers

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output};

use calamine::{Data, Reader, Xlsx};
use shtab::i18n::Lang;

fn shtab(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shtab"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("HOME", db.parent().unwrap())
        .output()
        .expect("the binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A demo database file (made as of the real today, like the commands' figures).
fn demo_file(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("demo.db");
    let o = shtab(&db, &["demo", "--scale", "400"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    db
}

/// A part of a zip (xlsx) as text.
fn zip_part(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// Every `<c:f>` formula of a chart part, in order.
fn chart_formulas(xml: &str) -> Vec<String> {
    xml.split("<c:f>")
        .skip(1)
        .filter_map(|p| p.split_once("</c:f>").map(|x| x.0.to_string()))
        .collect()
}

/// `shtab report trend --format json` equals, month by month, `shtab report monthly M
/// --draft --format json`; the CSV has the same numbers under a header in the language.
#[test]
fn cli_trend_equals_the_monthly_reports_and_csv_agrees() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let o = shtab(
        &db,
        &["report", "trend", "--months", "4", "--format", "json"],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["format"], "shtab-trend");
    let months = json["months"].as_array().unwrap();
    assert_eq!(months.len(), 4);
    let mut given = 0;
    for m in months {
        let month = m["month"].as_str().unwrap();
        let out = dir.path().join(format!("{month}.json"));
        let o = shtab(
            &db,
            &[
                "report",
                "monthly",
                month,
                "--draft",
                "--format",
                "json",
                "--out",
                out.to_str().unwrap(),
            ],
        );
        assert!(o.status.success(), "{}", text(&o.stderr));
        let r: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
        assert_eq!(m["figures"], r["figures"], "{month}");
        assert_eq!(m["as_of"], r["as_of"], "{month}");
        assert_eq!(m["tasks"], r["figures"]["tasks"], "{month}");
        given += m["tasks"]["given"].as_i64().unwrap();
    }
    assert!(given > 0, "the demo gives tasks in these months");
    // The CSV: a Russian header, one row per month, the same numbers.
    let o = shtab(
        &db,
        &[
            "report", "trend", "--months", "4", "--format", "csv", "--lang", "ru",
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let csv = text(&o.stdout);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 5, "{csv}");
    assert!(lines[0].starts_with("Месяц,Дано,В срок"), "{}", lines[0]);
    for (line, m) in lines[1..].iter().zip(months) {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells[0], m["month"].as_str().unwrap());
        assert_eq!(cells[1], m["tasks"]["given"].to_string());
        assert_eq!(cells[5], m["tasks"]["overdue"].to_string());
        let rate = m["on_time_percent"]
            .as_u64()
            .map_or(String::new(), |r| r.to_string());
        assert_eq!(cells[6], rate);
    }
    // One kind: its tasks, and they are part of the whole.
    let o = shtab(
        &db,
        &["report", "trend", "--months", "4", "--kind", "school"],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let school: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(school["kind"], "school");
    for (s, all) in school["months"].as_array().unwrap().iter().zip(months) {
        let kind = all["figures"]["by_kind"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["kind"] == "school")
            .unwrap();
        assert_eq!(s["tasks"], kind["tasks"]);
    }
}

/// A bad kind, a number of months out of range, an xlsx without --out: one line in words,
/// exit 2, nothing written.
#[test]
fn cli_bad_arguments_exit_2_with_words() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    for (args, words) in [
        (
            vec!["--kind", "bank", "--lang", "en"],
            "not a kind of organization",
        ),
        (
            vec!["--months", "0", "--lang", "en"],
            "must be 1 to 120, not 0",
        ),
        (
            vec!["--months", "121", "--lang", "ru"],
            "от 1 до 120, указано: 121",
        ),
        (vec!["--format", "xlsx", "--lang", "en"], "xlsx needs --out"),
    ] {
        let mut all = vec!["report", "trend"];
        all.extend(args.iter().copied());
        let o = shtab(&db, &all);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = text(&o.stderr);
        assert!(err.contains(words), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
        assert!(o.stdout.is_empty());
    }
}

/// The xlsx of `shtab report trend`: the table's cells equal the JSON; the chart's series
/// point at the table's columns (four bars, the rate on the second axis).
#[test]
fn cli_xlsx_cells_and_chart_ranges() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let out = dir.path().join("trend.xlsx");
    let o = shtab(
        &db,
        &[
            "report",
            "trend",
            "--format",
            "xlsx",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let o = shtab(&db, &["report", "trend"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let months = json["months"].as_array().unwrap();
    assert_eq!(months.len(), 12);
    let bytes = std::fs::read(&out).unwrap();
    let s = shtab::i18n::trend::strings(Lang::Ky);
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.clone())).unwrap();
    assert_eq!(book.sheet_names(), vec![s.sheet]);
    let range = book.worksheet_range(s.sheet).unwrap();
    let title = range.get_value((0, 0)).unwrap().to_string();
    assert!(
        title.contains("Токмок") && title.contains(s.all_kinds),
        "{title}"
    );
    assert_eq!(range.get_value((2, 0)).unwrap().to_string(), s.cols[0]);
    for (i, m) in months.iter().enumerate() {
        let row = 3 + i as u32;
        let cell = |c: u32| range.get_value((row, c)).cloned().unwrap_or(Data::Empty);
        assert_eq!(cell(0).to_string(), m["month"].as_str().unwrap());
        assert_eq!(cell(1), Data::Float(m["tasks"]["given"].as_f64().unwrap()));
        assert_eq!(
            cell(5),
            Data::Float(m["tasks"]["overdue"].as_f64().unwrap())
        );
        match m["on_time_percent"].as_f64() {
            Some(r) => assert_eq!(cell(6), Data::Float(r)),
            None => assert_eq!(cell(6), Data::Empty),
        }
        assert_eq!(cell(7), Data::Float(m["sessions_held"].as_f64().unwrap()));
    }
    let chart = zip_part(&bytes, "xl/charts/chart1.xml");
    let f = chart_formulas(&chart);
    let sheet = s.sheet;
    let mut want = Vec::new();
    for col in ["B", "C", "D", "F", "G"] {
        want.push(format!("{sheet}!${col}$3"));
        want.push(format!("{sheet}!$A$4:$A$15"));
        want.push(format!("{sheet}!${col}$4:${col}$15"));
    }
    assert_eq!(f, want, "{chart}");
    assert!(chart.contains("<c:barChart>") && chart.contains("<c:lineChart>"));
}

/// The monthly report's papers: a draft shows the twelve months (the docx table's rows, the
/// xlsx sheet); an issued report shows what it froze; one issued without a trend, none.
#[test]
fn the_report_papers_carry_the_twelve_months() {
    let mut store = demo(800);
    let today = demo_today();
    let month = Month::of(today).prev();
    let s = shtab::i18n::trend::strings(Lang::Ru);
    let draft = store.monthly_report(month, today).unwrap();
    let paper = shtab::docs::report::ReportPaper::load(&store, &draft, Lang::Ru).unwrap();
    let trend = paper.trend.clone().unwrap();
    assert_eq!(trend.len(), 12);
    assert_eq!(trend.last().unwrap().figures, draft.figures);
    let docx = shtab::docs::to_docx(&paper.document(Lang::Ru)).unwrap();
    let body = shtab::docs::testing::docx_text(&docx);
    assert!(body.contains(&format!("6. {}", s.heading)), "{body}");
    // The narrative (when there is one) follows as section 7, not a second 6.
    let p = Lang::Ru.strings().plan;
    if !draft.narrative.trim().is_empty() {
        assert!(body.contains(&format!("7. {}", p.doc_narrative)), "{body}");
    }
    // Each month a row: "MM.YYYY", then its given, on time, late, open, overdue.
    for m in &trend {
        let t = &m.figures.tasks;
        let row = format!(
            "{:02}.{}\n{}\n{}\n{}\n{}\n{}",
            m.month.month, m.month.year, t.given, t.done_on_time, t.done_late, t.open, t.overdue
        );
        assert!(body.contains(&row), "{row:?} missing");
    }
    let xlsx = paper.xlsx(Lang::Ru).unwrap();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx.clone())).unwrap();
    let range = book.worksheet_range(s.sheet).unwrap();
    assert_eq!(
        range.get_value((14, 0)).unwrap().to_string(),
        month.to_string()
    );
    let overdue = trend.last().unwrap().figures.tasks.overdue as f64;
    assert_eq!(range.get_value((14, 5)), Some(&Data::Float(overdue)));
    assert!(chart_formulas(&zip_part(&xlsx, "xl/charts/chart1.xml")).len() == 15);

    // Issued: the payload keeps the twelve months, equal to the draft's.
    let issued = store.issue_report(month, today, "Асанова А.").unwrap();
    let frozen = issued.report().unwrap();
    assert_eq!(frozen.trend.as_ref(), Some(&trend));
    // An old issued report without `trend` reads, and its paper has no trend table.
    let mut old: serde_json::Value = serde_json::from_str(&issued.payload).unwrap();
    old.as_object_mut().unwrap().remove("trend");
    let old = shtab::domain::report::read("old.json", &old.to_string()).unwrap();
    assert_eq!(old.trend, None);
    let paper = shtab::docs::report::ReportPaper::load(&store, &old, Lang::Ru).unwrap();
    assert!(paper.trend.is_none());
    let body =
        shtab::docs::testing::docx_text(&shtab::docs::to_docx(&paper.document(Lang::Ru)).unwrap());
    assert!(!body.contains(s.heading));
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(paper.xlsx(Lang::Ru).unwrap())).unwrap();
    assert!(!book.sheet_names().contains(&s.sheet.to_string()));
    assert!(book.worksheet_range(s.sheet).is_err());
}

/// The national view of three months of two cities: the latest month's totals and the
/// cities' trend sheet (months as rows, each city's rate and overdue), with a line chart.
#[test]
fn consolidate_of_several_months_gives_the_cities_trend() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(600);
    let today = demo_today();
    let mut files = Vec::new();
    let mut expected = Vec::new();
    for m in Trend::span(Month::of(today).prev(), 3) {
        let r = store.monthly_report(m, today).unwrap();
        for (city, shift) in [("Токмок", 0), ("Кант", 1)] {
            let mut r = r.clone();
            r.city = city.into();
            r.figures.tasks.done_late += shift;
            r.figures.tasks.overdue += shift;
            let path = dir.path().join(format!("{city}-{m}.json"));
            std::fs::write(&path, serde_json::to_string(&r).unwrap()).unwrap();
            files.push(path);
            expected.push((
                m,
                city,
                shtab::domain::trend::on_time_rate(&r.figures.tasks),
                r.figures.tasks.overdue,
            ));
        }
    }
    let out = dir.path().join("national.xlsx");
    let run = |format: &str, out: &Path| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_shtab"));
        c.args(["report", "consolidate"]).args(&files).args([
            "--allow-drafts",
            "--lang",
            "ru",
            "--format",
            format,
            "--out",
        ]);
        c.arg(out).output().unwrap()
    };
    let o = run("xlsx", &out);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let bytes = std::fs::read(&out).unwrap();
    let s = shtab::i18n::trend::strings(Lang::Ru);
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.clone())).unwrap();
    let range = book.worksheet_range(s.cities_sheet).unwrap();
    assert_eq!(
        range.get_value((0, 1)).unwrap().to_string(),
        "Токмок: в срок, %"
    );
    assert_eq!(
        range.get_value((0, 4)).unwrap().to_string(),
        "Кант: просрочено"
    );
    for (i, (m, city, rate, overdue)) in expected.iter().enumerate() {
        let row = 1 + (i / 2) as u32;
        let col = 1 + 2 * (i % 2) as u32;
        assert_eq!(
            range.get_value((row, 0)).unwrap().to_string(),
            m.to_string()
        );
        let want = rate.map_or(Data::Empty, |r| Data::Float(f64::from(r)));
        assert_eq!(
            range.get_value((row, col)).cloned().unwrap_or(Data::Empty),
            want,
            "{m} {city}"
        );
        assert_eq!(
            range.get_value((row, col + 1)),
            Some(&Data::Float(*overdue as f64))
        );
    }
    // The totals are the latest month's: the two cities' overdue of that month.
    let summary = book
        .worksheet_range(shtab::i18n::Lang::Ru.strings().plan.sheet_summary)
        .unwrap();
    let latest: i64 = expected[4..].iter().map(|e| e.3).sum();
    assert!(
        summary
            .rows()
            .any(|r| r.get(1) == Some(&Data::Float(latest as f64))),
        "the latest month's overdue total {latest}"
    );
    // The chart: one line per city, over the three months.
    let sheets: Vec<String> = book.sheet_names();
    let n = sheets.iter().position(|x| x == s.cities_sheet).unwrap();
    assert!(n > 0);
    let chart = zip_part(&bytes, "xl/charts/chart1.xml");
    let sheet = s.cities_sheet;
    assert_eq!(
        chart_formulas(&chart),
        vec![
            format!("'{sheet}'!$B$1"),
            format!("'{sheet}'!$A$2:$A$4"),
            format!("'{sheet}'!$B$2:$B$4"),
            format!("'{sheet}'!$D$1"),
            format!("'{sheet}'!$A$2:$A$4"),
            format!("'{sheet}'!$D$2:$D$4"),
        ]
    );
    // JSON stays one month's: several months are refused there, in words.
    let o = run("json", &dir.path().join("n.json"));
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("--format xlsx"));
}

/// On the boundary fixture, each month of the trend (September to November, read in one
/// pass) equals that month's report, and the organizations add up to it.
#[test]
fn each_month_equals_its_report_at_the_boundaries() {
    let store = crate::report_as_of::boundary_fixture();
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let last = Month::parse("2026-11").unwrap();
    let trend = store.trend(last, 3, today).unwrap();
    let orgs = store.organization_trends(last, 3, today).unwrap();
    assert_eq!(trend.months.len(), 3);
    for (i, m) in trend.months.iter().enumerate() {
        let r = store.monthly_report(m.month, today).unwrap();
        assert_eq!(m.figures, r.figures, "{}", m.month);
        let t = &m.figures.tasks;
        let overdue: i64 = orgs.values().map(|v| v[i].overdue).sum();
        let on_time: i64 = orgs.values().map(|v| v[i].done_on_time).sum();
        assert_eq!(
            (overdue, on_time),
            (t.overdue, t.done_on_time),
            "{}",
            m.month
        );
    }
    let oct = &trend.months[1].figures;
    assert_eq!(
        (oct.tasks.given, oct.tasks.overdue),
        (13, 4),
        "as report_as_of.rs has it"
    );
    assert!(oct.plan.at_risk > 0 || oct.plan.overdue > 0);
}
