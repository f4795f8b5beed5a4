//! One `git log` over the site's `content/accounts/`: which committed version of each
//! account file is its snapshot for each UTC day.
//!
//! `git log --follow` follows one file only, so renames are followed here: walking from the
//! newest commit back, a rename `old → new` of a tracked file makes `old` its name in older
//! commits. Only the first-parent chain counts: a merge is one change, on the day it was
//! merged.
//!
//! Not here: the contents of the versions (`blobs`) or parsing them.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::Stdio;

use time::{Date, OffsetDateTime};

use super::git::Repository;

/// The version of an account file in force at the end of one UTC day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub date: Date,
    /// The blob id of the file's contents.
    pub blob: String,
}

/// A change to a tracked file found in the log, before the choice of one per day.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Change {
    time: i64,
    commit: String,
    blob: String,
}

/// Per slug of `slugs` (index-aligned), its versions oldest first, one per UTC day up to
/// `today`; `None` when git fails (no commit yet, a broken repository).
pub fn read(repository: &Repository, slugs: &[&str], today: Date) -> Option<Vec<Vec<Version>>> {
    let accounts = format!("{}content/accounts/", repository.prefix);
    let mut child = repository
        .git([
            "log",
            "--first-parent",
            "--diff-merges=first-parent",
            "--raw",
            "--no-abbrev",
            "-M",
            "--no-color",
            "--format=commit %H %ct",
            "--",
            "content/accounts/",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let stdout = child.stdout.take()?;
    let mut tracker = Tracker::new(&accounts, slugs);
    let mut read_all = true;
    for line in BufReader::new(stdout).split(b'\n') {
        let Ok(line) = line else {
            read_all = false;
            break;
        };
        // A path that is not UTF-8 cannot be an account's name of today or a rename of it
        // that kam could check; such lines are passed over.
        if let Ok(line) = std::str::from_utf8(&line) {
            tracker.line(line);
        }
    }
    let status = child.wait().ok()?;
    if !status.success() || !read_all {
        return None;
    }
    Some(tracker.finish(today))
}

/// Walks the log newest first, keeping the name each tracked file had.
struct Tracker {
    /// The path of a tracked file, from the top of the work tree, at the commit being read,
    /// and the index of its account.
    names: HashMap<String, usize>,
    changes: Vec<Vec<Change>>,
    commit: Option<(String, i64)>,
}

impl Tracker {
    fn new(accounts: &str, slugs: &[&str]) -> Tracker {
        Tracker {
            names: slugs
                .iter()
                .enumerate()
                .map(|(index, slug)| (format!("{accounts}{slug}.md"), index))
                .collect(),
            changes: vec![Vec::new(); slugs.len()],
            commit: None,
        }
    }

    fn line(&mut self, line: &str) {
        if let Some(header) = line.strip_prefix("commit ") {
            let mut parts = header.split(' ');
            self.commit = match (parts.next(), parts.next().map(str::parse::<i64>)) {
                (Some(id), Some(Ok(time))) => Some((id.to_string(), time)),
                _ => None,
            };
        } else if let Some(raw) = line.strip_prefix(':') {
            self.entry(raw);
        }
    }

    /// One `--raw` line: `old-mode new-mode old-blob new-blob status\tpath[\tpath]`.
    fn entry(&mut self, raw: &str) {
        let Some((meta, paths)) = raw.split_once('\t') else {
            return;
        };
        let fields: Vec<&str> = meta.split(' ').collect();
        let [_, mode, _, blob, status] = fields[..] else {
            return;
        };
        let regular = mode == "100644" || mode == "100755";
        let (old, new) = match paths.split_once('\t') {
            Some((old, new)) => (Some(old), new),
            None => (None, paths),
        };
        let kind = status.chars().next();
        let Some(&index) = self.names.get(new) else {
            return;
        };
        if regular
            && matches!(kind, Some('M' | 'A' | 'R' | 'T' | 'C'))
            && let Some((commit, time)) = &self.commit
        {
            self.changes[index].push(Change {
                time: *time,
                commit: commit.clone(),
                blob: blob.to_string(),
            });
        }
        match (kind, old) {
            // Before this commit the file did not exist under this name.
            (Some('A' | 'C'), _) => {
                self.names.remove(new);
            }
            (Some('R'), Some(old)) => {
                self.names.remove(new);
                self.names.insert(old.to_string(), index);
            }
            _ => {}
        }
    }

    /// Per account: the last change of each UTC day (ties on the same second broken by the
    /// commit id, so the order git lists them in does not matter), up to `today`.
    fn finish(self, today: Date) -> Vec<Vec<Version>> {
        self.changes
            .into_iter()
            .map(|changes| {
                let mut latest: HashMap<Date, Change> = HashMap::new();
                for change in changes {
                    let Ok(moment) = OffsetDateTime::from_unix_timestamp(change.time) else {
                        continue;
                    };
                    let date = moment.date();
                    if date > today {
                        continue;
                    }
                    let later = latest.get(&date).is_none_or(|kept| {
                        (change.time, &change.commit) > (kept.time, &kept.commit)
                    });
                    if later {
                        latest.insert(date, change);
                    }
                }
                let mut versions: Vec<Version> = latest
                    .into_iter()
                    .map(|(date, change)| Version {
                        date,
                        blob: change.blob,
                    })
                    .collect();
                versions.sort_by_key(|version| version.date);
                versions
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Date {
        Date::parse(
            text,
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .unwrap()
    }

    const Z: &str = "0000000000000000000000000000000000000000";

    #[test]
    fn a_rename_carries_the_older_name_back() {
        let mut tracker = Tracker::new("content/accounts/", &["new"]);
        for line in [
            "commit c3 300",
            &format!(
                ":100644 100644 {Z} b3 R090\tcontent/accounts/old.md\tcontent/accounts/new.md"
            ),
            "commit c2 200",
            &format!(":100644 100644 {Z} b2 M\tcontent/accounts/old.md"),
            "commit c1 100",
            &format!(":000000 100644 {Z} b1 A\tcontent/accounts/old.md"),
            "commit c0 50",
            &format!(":000000 100644 {Z} b0 A\tcontent/accounts/new.md"),
        ] {
            tracker.line(line);
        }
        let blobs: Vec<&str> = tracker.changes[0].iter().map(|c| c.blob.as_str()).collect();
        assert_eq!(
            blobs,
            ["b3", "b2", "b1"],
            "the older file of the same name is another account"
        );
    }

    #[test]
    fn the_last_change_of_a_day_wins_and_ties_go_by_commit_id() {
        let mut tracker = Tracker::new("", &["a"]);
        // 2026-01-01T23:00Z twice, then 2026-01-02T00:30Z.
        for line in [
            "commit 0b 1767312600",
            &format!(":100644 100644 {Z} late M\ta.md"),
            "commit 0a 1767308400",
            &format!(":100644 100644 {Z} tie-low M\ta.md"),
            "commit 0c 1767308400",
            &format!(":100644 100644 {Z} tie-high M\ta.md"),
        ] {
            tracker.line(line);
        }
        let versions = tracker.finish(day("2026-12-31"));
        assert_eq!(
            versions[0],
            [
                Version {
                    date: day("2026-01-01"),
                    blob: "tie-high".into()
                },
                Version {
                    date: day("2026-01-02"),
                    blob: "late".into()
                },
            ]
        );
    }

    #[test]
    fn commits_after_today_are_left_out() {
        let mut tracker = Tracker::new("", &["a"]);
        tracker.line("commit 0a 1767312600");
        tracker.line(&format!(":100644 100644 {Z} b M\ta.md"));
        assert!(tracker.finish(day("2026-01-01"))[0].is_empty());
    }
}
