//! The output swap: what a killed build left beside the output is removed by the next
//! build, and once the new site is in place the exit code says the build succeeded.
#![cfg(unix)]

mod common;

use std::os::unix::fs::PermissionsExt;

use common::*;
use predicates::prelude::*;

#[test]
fn the_next_build_removes_what_a_killed_build_left_behind() {
    let site = copy_fixture("happy");
    let root = site.path();
    // Process ids above Linux's largest: these builds are certainly gone.
    for name in [".kam-build-4194400-k1", ".kam-previous-4194401-k2"] {
        std::fs::create_dir_all(root.join(name).join("accounts")).expect("mkdir");
        std::fs::write(root.join(name).join(".kam-output"), "").expect("write");
        std::fs::write(root.join(name).join("accounts/big.html"), "x").expect("write");
    }
    std::fs::create_dir_all(root.join(".kam-build-someone-elses")).expect("mkdir");
    std::fs::write(root.join(".kam-build-someone-elses/notes.txt"), "keep").expect("write");
    build(root, &root.join("public"));
    assert!(!root.join(".kam-build-4194400-k1").exists());
    assert!(!root.join(".kam-previous-4194401-k2").exists());
    assert!(root.join(".kam-build-someone-elses/notes.txt").is_file());
    let leftovers: Vec<_> = std::fs::read_dir(root)
        .expect("read_dir")
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".kam-") && name != ".kam-build-someone-elses")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn an_old_copy_that_cannot_be_removed_is_a_warning_not_a_failure() {
    let site = copy_fixture("happy");
    let root = site.path();
    let output = root.join("public");
    build(root, &output);
    let locked = output.join("locked");
    std::fs::create_dir_all(&locked).expect("mkdir");
    std::fs::write(locked.join("file"), "x").expect("write");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let removable_anyway = std::fs::remove_file(locked.join("file")).is_ok();
    let assert = kam()
        .args(["build", "--quiet", "--root"])
        .arg(root)
        .assert()
        .success();
    assert!(
        output.join("index.html").is_file(),
        "the new site is in place"
    );
    assert!(
        !output.join("locked").exists(),
        "the new site replaced the old"
    );
    if !removable_anyway {
        assert.stderr(predicate::str::contains("warning: the new site is in"));
    }
    for entry in std::fs::read_dir(root).expect("read_dir").flatten() {
        let _ = std::fs::set_permissions(
            entry.path().join("locked"),
            std::fs::Permissions::from_mode(0o755),
        );
    }
}
