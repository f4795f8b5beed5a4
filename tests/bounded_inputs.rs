//! Bounded work on any input: what kam cannot process in bounded time and memory (a file
//! over 1 MiB, nesting beyond 100 levels) is an error naming the file, never a hang.

mod common;

use common::*;
use predicates::prelude::*;

fn site_with_chapter(body: &str) -> tempfile::TempDir {
    let site = copy_fixture("happy");
    std::fs::write(site.path().join("content/handbook/stress.md"), body).expect("write");
    site
}

fn check_fails_naming(site: &tempfile::TempDir, expected: &str) {
    kam()
        .args(["check", "--root"])
        .arg(site.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(expected));
}

#[test]
fn deeply_nested_quotes_and_unclosed_html_are_errors_naming_the_file() {
    check_fails_naming(
        &site_with_chapter(&">".repeat(100_000)),
        "content/handbook/stress.md:1:1: error: the text nests 100000 levels deep",
    );
    check_fails_naming(
        &site_with_chapter(&"<div>".repeat(50_000)),
        "content/handbook/stress.md:1:1: error: the text nests 50000 levels deep",
    );
    let site = copy_fixture("happy");
    let account =
        std::fs::read_to_string(site.path().join("content/accounts/gamma-skog.md")).expect("read");
    std::fs::write(
        site.path().join("content/accounts/gamma-skog.md"),
        format!("{account}\n{}\n", "<blockquote>".repeat(5_000)),
    )
    .expect("write");
    check_fails_naming(
        &site,
        "content/accounts/gamma-skog.md:1:1: error: the text nests",
    );
}

#[test]
fn more_html_elements_than_the_limit_is_an_error_naming_the_file() {
    check_fails_naming(
        &site_with_chapter(&"## Notes\n\n".repeat(60_000)),
        "content/handbook/stress.md:1:1: error: the text makes 60000 HTML elements",
    );
    check_fails_naming(
        &site_with_chapter(&"> quote\n\n".repeat(60_000)),
        "content/handbook/stress.md:1:1: error: the text has 60000 quote and list markers",
    );
}

#[test]
fn a_file_over_one_mebibyte_is_an_error_naming_the_file() {
    let body = "ord ".repeat(300_000);
    check_fails_naming(
        &site_with_chapter(&body),
        "content/handbook/stress.md:1:1: error: file is larger than 1 MiB",
    );
}

#[test]
fn twenty_thousand_equal_headings_build_with_distinct_ids() {
    let site = site_with_chapter(&"## Notes\n\n".repeat(20_000));
    let output = site.path().join("public");
    build(site.path(), &output);
    let page = std::fs::read_to_string(output.join("handbook/stress/index.html")).expect("chapter");
    assert!(page.contains("id=\"user-content-notes-19999\""));
    assert_eq!(page.matches("<h2 id=\"user-content-notes\">").count(), 1);
}
