//! The command line's commands, one module per command group. `main.rs` parses the
//! arguments and hands each command to its module here.

pub mod letter;
pub mod settings;
