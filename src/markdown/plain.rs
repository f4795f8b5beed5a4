//! Safe HTML for Markdown that holds no HTML of its own, without a sanitiser pass.
//!
//! pulldown-cmark escapes every text it writes, and when the Markdown has no raw HTML the
//! only tags and attributes in its output are the few it writes itself. What the sanitiser
//! would still change in that output is known and small: it drops link and image addresses
//! whose scheme it does not allow, the language class of code blocks, and heading classes
//! and attributes; it adds `rel` to every link; it prefixes ids and in-page links. This
//! module does exactly that on the events, so the common case (meeting notes in plain
//! Markdown) skips parsing the HTML back into a tree. Anything outside that case (raw
//! HTML, heading attributes, an address the sanitiser would drop) goes through the
//! sanitiser as before. A property test checks that both ways give the same document.

use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Tag, TagEnd, html};
use pulldown_cmark_escape::{escape_href, escape_html};

use super::ID_PREFIX;

/// What every link gets from the sanitiser, so a linked page cannot reach back to ours.
pub(super) const LINK_REL: &str = "noopener noreferrer";

/// The schemes the sanitiser lets through in link and image addresses, taken from it so
/// the two ways cannot drift apart.
static ALLOWED_SCHEMES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| super::SANITIZER.clone_url_schemes());

/// Whether the parsed Markdown holds anything only the sanitiser may judge: raw HTML, or a
/// heading with classes or attributes (`## Title {.x onclick=y}`).
pub(super) fn needs_sanitiser(events: &[Event]) -> bool {
    events.iter().any(|event| match event {
        Event::Html(_) | Event::InlineHtml(_) | Event::Start(Tag::HtmlBlock) => true,
        Event::Start(Tag::Heading { classes, attrs, .. }) => {
            !classes.is_empty() || !attrs.is_empty()
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            ..
        }) => !address_allowed(&link_address(*link_type, dest_url)),
        Event::Start(Tag::Image { dest_url, .. }) => !address_allowed(&escaped_href(dest_url)),
        _ => false,
    })
}

/// HTML for events that [`needs_sanitiser`] passed, with headings already carrying their
/// final ids. The events may hold kam's own HTML (task marks, shortcode tokens), which is
/// trusted. Control characters are not yet removed.
pub(super) fn render(events: Vec<Event>, capacity: usize) -> String {
    // Inside an image pulldown-cmark writes only the text, as the `alt` attribute, and
    // counts starts against ends: a link there is left as it is.
    let mut in_image = 0usize;
    let events = events.into_iter().map(move |event| match event {
        Event::Start(Tag::Image { .. }) => {
            in_image += 1;
            event
        }
        Event::End(TagEnd::Image) => {
            in_image = in_image.saturating_sub(1);
            event
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            ..
        }) if in_image == 0 => Event::Html(CowStr::from(link_start(link_type, &dest_url, &title))),
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(CowStr::Borrowed(""))))
        }
        Event::Start(Tag::FootnoteDefinition(label)) => Event::Start(Tag::FootnoteDefinition(
            CowStr::from(format!("{ID_PREFIX}{label}")),
        )),
        Event::FootnoteReference(label) => {
            Event::FootnoteReference(CowStr::from(format!("{ID_PREFIX}{label}")))
        }
        event => event,
    });
    let mut out = String::with_capacity(capacity);
    html::push_html(&mut out, events);
    add_rel_to_footnote_links(out)
}

/// The address as pulldown-cmark writes it into `href`, HTML escapes included.
fn escaped_href(url: &str) -> String {
    let mut escaped = String::with_capacity(url.len());
    // Writing into a String cannot fail.
    let _ = escape_href(&mut escaped, url);
    escaped
}

fn link_address(link_type: LinkType, url: &str) -> String {
    let escaped = escaped_href(url);
    if link_type == LinkType::Email {
        format!("mailto:{escaped}")
    } else {
        escaped
    }
}

/// The sanitiser's rule, applied to the attribute's value as a browser reads it: an
/// address with a scheme passes only if the scheme is allowed, a relative one always, and
/// one that does not parse never.
fn address_allowed(escaped: &str) -> bool {
    // `escape_href` writes only these two entities.
    let value = escaped.replace("&#x27;", "'").replace("&amp;", "&");
    match url::Url::parse(&value) {
        Ok(url) => ALLOWED_SCHEMES.contains(url.scheme()),
        Err(error) => error == url::ParseError::RelativeUrlWithoutBase,
    }
}

/// A link's opening tag as the sanitiser leaves it: `href`, `title`, then `rel`, with an
/// in-page link pointing at the prefixed id.
fn link_start(link_type: LinkType, url: &str, title: &str) -> String {
    let address = link_address(link_type, url);
    let mut tag = String::with_capacity(address.len() + title.len() + 48);
    tag.push_str("<a href=\"");
    match address.strip_prefix('#') {
        Some(fragment) => {
            tag.push('#');
            tag.push_str(ID_PREFIX);
            tag.push_str(fragment);
        }
        None => tag.push_str(&address),
    }
    tag.push('"');
    if !title.is_empty() {
        tag.push_str(" title=\"");
        let _ = escape_html(&mut tag, title);
        tag.push('"');
    }
    tag.push_str(" rel=\"");
    tag.push_str(LINK_REL);
    tag.push_str("\">");
    tag
}

/// pulldown-cmark writes footnote references itself; give their links the `rel` every
/// other link has. Text is escaped, so the marker below only ever starts a reference, and
/// the label inside is escaped too, so its first `"` closes the address.
fn add_rel_to_footnote_links(html: String) -> String {
    const MARKER: &str = "<sup class=\"footnote-reference\"><a href=\"";
    if !html.contains(MARKER) {
        return html;
    }
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html.as_str();
    while let Some(at) = rest.find(MARKER) {
        let address_start = at + MARKER.len();
        let Some(close) = rest[address_start..].find('"') else {
            break;
        };
        let end = address_start + close + 1;
        out.push_str(&rest[..end]);
        out.push_str(" rel=\"");
        out.push_str(LINK_REL);
        out.push('"');
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_judged_as_a_browser_reads_them() {
        for allowed in [
            "https://example.org/?a=1&b=2",
            "../other/index.html",
            "#plan",
            "mailto:a@b.se",
            "java%20script:alert(1)",
            // A space is percent-encoded, which leaves a relative path, not a scheme.
            " javascript:alert(1)",
            "",
        ] {
            assert!(address_allowed(&escaped_href(allowed)), "{allowed}");
        }
        for refused in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "http://[::1",
        ] {
            assert!(!address_allowed(&escaped_href(refused)), "{refused}");
        }
    }
}
