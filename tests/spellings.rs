//! SPEC v2 §7 and §3 through the binary: a second spelling of a person or department, and a
//! `sells_to` entry that looks like a misspelt slug, are warnings at the later spelling;
//! `--strict` makes them errors.

use assert_cmd::Command;
use predicates::prelude::*;

fn account(name: &str, manager: &str, extra: &str) -> String {
    format!("+++\nname = \"{name}\"\nmanager = \"{manager}\"\nstage = \"basic\"\n{extra}+++\n")
}

/// `kam check` on the site, with `flags` before `--root`.
fn check(site: &tempfile::TempDir, flags: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("kam")
        .expect("binary")
        .arg("check")
        .args(flags)
        .arg("--root")
        .arg(site.path())
        .assert()
}

fn site() -> tempfile::TempDir {
    let site = tempfile::tempdir().expect("temporary folder");
    let root = site.path();
    std::fs::write(root.join("kam.toml"), "title = \"T\"\ntoday = 2026-11-27\n").expect("toml");
    std::fs::create_dir_all(root.join("content/accounts")).expect("content");
    let files = [
        ("alfa-bruk", account("Alfa Bruk", "Lena Holm", "")),
        (
            "beta-tryck",
            account(
                "Beta Tryck",
                "lena  holm",
                "sells_to = [\"alfa-bruc\", \"ICA Sverige\"]\n\n[[contacts]]\nname = \"Eva\"\nfunction = \"Inköp\"\n\n[[contacts]]\nname = \"Bo\"\nfunction = \"inköp \"\n",
            ),
        ),
    ];
    for (slug, text) in files {
        std::fs::write(root.join(format!("content/accounts/{slug}.md")), text).expect("account");
    }
    site
}

#[test]
fn later_spellings_and_near_slugs_are_warnings_at_their_position() {
    let site = site();
    check(&site, &[])
        .success()
        .stderr(predicate::str::contains(
            "content/accounts/beta-tryck.md:3:11: warning: `lena  holm` is another spelling of `Lena Holm` (content/accounts/alfa-bruk.md:3)",
        ))
        .stderr(predicate::str::contains(
            "content/accounts/beta-tryck.md:5:13: warning: `alfa-bruc` is no account of this site",
        ))
        .stderr(predicate::str::contains("did you mean `alfa-bruk`?"))
        .stderr(predicate::str::contains(
            "content/accounts/beta-tryck.md:13:12: warning: `inköp ` is another spelling of `Inköp`",
        ))
        .stderr(predicate::str::contains("ICA Sverige").not());
}

#[test]
fn strict_makes_them_errors() {
    let site = site();
    check(&site, &["--strict"])
        .code(1)
        .stderr(predicate::str::contains("another spelling"));
}

#[test]
fn a_reference_year_no_account_reports_is_a_warning_at_kam_toml() {
    let site = site();
    std::fs::write(
        site.path().join("kam.toml"),
        "title = \"T\"\ntoday = 2026-11-27\nreference_year = 2030\n",
    )
    .expect("toml");
    std::fs::write(
        site.path().join("content/accounts/alfa-bruk.md"),
        account(
            "Alfa Bruk",
            "Lena Holm",
            "[[years]]\nyear = 2025\nrevenue = 100\n",
        ),
    )
    .expect("account");
    check(&site, &[]).success().stderr(predicate::str::contains(
        "kam.toml:3:18: warning: no account has a [[years]] row for reference_year 2030",
    ));
}

#[test]
fn most_accounts_scoring_undefined_factors_is_said_once_at_kam_toml() {
    let site = site();
    // No weight tables: the default factors apply, and these accounts score others.
    let scores = "[attractiveness]\nsize = 5\n\n[strength]\nquality = 5\n\n";
    for slug in ["alfa-bruk", "beta-tryck"] {
        std::fs::write(
            site.path().join(format!("content/accounts/{slug}.md")),
            account(slug, "Lena Holm", scores),
        )
        .expect("account");
    }
    check(&site, &[])
        .code(1)
        .stderr(predicate::str::contains(
            "kam.toml:1:1: error: 2 account files score factors this kam.toml does not define",
        ))
        .stderr(predicate::str::contains(
            "volume, growth, margin, strategic_fit",
        ));
}

#[test]
fn shortcodes_shown_as_written_are_warnings() {
    let site = site();
    std::fs::create_dir_all(site.path().join("content/handbook")).expect("handbook");
    std::fs::write(
        site.path().join("content/handbook/intro.md"),
        "# Intro\n\nSee {{< matrix >}} for the portfolio.\n\n{{< counts >}}\n\n```\n{{< due >}} in code\n```\n\n`{{< pareto >}}` inline\n",
    )
    .expect("chapter");
    std::fs::write(
        site.path().join("content/accounts/alfa-bruk.md"),
        account("Alfa Bruk", "Lena Holm", "") + "Notes.\n\n{{< due >}}\n",
    )
    .expect("account");
    let assert = check(&site, &[])
        .success()
        .stderr(predicate::str::contains(
            "content/handbook/intro.md:3:5: warning: this shortcode is not alone on its line, so it is shown as written",
        ))
        .stderr(predicate::str::contains(
            "content/accounts/alfa-bruk.md:8:1: warning: shortcodes work in handbook chapters only",
        ));
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert_eq!(stderr.matches("shown as written").count(), 2, "{stderr}");
}
