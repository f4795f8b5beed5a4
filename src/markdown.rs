//! Markdown to safe HTML, with heading ids and a table of contents.
//!
//! Markdown with raw HTML in it passes through ammonia after pulldown-cmark, since
//! pulldown-cmark passes raw HTML (scripts, event handlers) straight through; Markdown
//! without any is made safe on the way, in [`plain`], to the same result. Our own generated
//! HTML (charts, tables) never goes through here.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use pulldown_cmark::{
    CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, TextMergeStream, html,
};

use crate::content::model::Heading;
use crate::content::shortcodes;
use crate::limits;
use crate::slug::slugify;

mod plain;

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tag_attributes("h1", ["id"])
        .add_tag_attributes("h2", ["id"])
        .add_tag_attributes("h3", ["id"])
        .add_tag_attributes("h4", ["id"])
        .add_tag_attributes("h5", ["id"])
        .add_tag_attributes("h6", ["id"])
        .add_tag_attributes("div", ["id"])
        .add_tag_attributes("li", ["id"])
        .add_tag_attributes("td", ["style"])
        .add_tag_attributes("th", ["style"])
        .attribute_filter(|_, attribute, value| match attribute {
            // Only the three alignments pulldown-cmark writes for table columns survive:
            // any other style (`text-align:expression(…)`, `position:fixed`) is dropped.
            "style" => matches!(
                value,
                "text-align: left" | "text-align: center" | "text-align: right"
            )
            .then_some(Cow::Borrowed(value)),
            "id" => Some(Cow::Owned(format!("{ID_PREFIX}{value}"))),
            "href" => match value.strip_prefix('#') {
                Some(fragment) => Some(Cow::Owned(format!("#{ID_PREFIX}{fragment}"))),
                None => Some(Cow::Borrowed(value)),
            },
            _ => Some(Cow::Borrowed(value)),
        })
        .add_allowed_classes("div", ["footnote-definition"])
        .add_allowed_classes("sup", ["footnote-reference"])
        .add_allowed_classes("sup", ["footnote-definition-label"])
        .add_allowed_classes("section", ["footnotes"])
        .add_allowed_classes("span", ["task", "done"])
        .add_tags(["section"])
        .link_rel(Some(plain::LINK_REL));
    builder
});

/// Every id in content, and every in-page link to one, starts with this, so no heading or
/// element a user writes can take an id of the theme's pages (`main`, `plan`, …): those are
/// fixed words or built from slugs and shortcode names, none of which starts this way.
pub const ID_PREFIX: &str = "user-content-";

/// Sanitises HTML that a user wrote (or that came from the user's Markdown). Control
/// characters go too, since entities such as `&#27;` decode to them, and so does the mark
/// of shortcode placeholders, so that no text can pose as one.
pub fn sanitize(html: &str) -> String {
    without_marks(crate::controls::strip_owned(
        SANITIZER.clean(html).to_string(),
    ))
}

fn without_marks(mut html: String) -> String {
    if html.contains(shortcodes::MARK) {
        html.retain(|c| c != shortcodes::MARK);
    }
    html
}

pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    /// The text of a leading `#` heading, when asked to lift it out as the page title.
    pub title: Option<String>,
    /// Shortcode lines, in document order (only for chapters).
    pub shortcodes: Vec<shortcodes::Found>,
    /// Every relative Markdown link, as written, with its byte range in the Markdown, so a
    /// link to a page that does not exist can be reported where it is written.
    pub links: Vec<(String, std::ops::Range<usize>)>,
    /// Byte ranges of `{{< … >}}` written in prose but not alone on a line (in a chapter),
    /// or anywhere outside code (in an account's notes): shown as written, so the author
    /// should hear of it.
    pub literal_shortcodes: Vec<std::ops::Range<usize>>,
}

