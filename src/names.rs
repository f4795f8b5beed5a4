//! Name keys (SPEC §7): the form in which people, departments and account names are
//! compared, so that `Lena Holm`, `lena holm` and ` Lena  Holm ` are one person.
//!
//! This module only says when two spellings are the same; choosing which spelling to show
//! and warning about variants belong to the callers.

/// The text trimmed, each run of whitespace turned into one space, lower-cased (Unicode).
pub fn key(text: &str) -> String {
    // Most names are ASCII words with single spaces between them: lower-casing those is
    // the whole rule, in one pass and one allocation.
    if is_spaced_ascii(text.as_bytes()) {
        return text.to_ascii_lowercase();
    }
    let mut key = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        // Names are mostly ASCII, and keys are made for every name of every account on
        // every build: the ASCII rule is the Unicode one for those characters, at a
        // fraction of the cost.
        for character in word.chars() {
            if character.is_ascii() {
                key.push(character.to_ascii_lowercase());
            } else {
                key.extend(character.to_lowercase());
            }
        }
    }
    key
}

/// ASCII with no whitespace but single spaces between words.
fn is_spaced_ascii(bytes: &[u8]) -> bool {
    let mut after_space = true;
    for &byte in bytes {
        let other_whitespace = byte != b' ' && (byte.is_ascii_whitespace() || byte == 0x0b);
        if !byte.is_ascii() || other_whitespace {
            return false;
        }
        let space = byte == b' ';
        if space && after_space {
            return false;
        }
        after_space = space;
    }
    !after_space || bytes.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn spellings_of_one_name_share_a_key() {
        assert_eq!(key("Lena Holm"), "lena holm");
        assert_eq!(key("lena holm"), "lena holm");
        assert_eq!(key("  Lena \t Holm \n"), "lena holm");
        assert_eq!(key("ÖSTERFJÄRDENS MASSA AB"), "österfjärdens massa ab");
        // A no-break space, as spreadsheets often paste, is whitespace too.
        assert_eq!(key("Lena\u{a0}Holm"), "lena holm");
    }

    #[test]
    fn different_names_keep_different_keys() {
        assert_ne!(key("Lena Holm"), key("Lena Holmén"));
        assert_ne!(key("Lena Holm"), key("LenaHolm"));
        assert_eq!(key(""), "");
        assert_eq!(key("   "), "");
    }

    proptest! {
        #[test]
        fn a_key_is_its_own_key(text in "\\PC{0,40}") {
            let once = key(&text);
            prop_assert_eq!(key(&once), once.clone());
            prop_assert!(!once.starts_with(' ') && !once.ends_with(' ') && !once.contains("  "));
        }

        /// The one-pass rule for plain ASCII, and where it stops applying.
        #[test]
        fn ascii_names_lower_case_as_unicode_does(text in "[ a-zA-Z0-9.\t\n\x0b\x0c\r-]{0,30}") {
            prop_assert_eq!(key(&text), unicode_rule(&text));
        }

        #[test]
        fn a_key_lower_cases_as_unicode_does(text in "[ a-zA-ZåäöÅÄÖİẞΣ\\PC]{0,40}") {
            prop_assert_eq!(key(&text), unicode_rule(&text));
        }
    }

    /// SPEC §7's rule, written the slow and obvious way.
    fn unicode_rule(text: &str) -> String {
        let words: Vec<String> = text
            .split_whitespace()
            .map(|word| word.chars().flat_map(char::to_lowercase).collect())
            .collect();
        words.join(" ")
    }
}
