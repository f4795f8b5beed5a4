//! No input makes kam panic: arbitrary text, arbitrary TOML-looking front matter and
//! mutations of a valid account all end in an account or in diagnostics.

use kam::config::{Config, parse as parse_config};
use kam::content::account;
use kam::diagnostics::SourceFile;
use proptest::prelude::*;

const VALID: &str = include_str!("fixtures/happy/content/accounts/alfa-bruk.md");

fn parse_account(text: String) {
    let file = SourceFile::new("content/accounts/x.md", text);
    let config = Config::with_title("T");
    match account::parse(&file, "x", &config) {
        Ok(account) => assert_eq!(account.slug, "x"),
        Err(diagnostics) => {
            assert!(!diagnostics.is_empty());
            for diagnostic in diagnostics {
                assert!(diagnostic.line >= 1 && diagnostic.column >= 1);
                let _ = diagnostic.to_string();
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC*") {
        parse_account(text.clone());
        parse_account(format!("+++\n{text}\n+++\n"));
        let _ = parse_config(&SourceFile::new("kam.toml", text), &|_| false);
    }

    #[test]
    fn toml_shaped_front_matter_never_panics(
        lines in proptest::collection::vec("[a-z_\\[\\]]{1,14} = (-?[0-9_.e+]{1,12}|\"[^\"\n]{0,12}\"|[0-9]{4}-[0-9]{2}-[0-9]{2}|\\[[0-9, ]{0,9}\\]|true)", 0..20)
    ) {
        parse_account(format!("+++\n{}\n+++\n", lines.join("\n")));
    }

    #[test]
    fn a_valid_account_with_one_edit_never_panics(position in 0usize..4000, insert in "\\PC{0,6}", cut in 0usize..8) {
        let mut text = VALID.to_string();
        let mut start = position.min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + cut).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.replace_range(start..end, &insert);
        parse_account(text);
    }
}
