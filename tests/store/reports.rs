//! The monthly report: every figure on a hand-made fixture (expected numbers written by
//! hand), issuing and the register, the trigger that freezes issued reports, the papers read
//! back (docx, xlsx, json), consolidation, and the Reports tab driven by keys.

use crate::common;
use shtab::store::Refusal;

use std::path::Path;
use std::process::{Command, Output};

use calamine::{Reader, Xlsx};
use chrono::NaiveDate;
use common::*;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use shtab::domain::report::{self, Month, Narratives};
use shtab::domain::{OrgKind, Organization};
use shtab::i18n::Lang;
use shtab::screens::Tab;
use shtab::store::{Store, StoreError};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn oct() -> Month {
    Month::parse("2026-10").unwrap()
}

/// Four organizations, five sessions around October 2026, their agendas, protocols and
/// decisions, twelve tasks, seven plan measures and six escalation steps; see each line.
fn fixture(store: &mut Store) {
    let org = |store: &mut Store, name: &str, kind| {
        store
            .save_organization(&Organization::new(name, kind))
            .unwrap()
    };
    let a = org(store, "№5 орто мектеби", OrgKind::School);
    let b = org(store, "№9 гимназия", OrgKind::School);
    let c = org(store, "«Ынтымак» кондоминиуму", OrgKind::Condominium);
    let dd = org(store, "Мэриянын IT бөлүмү", OrgKind::PublicBody);
    let sql = format!(
        "INSERT INTO setting(key, value) VALUES ('city', 'Токмок');
         -- S1 regular, held in October; S2 extraordinary, held in October;
         -- S3 planned in October (not held); S4 in September; S5 in November.
         INSERT INTO session(id, year, number, kind, reason, date, time, status) VALUES
           (1, 2026, 10, 'regular', '', '2026-10-08', '10:00', 'protocol_signed'),
           (2, 2026, 11, 'extraordinary', 'Авария', '2026-10-20', '15:00', 'held'),
           (3, 2026, 12, 'regular', '', '2026-10-30', '10:00', 'planned'),
           (4, 2026, 9, 'regular', '', '2026-09-24', '10:00', 'protocol_signed'),
           (5, 2026, 13, 'extraordinary', 'Өрт', '2026-11-05', '10:00', 'held');
         INSERT INTO agenda_item(id, session_id, position, title, kind, outcome) VALUES
           (1, 1, 1, 'Отчет', 'report', 'decided'),
           (2, 1, 2, 'Угуу A, C', 'hearing', 'decided'),
           (3, 1, 3, 'Угуу A', 'hearing', 'no_decision'),
           (4, 1, 4, 'Башка', 'other', 'postponed'),
           (5, 2, 1, 'Угуу B', 'hearing', 'pending'),
           (6, 2, 2, 'Угуу D', 'hearing', 'postponed'),
           (7, 3, 1, 'Угуу D', 'hearing', 'pending'),
           (8, 4, 1, 'Угуу C', 'hearing', 'decided');
         INSERT INTO agenda_item_organization(agenda_item_id, organization_id) VALUES
           (2, {a}), (2, {c}), (3, {a}), (5, {b}), (6, {dd}), (7, {dd}), (8, {c});
         INSERT INTO protocol(id, session_id, year, reg_number, status, signed_at, text_hash) VALUES
           (1, 1, 2026, NULL, 'draft', NULL, NULL),
           (2, 2, 2026, NULL, 'draft', NULL, NULL),
           (4, 4, 2026, NULL, 'draft', NULL, NULL);
         INSERT INTO decision(id, protocol_id, number, text) VALUES
           (1, 1, '1.1', 'a'), (2, 1, '1.2', 'b'), (3, 1, '2.1', 'c'),
           (4, 2, '1.1', 'd'),
           (5, 4, '1.1', 'e'), (6, 4, '1.2', 'f');
         -- Signed once their decisions are written: a signed protocol takes no more.
         UPDATE protocol SET status = 'signed', reg_number = 10,
                             signed_at = '2026-10-09T10:00:00', text_hash = 'x' WHERE id = 1;
         UPDATE protocol SET status = 'signed', reg_number = 9,
                             signed_at = '2026-09-25T10:00:00', text_hash = 'y' WHERE id = 4;
         INSERT INTO plan_measure(id, number, section, title, deadline, progress, started,
                                  done_at, position) VALUES
           (1, '1.1', 'I', 'Done in October', '2026-12-31', 100, 1, '2026-10-12T10:00:00', 1),
           (2, '1.2', 'I', 'Done in June', '2026-06-30', 100, 1, '2026-06-20T10:00:00', 2),
           (3, '1.3', 'I', 'Мөөнөтү өткөн, тобокелде (t4)', '2026-09-30', 30, 1, NULL, 3),
           (4, '2.1', 'II', '31.10 тобокелде (t5)', '2027-03-31', 10, 1, NULL, 4),
           (5, '2.2', 'II', 'Due on the last day (t3)', '2026-10-31', 0, 0, NULL, 5),
           (6, '2.3', 'II', 'Done in November', '2026-10-15', 100, 1, '2026-11-03T10:00:00', 6),
           (7, '2.4', 'II', 'Done despite t12', '2026-12-31', 100, 1, '2026-10-31T17:00:00', 7);
         -- The measures at risk named in Russian too (a paper is wholly in one language).
         UPDATE plan_measure SET title_ru = 'Просрочено, под угрозой (t4)' WHERE id = 3;
         UPDATE plan_measure SET title_ru = 'Под угрозой на 31.10 (t5)' WHERE id = 4;
         INSERT INTO task(id, measure_id, text, executor_id, deadline, status, created_at,
                          closed_at) VALUES
           (1, NULL, 't1', {a}, '2026-10-20', 'done_on_time', '2026-10-09T11:00:00', '2026-10-18T10:00:00'),
           (2, NULL, 't2', {a}, '2026-10-15', 'done_late', '2026-10-09T11:00:00', '2026-10-25T10:00:00'),
           (3, 5, 't3', {b}, '2026-11-30', 'in_progress', '2026-10-21T09:00:00', NULL),
           (4, 3, 't4', {b}, '2026-10-10', 'assigned', '2026-09-25T09:00:00', NULL),
           (5, 4, 't5', {c}, '2026-10-05', 'done_late', '2026-09-25T09:00:00', '2026-11-10T10:00:00'),
           (6, NULL, 't6', {c}, '2026-09-01', 'done_late', '2026-08-01T09:00:00', '2026-09-15T10:00:00'),
           (7, NULL, 't7', {dd}, '2026-10-31', 'assigned', '2026-10-30T09:00:00', NULL),
           (8, NULL, 't8', {dd}, '2026-11-10', 'assigned', '2026-11-02T09:00:00', NULL),
           (9, NULL, 't9', {a}, '2026-10-30', 'cancelled', '2026-10-01T09:00:00', '2026-10-15T10:00:00'),
           (10, NULL, 't10', {b}, '2026-10-02', 'done_on_time', '2026-09-10T09:00:00', '2026-10-01T10:00:00'),
           (11, NULL, 't11', {c}, '2026-12-01', 'assigned', '2026-10-31T18:00:00', NULL),
           (12, 7, 't12', {a}, '2026-09-20', 'assigned', '2026-09-01T09:00:00', NULL);
         INSERT INTO escalation(organization_id, step, date) VALUES
           ({a}, 'reminder', '2026-10-05'),
           ({a}, 'warning', '2026-10-20'),
           ({b}, 'reminder', '2026-10-22'),
           ({c}, 'hearing', '2026-10-08'),
           ({c}, 'administrative_liability', '2026-09-30'),
           ({dd}, 'reminder', '2026-11-01');"
    );
    store.conn().execute_batch(&sql).unwrap();
}

