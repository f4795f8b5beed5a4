//! Parsed files kept from one build to the next, so that `serve` re-parses only the files
//! that changed.
//!
//! An entry is reused only when the file's text is byte for byte what was parsed and
//! kam.toml is the same, so a cached build loads exactly what a fresh one would. The text is
//! compared rather than a timestamp or a hash: editors can save twice within a timestamp's
//! tick, and a comparison has no collisions. Checks across files (links, duplicate names)
//! are not cached; they run on every build.
//!
//! `serve` may also say which paths its watcher saw change ([`Cache::expect_changes`]). A
//! file outside that list whose metadata (size, times, inode) is as it was when it was read
//! is then not read at all: with 10,000 accounts, reading and comparing every file was most
//! of a rebuild. Either sign alone is enough to read the file again, so a missed event or
//! a timestamp that did not move cannot serve stale text on its own.
//!
//! Not here: deciding what a file means (`account`, `chapter`).

use std::collections::{HashMap, HashSet};
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
    /// The file's metadata just before it was read; `None` when it could not be had.
    stamp: Option<Stamp>,
}

/// What a file's metadata says about its content: equal stamps, and no event from the
/// watcher, mean the file was not written since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    /// Device, inode and status-change time: a file replaced by rename, or written and set
    /// back to its old modification time, still shows as changed.
    #[cfg(unix)]
    identity: (u64, u64, i64, i64),
}

impl Stamp {
    /// The stamp of the file at `path`, following symbolic links as reading does.
    pub(super) fn of(path: &Path) -> Option<Stamp> {
        let metadata = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Some(Stamp {
            len: metadata.len(),
            modified: metadata.modified().ok(),
            #[cfg(unix)]
            identity: (
                metadata.dev(),
                metadata.ino(),
                metadata.ctime(),
                metadata.ctime_nsec(),
            ),
        })
    }
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

/// Past this many accounts parsed anew, a rebuild is not told which: it is no small edit.
const FEW_ACCOUNTS: usize = 16;

/// Shared between builds; safe to use from the loader's threads.
#[derive(Default)]
pub struct Cache {
    state: Mutex<State>,
    spelling: Mutex<Option<Spelling>>,
}

/// The accounts the last spelling check saw, and its warnings.
type Spelling = (Vec<Arc<Account>>, Vec<Diagnostic>);

struct State {
    /// The kam.toml the entries were parsed under; account parsing reads its factors.
    config: Option<Config>,
    entries: HashMap<PathBuf, Arc<Entry>>,
    /// What changed since the last build that succeeded; `Other` before the first.
    pending: Delta,
    /// The slugs of the accounts parsed anew since the last build that succeeded, in the
    /// order they were parsed (a slug may come twice); `None` once there were more than
    /// [`FEW_ACCOUNTS`], as on a first build.
    reparsed: Option<Vec<String>>,
    /// The paths (relative to the site root) the watcher saw change before the next load;
    /// `None` when nothing is known and every file is read.
    changed: Option<HashSet<PathBuf>>,
    /// The watcher may have missed changes since the last load: read every file.
    lost: bool,
    /// The files found by the last load, in order.
    present: Vec<PathBuf>,
}

impl Default for State {
    fn default() -> Self {
        State {
            config: None,
            entries: HashMap::new(),
            pending: Delta::Other,
            reparsed: None,
            changed: None,
            lost: false,
            present: Vec::new(),
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
            // Every account is parsed again, and every page may change.
            state.reparsed = None;
        }
    }

    /// Tells the next load what a file-system watcher saw change since the last load began:
    /// these paths, relative to the site root, or `None` when it may have missed some.
    /// Calls before one load add up; that load alone trusts them, and the one after reads
    /// every file again unless told anew.
    pub fn expect_changes(&self, changed: Option<Vec<PathBuf>>) {
        let mut state = self.lock();
        match changed {
            Some(paths) => state.changed.get_or_insert_with(HashSet::new).extend(paths),
            None => state.lost = true,
        }
    }

