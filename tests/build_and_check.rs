//! `kam build` and `kam check` end to end on fixture sites: what gets written, what a broken
//! site reports, and that a failed build never touches the previous output.

mod common;

use common::*;
use predicates::prelude::*;

#[test]
fn happy_site_builds_every_page() {
    let site = copy_fixture("happy");
    let output = site.path().join("public");
    kam()
        .args(["build", "--root"])
        .arg(site.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("3 accounts, 2 chapters"));
    let tree = read_tree(&output);
    for page in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "data/portfolio.json",
        "static/kam.css",
        "accounts/alfa-bruk/index.html",
        "accounts/beta-tryck/index.html",
        "accounts/gamma-skog/index.html",
        "segments/strategic/index.html",
        "segments/star/index.html",
        "segments/status/index.html",
        "segments/streamline/index.html",
        "managers/anna-berg/index.html",
        "managers/bo-ek/index.html",
        "handbook/index.html",
        "handbook/intro/index.html",
        "handbook/matris/index.html",
        "handbook/print/index.html",
    ] {
        assert!(
            tree.contains_key(page),
            "missing {page}; have {:?}",
            tree.keys().collect::<Vec<_>>()
        );
    }
    assert!(
        !tree.contains_key("handbook/utkast/index.html"),
        "drafts are left out"
    );
}

#[test]
fn drafts_flag_includes_draft_chapters() {
    let site = copy_fixture("happy");
    let output = site.path().join("out");
    kam()
        .args(["build", "--drafts", "--quiet", "--root"])
        .arg(site.path())
        .arg("--output")
        .arg(&output)
        .assert()
        .success()
        .stdout("");
    assert!(output.join("handbook/utkast/index.html").is_file());
}

#[test]
fn chapter_title_comes_from_its_first_heading_and_sidebar_keeps_weight_order() {
    let site = copy_fixture("happy");
    let output = site.path().join("public");
    build(site.path(), &output);
    let chapter =
        std::fs::read_to_string(output.join("handbook/matris/index.html")).expect("chapter");
    assert!(chapter.contains("<h1>Portföljmatrisen</h1>"), "{chapter}");
    assert_eq!(
        chapter.matches("<h1").count(),
        1,
        "the lifted heading is not repeated"
    );
    let intro = chapter
        .find(">Varför nyckelkunder</a>")
        .expect("intro in sidebar");
    let matrix = chapter
        .find(">Portföljmatrisen</a>")
        .expect("matrix in sidebar");
    assert!(intro < matrix, "weight 1 before weight 2");
    assert!(
        chapter.contains("rel=\"prev\" href=\"../../handbook/intro/index.html\""),
        "previous link"
    );
    let intro_page =
        std::fs::read_to_string(output.join("handbook/intro/index.html")).expect("intro");
    assert!(
        intro_page.contains("href=\"#user-content-bakgrund\""),
        "table of contents links its headings"
    );
    assert!(intro_page.contains("id=\"user-content-bakgrund\""));
}

#[test]
fn account_page_presents_its_data_and_notes() {
    let site = copy_fixture("happy");
    let output = site.path().join("public");
    build(site.path(), &output);
    let page = std::fs::read_to_string(output.join("accounts/alfa-bruk/index.html"))
        .expect("account page");
    for expected in [
        "Alfa Bruk AB",
        "Anna Berg",
        "Erik Lund",
        "Inköpschef",
        "Förstahandsleverantör av vätskekartong",
        "Gemensamt provtryck i Gävle",
        "41\u{a0}500\u{a0}000\u{a0}kr",
        "23,6\u{a0}%",
        "<strong>kartong</strong>",
    ] {
        assert!(page.contains(expected), "account page lacks {expected:?}");
    }
    assert!(
        page.contains("id=\"user-content-bakgrund\""),
        "note headings get their own id prefix"
    );
}

