//! The Plan tab driven by keys on a small hand-made plan, the CSV import (from the tab, from
//! the store and from the command line) with its errors and the all-or-nothing rule.

use crate::common;

use std::path::Path;
use std::process::{Command, Output};

use common::*;
use ratatui::crossterm::event::KeyCode;
use shtab::app::App;
use shtab::domain::plan::MeasureStatus;
use shtab::domain::plan_csv;
use shtab::domain::{OrgKind, Organization};
use shtab::i18n::Lang;
use shtab::screens::Tab;
use shtab::screens::plan::Pane;
use shtab::store::{PlanImportError, Store};

struct Ids {
    school: i64,
    condo: i64,
    decision: i64,
    task: i64,
    spare_task: i64,
}

/// Two sections: 1.1 (in progress, at risk: task t1 overdue since 01.11.2026), 1.2 (overdue),
/// 2.1 (done on 10.10.2026). A signed protocol with one decision; a spare task.
fn plan_store() -> (Store, Ids) {
    let mut store = Store::open_in_memory().unwrap();
    let school = store
        .save_organization(&Organization {
            name_ru: "Школа №5".into(),
            ..Organization::new("№5 мектеп", OrgKind::School)
        })
        .unwrap();
    let condo = store
        .save_organization(&Organization::new(
            "«Ынтымак» кондоминиуму",
            OrgKind::Condominium,
        ))
        .unwrap();
    store
        .conn()
        .execute_batch(&format!(
            "INSERT INTO plan_measure(id, number, section, title, deadline, progress, started,
                                      done_at, position) VALUES
               (1, '1.1', 'Инфраструктура', 'Мектептерге интернет', '2026-12-31', 40, 1, NULL, 1),
               (2, '1.2', 'Инфраструктура', 'Паркта Wi-Fi', '2026-11-01', 10, 1, NULL, 2),
               (3, '2.1', 'Кызматтар', 'Электрондук кезек', '2026-12-31', 100, 1,
                '2026-10-10T10:00:00', 3);
             INSERT INTO plan_measure_organization(measure_id, organization_id) VALUES
               (1, {school}), (2, {condo}), (3, {school});
             INSERT INTO session(id, year, number, kind, date, time, status)
               VALUES (1, 2026, 10, 'regular', '2026-10-22', '10:00', 'protocol_signed');
             INSERT INTO protocol(id, session_id, year, status)
               VALUES (1, 1, 2026, 'draft');
             INSERT INTO decision(id, protocol_id, number, text)
               VALUES (1, 1, '2.1', 'Wi-Fi орнотуу');
             -- Left a draft: the test links a task to its decision later, which a signed
             -- protocol's triggers would refuse.
             INSERT INTO task(id, decision_id, measure_id, text, executor_id, deadline, status,
                              created_at)
               VALUES (1, NULL, 1, 'Туташтыруу', {school}, '2026-11-01', 'assigned',
                       '2026-10-23T10:00:00'),
                      (2, NULL, NULL, 'Запастагы тапшырма', {condo}, '2026-12-20', 'assigned',
                       '2026-10-23T10:00:00');"
        ))
        .unwrap();
    (
        store,
        Ids {
            school,
            condo,
            decision: 1,
            task: 1,
            spare_task: 2,
        },
    )
}

fn plan_app(lang: Lang) -> (App, Ids) {
    let (store, ids) = plan_store();
    let mut app = App::new(store, lang, today(), false);
    app.documents_dir = docs_dir();
    app.resize(100, 30);
    chr(&mut app, '5');
    assert_eq!(app.tab, Tab::Plan);
    (app, ids)
}

fn shown_numbers(app: &App) -> Vec<String> {
    app.screens
        .plan
        .rows
        .iter()
        .filter_map(|r| match r {
            shtab::domain::plan::TreeRow::Measure(i) => {
                Some(app.screens.plan.measures[*i].number.clone())
            }
            _ => None,
        })
        .collect()
}

