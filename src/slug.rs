//! Slugs: the file-name rule of SPEC §3 and the suggestion for a file that breaks it.
//!
//! Not here: the URL of a page (`view::urls`).

/// Whether `text` matches `[a-z0-9]+(-[a-z0-9]+)*`.
pub fn is_valid(text: &str) -> bool {
    !text.is_empty()
        && text.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Lower-case ASCII with runs of anything else turned into one `-`: "Malmö Stad – Nord"
/// becomes `malmo-stad-nord`. Transliteration (å→a, ö→o, ß→ss …) is deunicode's.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_lowercase();
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_rule() {
        assert!(is_valid("norrskog-kartong"));
        assert!(is_valid("a1"));
        for bad in ["", "-a", "a-", "a--b", "A", "å", "a_b", "a b"] {
            assert!(!is_valid(bad), "{bad}");
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(slugify("Åhléns AB"), "ahlens-ab");
        assert_eq!(slugify("Malmö Stad – Nord"), "malmo-stad-nord");
        assert_eq!(slugify("Norrskog_Kartong"), "norrskog-kartong");
        assert_eq!(slugify("  --x--  "), "x");
    }

    proptest! {
        #[test]
        fn a_suggestion_is_valid_or_empty(text in "\\PC{0,30}") {
            let slug = slugify(&text);
            prop_assert!(slug.is_empty() || is_valid(&slug));
        }
    }
}