/// Where `{{<` stands in the prose of `events` (never inside code), as byte ranges of
/// `markdown`; `skip` says which texts are shortcodes that will be embedded.
fn literal_shortcodes(
    markdown: &str,
    events: &[Event],
    skip: impl Fn(&str) -> bool,
) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut in_code = false;
    let mut cursor = 0;
    for event in events {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(text)
                if !in_code
                    && memchr::memmem::find(text.as_bytes(), b"{{<").is_some()
                    && !skip(text) =>
            {
                // Texts come in document order. One written with escapes or entities is not
                // found as it reads; then its first `{{<` after the last one stands for it.
                let (from, to) = match markdown[cursor..].find(text.as_ref()) {
                    Some(at) => (cursor + at, cursor + at + text.len()),
                    None => (cursor, markdown.len()),
                };
                let mut at = from;
                while let Some(offset) = markdown[at..to].find("{{<") {
                    let start = at + offset;
                    let end = markdown[start..to]
                        .find(">}}")
                        .map_or(start + 3, |close| start + close + 3);
                    ranges.push(start..end);
                    at = end;
                    if to == markdown.len() {
                        break;
                    }
                }
                cursor = at.max(from);
            }
            _ => {}
        }
    }
    ranges
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Markdown beyond the bounds of [`limits`]: it is neither parsed further nor sanitised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TooDeep {
    /// Elements nest this deep (blockquotes, lists and HTML elements together).
    Nesting(usize),
    /// The HTML holds this many elements.
    Elements(usize),
    /// The Markdown has this many quote and list markers.
    Containers(usize),
}

impl TooDeep {
    /// The problem, reported for the whole file.
    pub fn diagnostic(self, path: &std::path::Path) -> crate::diagnostics::Diagnostic {
        let (message, help) = match self {
            TooDeep::Nesting(depth) => (
                format!(
                    "the text nests {depth} levels deep (blockquotes, lists and HTML elements); kam allows at most {}",
                    limits::MAX_NESTING
                ),
                "close the HTML elements you open, and nest quotes and lists less deeply",
            ),
            TooDeep::Elements(elements) => (
                format!(
                    "the text makes {elements} HTML elements; kam allows at most {} per file",
                    limits::MAX_ELEMENTS
                ),
                "split the text into several files",
            ),
            TooDeep::Containers(markers) => (
                format!(
                    "the text has {markers} quote and list markers; kam allows at most {} per file",
                    limits::MAX_ELEMENTS
                ),
                "split the text into several files",
            ),
        };
        crate::diagnostics::Diagnostic::whole_file(path, message).with_help(help)
    }
}

/// Renders Markdown; every heading gets an id (its own `{#id}`, else a slug of its text,
/// made unique within the document).
pub fn render(markdown: &str) -> Result<Rendered, TooDeep> {
    render_with(markdown, false, false)
}

/// A handbook chapter: like [`render`], with shortcode lines turned into placeholders, and
/// when `lift_title` is set a leading first-level heading becoming the title.
pub fn render_chapter(markdown: &str, lift_title: bool) -> Result<Rendered, TooDeep> {
    render_with(markdown, lift_title, true)
}

/// Like [`render`], but a first-level heading that opens the document becomes the title and
/// leaves the body, so a page does not show its title twice.
pub fn render_lifting_title(markdown: &str) -> Result<Rendered, TooDeep> {
    render_with(markdown, true, false)
}

fn render_with(
    markdown: &str,
    lift_title: bool,
    with_shortcodes: bool,
) -> Result<Rendered, TooDeep> {
    render_choosing(markdown, lift_title, with_shortcodes, false)
}