#[test]
fn tree_by_section_with_status_and_the_reason_of_the_risk() {
    let (app, _) = plan_app(Lang::Ru);
    let text = screen(&app, 100, 30);
    let p = Lang::Ru.strings().plan;
    for needle in [
        "Инфраструктура · выполнено 0 из 2",
        "Кызматтар · выполнено 1 из 1",
        p.statuses[MeasureStatus::Overdue.index()],
        p.statuses[MeasureStatus::Done.index()],
        p.statuses[MeasureStatus::InProgress.index()],
        "⚠",
        // 1.1 is selected: why it is at risk, and the executor's Russian name.
        "⚠ Под угрозой: просрочено связанных поручений:",
        "1, самое давнее — на 24 дн.: Школа №5",
        "#1 01.11.2026 Школа №5: Туташтыруу",
    ] {
        assert!(text.contains(needle), "{needle} missing in\n{text}");
    }
    assert_eq!(app.screens.plan.selected().unwrap().number, "1.1");
    assert_eq!(shown_numbers(&app), vec!["1.1", "1.2", "2.1"]);
}

#[test]
fn filters_by_status_risk_organization_and_due_date() {
    let (mut app, ids) = plan_app(Lang::En);
    chr(&mut app, 's'); // not started
    assert!(shown_numbers(&app).is_empty());
    assert!(screen(&app, 100, 30).contains(Lang::En.strings().plan.nothing_matches));
    chr(&mut app, 'ы'); // in progress
    assert_eq!(shown_numbers(&app), vec!["1.1"]);
    chr(&mut app, 's'); // done
    assert_eq!(shown_numbers(&app), vec!["2.1"]);
    chr(&mut app, 's'); // overdue
    assert_eq!(shown_numbers(&app), vec!["1.2"]);
    press(&mut app, KeyCode::Esc);
    assert_eq!(shown_numbers(&app).len(), 3);
    chr(&mut app, 'r');
    assert_eq!(shown_numbers(&app), vec!["1.1"], "at risk only");
    assert!(screen(&app, 100, 30).contains("[At risk]"));
    chr(&mut app, 'к');
    assert_eq!(shown_numbers(&app).len(), 3);

    // The filter form: organization, then due by.
    chr(&mut app, 'f');
    press(&mut app, KeyCode::Tab);
    // Organizations are listed in Kyrgyz alphabet order: №5 мектеп, «Ынтымак» ….
    while app.form.as_ref().unwrap().fields[1].chosen_id() != Some(ids.condo) {
        press(&mut app, KeyCode::Right);
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screens.plan.filter.organization, Some(ids.condo));
    assert_eq!(shown_numbers(&app), vec!["1.2"]);
    chr(&mut app, 'f');
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Left);
    assert_eq!(app.form.as_ref().unwrap().fields[1].chosen_id(), None);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "32.12.2026");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_some(), "a bad date is refused");
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "30.11.2026");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none());
    // Not done and due by 30.11: only 1.2 (2.1 is done, 1.1 due in December).
    assert_eq!(shown_numbers(&app), vec!["1.2"]);
    assert!(screen(&app, 100, 30).contains("[due by 30.11.2026]"));
    let _ = ids.school;
}

#[test]
fn add_edit_and_refusals() {
    let (mut app, ids) = plan_app(Lang::En);
    // On 1.1: the new measure is proposed in its section with the next number.
    chr(&mut app, 'a');
    let form = app.form.as_ref().unwrap();
    assert_eq!(form.fields[0].text_value(), "1.3");
    assert_eq!(form.fields[1].text_value(), "Инфраструктура");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "Автобекетте Wi-Fi");
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "Wi-Fi на автовокзале");
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "31.03.2027");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "01.12.2026"); // done in the future
    press(&mut app, KeyCode::Enter);
    let f = app.form.as_ref().expect("refused");
    assert!(f.fields[7].error.is_some());
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    // Responsible: the school.
    press(&mut app, KeyCode::Tab);
    while app.form.as_ref().unwrap().fields[8].chosen_id() != Some(ids.school) {
        press(&mut app, KeyCode::Right);
    }
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{:?}", app.message);
    let m = app
        .store
        .measures()
        .unwrap()
        .into_iter()
        .find(|m| m.number == "1.3")
        .unwrap();
    assert_eq!(m.title, "Автобекетте Wi-Fi");
    assert_eq!(m.title_ru, "Wi-Fi на автовокзале");
    assert_eq!(m.section, "Инфраструктура");
    assert_eq!(m.organizations, vec![ids.school]);
    assert_eq!(
        app.screens.plan.selected().unwrap().number,
        "1.3",
        "the new one is selected"
    );
    assert_eq!(shown_numbers(&app), vec!["1.1", "1.2", "1.3", "2.1"]);

    // A number taken by another measure is refused with a message.
    chr(&mut app, 'e');
    for _ in 0..3 {
        press(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "2.1");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_some());
    let msg = app.message.clone().unwrap();
    assert!(msg.1 && msg.0.contains("2.1"), "{msg:?}");
    press(&mut app, KeyCode::Esc);
    chr(&mut app, 'y');

    // Progress 100 marks it done today.
    press(&mut app, KeyCode::Up); // 1.2
    assert_eq!(app.screens.plan.selected().unwrap().number, "1.2");
    press(&mut app, KeyCode::Enter);
    for _ in 0..6 {
        press(&mut app, KeyCode::Tab);
    }
    for _ in 0..3 {
        press(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "100");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{:?}", app.message);
    let m = app.store.measure(2).unwrap();
    assert_eq!((m.progress, m.done_on), (100, Some(today())));
    assert_eq!(
        app.screens.plan.statuses[app.screens.plan.selected_index().unwrap()],
        MeasureStatus::Done
    );
}