fn fixture_store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    fixture(&mut store);
    store
}

type Tasks = (i64, i64, i64, i64, i64);

fn tasks(t: &report::TaskFigures) -> Tasks {
    (t.given, t.done_on_time, t.done_late, t.open, t.overdue)
}

#[test]
fn every_figure_of_october_on_the_fixture() {
    let store = fixture_store();
    let r = store.monthly_report(oct(), today()).unwrap();
    let f = &r.figures;
    assert_eq!(r.month, "2026-10");
    assert_eq!(
        r.as_of,
        d(2026, 10, 31),
        "a past month is described at its end"
    );
    assert_eq!(r.city, "Токмок");
    assert!(r.issue.is_none());
    // S1 regular and S2 extraordinary; S3 is not held, S4 and S5 are in other months.
    assert_eq!((f.sessions_regular, f.sessions_extraordinary), (1, 1));
    // S1: items 1, 2, 3 (4 was postponed); S2: item 5 (6 was postponed).
    assert_eq!(f.items_considered, 4);
    // A and C (item 2), A again (item 3), B (item 5); D's hearing was postponed.
    assert_eq!(f.organizations_heard, 3);
    // Protocol of S1: 3 decisions; of S2: 1 (a draft still); S4's are September's.
    assert_eq!(f.decisions_adopted, 4);
    // Given in October: t1 t2 t3 t7 t9 t11. On time: t1 t10. Late: t2 (t5 closed in November).
    // Open at the end of 31.10: t3 t4 t5 t7 t11 t12; overdue then: t4 t5 t12 (t7 is due
    // on the 31st itself).
    assert_eq!(tasks(&f.tasks), (6, 2, 1, 6, 3));
    let kind = |k| f.kind(k).unwrap();
    assert_eq!(kind(OrgKind::School).organizations_heard, 2);
    assert_eq!(tasks(&kind(OrgKind::School).tasks), (4, 2, 1, 3, 2));
    assert_eq!(kind(OrgKind::Condominium).organizations_heard, 1);
    assert_eq!(tasks(&kind(OrgKind::Condominium).tasks), (1, 0, 0, 2, 1));
    assert_eq!(kind(OrgKind::PublicBody).organizations_heard, 0);
    assert_eq!(tasks(&kind(OrgKind::PublicBody).tasks), (1, 0, 0, 1, 0));
    assert_eq!(tasks(&kind(OrgKind::Enterprise).tasks), (0, 0, 0, 0, 0));
    assert_eq!(f.by_kind.len(), OrgKind::ALL.len());
    // Plan: 7 measures; done in October 1.1 and 2.4; done by 31.10 also 1.2; overdue on
    // 31.10: 1.3 and 2.3 (done only in November); at risk: 1.3 (t4) and 2.1 (t5, overdue on
    // 31.10 though closed since); 2.4 is done, so t12 does not put it at risk.
    let p = &f.plan;
    assert_eq!(
        (
            p.measures,
            p.done_in_month,
            p.done_total,
            p.overdue,
            p.at_risk
        ),
        (7, 2, 3, 2, 2)
    );
    let risky: Vec<(&str, i64)> = r
        .measures_at_risk
        .iter()
        .map(|m| (m.number.as_str(), m.overdue_tasks))
        .collect();
    assert_eq!(risky, vec![("1.3", 1), ("2.1", 1)]);
    // Escalations dated in October: reminders to A and B, a warning to A, C heard.
    let e = &f.escalations;
    assert_eq!(
        (
            e.reminder,
            e.warning,
            e.hearing,
            e.administrative_liability,
            e.higher_body,
            e.law_enforcement
        ),
        (2, 1, 1, 0, 0, 0)
    );
    assert_eq!(e.total(), 4);
}

