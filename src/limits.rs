//! Bounds that keep the time and memory of a build small whatever a file holds.
//!
//! The HTML sanitiser's tree builder does work proportional to the depth of open elements
//! for each tag, so 100,000 nested blockquotes or unclosed `<div>`s cost minutes; a file of
//! tens of megabytes costs gigabytes through Markdown, HTML and sanitising. kam refuses both
//! with an error naming the file instead. This module holds the limits and measures inputs
//! against them; it does not report (callers turn a breach into a diagnostic).

use std::io::Read;
use std::path::Path;

/// The largest content file or kam.toml kam reads: far above any real account or chapter.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// How deeply elements may nest in the HTML a Markdown file becomes (blockquotes, lists and
/// raw HTML together). Real documents stay below 20.
pub const MAX_NESTING: usize = 100;

/// How many elements the HTML of one Markdown file may hold. The sanitiser's tree costs
/// hundreds of bytes per element, and one `>` makes one; a long real chapter holds a few
/// thousand.
pub const MAX_ELEMENTS: usize = 50_000;

/// The file's bytes, or `Ok(None)` when it is larger than [`MAX_FILE_BYTES`]. Reading stops
/// just past the limit, so a huge file costs no more memory than a small one.
pub fn read_bounded(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    let file = std::fs::File::open(path)?;
    // The size the file has now sizes the buffer, so a typical file is one read, not a
    // series of growing ones; `take` still bounds a file that grows meanwhile.
    let size = file.metadata().map_or(0, |metadata| metadata.len());
    if size > MAX_FILE_BYTES {
        return Ok(None);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0) + 1);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= MAX_FILE_BYTES).then_some(bytes))
}

/// Elements whose end tag is optional or absent: the HTML parser closes them by itself, so
/// they do not deepen the tree however many are left open. `name` is a tag name as written.
fn closes_by_itself(name: &[u8]) -> bool {
    // The longest such names have eight letters.
    let mut lower = [0u8; 8];
    let Some(lower) = lower.get_mut(..name.len()) else {
        return false;
    };
    for (into, byte) in lower.iter_mut().zip(name) {
        *into = byte.to_ascii_lowercase();
    }
    matches!(
        &*lower,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"colgroup"
            | b"dd"
            | b"dt"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"li"
            | b"link"
            | b"meta"
            | b"option"
            | b"optgroup"
            | b"p"
            | b"param"
            | b"rp"
            | b"rt"
            | b"source"
            | b"tbody"
            | b"td"
            | b"tfoot"
            | b"th"
            | b"thead"
            | b"tr"
            | b"track"
            | b"wbr"
    )
}

/// Container markers of Markdown: `>` quote markers and list markers before a line's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Markers {
    /// The most on any one line: how deeply that line nests.
    pub deepest: usize,
    /// All of them: an upper bound on the quotes and list items the text opens.
    pub total: usize,
}

/// Counts container markers before parsing, because the parser builds its whole tree first,
/// a node per marker.
pub fn markdown_markers(markdown: &str) -> Markers {
    let per_line = markdown.lines().map(|line| {
        let mut markers = 0;
        let mut rest = line.trim_start();
        loop {
            if let Some(after) = rest.strip_prefix('>') {
                rest = after.trim_start();
            } else if let Some(after) = rest
                .strip_prefix(['-', '*', '+'])
                .filter(|after| after.starts_with([' ', '\t']))
            {
                rest = after.trim_start();
            } else {
                let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                match rest[digits..].strip_prefix(['.', ')']) {
                    Some(after) if digits > 0 && after.starts_with([' ', '\t']) => {
                        rest = after.trim_start();
                    }
                    _ => break,
                }
            }
            markers += 1;
        }
        markers
    });
    per_line.fold(
        Markers {
            deepest: 0,
            total: 0,
        },
        |markers, line| Markers {
            deepest: markers.deepest.max(line),
            total: markers.total + line,
        },
    )
}

/// How deeply and how many elements `html` holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub depth: usize,
    pub elements: usize,
}

/// The deepest nesting of elements in `html` and their number, counted from start and end
/// tags in one pass. Tags inside comments count too, so the figures err on the high side,
/// never the low.
pub fn shape(html: &str) -> Shape {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut elements = 0usize;
    let mut position = 0;
    while let Some(offset) = memchr::memchr(b'<', &bytes[position..]) {
        let start = position + offset + 1;
        let closing = bytes.get(start) == Some(&b'/');
        let name_start = start + usize::from(closing);
        let name_length = bytes[name_start..]
            .iter()
            .take_while(|byte| byte.is_ascii_alphanumeric())
            .count();
        position = name_start + name_length;
        if name_length == 0 || !bytes[name_start].is_ascii_alphabetic() {
            continue;
        }
        if !closing {
            elements += 1;
        }
        if closes_by_itself(&bytes[name_start..position]) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    Shape {
        depth: deepest,
        elements,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nesting_depth(html: &str) -> usize {
        shape(html).depth
    }

    fn markdown_nesting(markdown: &str) -> usize {
        markdown_markers(markdown).deepest
    }

    #[test]
    fn counts_the_containers_a_markdown_line_opens() {
        assert_eq!(markdown_markers("> a\n> b\n- c\n").total, 3);
        assert_eq!(markdown_nesting("text\n- item\n"), 1);
        assert_eq!(markdown_nesting("> > - 1. quote in list\n"), 4);
        assert_eq!(markdown_nesting(&">".repeat(1000)), 1000);
        assert_eq!(markdown_nesting("- - - a\n---\n-not a list\n2.5 %\n"), 3);
    }

    #[test]
    fn counts_elements() {
        assert_eq!(shape("<p>a <em>b</em><br></p>").elements, 3);
        assert_eq!(shape(&"<b></b>".repeat(10)).elements, 10);
    }

    #[test]
    fn counts_open_elements_and_ignores_self_closing_ones() {
        assert_eq!(nesting_depth("plain &lt;text&gt;"), 0);
        assert_eq!(nesting_depth("<p>a</p><p>b</p>"), 0);
        assert_eq!(
            nesting_depth("<blockquote><ul><li><em>x</em></li></ul></blockquote>"),
            3
        );
        assert_eq!(
            nesting_depth("<div><div></div><div><b>x</b></div></div>"),
            3
        );
        assert_eq!(nesting_depth(&"<div>".repeat(500)), 500);
        assert_eq!(nesting_depth("<br><img src=x><hr>< 3 <1>"), 0);
        // Names in any case; a longer name that starts like one is an element of its own.
        assert_eq!(nesting_depth("<P><TR><ColGroup><colgroups><optgroupx>"), 2);
    }

    #[test]
    fn reads_small_files_and_refuses_large_ones() {
        let dir = tempfile::tempdir().expect("tempdir");
        let small = dir.path().join("small.md");
        std::fs::write(&small, "x".repeat(MAX_FILE_BYTES as usize)).expect("write");
        assert!(read_bounded(&small).expect("read").is_some());
        let large = dir.path().join("large.md");
        std::fs::write(&large, "x".repeat(MAX_FILE_BYTES as usize + 1)).expect("write");
        assert!(read_bounded(&large).expect("read").is_none());
    }
}
