//! Parsed files kept from one build to the next, so that `serve` re-parses only the files
//! that changed.
//!
//! An entry is reused only when the file's text is byte for byte what was parsed and
//! kam.toml is the same, so a cached build loads exactly what a fresh one would. The text is
//! compared rather than a timestamp or a hash: editors can save twice within a timestamp's
//! tick, and a comparison has no collisions. Checks across files (links, duplicate names)
//! are not cached; they run on every build.
//!
//! Not here: deciding what a file means (`account`, `chapter`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::config::Config;
use crate::diagnostics::Diagnostic;

use super::links::PageLink;
use super::model::{Account, Chapter};

/// What parsing one file gave: its page and links, or its problems.
#[derive(Clone)]
pub(super) enum Parsed {
    Account(Arc<Account>, Vec<PageLink>),
    Chapter(Box<Chapter>, Vec<PageLink>),
}

pub(super) type Outcome = Result<Parsed, Vec<Diagnostic>>;

pub(super) struct Entry {
    text: String,
    outcome: Outcome,
}

/// What changed in the files since the last build that succeeded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delta {
    /// Nothing, or no build succeeded yet and nothing is known.
    Nothing,
    /// Only the Markdown notes of these accounts (slugs, sorted): every other page and file
    /// of the site is as it was.
    Notes(Vec<String>),
    /// Anything else: a file added, removed or changed outside its notes, or kam.toml.
    Other,
}

impl Delta {
    fn merge(self, other: Delta) -> Delta {
        match (self, other) {
            (Delta::Other, _) | (_, Delta::Other) => Delta::Other,
            (Delta::Nothing, delta) | (delta, Delta::Nothing) => delta,
            (Delta::Notes(mut mine), Delta::Notes(theirs)) => {
                mine.extend(theirs);
                mine.sort();
                mine.dedup();
                Delta::Notes(mine)
            }
        }
    }
}

/// Shared between builds; safe to use from the loader's threads.
#[derive(Default)]
pub struct Cache {
    state: Mutex<State>,
}

struct State {
    /// The kam.toml the entries were parsed under; account parsing reads its factors.
    config: Option<Config>,
    entries: HashMap<PathBuf, Arc<Entry>>,
    /// What changed since the last build that succeeded; `Other` before the first.
    pending: Delta,
}

impl Default for State {
    fn default() -> Self {
        State {
            config: None,
            entries: HashMap::new(),
            pending: Delta::Other,
        }
    }
}

impl Cache {
    /// Starts a build under `config`: entries parsed under another kam.toml are dropped.
    pub(super) fn begin(&self, config: &Config) {
        let mut state = self.lock();
        if state.config.as_ref() != Some(config) {
            state.entries.clear();
            state.config = Some(config.clone());
            state.pending = Delta::Other;
        }
    }

    /// The earlier outcome for this path when its text has not changed since (`Ok`), else
    /// the earlier entry if there is one.
    pub(super) fn lookup(&self, path: &Path, text: &str) -> Result<Outcome, Option<Arc<Entry>>> {
        // Compared and copied outside the lock, which the loader's threads share.
        let Some(entry) = self.lock().entries.get(path).map(Arc::clone) else {
            return Err(None);
        };
        if entry.text == text {
            Ok(entry.outcome.clone())
        } else {
            Err(Some(entry))
        }
    }

    /// Keeps a new outcome and notes what kind of change it was.
    pub(super) fn put(&self, path: &Path, text: &str, outcome: &Outcome, earlier: Option<&Entry>) {
        let delta = match (earlier.map(|entry| &entry.outcome), outcome) {
            (Some(Ok(Parsed::Account(old, _))), Ok(Parsed::Account(new, _)))
                if same_but_notes(old, new) =>
            {
                Delta::Notes(vec![new.slug.clone()])
            }
            _ => Delta::Other,
        };
        let entry = Arc::new(Entry {
            text: text.to_string(),
            outcome: outcome.clone(),
        });
        let mut state = self.lock();
        state.entries.insert(path.to_path_buf(), entry);
        state.pending = std::mem::replace(&mut state.pending, Delta::Nothing).merge(delta);
    }

    /// Forgets files that no longer exist, so a deleted account's text is not kept.
    pub(super) fn retain(&self, present: &[&Path]) {
        let present: std::collections::HashSet<&Path> = present.iter().copied().collect();
        let mut state = self.lock();
        let before = state.entries.len();
        state
            .entries
            .retain(|path, _| present.contains(path.as_path()));
        if state.entries.len() != before || present.len() != before {
            // A file went away, or one is new (its entry comes later, as `Other` too).
            state.pending = Delta::Other;
        }
    }

    /// What changed since the last build that succeeded.
    pub fn pending(&self) -> Delta {
        self.lock().pending.clone()
    }

    /// Called when a build succeeded: its files are the new baseline.
    pub fn settle(&self) {
        self.lock().pending = Delta::Nothing;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // Entries are replaced whole, so a panic elsewhere cannot leave one half-written.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Whether two parses of an account differ in their notes alone. The links found in the
/// notes only feed the dead-link check, which runs on every build.
fn same_but_notes(old: &Account, new: &Account) -> bool {
    let without_notes = |account: &Account| Account {
        body_html: String::new(),
        ..account.clone()
    };
    old.body_html != new.body_html && without_notes(old) == without_notes(new)
}
