//! The command line's commands, one module per command group. `main.rs` parses the
//! arguments and hands each command to its module here.

pub mod access;
pub mod backup;
pub mod letter;
pub mod settings;
pub mod start;
