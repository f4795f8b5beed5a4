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
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

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
pub type Files = BTreeMap<String, Arc<[u8]>>;

/// Where rendered files go: a temporary folder to be swapped in, memory (for `serve`), or
/// nowhere (for `check`).
pub struct Staging {
    target: Option<(PathBuf, tempfile::TempDir)>,
    memory: Option<Mutex<Files>>,
    written: AtomicUsize,
}

impl Staging {
    /// Starts a build: removes what killed builds left beside the output, then creates the
    /// staging folder, named after this process so a later build can tell whether it is
    /// still in use.
    pub fn begin(output: &Path) -> Result<Staging, Failure> {
        let output = normalize(output);
        let parent = output.parent().unwrap_or(Path::new(".")).to_path_buf();
        fs::create_dir_all(&parent).map_err(|error| io_failure("cannot create", &parent, error))?;
        remove_leftovers(&parent);
        let temp = tempfile::Builder::new()
            .prefix(&format!("{STAGING_PREFIX}{}-", std::process::id()))
            .tempdir_in(&parent)
            .map_err(|error| io_failure("cannot create a temporary folder in", &parent, error))?;
        fs::write(
            temp.path().join(MARKER),
            "Written by kam. This folder is replaced on every build.\n",
        )
        .map_err(|error| io_failure("cannot write", temp.path(), error))?;
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
        if self.memory.is_some() {
            return self.write_shared(relative, Arc::from(bytes));
        }
        self.written.fetch_add(1, Ordering::Relaxed);
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

    /// A file made by `make` writing to it, for a file too large to hold whole first: in a
    /// folder it goes straight to the disk through a buffer.
    pub fn write_streamed(
        &self,
        relative: &str,
        make: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
    ) -> Result<(), Failure> {
        let path = match &self.target {
            Some((_, temp)) if self.memory.is_none() => temp.path().join(relative),
            _ => {
                let mut bytes = Vec::new();
                make(&mut bytes)
                    .map_err(|error| Failure::Io(format!("cannot make {relative}: {error}")))?;
                return self.write(relative, &bytes);
            }
        };
        self.written.fetch_add(1, Ordering::Relaxed);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|error| io_failure("cannot create", parent, error))?;
        }
        let file =
            fs::File::create(&path).map_err(|error| io_failure("cannot write", &path, error))?;
        let mut buffered = io::BufWriter::with_capacity(1 << 20, file);
        make(&mut buffered)
            .and_then(|()| io::Write::flush(&mut buffered))
            .map_err(|error| io_failure("cannot write", &path, error))
    }

    /// [`Staging::write`] for bytes that are kept elsewhere too (a render cache): held in
    /// memory they are shared, not copied.
    pub fn write_shared(&self, relative: &str, bytes: Arc<[u8]>) -> Result<(), Failure> {
        let Some(memory) = &self.memory else {
            return self.write(relative, &bytes);
        };
        self.written.fetch_add(1, Ordering::Relaxed);
        // A panic elsewhere cannot leave a half-inserted entry, so a poisoned map is sound.
        memory
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(relative.to_string(), bytes);
        Ok(())
    }

    /// [`Staging::write_shared`] of many files, taking the lock once.
    pub fn write_all_shared<'p>(
        &self,
        files: impl IntoIterator<Item = (&'p str, Arc<[u8]>)>,
    ) -> Result<(), Failure> {
        let Some(memory) = &self.memory else {
            for (path, bytes) in files {
                self.write(path, &bytes)?;
            }
            return Ok(());
        };
        let mut memory = memory
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        for (path, bytes) in files {
            self.written.fetch_add(1, Ordering::Relaxed);
            memory.insert(path.to_string(), bytes);
        }
        Ok(())
    }

    /// A file written to a [`Staging::memory`] target; `None` for the others.
    pub fn get(&self, relative: &str) -> Option<Arc<[u8]>> {
        let memory = self.memory.as_ref()?;
        memory
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get(relative)
            .map(Arc::clone)
    }

    pub fn files_written(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }

    /// Replaces the output folder with the staged one. The output is at every moment
    /// either the old site or the new one. Once the new site is in place the build has
    /// succeeded: failing to remove the old copy then is a warning, returned here.
    pub fn commit(&mut self) -> Result<Vec<String>, Failure> {
        let Some((output, temp)) = self.target.take() else {
            return Ok(Vec::new());
        };
        let staged = temp.keep();
        let old = match swap_in(&staged, &output) {
            Ok(old) => old,
            Err(error) => {
                let _ = fs::remove_dir_all(&staged);
                return Err(io_failure("cannot move the new site into", &output, error));
            }
        };
        let mut warnings = Vec::new();
        if let Some(old) = old
            && let Err(error) = remove_kams_folder(&old)
        {
            warnings.push(format!(
                "the new site is in {}, but the previous copy could not be removed from {}: {error}",
                output.display(),
                old.display()
            ));
        }
        Ok(warnings)
    }
}

/// Names of kam's folders beside the output: `<prefix><pid>-<random>`.
const STAGING_PREFIX: &str = ".kam-build-";
const PREVIOUS_PREFIX: &str = ".kam-previous-";

