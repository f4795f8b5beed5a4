//! Live portfolio data inside handbook chapters.
//!
//! A line that holds only `{{< name >}}` is replaced by a chart or table computed from the
//! current portfolio, so a chapter about the matrix shows this site's matrix. Chapters are
//! loaded before analysis runs, so loading leaves a placeholder, and rendering swaps in
//! the HTML. Shortcodes are found among Markdown events, so none is ever found in code.

use std::hash::{BuildHasher, Hasher, RandomState};
use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::diagnostics::{Diagnostic, SourceFile, did_you_mean};
use crate::fields::quoted_list;

/// The shortcodes a chapter may use. Each is a named entry, so a name loading did not
/// accept can never reach rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcode {
    /// The key account portfolio matrix.
    Matrix,
    /// The ABC/Pareto chart.
    Pareto,
    /// Accounts per quadrant, ABC class and plan status.
    Counts,
    /// The site's factors and weights.
    Factors,
    /// The actions that need attention (SPEC §6).
    Due,
    /// The value chain (SPEC v2 §11).
    Chain,
}

impl Shortcode {
    pub const ALL: [Shortcode; 6] = [
        Shortcode::Matrix,
        Shortcode::Pareto,
        Shortcode::Counts,
        Shortcode::Factors,
        Shortcode::Due,
        Shortcode::Chain,
    ];

    /// The name written between `{{<` and `>}}`.
    pub fn name(self) -> &'static str {
        match self {
            Shortcode::Matrix => "matrix",
            Shortcode::Pareto => "pareto",
            Shortcode::Counts => "counts",
            Shortcode::Factors => "factors",
            Shortcode::Due => "due",
            Shortcode::Chain => "chain",
        }
    }

    pub fn from_name(name: &str) -> Option<Shortcode> {
        Self::ALL
            .into_iter()
            .find(|shortcode| shortcode.name() == name)
    }
}

/// A private-use character marks placeholders. The sanitiser drops it from everything a
/// user writes (typed, or as an entity), so only placeholders made here carry it.
pub(crate) const MARK: char = '\u{E000}';

/// How a placeholder looks once the chapter has been rendered to HTML.
pub fn rendered_placeholder(name: &str) -> String {
    format!("<p>{MARK}kam:{name}{MARK}</p>")
}

/// A line of a chapter's paragraph that holds only `{{< name >}}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub name: String,
    /// `None` for a name that is no shortcode: an error for the chapter.
    pub shortcode: Option<Shortcode>,
    /// The line as written, to find its position in the file.
    pub text: String,
}

/// Changes per run, so no text a user writes can stand for a placeholder between
/// Markdown rendering and [`seal`]; it never reaches the output.
static NONCE: LazyLock<u64> = LazyLock::new(|| RandomState::new().build_hasher().finish());

fn interim(index: usize) -> String {
    format!("kam-shortcode-{:016x}-{index}", *NONCE)
}

/// A shortcode shown as written: not alone on its line in a chapter, or in an account's
/// notes, where shortcodes do not work.
pub fn literal(file: &SourceFile, span: Range<usize>, in_chapter: bool) -> Diagnostic {
    let (message, help) = if in_chapter {
        (
            "this shortcode is not alone on its line, so it is shown as written",
            "put it on a line of its own to embed the live data",
        )
    } else {
        (
            "shortcodes work in handbook chapters only; this one is shown as written",
            "embed the live data in a chapter, or write it as code to show it on purpose",
        )
    };
    file.error(span, message).with_help(help).warning()
}

/// Whether a text, trimmed, is nothing but `{{< name >}}`.
pub(crate) fn is_shortcode_line(text: &str) -> bool {
    shortcode_name(text).is_some()
}

fn shortcode_name(text: &str) -> Option<&str> {
    text.trim()
        .strip_prefix("{{<")
        .and_then(|rest| rest.strip_suffix(">}}"))
        .map(str::trim)
}

/// Finds shortcode lines among Markdown events: a paragraph line (between soft or hard
/// breaks) that is one text holding only `{{< name >}}`. Text inside code blocks or inline
/// code is a different event and is never a shortcode. Each known one becomes a paragraph
/// of its own holding an interim token, which [`seal`] turns into a placeholder once the
/// HTML is sanitised.
pub(crate) fn mark<'a>(events: Vec<Event<'a>>, found: &mut Vec<Found>) -> Vec<Event<'a>> {
    let mut output = Vec::with_capacity(events.len());
    let mut paragraph: Option<Vec<Event<'a>>> = None;
    for event in events {
        match (&mut paragraph, event) {
            (None, Event::Start(Tag::Paragraph)) => paragraph = Some(Vec::new()),
            (None, event) => output.push(event),
            (Some(inner), Event::End(TagEnd::Paragraph)) => {
                let inner = std::mem::take(inner);
                paragraph = None;
                split_paragraph(inner, &mut output, found);
            }
            (Some(inner), event) => inner.push(event),
        }
    }
    if let Some(inner) = paragraph {
        split_paragraph(inner, &mut output, found);
    }
    output
}

