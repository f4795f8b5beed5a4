//! The URL table: where every page and file of the site lives, written in this one module.
//!
//! Paths are relative to the site root with `/` separators and end in a file name
//! (`accounts/alfa-bruk/index.html`), so links work from `file://` as well as from a
//! server. A page links to another with [`Urls::root_for`] of its own path in front of the
//! target's path. Not here: what a page shows (the other view modules) or how it is
//! written (`render`).

use std::collections::BTreeMap;

use crate::analysis::scores::Quadrant;
use crate::content::model::Site;
use crate::slug::slugify;

pub const INDEX: &str = "index.html";
pub const HANDBOOK: &str = "handbook/index.html";
pub const PRINT: &str = "handbook/print/index.html";
pub const NOT_FOUND: &str = "404.html";
/// The print-ready review pack: what changed since the comparison date (SPEC v2 §12).
pub const REVIEW: &str = "review/index.html";
pub const SITEMAP: &str = "sitemap.xml";
pub const PORTFOLIO_JSON: &str = "data/portfolio.json";
/// The portfolio drawn once behind every account page's position mark (large portfolios).
pub const POSITION_BACKDROP: &str = "charts/position.svg";
/// Each account's snapshots from git (SPEC v2 §12).
pub const HISTORY_JSON: &str = "data/history.json";
/// The calendar of every live action and open objective (SPEC v2 §14).
pub const CALENDAR_ALL: &str = "calendar/all.ics";
/// The search page, and the index its script loads (`view::search`).
pub const SEARCH: &str = "search/index.html";
pub const SEARCH_INDEX: &str = "search/index.js";
/// The folder the theme's and the site's static files are copied into.
pub const STATIC_DIR: &str = "static";

/// The pages and files every page links to, for templates as `links`.
#[derive(serde::Serialize, Debug)]
pub struct Links {
    pub portfolio: &'static str,
    pub handbook: &'static str,
    pub print: &'static str,
    pub data: &'static str,
    pub calendar: &'static str,
    pub search: &'static str,
    pub css: String,
    pub js: String,
    pub search_js: String,
}

pub fn links() -> Links {
    Links {
        portfolio: INDEX,
        handbook: HANDBOOK,
        print: PRINT,
        data: PORTFOLIO_JSON,
        calendar: CALENDAR_ALL,
        search: SEARCH,
        css: static_file("kam.css"),
        js: static_file("kam.js"),
        search_js: static_file("search.js"),
    }
}

/// A shard of the search index's terms, by its file name (`search::shard_file`).
pub fn search_shard(file: &str) -> String {
    format!("search/t/{file}.js")
}

/// A chunk of the search index's document table.
pub fn search_docs(chunk: usize) -> String {
    format!("search/d/{chunk}.js")
}

pub fn account(slug: &str) -> String {
    format!("accounts/{slug}/index.html")
}

pub fn segment(quadrant: Quadrant) -> String {
    format!("segments/{}/index.html", quadrant.key())
}

pub fn chapter(slug: &str) -> String {
    format!("handbook/{slug}/index.html")
}

pub fn static_file(name: &str) -> String {
    format!("{STATIC_DIR}/{name}")
}

/// `../` once per folder between a page at `path` and the site root.
pub fn root_for(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Page `number` of the complete list of the group whose page is at `group_path`.
pub fn list_page(group_path: &str, number: usize) -> String {
    format!("{}list/{number}/index.html", folder(group_path))
}

/// A page's address as a folder (`accounts/alfa-bruk/`), as portfolio.json gives it.
pub fn folder(path: &str) -> &str {
    path.strip_suffix(INDEX).unwrap_or(path)
}

/// A page's absolute URL under `base_url`, for the sitemap.
pub fn absolute(base_url: &str, path: &str) -> String {
    let separator = if base_url.ends_with('/') { "" } else { "/" };
    format!("{base_url}{separator}{}", folder(path))
}

/// The slug of `name` (or `fallback` when it has no letters or digits), made unique among
/// `taken` with `-2`, `-3`, … and added to it.
fn unique_slug(
    name: &str,
    fallback: &str,
    taken: &mut std::collections::BTreeSet<String>,
) -> String {
    let base = match slugify(name) {
        slug if slug.is_empty() => fallback.to_string(),
        slug => slug,
    };
    let mut slug = base.clone();
    let mut counter = 2;
    while taken.contains(&slug) {
        slug = format!("{base}-{counter}");
        counter += 1;
    }
    taken.insert(slug.clone());
    slug
}

/// The pages whose address depends on the whole site: one per key account manager, whose
/// slug must differ from every other manager's. Two spellings of one name (SPEC v2 §7)
/// share a page, shown under the spelling met first (accounts in slug order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Managers {
    /// Manager name (as first spelt) → page slug, in name order.
    slugs: BTreeMap<String, String>,
    /// Name key → the name as first spelt.
    spelling: BTreeMap<String, String>,
}

impl Managers {
    pub fn new(site: &Site) -> Managers {
        let mut slugs: BTreeMap<String, String> = BTreeMap::new();
        let mut spelling: BTreeMap<String, String> = BTreeMap::new();
        let mut taken = std::collections::BTreeSet::new();
        for account in &site.accounts {
            let key = crate::names::key(&account.manager);
            if spelling.contains_key(&key) {
                continue;
            }
            spelling.insert(key, account.manager.clone());
            let slug = unique_slug(&account.manager, "manager", &mut taken);
            slugs.insert(account.manager.clone(), slug);
        }
        Managers { slugs, spelling }
    }

