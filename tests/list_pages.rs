//! A portfolio too big for one page: the portfolio, segment and manager pages show the top
//! of their lists and link to list pages that together hold every account, in revenue-rank
//! order, and every account page points at the one shared position backdrop.

mod common;

use std::collections::BTreeSet;

use common::{build, html_pages};

/// Account page links on a page, in the order they appear, each once.
fn account_links(html: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter_map(|href| {
            let at = href.find("accounts/")?;
            Some(href[at..].to_string())
        })
        .filter(|link| seen.insert(link.clone()))
        .collect()
}

/// A synthetic site of `accounts` accounts, built: its temporary folder (kept while in
/// use), the output folder and the output's HTML pages.
fn built_site(
    accounts: usize,
    seed: u64,
) -> (
    tempfile::TempDir,
    std::path::PathBuf,
    std::collections::BTreeMap<String, String>,
) {
    let temp = tempfile::tempdir().expect("temporary folder");
    let root = temp.path().join("site");
    kam::synth::write_site(&root, accounts, seed).expect("synthetic site");
    let output = temp.path().join("public");
    build(&root, &output);
    let pages = html_pages(&output);
    (temp, output, pages)
}

#[test]
fn a_big_portfolio_is_split_into_list_pages_that_hold_every_account() {
    let (_temp, output, pages) = built_site(600, 3);

    let index = &pages["index.html"];
    assert!(index.contains("list/1/index.html") && index.contains("list/3/index.html"));
    assert!(
        !pages.contains_key("list/4/index.html"),
        "600 accounts make 3 pages of 250"
    );
    let table = index
        .split("id=\"accounts-table\"")
        .nth(1)
        .and_then(|rest| rest.split("</table>").next())
        .expect("the accounts table");
    assert_eq!(
        table.matches("<tr").count(),
        1 + 100,
        "a head row and the top 100"
    );

    // The list pages hold every account exactly once, 250 to a page.
    let mut listed = Vec::new();
    for number in 1..=3 {
        let page = &pages[&format!("list/{number}/index.html")];
        let table = page
            .split("id=\"accounts-table\"")
            .nth(1)
            .and_then(|rest| rest.split("</table>").next())
            .expect("a list page's table");
        let rows: Vec<String> = table
            .split("<th scope=\"row\">")
            .skip(1)
            .flat_map(|row| account_links(row).into_iter().take(1))
            .collect();
        assert_eq!(rows.len(), if number < 3 { 250 } else { 100 });
        assert!(page.contains("aria-current=\"page\""));
        listed.extend(rows);
    }
    let accounts: BTreeSet<String> = pages
        .keys()
        .filter(|path| path.starts_with("accounts/"))
        .cloned()
        .collect();
    let unique: BTreeSet<String> = listed
        .iter()
        .map(|link| link.trim_start_matches("../").to_string())
        .collect();
    assert_eq!(listed.len(), 600);
    assert_eq!(unique, accounts);

    // A segment of about 150 accounts fits one page: it lists them all, links to no list.
    assert!(
        !pages
            .keys()
            .any(|path| path.starts_with("segments/") && path.contains("/list/"))
    );
    let segment = &pages["segments/strategic/index.html"];
    assert!(!segment.contains("list-pages"));

    // The handbook's live charts show what the portfolio page shows and point there for
    // the numbers: a table of all 600 accounts in every chapter would outgrow the page.
    for chapter in [
        "handbook/portfoljen/index.html",
        "handbook/att-gora/index.html",
    ] {
        let html = &pages[chapter];
        assert!(
            html.contains("href=\"../../index.html#accounts-table\""),
            "{chapter} leads to the portfolio's table"
        );
        assert!(
            !html.contains("<details class=\"chart-data"),
            "{chapter} repeats no table of every account"
        );
    }
    let print = &pages["handbook/print/index.html"];
    assert!(print.len() < pages["index.html"].len() * 2);

    // Every account page draws its own mark over the one shared backdrop.
    assert!(output.join("charts/position.svg").is_file());
    let account = pages
        .iter()
        .find(|(path, _)| path.starts_with("accounts/"))
        .map(|(_, html)| html)
        .expect("an account page");
    assert!(account.contains("href=\"../../charts/position.svg\""));
    assert!(!account.contains("kam-density"));
}

/// Every group page (portfolio, segment, manager, tag) links to exactly the list pages that
/// exist under it, and every list page is linked from its group's page.
#[test]
fn every_group_links_to_exactly_its_list_pages() {
    let (_temp, _, pages) = built_site(1200, 2);
    let mut made: BTreeSet<String> = pages
        .keys()
        .filter(|path| path.contains("list/"))
        .cloned()
        .collect();
    assert!(
        made.iter().any(|path| path.starts_with("tags/"))
            && made.iter().any(|path| path.starts_with("segments/")),
        "1,200 accounts give a tag and the segments list pages of their own: {made:?}"
    );
    for (path, html) in &pages {
        if path.contains("list/") {
            continue;
        }
        // Links climb to the root and come down again: `../../segments/x/list/1/index.html`.
        let depth = path.matches('/').count();
        for href in html
            .split("href=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
        {
            let target = (0..depth).fold(href, |rest, _| rest.strip_prefix("../").unwrap_or(rest));
            if !target.contains("list/") || target.contains(':') {
                continue;
            }
            assert!(
                pages.contains_key(target),
                "{path} links to {target}, which is missing"
            );
            made.remove(target);
        }
    }
    assert!(
        made.is_empty(),
        "list pages no group page links to: {made:?}"
    );
}
