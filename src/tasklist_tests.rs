//! The `shtab tasks` tables and files read back.

use super::*;

// The table made from the full rows, as `shtab tasks` wrote it before `table_listed`: the
// oracle its output is held equal to.

/// Where a task comes from, as a key for its label: many tasks share a protocol's point
/// or a plan measure, so each label is written once.
fn origin_key(o: &Origin) -> (u8, i64) {
    match o {
        Origin::Protocol { decision_id, .. } => (1, *decision_id),
        Origin::Measure { measure_id, .. } => (2, *measure_id),
        Origin::None => (0, 0),
    }
}

/// The table's cells of a row: number, origin, executor, deadline, days left, state, text.
/// `labels` holds the origins' labels by [`origin_key`].
fn table_cells<'a>(
    r: &'a TaskRow,
    labels: &'a HashMap<(u8, i64), String>,
    today: NaiveDate,
    lang: Lang,
) -> [(Cow<'a, str>, usize); 7] {
    let origin = match labels.get(&origin_key(&r.origin)) {
        Some(l) => Cow::Borrowed(l.as_str()),
        None => Cow::Owned(origin_label(&r.origin, lang.strings().tasks)),
    };
    [
        table_cell(Cow::Owned(r.id.to_string())),
        table_cell(origin),
        table_cell(Cow::Borrowed(org_name(&r.executor, lang))),
        table_cell(Cow::Owned(day_text(r.deadline))),
        table_cell(Cow::Owned(
            days_left(r.status, r.deadline, today).map_or(String::new(), |d| d.to_string()),
        )),
        table_cell(Cow::Borrowed(state_word(r, today, lang))),
        table_cell(Cow::Borrowed(&r.text)),
    ]
}

/// The list as aligned columns from the full rows: the listing's test oracle
/// ([`table_listed`] writes the same bytes from the seven columns it reads).
fn table(rows: &[TaskRow], today: NaiveDate, lang: Lang) -> String {
    const COLS: [usize; 7] = [0, 1, 3, 5, 6, 7, 2];
    let h = head(lang);
    let head: [(Cow<str>, usize); 7] = COLS.map(|c| table_cell(Cow::Owned(h[c].to_uppercase())));
    let mut labels: HashMap<(u8, i64), String> = HashMap::new();
    for r in rows {
        labels
            .entry(origin_key(&r.origin))
            .or_insert_with(|| origin_label(&r.origin, lang.strings().tasks));
    }
    let body: Vec<[(Cow<str>, usize); 7]> = rows
        .iter()
        .map(|r| table_cells(r, &labels, today, lang))
        .collect();
    let mut widths = [0usize; 7];
    for l in std::iter::once(&head).chain(&body) {
        for (w, (_, cw)) in widths.iter_mut().zip(l) {
            *w = (*w).max(*cw);
        }
    }
    let bytes: usize = body.iter().flatten().map(|(t, _)| t.len() + 2).sum();
    let mut out = String::with_capacity(bytes + widths.iter().sum::<usize>() * (rows.len() + 1));
    let pad = |out: &mut String, n: usize| out.extend(std::iter::repeat_n(' ', n));
    for l in std::iter::once(&head).chain(&body) {
        let start = out.len();
        for (i, (cell, cw)) in l.iter().enumerate() {
            if i > 0 {
                out.push_str("  ");
            }
            let gap = widths[i] - cw;
            if i == 0 || i == 4 {
                pad(&mut out, gap);
                out.push_str(cell);
            } else {
                out.push_str(cell);
                if i + 1 < l.len() {
                    pad(&mut out, gap);
                }
            }
        }
        let kept = out[start..].trim_end().len();
        out.truncate(start + kept);
        out.push('\n');
    }
    out
}

fn row() -> serde_json::Value {
    serde_json::json!({
        "organization_id": 7,
        "organization": "Токмок шаардык жаштар борбору",
        "organization_ru": "Токмокское городское отделение Красного Полумесяца Кыргызстана",
        "kind": "municipal",
        "assigned": 8, "done_on_time": 0, "done_late": 1, "cancelled": 0, "open": 7,
        "overdue_now": 3, "extensions": 0, "on_time_percent": null,
        "oldest_overdue_days": 185, "overdue_months_of_last_6": 4, "repeat_failure": true,
        "stage": "hearing", "stage_date": "2026-10-22", "next_step": "administrative_liability"
    })
}

#[test]
fn the_compliance_table_speaks_the_language_and_keeps_names_whole_or_elided() {
    let ru = compliance_table(&[row()], Lang::Ru);
    let lines: Vec<&str> = ru.lines().collect();
    assert!(lines[0].starts_with("Организация"), "{ru}");
    assert!(lines[0].contains("Просрочено"), "{ru}");
    assert!(
        lines[1].starts_with("Токмокское городское отделение Красного…"),
        "{ru}"
    );
    assert!(
        !ru.contains("hearing") && !ru.contains("administrative"),
        "{ru}"
    );
    assert!(ru.contains('–'), "an empty rate shows a dash: {ru}");
    let ky = compliance_table(&[row()], Lang::Ky);
    assert!(ky.lines().next().unwrap().starts_with("Уюм"), "{ky}");
    assert!(ky.contains("Токмок шаардык жаштар борбору "), "{ky}");
    // Every line's numbers end at the same column as their header.
    use unicode_width::UnicodeWidthStr;
    let end = |l: &str, word: &str| l.find(word).map(|i| l[..i + word.len()].width());
    assert_eq!(end(lines[0], "Дано"), end(lines[1], " 8"), "{ru}");
}

/// The table's shortcuts agree with the library they stand in for.
#[test]
fn the_table_widths_and_dates_agree_with_the_general_ones() {
    use unicode_width::UnicodeWidthStr;
    for c in (0x20u32..0x700).filter_map(char::from_u32) {
        let text = format!("№{c}ө");
        if crate::domain::text::is_clean(&text) {
            assert_eq!(width(&text), text.width(), "{:X}", c as u32);
            assert_eq!(table_cell(Cow::Borrowed(&text)).1, text.width());
        }
        if let Some(w) = plain_width(&text) {
            assert!(crate::domain::text::is_clean(&text), "{:X}", c as u32);
            assert_eq!(w, text.width(), "{:X}", c as u32);
        }
    }
    for (y, m, d) in [
        (2026, 1, 9),
        (2026, 12, 31),
        (999, 2, 28),
        (10021, 3, 4),
        (-5, 1, 1),
    ] {
        let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(day_text(day), date::format(day));
        let mut pushed = String::from("x");
        push_day(&mut pushed, day);
        assert_eq!(pushed, format!("x{}", date::format(day)));
        assert_eq!(day_width(day), day_text(day).len());
    }
    // An unclean cell is cleaned, a clean one borrowed.
    let (t, w) = table_cell(Cow::Borrowed("a\u{1b}[2Jб"));
    assert_eq!((t.as_ref(), w), ("a\u{FFFD}[2Jб", 6));
    assert!(matches!(
        table_cell(Cow::Borrowed("Өрнөк")),
        (Cow::Borrowed(_), 5)
    ));
}

/// The table written from a [`crate::store::Listed`] in two passes is the table of
/// the full rows, byte for byte: for many queries, both orders, both languages, texts
/// that need cleaning or are wider than their characters, and an empty result.
#[test]
fn the_listed_table_is_the_table_of_the_full_rows() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let mut store = crate::store::Store::open_in_memory().unwrap();
    let options = crate::demo::DemoOptions {
        tasks: 1_200,
        seed: 7,
        today,
    };
    crate::demo::generate(&mut store, &options).unwrap();
    let cx = QueryContext { today, me: None };
    let any = store.tasks_all(&parse("").unwrap(), &cx).unwrap();
    let executor_id = any[0].executor.id;
    for text in [
        "a\u{1b}[2Jб табылга",
        "«Табылга» — тирешке, 中文 табылга",
        "\u{202e}табылга\u{202c} кеп\u{a0}табылга",
    ] {
        let task = crate::store::NewTask {
            text: text.into(),
            executor_id,
            deadline: today - chrono::Duration::days(3),
            controller_id: None,
        };
        store.add_task(&task).unwrap();
    }
    let mut wide = false;
    for text in [
        "",
        "табылга",
        "status:open",
        "status:done sort:-deadline",
        "sort:number интернет",
        "sort:-number мектеп",
        "org:мектеп status:overdue",
        "жокбуларсөз",
    ] {
        let q = parse(text).unwrap();
        let rows = store.tasks_all(&q, &cx).unwrap();
        let listed = store.tasks_listed(&q, &cx).unwrap();
        assert_eq!(rows.len(), listed.rows.len(), "{text}");
        for lang in [Lang::Ky, Lang::Ru] {
            let old = table(&rows, today, lang);
            let mut new = Vec::new();
            table_listed(&listed, today, lang, &mut new).unwrap();
            assert_eq!(String::from_utf8(new).unwrap(), old, "{text} {lang:?}");
            wide |= old.len() > 1 << 16;
        }
        if text == "табылга" {
            assert_eq!(rows.len(), 3, "the added tasks are found");
            let t = table(&rows, today, Lang::Ru);
            assert!(t.contains('\u{FFFD}') && t.contains("中文"), "{t}");
        }
    }
    assert!(wide, "some table spans more than one write");
}
