//! Random and hostile input, one test binary: random keys and sizes, hostile files and
//! strings. Failures found are kept in `tests/proptest-regressions/<module>.txt`.

#[path = "../common/mod.rs"]
mod common;

mod hostile;
mod props;
