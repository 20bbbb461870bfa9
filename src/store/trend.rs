//! The trend: each month's figures as of its own last day, through the monthly report's own
//! `figures` (one code path, so a month of the trend equals that month's report).

use chrono::NaiveDate;

use super::{Result, Store, reports};
use crate::domain::report::Month;
use crate::domain::trend::{Trend, TrendMonth};

impl Store {
    /// The `n` months ending with `last`, each as of `Month::as_of(today)`; months after
    /// `today`'s are left out.
    pub fn trend(&self, last: Month, n: usize, today: NaiveDate) -> Result<Trend> {
        let mut months = Vec::with_capacity(n);
        for month in Trend::span(last, n) {
            if month.first() > today {
                continue;
            }
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
}
