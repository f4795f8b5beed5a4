//! Watching the site's input files for `kam serve`: which paths matter, and the
//! debounced file-system watcher that reports a burst of edits as one signal.
//!
//! It says which relevant paths changed, or that changes may have been missed; it does not
//! read files or build.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify_debouncer_full::notify::event::{AccessKind, AccessMode};
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::Failure;
use crate::config::CONFIG_FILE;

/// The folders read as input, watched recursively.
const INPUT_DIRS: [&str; 4] = ["content", "templates", "static", "themes"];

/// How long a burst of events may go quiet before it counts as one edit. Editors write a
/// file in several steps; a save by rename is two events or more.
const QUIET: Duration = Duration::from_millis(30);

/// Whether a file name is an editor's or a tool's temporary file, never input.
fn is_temporary(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913"
        || [
            ".swp",
            ".swx",
            ".swo",
            ".tmp",
            ".part",
            ".crdownload",
            ".bak",
        ]
        .iter()
        .any(|suffix| name.ends_with(suffix))
}

/// Whether a change at `path` can change the site: kam.toml, or anything under an input
/// folder that is not a temporary file, and nothing under `ignored` (the output).
pub fn is_relevant(root: &Path, ignored: &[PathBuf], path: &Path) -> bool {
    if ignored.iter().any(|folder| path.starts_with(folder)) {
        return false;
    }
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = relative
        .components()
        .map(|part| part.as_os_str().to_string_lossy());
    let Some(first) = parts.next() else {
        return false;
    };
    let Some(last) = relative.file_name().map(|name| name.to_string_lossy()) else {
        return false;
    };
    if is_temporary(&last) {
        return false;
    }
    first == CONFIG_FILE || INPUT_DIRS.contains(&first.as_ref())
}

fn matters(kind: &EventKind) -> bool {
    match kind {
        // Opening and reading a file (the build does both) changes nothing.
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Other => false,
        _ => true,
    }
}

/// What one burst of events says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    /// These paths, relative to the site root, changed.
    Paths(Vec<PathBuf>),
    /// Events may have been lost (a full queue, a watcher error): anything may have changed.
    Lost,
}

/// What a series of bursts says together: `None` when any of them lost events, else every
/// path any of them named.
pub fn combine(bursts: impl IntoIterator<Item = Seen>) -> Option<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for burst in bursts {
        match burst {
            Seen::Paths(mut more) => paths.append(&mut more),
            Seen::Lost => return None,
        }
    }
    Some(paths)
}

/// A running watcher. Dropping it stops watching.
pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: BTreeSet<PathBuf>,
}

impl Watcher {
    /// Starts watching `root`; every burst of changes that matters sends one [`Seen`] on
    /// `signal`.
    pub fn start(
        root: &Path,
        ignored: Vec<PathBuf>,
        signal: mpsc::Sender<Seen>,
    ) -> Result<Watcher, Failure> {
        let root_for_events = root.to_path_buf();
        let debouncer = new_debouncer(QUIET, None, move |result: DebounceEventResult| {
            let Ok(events) = result else {
                // A watcher error may hide an edit: rebuild, and read everything.
                let _ = signal.send(Seen::Lost);
                return;
            };
            if events.iter().any(|event| event.need_rescan()) {
                let _ = signal.send(Seen::Lost);
                return;
            }
            let paths: BTreeSet<PathBuf> = events
                .iter()
                .filter(|event| matters(&event.kind))
                .flat_map(|event| event.paths.iter())
                .filter(|path| is_relevant(&root_for_events, &ignored, path))
                .filter_map(|path| path.strip_prefix(&root_for_events).ok())
                .map(Path::to_path_buf)
                .collect();
            if !paths.is_empty() {
                let _ = signal.send(Seen::Paths(paths.into_iter().collect()));
            }
        })
        .map_err(|error| Failure::Io(format!("cannot watch {}: {error}", root.display())))?;
        let mut watcher = Watcher {
            debouncer,
            root: root.to_path_buf(),
            watched: BTreeSet::new(),
        };
        // The root itself, not recursively: kam.toml saved by rename, and input folders
        // created or removed while serving.
        watcher
            .debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|error| Failure::Io(format!("cannot watch {}: {error}", root.display())))?;
        watcher.refresh();
        Ok(watcher)
    }

    /// Watches the input folders that exist now and forgets those that went away; call it
    /// after every batch of changes.
    pub fn refresh(&mut self) {
        for name in INPUT_DIRS {
            let folder = self.root.join(name);
            let watched = self.watched.contains(&folder);
            if folder.is_dir() && !watched {
                if self
                    .debouncer
                    .watch(&folder, RecursiveMode::Recursive)
                    .is_ok()
                {
                    self.watched.insert(folder);
                }
            } else if !folder.is_dir() && watched {
                let _ = self.debouncer.unwatch(&folder);
                self.watched.remove(&folder);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_matter_and_the_rest_does_not() {
        let root = Path::new("/site");
        let ignored = vec![PathBuf::from("/site/public")];
        for path in [
            "/site/kam.toml",
            "/site/content/accounts/a.md",
            "/site/templates/base.html",
            "/site/static/logo.svg",
            "/site/themes/x/templates/page.html",
            "/site/content",
        ] {
            assert!(is_relevant(root, &ignored, Path::new(path)), "{path}");
        }
        for path in [
            "/site/public/index.html",
            "/site/README.md",
            "/site/.git/index",
            "/site/content/accounts/.a.md.swp",
            "/site/content/accounts/a.md~",
            "/site/content/accounts/4913",
            "/site/content/accounts/#a.md#",
            "/site/content/accounts/a.md.tmp",
            "/elsewhere/kam.toml",
        ] {
            assert!(!is_relevant(root, &ignored, Path::new(path)), "{path}");
        }
    }

    #[test]
    fn bursts_add_up_and_a_lost_one_means_anything() {
        let a = PathBuf::from("content/accounts/a.md");
        let b = PathBuf::from("kam.toml");
        assert_eq!(
            combine([Seen::Paths(vec![a.clone()]), Seen::Paths(vec![b.clone()])]),
            Some(vec![a.clone(), b])
        );
        assert_eq!(combine([Seen::Paths(vec![a]), Seen::Lost]), None);
        assert_eq!(combine([]), Some(Vec::new()));
    }
}
