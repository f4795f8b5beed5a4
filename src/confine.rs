//! Keeping every read inside the site folder (SPEC §1, v2).
//!
//! A symlink is fine as long as its real path lies inside the site; one that leads out of
//! it is an error naming the link, and nothing behind it is read. Folder walks report every
//! entry they cannot read instead of skipping it. This module only decides what may be read
//! and lists files; it does not parse them.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::Diagnostic;

/// The site folder by its real path, against which every input path is checked.
pub struct Site {
    /// As the user gave it, for relative names in messages.
    given: PathBuf,
    /// With every symlink resolved.
    real: PathBuf,
}

/// A regular file found by [`Site::walk`].
pub struct Entry {
    /// `/`-separated path relative to the walked folder.
    pub name: String,
    /// The path to read, under the site folder as given.
    pub path: PathBuf,
}

impl Site {
    pub fn new(root: &Path) -> Site {
        let real = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        Site {
            given: root.to_path_buf(),
            real,
        }
    }

    /// `path` relative to the site folder, the way messages name files.
    pub fn relative(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.given).unwrap_or(path).to_path_buf()
    }

    /// An error when `path` exists and its real path lies outside the site folder. A path
    /// that does not exist is left for the caller to report as missing.
    pub fn check(&self, path: &Path) -> Result<(), Diagnostic> {
        let Ok(real) = std::fs::canonicalize(path) else {
            return Ok(());
        };
        if real.starts_with(&self.real) {
            Ok(())
        } else {
            Err(self.outside(path))
        }
    }

    fn outside(&self, link: &Path) -> Diagnostic {
        Diagnostic::whole_file(
            self.relative(link),
            "this is a symlink to a place outside the site folder; kam reads nothing from outside the site",
        )
        .with_help("copy the file or folder into the site, or point the link inside it")
    }

    /// Every regular file under `dir` in name order, following symlinks that stay inside
    /// the site. Hidden entries (a leading `.`) are skipped: editors and operating systems
    /// leave them behind. A missing `dir` yields nothing; links out of the site, broken
    /// links, loops and unreadable folders are errors.
    pub fn walk(&self, dir: &Path) -> (Vec<Entry>, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        if std::fs::symlink_metadata(dir).is_err() {
            return (Vec::new(), problems);
        }
        if let Err(problem) = self.check(dir) {
            return (Vec::new(), vec![problem]);
        }
        let mut outside = Vec::new();
        let mut files = Vec::new();
        // Sorted once at the end, by name: walkdir's sort parses both paths on every
        // comparison, which at 10,000 accounts was a tenth of a rebuild.
        let walker = WalkDir::new(dir)
            .follow_links(true)
            .into_iter()
            .filter_entry(|entry| {
                if entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.') {
                    return false;
                }
                if entry.path_is_symlink() && self.check(entry.path()).is_err() {
                    outside.push(entry.path().to_path_buf());
                    return false;
                }
                true
            });
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_file() => {
                    let Ok(relative) = entry.path().strip_prefix(dir) else {
                        continue;
                    };
                    let name = relative
                        .components()
                        .map(|part| part.as_os_str().to_string_lossy().into_owned())
                        .collect::<Vec<_>>()
                        .join("/");
                    files.push(Entry {
                        name,
                        path: entry.path().to_path_buf(),
                    });
                }
                Ok(_) => {}
                Err(error) => {
                    let path = error
                        .path()
                        .map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
                    let reason = match error.io_error() {
                        Some(io) if io.kind() == std::io::ErrorKind::NotFound => {
                            "a broken symlink: its target does not exist".to_string()
                        }
                        Some(io) => format!("cannot read: {io}"),
                        None => format!("cannot read: {error}"),
                    };
                    problems.push(Diagnostic::whole_file(self.relative(&path), reason));
                }
            }
        }
        // Component by component, as a walk sorted in each folder would give: a `/` sorts
        // before any byte a name can hold.
        fn key(name: &str) -> impl Iterator<Item = u8> + '_ {
            name.bytes().map(|b| if b == b'/' { 0 } else { b })
        }
        files.sort_unstable_by(|a, b| key(&a.name).cmp(key(&b.name)));
        // The walk's own order is the file system's: sorted, the report is the same on
        // every machine.
        problems.sort_by(|a, b| a.path.cmp(&b.path));
        outside.sort();
        problems.extend(outside.iter().map(|link| self.outside(link)));
        (files, problems)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_inside_are_followed_and_links_outside_refused() {
        let outside = tempfile::tempdir().expect("tempdir");
        std::fs::write(outside.path().join("secret"), "x").expect("write");
        let site = tempfile::tempdir().expect("tempdir");
        let root = site.path();
        std::fs::create_dir_all(root.join("static/real")).expect("mkdir");
        std::fs::write(root.join("static/real/a.css"), "a").expect("write");
        symlink(root.join("static/real"), root.join("static/alias")).expect("link");
        symlink(outside.path(), root.join("static/out")).expect("link");
        let (files, problems) = Site::new(root).walk(&root.join("static"));
        let names: Vec<_> = files.iter().map(|file| file.name.as_str()).collect();
        assert_eq!(names, ["alias/a.css", "real/a.css"]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path, Path::new("static/out"));
    }
}
