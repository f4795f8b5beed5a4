//! Nothing is skipped in silence (SPEC §1, v2): linked content inside the site is loaded,
//! misnamed Markdown is a warning with the name to rename to, and what cannot be read is an
//! error.
#![cfg(unix)]

mod common;

use std::os::unix::fs::{PermissionsExt, symlink};

use common::*;
use predicates::prelude::*;

#[test]
fn a_linked_accounts_folder_inside_the_site_is_loaded() {
    let site = copy_fixture("happy");
    let root = site.path();
    std::fs::rename(root.join("content/accounts"), root.join("kunder")).expect("move");
    symlink(root.join("kunder"), root.join("content/accounts")).expect("link");
    kam()
        .args(["check", "--root"])
        .arg(root)
        .assert()
        .success()
        .stdout(predicate::str::contains("checked 3 accounts"));
}

#[test]
fn a_linked_account_file_inside_the_site_is_loaded() {
    let site = copy_fixture("happy");
    let root = site.path();
    std::fs::create_dir_all(root.join("shared")).expect("mkdir");
    std::fs::rename(
        root.join("content/accounts/gamma-skog.md"),
        root.join("shared/gamma-skog.md"),
    )
    .expect("move");
    symlink(
        root.join("shared/gamma-skog.md"),
        root.join("content/accounts/gamma-skog.md"),
    )
    .expect("link");
    kam()
        .args(["check", "--root"])
        .arg(root)
        .assert()
        .success()
        .stdout(predicate::str::contains("checked 3 accounts"));
}

#[test]
fn misnamed_markdown_is_a_warning_naming_the_file_to_rename_to() {
    let site = copy_fixture("happy");
    let root = site.path();
    std::fs::write(root.join("content/accounts/kund.MD"), "x").expect("write");
    std::fs::write(root.join("content/handbook/guide.markdown"), "x").expect("write");
    std::fs::write(root.join("content/handbook/notes.txt"), "x").expect("write");
    let output = root.join("public");
    let assert = kam()
        .args(["build", "--quiet", "--root"])
        .arg(root)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    for (file, renamed) in [
        ("content/accounts/kund.MD", "content/accounts/kund.md"),
        (
            "content/handbook/guide.markdown",
            "content/handbook/guide.md",
        ),
        ("content/handbook/notes.txt", "content/handbook/notes.md"),
    ] {
        assert!(
            stderr.contains(&format!("{file}:1:1: warning: ")),
            "{stderr}"
        );
        assert!(
            stderr.contains(&format!("rename it to {renamed}")),
            "{stderr}"
        );
    }
    assert!(output.join("index.html").is_file(), "the build went on");
}

#[test]
fn strict_turns_warnings_into_errors_for_build_and_check() {
    let site = copy_fixture("happy");
    let root = site.path();
    std::fs::write(root.join("content/accounts/kund.markdown"), "x").expect("write");
    kam()
        .args(["check", "--strict", "--root"])
        .arg(root)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "content/accounts/kund.markdown:1:1: error: ",
        ));
    kam()
        .args(["build", "--strict", "--root"])
        .arg(root)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("1 problem in 1 file"));
    assert!(!root.join("public").exists(), "nothing was written");
}

#[test]
fn a_broken_link_under_templates_or_static_is_an_error() {
    let site = copy_fixture("happy");
    let root = site.path();
    std::fs::create_dir_all(root.join("templates")).expect("mkdir");
    std::fs::create_dir_all(root.join("static")).expect("mkdir");
    symlink(root.join("gone.html"), root.join("templates/base.html")).expect("link");
    symlink(root.join("gone"), root.join("static/logos")).expect("link");
    let assert = kam().args(["build", "--root"]).arg(root).assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("templates/base.html:1:1: error: a broken symlink"),
        "{stderr}"
    );
    assert!(
        stderr.contains("static/logos:1:1: error: a broken symlink"),
        "{stderr}"
    );
}

#[test]
fn an_unreadable_folder_under_static_is_an_error() {
    let site = copy_fixture("happy");
    let root = site.path();
    let locked = root.join("static/locked");
    std::fs::create_dir_all(&locked).expect("mkdir");
    std::fs::write(locked.join("a.css"), "a").expect("write");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let readable_anyway = std::fs::read_dir(&locked).is_ok();
    let assert = kam().args(["build", "--root"]).arg(root).assert();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    if readable_anyway {
        // A privileged user reads every folder, so there is nothing to refuse; the build
        // must then copy the file like any other.
        assert.success();
        assert!(root.join("public/static/locked/a.css").is_file());
    } else {
        assert.code(1).stderr(predicate::str::contains(
            "static/locked:1:1: error: cannot read",
        ));
    }
}
