//! Loading the tree and the links of the selected measure, and moving about them.

use crate::domain::plan::{self, Measure, MeasureStatus, TreeRow};
use crate::i18n::Lang;
use crate::screens::component::Ctx;
use crate::store::MeasureLinks;
use crate::widgets::list::Cursor;
use ratatui::layout::Rect;

use super::{Areas, Pane, Plan, areas, list_rows, rows_in};

/// What the tab reads: the measures and, by measure, the tasks linked to them.
pub(crate) type PlanFigures = crate::store::Result<(
    Vec<Measure>,
    std::collections::HashMap<i64, Vec<plan::TaskLink>>,
)>;

fn fetch_plan(store: &crate::store::Store, ru: bool) -> PlanFigures {
    Ok((store.measures()?, store.plan_task_links(ru)?))
}

impl Plan {
    pub(super) fn plan_areas(&self, cx: &Ctx) -> Areas {
        areas(cx.body)
    }

    pub(crate) fn refresh_plan(&mut self, cx: &mut Ctx) {
        let figures = fetch_plan(cx.store, cx.lang == Lang::Ru);
        self.show_plan(cx, figures);
    }

    /// As [`Self::refresh_plan`], the tasks' links read off the event loop (a tab's visit:
    /// every linked task is read).
    pub(crate) fn refresh_plan_later(&mut self, cx: &mut Ctx) {
        let ru = cx.lang == Lang::Ru;
        cx.compute(move |store| fetch_plan(store, ru));
    }

    /// The measures and their tasks' links are in: the tree, statuses and risks from them.
    pub(crate) fn show_plan(&mut self, cx: &mut Ctx, figures: PlanFigures) {
        let selected = self.selected().map(|m| m.id);
        let (measures, links) = match figures {
            Ok(x) => x,
            Err(e) => return cx.store_error(e),
        };
        self.orgs = cx.org_choices();
        let today = cx.today;
        let p = &mut *self;
        p.statuses = measures.iter().map(|m| plan::status(m, today)).collect();
        p.risks = measures
            .iter()
            .map(|m| plan::risk(m, links.get(&m.id).map_or(&[], Vec::as_slice), today))
            .collect();
        p.measures = measures;
        let visible: Vec<usize> = (0..p.measures.len())
            .filter(|i| {
                p.filter
                    .matches(&p.measures[*i], p.statuses[*i], p.risks[*i].is_some())
            })
            .collect();
        let shown: Vec<Measure> = visible.iter().map(|i| p.measures[*i].clone()).collect();
        let done: Vec<bool> = visible
            .iter()
            .map(|i| p.statuses[*i] == MeasureStatus::Done)
            .collect();
        p.rows = plan::tree(&shown, &done)
            .into_iter()
            .map(|r| match r {
                TreeRow::Measure(i) => TreeRow::Measure(visible[i]),
                other => other,
            })
            .collect();
        if let Some(id) = selected
            && let Some(i) = p
                .rows
                .iter()
                .position(|r| matches!(r, TreeRow::Measure(k) if p.measures[*k].id == id))
        {
            p.cursor.selected = i;
        }
        // Start on the first measure rather than on a heading.
        if selected.is_none()
            && p.cursor.selected == 0
            && matches!(p.rows.first(), Some(TreeRow::Section { .. }))
            && p.rows.len() > 1
        {
            p.cursor.selected = 1;
        }
        let h = rows_in(self.plan_areas(cx).tree);
        let p = &mut *self;
        p.cursor.clamp(p.rows.len(), h);
        self.load_plan_links(cx);
    }

    pub(super) fn load_plan_links(&mut self, cx: &mut Ctx) {
        let Some(id) = self.selected().map(|m| m.id) else {
            self.links = MeasureLinks::default();
            self.link_cursor = Cursor::default();
            return;
        };
        match cx.store.measure_links(id) {
            Ok(l) => self.links = l,
            Err(e) => return cx.store_error(e),
        }
        let h = list_rows(self.plan_areas(cx).links);
        let n = self.link_rows().len();
        self.link_cursor.clamp(n, h);
    }

    pub(crate) fn resize_plan(&mut self, cx: &mut Ctx) {
        let a = self.plan_areas(cx);
        let p = &mut *self;
        p.cursor.clamp(p.rows.len(), rows_in(a.tree));
        let n = p.link_rows().len();
        p.link_cursor.clamp(n, list_rows(a.links));
    }

    pub(super) fn move_plan(&mut self, cx: &mut Ctx, delta: isize) {
        let a = self.plan_areas(cx);
        let p = &mut *self;
        match p.pane {
            Pane::Measures => {
                let before = p.cursor.selected;
                p.cursor.move_by(delta, p.rows.len(), rows_in(a.tree));
                if p.cursor.selected != before {
                    p.link_cursor = Cursor::default();
                    p.import_report.clear();
                    self.load_plan_links(cx);
                }
            }
            Pane::Links => {
                // The import's report, when there is one, scrolls in this pane.
                let n = if p.import_report.is_empty() {
                    p.link_rows().len()
                } else {
                    p.import_report.len()
                };
                p.link_cursor.move_by(delta, n, list_rows(a.links));
            }
        }
    }

    pub(crate) fn click_plan(&mut self, cx: &mut Ctx, column: u16, row: u16) {
        let a = self.plan_areas(cx);
        let inside =
            |r: Rect| column >= r.x && column < r.right() && row >= r.y && row < r.bottom();
        if inside(a.tree) {
            self.pane = Pane::Measures;
            let before = self.cursor.selected;
            let (len, h) = (self.rows.len(), rows_in(a.tree));
            self.cursor.click(row, a.tree, len, h);
            if self.cursor.selected != before {
                self.load_plan_links(cx);
            }
        } else if inside(a.links) {
            self.pane = Pane::Links;
            let first = a.links.y + 1;
            if row >= first && row + 1 < a.links.bottom() {
                let target = self.link_cursor.offset + (row - first) as usize;
                let n = self.link_rows().len();
                if target < n {
                    self.link_cursor.selected = target;
                    self.link_cursor.clamp(n, list_rows(a.links));
                }
            }
        }
    }
}
