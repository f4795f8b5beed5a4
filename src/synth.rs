//! Deterministic synthetic portfolios for tests and benchmarks. (Filled in by the demo work.)
