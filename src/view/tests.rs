//! The views on small sites made in memory: what each page shows, with no Tera involved.
//!
//! Not here: rendering; these tests need no Tera.

use std::collections::BTreeMap;

use time::{Date, Month};

use super::*;
use crate::analysis;
use crate::config::Config;
use crate::content::{account, chapter};
use crate::diagnostics::SourceFile;

fn today() -> Date {
    Date::from_calendar_date(2026, Month::November, 27).expect("valid date")
}

/// An account file's text with the default factors scored and the given TOML after them.
fn account_text(name: &str, manager: &str, rest: &str) -> String {
    format!(
        "+++\nname = \"{name}\"\nmanager = \"{manager}\"\nstage = \"basic\"\n\n\
         [attractiveness]\nvolume = 6\ngrowth = 6\nmargin = 6\nstrategic_fit = 6\n\n\
         [strength]\nproduct = 6\nservice = 6\nprice = 6\nrelationship = 6\n\n\
         [[years]]\nyear = 2025\nrevenue = 1_000_000\ngross_margin = 100_000\n{rest}+++\nNotes.\n"
    )
}

fn action(title: &str, due: &str, status: &str) -> String {
    format!(
        "\n[[actions]]\ntitle = \"{title}\"\nowner = \"Bo\"\ndue = {due}\nstatus = \"{status}\"\n"
    )
}

/// A site of accounts (slug, text) and chapters (slug, text), analysed on `today()`.
fn site(accounts: &[(&str, String)], chapters: &[(&str, &str)]) -> (Site, Portfolio) {
    let config = Config::with_title("Test");
    let accounts = accounts
        .iter()
        .map(|(slug, text)| {
            let file = SourceFile::new(format!("{slug}.md"), text.clone());
            std::sync::Arc::new(account::parse(&file, slug, &config).expect("valid account"))
        })
        .collect::<Vec<_>>();
    let chapters = chapters
        .iter()
        .map(|(slug, text)| {
            let file = SourceFile::new(format!("{slug}.md"), text.to_string());
            chapter::parse(&file, slug).expect("valid chapter")
        })
        .collect();
    let portfolio = analysis::analyse(&accounts, &config, today());
    let site = Site {
        root: std::path::PathBuf::from("."),
        config,
        accounts,
        chapters,
        warnings: Vec::new(),
    };
    (site, portfolio)
}

fn titles<'d>(list: impl IntoIterator<Item = &'d attention::DueView>) -> Vec<&'d str> {
    list.into_iter()
        .map(|item| item.action.title.as_str())
        .collect()
}

fn no_embed(_: Fragment<'_>) -> String {
    String::new()
}

#[test]
fn needs_attention_is_one_rule_for_every_list_and_count() {
    // The case that disagreed before: a blocked and an in-progress action, both due in three
    // days. Both need attention; only the in-progress one is due soon in portfolio.json.
    let text = account_text(
        "Alfa AB",
        "Bo",
        &[
            action("In progress, soon", "2026-11-30", "in_progress"),
            action("Blocked, soon", "2026-11-30", "blocked"),
            action("Blocked, far off", "2027-03-01", "blocked"),
            action("Not started, far off", "2027-03-01", "not_started"),
            action("Done, overdue", "2026-10-01", "done"),
            action("Cancelled, overdue", "2026-10-01", "cancelled"),
            action("In progress, overdue", "2026-11-01", "in_progress"),
        ]
        .concat(),
    );
    let (site, portfolio) = site(&[("alfa", text)], &[]);
    let view = SiteView::new(&site, &portfolio);
    let expected = [
        "In progress, overdue",
        "In progress, soon",
        "Blocked, soon",
        "Blocked, far off",
    ];
    assert_eq!(titles(view.shared.attention(usize::MAX)), expected);

    let page = view.page(PageId::Portfolio, &no_embed);
    let PageContext::Portfolio(portfolio_page) = &page.context else {
        panic!("the portfolio page has a portfolio context");
    };
    assert_eq!(titles(portfolio_page.due.iter().copied()), expected);
    assert!(
        portfolio_page.summary.contains("4 åtgärder"),
        "{}",
        portfolio_page.summary
    );

    let Fragment {
        context: handbook::FragmentContext::Due { due, .. },
        ..
    } = view.fragment(Shortcode::Due, urls::HANDBOOK, "due".to_string())
    else {
        panic!("the due shortcode lists actions");
    };
    assert_eq!(titles(due), expected);

    let json: serde_json::Value =
        serde_json::from_str(&view.portfolio_json(None)).expect("portfolio.json is JSON");
    assert_eq!(json["accounts"][0]["plan"]["due_soon"], 1);
    assert_eq!(json["accounts"][0]["plan"]["blocked"], 2);
    assert_eq!(json["accounts"][0]["plan"]["overdue"], 1);
}

