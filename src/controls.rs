//! Control characters in text from the site (SPEC §1, v2).
//!
//! A terminal obeys escape sequences, so text kam prints shows them escaped (`\u{1b}`); an
//! output file never needs them, so loading drops them, tab and newline aside. This module
//! only transforms strings; callers decide where each rule applies.

use std::borrow::Cow;

/// Characters that change how a terminal or a text display behaves rather than showing as
/// text: C0 and C1 controls, DEL, and the bidirectional overrides that reorder a line.
fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Text for a terminal: every unsafe character written as `\u{…}`; tab stays a tab.
pub fn escape_for_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\t' && is_unsafe(c)) {
        return Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c != '\t' && is_unsafe(c) {
            escaped.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            escaped.push(c);
        }
    }
    Cow::Owned(escaped)
}

/// Text for an output file: control characters dropped, tab and newline kept.
pub fn strip(text: &str) -> Cow<'_, str> {
    let keep = |c: char| c == '\t' || c == '\n' || !c.is_control();
    if !has_control(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|c| keep(*c)).collect())
    }
}

/// Whether `text` holds a control character other than tab and newline, read by bytes:
/// every page passes through here. The controls are U+0000–U+001F, U+007F and U+0080–U+009F,
/// the last written as 0xC2 then 0x80–0x9F in UTF-8.
fn has_control(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Bytes that may start a control, tested a block at a time without stopping early, which
    // the compiler turns into vector instructions; 0xC2 also starts ordinary characters
    // (U+00A0–U+00BF), so a block with one is looked at closely.
    let may_start = |byte: u8| {
        (byte < 0x20 && byte != b'\t' && byte != b'\n') | (byte == 0x7F) | (byte == 0xC2)
    };
    const BLOCK: usize = 64;
    bytes.chunks(BLOCK).enumerate().any(|(block, chunk)| {
        chunk
            .iter()
            .fold(false, |found, &byte| found | may_start(byte))
            && chunk.iter().enumerate().any(|(offset, &byte)| match byte {
                b'\t' | b'\n' => false,
                0x00..=0x1F | 0x7F => true,
                0xC2 => matches!(bytes.get(block * BLOCK + offset + 1), Some(0x80..=0x9F)),
                _ => false,
            })
    })
}

/// [`strip`] for an owned string, without copying when nothing is dropped.
pub fn strip_owned(text: String) -> String {
    match strip(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(stripped) => stripped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_for_the_terminal_and_strips_for_files() {
        let hostile = "A\u{1b}]0;title\u{7}\tB\u{0}C\u{202e}D\u{9b}";
        assert_eq!(
            escape_for_terminal(hostile),
            "A\\u{1b}]0;title\\u{7}\tB\\u{0}C\\u{202e}D\\u{9b}"
        );
        assert_eq!(strip(hostile), "A]0;title\tBC\u{202e}D");
        assert_eq!(strip("line\nnext\r\n"), "line\nnext\n");
        assert!(matches!(strip("plain åäö"), Cow::Borrowed(_)));
    }

    proptest::proptest! {
        /// The byte scan finds what a scan of the characters finds.
        #[test]
        fn controls_are_found_by_bytes_as_by_characters(text in "\\PC{0,12}[\\x00-\\x1f\\x7f-\\u{a0}]?\\PC{0,12}") {
            let by_characters = text.chars().any(|c| c != '\t' && c != '\n' && c.is_control());
            proptest::prop_assert_eq!(has_control(&text), by_characters);
        }
    }
}