#[test]
fn the_current_month_is_described_as_of_today() {
    let store = fixture_store();
    let r = store
        .monthly_report(Month::parse("2026-11").unwrap(), today())
        .unwrap();
    let f = &r.figures;
    assert_eq!(r.as_of, today());
    assert_eq!((f.sessions_regular, f.sessions_extraordinary), (0, 1));
    assert_eq!(f.items_considered, 0);
    // Given: t8. Late: t5 (closed 10.11). Open on 25.11: t3 t4 t7 t8 t11 t12; overdue:
    // t4 t7 t8 t12.
    assert_eq!(tasks(&f.tasks), (1, 0, 1, 6, 4));
    // Done in November: 2.3; by 25.11: 1.1 1.2 2.3 2.4; overdue: 1.3 and 2.2; at risk: 1.3
    // only (t5 is closed now, t3 not yet due).
    let p = &f.plan;
    assert_eq!(
        (
            p.measures,
            p.done_in_month,
            p.done_total,
            p.overdue,
            p.at_risk
        ),
        (7, 1, 4, 2, 1)
    );
    assert_eq!(f.escalations.reminder, 1);
    assert_eq!(f.escalations.total(), 1);
}

#[test]
fn issuing_freezes_numbers_and_corrections_name_what_they_replace() {
    let mut store = fixture_store();
    store
        .save_report_narrative(oct(), "Октябрда эки отурум өттү.", 0)
        .unwrap();
    let (text, v) = store.report_narrative(oct()).unwrap();
    assert_eq!((text.as_str(), v), ("Октябрда эки отурум өттү.", 1));
    assert!(matches!(
        store.save_report_narrative(oct(), "stale", 0),
        Err(StoreError::Refused(Refusal::Conflict))
    ));
    let first = store.issue_report(oct(), today(), "Асанова А.").unwrap();
    assert_eq!((first.number, first.year), (1, 2026));
    assert_eq!(first.label(), "1/2026");
    assert_eq!(first.issued_by, "Асанова А.");
    assert!(first.issued_at.starts_with("2026-11-25T"));
    assert_eq!(first.replaces, None);
    let frozen = first.report().unwrap();
    assert_eq!(frozen.narrative, "Октябрда эки отурум өттү.");
    assert_eq!(frozen.figures.tasks.given, 6);
    assert_eq!(frozen.label().as_deref(), Some("1/2026"));

    // The data changes: the issued report does not.
    store
        .conn()
        .execute("DELETE FROM escalation WHERE date = '2026-10-05'", [])
        .unwrap();
    assert_eq!(
        store
            .issued_report(first.id)
            .unwrap()
            .report()
            .unwrap()
            .figures
            .escalations
            .reminder,
        2
    );
    // A correction is a new number naming the one it replaces.
    let second = store.issue_report(oct(), today(), "Асанова А.").unwrap();
    assert_eq!(second.label(), "2/2026");
    assert_eq!(second.replaces.as_deref(), Some("1/2026"));
    assert_eq!(second.report().unwrap().figures.escalations.reminder, 1);
    let register = store.issued_reports().unwrap();
    assert_eq!(register.len(), 2);
    assert_eq!(register[0].label(), "2/2026", "newest first");
    assert_eq!(register[1].replaced_by.as_deref(), Some("2/2026"));
    assert_eq!(
        store.latest_issued_report(oct()).unwrap().unwrap().id,
        second.id
    );
    // Another month numbers on in the year of issue.
    let nov = store
        .issue_report(Month::parse("2026-11").unwrap(), today(), "x")
        .unwrap();
    assert_eq!((nov.label(), nov.replaces), ("3/2026".to_string(), None));
    // Issued next year, it is number 1 of that year.
    let jan = store.issue_report(oct(), d(2027, 1, 5), "x").unwrap();
    assert_eq!(jan.label(), "1/2027");
    assert_eq!(jan.replaces.as_deref(), Some("2/2026"));
}