#[test]
fn reorder_within_the_section() {
    let (mut app, _) = plan_app(Lang::Ky);
    assert_eq!(app.screens.plan.selected().unwrap().number, "1.1");
    chr(&mut app, '+');
    assert_eq!(shown_numbers(&app), vec!["1.2", "1.1", "2.1"]);
    assert_eq!(
        app.screens.plan.selected().unwrap().number,
        "1.1",
        "follows the moved one"
    );
    chr(&mut app, '+'); // last of its section: stays
    assert_eq!(shown_numbers(&app), vec!["1.2", "1.1", "2.1"]);
    chr(&mut app, '-');
    assert_eq!(shown_numbers(&app), vec!["1.1", "1.2", "2.1"]);
    // The order is kept in the store; versions do not change.
    let v = app.store.measure(1).unwrap().version;
    app.store.move_measure(1, false).unwrap();
    assert_eq!(app.store.measure(1).unwrap().version, v);
    let order: Vec<String> = app
        .store
        .measures()
        .unwrap()
        .into_iter()
        .map(|m| m.number)
        .collect();
    assert_eq!(order, vec!["1.2", "1.1", "2.1"]);
}

#[test]
fn link_and_unlink_decisions_and_tasks() {
    let (mut app, ids) = plan_app(Lang::En);
    let p = Lang::En.strings().plan;
    // 1.2: link the decision.
    press(&mut app, KeyCode::Down);
    assert_eq!(app.screens.plan.selected().unwrap().number, "1.2");
    chr(&mut app, 'l');
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_some(), "no decision chosen yet");
    let f = app.form.as_ref().unwrap();
    assert!(
        f.fields[f.focus].error.is_some(),
        "the cursor is on the choice to make"
    );
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{:?}", app.message);
    assert_eq!(app.screens.plan.links.decisions.len(), 1);
    assert!(app.screens.plan.links.decisions[0].explicit);
    assert!(screen(&app, 100, 30).contains("⚖ 10/2026 · 2.1 Wi-Fi орнотуу"));
    // Link a task by its number; an unknown number is refused.
    chr(&mut app, 'д');
    press(&mut app, KeyCode::Right); // a task
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "#999");
    press(&mut app, KeyCode::Enter);
    assert!(app.message.as_ref().unwrap().0.contains("999"));
    for _ in 0..3 {
        press(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, &ids.spare_task.to_string());
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{:?}", app.message);
    assert_eq!(app.screens.plan.links.tasks.len(), 1);
    assert_eq!(app.screens.plan.links.tasks[0].id, ids.spare_task);
    // Unlink both from the links pane.
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.screens.plan.pane, Pane::Links);
    chr(&mut app, 'x');
    assert!(app.confirm.is_some());
    chr(&mut app, 'y');
    assert!(
        app.screens.plan.links.decisions.is_empty(),
        "{:?}",
        app.message
    );
    chr(&mut app, 'x');
    chr(&mut app, 'y');
    assert!(app.screens.plan.links.tasks.is_empty());
    assert_eq!(app.message.as_ref().unwrap().0, p.msg_unlinked);

    // A decision linked through a task cannot be unlinked here.
    app.store
        .conn()
        .execute(
            "UPDATE task SET decision_id = ?1 WHERE id = ?2",
            [ids.decision, ids.task],
        )
        .unwrap();
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Up);
    assert_eq!(app.screens.plan.selected().unwrap().number, "1.1");
    assert!(!app.screens.plan.links.decisions[0].explicit);
    press(&mut app, KeyCode::Tab);
    chr(&mut app, 'x');
    assert!(app.confirm.is_none());
    assert_eq!(app.message.as_ref().unwrap().0, p.err_not_explicit);
}

