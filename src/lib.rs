//! Shtab: the secretariat of a city's digitalization headquarters, in a terminal.

pub mod domain;
pub mod store;
