//! SPEC v2 §7: when two spellings name one person or department. A name's key is the text
//! trimmed, with runs of whitespace as one space, lower-cased (Unicode): `Lena Holm`,
//! `lena holm` and `Lena  Holm ` are one person.
//!
//! Not here: which spelling a page shows (the first one met, decided where names are
//! grouped) or the warnings about a second spelling (`content`).

/// The key two names are compared by.
pub fn key(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_inner_and_outer_whitespace_do_not_make_another_name() {
        assert_eq!(key("Lena Holm"), "lena holm");
        assert_eq!(key("lena holm"), key("Lena Holm"));
        assert_eq!(key("Lena  Holm "), key("Lena Holm"));
        assert_eq!(key("\tLena\u{a0}Holm\n"), key("Lena Holm"));
        assert_eq!(key("Inköp"), key("inköp "));
        assert_eq!(key("ÅSA ÖBERG"), key("åsa öberg"));
        assert_ne!(key("Lena Holm"), key("Lena Holme"));
        assert_eq!(key("   "), "");
    }
}
