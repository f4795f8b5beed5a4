//! `kam init` and `kam new`, through the binary on temporary folders.

mod common;

use std::fs;
use std::path::Path;

use common::kam;
use predicates::prelude::*;

fn init(dir: &Path, language: &str) {
    kam()
        .arg("init")
        .arg(dir)
        .args(["--language", language])
        .assert()
        .success()
        .stdout(predicate::str::contains("kam serve"));
}

fn build_ok(root: &Path) {
    kam()
        .args(["build", "--quiet", "--root"])
        .arg(root)
        .assert()
        .success();
}

#[test]
fn init_makes_a_site_that_builds_in_either_language() {
    for language in ["sv", "en"] {
        let temp = tempfile::tempdir().expect("tempdir");
        let site = temp.path().join("mysite");
        init(&site, language);
        build_ok(&site);
        let accounts: Vec<_> = fs::read_dir(site.join("public/accounts"))
            .expect("account pages")
            .collect();
        assert_eq!(
            accounts.len(),
            2,
            "{language}: one page per example account"
        );
        let gitignore = fs::read_to_string(site.join(".gitignore")).expect(".gitignore");
        assert!(gitignore.lines().any(|line| line.trim() == "/public/"));
        let readme = fs::read_to_string(site.join("README.md")).expect("README");
        for command in ["kam serve", "kam new account", "kam build"] {
            assert!(
                readme.contains(command),
                "{language}: README names {command}"
            );
        }
        let chapters = fs::read_dir(site.join("content/handbook"))
            .expect("handbook")
            .count();
        assert_eq!(chapters, 1);
    }
}

#[test]
fn kam_toml_names_every_key_of_the_spec() {
    let temp = tempfile::tempdir().expect("tempdir");
    init(temp.path(), "sv");
    let text = fs::read_to_string(temp.path().join("kam.toml")).expect("kam.toml");
    for key in [
        "title =",
        "language =",
        "base_url =",
        "currency =",
        "theme =",
        "today =",
        "reference_year =",
        "[segmentation]",
        "attractiveness_cutoff =",
        "strength_cutoff =",
        "abc_cutoffs =",
        "[segmentation.attractiveness_weights]",
        "[segmentation.strength_weights]",
        "[segmentation.labels]",
        "strategic_fit = \"Strategisk passform\"",
        "[plan]",
        "due_soon_days =",
        "red_overdue_days =",
        "stale_days =",
        "[alerts]",
        "revenue_decline =",
        "[[chain.stages]]",
        "[history]",
        "git =",
        "compare_days =",
        "[import.columns]",
    ] {
        assert!(text.contains(key), "kam.toml lacks {key}");
    }
}

