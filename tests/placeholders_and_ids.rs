//! Shortcodes are found in Markdown, never in code and never forged; ids from content
//! cannot take the theme's ids, and links inside the content follow them.

mod common;

use common::*;

fn chapter_page(body: &str) -> String {
    let site = copy_fixture("happy");
    std::fs::write(site.path().join("content/handbook/prov.md"), body).expect("write");
    let output = site.path().join("public");
    build(site.path(), &output);
    std::fs::read_to_string(output.join("handbook/prov/index.html")).expect("chapter page")
}

#[test]
fn shortcodes_inside_code_stay_code() {
    let page = chapter_page(
        "# Prov\n\n    {{< matrix >}}\n\n````\n```\n{{< pareto >}}\n````\n\n~~~\n{{< due >}}\n~~~\n",
    );
    assert!(!page.contains("<svg"), "no chart from code");
    assert!(!page.contains("class=\"due\""), "no due list from code");
    assert!(!page.contains('\u{E000}'), "no raw placeholder");
    for code in [
        "{{&lt; matrix &gt;}}",
        "{{&lt; pareto &gt;}}",
        "{{&lt; due &gt;}}",
    ] {
        assert!(page.contains(code), "{code} shown as code");
    }
}

#[test]
fn a_typed_placeholder_mark_forges_nothing() {
    let page = chapter_page(
        "# Prov\n\n\u{E000}kam:bogus\u{E000}\n\n\u{E000}kam:due\u{E000}\n\n&#xE000;kam:due&#xE000;\n",
    );
    assert!(!page.contains("class=\"due\""), "no due list");
    assert!(!page.contains('\u{E000}'));
    let page = chapter_page("# Prov\n\n{{< due >}}\n");
    assert!(
        page.contains("class=\"due\"") || page.contains("due"),
        "a real one still works"
    );
}

#[test]
fn content_ids_never_duplicate_the_pages_own() {
    let page =
        chapter_page("# Prov\n\n## Huvud {#main}\n\n<div id=\"main\">x</div>\n\n[upp](#main)\n");
    assert_eq!(
        page.matches("id=\"main\"").count(),
        1,
        "only the theme's main"
    );
    assert!(page.contains("href=\"#user-content-main\""));
}

#[test]
fn links_in_account_notes_follow_their_renamed_ids() {
    let site = copy_fixture("happy");
    let path = site.path().join("content/accounts/gamma-skog.md");
    let account = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        format!(
            "{account}\n<div id=\"foo\">Mål</div>\n\n<a href=\"#foo\">till mål</a> [igen](#foo)\n"
        ),
    )
    .expect("write");
    let output = site.path().join("public");
    build(site.path(), &output);
    let page =
        std::fs::read_to_string(output.join("accounts/gamma-skog/index.html")).expect("page");
    assert!(page.contains("id=\"user-content-foo\""), "{page}");
    assert_eq!(
        page.matches("href=\"#user-content-foo\"").count(),
        2,
        "{page}"
    );
    assert!(!page.contains("href=\"#foo\""));
}
