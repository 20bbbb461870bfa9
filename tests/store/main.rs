//! The store and the domain through it, one test binary: records, sessions, protocols,
//! tasks, reports, compliance, audit, durability, query plans and checks at entry.

#[path = "../common/mod.rs"]
mod common;

mod audit;
mod audit_entry;
mod collation;
mod compliance;
mod compliance_tallies;
mod durability;
mod entry_checks;
mod foreign_files;
mod open_reader;
mod protocols;
mod query_plans;
mod report_as_of;
mod report_narrative;
mod report_titles;
mod reports;
mod session_planning;
mod sessions;
mod store;
mod tasks_store;
mod trend;