#[test]
fn an_issued_report_cannot_be_changed_even_by_sql() {
    let mut store = fixture_store();
    let r = store.issue_report(oct(), today(), "x").unwrap();
    let update = store.conn().execute(
        "UPDATE report SET narrative = 'changed' WHERE id = ?1",
        [r.id],
    );
    let msg = update.unwrap_err().to_string();
    assert!(msg.contains("issued report cannot be changed"), "{msg}");
    let delete = store
        .conn()
        .execute("DELETE FROM report WHERE id = ?1", [r.id]);
    assert!(delete.is_err());
    // Through the store's transactions, the refusal is a typed error.
    let typed = store.write(|tx| {
        tx.execute("UPDATE report SET payload = '{}'", [])?;
        Ok(())
    });
    assert!(
        matches!(typed, Err(StoreError::Refused(Refusal::ReportIssued))),
        "{typed:?}"
    );
    assert_eq!(store.issued_report(r.id).unwrap(), r, "unchanged");
    // A correction must replace a report of the same month.
    let wrong = store.conn().execute(
        "INSERT INTO report(year, number, month, issued_at, replaces_id, payload)
         VALUES (2026, 99, '2026-09', '2026-11-25T10:00:00', ?1, '{}')",
        [r.id],
    );
    assert!(wrong.is_err());
}

#[test]
fn a_replacing_import_cannot_remove_issued_reports_and_the_freeze_stays() {
    let mut a = fixture_store();
    a.issue_report(oct(), today(), "x").unwrap();
    let data = a.export().unwrap();
    let mut b = fixture_store();
    b.issue_report(oct(), today(), "y").unwrap();
    b.issue_report(oct(), today(), "y").unwrap();
    // Issued reports change only by restoring a whole backup (issue 20).
    assert!(matches!(
        b.import(&data, true),
        Err(shtab::store::transfer::ImportError::Protected("report"))
    ));
    let reg = b.issued_reports().unwrap();
    assert_eq!(reg.len(), 2);
    assert_eq!(reg[0].issued_by, "y");
    assert!(
        b.conn()
            .execute("UPDATE report SET narrative = 'z'", [])
            .is_err(),
        "the trigger is back"
    );
}

// ---------- papers read back