#[test]
fn broken_site_reports_every_file_with_its_position_and_exits_1() {
    let assert = kam()
        .args(["check", "--root"])
        .arg(fixture("broken"))
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    let expected = [
        "content/accounts/Bad_Slug.md:1:1: error: `Bad_Slug` is not a valid slug: use a-z, 0-9 and single hyphens",
        "content/accounts/archive/old-customer.md:1:1: error: Markdown file outside content/accounts/ and content/handbook/",
        "content/accounts/bad-toml.md:5:18: error: invalid TOML: invalid basic string, expected `\"`",
        "content/accounts/contact-strength.md:23:12: error: `strength` is 6, outside 1..=5",
        "content/accounts/customer-since.md:5:18: error: customer_since 201 is not a year",
        "content/accounts/dangling-objective.md:23:13: error: no objective with id `grwoth` in this account",
        "content/accounts/duplicate-objective.md:24:6: error: objective id `growth` is used twice in this account",
        "content/accounts/duplicate-year.md:23:8: error: year 2025 appears twice",
        "content/accounts/impossible-date.md:20:7: error: invalid TOML: invalid date, expected day between 01 and 28",
        "content/accounts/missing-factor.md:6:1: error: missing score for factor `strategic_fit` in [attractiveness]",
        "content/accounts/negative-amounts.md:20:11: error: `revenue` must be >= 0",
        "content/accounts/negative-amounts.md:22:17: error: `cost_to_serve` must be >= 0",
        "content/accounts/no-front-matter.md:1:1: error: account file has no front matter",
        "content/accounts/not-utf8.md:2:11: error: file is not valid UTF-8",
        "content/accounts/score-out-of-range.md:7:10: error: `volume` is 11, outside 0..=10",
        "content/accounts/unclosed.md:1:1: error: front matter is never closed",
        "content/accounts/unknown-key.md:5:1: error: unknown key `industy` in the account",
        "content/accounts/unknown-stage.md:4:9: error: unknown stage `partnership`",
        "content/accounts/unknown-status.md:21:10: error: unknown status `finished`",
        "content/accounts/zero-wallet.md:22:10: error: `wallet` must be > 0: the customer's total spend in our category",
        "content/handbook/chapter-fields.md:2:9: error: `title` must not be empty",
        "content/handbook/chapter-fields.md:3:1: error: unknown key `wieght` in the chapter's front matter",
        "content/handbook/chapter-fields.md:4:9: error: `draft` must be true or false, found string",
        "content/handbook/chapter-unclosed.md:1:1: error: front matter is never closed",
        "content/handbook/print.md:1:1: error: the chapter name `print` is reserved for the handbook's own pages",
    ];
    let reported: Vec<&str> = stderr
        .lines()
        .filter(|line| line.contains(": error: "))
        .collect();
    assert_eq!(reported, expected, "full output:\n{stderr}");
    for help in [
        "help: rename it to content/accounts/bad-slug.md",
        "help: did you mean `industry`?",
        "help: did you mean `growth`?",
        "help: expected one of `not_started`, `in_progress`, `done`, `blocked`, `cancelled`",
        "help: add `strategic_fit = <0..10>`",
        "help: rate the relationship from 1 (weak) to 5 (strong)",
        "help: an account belongs directly in content/accounts/, a chapter in content/handbook/",
        "help: did you mean `weight`?",
        "help: rename the file",
    ] {
        assert!(stderr.contains(help), "missing {help:?} in:\n{stderr}");
    }
    assert!(
        stderr.contains("error: 25 problems in 22 files"),
        "{stderr}"
    );
    assert!(
        stderr.contains("7 | volume = 11\n  |          ^^"),
        "source line with a caret:\n{stderr}"
    );
}

#[test]
fn an_unknown_theme_is_reported_in_kam_toml_and_nothing_is_built() {
    // The site has themes/nordic/, but kam.toml asks for `nordisk`: names must match.
    let site = copy_fixture("broken-theme");
    let output = site.path().join("public");
    for command in ["check", "build"] {
        kam()
            .arg(command)
            .arg("--root")
            .arg(site.path())
            .assert()
            .code(1)
            .stderr(predicate::str::contains(
                "kam.toml:3:9: error: theme `nordisk` not found",
            ))
            .stderr(predicate::str::contains(
                "help: put it in themes/nordisk/ or use theme = \"default\"",
            ))
            .stderr(predicate::str::contains("error: 1 problem in 1 file"));
    }
    assert!(!output.exists(), "a failed build writes nothing");
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_for_byte() {
    let site = copy_fixture("happy");
    let output = site.path().join("public");
    build(site.path(), &output);
    let before = read_tree(&output);
    std::fs::write(
        site.path().join("content/accounts/alfa-bruk.md"),
        "+++\nname = \"Alfa\"\nstage = \"nowhere\"\n+++\n",
    )
    .expect("break an account");
    kam()
        .args(["build", "--root"])
        .arg(site.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "alfa-bruk.md:3:9: error: unknown stage `nowhere`",
        ));
    assert_eq!(read_tree(&output), before);
    let leftovers: Vec<String> = std::fs::read_dir(site.path())
        .expect("site folder")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.starts_with(".kam"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary folders left behind: {leftovers:?}"
    );
}

