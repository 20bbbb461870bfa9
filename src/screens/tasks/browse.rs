//! The query line and the table: loading a page, the detail, moving, completion.

use crate::domain::query::{self, Controller, Query};
use crate::domain::tasks::{self as rules, Actor};
use crate::i18n::Lang;
use crate::screens::component::Ctx;
use crate::store::{Page, QueryContext, Store, TaskRow, current_user};
use crate::widgets::Input;
use ratatui::layout::Rect;

use super::{Areas, Cycle, DEFAULT_QUERY, Tasks, areas, page_rows};

/// Which page a load asks for: the page, the row to keep selected, and the place of the
/// page's first row in the whole result (for a page read from a key).
#[derive(Debug, Clone, Copy)]
struct Wanted {
    page: Page,
    keep: Option<i64>,
    first: usize,
}

/// What the worker read for request number `asked`.
struct Loaded {
    asked: u64,
    wanted: Wanted,
    result: crate::store::Result<(Vec<TaskRow>, i64)>,
}

/// The rows read by the worker past the shown page for a move of `delta` rows (↓, PgDn,
/// PgUp…) asked as request number `asked`, from the page shown then.
struct Moved {
    asked: u64,
    delta: isize,
    rows: crate::store::Result<Vec<TaskRow>>,
}

/// The total and a page of `q` (the last page if a page from a key is now empty).
fn read_page(
    store: &Store,
    q: &Query,
    qc: &QueryContext,
    page: Page,
    n: usize,
) -> crate::store::Result<(Vec<TaskRow>, i64)> {
    let total = store.tasks_count(q, qc)?;
    let mut rows = store.tasks_page(q, qc, page, n)?;
    if rows.is_empty() && !matches!(page, Page::First) {
        rows = store.tasks_page(q, qc, Page::Last, n)?;
    }
    Ok((rows, total))
}

impl Tasks {
    fn tasks_areas(&self, cx: &Ctx) -> Areas {
        areas(cx.body, self.show_detail)
    }

    pub(super) fn tasks_page_rows(&self, cx: &Ctx) -> usize {
        page_rows(self.tasks_areas(cx).table)
    }

    fn query_context(&mut self, cx: &mut Ctx) -> QueryContext {
        if self.me.is_none() {
            self.me = Some(cx.store.member_for_login(&current_user()).unwrap_or(None));
        }
        QueryContext {
            today: cx.today,
            me: self.me.flatten(),
        }
    }

    /// Who acts, for the rule of who may grant.
    pub(super) fn actor(&mut self, cx: &mut Ctx) -> Actor {
        let qc = self.query_context(cx);
        Actor {
            login: current_user(),
            member_id: qc.me,
        }
    }

    /// The status line's greeting: how many tasks are overdue and due within a week.
    pub(crate) fn announce_tasks(&mut self, cx: &mut Ctx) {
        let counts = cx
            .store
            .count_overdue(cx.today)
            .and_then(|o| Ok((o, cx.store.count_due_within(cx.today, 7)?)));
        match counts {
            Ok((overdue, soon)) => {
                let text = cx.strings().tasks.start_counts.fill([&overdue, &soon]);
                cx.info(&text);
            }
            Err(e) => cx.store_error(e),
        }
    }

    pub(crate) fn refresh_tasks(&mut self, cx: &mut Ctx) {
        self.reload(cx, false)
    }

    /// The tab's visit: as [`Tasks::refresh_tasks`], the count and page read by the worker
    /// (the frame is drawn at once with the rows known and the "computing…" mark).
    pub(crate) fn visit_tasks(&mut self, cx: &mut Ctx) {
        self.reload(cx, true)
    }

    fn reload(&mut self, cx: &mut Ctx, later: bool) {
        if !self.loaded {
            self.loaded = true;
            self.query = Input::new(DEFAULT_QUERY);
            self.apply_query(cx, later);
            return;
        }
        self.cap = cx
            .store
            .extension_cap()
            .unwrap_or(rules::DEFAULT_EXTENSION_CAP);
        // Start the page so the selected row stays on it, even when the page shrinks.
        let n = self.tasks_page_rows(cx);
        let t = &*self;
        let start = (t.selected + 1)
            .saturating_sub(n)
            .min(t.rows.len().saturating_sub(1));
        let anchor = t.rows.get(start).map(|r| r.key());
        let first = t.first + start;
        let keep = t.selected_row().map(|r| r.id);
        let page = anchor.map_or(Page::First, Page::From);
        self.fetch(cx, Wanted { page, keep, first }, later);
    }

    /// Fetch a page and the total by the worker (Home, End: a count over many rows); keep
    /// the row `keep` selected where it still shows.
    pub(super) fn load_tasks_later(&mut self, cx: &mut Ctx, page: Page, keep: Option<i64>) {
        let first = self.first;
        self.fetch(cx, Wanted { page, keep, first }, true)
    }