#[test]
fn docx_xlsx_and_json_read_back() {
    let mut store = fixture_store();
    let narrative = shtab::domain::report::Narrative {
        ky: "Биринчи абзац.\nЭкинчи абзац.".into(),
        ru: "Первый абзац.\nВторой абзац.".into(),
    };
    store.save_report_narratives(oct(), &narrative, 0).unwrap();
    let r = store.issue_report(oct(), today(), "Асанова А.").unwrap();
    let report = r.report().unwrap();
    for lang in [Lang::Ky, Lang::Ru] {
        let s = lang.strings();
        let paper = shtab::docs::report::ReportPaper::load(&store, &report, lang).unwrap();
        let bytes = shtab::docs::to_docx(&paper.document(lang)).unwrap();
        let text = shtab::docs::testing::docx_text(&bytes);
        for needle in [
            s.plan.doc_title,
            s.plan.doc_to,
            s.plan.fig_decisions,
            s.plan.fig_at_risk,
            s.kinds[OrgKind::School.index()],
            "1/2026",
        ] {
            assert!(text.contains(needle), "{needle} missing in\n{text}");
        }
        // The narrative in the paper's language only.
        let (own, other) = match lang {
            Lang::Ru => ("Второй абзац.", "Экинчи абзац."),
            _ => ("Экинчи абзац.", "Второй абзац."),
        };
        assert!(text.contains(own) && !text.contains(other), "{text}");
        // The measures at risk by their titles in the paper's language only.
        let (own, other) = match lang {
            Lang::Ru => (
                ["Просрочено, под угрозой (t4)", "Под угрозой на 31.10 (t5)"],
                ["Мөөнөтү өткөн, тобокелде (t4)", "31.10 тобокелде (t5)"],
            ),
            _ => (
                ["Мөөнөтү өткөн, тобокелде (t4)", "31.10 тобокелде (t5)"],
                ["Просрочено, под угрозой (t4)", "Под угрозой на 31.10 (t5)"],
            ),
        };
        for t in own {
            assert!(text.contains(t), "{t} missing in\n{text}");
        }
        for t in other {
            assert!(!text.contains(t), "{t} in the {lang:?} paper");
        }
        // Signed by the chair; the secretary in small print; "as of" in the right case.
        let (chair, as_of) = match lang {
            Lang::Ru => ("Председатель штаба\t", "по состоянию на 31 октября 2026 г."),
            _ => ("Штабдын төрагасы\t", "2026-жылдын 31-октябрына карата"),
        };
        assert!(text.contains(chair) && text.contains(as_of), "{text}");
        assert!(!text.contains("31-октябры карата"));
        // The figures as rows: "label \n value".
        assert!(
            text.contains(&format!("{}\n4", s.plan.fig_decisions)),
            "{text}"
        );
        assert!(text.contains(&format!("{}\n6", s.plan.fig_given)), "{text}");
        let month = match lang {
            Lang::Ru => "о работе штаба за октябрь 2026 года",
            _ => "штабдын 2026-жылдын октябрь айындагы иши жөнүндө",
        };
        assert!(text.contains(month), "{text}");

        let xlsx = paper.xlsx(lang).unwrap();
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx)).unwrap();
        let names = book.sheet_names();
        assert_eq!(
            names,
            vec![
                s.plan.sheet_summary,
                s.plan.sheet_by_kind,
                s.plan.sheet_plan,
                s.plan.sheet_escalations,
                shtab::i18n::papers::strings(lang).at_risk_sheet,
                s.plan.sheet_narrative,
                shtab::i18n::trend::strings(lang).sheet
            ]
        );
        // Each sheet says whose and as of when, above a frozen header.
        let summary = book.worksheet_range(s.plan.sheet_summary).unwrap();
        let title = summary.rows().next().unwrap()[0].to_string();
        assert!(title.contains("Токмок") && title.contains(as_of), "{title}");
        let risk = book
            .worksheet_range(shtab::i18n::papers::strings(lang).at_risk_sheet)
            .unwrap();
        assert!(
            risk.rows().any(|r| r.iter().any(|c| *c == own[0]))
                && !risk.rows().any(|r| r.iter().any(|c| *c == other[0])),
            "the measures at risk in their own table"
        );
        let sheet = book.worksheet_range(s.plan.sheet_by_kind).unwrap();
        let school = sheet
            .rows()
            .find(|row| row[0] == s.kinds[OrgKind::School.index()])
            .unwrap();
        let nums: Vec<String> = school[1..].iter().map(|c| c.to_string()).collect();
        assert_eq!(nums, vec!["2", "4", "2", "1", "3", "2"]);
        let total = sheet.rows().next_back().unwrap();
        assert_eq!(total[0].to_string(), s.plan.doc_total);
        assert_eq!(total[2].to_string(), "6");
        let esc = book.worksheet_range(s.plan.sheet_escalations).unwrap();
        assert_eq!(esc.rows().next_back().unwrap()[1].to_string(), "4");
    }
    // JSON: the stored snapshot is the documented format and reads back as itself.
    let json = serde_json::to_string_pretty(&report).unwrap();
    let back = report::read("a.json", &json).unwrap();
    assert_eq!(back, report);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["format"], "shtab-monthly-report");
    assert_eq!(v["format_version"], 1);
    assert_eq!(v["as_of"], "2026-10-31");
    assert_eq!(v["issue"]["number"], 1);
    assert_eq!(v["figures"]["tasks"]["overdue"], 3);
    assert_eq!(v["figures"]["escalations"]["reminder"], 2);
}