#[test]
fn action_lists_run_by_due_date_then_slug_then_position() {
    // The names sort the other way round from the slugs.
    let first = account_text(
        "Östra AB",
        "Bo",
        &[
            action("A2", "2026-11-20", "in_progress"),
            action("A1", "2026-11-20", "in_progress"),
        ]
        .concat(),
    );
    let second = account_text("Alfa AB", "Bo", &action("B1", "2026-11-20", "in_progress"));
    let (site, portfolio) = site(&[("a-ostra", first), ("b-alfa", second)], &[]);
    let view = SiteView::new(&site, &portfolio);
    assert_eq!(
        titles(view.shared.attention(usize::MAX)),
        ["A2", "A1", "B1"]
    );
    assert_eq!(
        titles(view.shared.actions.open_top(&[1, 0], usize::MAX).1),
        ["A2", "A1", "B1"]
    );
}

#[test]
fn every_page_has_one_path_and_the_sitemap_lists_the_public_ones() {
    let (site, portfolio) = site(
        &[
            ("alfa", account_text("Alfa AB", "Anna Berg", "")),
            ("beta", account_text("Beta AB", "Anna-Berg", "")),
            ("gamma", account_text("Gamma AB", "Anna Berg", "")),
        ],
        &[("intro", "# Intro\n\nText.\n")],
    );
    let view = SiteView::new(&site, &portfolio);
    let paths: Vec<String> = view.pages().into_iter().map(|id| view.path(id)).collect();
    let unique: std::collections::BTreeSet<&String> = paths.iter().collect();
    assert_eq!(unique.len(), paths.len(), "{paths:?}");
    // Two names that slugify alike get two pages.
    assert!(paths.contains(&"managers/anna-berg/index.html".to_string()));
    assert!(paths.contains(&"managers/anna-berg-2/index.html".to_string()));
    assert_eq!(
        view.shared.managers.page("Anna Berg"),
        "managers/anna-berg/index.html"
    );

    let pages: Vec<(PageId, &str)> = view
        .pages()
        .into_iter()
        .zip(&paths)
        .map(|(id, path)| (id, path.as_str()))
        .collect();
    let sitemap = view.sitemap(&pages);
    assert_eq!(
        sitemap.len(),
        paths.len() - 3,
        "all but print, search and 404"
    );
    assert_eq!(sitemap[0], "/");
    assert!(sitemap.contains(&"/handbook/intro/".to_string()));
    assert!(sitemap.contains(&"/review/".to_string()), "the review pack");
    assert!(
        !sitemap
            .iter()
            .any(|url| url.contains("print") || url.contains("search") || url.contains("404"))
    );
    // A page that failed to render is not listed.
    assert_eq!(view.sitemap(&[(PageId::Portfolio, "index.html")]), ["/"]);
}

#[test]
fn pages_link_back_to_the_root_from_their_own_depth() {
    let (site, portfolio) = site(&[("alfa", account_text("Alfa AB", "Bo", ""))], &[]);
    let view = SiteView::new(&site, &portfolio);
    let page = view.page(PageId::Account(0), &no_embed);
    assert_eq!(page.path, "accounts/alfa/index.html");
    assert_eq!(page.template, "account.html");
    let PageContext::Account(account) = &page.context else {
        panic!("an account page has an account context");
    };
    assert_eq!(account.base.root, "../../");
    assert_eq!(account.account.row.manager_url, "managers/bo/index.html");
    assert_eq!(
        account.charts.keys().copied().collect::<Vec<_>>(),
        [
            "history",
            "position",
            "progress",
            "relationship",
            "score_history",
            "scores"
        ]
    );
    // No objectives: nothing to draw for plan progress; no contacts: no relationship map.
    assert!(account.charts["progress"].chart.is_none());
    assert!(account.charts["relationship"].chart.is_none());
    assert!(account.charts["position"].chart.is_some());
}