    /// Read what `wanted` asks for, here or (`later`) by the worker. Every request is
    /// numbered: a worker's result older than the last request (made here or there) is
    /// dropped.
    fn fetch(&mut self, cx: &mut Ctx, wanted: Wanted, later: bool) {
        let n = self.tasks_page_rows(cx);
        let qc = self.query_context(cx);
        let q = self.applied.clone();
        self.asked += 1;
        self.moving = None;
        if later {
            let asked = self.asked;
            cx.compute(move |store| Loaded {
                asked,
                wanted,
                result: read_page(store, &q, &qc, wanted.page, n),
            });
        } else {
            let result = read_page(cx.store, &q, &qc, wanted.page, n);
            self.show_loaded(cx, wanted, result);
        }
    }

    /// The worker's page and total, if nothing was asked since.
    pub(crate) fn receive_tasks(&mut self, output: crate::worker::Output, cx: &mut Ctx) {
        let output = match output.downcast::<Loaded>() {
            Ok(loaded) if loaded.asked == self.asked => {
                return self.show_loaded(cx, loaded.wanted, loaded.result);
            }
            Ok(_) => return,
            Err(other) => other,
        };
        if let Ok(moved) = output.downcast::<Moved>()
            && moved.asked == self.asked
        {
            self.moving = None;
            match moved.rows {
                Ok(more) => self.show_moved(cx, moved.delta, more),
                Err(e) => cx.store_error(e),
            }
        }
    }

    fn show_loaded(
        &mut self,
        cx: &mut Ctx,
        wanted: Wanted,
        result: crate::store::Result<(Vec<TaskRow>, i64)>,
    ) {
        let Wanted { page, keep, first } = wanted;
        let (rows, total) = match result {
            Ok(x) => x,
            Err(e) => return cx.store_error(e),
        };
        let t = &mut *self;
        let was = t.selected;
        t.total = total;
        t.rows = rows;
        match page {
            Page::First => t.first = 0,
            Page::Last => t.first = (total as usize).saturating_sub(t.rows.len()),
            _ => t.first = first.min((total as usize).saturating_sub(t.rows.len())),
        }
        t.selected = keep
            .and_then(|id| t.rows.iter().position(|r| r.id == id))
            .unwrap_or(match page {
                Page::Last => t.rows.len().saturating_sub(1),
                Page::First => 0,
                _ => was,
            })
            .min(t.rows.len().saturating_sub(1));
        self.load_detail(cx);
    }

    fn load_detail(&mut self, cx: &mut Ctx) {
        if !self.show_detail {
            self.detail = None;
            return;
        }
        let Some(id) = self.selected_row().map(|r| r.id) else {
            self.detail = None;
            return;
        };
        if self.detail.as_ref().is_some_and(|d| d.row.id != id) {
            self.detail_scroll = 0;
        }
        match cx.store.task_detail(id) {
            Ok(d) => self.detail = Some(d),
            Err(e) => {
                self.detail = None;
                cx.store_error(e)
            }
        }
    }

    /// Apply the query line's text, the count and first page read by the worker: for keys
    /// typed in the query line and the quick views (a count over many rows).
    pub(super) fn apply_query_later(&mut self, cx: &mut Ctx) {
        self.apply_query(cx, true)
    }

