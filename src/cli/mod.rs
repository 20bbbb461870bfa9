//! The command line's commands, one module per command group. `main.rs` parses the
//! arguments and hands each command to its module here.

pub mod access;
pub mod args;
pub mod backup;
pub mod letter;
pub mod mail;
pub mod reports;
pub mod run;
pub mod sessions;
pub mod settings;
pub mod start;
