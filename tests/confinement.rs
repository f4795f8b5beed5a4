//! Nothing from outside the site folder is read (SPEC §1, v2): a symlink leading out of the
//! site is an error naming the link, and `theme` is a plain folder name under `themes/`.
#![cfg(unix)]

mod common;

use std::os::unix::fs::symlink;
use std::path::Path;

use common::*;

/// A folder outside the site holding a file that must never reach the output.
fn secret_folder() -> tempfile::TempDir {
    let outside = tempfile::tempdir().expect("temporary folder");
    std::fs::write(outside.path().join("shadow"), "root:SECRET-LINE:0:0\n").expect("write");
    std::fs::write(outside.path().join("base.html"), "SECRET-LINE").expect("write");
    outside
}

/// Runs `kam build` and returns its stderr, asserting it failed with exit code 1, wrote no
/// output and printed nothing of the secret.
fn refused(site: &Path) -> String {
    let output = site.join("public");
    let assert = kam().args(["build", "--root"]).arg(site).assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(!stderr.contains("SECRET-LINE"), "{stderr}");
    assert!(!output.exists(), "nothing is written");
    stderr
}

#[test]
fn a_static_folder_linked_out_of_the_site_is_an_error_naming_it() {
    let outside = secret_folder();
    let site = copy_fixture("happy");
    symlink(outside.path(), site.path().join("static")).expect("link");
    let stderr = refused(site.path());
    assert!(
        stderr.contains("static:1:1: error: this is a symlink to a place outside the site"),
        "{stderr}"
    );
}

#[test]
fn a_linked_file_inside_static_or_templates_leading_out_is_an_error() {
    let outside = secret_folder();
    let site = copy_fixture("happy");
    std::fs::create_dir_all(site.path().join("static")).expect("mkdir");
    std::fs::create_dir_all(site.path().join("templates")).expect("mkdir");
    symlink(
        outside.path().join("shadow"),
        site.path().join("static/shadow"),
    )
    .expect("link");
    symlink(
        outside.path().join("base.html"),
        site.path().join("templates/base.html"),
    )
    .expect("link");
    let stderr = refused(site.path());
    assert!(stderr.contains("static/shadow:1:1: error:"), "{stderr}");
    assert!(
        stderr.contains("templates/base.html:1:1: error:"),
        "{stderr}"
    );
}

#[test]
fn links_that_stay_inside_the_site_are_followed() {
    let site = copy_fixture("happy");
    let root = site.path();
    std::fs::create_dir_all(root.join("assets")).expect("mkdir");
    std::fs::write(root.join("assets/logo.svg"), "<svg/>").expect("write");
    symlink(root.join("assets"), root.join("static")).expect("link");
    let output = root.join("public");
    build(root, &output);
    assert_eq!(
        std::fs::read(output.join("static/logo.svg")).expect("copied"),
        b"<svg/>"
    );
}

#[test]
fn a_theme_must_be_a_plain_folder_name_under_themes() {
    let outside = secret_folder();
    std::fs::create_dir_all(outside.path().join("templates")).expect("mkdir");
    for theme in [
        outside.path().display().to_string(),
        "../../x".to_string(),
        "a/b".to_string(),
        "..".to_string(),
    ] {
        let site = copy_fixture("happy");
        let config = std::fs::read_to_string(site.path().join("kam.toml")).expect("read");
        std::fs::write(
            site.path().join("kam.toml"),
            format!("{config}theme = {theme:?}\n"),
        )
        .expect("write");
        let stderr = refused(site.path());
        assert!(
            stderr.contains("kam.toml:5:9: error: theme") && stderr.contains("not a folder name"),
            "{theme}: {stderr}"
        );
    }
}

#[test]
fn a_theme_folder_linked_out_of_the_site_is_an_error() {
    let outside = secret_folder();
    std::fs::create_dir_all(outside.path().join("templates")).expect("mkdir");
    let site = copy_fixture("happy");
    std::fs::create_dir_all(site.path().join("themes")).expect("mkdir");
    symlink(outside.path(), site.path().join("themes/borrowed")).expect("link");
    let config = std::fs::read_to_string(site.path().join("kam.toml")).expect("read");
    std::fs::write(
        site.path().join("kam.toml"),
        format!("{config}theme = \"borrowed\"\n"),
    )
    .expect("write");
    let stderr = refused(site.path());
    assert!(stderr.contains("themes/borrowed:1:1: error:"), "{stderr}");
}

#[test]
fn a_kam_toml_linked_to_a_file_outside_is_not_read() {
    let outside = secret_folder();
    let site = copy_fixture("happy");
    std::fs::remove_file(site.path().join("kam.toml")).expect("remove");
    symlink(outside.path().join("shadow"), site.path().join("kam.toml")).expect("link");
    let stderr = refused(site.path());
    assert!(
        stderr.contains("kam.toml:1:1: error: this is a symlink"),
        "{stderr}"
    );
}

#[test]
fn content_linked_out_of_the_site_is_an_error() {
    let outside = secret_folder();
    std::fs::write(
        outside.path().join("stolen.md"),
        include_str!("fixtures/happy/content/accounts/alfa-bruk.md"),
    )
    .expect("write");
    let site = copy_fixture("happy");
    symlink(
        outside.path().join("stolen.md"),
        site.path().join("content/accounts/stolen.md"),
    )
    .expect("link");
    symlink(outside.path(), site.path().join("content/handbook/more")).expect("link");
    let stderr = refused(site.path());
    assert!(
        stderr.contains("content/accounts/stolen.md:1:1: error:"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/handbook/more:1:1: error:"),
        "{stderr}"
    );
}