#[test]
fn delete_a_measure_only_when_nothing_refers_to_it() {
    let (mut app, _) = plan_app(Lang::En);
    // 1.1 has a task: refused.
    chr(&mut app, 'x');
    chr(&mut app, 'y');
    assert!(app.message.as_ref().unwrap().1);
    assert_eq!(app.store.measures().unwrap().len(), 3);
    press(&mut app, KeyCode::Down);
    chr(&mut app, 'ч');
    assert!(screen(&app, 100, 30).contains("Delete measure 1.2?"));
    chr(&mut app, 'y');
    assert_eq!(app.store.measures().unwrap().len(), 2);
}

// ---------- import

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const GOOD: &str = "\u{feff}№;Бөлүм;Иш-чара;Мөөнөтү;Аткарылышы, %;Аткаруучулар;Эскертүү\r\n\
                    1.1;;;;80;;экинчи чейрек\r\n\
                    1.3;Инфраструктура;\"Автобекетте Wi-Fi; 2 пункт\";31.03.2027;0;\"№5 мектеп; Ынтымак кондоминиуму\";\r\n\
                    2.1;;;;60;;\r\n";

#[test]
fn import_from_the_tab_shows_progress_and_writes_all_rows() {
    let (mut app, ids) = plan_app(Lang::Ru);
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "plan.csv", GOOD);
    chr(&mut app, 'ш');
    let form = app.form.as_ref().unwrap();
    assert!(form.fields[0].text_value().ends_with("plan.csv"));
    press(&mut app, KeyCode::Home);
    for _ in 0..300 {
        press(&mut app, KeyCode::Delete);
    }
    typ(&mut app, file.to_str().unwrap());
    press(&mut app, KeyCode::Enter);
    assert!(app.busy());
    let p = Lang::Ru.strings().plan;
    assert!(screen(&app, 100, 30).contains(p.job_reading));
    app.work();
    let gauge = screen(&app, 100, 30);
    assert!(
        gauge.contains(&format!("{}: 0/3", p.job_checking)),
        "{gauge}"
    );
    let mut steps = 1;
    while app.busy() {
        app.work();
        steps += 1;
    }
    assert_eq!(steps, 3, "read, check, write");
    // The column the import did not know is named (issue 14).
    assert_eq!(
        app.message.as_ref().unwrap().0,
        "Загружено: добавлено 1, обновлено 2 (пропущены столбцы: Эскертүү)."
    );
    let m = |n: &str| {
        app.store
            .measures()
            .unwrap()
            .into_iter()
            .find(|m| m.number == n)
            .unwrap()
    };
    assert_eq!(m("1.1").progress, 80);
    assert_eq!(
        m("1.1").title,
        "Мектептерге интернет",
        "empty cells change nothing"
    );
    let new = m("1.3");
    assert_eq!(new.title, "Автобекетте Wi-Fi; 2 пункт");
    assert_eq!(new.organizations, vec![ids.school, ids.condo]);
    // 2.1 was done; 60 % reopens it.
    assert_eq!((m("2.1").progress, m("2.1").done_on), (60, None));
    assert_eq!(shown_numbers(&app), vec!["1.1", "1.2", "1.3", "2.1"]);
}

#[test]
fn a_bad_file_from_the_tab_names_the_line_and_writes_nothing() {
    let (mut app, _) = plan_app(Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "bad.csv",
        "number,title,organizations\n1.1,,\n9.9,New,Nobody Ltd\n",
    );
    let before = app.store.export().unwrap().tables["plan_measure"].clone();
    chr(&mut app, 'i');
    press(&mut app, KeyCode::Home);
    for _ in 0..300 {
        press(&mut app, KeyCode::Delete);
    }
    typ(&mut app, file.to_str().unwrap());
    press(&mut app, KeyCode::Enter);
    while app.busy() {
        app.work();
    }
    let (msg, error) = app.message.clone().unwrap();
    assert!(error);
    assert_eq!(
        msg,
        "1 bad row, nothing imported. line 3: no organization \"Nobody Ltd\""
    );
    assert_eq!(app.store.export().unwrap().tables["plan_measure"], before);
    // A missing file is an error too, not a panic.
    chr(&mut app, 'i');
    press(&mut app, KeyCode::Enter);
    while app.busy() {
        app.work();
    }
    assert!(app.message.as_ref().unwrap().1);
}

