//! The demo database: a believable Tokmok HQ with its directory, a year of sessions with
//! agendas and protocols, the action plan, tasks in every state, and escalations.
//!
//! Deterministic: the same seed and `today` give the same rows (a tiny inline PRNG, no
//! clock, no audit rows). All dates are relative to `today`. People's names are made up.
//!
//! Conventions followed (from the schema header): dates are `YYYY-MM-DD`; the `*_at`
//! columns are timestamps `YYYY-MM-DDTHH:MM:SS`.
//!
//! The fixed material (organizations, members, topics, the plan, texts, names) is data in
//! `assets/demo/` ([`data`]); the rows are written through the store's bulk API
//! ([`crate::store::seed`]). The parts: [`generator`] (the directory, the HQ, the plan, the
//! reports), [`sessions`] (agendas and protocols), [`tasks`] (tasks and escalations).

mod data;
mod generator;
mod sessions;
mod tasks;
#[cfg(test)]
mod tests;
mod util;

use chrono::NaiveDate;

use crate::store::{Store, StoreError};
use data::Seeds;
use generator::Gen;

pub const DEFAULT_TASKS: usize = 150;
pub const DEFAULT_SEED: u64 = 1;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOptions {
    /// How many tasks (default 150).
    pub tasks: usize,
    /// The PRNG seed (default 1).
    pub seed: u64,
    /// The day the demo is "as of": sessions, deadlines and reports are placed around it.
    pub today: NaiveDate,
}

impl DemoOptions {
    /// The default amount and seed, as of `today`.
    pub fn new(today: NaiveDate) -> Self {
        DemoOptions {
            tasks: DEFAULT_TASKS,
            seed: DEFAULT_SEED,
            today,
        }
    }
}

impl Default for DemoOptions {
    /// The defaults as of the local date.
    fn default() -> Self {
        DemoOptions::new(chrono::Local::now().date_naive())
    }
}

/// Rows written, by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub organizations: usize,
    pub members: usize,
    pub sessions: usize,
    pub agenda_items: usize,
    pub protocols: usize,
    pub decisions: usize,
    pub measures: usize,
    pub tasks: usize,
    pub deadline_changes: usize,
    pub execution_reports: usize,
    pub escalations: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the database already has data; the demo goes only into an empty database")]
    NotEmpty,
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The built-in seed data does not read (a defect of the build, caught by the tests).
    #[error("the demo's built-in data is broken: {0}")]
    Data(String),
}

/// Fill an empty database with the demo, all in one transaction.
/// Refuses (and writes nothing) when any table but `setting` and `audit_log` has rows.
/// The demo is made up, so its rows are not audited one by one: one row says it was made.
pub fn generate(store: &mut Store, opts: &DemoOptions) -> Result<DemoSummary, DemoError> {
    let seeds = Seeds::load().map_err(DemoError::Data)?;
    let out = crate::store::seed::into_empty(store, "demo", |db| {
        let sum = Gen::new(db, &seeds, opts).run()?;
        Ok((sum, format!("{} tasks", sum.tasks)))
    })?;
    out.ok_or(DemoError::NotEmpty)
}