    /// How pages spell a manager: the first spelling met of the name's key.
    pub fn display<'a>(&'a self, name: &'a str) -> &'a str {
        self.spelling
            .get(&crate::names::key(name))
            .map_or(name, String::as_str)
    }

    /// The slug of the manager's page, for any spelling of a name that manages an account.
    pub fn slug(&self, name: &str) -> &str {
        self.slugs
            .get(self.display(name))
            .map_or("manager", String::as_str)
    }

    /// The manager's page.
    pub fn page(&self, name: &str) -> String {
        format!("managers/{}/index.html", self.slug(name))
    }

    /// Every manager's name, in name order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.slugs.keys().map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.slugs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slugs.is_empty()
    }
}

/// The page of one tag, listing its accounts.
pub fn tag(slug: &str) -> String {
    format!("tags/{slug}/index.html")
}

/// The tags of the site's accounts, one per name key (`Export` and `export` are one tag,
/// shown as first spelt, accounts in slug order), each with a slug no other tag's page has.
#[derive(Debug, Clone)]
pub struct Tags {
    /// Name key → (the tag as first spelt, slug), in key order.
    by_key: BTreeMap<String, (String, String)>,
}

impl Tags {
    pub fn new(site: &Site) -> Tags {
        let mut by_key = BTreeMap::new();
        let mut taken = std::collections::BTreeSet::new();
        for tag in site.accounts.iter().flat_map(|account| &account.tags) {
            let key = crate::names::key(tag);
            if by_key.contains_key(&key) {
                continue;
            }
            let slug = unique_slug(tag, "tag", &mut taken);
            by_key.insert(key, (tag.clone(), slug));
        }
        Tags { by_key }
    }

    /// The tag's page, for any spelling of a tag that some account has.
    pub fn page(&self, tag: &str) -> Option<String> {
        self.by_key
            .get(&crate::names::key(tag))
            .map(|(_, slug)| self::tag(slug))
    }

    /// The tag at `index` in key order, as (name key, tag as first spelt).
    pub fn get(&self, index: usize) -> Option<(&str, &str)> {
        self.by_key
            .iter()
            .nth(index)
            .map(|(key, (name, _))| (key.as_str(), name.as_str()))
    }

    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }
}

/// A person's calendar (SPEC v2 §14).
pub fn calendar(slug: &str) -> String {
    format!("calendar/{slug}.ics")
}

/// The people with a calendar: everyone who manages an account or owns a live action,
/// one per name key (SPEC v2 §7), each with a slug no other person's calendar has.
/// Managers are given their slugs first, in the order [`Managers`] gives theirs, so a
/// manager's calendar is named as their page is (unless their slug is `all`, which the
/// whole portfolio's calendar holds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct People {
    /// Name key → (the name as first spelt, slug).
    by_key: BTreeMap<String, (String, String)>,
}

impl People {
    pub fn new<'s>(site: &'s Site) -> People {
        use rayon::prelude::*;
        // Every name's key is made in parallel (at 100,000 accounts there are some 400,000
        // names); the names are then met in order, managers first.
        let keyed = |name: &'s str, fallback| (crate::names::key(name), name, fallback);
        let managers: Vec<(String, &str, &str)> = site
            .accounts
            .par_iter()
            .map(|account| keyed(&account.manager, "manager"))
            .collect();
        let owners: Vec<Vec<(String, &str, &str)>> = site
            .accounts
            .par_iter()
            .map(|account| {
                account
                    .actions
                    .iter()
                    .filter(|action| crate::analysis::plan::is_live(action.status))
                    .map(|action| keyed(&action.owner, "person"))
                    .collect()
            })
            .collect();
        let mut by_key = BTreeMap::new();
        let mut taken = std::collections::BTreeSet::from(["all".to_string()]);
        for (key, name, fallback) in managers.into_iter().chain(owners.into_iter().flatten()) {
            if by_key.contains_key(&key) {
                continue;
            }
            let slug = unique_slug(name, fallback, &mut taken);
            by_key.insert(key, (name.to_string(), slug));
        }
        People { by_key }
    }

    /// The person's calendar, for any spelling of their name; `None` for a name that
    /// neither manages an account nor owns a live action.
    pub fn calendar(&self, name: &str) -> Option<String> {
        self.by_key
            .get(&crate::names::key(name))
            .map(|(_, slug)| calendar(slug))
    }

    /// How calendars spell a person: the first spelling met of the name's key.
    pub fn display<'a>(&'a self, name: &'a str) -> &'a str {
        self.by_key
            .get(&crate::names::key(name))
            .map_or(name, |(spelling, _)| spelling.as_str())
    }

    /// Every person as (name key, name as first spelt, calendar path), by name key.
    pub fn all(&self) -> impl Iterator<Item = (&str, &str, String)> {
        self.by_key
            .iter()
            .map(|(key, (name, slug))| (key.as_str(), name.as_str(), calendar(slug)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_climb_to_the_root_from_any_depth() {
        assert_eq!(root_for(INDEX), "");
        assert_eq!(root_for(&account("alfa")), "../../");
        assert_eq!(root_for(PRINT), "../../");
        assert_eq!(folder(&account("alfa")), "accounts/alfa/");
        assert_eq!(folder(INDEX), "");
        assert_eq!(
            absolute("https://kam.example/", HANDBOOK),
            "https://kam.example/handbook/"
        );
        assert_eq!(absolute("/sub", INDEX), "/sub/");
    }
}
