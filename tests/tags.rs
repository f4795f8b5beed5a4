//! Tag pages, end to end: every tag of the `happy` fixture (with tags added) gets a page
//! listing exactly its accounts, account pages link their tags there, and the sitemap
//! lists them.

mod common;

use std::path::Path;

use common::{build, copy_fixture, html_pages};

/// Adds a top-level `tags` line to an account of the site.
fn tag(root: &Path, slug: &str, tags: &str) {
    let path = root.join(format!("content/accounts/{slug}.md"));
    let text = std::fs::read_to_string(&path).expect("account file");
    let text = text.replacen("+++\n", &format!("+++\ntags = {tags}\n"), 1);
    std::fs::write(&path, text).expect("rewrite account");
}

fn links_account(page: &str, slug: &str) -> bool {
    page.contains(&format!("href=\"../../accounts/{slug}/index.html\""))
}

#[test]
fn each_tag_lists_its_accounts_and_account_pages_link_there() {
    let site = copy_fixture("happy");
    // alfa-bruk already has "kartong".
    tag(
        site.path(),
        "beta-tryck",
        r#"["Kartong", "Export & import", "Ny kund"]"#,
    );
    tag(
        site.path(),
        "gamma-skog",
        r#"["<script>x</script>", "ny-kund"]"#,
    );
    let out = tempfile::tempdir().expect("output folder");
    build(site.path(), out.path());
    let pages = html_pages(out.path());
    let tag_pages: Vec<&str> = pages
        .keys()
        .filter(|path| path.starts_with("tags/"))
        .map(String::as_str)
        .collect();
    assert_eq!(
        tag_pages,
        [
            "tags/export-import/index.html",
            "tags/kartong/index.html",
            "tags/ny-kund-2/index.html",
            "tags/ny-kund/index.html",
            "tags/script-x-script/index.html",
        ]
    );

    // "Kartong" and "kartong" are one tag, shown as first spelt (accounts in slug order).
    let kartong = &pages["tags/kartong/index.html"];
    assert!(kartong.contains("<h1>kartong</h1>"), "{kartong}");
    assert!(links_account(kartong, "alfa-bruk") && links_account(kartong, "beta-tryck"));
    assert!(!links_account(kartong, "gamma-skog"));
    assert!(
        kartong.contains("id=\"accounts-table\""),
        "the accounts table"
    );

    let export = &pages["tags/export-import/index.html"];
    assert!(export.contains("<h1>Export &amp; import</h1>"));
    assert!(links_account(export, "beta-tryck") && !links_account(export, "alfa-bruk"));

    // "Ny kund" and "ny-kund" are different tags whose slugs met: the later gets -2.
    assert!(links_account(
        &pages["tags/ny-kund/index.html"],
        "beta-tryck"
    ));
    assert!(!links_account(
        &pages["tags/ny-kund/index.html"],
        "gamma-skog"
    ));
    assert!(links_account(
        &pages["tags/ny-kund-2/index.html"],
        "gamma-skog"
    ));

    let hostile = &pages["tags/script-x-script/index.html"];
    assert!(hostile.contains("&lt;script&gt;x&lt;/script&gt;"));
    assert!(!hostile.contains("<script>x"));

    let beta = &pages["accounts/beta-tryck/index.html"];
    for (slug, name) in [
        ("kartong", "Kartong"),
        ("export-import", "Export &amp; import"),
        ("ny-kund", "Ny kund"),
    ] {
        let link = format!("<a href=\"../../tags/{slug}/index.html\">{name}</a>");
        assert!(beta.contains(&link), "{link}");
    }
    assert!(
        pages["accounts/gamma-skog/index.html"]
            .contains("<a href=\"../../tags/ny-kund-2/index.html\">ny-kund</a>")
    );

    let sitemap = std::fs::read_to_string(out.path().join("sitemap.xml")).expect("sitemap");
    for slug in [
        "kartong",
        "export-import",
        "ny-kund",
        "ny-kund-2",
        "script-x-script",
    ] {
        let url = format!("<loc>https://kam.example.se/nyckelkunder/tags/{slug}/</loc>");
        assert!(sitemap.contains(&url), "{url}");
    }
}
