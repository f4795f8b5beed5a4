//! The iCalendar text format (RFC 5545) as kam writes it: content lines ending in CRLF,
//! folded at 75 octets without splitting a UTF-8 character, TEXT values escaped, and no
//! control character left in the file.
//!
//! Not here: which calendars and events a site has (`calendar`). The format is written by
//! hand because kam needs only a handful of properties, and doing so keeps UIDs and
//! timestamps entirely under kam's control.

use time::Date;

/// The longest content line RFC 5545 §3.1 allows, in octets, without its CRLF.
const LINE_OCTETS: usize = 75;

/// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, each line
/// break written as `\n`, and every other control character dropped (a tab becomes a
/// space, since a file's readers may not expect one).
pub fn text(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len() + 8);
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            ';' => escaped.push_str("\\;"),
            ',' => escaped.push_str("\\,"),
            '\r' => {
                // CRLF is one line break, as is a lone CR.
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                escaped.push_str("\\n");
            }
            '\n' => escaped.push_str("\\n"),
            '\t' => escaped.push(' '),
            c if is_unwanted(c) => {}
            c => escaped.push(c),
        }
    }
    escaped
}

/// A value that is not TEXT (a URI, a date): written as it is, less control characters.
pub fn raw(value: &str) -> String {
    value.chars().filter(|&c| !is_unwanted(c)).collect()
}

/// Control characters, and the bidirectional overrides that would reorder a line when a
/// calendar shows it.
fn is_unwanted(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A DATE value: `20261215`.
pub fn date(date: Date) -> String {
    format!(
        "{:04}{:02}{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// A UTC DATE-TIME at midnight: `20261127T000000Z`.
pub fn midnight_utc(date: Date) -> String {
    format!("{}T000000Z", self::date(date))
}

/// Builds a calendar file one content line at a time.
#[derive(Default)]
pub struct Lines {
    out: String,
}

impl Lines {
    pub fn new() -> Lines {
        Lines::default()
    }

    /// Room for `bytes` of lines up front, for a file whose size is known.
    pub fn with_capacity(bytes: usize) -> Lines {
        Lines {
            out: String::with_capacity(bytes),
        }
    }

    /// Adds `NAME:value` (the value already escaped), folded and ended with CRLF.
    pub fn property(&mut self, name: &str, value: &str) {
        fold_into(&mut self.out, [name, ":", value]);
    }

    /// Adds lines already folded and ended, as another `Lines` made them.
    pub fn push_folded(&mut self, lines: &str) {
        self.out.push_str(lines);
    }

    /// The lines so far.
    pub fn as_str(&self) -> &str {
        &self.out
    }

    /// Starts again, keeping the room: for one event after another.
    pub fn clear(&mut self) {
        self.out.clear();
    }

    pub fn finish(self) -> String {
        self.out
    }
}

/// Writes the line made of `parts` with CRLF endings, breaking it before any character
/// that would take a line past 75 octets; each continuation begins with one space, which
/// counts. Most lines fit, and a part that fits is copied whole.
fn fold_into<'p>(out: &mut String, parts: impl IntoIterator<Item = &'p str>) {
    let mut used = 0;
    for part in parts {
        let mut rest = part;
        while rest.len() > LINE_OCTETS - used {
            // The most of `rest` that fits, ending where a character does.
            let mut cut = LINE_OCTETS - used;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            out.push_str(&rest[..cut]);
            out.push_str("\r\n ");
            used = 1;
            rest = &rest[cut..];
        }
        out.push_str(rest);
        used += rest.len();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn folded(line: &str) -> String {
        let mut out = String::new();
        fold_into(&mut out, [line]);
        out
    }

    #[test]
    fn text_escapes_the_specials_and_line_breaks() {
        assert_eq!(text(r"a\b;c,d"), r"a\\b\;c\,d");
        assert_eq!(text("one\ntwo\r\nthree\rfour"), r"one\ntwo\nthree\nfour");
        assert_eq!(text("tab\there\u{1b}[31m\u{7}\u{202e}"), "tab here[31m");
        assert_eq!(text("Åre: \"citat\""), "Åre: \"citat\"");
    }

    #[test]
    fn raw_values_lose_control_characters_only() {
        assert_eq!(
            raw("https://a.se/x;y,z\u{0}\n"),
            "https://a.se/x;y,z".to_string()
        );
    }

    #[test]
    fn dates_are_basic_format() {
        let day = time::macros::date!(2026 - 02 - 03);
        assert_eq!(date(day), "20260203");
        assert_eq!(midnight_utc(day), "20260203T000000Z");
    }

    #[test]
    fn a_short_line_is_not_folded() {
        assert_eq!(folded("SUMMARY:kort"), "SUMMARY:kort\r\n");
        let exact = format!("X:{}", "a".repeat(73));
        assert_eq!(folded(&exact), format!("{exact}\r\n"));
    }

    #[test]
    fn a_two_octet_letter_at_the_boundary_moves_to_the_next_line() {
        // 74 octets, then "ö" (2 octets) would end at octet 76.
        let line = format!("X:{}ö", "a".repeat(72));
        assert_eq!(folded(&line), format!("X:{}\r\n ö\r\n", "a".repeat(72)));
    }

    /// Folding as RFC 5545 words it, one character at a time.
    fn folded_by_characters(parts: &[&str]) -> String {
        let mut out = String::new();
        let mut used = 0;
        for c in parts.iter().flat_map(|part| part.chars()) {
            if used + c.len_utf8() > LINE_OCTETS {
                out.push_str("\r\n ");
                used = 1;
            }
            out.push(c);
            used += c.len_utf8();
        }
        out.push_str("\r\n");
        out
    }

    proptest! {
        #[test]
        fn folding_by_parts_is_folding_by_characters(
            parts in proptest::collection::vec("[a-zö€😀:;]{0,90}", 0..5),
        ) {
            let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
            let mut out = String::new();
            fold_into(&mut out, parts.iter().copied());
            prop_assert_eq!(out, folded_by_characters(&parts));
        }

        #[test]
        fn folding_keeps_the_text_and_the_limit(line in "[a-zåäöÅÄÖ€😀 ;,]{0,400}") {
            let out = folded(&line);
            prop_assert!(out.ends_with("\r\n"));
            let body = &out[..out.len() - 2];
            let mut unfolded = String::new();
            for (index, part) in body.split("\r\n").enumerate() {
                prop_assert!(part.len() <= LINE_OCTETS, "{} octets", part.len());
                if index == 0 {
                    unfolded.push_str(part);
                } else {
                    prop_assert!(part.starts_with(' '));
                    prop_assert!(part.len() > 1, "an empty continuation");
                    unfolded.push_str(&part[1..]);
                }
            }
            prop_assert_eq!(unfolded, line);
        }

        #[test]
        fn escaped_text_has_no_control_characters(value in "\\PC{0,60}|[\\x00-\\x1f\\x7f;,\\\\]{0,20}") {
            let escaped = text(&value);
            prop_assert!(!escaped.chars().any(char::is_control));
            // Every special is preceded by a backslash that is not itself escaped.
            let mut chars = escaped.chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => prop_assert!(matches!(chars.next(), Some('\\' | ';' | ',' | 'n'))),
                    ';' | ',' => prop_assert!(false, "unescaped special in {escaped:?}"),
                    _ => {}
                }
            }
        }
    }
}
