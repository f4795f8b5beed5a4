//! Replacing account files all together or not at all.
//!
//! Every new text is first written to a temporary file beside its target; only when all of
//! them are on disk are they renamed into place. If a rename fails, the files already
//! replaced get their old text back and the created ones are removed, so an import never
//! leaves half its changes behind. Deciding what to write is not this module's job.

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
    let mut done: Vec<usize> = Vec::with_capacity(staged.len());
    for (index, (temporary, target)) in staged.into_iter().enumerate() {
        if let Err(error) = temporary.persist(&target) {
            restore(root, changes, &done);
            return Err(format!(
                "cannot replace {}: {}; no file was changed",
                changes[index].path.display(),
                error.error
            ));
        }
        done.push(index);
    }
    Ok(())
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
    file.as_file().sync_all()?;
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
