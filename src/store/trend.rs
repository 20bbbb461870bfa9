//! The trend: each month's figures as of its own last day, through the monthly report's own
//! `figures` (one code path, so a month of the trend equals that month's report).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::params;

use super::{Result, Stamp, Store, reports};
use crate::domain::report::Month;
use crate::domain::trend::{OrgMonth, Trend, TrendMonth};

/// What a trend was asked for: (last month, how many months, today).
type Key = (Month, usize, NaiveDate);

/// The trend and the organizations' trends last computed, kept until the database changes
/// (the Reports and Compliance tabs read them on every visit).
#[derive(Default)]
pub(crate) struct TrendCache {
    city: std::cell::RefCell<Option<(Stamp, Key, Trend)>>,
    organizations: std::cell::RefCell<Option<(Stamp, Key, HashMap<i64, Vec<OrgMonth>>)>>,
}

/// The months of `Trend::span(last, n)` a trend shows on `today`: those begun by then.
fn months_shown(last: Month, n: usize, today: NaiveDate) -> Vec<Month> {
    Trend::span(last, n)
        .into_iter()
        .filter(|m| m.first() <= today)
        .collect()
}

/// The trend's months, read on `c` (a transaction too: an issued report freezes them).
pub(super) fn months(
    c: &rusqlite::Connection,
    last: Month,
    n: usize,
    today: NaiveDate,
) -> Result<Vec<TrendMonth>> {
    let mut out = Vec::with_capacity(n);
    for month in months_shown(last, n, today) {
        let as_of = month.as_of(today);
        let (figures, _) = reports::figures(c, month, as_of)?;
        out.push(TrendMonth {
            month,
            as_of,
            figures,
        });
    }
    Ok(out)
}

impl Store {
    /// The `n` months ending with `last`, each as of `Month::as_of(today)`; months after
    /// `today`'s are left out. Kept until the database changes.
    pub fn trend(&self, last: Month, n: usize, today: NaiveDate) -> Result<Trend> {
        let stamp = self.stamp()?;
        let key = (last, n, today);
        if let Some((s, k, t)) = &*self.cache.trend.city.borrow()
            && *s == stamp
            && *k == key
        {
            return Ok(t.clone());
        }
        let trend = Trend {
            months: months(&self.conn, last, n, today)?,
        };
        *self.cache.trend.city.borrow_mut() = Some((stamp, key, trend.clone()));
        Ok(trend)
    }

    /// Every organization's months (key: its id), oldest first, as [`Store::trend`] shows
    /// them: its tasks as executor at each month's end, by the monthly report's definitions.
    /// An organization with nothing in a month has that month with zeros. Kept until the
    /// database changes.
    pub fn organization_trends(
        &self,
        last: Month,
        n: usize,
        today: NaiveDate,
    ) -> Result<HashMap<i64, Vec<OrgMonth>>> {
        let stamp = self.stamp()?;
        let key = (last, n, today);
        if let Some((s, k, t)) = &*self.cache.trend.organizations.borrow()
            && *s == stamp
            && *k == key
        {
            return Ok(t.clone());
        }
        let months = months_shown(last, n, today);
        let mut out: HashMap<i64, Vec<OrgMonth>> = HashMap::new();
        {
            let mut st = self.conn.prepare_cached("SELECT id FROM organization")?;
            for id in st.query_map([], |r| r.get::<_, i64>(0))? {
                out.insert(id?, months.iter().map(|m| OrgMonth::empty(*m)).collect());
            }
        }
        for (i, month) in months.iter().enumerate() {
            for (org, m) in org_month(self, *month, month.as_of(today))? {
                if let Some(slot) = out.get_mut(&org).and_then(|v| v.get_mut(i)) {
                    *slot = m;
                }
            }
        }
        *self.cache.trend.organizations.borrow_mut() = Some((stamp, key, out.clone()));
        Ok(out)
    }

    /// One organization's months, oldest first (see [`Store::organization_trends`]; read
    /// from it, so moving between organizations costs nothing once it is kept).
    pub fn organization_trend(
        &self,
        org_id: i64,
        last: Month,
        n: usize,
        today: NaiveDate,
    ) -> Result<Vec<OrgMonth>> {
        let stamp = self.stamp()?;
        let key = (last, n, today);
        if let Some((s, k, t)) = &*self.cache.trend.organizations.borrow()
            && *s == stamp
            && *k == key
        {
            return Ok(t.get(&org_id).cloned().unwrap_or_default());
        }
        Ok(self
            .organization_trends(last, n, today)?
            .remove(&org_id)
            .unwrap_or_default())
    }
}

/// The task figures of `month` as of `as_of` by executor (at D).
fn org_month(store: &Store, month: Month, as_of: NaiveDate) -> Result<Vec<(i64, OrgMonth)>> {
    let next = as_of
        .succ_opt()
        .unwrap_or(as_of)
        .format("%Y-%m-%d")
        .to_string();
    let mut st = store.conn.prepare_cached(&format!(
        "WITH {}
         SELECT x.executor_id,
                coalesce(sum((x.closed_at IS NULL OR x.closed_at >= ?3)
                             AND x.deadline < ?4), 0),
                coalesce(sum(x.status = 'done_on_time' AND x.closed_at >= ?1
                             AND x.closed_at < ?3), 0),
                coalesce(sum(x.status = 'done_late' AND x.closed_at >= ?1
                             AND x.closed_at < ?3), 0)
           FROM tk x
          GROUP BY x.executor_id",
        reports::TASKS_AT
    ))?;
    let rows = st.query_map(params![month.first(), month.last(), next, as_of], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            OrgMonth {
                month,
                overdue: r.get(1)?,
                done_on_time: r.get(2)?,
                done_late: r.get(3)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
