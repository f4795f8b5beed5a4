//! Running the `git` program for history: where the site sits in its work tree, and a
//! command set up so that nothing of the caller's environment or configuration changes
//! what it prints.
//!
//! Not here: reading what the commands print (`log`, `blobs`).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A site folder inside a git work tree.
#[derive(Debug, Clone)]
pub struct Repository {
    /// The site folder: every command runs there.
    root: PathBuf,
    /// The site folder's path from the top of the work tree, `/`-separated, empty or ending
    /// in `/`: the paths git prints start with it.
    pub prefix: String,
}

impl Repository {
    /// The work tree around `root`, or `None` when there is none or no `git` program.
    pub fn around(root: &Path) -> Option<Repository> {
        let output = command(
            root,
            ["rev-parse", "--is-inside-work-tree", "--show-prefix"],
        )
        .stderr(Stdio::null())
        .output()
        .ok()?;
        if !output.status.success() {
            return None;
        }
        let text = String::from_utf8(output.stdout).ok()?;
        let mut lines = text.lines();
        if lines.next() != Some("true") {
            return None;
        }
        Some(Repository {
            root: root.to_path_buf(),
            prefix: lines.next().unwrap_or_default().to_string(),
        })
    }

    /// The commit HEAD names, or `None` before the first commit. The history read from a
    /// repository depends on nothing else in it.
    pub fn head(&self) -> Option<String> {
        let output = self
            .git(["rev-parse", "--verify", "--quiet", "HEAD"])
            .stderr(Stdio::null())
            .output()
            .ok()?;
        let text = String::from_utf8(output.stdout).ok()?;
        output.status.success().then(|| text.trim().to_string())
    }

    /// A `git` command in the site folder with `args`.
    pub fn git<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        command(&self.root, args)
    }
}

fn command<I, S>(root: &Path, args: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut command = Command::new("git");
    command.current_dir(root);
    // A GIT_DIR or GIT_WORK_TREE of the caller (a hook, an editor) would point git at
    // another repository than the site's.
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("GIT_") {
            command.env_remove(&key);
        }
    }
    command
        .env("LC_ALL", "C")
        // A partial clone must not go to the network for a missing blob.
        .env("GIT_NO_LAZY_FETCH", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args([
            "-c",
            "core.quotepath=off",
            "-c",
            "log.follow=false",
            "-c",
            "log.showSignature=false",
            "-c",
            "diff.renames=true",
            "--no-pager",
        ])
        .args(args)
        .stdin(Stdio::null());
    command
}
