//! Control characters (SPEC §1, v2): escaped when kam prints site text to a terminal,
//! dropped from every output file, tab and newline aside.

mod common;

use common::*;

const HOSTILE_ACCOUNT: &str = "+++
name = \"Gamma\\u0000\\u0007\\u001b[2J AB\"
manager = \"Anna\\u001b]0;pwned\\u0007 Berg\"
stage = \"exploratory\"
tags = [\"a\\u0008b\"]

[attractiveness]
volume = 6
growth = 7
margin = 6
strategic_fit = 5

[strength]
product = 3
service = 4
price = 5
relationship = 2
+++
# Rubrik &#27;[31m röd \u{1b}[0m

Text &#7; och \u{7f} och \u{9b}.
";

#[test]
fn control_characters_never_reach_an_output_file() {
    let site = copy_fixture("happy");
    let root = site.path();
    std::fs::write(root.join("content/accounts/gamma-skog.md"), HOSTILE_ACCOUNT).expect("write");
    let config = std::fs::read_to_string(root.join("kam.toml")).expect("read");
    std::fs::write(
        root.join("kam.toml"),
        config.replace(
            "title = \"Fixture AB\"",
            "title = \"Fixture\\u001b]0;x\\u0007 AB\"",
        ),
    )
    .expect("write");
    let output = root.join("public");
    build(root, &output);
    let tree = read_tree(&output);
    for (path, bytes) in &tree {
        let Ok(text) = std::str::from_utf8(bytes) else {
            continue;
        };
        // RFC 5545 ends every line of a calendar with CRLF; a CR anywhere else is bad.
        let text = if path.ends_with(".ics") {
            text.replace("\r\n", "\n")
        } else {
            text.to_string()
        };
        let bad: Vec<char> = text
            .chars()
            .filter(|c| c.is_control() && *c != '\t' && *c != '\n')
            .collect();
        assert!(bad.is_empty(), "{path} holds {bad:?}");
    }
    let page = String::from_utf8(tree["accounts/gamma-skog/index.html"].clone()).expect("utf-8");
    assert!(page.contains("Gamma[2J AB"), "the rest of the text stays");
    assert!(page.contains("<title>"), "{page}");
}

#[test]
fn control_characters_in_problems_are_escaped_on_the_terminal() {
    let site = copy_fixture("happy");
    let root = site.path();
    let account =
        std::fs::read_to_string(root.join("content/accounts/gamma-skog.md")).expect("read");
    std::fs::write(
        root.join("content/accounts/gamma-skog.md"),
        account.replacen(
            "stage = \"exploratory\"",
            "stage = \"\\u001b[2J\\u001b]0;pwned\\u0007\"\n\"\\u001bc\" = 1",
            1,
        ),
    )
    .expect("write");
    let assert = kam().args(["check", "--root"]).arg(root).assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        !stderr.chars().any(|c| c.is_control() && c != '\n'),
        "{stderr:?}"
    );
    assert!(stderr.contains("unknown key `\\u{1b}c`"), "{stderr}");
}