#[test]
fn the_example_in_assets_is_a_valid_report() {
    let text = include_str!("../../assets/report-example.json");
    let r = report::read("report-example.json", text).unwrap();
    assert_eq!(r.month, "2026-10");
    assert_eq!(r.figures.by_kind.len(), OrgKind::ALL.len());
    // Both narratives, each in its language.
    assert!(r.narrative.contains("Октябрда"));
    assert!(r.narrative_ru.contains("В октябре"));
    assert!(r.narrative_in(true).contains("В октябре"));
}

// ---------- the command line

fn shtab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shtab"))
        .args(args)
        .env("HOME", std::env::temp_dir())
        .output()
        .expect("the binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A file database with the fixture, in city `city`, plus `extra` regular sessions held in
/// October (so the cities differ).
fn city_db(dir: &Path, city: &str, extra: i64) -> std::path::PathBuf {
    let path = dir.join(format!("{city}.db"));
    let mut store = Store::open(&path).unwrap();
    fixture(&mut store);
    store.set_setting("city", city).unwrap();
    for i in 0..extra {
        store
            .conn()
            .execute(
                "INSERT INTO session(year, number, kind, date, time, status)
                 VALUES (2026, 20 + ?1, 'regular', '2026-10-15', '1' || ?1 || ':00', 'held')",
                [i],
            )
            .unwrap();
    }
    path
}

#[test]
fn cli_writes_the_report_in_three_formats() {
    let dir = tempfile::tempdir().unwrap();
    let db = city_db(dir.path(), "Токмок", 0);
    for (format, file) in [("json", "r.json"), ("docx", "r.docx"), ("xlsx", "r.xlsx")] {
        let out = dir.path().join(file);
        let o = shtab(&[
            "report",
            "monthly",
            "2026-10",
            "--db",
            p(&db),
            "--format",
            format,
            "--lang",
            "ru",
            "--out",
            p(&out),
        ]);
        assert!(o.status.success(), "{}", text(&o.stderr));
        assert!(out.exists());
    }
    let r = report::read(
        "r.json",
        &std::fs::read_to_string(dir.path().join("r.json")).unwrap(),
    )
    .unwrap();
    assert!(r.issue.is_none(), "nothing issued: the draft");
    assert_eq!(r.figures.decisions_adopted, 4);
    let docx = std::fs::read(dir.path().join("r.docx")).unwrap();
    assert!(shtab::docs::testing::docx_text(&docx).contains("ОТЧЁТ"));
    // Once issued, the command writes the issued report.
    Store::open(&db)
        .unwrap()
        .issue_report(oct(), today(), "x")
        .unwrap();
    let out = dir.path().join("issued.json");
    let o = shtab(&[
        "report",
        "monthly",
        "2026-10",
        "--db",
        p(&db),
        "--format",
        "json",
        "--out",
        p(&out),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let r = report::read("i", &std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(r.label().as_deref(), Some("1/2026"));
    // Errors are one line and exit 1.
    let o = shtab(&[
        "report",
        "monthly",
        "2026-13",
        "--db",
        p(&db),
        "--format",
        "json",
        "--out",
        p(&out),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("YYYY-MM"), "{err}");
}

/// Add up every number under `figures` of the given JSON files, key by key.
fn sum_json(values: &[serde_json::Value]) -> serde_json::Value {
    use serde_json::Value;
    fn add(a: &mut Value, b: &Value) {
        match (a, b) {
            (Value::Number(x), Value::Number(y)) => {
                *x = (x.as_i64().unwrap() + y.as_i64().unwrap()).into()
            }
            (Value::Object(x), Value::Object(y)) => {
                for (k, v) in y {
                    add(x.get_mut(k).unwrap(), v);
                }
            }
            (Value::Array(x), Value::Array(y)) => {
                for (a, b) in x.iter_mut().zip(y) {
                    add(a, b);
                }
            }
            (Value::String(x), Value::String(y)) => assert_eq!(x, y),
            (a, b) => panic!("{a} vs {b}"),
        }
    }
    let mut total = values[0]["figures"].clone();
    for v in &values[1..] {
        add(&mut total, &v["figures"]);
    }
    total
}

#[test]
fn consolidation_of_three_reports_equals_their_sum() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut values = Vec::new();
    for (city, extra) in [("Токмок", 0), ("Кант", 2), ("Кара-Балта", 5)] {
        let db = city_db(dir.path(), city, extra);
        let out = dir.path().join(format!("{city}.json"));
        let o = shtab(&[
            "report",
            "monthly",
            "2026-10",
            "--db",
            p(&db),
            "--format",
            "json",
            "--out",
            p(&out),
        ]);
        assert!(o.status.success(), "{}", text(&o.stderr));
        values.push(
            serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(&out).unwrap())
                .unwrap(),
        );
        files.push(out);
    }
    let json = dir.path().join("national.json");
    let mut args = vec!["report", "consolidate"];
    args.extend(files.iter().map(|f| p(f)));
    args.extend(["--format", "json", "--allow-drafts", "--out", p(&json)]);
    let o = shtab(&args);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("3 report(s)"),
        "{}",
        text(&o.stdout)
    );
    let national: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(national["total"], sum_json(&values));
    // By hand: 1 + 3 + 6 regular sessions; 3 × 6 tasks given; 3 × 2 measures at risk.
    assert_eq!(national["total"]["sessions_regular"], 10);
    assert_eq!(national["total"]["tasks"]["given"], 18);
    assert_eq!(national["total"]["plan"]["at_risk"], 6);
    assert_eq!(national["cities"].as_array().unwrap().len(), 3);

    // The same as a workbook.
    let xlsx = dir.path().join("national.xlsx");
    let mut args = vec!["report", "consolidate"];
    args.extend(files.iter().map(|f| p(f)));
    args.extend(["--lang", "ru", "--allow-drafts", "--out", p(&xlsx)]);
    let o = shtab(&args);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let s = Lang::Ru.strings();
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let cities = book.worksheet_range(s.plan.sheet_cities).unwrap();
    let rows: Vec<_> = cities.rows().collect();
    assert_eq!(rows.len(), 5, "header, three cities, total");
    assert_eq!(rows[4][0].to_string(), s.plan.doc_total);
    let col = rows[0]
        .iter()
        .position(|c| *c == s.plan.fig_sessions_regular)
        .unwrap();
    assert_eq!(rows[4][col].to_string(), "10");

    // Another format version is refused with a clear message, and nothing is written.
    let mut v2 = values[1].clone();
    v2["format_version"] = 2.into();
    let bad = dir.path().join("v2.json");
    std::fs::write(&bad, v2.to_string()).unwrap();
    let out = dir.path().join("never.json");
    let o = shtab(&[
        "report",
        "consolidate",
        p(&files[0]),
        p(&bad),
        "--format",
        "json",
        "--allow-drafts",
        "--out",
        p(&out),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("v2.json") && err.contains("format version 2 is not supported"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
    assert!(!out.exists());
    // The same city twice is refused too.
    let o = shtab(&[
        "report",
        "consolidate",
        p(&files[0]),
        p(&files[0]),
        "--format",
        "json",
        "--allow-drafts",
        "--out",
        p(&out),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("same city and month"));
    // Drafts are refused unless --allow-drafts, naming the files.
    let o = shtab(&[
        "report",
        "consolidate",
        p(&files[0]),
        p(&files[1]),
        "--format",
        "json",
        "--out",
        p(&out),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("--allow-drafts") && err.contains("Кант.json"),
        "{err}"
    );
    assert!(!out.exists());
    // Two months are refused, naming the files.
    let mut other = values[1].clone();
    other["month"] = "2026-09".into();
    let sept = dir.path().join("sept.json");
    std::fs::write(&sept, other.to_string()).unwrap();
    let o = shtab(&[
        "report",
        "consolidate",
        p(&files[0]),
        p(&sept),
        "--format",
        "json",
        "--allow-drafts",
        "--out",
        p(&out),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("different months") && err.contains("sept.json"),
        "{err}"
    );
    assert!(!out.exists());
}

// ---------- the tab

fn reports_app(lang: Lang) -> shtab::app::App {
    let mut store = Store::open_in_memory().unwrap();
    fixture(&mut store);
    let mut app = shtab::app::App::new(store, lang, today(), false);
    app.documents_dir = docs_dir();
    app.resize(100, 30);
    chr(&mut app, '7');
    assert_eq!(app.tab, Tab::Reports);
    app
}

#[test]
fn month_picker_preview_narrative_issue_and_register() {
    let mut app = reports_app(Lang::En);
    let s = Lang::En.strings();
    assert_eq!(app.screens.reports.month.unwrap().to_string(), "2026-11");
    press(&mut app, KeyCode::Left);
    assert_eq!(app.screens.reports.month.unwrap().to_string(), "2026-10");
    let text = screen(&app, 100, 30);
    assert!(text.contains("October 2026"), "{text}");
    assert!(
        text.contains(&format!("{}: 4", s.plan.fig_decisions)),
        "{text}"
    );
    assert!(text.contains(s.plan.register_empty), "{text}");

    // The narrative: several lines, saved with Ctrl-S.
    chr(&mut app, 'e');
    assert!(app.screens.reports.editor.is_some());
    typ(&mut app, "Two sessions held; i and q are text here.");
    press(&mut app, KeyCode::Enter);
    typ(&mut app, "Second line.");
    assert!(!app.quit, "q is text while writing");
    let editing = screen(&app, 100, 30);
    assert!(editing.contains("Second line."), "{editing}");
    assert!(editing.contains(s.plan.form_narrative), "{editing}");
    press_mod(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(app.screens.reports.editor.is_none());
    assert_eq!(
        app.store.report_narrative(oct()).unwrap().0,
        "Two sessions held; i and q are text here.\nSecond line."
    );
    assert!(
        !screen(&app, 100, 30).contains("Second line."),
        "below the fold"
    );
    press(&mut app, KeyCode::End);
    assert!(screen(&app, 100, 30).contains("Second line."));
    press(&mut app, KeyCode::Home);

    // Esc on an edited narrative asks first.
    chr(&mut app, 'e');
    typ(&mut app, " more");
    press(&mut app, KeyCode::Esc);
    assert!(app.confirm.is_some());
    chr(&mut app, 'y');
    assert!(app.screens.reports.editor.is_none());
    assert!(
        !app.store
            .report_narrative(oct())
            .unwrap()
            .0
            .ends_with("more")
    );

    // Issue: asks, then freezes No. 1/2026.
    chr(&mut app, 'i');
    let q = screen(&app, 100, 30);
    assert!(q.contains("October 2026 as No. 1/2026"), "{q}");
    chr(&mut app, 'y');
    let reg = app.store.issued_reports().unwrap();
    assert_eq!(reg.len(), 1);
    assert_eq!(reg[0].month, "2026-10");
    let text = screen(&app, 100, 30);
    assert!(text.contains("1/2026"), "{text}");
    // Again: a correction that replaces it.
    chr(&mut app, 'ш');
    let q = screen(&app, 100, 30);
    assert!(q.contains("No. 2/2026 that replaces it"), "{q}");
    chr(&mut app, 'n');
    assert_eq!(app.store.issued_reports().unwrap().len(), 1, "declined");
    chr(&mut app, 'i');
    chr(&mut app, 'y');
    let reg = app.store.issued_reports().unwrap();
    assert_eq!(reg[0].replaces.as_deref(), Some("1/2026"));
    let text = screen(&app, 100, 30);
    assert!(text.contains("2/2026 2026-10 25.11.2026"), "{text}");

    // The register pane shows the frozen report; w writes it.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Down);
    assert_eq!(
        app.screens.reports.selected_issued().unwrap().label(),
        "1/2026"
    );
    let text = screen(&app, 100, 30);
    assert!(text.contains("replaced by 2/2026"), "{text}");
    chr(&mut app, 'w');
    let form = app.form.as_ref().expect("the write form");
    let path = form.fields[2].text_value().to_string();
    assert!(path.contains("report-2026-10-1-2026-ky.docx"), "{path}");
    let _ = std::fs::remove_file(&path);
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{:?}", app.message);
    let docx = std::fs::read(&path).unwrap();
    let text = shtab::docs::testing::docx_text(&docx);
    assert!(
        text.contains("1/2026") && text.contains("Two sessions held"),
        "{text}"
    );
    // As .xlsx: the extension follows the format.
    chr(&mut app, 'w');
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Enter);
    let xlsx = path.replace(".docx", ".xlsx");
    assert!(Path::new(&xlsx).exists(), "{:?}", app.message);
}

#[test]
fn keys_of_the_reports_tab_in_help_and_status() {
    let mut app = reports_app(Lang::Ru);
    let s = Lang::Ru.strings();
    let text = screen(&app, 100, 30);
    assert!(text.contains("i/ш"), "{text}");
    assert!(text.contains(s.plan.key_issue), "{text}");
    press(&mut app, KeyCode::F(1));
    let help = screen(&app, 100, 30);
    assert!(
        help.contains("w, ц") && help.contains(s.plan.key_write),
        "{help}"
    );
}
