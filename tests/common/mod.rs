//! Helpers for the end-to-end tests: fixture sites copied to temporary folders, the real
//! binary, and whole output trees read back for comparison.
#![allow(dead_code, unused_imports)]

mod accounts;
pub use accounts::*;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A private copy of a fixture site, so a test may build into it or change it.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let temp = tempfile::tempdir().expect("temporary folder");
    copy_dir(&fixture(name), temp.path());
    temp
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let relative = entry.path().strip_prefix(from).expect("inside fixture");
        if relative.starts_with("public") {
            continue;
        }
        let target = to.join(relative);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

pub fn kam() -> Command {
    Command::cargo_bin("kam").expect("the kam binary")
}

/// Every file under `dir` with its bytes, keyed by `/`-separated relative path.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|entry| entry.expect("walk output"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let relative = entry.path().strip_prefix(dir).expect("inside output");
            let key = relative
                .components()
                .map(|part| part.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            (key, std::fs::read(entry.path()).expect("read output file"))
        })
        .collect()
}

/// The HTML pages of an output tree, as text.
pub fn html_pages(dir: &Path) -> BTreeMap<String, String> {
    read_tree(dir)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, String::from_utf8(bytes).expect("pages are UTF-8")))
        .collect()
}

/// Builds `root` into `output` with the real binary and asserts success.
pub fn build(root: &Path, output: &Path) {
    kam()
        .args(["build", "--quiet", "--root"])
        .arg(root)
        .arg("--output")
        .arg(output)
        .assert()
        .success();
}