/// `always_sanitise` lets the tests compare the two ways to safe HTML.
fn render_choosing(
    markdown: &str,
    lift_title: bool,
    with_shortcodes: bool,
    always_sanitise: bool,
) -> Result<Rendered, TooDeep> {
    let markers = limits::markdown_markers(markdown);
    if markers.deepest > limits::MAX_NESTING {
        return Err(TooDeep::Nesting(markers.deepest));
    }
    if markers.total > limits::MAX_ELEMENTS {
        return Err(TooDeep::Containers(markers.total));
    }
    // Merged text keeps one event per run of text instead of one per `[` or `*` that
    // turned out to be literal, which bounds the memory of pathological input.
    let mut links = Vec::new();
    let parsed = Parser::new_ext(markdown, options())
        .into_offset_iter()
        .map(|(event, range)| {
            if let Event::Start(Tag::Link { dest_url, .. }) = &event
                && is_relative(dest_url)
            {
                links.push((dest_url.to_string(), range));
            }
            event
        });
    let mut events: Vec<Event> = TextMergeStream::new(parsed).collect();
    let sanitise = always_sanitise || plain::needs_sanitiser(&events);
    let mut title = None;
    if lift_title
        && let Some(Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            ..
        })) = events.first()
    {
        let end = events
            .iter()
            .position(|event| matches!(event, Event::End(TagEnd::Heading(_))))
            .unwrap_or(0);
        title = Some(plain_text(&events[1..end]).trim().to_string());
        events.drain(..=end);
    }
    let mut headings = Vec::new();
    let mut ids = UniqueIds::default();
    let mut output = Vec::with_capacity(events.len());
    let mut index = 0;
    while index < events.len() {
        match &events[index] {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let end = events[index..]
                    .iter()
                    .position(|event| matches!(event, Event::End(TagEnd::Heading(_))))
                    .map_or(events.len(), |offset| index + offset);
                let text = plain_text(&events[index + 1..end]);
                let base = id
                    .as_ref()
                    .map(|id| crate::controls::strip(id).into_owned())
                    .unwrap_or_else(|| slugify(&text));
                let base = if base.is_empty() {
                    "section".to_string()
                } else {
                    base
                };
                let unique = ids.claim(base);
                let prefixed = format!("{ID_PREFIX}{unique}");
                // The sanitiser prefixes the id itself; without it, it is written prefixed.
                let written = if sanitise { unique } else { prefixed.clone() };
                headings.push(Heading {
                    level: heading_number(*level),
                    id: prefixed,
                    text: text.trim().to_string(),
                });
                output.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(written)),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => output.push(Event::Start(Tag::Link {
                link_type: *link_type,
                dest_url: CowStr::from(offline_link(dest_url)),
                title: title.clone(),
                id: id.clone(),
            })),
            // A disabled checkbox is a form control without a label to assistive
            // technology; a ballot-box character says the same and is plain text.
            Event::TaskListMarker(done) => {
                output.push(Event::Html(CowStr::from(if *done {
                    "<span class=\"task done\">☑</span> "
                } else {
                    "<span class=\"task\">☐</span> "
                })));
            }
            event => output.push(event.clone()),
        }
        index += 1;
    }
    // A text that is only a shortcode is embedded in a chapter (or reported there as an
    // unknown one); anything else holding `{{<` is shown as written.
    let literal = literal_shortcodes(markdown, &output, |text| {
        with_shortcodes && shortcodes::is_shortcode_line(text)
    });
    let mut found = Vec::new();
    if with_shortcodes {
        output = shortcodes::mark(output, &mut found);
    }
    let capacity = markdown.len() * 3 / 2;
    let html_out = if sanitise {
        let mut html_out = String::with_capacity(capacity);
        html::push_html(&mut html_out, output.into_iter());
        html_out
    } else {
        plain::render(output, capacity)
    };
    let shape = limits::shape(&html_out);
    if shape.depth > limits::MAX_NESTING {
        return Err(TooDeep::Nesting(shape.depth));
    }
    if shape.elements > limits::MAX_ELEMENTS {
        return Err(TooDeep::Elements(shape.elements));
    }
    let clean = if sanitise {
        sanitize(&html_out)
    } else {
        without_marks(crate::controls::strip_owned(html_out))
    };
    Ok(Rendered {
        html: shortcodes::seal(clean, &found),
        headings,
        title,
        shortcodes: found,
        links,
        literal_shortcodes: literal,
    })
}

