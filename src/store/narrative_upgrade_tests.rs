//! Migration 0020 (the report's Russian narrative) on a file made at the schema before it,
//! holding a draft and a report issued then.

use crate::store::old_files::count;
use std::path::Path;

use chrono::NaiveDate;

use crate::docs::report::{PaperError, ReportPaper};
use crate::domain::report::{Month, MonthlyReport, Narrative, Narratives};
use crate::i18n::Lang;
use crate::store::{MIGRATIONS, Store};

/// Where the narrative gets its Russian column.
fn ru_at() -> usize {
    MIGRATIONS
        .iter()
        .position(|m| m.contains("ADD COLUMN narrative_ru"))
        .expect("the migration that adds narrative_ru")
}

fn oct() -> Month {
    Month::parse("2026-10").expect("month")
}

const KY: &str = "Октябрда эки отурум өттү.";

/// A file at the schema before 0020, as a Shtab of that schema left it: October's draft
/// narrative (Kyrgyz) and report 1/2026 issued from it, its payload without `narrative_ru`
/// (as that Shtab wrote it), both audited and the payload's hash anchored.
fn old_file(path: &Path) {
    let conn = crate::store::old_files::file_at(path, ru_at());
    let mut r = MonthlyReport::new(
        oct(),
        oct().last(),
        crate::domain::report::Figures::default(),
    );
    r.narrative = KY.into();
    r.issue = Some(crate::domain::report::Issue {
        year: 2026,
        number: 1,
        issued_at: "2026-11-03T10:00:00".into(),
        issued_by: "secretary".into(),
        replaces: None,
    });
    let mut v = serde_json::to_value(&r).unwrap();
    let fields = v.as_object_mut().unwrap();
    fields.remove("narrative_ru");
    fields.remove("narrative_by_language");
    let payload = serde_json::to_string(&v).unwrap();
    conn.execute(
        "INSERT INTO report_draft(month, narrative, updated_at, updated_by)
             VALUES ('2026-10', ?1, '2026-11-02T09:00:00', 'secretary')",
        [KY],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO report(year, number, month, issued_at, issued_by, narrative, payload)
             VALUES (2026, 1, '2026-10', '2026-11-03T10:00:00', 'secretary', ?1, ?2)",
        [KY, payload.as_str()],
    )
    .unwrap();
}

#[test]
fn upgrading_keeps_the_issued_report_verifiable_and_the_audit_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    old_file(&path);
    let mut store = Store::open(&path).unwrap();
    let c = store.conn();
    assert_eq!(count(c, "PRAGMA user_version") as usize, MIGRATIONS.len());
    // The Kyrgyz narrative kept; the Russian one empty, never a copy.
    assert_eq!(
        store.report_narratives(oct()).unwrap(),
        (
            Narrative {
                ky: KY.into(),
                ru: String::new()
            },
            1
        )
    );
    let c = store.conn();
    assert_eq!(
        count(c, "SELECT count(*) FROM report WHERE narrative_ru = ''"),
        1
    );
    // No repair, one set of audit triggers per table (with the new column), the chain and
    // the old issued report verify.
    let sets = crate::store::old_files::assert_upgraded_without_repair(c);
    for table in ["report", "report_draft"] {
        assert!(sets.iter().any(|(t, n)| t == table && *n == 3), "{sets:?}");
    }
    assert_eq!(store.verify_audit().unwrap(), None);
    assert_eq!(store.verify_issued_report(1).unwrap(), None);
    assert!(store.check_trust().unwrap().is_empty());
    // Still frozen.
    assert!(
        c.execute("UPDATE report SET narrative_ru = 'x' WHERE id = 1", [])
            .is_err()
    );
    // Issued before the narrative had two languages: its one narrative (whose language is
    // not known: many wrote it in Russian) is what both papers print, as it was issued.
    let old = store.issued_report(1).unwrap();
    let frozen = crate::domain::report::read("payload", &old.payload).unwrap();
    assert!(!frozen.narrative_by_language);
    assert_eq!(frozen.narrative_in(true), KY);
    assert!(ReportPaper::load(&store, &frozen, Lang::Ru).is_ok());
    assert!(ReportPaper::load(&store, &frozen, Lang::Ky).is_ok());
    // A report issued from now on keeps its languages apart: with only the Kyrgyz text, its
    // Russian paper is refused.
    let mut split = frozen.clone();
    split.narrative_by_language = true;
    match ReportPaper::load(&store, &split, Lang::Ru) {
        Err(PaperError::Narrative(n)) => assert!(n.issued && n.russian),
        Err(e) => panic!("another error: {e}"),
        Ok(_) => panic!("a Russian paper without its narrative"),
    }
    // The Russian narrative written and a correction issued: it carries both, audited with
    // the new column, and verifies.
    let both = Narrative {
        ky: KY.into(),
        ru: "В октябре прошли два заседания.".into(),
    };
    store.save_report_narratives(oct(), &both, 1).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let fixed = store.issue_report(oct(), today, "secretary").unwrap();
    assert_eq!(fixed.replaces.as_deref(), Some("1/2026"));
    let new = crate::domain::report::read("payload", &fixed.payload).unwrap();
    assert_eq!(new.narrative_ru, both.ru);
    let c = store.conn();
    let logged: String = c
        .query_row(
            "SELECT new_values FROM audit_log WHERE entity = 'report' AND entity_id = ?1
              AND action = 'insert'",
            [fixed.id],
            |r| r.get(0),
        )
        .unwrap();
    assert!(logged.contains("\"narrative_ru\":\"В октябре"), "{logged}");
    assert_eq!(store.verify_issued_report(fixed.id).unwrap(), None);
    assert!(store.check_trust().unwrap().is_empty());
    assert!(ReportPaper::load(&store, &new, Lang::Ru).is_ok());
    // Opened again: nothing left to migrate or remake, nothing logged.
    let logged = count(store.conn(), "SELECT count(*) FROM audit_log");
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(
        count(store.conn(), "SELECT count(*) FROM audit_log"),
        logged
    );
    assert_eq!(store.verify_audit().unwrap(), None);
}

/// An export made before 0020 (no `narrative_ru` in its records) still imports; a new one
/// carries the Russian narrative across.
#[test]
fn exports_carry_the_russian_narrative_and_old_ones_still_import() {
    let mut a = Store::open_in_memory().unwrap();
    let both = Narrative {
        ky: KY.into(),
        ru: "В октябре прошли два заседания.".into(),
    };
    a.save_report_narratives(oct(), &both, 0).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    a.issue_report(oct(), today, "secretary").unwrap();
    let export = a.export().unwrap();
    let mut b = Store::open_in_memory().unwrap();
    b.import(&export, false).unwrap();
    assert_eq!(b.report_narratives(oct()).unwrap().0, both);
    let ru: String = b
        .conn()
        .query_row("SELECT narrative_ru FROM report", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ru, both.ru);
    // The same export as an older Shtab made it: without the column.
    let mut old = serde_json::to_value(&export).unwrap();
    for table in ["report", "report_draft"] {
        for rec in old["tables"][table].as_array_mut().unwrap() {
            rec.as_object_mut().unwrap().remove("narrative_ru");
        }
    }
    old["schema_version"] = serde_json::json!(ru_at());
    let old: crate::store::transfer::Export = serde_json::from_value(old).unwrap();
    let mut c = Store::open_in_memory().unwrap();
    c.import(&old, false).unwrap();
    assert_eq!(
        c.report_narratives(oct()).unwrap().0,
        Narrative {
            ky: KY.into(),
            ru: String::new()
        }
    );
}