fn split_paragraph<'a>(inner: Vec<Event<'a>>, output: &mut Vec<Event<'a>>, found: &mut Vec<Found>) {
    let mut lines: Vec<Vec<Event<'a>>> = vec![Vec::new()];
    for event in inner {
        let is_break = matches!(event, Event::SoftBreak | Event::HardBreak);
        if let Some(line) = lines.last_mut() {
            line.push(event);
        }
        if is_break {
            lines.push(Vec::new());
        }
    }
    let mut open: Vec<Event<'a>> = Vec::new();
    let flush = |open: &mut Vec<Event<'a>>, output: &mut Vec<Event<'a>>| {
        while matches!(open.last(), Some(Event::SoftBreak | Event::HardBreak)) {
            open.pop();
        }
        if !open.is_empty() {
            output.push(Event::Start(Tag::Paragraph));
            output.append(open);
            output.push(Event::End(TagEnd::Paragraph));
        }
    };
    for line in lines {
        let text = line_text(&line);
        match text.as_deref().and_then(shortcode_name) {
            Some(name) => {
                flush(&mut open, output);
                let shortcode = Shortcode::from_name(name);
                if shortcode.is_some() {
                    output.push(Event::Html(CowStr::from(format!(
                        "<p>{}</p>\n",
                        interim(found.len())
                    ))));
                }
                found.push(Found {
                    name: name.to_string(),
                    shortcode,
                    text: text.unwrap_or_default().trim().to_string(),
                });
            }
            None => open.extend(line),
        }
    }
    flush(&mut open, output);
}

/// The text of a paragraph line made only of text, with `<name>` that the parser took for
/// inline HTML (as in `{{<matrix>}}`) put back; `None` when anything else is on it.
fn line_text(line: &[Event]) -> Option<String> {
    let mut text = String::new();
    for event in line {
        match event {
            Event::Text(part) | Event::InlineHtml(part) => text.push_str(part),
            Event::SoftBreak | Event::HardBreak => {}
            _ => return None,
        }
    }
    Some(text)
}

/// Turns the interim tokens of sanitised HTML into placeholders for [`expand`].
pub(crate) fn seal(html: String, found: &[Found]) -> String {
    let mut html = html;
    for (index, entry) in found.iter().enumerate() {
        if entry.shortcode.is_some() {
            html = html.replacen(
                &format!("<p>{}</p>", interim(index)),
                &rendered_placeholder(&entry.name),
                1,
            );
        }
    }
    html
}

/// The error for a line naming no shortcode, at `span` of `file`.
pub fn unknown(file: &SourceFile, span: Range<usize>, name: &str) -> Diagnostic {
    let names: Vec<&str> = Shortcode::ALL.iter().map(|known| known.name()).collect();
    let help = match did_you_mean(name, names.iter().copied()) {
        Some(close) => format!("did you mean `{{{{< {close} >}}}}`?"),
        None => format!("known shortcodes: {}", quoted_list(&names)),
    };
    file.error(span, format!("unknown shortcode `{name}`"))
        .with_help(help)
}

/// Swaps every placeholder in rendered HTML for what `render` makes of its shortcode and
/// its occurrence number in this document (so two embeds of one chart get distinct ids).
/// A placeholder naming no shortcode is left as it is.
pub fn expand(html: &str, mut render: impl FnMut(Shortcode, usize) -> String) -> String {
    if !html.contains(MARK) {
        return html.to_string();
    }
    let mut output = String::with_capacity(html.len());
    let mut rest = html;
    let mut occurrence = 0;
    while let Some(start) = rest.find("<p>\u{E000}kam:") {
        let after = &rest[start + "<p>\u{E000}kam:".len()..];
        let Some(end) = after.find('\u{E000}') else {
            break;
        };
        let name = &after[..end];
        let tail = &after[end + MARK.len_utf8()..];
        let (Some(tail), Some(shortcode)) = (tail.strip_prefix("</p>"), Shortcode::from_name(name))
        else {
            break;
        };
        output.push_str(&rest[..start]);
        output.push_str(&render(shortcode, occurrence));
        occurrence += 1;
        rest = tail;
    }
    output.push_str(rest);
    output
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::render_chapter;

    fn placeholders(markdown: &str) -> (String, Vec<Found>) {
        let rendered = render_chapter(markdown, false).expect("shallow");
        (rendered.html, rendered.shortcodes)
    }

    #[test]
    fn shortcode_lines_become_placeholders_that_expand() {
        let (html, found) = placeholders("Intro\n{{< counts >}}\nB\n\n{{<matrx>}}\n");
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].shortcode, None);
        assert_eq!(found[1].name, "matrx");
        let expanded = expand(&html, |shortcode, n| {
            format!("<div>{}{n}</div>", shortcode.name())
        });
        assert_eq!(expanded, "<p>Intro</p>\n<div>counts0</div>\n<p>B</p>\n");
    }

    #[test]
    fn code_never_holds_a_shortcode() {
        for markdown in [
            "    {{< matrix >}}\n",
            "```\n{{< matrix >}}\n```\n",
            "````\n```\n{{< matrix >}}\n````\n",
            "~~~~~\n{{< matrix >}}\n~~~~~\n",
            "`{{< matrix >}}`\n",
        ] {
            let (html, found) = placeholders(markdown);
            assert!(found.is_empty(), "{markdown}");
            assert!(html.contains("{{&lt; matrix &gt;}}"), "{markdown}: {html}");
            assert!(!html.contains(MARK), "{markdown}");
        }
    }

    #[test]
    fn a_typed_mark_cannot_forge_a_placeholder() {
        for forged in [
            "\u{E000}kam:due\u{E000}\n",
            "&#xE000;kam:due&#xE000;\n",
            "<p>&#57344;kam:due&#57344;</p>\n",
        ] {
            let (html, _) = placeholders(forged);
            let expanded = expand(&html, |_, _| "FORGED".to_string());
            assert!(!expanded.contains("FORGED"), "{forged}: {expanded}");
            assert!(!html.contains(MARK), "{forged}: {html}");
        }
    }
}
