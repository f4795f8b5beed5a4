//! The site being served: the files of the last good build, the problems of the latest
//! one, and what changed from one build to the next.
//!
//! Pure data and comparisons; no I/O, no HTTP. Pages are compared byte for byte with the
//! previous build, which is exact and costs no more than hashing both.

use std::cmp::Ordering;
use std::sync::Arc;

use crate::output::Files;

/// One state of the served site. Cheap to clone: the files are shared.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// Counts builds, successful or not; pages carry it to tell whether they are current.
    pub generation: u64,
    /// The last successful build; empty while none has succeeded yet.
    pub files: Arc<Files>,
    /// The latest build's problems, one `path:line:column: message` each; empty when it
    /// succeeded.
    pub problems: Arc<Vec<String>>,
}

/// What a rebuild changed, as the pages' live-reload script needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub generation: u64,
    /// HTML pages added, removed or changed.
    pub pages: Vec<String>,
    /// Every page should reload (problems appeared or went away, or a static file such as
    /// an image or a font changed, which any page may show).
    pub all: bool,
    /// A stylesheet changed.
    pub styles: bool,
}

impl Change {
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty() && !self.all && !self.styles
    }

    /// The event's JSON: `{"generation":…,"pages":[…],"all":…,"styles":…,"first":…}`.
    pub fn to_json(&self, first: bool) -> String {
        serde_json::json!({
            "generation": self.generation,
            "pages": self.pages,
            "all": self.all,
            "styles": self.styles,
            "first": first,
        })
        .to_string()
    }
}

/// Past this many changed pages the event just says "all": a config edit changes every page
/// and a list of 10,000 paths helps no one.
const MAX_LISTED: usize = 500;

/// Compares two builds' files.
pub fn compare(generation: u64, old: &Snapshot, new: &Snapshot) -> Change {
    let mut change = Change {
        generation,
        pages: Vec::new(),
        all: old.problems != new.problems,
        styles: false,
    };
    if Arc::ptr_eq(&old.files, &new.files) {
        return change;
    }
    // Both maps are in path order: one walk through the two, with no lookups. Files kept
    // from the last build are the same allocation, so most comparisons stop at the address.
    let mut olds = old.files.iter().peekable();
    let mut news = new.files.iter().peekable();
    loop {
        let order = match (olds.peek(), news.peek()) {
            (None, None) => break,
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some((old_path, _)), Some((new_path, _))) => old_path.cmp(new_path),
        };
        let path = match order {
            Ordering::Less => olds.next().map(|(path, _)| path),
            Ordering::Greater => news.next().map(|(path, _)| path),
            Ordering::Equal => match (olds.next(), news.next()) {
                (Some((_, old_bytes)), Some((path, new_bytes))) => {
                    if Arc::ptr_eq(old_bytes, new_bytes) || old_bytes == new_bytes {
                        continue;
                    }
                    Some(path)
                }
                _ => None,
            },
        };
        let Some(path) = path else {
            break;
        };
        if path.ends_with(".html") {
            change.pages.push(path.clone());
        } else if path.ends_with(".css") {
            change.styles = true;
        } else if path.starts_with("static/") {
            change.all = true;
        }
        // Data files (portfolio.json, sitemap.xml) are not part of any page.
    }
    if change.pages.len() > MAX_LISTED {
        change.all = true;
        change.pages.clear();
    }
    change
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(files: &[(&str, &str)], problems: &[&str]) -> Snapshot {
        Snapshot {
            generation: 0,
            files: Arc::new(
                files
                    .iter()
                    .map(|(path, text)| (path.to_string(), std::sync::Arc::from(text.as_bytes())))
                    .collect(),
            ),
            problems: Arc::new(problems.iter().map(|p| p.to_string()).collect()),
        }
    }

    #[test]
    fn only_changed_pages_are_listed() {
        let old = snapshot(&[("a/index.html", "1"), ("b/index.html", "2")], &[]);
        let new = snapshot(
            &[
                ("a/index.html", "1"),
                ("b/index.html", "3"),
                ("c/index.html", "4"),
            ],
            &[],
        );
        let change = compare(2, &old, &new);
        assert_eq!(change.pages, vec!["b/index.html", "c/index.html"]);
        assert!(!change.all && !change.styles);
    }

    #[test]
    fn a_stylesheet_alone_swaps_styles() {
        let old = snapshot(&[("a/index.html", "1"), ("static/kam.css", "x")], &[]);
        let new = snapshot(&[("a/index.html", "1"), ("static/kam.css", "y")], &[]);
        let change = compare(2, &old, &new);
        assert!(change.styles && change.pages.is_empty() && !change.all);
    }

    #[test]
    fn problems_coming_or_going_reload_everything() {
        let good = snapshot(&[("a/index.html", "1")], &[]);
        let broken = Snapshot {
            problems: Arc::new(vec!["x.md:1:1: bad".to_string()]),
            ..good.clone()
        };
        assert!(compare(2, &good, &broken).all);
        assert!(compare(3, &broken, &good).all);
        assert!(compare(4, &good, &good.clone()).is_empty());
    }

    #[test]
    fn data_files_reload_no_page_and_images_reload_all() {
        let old = snapshot(
            &[("data/portfolio.json", "1"), ("static/logo.svg", "a")],
            &[],
        );
        let data = snapshot(
            &[("data/portfolio.json", "2"), ("static/logo.svg", "a")],
            &[],
        );
        let image = snapshot(
            &[("data/portfolio.json", "1"), ("static/logo.svg", "b")],
            &[],
        );
        assert!(compare(2, &old, &data).is_empty());
        assert!(compare(2, &old, &image).all);
    }

    #[test]
    fn a_removed_page_is_a_change() {
        let old = snapshot(&[("a/index.html", "1"), ("b/index.html", "2")], &[]);
        let new = snapshot(&[("a/index.html", "1")], &[]);
        assert_eq!(compare(2, &old, &new).pages, vec!["b/index.html"]);
    }
}