#[test]
fn shortcodes_become_fragments_with_ids_unique_on_the_page() {
    let (site, portfolio) = site(
        &[("alfa", account_text("Alfa AB", "Bo", ""))],
        &[(
            "matris",
            "# Matris\n\n{{< matrix >}}\n\nText.\n\n{{< matrix >}}\n\n{{< counts >}}\n",
        )],
    );
    let view = SiteView::new(&site, &portfolio);
    let seen = std::sync::Mutex::new(Vec::new());
    let embed = |fragment: Fragment<'_>| {
        let id = match &fragment.context {
            handbook::FragmentContext::Chart { chart, root } => {
                assert_eq!(root, "../../");
                chart
                    .chart
                    .as_ref()
                    .map(|chart| match chart {
                        crate::charts::Chart::Matrix(input) => input.meta.id.clone(),
                        _ => String::new(),
                    })
                    .unwrap_or_default()
            }
            _ => "counts".to_string(),
        };
        seen.lock()
            .expect("lock")
            .push((fragment.template, id.clone()));
        format!("<div data-fragment=\"{id}\"></div>")
    };
    let page = view.page(PageId::Chapter(0), &embed);
    let PageContext::Chapter(chapter) = &page.context else {
        panic!("a chapter page has a chapter context");
    };
    assert_eq!(
        *seen.lock().expect("lock"),
        [
            ("partials/chart.html", "matris-matrix-0".to_string()),
            ("partials/chart.html", "matris-matrix-1".to_string()),
            ("partials/shortcode_counts.html", "counts".to_string()),
        ]
    );
    assert!(
        chapter
            .chapter
            .body_html
            .contains("data-fragment=\"matris-matrix-1\"")
    );
    assert!(!chapter.chapter.body_html.contains('\u{E000}'));
}

#[test]
fn two_spellings_of_a_manager_share_one_page_under_the_first_spelling() {
    let (site, portfolio) = site(
        &[
            ("alfa", account_text("Alfa AB", "Lena Holm", "")),
            ("beta", account_text("Beta AB", "lena  holm ", "")),
            ("gamma", account_text("Gamma AB", "Per Öberg", "")),
        ],
        &[],
    );
    let view = SiteView::new(&site, &portfolio);
    assert_eq!(view.shared.managers.len(), 2);
    assert_eq!(view.shared.managers.display("LENA HOLM"), "Lena Holm");
    let paths: Vec<String> = view.pages().into_iter().map(|id| view.path(id)).collect();
    assert!(paths.contains(&"managers/lena-holm/index.html".to_string()));
    assert_eq!(view.shared.rows[1].manager, "Lena Holm");
    assert_eq!(
        view.shared.rows[1].manager_url,
        "managers/lena-holm/index.html"
    );
    let page = view.page(PageId::Manager(0), &no_embed);
    let PageContext::Group(group) = &page.context else {
        panic!("a manager page lists a group");
    };
    assert_eq!(group.rows.len(), 2, "both spellings' accounts on one page");
}

