//! The trend: each month's figures as of its own last day, through the monthly report's own
//! `figures` (one code path, so a month of the trend equals that month's report).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::params;

use super::{Result, Store, reports};
use crate::domain::report::Month;
use crate::domain::trend::{OrgMonth, Trend, TrendMonth};

/// The months of `Trend::span(last, n)` a trend shows on `today`: those begun by then.
fn months_shown(last: Month, n: usize, today: NaiveDate) -> Vec<Month> {
    Trend::span(last, n)
        .into_iter()
        .filter(|m| m.first() <= today)
        .collect()
}

impl Store {
    /// The `n` months ending with `last`, each as of `Month::as_of(today)`; months after
    /// `today`'s are left out.
    pub fn trend(&self, last: Month, n: usize, today: NaiveDate) -> Result<Trend> {
        let mut months = Vec::with_capacity(n);
        for month in months_shown(last, n, today) {
            let as_of = month.as_of(today);
            let (figures, _) = reports::figures(&self.conn, month, as_of)?;
            months.push(TrendMonth {
                month,
                as_of,
                figures,
            });
        }
        Ok(Trend { months })
    }

    /// Every organization's months (key: its id), oldest first, as [`Store::trend`] shows
    /// them: its tasks as executor at each month's end, by the monthly report's definitions.
    /// An organization with nothing in a month has that month with zeros.
    pub fn organization_trends(
        &self,
        last: Month,
        n: usize,
        today: NaiveDate,
    ) -> Result<HashMap<i64, Vec<OrgMonth>>> {
        let months = months_shown(last, n, today);
        let mut out: HashMap<i64, Vec<OrgMonth>> = HashMap::new();
        {
            let mut st = self.conn.prepare_cached("SELECT id FROM organization")?;
            for id in st.query_map([], |r| r.get::<_, i64>(0))? {
                out.insert(id?, months.iter().map(|m| OrgMonth::empty(*m)).collect());
            }
        }
        for (i, month) in months.iter().enumerate() {
            for (org, m) in org_month(self, *month, month.as_of(today), None)? {
                if let Some(slot) = out.get_mut(&org).and_then(|v| v.get_mut(i)) {
                    *slot = m;
                }
            }
        }
        Ok(out)
    }

    /// One organization's months, oldest first (see [`Store::organization_trends`]).
    pub fn organization_trend(
        &self,
        org_id: i64,
        last: Month,
        n: usize,
        today: NaiveDate,
    ) -> Result<Vec<OrgMonth>> {
        let mut out = Vec::new();
        for month in months_shown(last, n, today) {
            let m = org_month(self, month, month.as_of(today), Some(org_id))?
                .into_iter()
                .next()
                .map(|(_, m)| m)
                .unwrap_or_else(|| OrgMonth::empty(month));
            out.push(m);
        }
        Ok(out)
    }
}

/// The task figures of `month` as of `as_of` by executor (at D), of one organization or all.
fn org_month(
    store: &Store,
    month: Month,
    as_of: NaiveDate,
    only: Option<i64>,
) -> Result<Vec<(i64, OrgMonth)>> {
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
          WHERE ?5 IS NULL OR x.executor_id = ?5
          GROUP BY x.executor_id",
        reports::TASKS_AT
    ))?;
    let rows = st.query_map(
        params![month.first(), month.last(), next, as_of, only],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                OrgMonth {
                    month,
                    overdue: r.get(1)?,
                    done_on_time: r.get(2)?,
                    done_late: r.get(3)?,
                },
            ))
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