/// Puts `staged` at `output` and returns where the previous output now is, if there was
/// one. Linux swaps the two folders in one step; elsewhere, or on a file system that
/// cannot, the old output is first moved aside.
fn swap_in(staged: &Path, output: &Path) -> io::Result<Option<PathBuf>> {
    if !output.exists() {
        fs::rename(staged, output)?;
        return Ok(None);
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, staged, CWD, output, RenameFlags::EXCHANGE).is_ok() {
            return Ok(Some(staged.to_path_buf()));
        }
    }
    let parent = output.parent().unwrap_or(Path::new("."));
    let aside = tempfile::Builder::new()
        .prefix(&format!("{PREVIOUS_PREFIX}{}-", std::process::id()))
        .tempdir_in(parent)?
        .keep();
    // `aside` exists as an empty folder; rename replaces an empty directory.
    fs::rename(output, &aside)?;
    if let Err(error) = fs::rename(staged, output) {
        let _ = fs::rename(&aside, output);
        return Err(error);
    }
    Ok(Some(aside))
}

/// Removes staging and previous-output folders in `parent` that a build killed midway
/// left behind: only folders with kam's names, holding kam's marker (or nothing), whose
/// process is gone. A folder of a build still running is left alone.
fn remove_leftovers(parent: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        let Some(rest) = name
            .strip_prefix(STAGING_PREFIX)
            .or_else(|| name.strip_prefix(PREVIOUS_PREFIX))
        else {
            continue;
        };
        let Some(pid) = rest
            .split('-')
            .next()
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let path = entry.path();
        let is_kams = entry.file_type().is_ok_and(|kind| kind.is_dir())
            && (path.join(MARKER).is_file()
                || fs::read_dir(&path).is_ok_and(|mut inside| inside.next().is_none()));
        if is_kams && !process_alive(pid) {
            let _ = remove_kams_folder(&path);
        }
    }
}

/// Removes a folder kam made, its marker last: a build killed midway through leaves a
/// folder that the next build still recognises as kam's.
fn remove_kams_folder(path: &Path) -> io::Result<()> {
    for entry in fs::read_dir(path)? {
        let entry = entry?;
        if entry.file_name() == MARKER {
            continue;
        }
        if entry.file_type()?.is_dir() {
            remove_side_by_side(&entry.path())?;
        } else {
            fs::remove_file(entry.path())?;
        }
    }
    fs::remove_dir_all(path)
}

/// A folder of the old site removed with its entries side by side: a large portfolio's
/// `accounts/` holds a folder per account, and unlinking them one after another was most
/// of the time it took to replace the site. Links are removed, never followed.
fn remove_side_by_side(folder: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries = fs::read_dir(folder)?.collect::<io::Result<Vec<_>>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            fs::remove_dir_all(entry.path())
        } else {
            fs::remove_file(entry.path())
        }
    })?;
    fs::remove_dir(folder)
}

/// Whether a process with this id runs; when that cannot be told, it is taken to run, so
/// nothing is removed.
fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Some(pid) = i32::try_from(pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        else {
            return false;
        };
        !matches!(
            rustix::process::test_kill_process(pid),
            Err(rustix::io::Errno::SRCH)
        )
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
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
        assert_eq!(&files["a/index.html"][..], b"three");
        assert!(Staging::discard().into_files().is_empty());
    }

    #[test]
    fn leftovers_of_dead_builds_go_and_live_or_foreign_folders_stay() {
        let site = tempfile::tempdir().expect("tempdir");
        let dir = site.path();
        // Above the largest process id Linux hands out.
        let dead = 4_194_400;
        let live = std::process::id();
        for (name, marker) in [
            (format!(".kam-build-{dead}-a"), true),
            (format!(".kam-previous-{dead}-b"), true),
            (format!(".kam-build-{dead}-empty"), false),
            (format!(".kam-build-{live}-c"), true),
            (format!(".kam-build-{dead}-mine"), false),
            (".kam-build-notes".to_string(), true),
        ] {
            fs::create_dir_all(dir.join(&name)).expect("mkdir");
            if marker {
                fs::write(dir.join(&name).join(MARKER), "").expect("write");
            }
        }
        fs::write(dir.join(format!(".kam-build-{dead}-mine/keep.txt")), "x").expect("write");
        let output = dir.join("public");
        let mut staging = Staging::begin(&output).expect("begin");
        staging.commit().expect("commit");
        let mut left: Vec<String> = fs::read_dir(dir)
            .expect("read_dir")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        left.sort();
        let mut expected = [
            format!(".kam-build-{dead}-mine"),
            format!(".kam-build-{live}-c"),
            ".kam-build-notes".to_string(),
            "public".to_string(),
        ];
        expected.sort();
        assert_eq!(left, expected);
    }

    #[test]
    fn the_output_never_goes_missing_during_a_swap() {
        let site = tempfile::tempdir().expect("tempdir");
        let output = site.path().join("public");
        Staging::begin(&output)
            .expect("begin")
            .commit()
            .expect("commit");
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let watcher = {
            let done = done.clone();
            let output = output.clone();
            std::thread::spawn(move || {
                let mut missing = 0;
                while !done.load(Ordering::Relaxed) {
                    if !output.join(MARKER).exists() {
                        missing += 1;
                    }
                }
                missing
            })
        };
        for _ in 0..300 {
            Staging::begin(&output)
                .expect("begin")
                .commit()
                .expect("commit");
        }
        done.store(true, Ordering::Relaxed);
        assert_eq!(watcher.join().expect("watcher"), 0);
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
