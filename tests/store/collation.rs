//! The Kyrgyz alphabet order (the `ky` collation) and search folding through the store.

use crate::store::{all_orgs, find, mem, names, org};
use proptest::prelude::*;
use shtab::domain::text::ky_cmp;
use shtab::domain::{OrgKind, Organization};
use shtab::store::{OrgFilter, Store};
use std::cmp::Ordering;

// ------------------------------------------------------------ 5. ky collation

/// Kyrgyz alphabet order, including cases plain code-point order gets wrong.
const KY_SORTED: &[&str] = &[
    "Tokmok Online",
    "абай атындагы мектеп",
    "Абдыкадыров ишканасы",
    "Ешим",
    "Ёлочка балдар бакчасы",
    "Жанар",
    "Жаңы-Жол АКӨБ",
    "Жаоо",
    "Нарын көчөсү",
    "Ңоо ишкана",
    "ОРДО кооперативи",
    "Орус-Кыргыз колледжи",
    "Өрнөк мектеби",
    "өрүк ТСЖ",
    "Пайыз банкы",
    "Улан үй башкармалыгы",
    "Үмүт ТЖМЭШ",
    "Фабрика",
    "Школа №5",
    "Школа №12",
    "Щукин и партнёры",
    "Юридическая консультация",
    "Яблонька",
];

#[test]
fn organizations_come_in_kyrgyz_alphabet_order() {
    let mut store = mem();
    // Insert in a scrambled order (reverse, then every other).
    let mut scrambled: Vec<&str> = KY_SORTED.iter().rev().step_by(2).copied().collect();
    scrambled.extend(KY_SORTED.iter().rev().skip(1).step_by(2));
    assert_eq!(scrambled.len(), KY_SORTED.len());
    for n in &scrambled {
        org(&mut store, n);
    }
    assert_eq!(names(&all_orgs(&store)), KY_SORTED);
    // Not what code-point order would give.
    let mut by_code_point = KY_SORTED.to_vec();
    by_code_point.sort();
    assert_ne!(by_code_point, KY_SORTED);
}

#[test]
fn sql_collate_ky_on_raw_strings() {
    let store = mem();
    let values: Vec<String> = KY_SORTED.iter().rev().map(|s| format!("('{s}')")).collect();
    let sql = format!(
        "SELECT x FROM (SELECT column1 AS x FROM (VALUES {})) ORDER BY x COLLATE ky",
        values.join(", ")
    );
    let mut st = store.conn().prepare(&sql).unwrap();
    let got: Vec<String> = st
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(got, KY_SORTED);

    let lt = |a: &str, b: &str| -> bool {
        store
            .conn()
            .query_row("SELECT ?1 < ?2 COLLATE ky", [a, b], |r| r.get(0))
            .unwrap()
    };
    for (a, b) in [
        ("Нарын", "Ңоо"),
        ("Ңоо", "Ордо"),
        ("Ордо", "Өрнөк"),
        ("Өрнөк", "Пайыз"),
        ("Улан", "Үмүт"),
        ("Үмүт", "Фабрика"),
        ("Ешим", "Ёлка"),
        ("Ёлка", "Жаңы"),
        ("абай", "Абдыкадыр"),
    ] {
        assert!(lt(a, b), "{a} < {b}");
        assert!(!lt(b, a), "not {b} < {a}");
    }
}

#[test]
fn collate_ky_survives_invalid_utf8_and_empty_text() {
    let store = mem();
    let mut st = store
        .conn()
        .prepare(
            "WITH t(x) AS (VALUES (CAST(x'ff' AS TEXT)), ('а'), (''), (CAST(x'c3' AS TEXT)),
                                  (CAST(x'd2a3ff' AS TEXT)), ('Ң'), (NULL))
             SELECT CASE WHEN x IS NULL THEN NULL ELSE hex(x) END FROM t ORDER BY x COLLATE ky",
        )
        .unwrap();
    let got: Vec<Option<String>> = st
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(got.len(), 7);
    assert_eq!(got[0], None, "NULL first");
    assert_eq!(got[1].as_deref(), Some(""), "then the empty text");
    let pos = |h: &str| got.iter().position(|g| g.as_deref() == Some(h)).unwrap();
    assert!(pos("D0B0") < pos("D2A2"), "а before Ң");
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        // Kyrgyz/Russian letters, digits, signs, combining marks, odd code points.
        "[аәбвгғдеёжзийкқлмнңоөпрстуүфхһцчшщъыіьэюяАБВЁҢӨҮЯa-zA-Z0-9 №.,\\-_%İıß\u{301}\u{0}\u{fffd}\u{10ffff}\u{e000}]{0,12}",
        Just(String::new()),
    ]
}