#[test]
fn init_refuses_a_folder_in_use_and_force_keeps_its_files() {
    let temp = tempfile::tempdir().expect("tempdir");
    fs::write(temp.path().join("kam.toml"), "title = \"Mine\"\n").expect("write");
    kam()
        .arg("init")
        .arg(temp.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--force"));
    assert!(!temp.path().join("content").exists(), "nothing written");
    kam()
        .arg("init")
        .arg(temp.path())
        .arg("--force")
        .assert()
        .success()
        .stdout(predicate::str::contains("kept"));
    assert_eq!(
        fs::read_to_string(temp.path().join("kam.toml")).expect("read"),
        "title = \"Mine\"\n"
    );
    assert!(temp.path().join("content/accounts").is_dir());
}

#[test]
fn new_account_is_named_by_its_slug_and_never_overwrites() {
    let temp = tempfile::tempdir().expect("tempdir");
    init(temp.path(), "en");
    kam()
        .args(["new", "account", "Åre Skog \"Norr\" AB", "--root"])
        .arg(temp.path())
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "content/accounts/are-skog-norr-ab.md",
        ));
    let path = temp.path().join("content/accounts/are-skog-norr-ab.md");
    let text = fs::read_to_string(&path).expect("the new account");
    let front = text
        .strip_prefix("+++\n")
        .and_then(|rest| rest.split("\n+++\n").next())
        .expect("front matter");
    let table: toml::Table = toml::from_str(front).expect("front matter is TOML");
    assert_eq!(table["name"].as_str(), Some("Åre Skog \"Norr\" AB"));
    assert_eq!(table["stage"].as_str(), Some("exploratory"));
    for field in [
        "industry",
        "country",
        "team",
        "customer_since",
        "tags",
        "crm_id",
        "reviewed",
        "chain",
        "sells_to",
        "[attractiveness]",
        "[strength]",
        "[forecast]",
        "[buyer]",
        "[[years]]",
        "revenue",
        "gross_margin",
        "cost_to_serve",
        "wallet",
        "[[contacts]]",
        "role",
        "owner",
        "email",
        "phone",
        "[[objectives]]",
        "measure",
        "[[actions]]",
        "objective",
        "status",
        "[extra]",
    ] {
        assert!(text.contains(field), "the new account lacks {field}");
    }
    for factor in ["volume", "strategic_fit", "relationship"] {
        assert!(
            text.contains(&format!("# {factor} =")),
            "lists factor {factor}"
        );
    }
    kam()
        .args(["new", "account", "Åre Skog Norr AB", "--root"])
        .arg(temp.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists"));
    assert_eq!(fs::read_to_string(&path).expect("read"), text);
}

#[test]
fn new_account_lists_the_sites_own_factors() {
    let site = common::copy_fixture("custom-factors");
    kam()
        .args(["new", "account", "Ny Kund", "--manager", "Eva", "--root"])
        .arg(site.path())
        .assert()
        .success();
    let text = fs::read_to_string(site.path().join("content/accounts/ny-kund.md")).expect("read");
    let config = fs::read_to_string(site.path().join("kam.toml")).expect("kam.toml");
    let weights: toml::Table = toml::from_str(&config).expect("kam.toml");
    let segmentation = weights["segmentation"].as_table().expect("segmentation");
    for table in ["attractiveness_weights", "strength_weights"] {
        for factor in segmentation[table].as_table().expect("weights").keys() {
            assert!(text.contains(&format!("# {factor} =")), "lists {factor}");
        }
    }
    assert!(text.contains("manager = \"Eva\""));
}

#[test]
fn new_account_refuses_a_name_without_letters() {
    let temp = tempfile::tempdir().expect("tempdir");
    init(temp.path(), "sv");
    kam()
        .args(["new", "account", "!!!", "--root"])
        .arg(temp.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("file name"));
}

#[test]
fn init_build_new_account_check() {
    let temp = tempfile::tempdir().expect("tempdir");
    init(temp.path(), "sv");
    build_ok(temp.path());
    kam()
        .args(["new", "account", "Åre Skog AB", "--root"])
        .arg(temp.path())
        .assert()
        .success();
    kam()
        .args(["check", "--root"])
        .arg(temp.path())
        .assert()
        .success();
}

#[test]
fn new_chapter_comes_after_the_last_and_the_site_still_builds() {
    let temp = tempfile::tempdir().expect("tempdir");
    init(temp.path(), "sv");
    for (title, file, weight) in [
        ("Nästa steg", "nasta-steg.md", 2),
        ("Om oss", "om-oss.md", 3),
    ] {
        kam()
            .args(["new", "chapter", title, "--root"])
            .arg(temp.path())
            .assert()
            .success()
            .stdout(predicate::str::contains(file));
        let text =
            fs::read_to_string(temp.path().join("content/handbook").join(file)).expect("read");
        assert!(text.contains(&format!("weight = {weight}\n")), "{text}");
    }
    kam()
        .args(["check", "--root"])
        .arg(temp.path())
        .assert()
        .success();
    kam()
        .args(["new", "chapter", "Print", "--root"])
        .arg(temp.path())
        .assert()
        .code(1);
}
