//! The screens as a user drives them, one test binary (issue 16: fewer binaries, each links
//! the whole crate): every tab by keys, the protocol editor, snapshots, what fits.

#[path = "../common/mod.rs"]
mod common;

mod agenda_ui;
mod agenda_worker_ui;
mod field_checks;
mod fit;
mod narrative_ui;
mod paper_form;
mod plan_titles_ui;
mod plan_ui;
mod protocol_ui;
mod tasks_ui;
mod tasks_worker_ui;
mod trend_ui;
mod ui;
mod worker_ui;
