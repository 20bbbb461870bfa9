//! The command line's commands, one module per command group. `main.rs` parses the
//! arguments and hands each command to its module here.

pub mod access;
pub mod args;
pub mod backup;
pub mod letter;
pub mod lists;
pub mod mail;
pub mod papers;
pub mod reports;
pub mod run;
pub mod sessions;
pub mod settings;
pub mod start;
#[cfg(feature = "test-tools")]
pub mod tools;
pub mod users;
