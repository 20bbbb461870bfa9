//! The Reports tab's chart (issue 18): the twelve months ending with the chosen one, a group
//! of bars per month (given, on time, late, overdue at the month's end) and the on-time rate
//! under each; overall or for one kind of organization.

use super::*;
use crate::domain::OrgKind;
use crate::domain::report::TaskFigures;
use crate::domain::trend::{DEFAULT_MONTHS, Trend, on_time_rate};
use crate::widgets::look::elide;
use ratatui::widgets::{Bar, BarChart, BarGroup};
use unicode_width::UnicodeWidthStr;

/// Bar width and gap between months, widest first; the bars of a month touch.
const GEOMETRIES: [(u16, u16); 5] = [(3, 3), (2, 2), (2, 1), (1, 2), (1, 1)];

/// How the months are drawn in `width` cells: (bar width, gap between months, months shown).
/// All twelve when they fit, else as many of the latest as fit one cell a bar; `None` when
/// not even one does.
pub fn geometry(width: u16, months: usize) -> Option<(u16, u16, usize)> {
    let need =
        |bar: u16, gap: u16, n: usize| n * 4 * bar as usize + n.saturating_sub(1) * gap as usize;
    if let Some(&(bar, gap)) = GEOMETRIES
        .iter()
        .find(|(bar, gap)| need(*bar, *gap, months) <= width as usize)
    {
        return Some((bar, gap, months));
    }
    let n = (width as usize + 1) / 5;
    (n > 0).then_some((1, 1, n.min(months)))
}

/// The four series of a month, in the order of its bars.
fn series(t: &TaskFigures) -> [i64; 4] {
    [t.given, t.done_on_time, t.done_late, t.overdue]
}

fn series_styles() -> [Style; 4] {
    [
        theme::accent(),
        theme::good(),
        theme::warn(),
        theme::alarm(),
    ]
}

/// The next kind the chart shows: all → each kind → all.
pub fn next_kind(kind: Option<OrgKind>) -> Option<OrgKind> {
    match kind {
        None => OrgKind::ALL.first().copied(),
        Some(k) => OrgKind::ALL.get(k.index() + 1).copied(),
    }
}

impl Reports {
    /// The months of the chart, read off the event loop when the chart is shown or its
    /// month changes ([`Self::take_trend`] shows them). While the chosen month's figures
    /// are still awaited they are asked again instead: the worker runs only a tab's newest
    /// job, and their arrival asks for the trend.
    pub(crate) fn load_trend(&mut self, cx: &mut Ctx) {
        if !self.chart {
            return;
        }
        let month = self.month.unwrap_or_else(|| default_month(cx.today));
        if !self.live_is_of(month) {
            return self.refresh_reports_later(cx);
        }
        let today = cx.today;
        cx.compute(move |store| {
            let t = store.trend(month, DEFAULT_MONTHS, today);
            (month, ReportFigures::Trend(t))
        });
    }

    /// The trend that came back for the month chosen.
    pub(super) fn take_trend(&mut self, cx: &mut Ctx, result: crate::store::Result<Trend>) {
        match result {
            Ok(t) => self.trend = Some(t),
            Err(e) => {
                self.trend = None;
                cx.store_error(e)
            }
        }
    }

    pub(crate) fn toggle_chart(&mut self, cx: &mut Ctx) {
        self.chart = !self.chart;
        // The chart is of the month's draft: the register's choice would not show.
        self.pane = Pane::Preview;
        self.scroll = 0;
        self.load_trend(cx);
    }

    /// Cycle the kind of organization; from the figures it opens the chart.
    pub(crate) fn cycle_chart_kind(&mut self, cx: &mut Ctx) {
        self.chart_kind = next_kind(self.chart_kind);
        if !self.chart {
            self.toggle_chart(cx);
        }
    }
}

