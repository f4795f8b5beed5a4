//! The charts as they reach the pages: every inline SVG of the demo is well-formed XML with
//! a title and a description, and degenerate sites (no accounts, one account, no revenue)
//! still build into complete pages.

mod common;

use std::path::Path;

use common::*;

/// Every `<svg …>…</svg>` in a page. Charts never nest SVG elements, so the first closing tag
/// after an opening one ends it.
fn inline_svgs(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let Some(length) = rest[start..].find("</svg>") else {
            break;
        };
        let end = start + length + "</svg>".len();
        found.push(&rest[start..end]);
        rest = &rest[end..];
    }
    found
}

fn check_svgs(output: &Path) -> usize {
    let mut count = 0;
    for (path, html) in html_pages(output) {
        for svg in inline_svgs(&html) {
            let document = roxmltree::Document::parse(svg)
                .unwrap_or_else(|error| panic!("{path}: an SVG is not well-formed XML: {error}"));
            let root = document.root_element();
            assert_eq!(root.tag_name().name(), "svg");
            assert!(
                root.attribute("viewBox").is_some(),
                "{path}: an SVG without a viewBox"
            );
            let names: Vec<&str> = root
                .children()
                .filter(|node| node.is_element())
                .map(|node| node.tag_name().name())
                .collect();
            assert_eq!(names.first(), Some(&"title"), "{path}: title comes first");
            assert_eq!(names.get(1), Some(&"desc"), "{path}: then desc");
            count += 1;
        }
    }
    count
}

#[test]
fn every_chart_of_the_demo_is_well_formed_and_labelled() {
    let temp = tempfile::tempdir().expect("temporary folder");
    let output = temp.path().join("demo");
    build(Path::new(env!("CARGO_MANIFEST_DIR")), &output);
    let count = check_svgs(&output);
    assert!(count >= 80, "only {count} charts in the demo");
    let index = std::fs::read_to_string(output.join("index.html")).expect("index");
    assert!(
        index.contains("Österfjärdens Massa AB"),
        "å/ä/ö reach the pages"
    );
    let matrix = inline_svgs(&index)
        .into_iter()
        .find(|svg| svg.contains("kam-chart-matrix"))
        .expect("a matrix on the portfolio page");
    assert!(
        matrix.contains("href=\"accounts/"),
        "matrix bubbles link to account pages"
    );
    assert!(
        matrix.contains("Ö") || matrix.contains("ä") || matrix.contains("å"),
        "labels keep å/ä/ö"
    );
}

fn site_with_accounts(accounts: &[(&str, &str)]) -> tempfile::TempDir {
    let site = tempfile::tempdir().expect("temporary folder");
    std::fs::write(
        site.path().join("kam.toml"),
        "title = \"Edge\"\ntoday = 2026-11-27\n",
    )
    .expect("kam.toml");
    std::fs::create_dir_all(site.path().join("content/accounts")).expect("content");
    for (slug, text) in accounts {
        std::fs::write(
            site.path().join(format!("content/accounts/{slug}.md")),
            text,
        )
        .expect("account");
    }
    site
}

const SCORES: &str = "[attractiveness]\nvolume = 5\ngrowth = 5\nmargin = 5\nstrategic_fit = 5\n[strength]\nproduct = 5\nservice = 5\nprice = 5\nrelationship = 5\n";

#[test]
fn degenerate_sites_build_complete_pages() {
    let no_revenue = format!(
        "+++\nname = \"Noll AB\"\nmanager = \"A\"\nstage = \"basic\"\n{SCORES}[[years]]\nyear = 2025\nrevenue = 0\ngross_margin = -10\n+++\n"
    );
    let single =
        format!("+++\nname = \"Ensam AB\"\nmanager = \"A\"\nstage = \"basic\"\n{SCORES}+++\n");
    for (label, accounts) in [
        ("no accounts", vec![]),
        (
            "one account without years",
            vec![("ensam", single.as_str())],
        ),
        (
            "all revenue zero",
            vec![("noll", no_revenue.as_str()), ("ensam", single.as_str())],
        ),
    ] {
        let site = site_with_accounts(&accounts);
        let output = site.path().join("public");
        build(site.path(), &output);
        assert!(
            output.join("index.html").is_file(),
            "{label}: no portfolio page"
        );
        check_svgs(&output);
        let json: serde_json::Value = serde_json::from_slice(
            &std::fs::read(output.join("data/portfolio.json")).expect("json"),
        )
        .expect("parse");
        assert_eq!(
            json["accounts"].as_array().map(Vec::len),
            Some(accounts.len()),
            "{label}"
        );
    }
}

#[test]
fn unscored_accounts_are_listed_to_be_scored_and_left_out_of_the_matrix() {
    let scored = format!(
        "+++\nname = \"Bedömd AB\"\nmanager = \"A\"\nstage = \"basic\"\n{SCORES}[[years]]\nyear = 2025\nrevenue = 100\ngross_margin = 10\n+++\n"
    );
    // Strength scored, attractiveness not yet: still unscored (SPEC v2 §3).
    let half = "+++\nname = \"Halvvägs AB\"\nmanager = \"A\"\nstage = \"basic\"\n[strength]\nproduct = 5\nservice = 5\nprice = 5\nrelationship = 5\n[[years]]\nyear = 2025\nrevenue = 50\ngross_margin = 5\n+++\n";
    let none = "+++\nname = \"Ny Kund AB\"\nmanager = \"A\"\nstage = \"exploratory\"\n+++\n";
    let site = site_with_accounts(&[("bedomd", &scored), ("halvvags", half), ("ny-kund", none)]);
    let output = site.path().join("public");
    build(site.path(), &output);
    check_svgs(&output);

    let index = std::fs::read_to_string(output.join("index.html")).expect("index");
    let listed = index
        .split("id=\"unscored\"")
        .nth(1)
        .and_then(|rest| rest.split("</ul>").next())
        .expect("a list of accounts still to be scored");
    assert!(listed.contains("accounts/halvvags/index.html"), "{listed}");
    assert!(listed.contains("accounts/ny-kund/index.html"), "{listed}");
    assert!(!listed.contains("bedomd"), "{listed}");
    let matrix = inline_svgs(&index)
        .into_iter()
        .find(|svg| svg.contains("kam-chart-matrix"))
        .expect("a matrix on the portfolio page");
    assert!(matrix.contains("accounts/bedomd/"));
    assert!(!matrix.contains("halvvags") && !matrix.contains("ny-kund"));

    let page = std::fs::read_to_string(output.join("accounts/ny-kund/index.html")).expect("page");
    assert!(
        !inline_svgs(&page)
            .iter()
            .any(|svg| svg.contains("kam-chart-matrix-compact")),
        "no position chart for an account with no place in the matrix"
    );
    assert!(page.contains("Saknar poäng för attraktivitet, relativ styrka"));

    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(output.join("data/portfolio.json")).expect("json"))
            .expect("parse");
    let half = &json["accounts"][1];
    assert_eq!(half["attractiveness"], serde_json::Value::Null);
    assert_eq!(half["strength"], 5.0);
    assert_eq!(half["quadrant"], serde_json::Value::Null);
    assert_eq!(half["alerts"][0]["code"], "unscored");
    assert_eq!(json["accounts"][2]["preference"], serde_json::Value::Null);
    assert_eq!(json["totals"]["quadrant"]["unscored"], 2);
    assert_eq!(
        json["totals"]["quadrant"]["strategic"], 1,
        "a score at the cut-off is high"
    );
}
