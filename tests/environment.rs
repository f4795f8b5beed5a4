//! What kam takes from its environment (SPEC §2): a malformed `SOURCE_DATE_EPOCH` is an
//! error, never a silent fall-back to the clock.

mod common;

use common::*;
use predicates::prelude::*;

#[test]
fn a_malformed_source_date_epoch_is_an_error() {
    let site = copy_fixture("custom-factors");
    for value in ["yesterday", "-1", "1.7e9", " 1700000000"] {
        kam()
            .env("SOURCE_DATE_EPOCH", value)
            .args(["check", "--root"])
            .arg(site.path())
            .assert()
            .code(1)
            .stderr(predicate::str::contains("SOURCE_DATE_EPOCH is"))
            .stderr(predicate::str::contains("non-negative whole number"));
    }
}

#[test]
fn a_well_formed_source_date_epoch_sets_today() {
    let site = copy_fixture("custom-factors");
    let config = std::fs::read_to_string(site.path().join("kam.toml")).expect("read");
    let without_today: String = config
        .lines()
        .filter(|line| !line.starts_with("today"))
        .map(|line| format!("{line}\n"))
        .collect();
    std::fs::write(site.path().join("kam.toml"), without_today).expect("write");
    kam()
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .args(["check", "--root"])
        .arg(site.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("today = 2023-11-14"));
}
