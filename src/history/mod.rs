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

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, Mutex};

use time::Date;

use crate::config::Config;
use crate::content::account;
use crate::content::frontmatter::{self, Split};
use crate::content::model::Account;

/// One committed version of an account file: its front matter at the last commit of a
/// UTC day that changed it.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub date: Date,
    /// Parsed under today's kam.toml; the notes are left out (history shows no notes).
    /// Shared by the days a version stood unchanged (the same blob or front matter).
    pub account: Arc<Account>,
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
pub fn load(
    root: &Path,
    config: &Config,
    accounts: &[std::sync::Arc<Account>],
    today: Date,
) -> History {
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
    // Only the kept versions (one a day) are asked for, each distinct blob of an account
    // once (a version that returns to an earlier text has the same id), newest first per
    // file: the order git's delta storage reads fastest (see `blobs`).
    let distinct: Vec<Vec<&str>> = versions
        .iter()
        .map(|versions| {
            let mut seen = HashSet::with_capacity(versions.len());
            versions
                .iter()
                .rev()
                .map(|version| version.blob.as_str())
                .filter(|id| seen.insert(*id))
                .collect()
        })
        .collect();
    let wanted: Vec<&str> = distinct.iter().flatten().copied().collect();

    // Each account is parsed on the pool as soon as git has answered for all its versions,
    // while git reads the next ones; the results land in the account's own slot, so the
    // order work finishes in changes nothing.
    let results: Mutex<Vec<Option<Parsed>>> =
        Mutex::new((0..accounts.len()).map(|_| None).collect());
    let read = rayon::scope(|scope| {
        let results = &results;
        let mut next = 0;
        let mut pending = Contents::default();
        let hand_over = |index: usize, pending: Contents| {
            let (versions, ids, current) = (&versions[index], &distinct[index], &accounts[index]);
            scope.spawn(move |_| {
                let parsed = snapshots(versions, ids, &pending, current, config);
                if let Ok(mut results) = results.lock() {
                    results[index] = Some(parsed);
                }
            });
        };
        // Accounts with no versions to read are done at once.
        let skip_done = |next: &mut usize, pending: &mut Contents| {
            while *next < accounts.len() && pending.ranges.len() == distinct[*next].len() {
                hand_over(*next, std::mem::take(pending));
                *next += 1;
            }
        };
        skip_done(&mut next, &mut pending);
        let read = blobs::read_each(&repository, &wanted, |_, bytes| {
            pending.push(bytes);
            skip_done(&mut next, &mut pending);
        });
        read.filter(|()| next == accounts.len())
    });
    let Some(()) = read else {
        return History::none(accounts.len());
    };
    let Ok(results) = results.into_inner() else {
        return History::none(accounts.len());
    };
    let mut skipped = 0;
    let mut snapshots = Vec::with_capacity(accounts.len());
    for result in results {
        let Some((account, skips)) = result else {
            return History::none(accounts.len());
        };
        skipped += skips;
        snapshots.push(account);
    }
    History {
        read: true,
        accounts: snapshots,
        skipped,
    }
}

/// One account's snapshots, oldest first, and how many of its versions were left out.
type Parsed = (Vec<Snapshot>, usize);

/// The contents of one account's distinct versions, in one buffer.
#[derive(Default)]
struct Contents {
    bytes: Vec<u8>,
    /// Index-aligned with the account's distinct blob ids; `None` for one git had not.
    ranges: Vec<Option<Range<usize>>>,
}

impl Contents {
    fn push(&mut self, bytes: Option<&[u8]>) {
        let range = bytes.map(|bytes| {
            let start = self.bytes.len();
            self.bytes.extend_from_slice(bytes);
            start..self.bytes.len()
        });
        self.ranges.push(range);
    }

    fn text(&self, index: usize) -> Option<&str> {
        let range = self.ranges.get(index)?.clone()?;
        std::str::from_utf8(self.bytes.get(range)?).ok()
    }
}

/// One account's snapshots, oldest first, and how many versions did not load. Each distinct
/// front matter is parsed once: the same blob on two days, or an edit of the notes alone,
/// gives the result already had.
fn snapshots(
    versions: &[log::Version],
    ids: &[&str],
    contents: &Contents,
    current: &Account,
    config: &Config,
) -> Parsed {
    let mut parsed: Vec<Option<Arc<Account>>> = Vec::new();
    let mut by_front: HashMap<&str, usize> = HashMap::with_capacity(ids.len());
    let by_blob: HashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(index, id)| {
            let front = contents
                .text(index)
                .and_then(|text| match frontmatter::split(text) {
                    Split::Found { toml, .. } => Some(toml),
                    _ => None,
                });
            let result = match front {
                Some(front) => *by_front.entry(front).or_insert_with(|| {
                    parsed.push(parse(front, current, config).map(Arc::new));
                    parsed.len() - 1
                }),
                None => {
                    parsed.push(None);
                    parsed.len() - 1
                }
            };
            (*id, result)
        })
        .collect();
    let mut skipped = 0;
    let mut snapshots = Vec::with_capacity(versions.len());
    for version in versions {
        let account = by_blob
            .get(version.blob.as_str())
            .and_then(|&index| parsed[index].as_ref());
        match account {
            Some(account) => snapshots.push(Snapshot {
                date: version.date,
                account: Arc::clone(account),
            }),
            None => skipped += 1,
        }
    }
    (snapshots, skipped)
}

/// The front matter of one committed version as an account, or `None` when it does not
/// load under today's rules. The notes of old versions are never shown, so they are not
/// read.
fn parse(front: &str, current: &Account, config: &Config) -> Option<Account> {
    let mut account =
        account::parse_front_matter_text(&current.source, front, &current.slug, config).ok()?;
    // Kept for the plan and the scores only; the rest would hold memory for nothing.
    account.contacts = Vec::new();
    account.written = Vec::new();
    account.warnings = Vec::new();
    account.extra = Vec::new();
    Some(account)
}
