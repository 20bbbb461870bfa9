//! The trend on screen (issue 18): the Reports tab's chart of twelve months and the
//! Compliance tab's small bars and trend marks, on the demo database at a fixed today,
//! in Kyrgyz and Russian at 80×24 and 140×40.

use crate::common;

use common::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::Color;
use shtab::app::App;
use shtab::domain::OrgKind;
use shtab::domain::report::Month;
use shtab::domain::trend::{DEFAULT_MONTHS, Direction, overdue_direction};
use shtab::i18n::Lang;

const SIZES: [(u16, u16); 2] = [(80, 24), (140, 40)];

fn sized(lang: Lang, w: u16, h: u16) -> App {
    let mut app = demo_app(lang);
    app.resize(w, h);
    app
}

/// The Reports tab with its chart shown.
fn chart(lang: Lang, w: u16, h: u16) -> App {
    let mut app = sized(lang, w, h);
    chr(&mut app, '7');
    chr(&mut app, 'g');
    assert!(app.screens.reports.chart, "g shows the chart");
    app
}

/// The text drawn in the "chosen" style (black on cyan) below the tab bar: the chosen
/// month's name under its bars and its rate.
fn marked(app: &App, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| app.render(f)).unwrap();
    let buf = term.backend().buffer().clone();
    let mut out = String::new();
    for y in 2..buf.area.height {
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            if c.bg == Color::Cyan && c.fg == Color::Black {
                out.push_str(c.symbol());
            }
        }
        out.push(' ');
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first line of the body: the chart's title.
fn title(text: &str) -> &str {
    text.lines().nth(2).unwrap_or("")
}

#[test]
fn the_reports_chart_in_kyrgyz_and_russian() {
    for lang in [Lang::Ky, Lang::Ru] {
        let s = lang.strings();
        for (w, h) in SIZES {
            let app = chart(lang, w, h);
            let text = screen(&app, w, h);
            let head = title(&text);
            assert!(head.contains(s.all_kinds), "{head}");
            assert!(head.contains("ноябрь"), "{head}");
            // The legend whole, every month named, the rate under the chosen month.
            for name in s.trend.series {
                assert!(text.contains(name), "{name} missing in\n{text}");
            }
            for m in Month::new(2025, 12)
                .into_iter()
                .chain((1..=11).filter_map(|m| Month::new(2026, m)))
            {
                let short = s.trend.months_short[m.month as usize - 1];
                assert!(text.contains(short), "{short} missing in\n{text}");
            }
            assert!(
                text.contains("50%"),
                "November's rate: 5 of 10 on time\n{text}"
            );
            // The status line keeps the chart's key and help.
            let status = text.lines().last().unwrap_or("");
            assert!(status.contains("g/п") && status.contains("F1"), "{status}");
            insta::assert_snapshot!(format!("reports_chart_{}_{w}x{h}", lang.code()), text);
        }
    }
}

#[test]
fn the_chart_shows_the_months_of_the_report() {
    let app = chart(Lang::Ru, 140, 40);
    let trend = app
        .screens
        .reports
        .trend
        .as_ref()
        .expect("the trend is read");
    let nov = Month::new(2026, 11).unwrap();
    assert_eq!(trend.months.len(), DEFAULT_MONTHS);
    assert_eq!(trend.last().map(|m| m.month), Some(nov));
    let live = app
        .screens
        .reports
        .live
        .as_ref()
        .expect("the month's report");
    let t = trend.get(nov).unwrap().tasks(None);
    assert_eq!(
        t, live.figures.tasks,
        "the chart's month is the report's month"
    );
    let text = screen(&app, 140, 40);
    let line = format!(
        "ноябрь 2026: ■{} ■{} ■{} ■{}",
        t.given, t.done_on_time, t.done_late, t.overdue
    );
    assert!(text.contains(&line), "{line} missing in\n{text}");
}

#[test]
fn left_and_right_move_the_chosen_month() {
    let (w, h) = (80, 24);
    let mut app = chart(Lang::Ky, w, h);
    assert_eq!(marked(&app, w, h), "ноя 50%");
    press(&mut app, KeyCode::Left);
    assert_eq!(app.screens.reports.month, Month::new(2026, 10));
    let text = screen(&app, w, h);
    assert!(title(&text).contains("2026-жыл, октябрь"), "{text}");
    assert_eq!(marked(&app, w, h), "окт 82%");
    // The window moves with it: twelve months ending with October.
    let trend = app.screens.reports.trend.as_ref().unwrap();
    assert_eq!(trend.last().map(|m| m.month), Month::new(2026, 10));
    assert_eq!(trend.months.first().map(|m| m.month), Month::new(2025, 11));
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    // December has not begun: its place is empty, its name still marked.
    assert_eq!(app.screens.reports.month, Month::new(2026, 12));
    assert_eq!(marked(&app, w, h), "дек");
    assert!(screen(&app, w, h).contains("│2026-жыл, декабрь: —"));
    // ↑/↓ and Tab do not move an unseen register.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Down);
    assert_eq!(
        app.screens.reports.pane,
        shtab::screens::reports::Pane::Preview
    );
    chr(&mut app, 'п');
    assert!(
        !app.screens.reports.chart,
        "п (g's twin) goes back to the figures"
    );
}

