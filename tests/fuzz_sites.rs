//! A bounded fuzz test of the whole loader: generated sites (kam.toml, accounts and
//! handbook chapters, each valid, mutated or made of Markdown and TOML fragments) go
//! through `kam::check`, which loads, analyses and renders every page. Every run must end
//! in success or in problems that each name a file of the site, with a position, and that
//! print without raw control characters; none may panic.
//!
//! CI runs `FUZZ_CASES` cases (default 64). For a longer run:
//! `FUZZ_CASES=5000 cargo test --release --test fuzz_sites`.

use std::path::Path;

use kam::{Failure, Options};
use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestRunner};

const CONFIG: &str = include_str!("fixtures/happy/kam.toml");
const ACCOUNT: &str = include_str!("fixtures/happy/content/accounts/alfa-bruk.md");
const CHAPTER: &str = include_str!("fixtures/happy/content/handbook/intro.md");

/// Pieces of Markdown, HTML and TOML that have broken parsers before, to be strung
/// together.
const FRAGMENTS: &[&str] = &[
    "\n",
    "\n\n",
    "# ",
    "## Notes",
    " {#main}",
    "> ",
    "- ",
    "1. ",
    "    ",
    "```",
    "````",
    "~~~",
    "`",
    "*",
    "_",
    "[",
    "](#x)",
    "[^1]",
    "[^1]: n",
    "|a|b|\n|-|-|\n",
    "{{< matrix >}}",
    "{{< due >}}",
    "{{<nope>}}",
    "\u{E000}kam:due\u{E000}",
    "&#xE000;",
    "&#27;",
    "\u{1b}[2J",
    "\u{0}",
    "<div>",
    "</div>",
    "<div id=\"main\">",
    "<a href=\"#x\">",
    "<script>",
    "<style>",
    "<td style=\"text-align:expression(1)\">",
    "<!--",
    "-->",
    "+++",
    "\r\n",
    "åäö",
    "\u{202e}",
    "x = 1",
    "[years]",
    "[[years]]",
    "revenue = 1.7e308",
    "weight = 1e999",
    "\"\\u0007\"",
    "title = \"",
    "= ",
    "1_000",
    "2026-02-30",
    "nan",
    "inf",
    "-0.0",
];

fn fragments(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            4 => proptest::sample::select(FRAGMENTS).prop_map(str::to_string),
            1 => "\\PC{0,12}",
        ],
        0..max,
    )
    .prop_map(|parts| parts.concat())
}

/// `base` with up to three random edits: a cut, an insertion of fragments, or both.
fn mutated(base: &'static str) -> impl Strategy<Value = String> {
    proptest::collection::vec((0usize..2000, 0usize..40, fragments(4)), 0..3).prop_map(
        move |edits| {
            let mut text = base.to_string();
            for (position, cut, insert) in edits {
                let floor = |text: &String, mut at: usize| {
                    at = at.min(text.len());
                    while !text.is_char_boundary(at) {
                        at -= 1;
                    }
                    at
                };
                let start = floor(&text, position);
                let end = floor(&text, start + cut);
                text.replace_range(start..end, &insert);
            }
            text
        },
    )
}

fn file_text(base: &'static str) -> impl Strategy<Value = String> {
    prop_oneof![
        3 => mutated(base),
        1 => fragments(40),
        1 => fragments(20).prop_map(move |body| format!("{base}\n{body}\n")),
    ]
}

fn file_name() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4})?".prop_map(|stem| format!("{stem}.md")),
        1 => "[A-Za-z_ .]{1,8}\\.(md|MD|markdown|txt)",
    ]
}

#[derive(Debug, Clone)]
struct GeneratedSite {
    config: String,
    accounts: Vec<(String, String)>,
    chapters: Vec<(String, String)>,
}

fn site() -> impl Strategy<Value = GeneratedSite> {
    (
        file_text(CONFIG),
        proptest::collection::vec((file_name(), file_text(ACCOUNT)), 0..4),
        proptest::collection::vec((file_name(), file_text(CHAPTER)), 0..3),
    )
        .prop_map(|(config, accounts, chapters)| GeneratedSite {
            config,
            accounts,
            chapters,
        })
}

fn write(root: &Path, site: &GeneratedSite) {
    std::fs::create_dir_all(root.join("content/accounts")).expect("mkdir");
    std::fs::create_dir_all(root.join("content/handbook")).expect("mkdir");
    std::fs::write(root.join("kam.toml"), &site.config).expect("write");
    for (folder, files) in [("accounts", &site.accounts), ("handbook", &site.chapters)] {
        for (name, text) in files {
            std::fs::write(root.join("content").join(folder).join(name), text).expect("write");
        }
    }
}

fn check_site(site: &GeneratedSite) -> Result<(), TestCaseError> {
    let temp = tempfile::tempdir().expect("temporary folder");
    let root = temp.path().join("site");
    write(&root, site);
    let options = Options {
        root: root.clone(),
        output: None,
        today: time::Date::from_calendar_date(2026, time::Month::November, 27).ok(),
        drafts: true,
        strict: false,
        since: None,
    };
    match kam::check(&options) {
        Ok(report) => {
            for warning in &report.warnings {
                prop_assert!(root.join(&warning.path).exists(), "{warning}");
            }
        }
        Err(Failure::Site(problems)) => {
            prop_assert!(!problems.is_empty());
            for problem in &problems {
                prop_assert!(problem.line >= 1 && problem.column >= 1);
                prop_assert!(
                    root.join(&problem.path).exists() || problem.path.starts_with("content"),
                    "{problem}"
                );
                let shown = problem.to_string();
                prop_assert!(
                    !shown
                        .chars()
                        .any(|c| c.is_control() && c != '\n' && c != '\t'),
                    "{shown:?}"
                );
            }
        }
        Err(Failure::Io(message)) => prop_assert!(false, "an I/O failure: {message}"),
    }
    Ok(())
}

#[test]
fn generated_sites_check_or_name_their_problems() {
    let cases = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(64);
    let mut runner = TestRunner::new(RunnerConfig {
        cases,
        failure_persistence: None,
        ..RunnerConfig::default()
    });
    if let Err(failure) = runner.run(&site(), |site| check_site(&site)) {
        panic!("{failure}");
    }
}
