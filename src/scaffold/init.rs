//! `kam init`: a new site folder that builds at once, in Swedish or English.
//!
//! Not here: the text of the files (`sv/`, `en/` beside this module).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::{GITIGNORE, create_new, templates};
use crate::Failure;
use crate::config::Language;

/// One file `init` was asked to write, and whether it did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    /// Relative to the site folder, `/`-separated.
    pub path: String,
    /// False when a file was already there and was left alone (only with `force`).
    pub written: bool,
}

/// Writes a starter site into `dir` (created if missing). A folder that is not empty is
/// refused unless `force`; even then an existing file is never replaced.
pub fn init(dir: &Path, language: Language, force: bool) -> Result<Vec<Created>, Failure> {
    let io_failure = |what: &str, path: &Path, error: io::Error| {
        Failure::Io(format!("{what} {}: {error}", path.display()))
    };
    if dir.exists() && !dir.is_dir() {
        return Err(Failure::Io(format!(
            "{} is a file, not a folder",
            dir.display()
        )));
    }
    fs::create_dir_all(dir).map_err(|error| io_failure("cannot create", dir, error))?;
    let empty = fs::read_dir(dir)
        .map_err(|error| io_failure("cannot read", dir, error))?
        .next()
        .is_none();
    if !empty && !force {
        return Err(Failure::Io(format!(
            "{} is not empty; pass --force to add the site's files anyway (existing files are never overwritten)",
            dir.display()
        )));
    }
    let texts = templates(language);
    let readme = texts.readme.replace("{{heading}}", texts.site_title);
    let files: [(&str, &str); 6] = [
        ("kam.toml", texts.kam_toml),
        (texts.full_account_file, texts.full_account),
        (texts.minimal_account_file, texts.minimal_account),
        (texts.chapter_file, texts.chapter),
        (".gitignore", GITIGNORE),
        ("README.md", &readme),
    ];
    let mut created = Vec::new();
    for (path, text) in files {
        let target: PathBuf = dir.join(path);
        let written = match create_new(&target, text) {
            Ok(()) => true,
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => false,
            Err(error) => return Err(io_failure("cannot write", &target, error)),
        };
        created.push(Created {
            path: path.to_string(),
            written,
        });
    }
    Ok(created)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn force_never_overwrites() {
        let temp = tempfile::tempdir().expect("tempdir");
        fs::write(temp.path().join("kam.toml"), "mine").expect("write");
        assert!(init(temp.path(), Language::Sv, false).is_err());
        let created = init(temp.path(), Language::Sv, true).expect("init");
        assert_eq!(
            fs::read_to_string(temp.path().join("kam.toml")).expect("read"),
            "mine"
        );
        assert!(created.iter().any(|c| c.path == "kam.toml" && !c.written));
        assert!(created.iter().filter(|c| c.written).count() == 5);
    }
}