#[test]
fn the_kind_key_cycles_and_the_title_names_the_kind() {
    for lang in [Lang::Ky, Lang::Ru] {
        let s = lang.strings();
        let (w, h) = (80, 24);
        let mut app = sized(lang, w, h);
        chr(&mut app, '7');
        // From the figures, the kind key opens the chart on the first kind.
        chr(&mut app, 'k');
        assert!(app.screens.reports.chart);
        for (i, kind) in OrgKind::ALL.iter().enumerate() {
            assert_eq!(app.screens.reports.chart_kind, Some(*kind));
            let text = screen(&app, w, h);
            assert!(title(&text).contains(s.kinds[i]), "{}", title(&text));
            chr(&mut app, if i % 2 == 0 { 'л' } else { 'k' });
        }
        assert_eq!(
            app.screens.reports.chart_kind, None,
            "after the last kind, all"
        );
        assert!(title(&screen(&app, w, h)).contains(s.all_kinds));
        // Help lists both keys with their ЙЦУКЕН twins, in the language of the screen.
        press(&mut app, KeyCode::F(1));
        let help = screen(&app, 100, 40);
        for needle in ["g, п", "k, л", s.trend.key_chart, s.trend.key_chart_kind] {
            assert!(help.contains(needle), "{needle} missing in\n{help}");
        }
    }
    // One kind's bars are that kind's figures.
    let mut app = chart(Lang::Ru, 140, 40);
    chr(&mut app, 'k');
    let t = app.screens.reports.trend.as_ref().unwrap();
    let nov = t.last().unwrap();
    let kind = nov.tasks(Some(OrgKind::ALL[0]));
    assert_ne!(kind, nov.tasks(None));
    let text = screen(&app, 140, 40);
    assert!(
        text.contains(&format!("■{} ■{}", kind.given, kind.done_on_time)),
        "{text}"
    );
}

#[test]
fn the_chart_never_panics_small() {
    let mut app = chart(Lang::Ky, 80, 24);
    for (w, h) in [
        (1, 1),
        (2, 3),
        (10, 5),
        (20, 8),
        (30, 10),
        (45, 12),
        (80, 9),
    ] {
        app.resize(w, h);
        let text = screen(&app, w, h);
        assert_eq!(text.lines().count(), h as usize);
    }
}

#[test]
fn the_compliance_marks_and_small_bars_in_kyrgyz_and_russian() {
    for lang in [Lang::Ky, Lang::Ru] {
        let s = lang.strings();
        for (w, h) in SIZES {
            let mut app = sized(lang, w, h);
            chr(&mut app, '4');
            let text = screen(&app, w, h);
            assert!(text.contains(s.trend.col_mark), "{text}");
            assert!(text.contains(s.trend.spark_overdue), "{text}");
            assert!(text.contains(s.trend.spark_rate), "{text}");
            insta::assert_snapshot!(format!("compliance_trend_{}_{w}x{h}", lang.code()), text);
        }
    }
}

#[test]
fn the_mark_says_the_store_s_direction() {
    let (w, h) = (140, 40);
    let mut app = sized(Lang::Ru, w, h);
    chr(&mut app, '4');
    let store = demo_store();
    let today = today();
    let mut seen = Vec::new();
    for _ in 0..app.screens.compliance.rows.len().min(12) {
        let m = app.screens.compliance.selected().unwrap().clone();
        let months = store
            .organization_trend(m.organization_id, Month::of(today), DEFAULT_MONTHS, today)
            .unwrap();
        let n = months.len();
        let d = overdue_direction(months[n - 4].overdue, months[n - 1].overdue);
        seen.push(d);
        let word = Lang::Ru.strings().trend.directions[d as usize];
        let line = format!(
            "{word}: {} → {} за 3 мес.",
            months[n - 4].overdue,
            months[n - 1].overdue
        );
        let text = screen(&app, w, h);
        assert!(text.contains(&line), "{line} missing in\n{text}");
        assert_eq!(
            months[n - 1].overdue,
            m.overdue_now,
            "the last month is today"
        );
        press(&mut app, KeyCode::Down);
    }
    assert!(seen.contains(&Direction::Worse) && seen.contains(&Direction::Same));
}

/// The README's capture is the screen as drawn today (a change of the chart shows there).
#[test]
fn the_readme_shows_the_chart_as_it_is() {
    let readme = include_str!("../../README.md");
    let section = readme.split("### Trend").nth(1).expect("a Trend section");
    let capture = section
        .split("```text\n")
        .nth(1)
        .and_then(|x| x.split("```").next())
        .expect("a capture");
    let app = chart(Lang::En, 80, 24);
    assert_eq!(capture, screen(&app, 80, 24));
}