/// "k/л kind of organization": the key that cycles the kind, from the keymap's table.
fn kind_hint(s: &Strings) -> String {
    crate::keymap::REPORTS
        .iter()
        .find(|b| b.action == Action::CycleKind)
        .map(|b| format!(" {} {} ", crate::keymap::short_label(b), (b.desc)(s)))
        .unwrap_or_default()
}

pub fn render_chart(frame: &mut Frame, body: Rect, s: &Strings, st: &Reports, today: NaiveDate) {
    let t = s.trend;
    let month = st.month.unwrap_or_else(|| default_month(today));
    let kind = st.chart_kind.map_or(s.all_kinds, |k| s.kinds[k.index()]);
    let title = format!(
        " ◀ {} ▶ · {} · {kind} ",
        paper::month_label(&month.to_string(), s),
        t.chart_title.fill([&DEFAULT_MONTHS])
    );
    let block = pane_block(title, true).title_bottom(kind_hint(s));
    let inner = block.inner(body);
    frame.render_widget(block, body);
    let empty = Trend { months: Vec::new() };
    let trend = st.trend.as_ref().unwrap_or(&empty);
    // The y axis: the tallest figure's digits and a space.
    let all: Vec<[i64; 4]> = Trend::span(month, DEFAULT_MONTHS)
        .into_iter()
        .map(|m| {
            trend
                .get(m)
                .map_or([0; 4], |x| series(&x.tasks(st.chart_kind)))
        })
        .collect();
    let max = all.iter().flatten().copied().max().unwrap_or(0).max(1);
    let axis = max.to_string().width() as u16 + 1;
    let geo = geometry(inner.width.saturating_sub(axis), DEFAULT_MONTHS);
    let Some((bar, gap, shown)) = geo.filter(|_| inner.height >= 6) else {
        frame.render_widget(
            Paragraph::new(elide(t.too_small, inner.width as usize)).style(theme::muted()),
            inner,
        );
        return;
    };
    let months = Trend::span(month, shown);
    let values = &all[all.len() - shown..];
    let group_w = 4 * bar;
    let chart_w = shown as u16 * group_w + (shown as u16 - 1) * gap;
    let left = inner.x + inner.width.saturating_sub(axis + chart_w) / 2;
    let [legend, bars_area, rates, chosen] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);

    let styles = series_styles();
    frame.render_widget(Paragraph::new(legend_line(s, legend.width)), legend);

    // The bars; the chosen month's name is marked.
    let groups: Vec<BarGroup> = months
        .iter()
        .zip(values)
        .map(|(m, v)| {
            let bars: Vec<Bar> = v
                .iter()
                .zip(styles)
                .map(|(n, style)| Bar::new((*n).max(0) as u64).style(style).text_value(""))
                .collect();
            let name = t.months_short[m.month as usize - 1];
            let label = if *m == month {
                Line::from(Span::styled(name, theme::chosen()))
            } else {
                Line::from(name)
            };
            BarGroup::default().label(label.centered()).bars(&bars)
        })
        .collect();
    let mut chart = BarChart::default()
        .bar_width(bar)
        .bar_gap(0)
        .group_gap(gap)
        .max(max as u64);
    for g in groups {
        chart = chart.data(g);
    }
    let plot = Rect {
        x: left + axis,
        width: chart_w.min(inner.right().saturating_sub(left + axis)),
        ..bars_area
    };
    frame.render_widget(chart, plot);
    let axis_area = |y: u16| Rect {
        x: left,
        y,
        width: axis.saturating_sub(1),
        height: 1,
    };
    let bars_bottom = bars_area.bottom().saturating_sub(2);
    frame.render_widget(
        Paragraph::new(max.to_string())
            .style(theme::muted())
            .right_aligned(),
        axis_area(bars_area.y),
    );
    if bars_bottom > bars_area.y {
        frame.render_widget(
            Paragraph::new("0").style(theme::muted()).right_aligned(),
            axis_area(bars_bottom),
        );
    }

    // The on-time rate under each month.
    frame.render_widget(
        Paragraph::new("%").style(theme::muted()).right_aligned(),
        axis_area(rates.y),
    );
    for (i, m) in months.iter().enumerate() {
        let x = plot.x + i as u16 * (group_w + gap);
        let Some(tm) = trend.get(*m) else { continue };
        let text = on_time_rate(&tm.tasks(st.chart_kind))
            .map_or(t.no_rate.to_string(), |r| format!("{r}%"));
        let area = Rect {
            x,
            y: rates.y,
            width: group_w.min(inner.right().saturating_sub(x)),
            height: 1,
        };
        let style = if *m == month {
            theme::chosen()
        } else {
            Style::default()
        };
        frame.render_widget(Paragraph::new(text).style(style).centered(), area);
    }

    let f = trend.get(month).map(|m| m.tasks(st.chart_kind));
    frame.render_widget(Paragraph::new(chosen_line(s, month, f)), chosen);
}

