//! CRM record ids as keys for matching (SPEC §13).
//!
//! Salesforce writes one record's id in two forms: 15 characters, case-sensitive, and 18
//! characters, the 15 followed by a 3-character checksum of their letter case (so that
//! case-insensitive tools such as Excel can tell ids apart). Both forms of one record get
//! the same key. Any other id is its own key. This module does no lookups itself.
//!
//! Not here: matching rows to accounts (`import`).

const CHECKSUM_ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

/// The 3-character suffix that turns a 15-character Salesforce id into its 18-character
/// form: for each 5-character chunk, bit i is set when character i is an upper-case A–Z.
pub fn checksum(id15: &str) -> Option<String> {
    let bytes = id15.as_bytes();
    if bytes.len() != 15 || !bytes.iter().all(u8::is_ascii_alphanumeric) {
        return None;
    }
    let suffix = bytes
        .chunks(5)
        .map(|chunk| {
            let bits = chunk
                .iter()
                .enumerate()
                .filter(|(_, byte)| byte.is_ascii_uppercase())
                .fold(0usize, |bits, (index, _)| bits | (1 << index));
            char::from(CHECKSUM_ALPHABET[bits])
        })
        .collect();
    Some(suffix)
}

/// The matching key of an id: the 15-character form for an 18-character Salesforce id whose
/// checksum holds, else the trimmed id as written.
pub fn key(id: &str) -> String {
    let id = id.trim();
    if id.len() == 18
        && let Some((head, tail)) = id.split_at_checked(15)
        && checksum(head).is_some_and(|sum| sum.eq_ignore_ascii_case(tail))
    {
        return head.to_string();
    }
    id.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_salesforce_ids() {
        // Worked by hand: chunk "001D0" has upper-case D at index 3 → bit 3 → 8 → 'I';
        // "00000" → 0 → 'A'; "0KlaB" has K (1) and B (4) → 2 + 16 = 18 → 'S'.
        assert_eq!(checksum("001D000000KlaB").as_deref(), None, "14 characters");
        assert_eq!(checksum("001D0000000KlaB").as_deref(), Some("IAS"));
        assert_eq!(key("001D0000000KlaBIAS"), "001D0000000KlaB");
        assert_eq!(key("001D0000000KlaB"), "001D0000000KlaB");
        // All letters upper-case in a chunk: bits 0..=4 → 31 → '5'.
        assert_eq!(checksum("ABCDEabcde00000").as_deref(), Some("5AA"));
    }

    #[test]
    fn a_wrong_checksum_or_another_crm_keeps_the_id() {
        assert_eq!(key("001D0000000KlaBAAA"), "001D0000000KlaBAAA");
        assert_eq!(key(" 10234 "), "10234");
        assert_ne!(key("001D0000000KlaB"), key("001D0000000klab"));
    }

    proptest! {
        #[test]
        fn both_forms_of_a_record_share_a_key(id in "[0-9A-Za-z]{15}") {
            let long = format!("{id}{}", checksum(&id).expect("15 alphanumerics"));
            prop_assert_eq!(key(&long), key(&id));
        }

        #[test]
        fn different_case_means_a_different_record(id in "[0-9a-z]{14}[a-z]") {
            let other = format!("{}{}", &id[..14], id[14..].to_uppercase());
            prop_assert_ne!(key(&id), key(&other));
            let long = format!("{other}{}", checksum(&other).expect("valid"));
            prop_assert_ne!(key(&long), key(&id));
        }
    }
}
