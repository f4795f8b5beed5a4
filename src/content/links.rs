//! Links between the site's own pages, checked once every file is loaded.
//!
//! A Markdown link such as `../norrskog-kartong/` from an account's notes, or
//! `../../handbook/kundplanen/` from a chapter, names a page by its slug; a typo or a
//! renamed file leaves a link that leads nowhere. Such a link is an error at the line that
//! holds it. Only links into `accounts/` and `handbook/` are judged, since those pages come
//! from files; links to other pages, to files under `static/` or to other sites are left
//! alone. Rewriting links for reading from disk is `markdown`'s job, not this module's.

use std::ops::Range;

use crate::diagnostics::{Diagnostic, SourceFile, did_you_mean};

/// Which kind of page a link leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Accounts,
    Handbook,
}

/// A link from one page to an account or chapter page, with the error to report if that
/// page does not exist.
#[derive(Debug, Clone)]
pub struct PageLink {
    pub section: Section,
    pub slug: String,
    problem: Diagnostic,
}

/// The links among `links` (relative URLs and their byte ranges in `file`, after `offset`)
/// that lead to an account or chapter page, seen from the page in `section` named `slug`.
pub fn from_page(
    file: &SourceFile,
    offset: usize,
    section: Section,
    slug: &str,
    links: &[(String, Range<usize>)],
) -> Vec<PageLink> {
    let here = [section.folder(), slug];
    links
        .iter()
        .filter_map(|(url, range)| {
            let (target, target_slug) = resolve(&here, url)?;
            let span = range.start + offset..range.end + offset;
            Some(PageLink {
                section: target,
                slug: target_slug,
                problem: file.error(span, format!("link to a page that does not exist: `{url}`")),
            })
        })
        .collect()
}

impl Section {
    fn folder(self) -> &'static str {
        match self {
            Section::Accounts => "accounts",
            Section::Handbook => "handbook",
        }
    }
}

/// The account or chapter a relative URL leads to from the page folder `here`, or `None`
/// when it leads anywhere else (or out of the site).
fn resolve(here: &[&str], url: &str) -> Option<(Section, String)> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    if path.is_empty() {
        return None;
    }
    let mut segments: Vec<&str> = here.to_vec();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            other => segments.push(other),
        }
    }
    let section = match segments.first() {
        Some(&"accounts") => Section::Accounts,
        Some(&"handbook") => Section::Handbook,
        _ => return None,
    };
    match segments.as_slice() {
        [_, slug] | [_, slug, "index.html"] => Some((section, (*slug).to_string())),
        _ => None,
    }
}

/// The errors for every link whose page is not among `accounts` and `chapters` (slugs).
pub fn check<'a>(
    links: impl Iterator<Item = &'a PageLink>,
    accounts: &[&str],
    chapters: &[&str],
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    // Looked up once per link: at 10,000 accounts a scan of the slugs per link added up.
    let account_set: std::collections::HashSet<&str> = accounts.iter().copied().collect();
    let chapter_set: std::collections::HashSet<&str> = chapters.iter().copied().collect();
    for link in links {
        let (known, set, what, folder) = match link.section {
            Section::Accounts => (accounts, &account_set, "account", "content/accounts"),
            Section::Handbook => (chapters, &chapter_set, "chapter", "content/handbook"),
        };
        if set.contains(link.slug.as_str())
            || (link.section == Section::Handbook
                && super::RESERVED_CHAPTER_SLUGS.contains(&link.slug.as_str()))
        {
            continue;
        }
        let help = match did_you_mean(&link.slug, known.iter().copied()) {
            Some(close) => format!(
                "there is no {what} `{}`; did you mean `{close}`?",
                link.slug
            ),
            None => format!(
                "there is no {what} `{}` ({folder}/{}.md)",
                link.slug, link.slug
            ),
        };
        problems.push(link.problem.clone().with_help(help));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_links_from_an_account_and_a_chapter() {
        let account = ["accounts", "alfa"];
        let chapter = ["handbook", "intro"];
        assert_eq!(
            resolve(&account, "../beta/"),
            Some((Section::Accounts, "beta".to_string()))
        );
        assert_eq!(
            resolve(&account, "../beta/index.html#user-content-plan"),
            Some((Section::Accounts, "beta".to_string()))
        );
        assert_eq!(
            resolve(&account, "../../handbook/x/"),
            Some((Section::Handbook, "x".to_string()))
        );
        assert_eq!(
            resolve(&chapter, "../x/"),
            Some((Section::Handbook, "x".to_string()))
        );
        assert_eq!(resolve(&chapter, "../../static/logo.png"), None);
        assert_eq!(resolve(&chapter, "../../segments/star/"), None);
        assert_eq!(resolve(&chapter, "../../../../etc/"), None);
        assert_eq!(resolve(&account, "bilaga.pdf"), None);
    }
}