/// The series' names by their colours, with what the numbers under the bars are when it
/// fits `width`.
fn legend_line(s: &Strings, width: u16) -> Line<'static> {
    let t = s.trend;
    let mut spans: Vec<Span> = Vec::new();
    for (i, (name, style)) in t.series.iter().zip(series_styles()).enumerate() {
        if i > 0 {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled("■ ", style));
        spans.push(Span::raw(*name));
    }
    let used: usize = spans.iter().map(|x| x.content.width()).sum();
    if used + 4 + t.rate_legend.width() <= width as usize {
        spans.push(Span::styled(
            format!("  · {}", t.rate_legend),
            theme::muted(),
        ));
    }
    Line::from(spans)
}

/// The chosen month's figures in numbers, each after its colour (a month not begun: "—").
fn chosen_line(s: &Strings, month: Month, f: Option<TaskFigures>) -> Line<'static> {
    let t = s.trend;
    let mut spans = vec![Span::styled(
        format!("{}: ", paper::month_label(&month.to_string(), s)),
        Style::default().add_modifier(Modifier::BOLD),
    )];
    let Some(f) = f else {
        spans.push(Span::raw(t.no_rate));
        return Line::from(spans);
    };
    for (n, style) in series(&f).iter().zip(series_styles()) {
        spans.push(Span::styled("■", style));
        spans.push(Span::raw(format!("{n} ")));
    }
    let rate = on_time_rate(&f).map_or(t.no_rate.to_string(), |r| format!("{r} %"));
    spans.push(Span::raw(format!("· {}", t.rate_of.fill([&rate]))));
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_widest_bars_that_fit_then_the_latest_months() {
        // 80 columns less borders and the axis: one-cell bars, two cells between months.
        assert_eq!(geometry(75, 12), Some((1, 2, 12)));
        assert_eq!(geometry(59, 12), Some((1, 1, 12)));
        assert_eq!(geometry(130, 12), Some((2, 2, 12)));
        assert_eq!(geometry(177, 12), Some((3, 3, 12)));
        // Narrower: as many of the latest months as fit, none below one.
        assert_eq!(geometry(58, 12), Some((1, 1, 11)));
        assert_eq!(geometry(9, 12), Some((1, 1, 2)));
        assert_eq!(geometry(4, 12), Some((1, 1, 1)));
        assert_eq!(geometry(3, 12), None);
        assert_eq!(geometry(0, 12), None);
    }

    #[test]
    fn the_kind_cycles_through_every_kind_and_back_to_all() {
        let mut k = None;
        let mut seen = Vec::new();
        for _ in 0..=OrgKind::ALL.len() {
            k = next_kind(k);
            seen.push(k);
        }
        assert_eq!(seen.last(), Some(&None));
        assert_eq!(seen.len(), OrgKind::ALL.len() + 1);
        for (i, kind) in OrgKind::ALL.iter().enumerate() {
            assert_eq!(seen[i], Some(*kind));
        }
    }
}
