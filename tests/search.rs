//! Search, end to end: the `happy` fixture built through the binary, its search index read
//! back and queried the way `search.js` queries it (prefix of a folded word, accounts
//! before chapters), the search page and the header form of every page, the same bytes
//! whatever the thread count, and the data the table filters read.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{build, copy_fixture, html_pages, kam, read_tree};
use serde_json::Value;

/// The JSON argument list of a `kamSearch.<call>(...);` file.
fn arguments(out: &Path, path: &str, call: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(out.join(path)).expect("index file");
    let inner = text
        .strip_prefix(&format!("kamSearch.{call}("))
        .and_then(|rest| rest.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("{path} is not a kamSearch.{call} call: {text}"));
    match serde_json::from_str(&format!("[{inner}]")).expect("JSON arguments") {
        Value::Array(values) => values,
        other => panic!("{other}"),
    }
}

/// The titles and addresses of the documents holding a term that starts with `word`
/// (already folded), in index order, as the search page would list them.
fn search(out: &Path, word: &str) -> Vec<(String, String)> {
    let meta = arguments(out, "search/index.js", "meta").remove(0);
    let chunk = meta["chunk"].as_u64().expect("chunk size") as usize;
    let letters = meta["letters"].as_u64().expect("letters per shard name") as usize;
    let key: String = word.chars().take(letters).collect();
    let Some(file) = meta["shards"][&key].as_str() else {
        return Vec::new();
    };
    let shard = arguments(out, &format!("search/t/{file}.js"), "terms");
    assert_eq!(shard[0], Value::String(key));
    let mut docs = std::collections::BTreeSet::new();
    for (term, deltas) in shard[1].as_object().expect("terms") {
        if !term.starts_with(word) {
            continue;
        }
        let mut code = 0;
        for delta in deltas.as_array().expect("postings") {
            code += delta.as_u64().expect("delta") as usize;
            docs.insert(code / 2);
        }
    }
    docs.into_iter()
        .map(|number| {
            let path = format!("search/d/{}.js", number / chunk);
            let table = arguments(out, &path, "docs");
            let doc = &table[1][number % chunk];
            (
                doc[0].as_str().expect("title").to_string(),
                doc[1].as_str().expect("url").to_string(),
            )
        })
        .collect()
}

fn titles(found: &[(String, String)]) -> Vec<&str> {
    found.iter().map(|(title, _)| title.as_str()).collect()
}

#[test]
fn the_index_finds_accounts_people_actions_and_chapter_headings_by_prefix() {
    let site = copy_fixture("happy");
    let out = tempfile::tempdir().expect("output folder");
    build(site.path(), out.path());
    let out = out.path();

    // An action's place, typed without its ä; a contact; a manager; a heading; notes.
    assert_eq!(
        search(out, "gavl"),
        [(
            "Alfa Bruk AB".to_string(),
            "accounts/alfa-bruk/index.html".to_string()
        )]
    );
    assert_eq!(titles(&search(out, "erik")), ["Alfa Bruk AB"]);
    assert_eq!(titles(&search(out, "inkopsc")), ["Alfa Bruk AB"]);
    assert!(titles(&search(out, "anna")).contains(&"Alfa Bruk AB"));
    assert_eq!(
        search(out, "kvadrant"),
        [(
            "Portföljmatrisen".to_string(),
            "handbook/matris/index.html".to_string()
        )]
    );
    assert!(titles(&search(out, "kvartalsm")).contains(&"Alfa Bruk AB"));
    // Accounts come before chapters for a word both hold (a heading of each).
    assert_eq!(
        search(out, "bakgr"),
        [
            (
                "Alfa Bruk AB".to_string(),
                "accounts/alfa-bruk/index.html".to_string()
            ),
            (
                "Varför nyckelkunder".to_string(),
                "handbook/intro/index.html".to_string()
            ),
        ]
    );
    assert!(search(out, "zzzz").is_empty());

    // Every shard the index names exists, and nothing in search/ is unnamed.
    let tree = read_tree(&out.join("search"));
    assert!(tree.contains_key("index.html") && tree.contains_key("index.js"));
    let meta = arguments(out, "search/index.js", "meta").remove(0);
    for file in meta["shards"].as_object().expect("shards").values() {
        let file = file.as_str().expect("file name");
        assert!(tree.contains_key(&format!("t/{file}.js")), "{file}");
    }
    assert!(out.join("static/search.js").is_file());
}

#[test]
fn every_page_has_the_search_form_and_the_search_page_works_without_javascript_too() {
    let site = copy_fixture("happy");
    let out = tempfile::tempdir().expect("output folder");
    build(site.path(), out.path());
    let pages = html_pages(out.path());
    for (path, page) in &pages {
        let root = "../".repeat(path.matches('/').count());
        let form = format!("action=\"{root}search/index.html\" method=\"get\"");
        assert!(page.contains(&form), "{path} has no search form");
        // A link as well as the form, so that link checkers reach the page.
        let link = format!("<a href=\"{root}search/index.html\">");
        assert!(page.contains(&link), "{path} does not link the search page");
        assert!(
            page.contains("<label class=\"visually-hidden\" for=\"site-search-q\">"),
            "{path}"
        );
    }
    let search = &pages["search/index.html"];
    assert!(search.contains("Sökningen behöver JavaScript"), "{search}");
    assert!(
        search.contains("href=\"../index.html#accounts\""),
        "{search}"
    );
    assert!(search.contains("<script src=\"../static/search.js\"></script>"));
    assert!(search.contains("data-index=\"../search/index.html\""));
    let sitemap = std::fs::read_to_string(out.path().join("sitemap.xml")).expect("sitemap");
    assert!(!sitemap.contains("search/"), "{sitemap}");
}

#[test]
fn the_index_is_the_same_bytes_whatever_the_thread_count() {
    let site = copy_fixture("happy");
    let mut trees: Vec<BTreeMap<String, Vec<u8>>> = Vec::new();
    for threads in ["1", "3"] {
        let out = tempfile::tempdir().expect("output folder");
        kam()
            .env("RAYON_NUM_THREADS", threads)
            .args(["build", "--quiet", "--today", "2026-11-27", "--root"])
            .arg(site.path())
            .arg("--output")
            .arg(out.path())
            .assert()
            .success();
        trees.push(read_tree(&out.path().join("search")));
    }
    assert!(trees[0].len() > 3);
    assert_eq!(trees[0], trees[1]);
}

#[test]
fn the_accounts_table_rows_carry_what_the_filters_read() {
    let site = copy_fixture("happy");
    let out = tempfile::tempdir().expect("output folder");
    build(site.path(), out.path());
    let index = &html_pages(out.path())["index.html"];
    assert!(
        index.contains("data-manager=\"Anna Berg\""),
        "no filter data in the table"
    );
    assert!(
        index.contains("data-tags=\"[&quot;kartong&quot;]\""),
        "{index}"
    );
    assert!(index.contains("data-filter-heading=\"Filtrera tabellen\""));
    // No control is written into the page: only the script makes them.
    assert!(!index.contains("<select"));
}
