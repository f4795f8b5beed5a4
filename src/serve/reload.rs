//! What `kam serve` adds to the pages it serves, and only to those: the live-reload script
//! and, while the latest build has problems, an overlay listing them.
//!
//! A built site never contains any of this; `kam build` does not call this module.

use crate::serve::site::Snapshot;

/// The reserved folder, under the base path, of the server's own files and events.
pub const RESERVED: &str = "__kam/";
pub const SCRIPT: &str = include_str!("reload.js");
pub const OVERLAY_CSS: &str = include_str!("overlay.css");

/// Text for HTML content and attribute values; control characters are dropped, since the
/// messages may quote a site's file.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// The script tag (and the overlay, if any) for the page at `key` of `snapshot`.
fn additions(key: &str, base: &str, snapshot: &Snapshot) -> String {
    let mut html = String::new();
    if !snapshot.problems.is_empty() {
        let heading = if snapshot.files.is_empty() {
            "The site does not build yet."
        } else {
            "The latest edit does not build. This is the last good version of the page."
        };
        html.push_str(&format!(
            "<link rel=\"stylesheet\" href=\"{base}{RESERVED}overlay.css\">\
             <aside id=\"kam-serve-problems\" role=\"alert\"><h2>{heading}</h2><ul>"
        ));
        for problem in snapshot.problems.iter() {
            html.push_str(&format!("<li>{}</li>", escape(problem)));
        }
        html.push_str("</ul></aside>");
    }
    html.push_str(&format!(
        "<script src=\"{base}{RESERVED}reload.js\" data-page=\"{}\" data-generation=\"{}\" data-events=\"{base}{RESERVED}events\"></script>",
        escape(key),
        snapshot.generation
    ));
    html
}

/// `page` with the additions placed just before its last `</body>` (at the end if none).
pub fn decorate(page: &[u8], key: &str, base: &str, snapshot: &Snapshot) -> Vec<u8> {
    let extra = additions(key, base, snapshot);
    let at = page
        .windows(7)
        .rposition(|window| window.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + extra.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

/// The page served for every path while no build has succeeded yet.
pub fn no_site_yet(key: &str, base: &str, snapshot: &Snapshot) -> Vec<u8> {
    let page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
                <title>kam serve: the site does not build</title></head><body>\
                <p>The site has not built yet; the problems are listed below.</p></body></html>";
    decorate(page.as_bytes(), key, base, snapshot)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn the_script_goes_before_the_body_ends() {
        let snapshot = Snapshot {
            generation: 7,
            ..Snapshot::default()
        };
        let page = decorate(
            b"<html><body><p>x</p></body></html>",
            "a/index.html",
            "/kam/",
            &snapshot,
        );
        let text = String::from_utf8(page).expect("utf-8");
        assert!(text.starts_with("<html><body><p>x</p><script src=\"/kam/__kam/reload.js\""));
        assert!(text.contains("data-generation=\"7\""));
        assert!(text.ends_with("</script></body></html>"));
        assert!(!text.contains("kam-serve-problems"));
    }

    #[test]
    fn problems_are_escaped_in_the_overlay() {
        let snapshot = Snapshot {
            generation: 2,
            problems: Arc::new(vec![
                "content/accounts/a.md:3:9: `<script>alert(1)</script>` is not a stage".to_string(),
            ]),
            ..Snapshot::default()
        };
        let text = String::from_utf8(decorate(b"<body></body>", "index.html", "/", &snapshot))
            .expect("utf-8");
        assert!(text.contains("kam-serve-problems"));
        assert!(text.contains("content/accounts/a.md:3:9:"), "{text}");
        assert!(!text.contains("<script>alert"));
    }
}