    /// Parse the query line: a good query replaces the result, a bad one is only marked.
    fn apply_query(&mut self, cx: &mut Ctx, later: bool) {
        match query::parse(self.query.value()) {
            Ok(q) => {
                self.error = None;
                let wants_me = q.controller == Some(Controller::Me);
                self.applied = q;
                let wanted = Wanted {
                    page: Page::First,
                    keep: None,
                    first: 0,
                };
                self.fetch(cx, wanted, later);
                if wants_me && self.query_context(cx).me.is_none() {
                    let text = cx.strings().tasks.not_member.fill([&current_user()]);
                    cx.info(&text);
                }
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// Apply the query line's text if a batch of keys left it unapplied.
    pub(crate) fn settle_tasks(&mut self, cx: &mut Ctx) {
        if self.stale {
            self.stale = false;
            self.apply_query_later(cx);
        }
    }

    pub(super) fn set_query(&mut self, cx: &mut Ctx, text: &str) {
        self.query = Input::new(text);
        self.completion = None;
        self.apply_query_later(cx);
    }

    /// Move the selection by `delta` rows. Within the shown page at once; past it, the rows
    /// beyond are read by the worker (a page read by key can take tens of milliseconds at a
    /// million tasks) while the frame shows the page as it is. Keys pressed meanwhile add up.
    pub(super) fn move_tasks(&mut self, cx: &mut Ctx, delta: isize) {
        let delta = delta + self.moving.unwrap_or(0);
        let (len, n) = (self.rows.len(), self.tasks_page_rows(cx));
        let (Some(head), Some(tail)) = (
            self.rows.first().map(|r| r.key()),
            self.rows.last().map(|r| r.key()),
        ) else {
            return;
        };
        let target = self.selected as isize + delta;
        // Nothing lies before the first row or after the last: no read.
        let at_start = target < 0 && self.first == 0;
        let at_end = target >= len as isize && self.first + len >= self.total.max(0) as usize;
        if (0..len as isize).contains(&target) || at_start || at_end {
            if self.moving.take().is_some() {
                // The read asked for is not wanted now.
                self.asked += 1;
            }
            self.selected = target.clamp(0, len as isize - 1) as usize;
            return self.load_detail(cx);
        }
        let (page, limit) = if target >= len as isize {
            (Page::After(tail), (target as usize + 1 - len).max(n))
        } else {
            (Page::Before(head), (target.unsigned_abs()).max(n))
        };
        let qc = self.query_context(cx);
        let q = self.applied.clone();
        self.asked += 1;
        self.moving = Some(delta);
        let asked = self.asked;
        cx.compute(move |store| Moved {
            asked,
            delta,
            rows: store.tasks_page(&q, &qc, page, limit),
        });
    }

    /// Rows read past the page for a move of `delta` from it: the page that has the target
    /// row, the target selected.
    fn show_moved(&mut self, cx: &mut Ctx, delta: isize, more: Vec<TaskRow>) {
        let n = self.tasks_page_rows(cx);
        let t = &mut *self;
        let target = t.selected as isize + delta;
        if target >= t.rows.len() as isize {
            let mut all = std::mem::take(&mut t.rows);
            all.extend(more);
            let target = (target as usize).min(all.len().saturating_sub(1));
            let start = (target + 1).saturating_sub(n);
            t.rows = all.into_iter().skip(start).take(n).collect();
            t.first += start;
            t.selected = target - start;
        } else {
            let added = more.len();
            let mut all = more;
            all.append(&mut t.rows);
            let target = (added as isize + target).max(0) as usize;
            t.rows = all.into_iter().skip(target).take(n).collect();
            t.first = (t.first + target).saturating_sub(added);
            t.selected = 0;
        }
        self.load_detail(cx);
    }

    pub(crate) fn resize_tasks(&mut self, cx: &mut Ctx) {
        if self.loaded {
            let n = self.tasks_page_rows(cx);
            if self.rows.len() > n || (self.rows.len() < n && self.total > 0) {
                self.refresh_tasks(cx);
            }
        }
    }

    pub(crate) fn click_tasks(&mut self, cx: &mut Ctx, column: u16, row: u16) {
        let a = self.tasks_areas(cx);
        let inside =
            |r: Rect| column >= r.x && column < r.right() && row >= r.y && row < r.bottom();
        if inside(a.query) {
            self.editing = true;
        } else if inside(a.table) {
            self.focus_detail = false;
            let first = a.table.y + 2;
            if row >= first && row + 1 < a.table.bottom() {
                let i = (row - first) as usize;
                if i < self.rows.len() {
                    self.selected = i;
                    self.load_detail(cx);
                }
            }
        } else if inside(a.detail) {
            self.focus_detail = true;
        }
    }

    pub(super) fn complete_query(&mut self, cx: &mut Ctx) {
        let t = &mut *self;
        // Tab again on the text it produced: the next candidate, in place of the last.
        if let Some(cy) = &mut t.completion
            && t.query.value() == cy.produced
        {
            cy.index = (cy.index + 1) % cy.completion.candidates.len();
            return self.put_completion(cx);
        }
        let ru = cx.lang == Lang::Ru;
        let orgs: Vec<String> = cx
            .store
            .organizations(&crate::store::OrgFilter {
                russian: ru,
                ..Default::default()
            })
            .map(|v| v.into_iter().map(|o| o.name(ru).to_string()).collect())
            .unwrap_or_default();
        let t = &mut *self;
        // The UI language's words first; English codes or the other language typed still
        // complete.
        let words = match cx.lang {
            Lang::Ky => query::Words::Ky,
            Lang::Ru => query::Words::Ru,
            Lang::En => query::Words::En,
        };
        let (text, cursor) = (t.query.value(), t.query.cursor());
        let found = query::complete_in(text, cursor, &orgs, words)
            .or_else(|| query::complete(text, cursor, &orgs));
        t.completion = found.map(|c| Cycle {
            completion: c,
            index: 0,
            original: t.query.value().to_string(),
            produced: String::new(),
        });
        if t.completion.is_some() {
            self.put_completion(cx);
        }
    }

    /// Put the cycle's current candidate in place of the token it completes.
    fn put_completion(&mut self, cx: &mut Ctx) {
        let t = &mut *self;
        let Some(cy) = &mut t.completion else { return };
        let chars: Vec<char> = cy.original.chars().collect();
        let c = &cy.completion;
        let cand = &c.candidates[cy.index];
        let mut text: String = chars[..c.start.min(chars.len())].iter().collect();
        text.push_str(cand);
        let cursor = text.chars().count();
        text.extend(chars[c.end.min(chars.len())..].iter());
        let mut input = Input::new(&text);
        input.home();
        for _ in 0..cursor {
            input.right();
        }
        t.query = input;
        cy.produced = text;
        self.apply_query_later(cx);
    }
}
