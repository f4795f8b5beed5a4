//! Starting points a user builds on: `kam init` (a whole site that builds at once) and
//! `kam new` (one account or chapter file).
//!
//! The files are text templates compiled into the binary, one set per language. This
//! module only ever creates files: it never overwrites, deletes or prompts. It does not
//! validate what it writes; the tests build the result with the real loader instead.

mod init;
mod new;

pub use init::{Created, init};
pub use new::{new_account, new_chapter};

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use crate::Failure;
use crate::config::Language;

/// The template texts of one language.
struct Templates {
    kam_toml: &'static str,
    /// Where `init` puts the examples, named by their slugs so the site builds as written.
    full_account_file: &'static str,
    minimal_account_file: &'static str,
    chapter_file: &'static str,
    full_account: &'static str,
    minimal_account: &'static str,
    chapter: &'static str,
    readme: &'static str,
    new_account: &'static str,
    new_chapter: &'static str,
    /// Written for a new account when no manager is given, so the file loads as written.
    unassigned: &'static str,
    site_title: &'static str,
}

const GITIGNORE: &str = include_str!("gitignore");

fn templates(language: Language) -> Templates {
    match language {
        Language::Sv => Templates {
            kam_toml: include_str!("sv/kam.toml"),
            full_account_file: "content/accounts/norrskog-kartong-ab.md",
            minimal_account_file: "content/accounts/vitsand-tryck-ab.md",
            chapter_file: "content/handbook/arbetssatt.md",
            full_account: include_str!("sv/full-account.md"),
            minimal_account: include_str!("sv/minimal-account.md"),
            chapter: include_str!("sv/chapter.md"),
            readme: include_str!("sv/README.md"),
            new_account: include_str!("sv/new-account.md"),
            new_chapter: include_str!("sv/new-chapter.md"),
            unassigned: "Ej tilldelad",
            site_title: "Nyckelkunder",
        },
        Language::En => Templates {
            kam_toml: include_str!("en/kam.toml"),
            full_account_file: "content/accounts/ashby-board-mills-ltd.md",
            minimal_account_file: "content/accounts/kestrel-print-ltd.md",
            chapter_file: "content/handbook/how-we-work.md",
            full_account: include_str!("en/full-account.md"),
            minimal_account: include_str!("en/minimal-account.md"),
            chapter: include_str!("en/chapter.md"),
            readme: include_str!("en/README.md"),
            new_account: include_str!("en/new-account.md"),
            new_chapter: include_str!("en/new-chapter.md"),
            unassigned: "Unassigned",
            site_title: "Key accounts",
        },
    }
}

/// `text` as a TOML basic string, quotes included, with every character TOML forbids escaped.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// What a user typed as a name or title, trimmed; refused when empty or holding control
/// characters, which would never survive into a page or a file name.
fn clean_name(text: &str, what: &str) -> Result<String, Failure> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(Failure::Io(format!("the {what} is empty")));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(Failure::Io(format!(
            "the {what} holds a control character (a tab, newline or similar); type it on one line"
        )));
    }
    Ok(trimmed.to_string())
}

/// Creates `path` with `text`, failing if anything already exists there.
fn create_new(path: &Path, text: &str) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings_round_trip() {
        for text in [
            "Åre Skog AB",
            "Say \"hi\"",
            "back\\slash",
            "tab\there",
            "del\u{7f}",
        ] {
            let quoted = toml_string(text);
            let parsed: toml::Table =
                toml::from_str(&format!("name = {quoted}")).expect("valid TOML");
            assert_eq!(parsed["name"].as_str(), Some(text), "{quoted}");
        }
    }

    #[test]
    fn names_are_cleaned() {
        assert_eq!(
            clean_name("  Åre Skog AB ", "name").ok().as_deref(),
            Some("Åre Skog AB")
        );
        assert!(clean_name("   ", "name").is_err());
        assert!(clean_name("a\nb", "name").is_err());
        assert!(clean_name("a\u{1b}[31m", "name").is_err());
    }
}
