//! Writing the site: into a temporary folder beside the output, swapped in only when the
//! whole build has succeeded, so a failed build leaves the previous output as it was.
//! Files arrive as paths and bytes; what they hold is decided upstream (`view`, `render`).
//!
//! This module is the only one that deletes anything, and it deletes only a folder it can
//! tell kam wrote: the marker file [`MARKER`] is written into every output.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::Failure;
use crate::content::CONTENT_DIR;

/// Present in every output folder kam writes; its absence protects folders kam did not make.
pub const MARKER: &str = ".kam-output";

fn io_failure(what: &str, path: &Path, error: io::Error) -> Failure {
    Failure::Io(format!("{what} {}: {error}", path.display()))
}

/// `path` made absolute with `.` and `..` resolved, following symlinks where it exists.
fn normalize(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut result = fs::canonicalize(&existing).unwrap_or(existing);
    for name in rest.into_iter().rev() {
        result.push(name);
    }
    let mut clean = PathBuf::new();
    for component in result.components() {
        match component {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    clean
}

/// Refuses output folders a build must never replace: the site itself, anything holding
/// it, anything inside `content/`, and folders kam did not write.
pub fn check_target(root: &Path, output: &Path) -> Result<(), Failure> {
    let root = normalize(root);
    let output = normalize(output);
    let content = root.join(CONTENT_DIR);
    let refuse = |why: String| {
        Err(Failure::Io(format!(
            "refusing to write to {}: {why}",
            output.display()
        )))
    };
    if output == root {
        return refuse("it is the site folder itself".to_string());
    }
    if root.starts_with(&output) {
        return refuse("it contains the site folder".to_string());
    }
    if output.starts_with(&content) {
        return refuse("it is inside content/".to_string());
    }
    for input in ["templates", "static", "themes"] {
        if output.starts_with(root.join(input)) {
            return refuse(format!("it is inside the site's {input}/ folder"));
        }
    }
    if output.exists() {
        if !output.is_dir() {
            return refuse("it is a file, not a folder".to_string());
        }
        let empty = fs::read_dir(&output)
            .map(|mut entries| entries.next().is_none())
            .unwrap_or(false);
        if !empty && !output.join(MARKER).is_file() {
            return refuse(format!(
                "the folder exists and kam did not write it (no {MARKER} file); delete it or choose another --output"
            ));
        }
    }
    Ok(())
}

/// A whole site held in memory: `/`-separated relative path → bytes.
pub type Files = BTreeMap<String, Vec<u8>>;

/// Where rendered files go: a temporary folder to be swapped in, memory (for `serve`), or
/// nowhere (for `check`).
pub struct Staging {
    target: Option<(PathBuf, tempfile::TempDir)>,
    memory: Option<Mutex<Files>>,
    written: AtomicUsize,
}

impl Staging {
    pub fn begin(output: &Path) -> Result<Staging, Failure> {
        let output = normalize(output);
        let parent = output.parent().unwrap_or(Path::new(".")).to_path_buf();
        fs::create_dir_all(&parent).map_err(|error| io_failure("cannot create", &parent, error))?;
        let temp = tempfile::Builder::new()
            .prefix(".kam-build-")
            .tempdir_in(&parent)
            .map_err(|error| io_failure("cannot create a temporary folder in", &parent, error))?;
        Ok(Staging {
            target: Some((output, temp)),
            memory: None,
            written: AtomicUsize::new(0),
        })
    }

    pub fn discard() -> Staging {
        Staging {
            target: None,
            memory: None,
            written: AtomicUsize::new(0),
        }
    }

    /// Collects the files in memory; [`Staging::into_files`] hands them over.
    pub fn memory() -> Staging {
        Staging {
            target: None,
            memory: Some(Mutex::new(Files::new())),
            written: AtomicUsize::new(0),
        }
    }

    /// The files written to a [`Staging::memory`] target; empty for the others.
    pub fn into_files(self) -> Files {
        self.memory
            .map(|memory| {
                memory
                    .into_inner()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
            })
            .unwrap_or_default()
    }

    /// Writes one file at a `/`-separated path relative to the output root. Safe to call
    /// from many threads.
    pub fn write(&self, relative: &str, bytes: &[u8]) -> Result<(), Failure> {
        self.written.fetch_add(1, Ordering::Relaxed);
        if let Some(memory) = &self.memory {
            // A panic elsewhere cannot leave a half-inserted entry, so a poisoned map is sound.
            let mut files = memory
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            files.insert(relative.to_string(), bytes.to_vec());
            return Ok(());
        }
        let Some((_, temp)) = &self.target else {
            return Ok(());
        };
        let path = temp.path().join(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|error| io_failure("cannot create", parent, error))?;
        }
        fs::write(&path, bytes).map_err(|error| io_failure("cannot write", &path, error))
    }

    pub fn files_written(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }

    /// Replaces the output folder with the staged one.
    pub fn commit(&mut self) -> Result<(), Failure> {
        let Some((output, temp)) = self.target.take() else {
            return Ok(());
        };
        fs::write(
            temp.path().join(MARKER),
            "Written by kam. This folder is replaced on every build.\n",
        )
        .map_err(|error| io_failure("cannot write", temp.path(), error))?;
        let staged = temp.keep();
        let previous = if output.exists() {
            let parent = output.parent().unwrap_or(Path::new("."));
            let aside = tempfile::Builder::new()
                .prefix(".kam-previous-")
                .tempdir_in(parent)
                .map_err(|error| io_failure("cannot create a temporary folder in", parent, error))?
                .keep();
            // `aside` exists as an empty folder; rename replaces an empty directory.
            fs::rename(&output, &aside)
                .map_err(|error| io_failure("cannot move aside", &output, error))?;
            Some(aside)
        } else {
            None
        };
        if let Err(error) = fs::rename(&staged, &output) {
            if let Some(aside) = &previous {
                let _ = fs::rename(aside, &output);
            }
            let _ = fs::remove_dir_all(&staged);
            return Err(io_failure("cannot move the new site into", &output, error));
        }
        if let Some(aside) = previous {
            fs::remove_dir_all(&aside)
                .map_err(|error| io_failure("cannot remove", &aside, error))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_targets() {
        let site = tempfile::tempdir().expect("tempdir");
        let root = site.path();
        fs::create_dir_all(root.join("content/accounts")).expect("mkdir");
        assert!(check_target(root, root).is_err());
        assert!(check_target(root, &root.join("content")).is_err());
        assert!(check_target(root, &root.join("content/accounts/out")).is_err());
        assert!(check_target(root, root.parent().expect("parent")).is_err());
        assert!(check_target(root, &root.join("public/../content")).is_err());
        assert!(check_target(root, &root.join("public")).is_ok());
        fs::create_dir_all(root.join("mine")).expect("mkdir");
        fs::write(root.join("mine/notes.txt"), "keep").expect("write");
        assert!(check_target(root, &root.join("mine")).is_err());
    }

    #[test]
    fn memory_keeps_every_file_and_writes_nothing() {
        let staging = Staging::memory();
        staging.write("a/index.html", b"one").expect("write");
        staging.write("static/kam.css", b"two").expect("write");
        staging.write("a/index.html", b"three").expect("write");
        assert_eq!(staging.files_written(), 3);
        let files = staging.into_files();
        assert_eq!(files.len(), 2);
        assert_eq!(files["a/index.html"], b"three");
        assert!(Staging::discard().into_files().is_empty());
    }

    #[test]
    fn commit_swaps_and_keeps_nothing_behind() {
        let site = tempfile::tempdir().expect("tempdir");
        let output = site.path().join("public");
        for round in 0..2 {
            let mut staging = Staging::begin(&output).expect("begin");
            staging
                .write("a/index.html", format!("{round}").as_bytes())
                .expect("write");
            staging.commit().expect("commit");
            assert_eq!(
                fs::read_to_string(output.join("a/index.html")).expect("read"),
                round.to_string()
            );
        }
        let leftovers: Vec<_> = fs::read_dir(site.path())
            .expect("read_dir")
            .map(|entry| entry.expect("entry").file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }
}
