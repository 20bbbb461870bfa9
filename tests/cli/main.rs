//! The command line and the program as a process, one test binary: commands, papers,
//! tasks, protocol papers, access, trust and what Windows brings.

#[path = "../common/mod.rs"]
mod common;

mod access;
mod cli;
mod damaged;
mod mail_timeout;
mod papers_cli;
mod protocol_docs;
mod read_open;
mod tasks_cli;
mod trust;
mod upgrade_cli;
mod windows;