#[test]
fn store_import_is_all_or_nothing() {
    let (mut store, _) = plan_store();
    let before = store.export().unwrap().tables["plan_measure"].clone();
    let text = "number;title;progress;organizations\n\
                1.1;;90;\n\
                4.1;Жаңы;0;№5 мектеп\n\
                4.2;;0;\n\
                4.3;Башка;0;Жок уюм\n";
    let parsed = plan_csv::parse(text.as_bytes()).unwrap();
    let mut seen = Vec::new();
    let err = store
        .import_plan(&parsed.rows, today(), &mut |d, t| seen.push((d, t)))
        .unwrap_err();
    let PlanImportError::Rows(rows) = err else {
        panic!("{err}")
    };
    let lines: Vec<String> = rows.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        lines,
        vec![
            "line 4: a new measure needs a title: title (Kyrgyz), title_ru (Russian) or both",
            "line 5: no organization \"Жок уюм\" in the directory"
        ]
    );
    assert!(seen.is_empty(), "nothing written, nothing counted");
    assert_eq!(store.export().unwrap().tables["plan_measure"], before);
    // Fixed, it goes through, every row counted.
    let parsed =
        plan_csv::parse(b"number;title;progress\n1.1;;90\n4.1;New;0\n4.2;Other;100\n").unwrap();
    let sum = store
        .import_plan(&parsed.rows, today(), &mut |d, t| seen.push((d, t)))
        .unwrap();
    assert_eq!((sum.added, sum.updated), (2, 1));
    assert_eq!(seen, vec![(1, 3), (2, 3), (3, 3)]);
    let done = store
        .measures()
        .unwrap()
        .into_iter()
        .find(|m| m.number == "4.2")
        .unwrap();
    assert_eq!(
        done.done_on,
        Some(today()),
        "100 % without a date: done today"
    );
}

fn shtab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shtab"))
        .args(args)
        .env("HOME", std::env::temp_dir())
        .output()
        .expect("the binary runs")
}

#[test]
fn cli_plan_import_reports_every_bad_row_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    {
        let (src, _) = plan_store();
        let data = src.export().unwrap();
        Store::open(&db).unwrap().import(&data, false).unwrap();
    }
    let bad = write(
        dir.path(),
        "bad.csv",
        "number,title,deadline,progress\n1.1,,31.13.2026,\n,x,,\n1.5,y,,150\n",
    );
    let out = shtab(&[
        "plan",
        "import",
        "--db",
        db.to_str().unwrap(),
        bad.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 4, "{err}");
    assert!(lines[0].ends_with("line 2: deadline: \"31.13.2026\" is not a date (dd.mm.yyyy)"));
    assert!(lines[1].ends_with("line 3: the measure number is empty"));
    assert!(lines[2].ends_with("line 4: progress \"150\" is not a whole number 0–100"));
    assert!(
        lines[3].contains("3 problem(s); nothing was imported"),
        "{err}"
    );
    assert_eq!(Store::open(&db).unwrap().measures().unwrap().len(), 3);

    let good = write(dir.path(), "good.csv", GOOD);
    let out = shtab(&[
        "plan",
        "import",
        "--db",
        db.to_str().unwrap(),
        good.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("1 added, 2 updated (columns ignored: Эскертүү)"),
        "{said}"
    );
    assert_eq!(Store::open(&db).unwrap().measures().unwrap().len(), 4);
}

#[test]
fn the_demo_plan_shows_and_never_fails() {
    let mut app = demo_app(Lang::Ky);
    chr(&mut app, '5');
    assert!(app.screens.plan.measures.len() >= 25);
    assert!(
        app.screens.plan.risks.iter().any(Option::is_some),
        "the demo has measures at risk"
    );
    for _ in 0..40 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Home);
    assert!(screen(&app, 100, 30).contains(Lang::Ky.strings().plan.title));
    assert!(app.message.is_none(), "{:?}", app.message);
}