/// The term shards of a search index, as term → posting codes (undone from differences).
fn search_terms(files: &search::Files) -> BTreeMap<String, Vec<usize>> {
    let mut found = BTreeMap::new();
    for (_, bytes) in files
        .iter()
        .filter(|(path, _)| path.starts_with("search/t/"))
    {
        let inner = std::str::from_utf8(bytes)
            .expect("UTF-8")
            .strip_prefix("kamSearch.terms(")
            .and_then(|rest| rest.strip_suffix(");\n"))
            .expect("a terms call");
        let args: serde_json::Value =
            serde_json::from_str(&format!("[{inner}]")).expect("JSON arguments");
        for (term, deltas) in args[1].as_object().expect("terms") {
            let mut code = 0;
            let codes = deltas
                .as_array()
                .expect("postings")
                .iter()
                .map(|delta| {
                    code += delta.as_u64().expect("delta") as usize;
                    code
                })
                .collect();
            found.insert(term.clone(), codes);
        }
    }
    found
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
    /// The same site gives the same index bytes, and every word of every account's name
    /// and contacts is a term whose postings hold that account, marked as a title word
    /// only for the name.
    #[test]
    fn the_search_index_is_deterministic_and_finds_every_name(
        names in proptest::collection::btree_set("[A-ZÅÄÖÉ][a-zåäöéü]{1,8}( [A-ZÅÄÖ][a-zåäöü]{1,8})?", 1..5),
        contact in "[A-ZÅÄÖ][a-zåäöéü]{2,8}-[A-ZÅÄÖ][a-zåäöéü]{2,8}",
    ) {
        let accounts: Vec<(String, String)> = names
            .iter()
            .enumerate()
            .map(|(index, name)| {
                let rest = format!("\n[[contacts]]\nname = \"{contact} {index}\"\n");
                (format!("account-{index}"), account_text(name, "Bo Ek", &rest))
            })
            .collect();
        let accounts: Vec<(&str, String)> = accounts
            .iter()
            .map(|(slug, text)| (slug.as_str(), text.clone()))
            .collect();
        let (site, portfolio) = site(&accounts, &[("intro", "# Intro\n\n## Rubrik\n")]);
        let view = SiteView::new(&site, &portfolio);
        let first = view.search_files(None);
        let again = SiteView::new(&site, &portfolio).search_files(None);
        proptest::prop_assert_eq!(&first, &again);

        let terms = search_terms(&first);
        let docs: Vec<&str> = first
            .iter()
            .filter(|(path, _)| path.starts_with("search/d/"))
            .map(|(_, bytes)| std::str::from_utf8(bytes).expect("UTF-8"))
            .collect();
        let table = docs.concat();
        let title_words: std::collections::BTreeSet<String> =
            names.iter().flat_map(|name| search::terms(name)).collect();
        for term in search::terms(&contact) {
            let codes = &terms[&term];
            // Every account has the contact, in no title unless a name shares the word.
            proptest::prop_assert_eq!(codes.len(), names.len());
            if !title_words.contains(&term) {
                proptest::prop_assert!(codes.iter().all(|code| code % 2 == 0));
            }
        }
        for name in &names {
            let row = format!("[\"{name}\",");
            proptest::prop_assert!(table.contains(&row));
            for term in search::terms(name) {
                let codes = &terms[&term];
                proptest::prop_assert!(codes.iter().any(|code| code % 2 == 1), "{term}");
            }
        }
        proptest::prop_assert!(terms["rubrik"] == vec![2 * names.len()]);
    }
}

#[test]
fn portfolio_json_through_a_memo_is_the_same_text() {
    let first = account_text(
        "Alfa AB",
        "Bo",
        &action("Ring", "2026-12-01", "in_progress"),
    );
    let second = account_text("Beta AB", "Bo", "");
    let (site, portfolio) = site(&[("alfa-ab", first), ("beta-ab", second)], &[]);
    let view = SiteView::new(&site, &portfolio);
    let memo = json::Memo::default();
    let plain = view.portfolio_json(None);
    assert_eq!(view.portfolio_json(Some(&memo)), plain, "written anew");
    assert_eq!(
        view.portfolio_json(Some(&memo)),
        plain,
        "taken from the memo"
    );
    assert!(plain.contains("\n    {\n      \"slug\": \"alfa-ab\","));
}

#[test]
fn a_big_portfolios_chapters_list_the_first_actions_and_lead_to_the_portfolio_page() {
    let count = lists::PAGE_ROWS + 1;
    let accounts: Vec<(String, String)> = (0..count)
        .map(|number| {
            let name = format!("Konto {number:03} AB");
            let text = account_text(&name, "Bo", &action("Ring", "2026-11-30", "in_progress"));
            (format!("konto-{number:03}-ab"), text)
        })
        .collect();
    let borrowed: Vec<(&str, String)> = accounts
        .iter()
        .map(|(slug, text)| (slug.as_str(), text.clone()))
        .collect();
    let (site, portfolio) = site(&borrowed, &[]);
    let view = SiteView::new(&site, &portfolio);
    assert_eq!(view.shared.attention_total, count);
    assert_eq!(view.shared.attention(usize::MAX).len(), count);
    let Fragment {
        context: handbook::FragmentContext::Due { due, more, .. },
        ..
    } = view.fragment(Shortcode::Due, urls::HANDBOOK, "due".to_string())
    else {
        panic!("the due shortcode lists actions");
    };
    assert_eq!(due.len(), lists::TOP_ROWS);
    let more = more.expect("a note on the actions left out");
    assert!(more.text.contains(&count.to_string()), "{}", more.text);
    assert_eq!(more.url, urls::INDEX);

    let Fragment {
        context: handbook::FragmentContext::Chart { chart, .. },
        ..
    } = view.fragment(Shortcode::Matrix, urls::HANDBOOK, "matrix".to_string())
    else {
        panic!("the matrix shortcode is a chart");
    };
    assert!(chart.table.is_none());
    assert_eq!(
        chart.table_href.as_deref(),
        Some("../index.html#accounts-table")
    );
}
