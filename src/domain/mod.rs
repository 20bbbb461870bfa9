//! The HQ's domain: types and rules. Knows nothing of the UI or of SQL.

pub mod access;
pub mod compliance;
pub mod csv;
pub mod date;
pub mod deadline;
pub mod names;
pub mod org;
pub mod plan;
pub mod plan_csv;
pub mod protocol;
pub mod query;
pub mod report;
pub mod session;
pub mod tasks;
pub mod text;
pub mod trend;
pub mod validate;
pub mod work;

pub use org::{CompositionError, Member, OrgKind, Organization, Role};