/// A file with three problems (a bad date, a bad progress, a new measure without a title)
/// shows all three on the tab at once, in the UI language (the column by its name, not the
/// CSV key), scrolled in the links pane, with the ignored column named (issue 14).
#[test]
fn every_problem_of_a_file_shows_on_the_tab_in_one_pass() {
    for lang in [Lang::Ky, Lang::Ru] {
        let (mut app, _) = plan_app(lang);
        let dir = tempfile::tempdir().unwrap();
        let file = write(
            dir.path(),
            "bad.csv",
            "number,title,deadline,progress,Эскертүү\n1.1,,31.13.2026,,\n9.9,,,150,x\n",
        );
        chr(&mut app, 'i');
        press(&mut app, KeyCode::Home);
        for _ in 0..300 {
            press(&mut app, KeyCode::Delete);
        }
        typ(&mut app, file.to_str().unwrap());
        press(&mut app, KeyCode::Enter);
        while app.busy() {
            app.work();
        }
        let plan = &app.screens.plan;
        assert_eq!(plan.import_problems, 3, "{:?}", plan.import_report);
        let r = shtab::i18n::rules::strings(lang);
        let p = lang.strings().plan;
        assert!(
            plan.import_report[0].contains(r.plan_columns[3]),
            "{:?}",
            plan.import_report
        );
        assert!(!plan.import_report[0].contains("deadline"));
        assert!(plan.import_report[2].contains(p.p_missing_title));
        assert!(plan.import_report[3].contains("Эскертүү"));
        let text = screen(&app, 100, 30);
        assert!(text.contains(p.p_missing_title), "{text}");
        // The report scrolls with the arrows in its pane.
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Down);
        assert_eq!(app.screens.plan.link_cursor.selected, 2);
        // Choosing another measure puts the links back.
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Down);
        assert!(app.screens.plan.import_report.is_empty());
    }
}

#[test]
fn a_long_links_pane_draws_the_rows_in_view_as_it_scrolls() {
    // Thirty tasks of other measures moved to the first: more than the pane holds.
    let mut store = demo_store();
    let measure = store.measures().unwrap()[0].id;
    let free: Vec<i64> = {
        let mut st = store
            .conn()
            .prepare("SELECT id FROM task WHERE decision_id IS NULL AND measure_id <> ?1 ORDER BY id LIMIT 30")
            .unwrap();
        st.query_map([measure], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(
        free.len(),
        30,
        "the demo has tasks of other measures, of no protocol"
    );
    for t in free {
        store.move_task_link(measure, t).unwrap();
    }
    let mut app = App::new(store, Lang::En, today(), true);
    app.documents_dir = docs_dir();
    app.resize(100, 30);
    chr(&mut app, '5');
    // The measure with the most linked tasks.
    let mut best = (0, 0);
    for i in 0..app.screens.plan.rows.len() {
        let n = app.screens.plan.links.tasks.len();
        if n > best.1 {
            best = (i, n);
        }
        press(&mut app, KeyCode::Down);
    }
    assert!(
        best.1 > 12,
        "the demo has a measure with many tasks: {best:?}"
    );
    press(&mut app, KeyCode::Home);
    for _ in 0..app.screens.plan.rows.len() {
        if app.screens.plan.links.tasks.len() == best.1 {
            break;
        }
        press(&mut app, KeyCode::Down);
    }
    let tasks: Vec<i64> = app.screens.plan.links.tasks.iter().map(|t| t.id).collect();
    assert_eq!(tasks.len(), best.1);
    press(&mut app, KeyCode::Tab);
    let id = |i: usize| format!("#{} ", tasks[i]);
    let top = screen(&app, 100, 30);
    assert!(top.contains(&id(0)), "{top}");
    assert!(!top.contains(&id(tasks.len() - 1)), "{top}");
    press(&mut app, KeyCode::End);
    let bottom = screen(&app, 100, 30);
    assert!(bottom.contains(&id(tasks.len() - 1)), "{bottom}");
    assert!(!bottom.contains(&id(0)), "{bottom}");
    // One up from the end keeps the window; Home goes back to the top.
    press(&mut app, KeyCode::Up);
    assert!(screen(&app, 100, 30).contains(&id(tasks.len() - 1)));
    press(&mut app, KeyCode::Home);
    assert!(screen(&app, 100, 30).contains(&id(0)));
}
