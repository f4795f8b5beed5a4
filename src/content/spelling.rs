//! Checks that need every account at once: two spellings of one person or department
//! (SPEC v2 §7) and `sells_to` entries that look like a misspelt slug (§3). Both are
//! warnings at the later spelling: the build goes on, and `--strict` makes them errors.
//!
//! Not here: reading the values (`account`) or deciding what a name key is (`names`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::content::model::{Account, Field, Written};
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::names;

fn warning_at(path: &Path, written: &Written, message: String, help: String) -> Diagnostic {
    let mut diagnostic = Diagnostic::whole_file(path, message)
        .with_help(help)
        .warning();
    diagnostic.line = written.line;
    diagnostic.column = written.column;
    diagnostic
}

/// Accounts in slug order, so "the first spelling" is the one pages show.
pub fn check(accounts: &[std::sync::Arc<Account>]) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let mut first: BTreeMap<String, (&str, &Path, usize)> = BTreeMap::new();
    let slugs: BTreeSet<&str> = accounts.iter().map(|a| a.slug.as_str()).collect();
    // Comparing an entry with every slug is the cost at scale (10,000 accounts naming
    // customers outside the portfolio), and the same outside customers recur, so each
    // distinct entry is compared once.
    let mut closest: BTreeMap<&str, Option<&str>> = BTreeMap::new();
    for account in accounts {
        for written in &account.written {
            match written.what {
                Field::Name => {
                    let key = names::key(&written.text);
                    if key.is_empty() {
                        continue;
                    }
                    match first.get(&key) {
                        None => {
                            first.insert(key, (&written.text, &account.source, written.line));
                        }
                        Some((spelling, path, line)) if *spelling != written.text => {
                            warnings.push(warning_at(
                                &account.source,
                                written,
                                format!(
                                    "`{}` is another spelling of `{spelling}` ({}:{line})",
                                    written.text,
                                    path.display()
                                ),
                                format!(
                                    "pages show `{spelling}`; write the name the same way everywhere"
                                ),
                            ));
                        }
                        Some(_) => {}
                    }
                }
                Field::Customer => {
                    if slugs.contains(written.text.as_str()) {
                        continue;
                    }
                    let close = *closest
                        .entry(written.text.as_str())
                        .or_insert_with(|| did_you_mean(&written.text, slugs.iter().copied()));
                    if let Some(close) = close {
                        warnings.push(warning_at(
                            &account.source,
                            written,
                            format!("`{}` is no account of this site", written.text),
                            format!(
                                "did you mean `{close}`? An entry that is no slug stands for a customer outside the portfolio"
                            ),
                        ));
                    }
                }
            }
        }
    }
    warnings
}