    /// What the watcher saw since the last load, if it can be trusted (see
    /// [`Cache::expect_changes`]). Called once per load, before it reads, so it is spent.
    pub(super) fn take_changes(&self) -> Option<HashSet<PathBuf>> {
        let mut state = self.lock();
        let changed = state.changed.take();
        let lost = std::mem::take(&mut state.lost);
        if lost { None } else { changed }
    }

    /// The earlier outcome for a path that is not among `changed` and whose stamp is as it
    /// was when it was read: the file is not read again.
    pub(super) fn unchanged(
        &self,
        path: &Path,
        stamp: Option<&Stamp>,
        changed: &HashSet<PathBuf>,
    ) -> Option<Outcome> {
        if changed.contains(path) {
            return None;
        }
        let entry = self.lock().entries.get(path).map(Arc::clone)?;
        (entry.stamp.is_some() && entry.stamp.as_ref() == stamp).then(|| entry.outcome.clone())
    }

    /// The earlier outcome for this path when its text has not changed since (`Ok`), else
    /// the earlier entry if there is one.
    pub(super) fn lookup(
        &self,
        path: &Path,
        text: &str,
        stamp: Option<Stamp>,
    ) -> Result<Outcome, Option<Arc<Entry>>> {
        // Compared and copied outside the lock, which the loader's threads share.
        let Some(entry) = self.lock().entries.get(path).map(Arc::clone) else {
            return Err(None);
        };
        if entry.text != text {
            return Err(Some(entry));
        }
        if entry.stamp != stamp {
            // Same text under new metadata (touched, or saved unchanged): keep the new
            // stamp, or the file would be read on every build from now on.
            let renewed = Arc::new(Entry {
                text: entry.text.clone(),
                outcome: entry.outcome.clone(),
                stamp,
            });
            self.lock().entries.insert(path.to_path_buf(), renewed);
        }
        Ok(entry.outcome.clone())
    }

