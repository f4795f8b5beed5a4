//! The site's git history (SPEC v2 §12), read at load time: for every account of today, the
//! committed versions of its file, one per UTC day, each parsed under today's rules.
//!
//! Two `git` processes do all the reading, whatever the size of the history: one
//! `git log` over `content/accounts/` (first parent, renames followed here, see [`log`]) and
//! one `git cat-file --batch` for the file contents (see [`blobs`]). No git program, no work
//! tree, no commit, or `history.git = false`: an empty history, never an error.
//!
//! Not here: what the snapshots mean (`analysis::history`), or how they are shown.

pub mod blobs;
pub mod git;
pub mod log;

use std::path::Path;

use rayon::prelude::*;
use time::Date;

use crate::config::Config;
use crate::content::account;
use crate::content::frontmatter::{self, Split};
use crate::content::model::Account;
use crate::diagnostics::SourceFile;

/// One committed version of an account file: its front matter at the last commit of a
/// UTC day that changed it.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub date: Date,
    /// Parsed under today's kam.toml; the notes are left out (history shows no notes).
    pub account: Account,
}

/// The history of a site's accounts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    /// Whether git history was read at all (SPEC v2 §12 applies).
    pub read: bool,
    /// Index-aligned with the accounts it was loaded for; oldest first.
    pub accounts: Vec<Vec<Snapshot>>,
    /// Versions that did not load under today's rules (or were too large), left out.
    pub skipped: usize,
}

impl History {
    /// No history: what a site outside git, or with `history.git = false`, has.
    pub fn none(accounts: usize) -> History {
        History {
            read: false,
            accounts: vec![Vec::new(); accounts],
            skipped: 0,
        }
    }
}

/// Reads the history of `accounts` (sorted by slug, as loading returns them) from the git
/// work tree around `root`. Commits dated after `today` are left out, so a build for an
/// earlier `today` sees the history as it stood then.
pub fn load(root: &Path, config: &Config, accounts: &[Account], today: Date) -> History {
    if !config.history.git {
        return History::none(accounts.len());
    }
    let Some(repository) = git::Repository::around(root) else {
        return History::none(accounts.len());
    };
    let slugs: Vec<&str> = accounts.iter().map(|a| a.slug.as_str()).collect();
    let Some(versions) = log::read(&repository, &slugs, today) else {
        return History::none(accounts.len());
    };
    // Newest first per file: the order git's delta storage reads fastest (see `blobs`).
    let wanted: Vec<&str> = versions
        .iter()
        .flat_map(|versions| versions.iter().rev())
        .map(|version| version.blob.as_str())
        .collect();
    let Some(contents) = blobs::read(&repository, &wanted) else {
        return History::none(accounts.len());
    };

    let parsed: Vec<(Vec<Snapshot>, usize)> = versions
        .par_iter()
        .zip(accounts.par_iter())
        .map(|(versions, current)| {
            let mut skipped = 0;
            let mut snapshots = Vec::with_capacity(versions.len());
            // An edit of the notes alone leaves the front matter as it was: the version
            // before's result stands, without parsing it again.
            let mut previous: Option<(&str, Option<Account>)> = None;
            for version in versions {
                let text = contents.get(version.blob.as_str());
                let front = text.and_then(|text| match frontmatter::split(text) {
                    Split::Found { toml, .. } => Some(toml),
                    _ => None,
                });
                let parsed = match (&previous, front) {
                    (Some((before, parsed)), Some(front)) if *before == front => parsed.clone(),
                    _ => text.and_then(|text| parse(text, current, config)),
                };
                if let Some(front) = front {
                    previous = Some((front, parsed.clone()));
                }
                match parsed {
                    Some(account) => snapshots.push(Snapshot {
                        date: version.date,
                        account,
                    }),
                    None => skipped += 1,
                }
            }
            (snapshots, skipped)
        })
        .collect();
    let skipped = parsed.iter().map(|(_, skipped)| skipped).sum();
    History {
        read: true,
        accounts: parsed.into_iter().map(|(snapshots, _)| snapshots).collect(),
        skipped,
    }
}

/// The front matter of one committed version as an account, or `None` when it does not
/// load under today's rules. The notes of old versions are never shown, so they are not
/// rendered.
fn parse(text: &str, current: &Account, config: &Config) -> Option<Account> {
    let file = SourceFile::new(current.source.clone(), text.to_string());
    let mut account = account::parse_front_matter_only(&file, &current.slug, config).ok()?;
    // Kept for the plan and the scores only; the rest would hold memory for nothing.
    account.contacts = Vec::new();
    account.written = Vec::new();
    account.warnings = Vec::new();
    account.extra = Vec::new();
    Some(account)
}
