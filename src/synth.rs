//! Deterministic synthetic portfolios for tests and benchmarks. (Filled in by the demo work.)

use std::io;
use std::path::Path;

pub fn write_site(dir: &Path, accounts: usize, seed: u64) -> io::Result<()> {
    let _ = (dir, accounts, seed);
    Err(io::Error::other("not written yet"))
}