    /// Keeps a new outcome and notes what kind of change it was.
    pub(super) fn put(
        &self,
        path: &Path,
        text: &str,
        stamp: Option<Stamp>,
        outcome: &Outcome,
        earlier: Option<&Entry>,
    ) {
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
            stamp,
        });
        let mut state = self.lock();
        state.entries.insert(path.to_path_buf(), entry);
        state.pending = std::mem::replace(&mut state.pending, Delta::Nothing).merge(delta);
        if let Ok(Parsed::Account(account, _)) = outcome
            && let Some(reparsed) = state.reparsed.as_mut()
        {
            reparsed.push(account.slug.clone());
            if reparsed.len() > FEW_ACCOUNTS {
                state.reparsed = None;
            }
        }
    }

    /// Forgets files that no longer exist, so a deleted account's text is not kept.
    pub(super) fn retain(&self, present: &[&Path]) {
        let mut state = self.lock();
        // The usual case, the same files as last time, costs one comparison of the lists
        // rather than hashing every path.
        if state.present.len() == present.len()
            && state
                .present
                .iter()
                .zip(present)
                .all(|(a, b)| a.as_path() == *b)
        {
            return;
        }
        state.present = present.iter().map(|path| path.to_path_buf()).collect();
        let present: std::collections::HashSet<&Path> = present.iter().copied().collect();
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

    /// The accounts parsed anew since the last build that succeeded, by slug, sorted;
    /// `None` when there were many, or no build has succeeded yet.
    pub fn reparsed(&self) -> Option<Vec<String>> {
        let mut slugs = self.lock().reparsed.clone()?;
        slugs.sort_unstable();
        slugs.dedup();
        Some(slugs)
    }

    /// Called when a build succeeded: its files are the new baseline.
    pub fn settle(&self) {
        let mut state = self.lock();
        state.pending = Delta::Nothing;
        state.reparsed = Some(Vec::new());
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // Entries are replaced whole, so a panic elsewhere cannot leave one half-written.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// [`super::spelling::check`] of `accounts`, taken over from the last build when every
    /// account is the one it saw or spells its names and customers as that one did. The
    /// check compares every name with every other, the dearest step of a rebuild after an
    /// edit to one account's notes.
    pub(super) fn spelling(&self, accounts: &[Arc<Account>]) -> Vec<Diagnostic> {
        let mut kept = self
            .spelling
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((seen, warnings)) = kept.as_ref()
            && seen.len() == accounts.len()
            && seen.iter().zip(accounts).all(|(old, new)| {
                Arc::ptr_eq(old, new)
                    || (old.slug == new.slug
                        && old.source == new.source
                        && old.written == new.written)
            })
        {
            return warnings.clone();
        }
        let warnings = super::spelling::check(accounts);
        *kept = Some((accounts.to_vec(), warnings.clone()));
        warnings
    }
}

/// Whether two parses of an account differ in their notes alone. The links found in the
/// notes only feed the dead-link check, which runs on every build.
fn same_but_notes(old: &Account, new: &Account) -> bool {
    let without_notes = |account: &Account| Account {
        body_html: crate::content::model::Notes::default(),
        ..account.clone()
    };
    old.body_html != new.body_html && without_notes(old) == without_notes(new)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> Outcome {
        Err(vec![Diagnostic::whole_file("content/accounts/a.md", text)])
    }

    fn message(outcome: Option<Outcome>) -> Option<String> {
        match outcome? {
            Err(problems) => Some(problems[0].message.clone()),
            Ok(_) => None,
        }
    }

    #[test]
    fn a_file_is_skipped_only_when_unlisted_and_its_stamp_is_unchanged() {
        let temp = tempfile::tempdir().expect("temporary folder");
        let file = temp.path().join("a.md");
        std::fs::write(&file, "first").expect("write");
        let relative = Path::new("content/accounts/a.md");
        let cache = Cache::default();
        let stamp = Stamp::of(&file);
        assert!(stamp.is_some());
        cache.put(relative, "first", stamp.clone(), &problem("first"), None);

        let nothing = HashSet::new();
        assert_eq!(
            message(cache.unchanged(relative, stamp.as_ref(), &nothing)).as_deref(),
            Some("first")
        );
        let listed = HashSet::from([relative.to_path_buf()]);
        assert!(cache.unchanged(relative, stamp.as_ref(), &listed).is_none());

        std::fs::write(&file, "second, and longer").expect("write");
        let moved = Stamp::of(&file);
        assert_ne!(moved, stamp);
        assert!(
            cache
                .unchanged(relative, moved.as_ref(), &nothing)
                .is_none()
        );
        assert!(cache.unchanged(relative, None, &nothing).is_none());
    }

    #[test]
    fn changes_add_up_until_a_load_and_lost_events_mean_reading_everything() {
        let cache = Cache::default();
        assert_eq!(cache.take_changes(), None, "nothing said: read everything");
        cache.expect_changes(Some(vec![PathBuf::from("content/accounts/a.md")]));
        cache.expect_changes(Some(vec![PathBuf::from("kam.toml")]));
        assert_eq!(
            cache.take_changes(),
            Some(HashSet::from([
                PathBuf::from("content/accounts/a.md"),
                PathBuf::from("kam.toml")
            ]))
        );
        assert_eq!(cache.take_changes(), None, "a list is spent by one load");
        cache.expect_changes(None);
        cache.expect_changes(Some(vec![PathBuf::from("content/accounts/a.md")]));
        assert_eq!(
            cache.take_changes(),
            None,
            "lost events outweigh a later list"
        );
        cache.expect_changes(Some(Vec::new()));
        assert_eq!(cache.take_changes(), Some(HashSet::new()));
    }
}