proptest! {
    #[test]
    fn ky_cmp_is_a_total_order(a in any_text(), b in any_text(), c in any_text()) {
        // Reflexive and antisymmetric; equal only for the same string.
        prop_assert_eq!(ky_cmp(&a, &a), Ordering::Equal);
        prop_assert_eq!(ky_cmp(&a, &b), ky_cmp(&b, &a).reverse());
        prop_assert_eq!(ky_cmp(&a, &b) == Ordering::Equal, a == b);
        // Transitive.
        if ky_cmp(&a, &b) != Ordering::Greater && ky_cmp(&b, &c) != Ordering::Greater {
            prop_assert_ne!(ky_cmp(&a, &c), Ordering::Greater);
        }
    }

    #[test]
    fn sorting_by_ky_cmp_is_consistent(mut v in proptest::collection::vec(any_text(), 0..12)) {
        v.sort_by(|a, b| ky_cmp(a, b));
        for i in 0..v.len() {
            for j in i + 1..v.len() {
                prop_assert_ne!(ky_cmp(&v[i], &v[j]), Ordering::Greater);
            }
        }
        // Sorting is independent of the starting order.
        let mut w = v.clone();
        w.reverse();
        w.sort_by(|a, b| ky_cmp(a, b));
        prop_assert_eq!(&v, &w);
    }

    #[test]
    fn sqlite_collate_ky_agrees_with_ky_cmp(a in any_text(), b in any_text()) {
        let store = Store::open_in_memory().unwrap();
        // NUL ends a C string; SQLite keeps it in bound text though, so use it as is.
        let sql_says: i64 = store
            .conn()
            .query_row("SELECT CASE WHEN ?1 < ?2 COLLATE ky THEN -1 WHEN ?1 = ?2 COLLATE ky THEN 0 ELSE 1 END",
                       [&a, &b], |r| r.get(0))
            .unwrap();
        let rust_says = ky_cmp(&a, &b) as i64;
        prop_assert_eq!(sql_says, rust_says);
    }
}

// ------------------------------------------------------------ 6. search folding

#[test]
fn search_folds_cyrillic_case() {
    let mut store = mem();
    org(&mut store, "ӨРНӨК мектеби");
    org(&mut store, "Орнок ишкана");
    let id = org(&mut store, "Ёлочка");
    assert_eq!(find(&store, "өрнөк"), vec!["ӨРНӨК мектеби"]);
    assert_eq!(find(&store, "ӨРНӨК"), vec!["ӨРНӨК мектеби"]);
    assert_eq!(find(&store, "Мектеби өрн"), vec!["ӨРНӨК мектеби"]);
    assert_eq!(find(&store, "ЕЛОЧКА"), vec!["Ёлочка"], "ё is folded to е");
    assert_eq!(find(&store, "  "), names(&all_orgs(&store)));
    assert!(
        find(&store, "өрнөк гимназия").is_empty(),
        "every word must match"
    );

    // The folded text follows an edit.
    let mut o = store.organization(id).unwrap();
    o.name_ky = "Үмүт".into();
    store.save_organization(&o).unwrap();
    assert_eq!(find(&store, "ҮМҮТ"), vec!["Үмүт"]);
    assert!(find(&store, "елочка").is_empty());
}

#[test]
fn wildcards_typed_by_a_user_are_literal() {
    let mut store = mem();
    for n in ["100% охват", "1000 охват", "A_B", "AXB", "C\\D", "CD"] {
        org(&mut store, n);
    }
    assert_eq!(find(&store, "%"), vec!["100% охват"]);
    assert_eq!(find(&store, "100%"), vec!["100% охват"]);
    assert_eq!(find(&store, "_"), vec!["A_B"]);
    assert_eq!(find(&store, "a_b"), vec!["A_B"]);
    assert_eq!(find(&store, "\\"), vec!["C\\D"]);
    assert_eq!(find(&store, "c\\d"), vec!["C\\D"]);
}

#[test]
fn filters_by_kind_and_activity() {
    let mut store = mem();
    let school = org(&mut store, "Мектеп");
    store
        .save_organization(&Organization::new("ТСЖ Береке", OrgKind::Hoa))
        .unwrap();
    store.set_organization_active(school, 1, false).unwrap();
    let active = store.organizations(&OrgFilter::default()).unwrap();
    assert_eq!(names(&active), vec!["ТСЖ Береке"]);
    let schools = store
        .organizations(&OrgFilter {
            kind: Some(OrgKind::School),
            include_inactive: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(names(&schools), vec!["Мектеп"]);
    assert!(!schools[0].active);
}