#[test]
fn a_template_error_fails_the_build_and_names_the_template() {
    let site = copy_fixture("happy");
    let output = site.path().join("public");
    build(site.path(), &output);
    let before = read_tree(&output);
    std::fs::create_dir_all(site.path().join("templates")).expect("templates folder");
    std::fs::write(
        site.path().join("templates/404.html"),
        "{% extends \"base.html\" %}{% block main %}{{ nothing.here }}{% endblock main %}",
    )
    .expect("write template");
    kam()
        .args(["build", "--root"])
        .arg(site.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("templates/404.html"));
    assert_eq!(read_tree(&output), before);
}

#[test]
fn site_templates_and_static_files_override_the_theme() {
    let site = copy_fixture("happy");
    let output = site.path().join("public");
    std::fs::create_dir_all(site.path().join("templates")).expect("templates folder");
    std::fs::write(
        site.path().join("templates/404.html"),
        "{% extends \"base.html\" %}{% block main %}<p>Egen sida</p>{% endblock main %}",
    )
    .expect("write template");
    std::fs::create_dir_all(site.path().join("static/img")).expect("static folder");
    std::fs::write(site.path().join("static/img/logo.txt"), "logo").expect("static file");
    build(site.path(), &output);
    let page = std::fs::read_to_string(output.join("404.html")).expect("404");
    assert!(page.contains("<p>Egen sida</p>"));
    assert_eq!(
        std::fs::read_to_string(output.join("static/img/logo.txt")).expect("copied"),
        "logo"
    );
}

#[test]
fn kam_toml_errors_are_reported_with_position() {
    let site = copy_fixture("happy");
    std::fs::write(
        site.path().join("kam.toml"),
        "title = \"X\"\nlangauge = \"en\"\n[plan]\ndue_soon_days = -1\n",
    )
    .expect("kam.toml");
    kam()
        .args(["check", "--root"])
        .arg(site.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "kam.toml:2:1: error: unknown key `langauge` in kam.toml",
        ))
        .stderr(predicate::str::contains("help: did you mean `language`?"))
        .stderr(predicate::str::contains(
            "kam.toml:4:17: error: `due_soon_days` is -1",
        ));
}

#[test]
fn check_writes_nothing() {
    let site = copy_fixture("happy");
    kam()
        .args(["check", "--root"])
        .arg(site.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("no problems"));
    assert!(!site.path().join("public").exists());
}

#[test]
fn missing_site_and_usage_errors_have_distinct_exit_codes() {
    let empty = tempfile::tempdir().expect("temporary folder");
    kam()
        .args(["build", "--root"])
        .arg(empty.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "it has no kam.toml; create one with `kam init ",
        ));
    kam()
        .args(["build", "--today", "2026-13-01"])
        .assert()
        .code(2);
    kam().args(["frobnicate"]).assert().code(2);
    kam()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("kam "));
    kam()
        .arg("help")
        .assert()
        .success()
        .stdout(predicate::str::contains("build"));
}

#[test]
fn refuses_to_replace_folders_it_did_not_write() {
    let site = copy_fixture("happy");
    let precious = site.path().join("precious");
    std::fs::create_dir_all(&precious).expect("folder");
    std::fs::write(precious.join("thesis.txt"), "years of work").expect("file");
    for output in [
        precious.clone(),
        site.path().join("content"),
        site.path().to_path_buf(),
    ] {
        kam()
            .args(["build", "--root"])
            .arg(site.path())
            .arg("--output")
            .arg(&output)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("refusing to write"));
    }
    assert_eq!(
        std::fs::read_to_string(precious.join("thesis.txt")).expect("still there"),
        "years of work"
    );
}

#[test]
fn today_flag_overrides_kam_toml() {
    let site = copy_fixture("happy");
    let output = site.path().join("public");
    kam()
        .args(["build", "--root"])
        .arg(site.path())
        .args(["--today", "2027-01-15"])
        .assert()
        .success()
        .stdout(predicate::str::contains("today = 2027-01-15"));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(output.join("data/portfolio.json")).expect("json"))
            .expect("parse");
    assert_eq!(json["today"], "2027-01-15");
}