/// Heading ids made unique within a document: the second `mal` becomes `mal-1`. Each base
/// remembers the next suffix to try, so 20,000 equal headings cost linear time, not
/// quadratic.
#[derive(Default)]
struct UniqueIds {
    used: HashSet<String>,
    next_suffix: HashMap<String, usize>,
}

impl UniqueIds {
    fn claim(&mut self, base: String) -> String {
        if self.used.insert(base.clone()) {
            return base;
        }
        let suffix = self.next_suffix.entry(base.clone()).or_insert(1);
        loop {
            let candidate = format!("{base}-{suffix}");
            *suffix += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// A relative link to a folder (`../other-account/`) gets `index.html` appended: a web
/// server finds the index by itself, a browser opening files from disk does not.
fn offline_link(url: &str) -> String {
    let is_relative = is_relative(url);
    let split = url.find(['?', '#']).unwrap_or(url.len());
    let (path, rest) = url.split_at(split);
    if is_relative && (path.ends_with('/') || path == "..") {
        let separator = if path.ends_with('/') { "" } else { "/" };
        format!("{path}{separator}index.html{rest}")
    } else {
        url.to_string()
    }
}

/// Whether a link leads to another page of the site by a relative path: not absolute, not
/// within the same page, and with no scheme (`https:`, `mailto:`).
fn is_relative(url: &str) -> bool {
    !url.starts_with('/')
        && !url.starts_with('#')
        && !url.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        })
}

/// Prefixes every id and every in-page link of sanitised HTML, so several documents can
/// share one page (account notes beside the page's own sections, all chapters in the print
/// view) without duplicate ids. Sanitised HTML always writes attributes as `name="…"`, and
/// text never contains a raw `"`, so plain replacement is exact.
pub fn prefix_ids(html: &str, prefix: &str) -> String {
    html.replace(" id=\"", &format!(" id=\"{prefix}"))
        .replace(" href=\"#", &format!(" href=\"#{prefix}"))
}

/// Moves every heading one level down (h1 becomes h2 …, h6 stays), for documents nested
/// under a page's own heading. Safe HTML has `<` only in tags, so every `<hN` or `</hN`
/// followed by a digit is a heading tag. One pass: this runs on every account's notes.
pub fn shift_headings(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut shifted = String::with_capacity(html.len());
    let mut copied = 0;
    let mut at = 0;
    while let Some(offset) = memchr::memchr(b'<', &bytes[at..]) {
        let open = at + offset;
        let name = open + 1 + usize::from(bytes.get(open + 1) == Some(&b'/'));
        at = name;
        if bytes.get(name) == Some(&b'h')
            && let Some(&level @ b'1'..=b'5') = bytes.get(name + 1)
        {
            shifted.push_str(&html[copied..name + 1]);
            shifted.push(char::from(level + 1));
            copied = name + 2;
            at = copied;
        }
    }
    shifted.push_str(&html[copied..]);
    shifted
}

/// The text of some events, without control characters: heading texts and titles are
/// written to pages outside the sanitised body.
fn plain_text(events: &[Event]) -> String {
    let text: String = events
        .iter()
        .filter_map(|event| match event {
            Event::Text(text) | Event::Code(text) => Some(text.as_ref()),
            _ => None,
        })
        .collect();
    crate::controls::strip_owned(text)
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn render(markdown: &str) -> Rendered {
        super::render(markdown).expect("nests shallowly")
    }

    fn render_lifting_title(markdown: &str) -> Rendered {
        super::render_lifting_title(markdown).expect("nests shallowly")
    }

    /// Reads HTML into a tree and writes it out again, changing nothing else: two texts
    /// that come out equal are the same document to a browser.
    static NORMALISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .add_tags(["section"])
            .add_generic_attributes(["id", "class", "style", "rel"])
            .link_rel(None);
        builder
    });

    /// Pieces of Markdown that meet at random: every construct pulldown-cmark writes a tag
    /// for, addresses the sanitiser keeps, entities and controls.
    const PLAIN: &[&str] = &[
        "word ",
        "Åre ",
        "\n",
        "\n\n",
        "# ",
        "## ",
        "### ",
        "*",
        "_",
        "**",
        "`",
        "```\n",
        "```rust x\n",
        "~~",
        "> ",
        "- ",
        "1. ",
        "3) ",
        "- [ ] ",
        "- [x] ",
        "|",
        "| a | b |\n|:-|-:|\n| 1 | 2 |\n",
        "---\n",
        "[",
        "]",
        "(",
        ")",
        "[link](https://example.org/?a=1&b=2 \"T & \\\"q\\\"\")",
        "[in](#plan)",
        "[up](../other/)",
        "[far](../x/#main)",
        "[odd](<a b'c>)",
        "![img](pic.png \"t\")",
        "![*alt* `c`](p.png)",
        "![a [b](https://c.se/) d[^n]](p.png)",
        "!",
        "[^n]",
        "\n\n[^n]: note\n",
        "[^ö \"ü]",
        "\n\n[^ö \"ü]: x\n",
        "<https://example.org/a?b&c>",
        "<a@b.se>",
        "&amp;",
        "&nbsp;",
        "&#27;",
        "&#x202e;",
        "&#128;",
        "&lt;script&gt;",
        "\"",
        "'",
        "&",
        "\\",
        "\u{a0}",
        "\u{E000}",
        "{#own}",
        " {#x\"y}",
        "    code\n",
        "\t",
        "\r\n",
        "\u{0}",
        "é",
        "[ref]",
        "\n\n[ref]: https://r.example/ \"R\"\n",
        "\\*",
        "***",
        "id=\"x\" ",
        "{{< matrix >}}",
        "\n{{< matrix >}}\n",
        "{{< nope >}}",
        "\n# Title\n",
    ];

    /// Pieces only the sanitiser may judge.
    const HOSTILE: &[&str] = &[
        "<b>",
        "<!-- c -->",
        "<br>",
        " {.cls}",
        " {onclick=x}",
        "[bad](javascript:alert(1))",
        "![x](javascript:alert(1))",
        "<javascript:alert(1)>",
        "<img src=x onerror=alert(1)>",
    ];

    proptest::proptest! {
        #[test]
        fn markdown_without_html_comes_out_as_the_sanitiser_makes_it(
            mut pieces in proptest::collection::vec(proptest::sample::select(PLAIN), 0..40),
            hostile in proptest::option::weighted(0.25, proptest::sample::select(HOSTILE)),
            at in 0usize..40,
            chapter in proptest::bool::ANY,
        ) {
            if let Some(piece) = hostile {
                pieces.insert(at.min(pieces.len()), piece);
            }
            let markdown = pieces.concat();
            if hostile.is_none() && !markdown.contains('{') {
                let events: Vec<Event> = Parser::new_ext(&markdown, options()).collect();
                proptest::prop_assert!(!plain::needs_sanitiser(&events), "{:?}", markdown);
            }
            let quick = render_choosing(&markdown, chapter, chapter, false);
            let sanitised = render_choosing(&markdown, chapter, chapter, true);
            match (quick, sanitised) {
                (Ok(quick), Ok(sanitised)) => {
                    proptest::prop_assert_eq!(
                        NORMALISER.clean(&quick.html).to_string(),
                        sanitised.html,
                        "{:?}",
                        markdown
                    );
                    proptest::prop_assert_eq!(quick.headings, sanitised.headings);
                    proptest::prop_assert_eq!(quick.title, sanitised.title);
                }
                (quick, sanitised) => {
                    proptest::prop_assert_eq!(quick.err(), sanitised.err());
                }
            }
        }
    }

    #[test]
    fn plain_notes_skip_the_sanitiser_and_raw_html_does_not() {
        let plain = "## Möte\n\nSee [plan](#plan), [site](https://a.se/) and[^1] `x`.\n\n\
            - [x] done\n\n| a |\n|--:|\n| 1 |\n\n[^1]: source\n";
        let events: Vec<Event> = Parser::new_ext(plain, options()).collect();
        assert!(!plain::needs_sanitiser(&events));
        let out = render(plain);
        for expected in [
            "<h2 id=\"user-content-mote\">Möte</h2>",
            "<a href=\"#user-content-plan\" rel=\"noopener noreferrer\">plan</a>",
            "<a href=\"https://a.se/\" rel=\"noopener noreferrer\">site</a>",
            "<a href=\"#user-content-1\" rel=\"noopener noreferrer\">1</a>",
            "id=\"user-content-1\"",
        ] {
            assert!(out.html.contains(expected), "{expected}: {}", out.html);
        }
        for sanitised in [
            "a <b>b</b>",
            "<div>x</div>",
            "[x](javascript:alert(1))",
            "## T {.c}",
            "## T {onclick=x}",
        ] {
            let events: Vec<Event> = Parser::new_ext(sanitised, options()).collect();
            assert!(plain::needs_sanitiser(&events), "{sanitised}");
        }
    }

    #[test]
    fn many_equal_headings_get_distinct_ids_in_linear_time() {
        let out = render(&"## Notes\n\n".repeat(20_000));
        let ids: HashSet<&str> = out.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids.len(), 20_000);
        assert!(ids.contains("user-content-notes") && ids.contains("user-content-notes-19999"));
        assert_eq!(
            super::render(&"## Notes\n\n".repeat(60_000)).err(),
            Some(TooDeep::Elements(60_000))
        );
        let out = render("## A-1\n\n## A\n\n## A\n");
        let ids: Vec<_> = out
            .headings
            .iter()
            .map(|h| &h.id[ID_PREFIX.len()..])
            .collect();
        assert_eq!(ids, ["a-1", "a", "a-2"]);
    }

    #[test]
    fn nesting_beyond_the_limit_is_refused_before_sanitising() {
        assert_eq!(
            super::render(&">".repeat(100_000)).err(),
            Some(TooDeep::Nesting(100_000))
        );
        assert!(super::render(&"<div>".repeat(50_000)).is_err());
        assert!(super::render(&format!("{} deep enough", ">".repeat(50))).is_ok());
    }

    #[test]
    fn strips_scripts_handlers_and_javascript_urls() {
        let out = render(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))\n\n<a href=\"javascript:alert(2)\">y</a>",
        );
        assert!(!out.html.contains("<script"), "{}", out.html);
        assert!(!out.html.contains("onerror"), "{}", out.html);
        assert!(!out.html.contains("javascript:"), "{}", out.html);
    }

    #[test]
    fn headings_get_unique_ids_and_explicit_ids_win() {
        let out = render("# Översikt\n\n## Mål\n\n## Mål\n\n## Egen {#own}\n");
        let ids: Vec<_> = out.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "user-content-oversikt",
                "user-content-mal",
                "user-content-mal-1",
                "user-content-own"
            ]
        );
        assert!(
            out.html.contains("<h2 id=\"user-content-mal-1\">Mål</h2>"),
            "{}",
            out.html
        );
    }

    #[test]
    fn lifts_a_leading_title_only() {
        let out = render_lifting_title("# Välkommen\n\nText\n\n## Del\n");
        assert_eq!(out.title.as_deref(), Some("Välkommen"));
        assert!(!out.html.contains("<h1"), "{}", out.html);
        assert_eq!(out.headings.len(), 1);
        let out = render_lifting_title("Text\n\n# Later\n");
        assert_eq!(out.title, None);
        assert!(out.html.contains("<h1"));
    }

    #[test]
    fn prefixes_ids_and_shifts_headings() {
        let out = render("# A\n\nSee[^n] [a](#a)\n\n[^n]: note\n");
        let prefixed = prefix_ids(&out.html, "x--");
        assert!(prefixed.contains("id=\"x--user-content-a\""), "{prefixed}");
        assert!(
            prefixed.contains("href=\"#x--user-content-a\""),
            "{prefixed}"
        );
        assert!(!prefixed.contains(" id=\"user-content-a\""), "{prefixed}");
        let shifted = shift_headings("<h1 id=\"a\">A</h1><h2>B</h2><h6>C</h6><hr><p>&lt;h1</p>");
        assert_eq!(
            shifted,
            "<h2 id=\"a\">A</h2><h3>B</h3><h6>C</h6><hr><p>&lt;h1</p>"
        );
        assert_eq!(shift_headings("<h5><"), "<h6><");
    }

    #[test]
    fn content_ids_and_links_to_them_share_a_prefix_the_theme_never_uses() {
        let out = render(
            "## Main {#main}\n\n<div id=\"plan\">x</div>\n\n[up](#main) <a href=\"#plan\">p</a> [far](../x/#main)\n",
        );
        for expected in [
            "<h2 id=\"user-content-main\">",
            "<div id=\"user-content-plan\">",
            "href=\"#user-content-main\"",
            "href=\"#user-content-plan\"",
            "href=\"../x/index.html#main\"",
        ] {
            assert!(out.html.contains(expected), "{expected}: {}", out.html);
        }
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
        for entry in walkdir::WalkDir::new(theme) {
            let entry = entry.expect("walk");
            if entry.file_type().is_file() {
                let text = std::fs::read_to_string(entry.path()).expect("read");
                assert!(
                    !text.contains(&format!("id=\"{ID_PREFIX}")),
                    "{:?}",
                    entry.path()
                );
            }
        }
    }

    #[test]
    fn relative_folder_links_work_from_disk() {
        assert_eq!(offline_link("../other/"), "../other/index.html");
        assert_eq!(offline_link("../other/#plan"), "../other/index.html#plan");
        assert_eq!(offline_link(".."), "../index.html");
        assert_eq!(offline_link("https://example.org/"), "https://example.org/");
        assert_eq!(offline_link("mailto:a@b.se"), "mailto:a@b.se");
        assert_eq!(offline_link("#section"), "#section");
        assert_eq!(offline_link("../other/index.html"), "../other/index.html");
        let out = render("[x](../other/)");
        assert!(
            out.html.contains("href=\"../other/index.html\""),
            "{}",
            out.html
        );
    }

    #[test]
    fn only_the_table_alignment_pulldown_cmark_writes_keeps_a_style() {
        let out = render(
            "| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n<table><tr><td style=\"text-align:expression(alert(1))\">x</td><th style=\"color: red\">y</th></tr></table>\n\n<p style=\"position:fixed\">z</p>\n",
        );
        assert!(
            out.html.contains("<th style=\"text-align: center\">a</th>"),
            "{}",
            out.html
        );
        assert!(
            out.html.contains("<td style=\"text-align: right\">2</td>"),
            "{}",
            out.html
        );
        assert_eq!(out.html.matches("style=").count(), 4, "{}", out.html);
        assert!(!out.html.contains("expression"), "{}", out.html);
        assert!(!out.html.contains("color"), "{}", out.html);
        assert!(!out.html.contains("fixed"), "{}", out.html);
    }

    #[test]
    fn keeps_tables_tasks_footnotes_and_strikethrough() {
        let out = render(
            "| a | b |\n|---|--:|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ note[^1]\n\n[^1]: source\n",
        );
        assert!(out.html.contains("<table>"), "{}", out.html);
        assert!(
            out.html.contains("<span class=\"task done\">☑</span>"),
            "{}",
            out.html
        );
        assert!(!out.html.contains("<input"), "{}", out.html);
        assert!(out.html.contains("<del>old</del>"), "{}", out.html);
        assert!(out.html.contains("footnote-definition"), "{}", out.html);
    }
}
