//! Name keys (SPEC §7): the form in which people, departments and account names are
//! compared, so that `Lena Holm`, `lena holm` and ` Lena  Holm ` are one person.
//!
//! This module only says when two spellings are the same; choosing which spelling to show
//! and warning about variants belong to the callers.

/// The text trimmed, each run of whitespace turned into one space, lower-cased (Unicode).
pub fn key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.extend(word.chars().flat_map(char::to_lowercase));
    }
    key
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
    }
}
