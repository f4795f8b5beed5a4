//! What a printed account briefing keeps and drops, pinned on the built page rather than in
//! a browser: the default theme's print stylesheet hides everything marked `screen-only`,
//! so the ways around the site (navigation, search, breadcrumbs, the footer's links, the
//! "show the numbers" toggles) must carry that class, and nothing a manager takes to a
//! meeting (figures, contacts, objectives, actions, notes) may sit inside such an element.
//! How many sheets a briefing takes is measured in Chromium, not here.

mod common;

use common::{build, copy_fixture, html_pages};
use scraper::{ElementRef, Html, Selector};

const SCREEN_ONLY: &str = "screen-only";

fn select<'a>(page: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).expect("a valid selector");
    page.select(&selector).collect()
}

fn marked(element: &ElementRef) -> bool {
    element.value().classes().any(|class| class == SCREEN_ONLY)
}

/// Whether the element or anything around it is left off paper.
fn hidden_in_print(element: &ElementRef) -> bool {
    marked(element)
        || element
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|ancestor| marked(&ancestor))
}

fn account_page() -> Html {
    let site = copy_fixture("happy");
    let out = tempfile::tempdir().expect("output folder");
    build(site.path(), out.path());
    let pages = html_pages(out.path());
    Html::parse_document(&pages["accounts/alfa-bruk/index.html"])
}

#[test]
fn the_ways_around_the_site_are_left_off_paper() {
    let page = account_page();
    for css in [
        "a.skip-link",
        "header.site-header nav",
        "form.site-search",
        "nav.breadcrumb",
        "details.chart-data",
    ] {
        let found = select(&page, css);
        assert!(!found.is_empty(), "the briefing has no {css}");
        for element in found {
            assert!(marked(&element), "{css} would print: {}", element.html());
        }
    }
    // Every link of the footer goes; the date the plan status was judged on stays, as a
    // sheet of paper has no other way to say how old it is.
    let footer_links = select(&page, "footer.site-footer a");
    assert!(!footer_links.is_empty());
    assert!(footer_links.iter().all(hidden_in_print));
    let footer_text: Vec<ElementRef> = select(&page, "footer.site-footer p")
        .into_iter()
        .filter(|p| !hidden_in_print(p))
        .collect();
    assert_eq!(footer_text.len(), 1);
    assert!(footer_text[0].text().collect::<String>().contains("2026"));
    let link = Selector::parse("a").expect("a valid selector");
    assert_eq!(footer_text[0].select(&link).count(), 0);
}

#[test]
fn what_the_meeting_needs_stays_on_paper() {
    let page = account_page();
    for css in [
        "article.briefing h1",
        "section.briefing-alerts",
        "dl.summary",
        "table.factors",
        "dl.figures",
        "table.years",
        "table.contacts",
        ".objective h3",
        "table.actions",
        ".notes .prose",
    ] {
        let found = select(&page, css);
        assert!(!found.is_empty(), "the briefing has no {css}");
        for element in found {
            assert!(!hidden_in_print(&element), "{css} would not print");
        }
    }
    let names: String = select(&page, "table.contacts tbody th")
        .iter()
        .flat_map(|cell| cell.text())
        .collect();
    assert!(
        names.contains("Erik Lund") && names.contains("Maria Ek"),
        "{names}"
    );
    let actions: String = select(&page, "table.actions tbody th")
        .iter()
        .flat_map(|cell| cell.text())
        .collect();
    assert!(actions.contains("Gemensamt provtryck i Gävle"), "{actions}");
}
