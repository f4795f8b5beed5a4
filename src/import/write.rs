//! Replacing account files all together or not at all.
//!
//! Every new text is first written to a temporary file beside its target; only when all of
//! them are on disk are they renamed into place. If a rename fails, the files already
//! replaced get their old text back and the created ones are removed, so an import never
//! leaves half its changes behind. A new file never replaces one that appeared meanwhile.
//! Deciding what to write is not this module's job.

use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// One file to write: its path relative to the site root, and its old text if it exists.
pub struct Change {
    pub path: PathBuf,
    pub before: Option<String>,
    pub after: String,
}

pub fn commit(root: &Path, changes: &[Change]) -> Result<(), String> {
    // A site without accounts yet has no content/accounts/ to stage new files in.
    for change in changes {
        if let Some(folder) = root.join(&change.path).parent() {
            std::fs::create_dir_all(folder)
                .map_err(|error| format!("cannot create {}: {error}", folder.display()))?;
        }
    }
    // Staging is most of the time of a large import and each file is independent.
    let staged: Vec<(tempfile::NamedTempFile, PathBuf)> = changes
        .par_iter()
        .map(|change| {
            let target = root.join(&change.path);
            let folder = target.parent().unwrap_or(root);
            // A replaced file keeps its permissions; tempfile's own are owner-only.
            let permissions = std::fs::metadata(&target)
                .map(|metadata| metadata.permissions())
                .or_else(|_| {
                    std::fs::metadata(folder)
                        .map(|metadata| file_permissions(metadata.permissions()))
                })
                .ok();
            let temporary =
                stage(folder, change.after.as_bytes(), permissions.as_ref()).map_err(|error| {
                    format!("cannot write beside {}: {error}", change.path.display())
                })?;
            Ok((temporary, target))
        })
        .collect::<Result<_, String>>()?;
    // Every new text must be on disk before any rename makes it the account's file.
    flush(root, &staged).map_err(|error| format!("cannot write to the disk: {error}"))?;
    // Renames are independent too; if any fails, the ones that succeeded are undone.
    let renamed: Vec<Result<(), String>> = staged
        .into_par_iter()
        .zip(changes.par_iter())
        .map(|((temporary, target), change)| {
            // A new file must not replace one that appeared since the import read the folder.
            let persisted = if change.before.is_some() {
                temporary.persist(&target).map(drop)
            } else {
                temporary.persist_noclobber(&target).map(drop)
            };
            persisted.map_err(|error| {
                format!(
                    "cannot write {}: {}; no file was changed",
                    change.path.display(),
                    error.error
                )
            })
        })
        .collect();
    let done: Vec<usize> = (0..renamed.len())
        .filter(|index| renamed[*index].is_ok())
        .collect();
    if let Some(Err(message)) = renamed.into_iter().find(Result::is_err) {
        restore(root, changes, &done);
        return Err(message);
    }
    // The renames themselves are durable once their folders are; a failure here changes
    // nothing that is already in place, so it is not an error.
    let folders: std::collections::BTreeSet<PathBuf> = changes
        .iter()
        .filter_map(|change| root.join(&change.path).parent().map(Path::to_path_buf))
        .collect();
    for folder in folders {
        if let Ok(handle) = std::fs::File::open(&folder) {
            let _ = handle.sync_all();
        }
    }
    Ok(())
}

/// Puts the staged texts on disk. On Linux one `syncfs` of the site's file system does it
/// for all of them, which on a slow disk is many times faster than one `fsync` per file.
#[cfg(target_os = "linux")]
fn flush(root: &Path, _staged: &[(tempfile::NamedTempFile, PathBuf)]) -> std::io::Result<()> {
    let handle = std::fs::File::open(root)?;
    rustix::fs::syncfs(&handle)?;
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn flush(_root: &Path, staged: &[(tempfile::NamedTempFile, PathBuf)]) -> std::io::Result<()> {
    staged
        .par_iter()
        .try_for_each(|(temporary, _)| temporary.as_file().sync_all())
}

fn stage(
    folder: &Path,
    bytes: &[u8],
    permissions: Option<&std::fs::Permissions>,
) -> std::io::Result<tempfile::NamedTempFile> {
    let mut file = tempfile::Builder::new()
        .prefix(".kam-import-")
        .tempfile_in(folder)?;
    if let Some(permissions) = permissions {
        file.as_file().set_permissions(permissions.clone())?;
    }
    file.write_all(bytes)?;
    Ok(file)
}

/// Puts back what the first renames replaced; best effort, since the disk already failed once.
fn restore(root: &Path, changes: &[Change], done: &[usize]) {
    for &index in done {
        let change = &changes[index];
        let target = root.join(&change.path);
        match &change.before {
            Some(before) => {
                let folder = target.parent().unwrap_or(root);
                let permissions = std::fs::metadata(&target).map(|m| m.permissions()).ok();
                if let Ok(temporary) = stage(folder, before.as_bytes(), permissions.as_ref()) {
                    let _ = temporary.as_file().sync_all();
                    let _ = temporary.persist(&target);
                }
            }
            None => {
                let _ = std::fs::remove_file(&target);
            }
        }
    }
}

/// A new file's permissions from its folder's: readable where the folder is, never executable.
#[cfg(unix)]
fn file_permissions(folder: std::fs::Permissions) -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    std::fs::Permissions::from_mode(folder.mode() & 0o666)
}

#[cfg(not(unix))]
fn file_permissions(folder: std::fs::Permissions) -> std::fs::Permissions {
    folder
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(path: &str, before: Option<&str>, after: &str) -> Change {
        Change {
            path: PathBuf::from(path),
            before: before.map(str::to_string),
            after: after.to_string(),
        }
    }

    #[test]
    fn all_files_or_none() {
        let root = tempfile::tempdir().expect("temporary folder");
        let folder = root.path().join("content/accounts");
        std::fs::create_dir_all(&folder).expect("folder");
        std::fs::write(folder.join("a.md"), "old a").expect("write");
        let changes = [
            change("content/accounts/a.md", Some("old a"), "new a"),
            change("content/accounts/b.md", None, "new b"),
        ];
        commit(root.path(), &changes).expect("commit");
        assert_eq!(
            std::fs::read_to_string(folder.join("a.md")).expect("a"),
            "new a"
        );
        assert_eq!(
            std::fs::read_to_string(folder.join("b.md")).expect("b"),
            "new b"
        );

        // c.md appears after the import read the folder: creating it must fail, and then
        // a.md gets its text back and d.md is removed again.
        std::fs::write(folder.join("c.md"), "someone else's").expect("write");
        let changes = [
            change("content/accounts/a.md", Some("new a"), "newer a"),
            change("content/accounts/c.md", None, "ours"),
            change("content/accounts/d.md", None, "new d"),
        ];
        let error = commit(root.path(), &changes).unwrap_err();
        assert!(error.contains("content/accounts/c.md"), "{error}");
        assert_eq!(
            std::fs::read_to_string(folder.join("a.md")).expect("a"),
            "new a"
        );
        assert_eq!(
            std::fs::read_to_string(folder.join("c.md")).expect("c"),
            "someone else's"
        );
        assert!(!folder.join("d.md").exists());
        let leftovers: Vec<_> = std::fs::read_dir(&folder)
            .expect("list")
            .flatten()
            .filter(|entry| {
                entry
                    .file_name()
                    .to_string_lossy()
                    .starts_with(".kam-import-")
            })
            .collect();
        assert!(leftovers.is_empty(), "temporary files left behind");
    }
}
