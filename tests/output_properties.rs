//! Properties every built site has: deterministic bytes, escaped user input, and links
//! that work from any server path or straight from disk.

mod common;

use std::path::Path;

use common::*;
use scraper::{ElementRef, Html, Selector};

fn build_with_threads(root: &Path, output: &Path, threads: Option<&str>) {
    let mut command = kam();
    command
        .args(["build", "--quiet", "--root"])
        .arg(root)
        .arg("--output")
        .arg(output);
    if let Some(threads) = threads {
        command.env("RAYON_NUM_THREADS", threads);
    }
    command.assert().success();
}

#[test]
fn same_input_same_bytes_whatever_the_thread_count() {
    for fixture_name in ["happy", "hostile"] {
        let site = copy_fixture(fixture_name);
        let first = site.path().join("first");
        let second = site.path().join("second");
        let single = site.path().join("single");
        build_with_threads(site.path(), &first, None);
        build_with_threads(site.path(), &second, None);
        build_with_threads(site.path(), &single, Some("1"));
        let reference = read_tree(&first);
        assert!(reference.len() > 10, "{fixture_name}: too few files");
        assert!(
            reference == read_tree(&second),
            "{fixture_name}: two builds differ"
        );
        assert!(
            reference == read_tree(&single),
            "{fixture_name}: one thread differs from many"
        );
    }
}

fn inside_user_prose(element: ElementRef) -> bool {
    element
        .ancestors()
        .filter_map(ElementRef::wrap)
        .any(|ancestor| {
            ancestor
                .value()
                .attr("class")
                .is_some_and(|class| class.split_whitespace().any(|name| name == "prose"))
        })
}

#[test]
fn hostile_input_is_escaped_or_removed() {
    let site = copy_fixture("hostile");
    let output = site.path().join("public");
    build(site.path(), &output);
    let any = Selector::parse("*").expect("selector");
    let pages = html_pages(&output);
    assert!(pages.len() >= 10);
    for (path, html) in &pages {
        let document = Html::parse_document(html);
        for element in document.select(&any) {
            let name = element.value().name();
            assert!(
                !["iframe", "object", "embed", "style"].contains(&name),
                "{path}: a <{name}> element survived"
            );
            // The only forms are the theme's search forms, outside anything the user wrote.
            if name == "form" {
                let action = element.value().attr("action").unwrap_or_default();
                assert!(
                    action.ends_with("search/index.html") && !inside_user_prose(element),
                    "{path}: a form that is not the theme's: {}",
                    element.html()
                );
            }
            if name == "script" {
                let src = element.value().attr("src").unwrap_or_default();
                let theirs = src.ends_with("static/kam.js")
                    || (path == "search/index.html" && src == "../static/search.js");
                assert!(
                    theirs,
                    "{path}: a script that is not the theme's: {}",
                    element.html()
                );
            }
            for (attribute, value) in element.value().attrs() {
                assert!(
                    !attribute.starts_with("on"),
                    "{path}: event handler {attribute}={value:?} on <{name}>"
                );
                let lowered = value.trim().to_ascii_lowercase();
                assert!(
                    !lowered.starts_with("javascript:"),
                    "{path}: javascript URL in {attribute} of <{name}>"
                );
                if attribute == "style" {
                    assert!(
                        !lowered.contains("position"),
                        "{path}: user style survived: {value:?}"
                    );
                }
            }
        }
    }
    let account = &pages["accounts/evil/index.html"];
    assert!(
        account
            .contains("&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt; &amp; &quot;Sons&quot;")
    );
    assert!(
        account.contains("href=\"https://example.org/page?a=1&amp;b=2\""),
        "external links the user wrote stay"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(output.join("data/portfolio.json")).expect("json"))
            .expect("valid JSON");
    assert_eq!(
        json["accounts"][0]["name"],
        "<script>alert('name')</script> & \"Sons\" <img src=x onerror=alert(1)>"
    );
}

#[test]
fn every_internal_link_is_relative_and_resolves() {
    let site = copy_fixture("happy");
    let output = site.path().join("public");
    build(site.path(), &output);
    let linked = Selector::parse("[href], [src]").expect("selector");
    let mut checked = 0;
    for (path, html) in html_pages(&output) {
        let document = Html::parse_document(&html);
        let page_dir = Path::new(&path)
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        for element in document.select(&linked) {
            for attribute in ["href", "src"] {
                let Some(target) = element.value().attr(attribute) else {
                    continue;
                };
                let has_scheme = target.split_once(':').is_some_and(|(scheme, _)| {
                    !scheme.is_empty()
                        && scheme
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
                });
                if has_scheme {
                    assert!(
                        inside_user_prose(element),
                        "{path}: absolute URL {target:?} outside user prose"
                    );
                    continue;
                }
                assert!(
                    !target.starts_with('/'),
                    "{path}: root-relative URL {target:?}"
                );
                let file_part = target.split('#').next().unwrap_or_default();
                if file_part.is_empty() {
                    continue;
                }
                assert!(
                    !file_part.ends_with('/'),
                    "{path}: link to a folder ({target:?}) fails from file://"
                );
                let resolved = output.join(&page_dir).join(file_part);
                assert!(resolved.is_file(), "{path}: broken link {target:?}");
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} links checked");
}

#[test]
fn sitemap_lists_absolute_urls_under_base_url() {
    let site = copy_fixture("happy");
    let output = site.path().join("public");
    build(site.path(), &output);
    let sitemap = std::fs::read_to_string(output.join("sitemap.xml")).expect("sitemap");
    assert!(
        sitemap.contains("<loc>https://kam.example.se/nyckelkunder/accounts/alfa-bruk/</loc>"),
        "{sitemap}"
    );
    assert!(sitemap.contains("<loc>https://kam.example.se/nyckelkunder/handbook/intro/</loc>"));
    assert!(
        !sitemap.contains("utkast"),
        "drafts stay out of the sitemap"
    );
}
