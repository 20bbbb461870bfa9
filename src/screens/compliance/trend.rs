//! The Compliance tab's trend (issue 18): each organization's twelve months as of today,
//! a mark in the list (better, the same or worse than three months before, by overdue) and
//! small bars in the detail (overdue at each month's end and the on-time rate).

use super::*;
use crate::domain::report::Month;
use crate::domain::trend::{Direction, OrgMonth, overdue_direction};

/// Eight heights of a small bar, lowest first.
const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/// A month with nothing to draw: no overdue task, or no task executed (no rate).
const NOTHING: char = '·';

impl Compliance {
    /// The months of an organization, oldest first (none when not read).
    pub fn trend_of(&self, organization_id: i64) -> &[OrgMonth] {
        self.trends
            .get(&organization_id)
            .map_or(&[], |v| v.as_slice())
    }
}

/// The latest month's overdue against the one three months before; `None` with fewer
/// than four months.
pub fn direction(months: &[OrgMonth]) -> Option<Direction> {
    let n = months.len();
    (n >= 4).then(|| overdue_direction(months[n - 4].overdue, months[n - 1].overdue))
}

/// The mark of a direction: fewer overdue (↓) is better.
pub fn mark(d: Direction) -> (&'static str, Style) {
    match d {
        Direction::Better => ("↓", theme::good()),
        Direction::Same => ("=", theme::muted()),
        Direction::Worse => ("↑", theme::alarm()),
    }
}

/// The list's cell: the mark, right-aligned under its head.
pub fn mark_cell(months: &[OrgMonth]) -> Cell<'static> {
    let (text, style) = direction(months).map_or(("", Style::default()), mark);
    Cell::from(Line::from(Span::styled(text, style)).alignment(ratatui::layout::Alignment::Right))
}

/// Small bars of `values` scaled to `max`: `None` is a dot, zero is `zero`, anything above
/// zero at least the lowest bar.
pub fn spark(values: &[Option<i64>], max: i64, zero: char) -> String {
    values
        .iter()
        .map(|v| match v {
            Some(v) if *v > 0 && max > 0 => {
                let level = (v.min(&max) * 8 + max - 1) / max;
                LEVELS[(level.clamp(1, 8) - 1) as usize]
            }
            Some(_) => zero,
            None => NOTHING,
        })
        .collect()
}

fn short_month(s: &Strings, m: Month) -> String {
    format!("{} {}", s.trend.months_short[m.month as usize - 1], m.year)
}

/// The detail's lines: the months covered (when `roomy`), overdue and on-time rate as small
/// bars with the latest figures, and the mark explained.
pub fn detail_lines(s: &Strings, months: &[OrgMonth], roomy: bool) -> Vec<Line<'static>> {
    let t = s.trend;
    let (Some(first), Some(last)) = (months.first(), months.last()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if roomy {
        out.push(Line::from(Span::styled(
            t.spark_head.fill([
                &months.len(),
                &short_month(s, first.month),
                &short_month(s, last.month),
            ]),
            theme::muted(),
        )));
    }
    let overdue: Vec<Option<i64>> = months.iter().map(|m| Some(m.overdue)).collect();
    let max = months.iter().map(|m| m.overdue).max().unwrap_or(0);
    out.push(Line::from(vec![
        Span::styled(spark(&overdue, max, NOTHING), theme::alarm()),
        Span::raw(format!(" {} {}", last.overdue, t.spark_overdue)),
    ]));
    let rates: Vec<Option<i64>> = months
        .iter()
        .map(|m| m.on_time_rate().map(i64::from))
        .collect();
    let rate = last
        .on_time_rate()
        .map_or(t.no_rate.to_string(), |r| format!("{r} %"));
    // Rates are drawn against 100 %, so 0 % is the lowest bar and "no rate" a dot.
    out.push(Line::from(vec![
        Span::styled(spark(&rates, 100, LEVELS[0]), theme::good()),
        Span::raw(format!(" {rate} {}", t.spark_rate)),
    ]));
    if let Some(d) = direction(months) {
        let (m, style) = mark(d);
        let before = months[months.len() - 4].overdue;
        out.push(Line::from(Span::styled(
            t.direction_line
                .fill([&m, &t.directions[d as usize], &last.overdue, &before]),
            style,
        )));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn months(overdue: &[i64]) -> Vec<OrgMonth> {
        let mut m = Month::new(2026, 1).unwrap();
        overdue
            .iter()
            .map(|o| {
                let x = OrgMonth {
                    overdue: *o,
                    ..OrgMonth::empty(m)
                };
                m = m.next();
                x
            })
            .collect()
    }

    #[test]
    fn the_mark_compares_with_three_months_before() {
        assert_eq!(direction(&months(&[5, 9, 9, 3])), Some(Direction::Better));
        assert_eq!(direction(&months(&[1, 5, 5, 2, 5])), Some(Direction::Same));
        assert_eq!(direction(&months(&[0, 0, 0, 1])), Some(Direction::Worse));
        assert_eq!(
            direction(&months(&[0, 0, 1])),
            None,
            "three months are not enough"
        );
    }

    #[test]
    fn small_bars_scale_to_the_top_and_dot_the_empty() {
        assert_eq!(
            spark(&[Some(0), Some(1), Some(4), Some(8)], 8, NOTHING),
            "·▁▄█"
        );
        assert_eq!(
            spark(&[None, Some(0), Some(50), Some(100)], 100, '▁'),
            "·▁▄█"
        );
        // One overdue of many is still seen; zero overdue is a dot whatever the top.
        assert_eq!(spark(&[Some(1), Some(100), Some(0)], 100, NOTHING), "▁█·");
        assert_eq!(spark(&[Some(3)], 0, NOTHING), "·");
    }
}
