//! A whole database copied into memory: tests and benches make an expensive database once
//! (the demo) and hand each case its own copy.

use std::time::Duration;

use super::{Result, Store};

impl Store {
    /// A new in-memory store holding what this one holds now (SQLite's backup API, in one
    /// step). Writes to the copy never reach this store.
    pub fn copy_in_memory(&self) -> Result<Store> {
        let mut copy = Store::open_in_memory()?;
        {
            let b = rusqlite::backup::Backup::new(&self.conn, &mut copy.conn)?;
            b.run_to_completion(i32::MAX, Duration::from_millis(0), None)?;
        }
        Ok(copy)
    }
}
