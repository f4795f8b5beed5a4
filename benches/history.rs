//! History benchmark (SPEC v2 §12, issue 15 asks for at most 2 s): reading the git history
//! of a synthetic 1,000-account site with 100 commits, every commit changing every account.
//!
//! Run with `cargo bench --bench history`; sizes with `KAM_BENCH_ACCOUNTS` (default 1000)
//! and `KAM_BENCH_COMMITS` (default 100), repetitions with `KAM_BENCH_RUNS` (default 5),
//! `KAM_BENCH_SHARE`, the percentage of accounts each commit changes (default 100: every
//! account in every commit, the worst case; a team edits a few accounts a day), and
//! `KAM_BENCH_REPACK` (default 1).
//! The repository is written once with `git fast-import` (not timed), one commit a day from
//! 2026-01-01 (the first adds every account), each setting the changed accounts' stage and
//! one score anew. fast-import stores every version as a delta of the one before, 50 deep,
//! which no repository built by commits has, and git then spends seconds rebuilding those
//! chains; so the pack is then rewritten with `git repack -adf`, as `git gc --aggressive`
//! or a clone would give it (`KAM_BENCH_REPACK=0` keeps fast-import's pack). The stage
//! cycles through 5 values and the score through 11, so an account's versions repeat every
//! 55 days and about half of its versions are blobs it already had.
//! The timed part is `kam::history::load`: the log, the contents and parsing every
//! snapshot. Prints the median and the fastest run, and the two git steps alone.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const STAGES: [&str; 5] = [
    "basic",
    "cooperative",
    "interdependent",
    "integrated",
    "exploratory",
];

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

fn git(root: &Path) -> Command {
    let mut command = Command::new("git");
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("GIT_") {
            command.env_remove(key);
        }
    }
    command
        .current_dir(root)
        .env("HOME", root)
        .env("GIT_CONFIG_NOSYSTEM", "1");
    command
}

/// One version of an account file: its stage and its first strength score set by `step`.
fn version(text: &str, step: usize, index: usize) -> String {
    let stage = STAGES[(step + index) % STAGES.len()];
    let mut in_strength = false;
    let mut scored = false;
    text.lines()
        .map(|line| {
            if line.starts_with("stage = ") {
                return format!("stage = \"{stage}\"");
            }
            if line == "[strength]" {
                in_strength = true;
            } else if in_strength && !scored && line.contains(" = ") {
                scored = true;
                let key = line.split(" = ").next().unwrap_or_default();
                return format!("{key} = {}", (step + index) % 11);
            }
            line.to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn write_repository(root: &Path, commits: usize, share: usize, repack: bool) {
    let folder = root.join("content/accounts");
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .expect("accounts folder")
        .map(|entry| entry.expect("entry").path())
        .collect();
    files.sort();
    let accounts: Vec<(String, String)> = files
        .iter()
        .map(|path| {
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read_to_string(path).expect("account"))
        })
        .collect();
    let status = git(root)
        .args(["init", "-q", "-b", "main"])
        .status()
        .expect("git init");
    assert!(status.success());
    let mut child = git(root)
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("git fast-import");
    let mut stream = std::io::BufWriter::new(child.stdin.take().expect("stdin"));
    let start = 1_767_268_800_i64; // 2026-01-01T12:00:00Z
    for step in 0..commits {
        let message = format!("step {step}");
        writeln!(stream, "commit refs/heads/main").expect("write");
        writeln!(
            stream,
            "committer Bench <bench@example.com> {} +0000",
            start + 86_400 * step as i64
        )
        .expect("write");
        writeln!(stream, "data {}\n{message}", message.len()).expect("write");
        for (index, (name, text)) in accounts.iter().enumerate() {
            // Spread over the accounts so each is changed about as often as the others.
            if step > 0 && (index * 7 + step * 13) % 100 >= share {
                continue;
            }
            let body = version(text, step, index);
            writeln!(stream, "M 100644 inline content/accounts/{name}").expect("write");
            writeln!(stream, "data {}\n{body}", body.len()).expect("write");
        }
    }
    drop(stream);
    assert!(child.wait().expect("fast-import").success());
    if repack {
        let status = git(root)
            .args(["repack", "-a", "-d", "-f", "-q"])
            .status()
            .expect("git repack");
        assert!(status.success());
    }
}

fn main() {
    let accounts = env_number("KAM_BENCH_ACCOUNTS", 1000);
    let commits = env_number("KAM_BENCH_COMMITS", 100);
    let runs = env_number("KAM_BENCH_RUNS", 5).max(1);
    let share = env_number("KAM_BENCH_SHARE", 100).min(100);
    let repack = env_number("KAM_BENCH_REPACK", 1) != 0;
    let temp = tempfile::tempdir().expect("temporary folder");
    let root = temp.path().join("site");
    kam::synth::write_site(&root, accounts, 1).expect("synthetic site");
    let written = Instant::now();
    write_repository(&root, commits, share, repack);
    println!(
        "history: {accounts} accounts × {commits} commits ({share} % of the accounts changed per commit) written with git fast-import{} in {:.1} s",
        if repack { " and git repack -adf" } else { "" },
        written.elapsed().as_secs_f64()
    );

    let config = kam::config::Config::load_site(&root).expect("kam.toml");
    let today = config.today.expect("synth sets today");
    let site = kam::content::load(&root, config, false).expect("the site loads");
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    let mut snapshots = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let history = kam::history::load(&root, &site.config, &site.accounts, today);
        times.push(started.elapsed());
        assert!(history.read, "the history is read");
        snapshots = history.accounts.iter().map(Vec::len).sum::<usize>();
        assert_eq!(history.skipped, 0, "every snapshot loads");
    }
    times.sort();
    let slugs: Vec<&str> = site.accounts.iter().map(|a| a.slug.as_str()).collect();
    let started = Instant::now();
    let repository = kam::history::git::Repository::around(&root).expect("a work tree");
    let versions = kam::history::log::read(&repository, &slugs, today).expect("git log");
    let log = started.elapsed();
    let mut seen = std::collections::HashSet::new();
    let wanted: Vec<&str> = versions
        .iter()
        .flat_map(|versions| versions.iter().rev())
        .map(|v| v.blob.as_str())
        .filter(|id| seen.insert(*id))
        .collect();
    let mut bytes = 0;
    let started = Instant::now();
    kam::history::blobs::read_each(&repository, &wanted, |_, blob| {
        bytes += blob.map_or(0, <[u8]>::len)
    })
    .expect("git cat-file");
    let contents = started.elapsed();
    println!(
        "history: of one run, git log {:.2} s, git cat-file {:.2} s for {} distinct versions of {} ({} MB); the rest is parsing",
        log.as_secs_f64(),
        contents.as_secs_f64(),
        wanted.len(),
        versions.iter().map(Vec::len).sum::<usize>(),
        bytes / 1_000_000
    );
    println!(
        "history: {snapshots} snapshots read; median {:.2} s, fastest {:.2} s over {runs} runs (goal: at most 2 s)",
        times[times.len() / 2].as_secs_f64(),
        times[0].as_secs_f64()
    );
}
