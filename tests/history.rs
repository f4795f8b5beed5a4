//! SPEC v2 §12 and §6 end to end: a site in a temporary git repository with fixed commit
//! dates, built with the real binary, its data/history.json and the plan's last_reviewed
//! and stale in data/portfolio.json checked field by field.

mod common;

use std::path::Path;
use std::process::Command as Process;

use common::{copy_fixture, kam};
use serde_json::{Value, json};

/// An account file: every factor scored `attractiveness` and `strength`, with `actions`
/// (TOML `[[actions]]` tables) and `notes` after the front matter.
struct Version<'a> {
    stage: &'a str,
    attractiveness: u8,
    strength: u8,
    revenue: u32,
    reviewed: Option<&'a str>,
    actions: &'a str,
    notes: &'a str,
}

const BASE: Version<'static> = Version {
    stage: "basic",
    attractiveness: 8,
    strength: 8,
    revenue: 1_000_000,
    reviewed: None,
    actions: "",
    notes: "Notes.",
};

fn text(name: &str, version: &Version) -> String {
    let a = version.attractiveness;
    let s = version.strength;
    let reviewed = version
        .reviewed
        .map(|date| format!("reviewed = {date}\n"))
        .unwrap_or_default();
    format!(
        "+++\nname = \"{name}\"\nmanager = \"Anna Berg\"\nstage = \"{stage}\"\n{reviewed}\n\
         [attractiveness]\nvolume = {a}\ngrowth = {a}\nmargin = {a}\nstrategic_fit = {a}\n\n\
         [strength]\nproduct = {s}\nservice = {s}\nprice = {s}\nrelationship = {s}\n\n\
         [[years]]\nyear = 2025\nrevenue = {revenue}\n{actions}+++\n{notes}\n\
         These lines keep the versions of one file alike, as renamed files are.\n\
         Background: a customer since long, with mills in the north.\n\
         Meeting notes follow below, one paragraph per meeting.\n",
        stage = version.stage,
        revenue = version.revenue,
        actions = version.actions,
        notes = version.notes,
    )
}

const TRIAL_OPEN: &str = "\n[[actions]]\nid = \"trial\"\ntitle = \"Joint trial\"\nowner = \"Anna Berg\"\ndue = 2026-03-01\nstatus = \"not_started\"\n";
const TRIAL_DONE: &str = "\n[[actions]]\nid = \"trial\"\ntitle = \"Joint trial\"\nowner = \"Anna Berg\"\ndue = 2026-03-01\nstatus = \"done\"\n";
const VISIT: &str = "\n[[actions]]\nid = \"visit\"\ntitle = \"Mill visit\"\nowner = \"Anna Berg\"\ndue = 2027-01-20\nstatus = \"in_progress\"\n";

/// A work tree at `top` holding the site at `site` (the same folder, or one inside it).
struct Repo<'a> {
    top: &'a Path,
    site: &'a Path,
}

impl Repo<'_> {
    fn git(&self, args: &[&str], date: &str) {
        let mut command = Process::new("git");
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("GIT_") {
                command.env_remove(key);
            }
        }
        let status = command
            .current_dir(self.top)
            .env("HOME", self.top)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .args([
                "-c",
                "user.name=Test",
                "-c",
                "user.email=test@example.com",
                "-c",
                "commit.gpgsign=false",
                "-c",
                "init.defaultBranch=main",
            ])
            .args(args)
            .output()
            .expect("git runs");
        assert!(
            status.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&status.stderr)
        );
    }

    fn write(&self, slug: &str, name: &str, version: &Version) {
        let path = self.site.join(format!("content/accounts/{slug}.md"));
        std::fs::write(path, text(name, version)).expect("write account");
    }

    fn commit(&self, date: &str, message: &str) {
        self.git(&["add", "-A"], date);
        self.git(&["commit", "-q", "-m", message], date);
    }
}

/// The site of every case the issue lists, committed on fixed dates (see each step).
fn history_site(git: bool) -> tempfile::TempDir {
    let site = copy_fixture("history");
    commit_history(site.path(), site.path(), git);
    site
}

/// Writes the history site into `site`, committing each step in the work tree at `top`.
fn commit_history(top: &Path, site: &Path, git: bool) {
    let toml = site.join("kam.toml");
    let settings = std::fs::read_to_string(&toml).expect("kam.toml");
    std::fs::write(&toml, settings.replace("git = false", "git = true")).expect("kam.toml");
    let repo = Repo { top, site };
    if git {
        repo.git(&["init", "-q"], "2026-01-01T00:00:00Z");
    }
    let commit = |date: &str, message: &str| {
        if git {
            repo.commit(date, message);
        }
    };
    let gamma_v1 = Version {
        reviewed: Some("2026-01-15"),
        actions: TRIAL_OPEN,
        ..BASE
    };
    repo.write("alfa", "Alfa", &BASE);
    repo.write("beta", "Beta", &BASE);
    repo.write("gamma", "Gamma", &gamma_v1);
    repo.write(
        "delta-old",
        "Delta",
        &Version {
            stage: "exploratory",
            ..BASE
        },
    );
    repo.write("epsilon", "Epsilon", &BASE);
    repo.write("eta", "Eta", &BASE);
    repo.write("theta", "Theta", &BASE);
    let iota_v1 = Version {
        reviewed: Some("2026-02-01"),
        actions: TRIAL_OPEN,
        ..BASE
    };
    repo.write("iota", "Iota", &iota_v1);
    let kappa_v1 = Version {
        reviewed: Some("2026-01-01"),
        actions: VISIT,
        ..BASE
    };
    repo.write("kappa", "Kappa", &kappa_v1);
    commit("2026-01-10T12:00:00Z", "the accounts");

    // Two commits on one UTC day: the later one is the day's snapshot.
    repo.write(
        "epsilon",
        "Epsilon",
        &Version {
            stage: "interdependent",
            ..BASE
        },
    );
    commit("2026-02-10T09:00:00Z", "epsilon morning");
    repo.write(
        "epsilon",
        "Epsilon",
        &Version {
            stage: "cooperative",
            ..BASE
        },
    );
    commit("2026-02-10T15:00:00Z", "epsilon afternoon");

    // Near midnight in other time zones: 2026-03-01 22:30 UTC, then 2026-03-02 04:30 UTC,
    // although their local dates read the other way round.
    repo.write("zeta", "Zeta", &BASE);
    commit("2026-03-02T00:30:00+02:00", "zeta in Helsinki");
    repo.write(
        "zeta",
        "Zeta",
        &Version {
            stage: "cooperative",
            ..BASE
        },
    );
    commit("2026-03-01T23:30:00-05:00", "zeta in New York");

    repo.write(
        "iota",
        "Iota",
        &Version {
            actions: TRIAL_DONE,
            ..iota_v1
        },
    );
    repo.write("delta-old", "Delta", &BASE);
    commit("2026-04-01T12:00:00Z", "iota's trial done, delta basic");

    let gamma_v2 = Version {
        actions: TRIAL_DONE,
        ..gamma_v1
    };
    repo.write("gamma", "Gamma", &gamma_v2);
    // A score of 11 does not load under today's rules.
    repo.write(
        "eta",
        "Eta",
        &Version {
            strength: 11,
            ..BASE
        },
    );
    commit("2026-05-01T12:00:00Z", "gamma's trial done, eta broken");

    // A side branch merged back: only the merge is on the first-parent chain.
    if git {
        repo.git(&["checkout", "-q", "-b", "side"], "2026-05-10T12:00:00Z");
    }
    repo.write(
        "theta",
        "Theta",
        &Version {
            stage: "cooperative",
            ..BASE
        },
    );
    commit("2026-05-10T12:00:00Z", "theta cooperative on a branch");
    repo.write(
        "theta",
        "Theta",
        &Version {
            stage: "interdependent",
            ..BASE
        },
    );
    commit("2026-05-12T12:00:00Z", "theta interdependent on a branch");
    if git {
        repo.git(&["checkout", "-q", "main"], "2026-05-15T12:00:00Z");
    }
    repo.write(
        "eta",
        "Eta",
        &Version {
            revenue: 2_000_000,
            ..BASE
        },
    );
    commit("2026-05-15T12:00:00Z", "eta mended");
    if git {
        repo.git(
            &["merge", "-q", "--no-ff", "-m", "merge side", "side"],
            "2026-05-20T12:00:00Z",
        );
    } else {
        repo.write(
            "theta",
            "Theta",
            &Version {
                stage: "interdependent",
                ..BASE
            },
        );
    }

    // A rename with a small edit.
    if git {
        let from = site.join("content/accounts/delta-old.md");
        std::fs::rename(&from, site.join("content/accounts/delta-new.md")).expect("rename");
    } else {
        std::fs::remove_file(site.join("content/accounts/delta-old.md")).expect("remove");
    }
    repo.write(
        "delta-new",
        "Delta",
        &Version {
            stage: "cooperative",
            ..BASE
        },
    );
    commit("2026-07-01T12:00:00Z", "delta renamed");

    // Notes only: not a review.
    repo.write(
        "gamma",
        "Gamma",
        &Version {
            notes: "New notes.",
            ..gamma_v2
        },
    );
    commit("2026-09-15T12:00:00Z", "gamma notes");

    repo.write(
        "alfa",
        "Alfa",
        &Version {
            strength: 3,
            revenue: 1_200_000,
            ..BASE
        },
    );
    repo.write(
        "beta",
        "Beta",
        &Version {
            stage: "cooperative",
            ..BASE
        },
    );
    commit("2026-10-01T12:00:00Z", "alfa weaker, beta cooperative");

    // A review recorded after the last change of the plan.
    repo.write(
        "iota",
        "Iota",
        &Version {
            reviewed: Some("2026-10-01"),
            actions: TRIAL_DONE,
            ..iota_v1
        },
    );
    commit("2026-10-02T12:00:00Z", "iota reviewed");

    repo.write(
        "kappa",
        "Kappa",
        &Version {
            actions: &format!("{VISIT}{TRIAL_OPEN}"),
            ..kappa_v1
        },
    );
    commit("2026-10-20T12:00:00Z", "kappa plans a trial");

    // After `today`: not part of the history a build for 2026-11-27 sees.
    repo.write(
        "eta",
        "Eta",
        &Version {
            revenue: 2_000_000,
            notes: "Later.",
            ..BASE
        },
    );
    commit("2026-12-05T12:00:00Z", "eta after today");
}

struct Built {
    history: Value,
    portfolio: Value,
    stdout: String,
    /// Every page, by path.
    pages: std::collections::BTreeMap<String, String>,
}

fn build(site: &Path, extra: &[&str]) -> Built {
    let out = tempfile::tempdir().expect("temporary folder");
    let output = out.path().join("public");
    let assert = kam()
        .args(["build", "--verbose", "--root"])
        .arg(site)
        .arg("--output")
        .arg(&output)
        .args(extra)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("GIT_DIR", "/nonexistent")
        .assert()
        .success();
    let read = |name: &str| -> Value {
        let text = std::fs::read_to_string(output.join("data").join(name)).expect(name);
        serde_json::from_str(&text).expect("JSON")
    };
    Built {
        history: read("history.json"),
        portfolio: read("portfolio.json"),
        stdout: String::from_utf8_lossy(&assert.get_output().stdout).into_owned(),
        pages: common::html_pages(&output),
    }
}

fn account<'a>(json: &'a Value, slug: &str) -> &'a Value {
    json["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .find(|account| account["slug"] == slug)
        .unwrap_or_else(|| panic!("no account {slug}"))
}

fn dates(built: &Built, slug: &str) -> Vec<String> {
    account(&built.history, slug)["snapshots"]
        .as_array()
        .expect("snapshots")
        .iter()
        .map(|snapshot| snapshot["date"].as_str().expect("date").to_string())
        .collect()
}

fn stages(built: &Built, slug: &str) -> Vec<String> {
    account(&built.history, slug)["snapshots"]
        .as_array()
        .expect("snapshots")
        .iter()
        .map(|snapshot| snapshot["stage"].as_str().expect("stage").to_string())
        .collect()
}

fn plan<'a>(built: &'a Built, slug: &str) -> &'a Value {
    &account(&built.portfolio, slug)["plan"]
}

#[test]
fn history_follows_every_case_of_the_issue() {
    let site = history_site(true);
    let built = build(site.path(), &[]);

    let slugs: Vec<&str> = built.history["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .map(|account| account["slug"].as_str().expect("slug"))
        .collect();
    assert_eq!(
        slugs,
        [
            "alfa",
            "beta",
            "delta-new",
            "epsilon",
            "eta",
            "gamma",
            "iota",
            "kappa",
            "theta",
            "zeta"
        ],
        "sorted by slug"
    );

    // A quadrant move, with every field of both snapshots.
    assert_eq!(
        account(&built.history, "alfa")["snapshots"],
        json!([
            {"date": "2026-01-10", "attractiveness": 8.0, "strength": 8.0, "quadrant": "strategic",
             "stage": "basic", "revenue": 1000000, "rag": "none"},
            {"date": "2026-10-01", "attractiveness": 8.0, "strength": 3.0, "quadrant": "star",
             "stage": "basic", "revenue": 1200000, "rag": "none"},
        ])
    );
    assert_eq!(
        account(&built.history, "alfa")["since"],
        json!({
            "date": "2026-08-29", "snapshot": "2026-01-10",
            "quadrant": {"then": "strategic", "now": "star"},
            "stage": {"then": "basic", "now": "basic"},
            "rag": {"then": "none", "now": "none"},
            "attractiveness": {"then": 8.0, "now": 8.0, "change": 0.0},
            "strength": {"then": 8.0, "now": 3.0, "change": -5.0},
        })
    );

    // A stage change.
    assert_eq!(stages(&built, "beta"), ["basic", "cooperative"]);
    assert_eq!(
        account(&built.history, "beta")["since"]["stage"],
        json!({"then": "basic", "now": "cooperative"})
    );

    // Two commits on one UTC day: one snapshot, the later one.
    assert_eq!(dates(&built, "epsilon"), ["2026-01-10", "2026-02-10"]);
    assert_eq!(stages(&built, "epsilon"), ["basic", "cooperative"]);

    // Near midnight elsewhere: the UTC date of the commit decides.
    assert_eq!(dates(&built, "zeta"), ["2026-03-01", "2026-03-02"]);
    assert_eq!(stages(&built, "zeta"), ["basic", "cooperative"]);

    // A rename: the versions under the old name are the account's history.
    assert_eq!(
        dates(&built, "delta-new"),
        ["2026-01-10", "2026-04-01", "2026-07-01"]
    );
    assert_eq!(
        stages(&built, "delta-new"),
        ["exploratory", "basic", "cooperative"]
    );

    // An invalid snapshot is left out and counted; a commit after today is not read.
    assert_eq!(dates(&built, "eta"), ["2026-01-10", "2026-05-15"]);
    assert_eq!(
        account(&built.history, "eta")["snapshots"][1]["revenue"],
        2_000_000
    );
    assert!(
        built.stdout.contains("1 left out"),
        "-v counts the snapshot that did not load: {}",
        built.stdout
    );

    // A merge from a side branch: one snapshot on the day of the merge.
    assert_eq!(dates(&built, "theta"), ["2026-01-10", "2026-05-20"]);
    assert_eq!(stages(&built, "theta"), ["basic", "interdependent"]);

    // RAG judged at the snapshot's own date: the trial due 2026-03-01 was not yet due on
    // 2026-01-10, and was done from 2026-05-01.
    let gamma = &account(&built.history, "gamma")["snapshots"];
    assert_eq!(
        dates(&built, "gamma"),
        ["2026-01-10", "2026-05-01", "2026-09-15"]
    );
    assert_eq!(gamma[0]["rag"], "green");
    assert_eq!(gamma[1]["rag"], "green");

    // A notes-only edit is not a review: the plan last changed on 2026-05-01, 210 days
    // before today, later than `reviewed` (2026-01-15).
    assert_eq!(plan(&built, "gamma")["last_reviewed"], "2026-05-01");
    assert_eq!(plan(&built, "gamma")["stale"], true);
    // `reviewed` later than the last plan commit (2026-04-01) wins.
    assert_eq!(plan(&built, "iota")["last_reviewed"], "2026-10-01");
    assert_eq!(plan(&built, "iota")["stale"], false);
    // A plan commit later than `reviewed` keeps the plan fresh.
    assert_eq!(plan(&built, "kappa")["last_reviewed"], "2026-10-20");
    assert_eq!(plan(&built, "kappa")["stale"], false);
    // No plan, no `reviewed`: nothing to date a review by.
    assert_eq!(plan(&built, "alfa")["last_reviewed"], Value::Null);
    assert_eq!(
        account(&built.history, "zeta")["since"]["snapshot"],
        "2026-03-02"
    );
}

#[test]
fn since_moves_the_comparison_date() {
    let site = history_site(true);
    let built = build(site.path(), &["--since", "2026-02-10"]);
    let since = &account(&built.history, "epsilon")["since"];
    assert_eq!(since["date"], "2026-02-10");
    assert_eq!(since["snapshot"], "2026-02-10");
    assert_eq!(
        since["stage"],
        json!({"then": "cooperative", "now": "cooperative"})
    );
    assert_eq!(
        account(&built.history, "beta")["since"]["snapshot"],
        "2026-01-10"
    );

    // Before the first commit no snapshot is in force: no comparison.
    let built = build(site.path(), &["--since", "2026-01-09"]);
    for entry in built.history["accounts"].as_array().expect("accounts") {
        assert_eq!(entry["since"], Value::Null, "{}", entry["slug"]);
        assert!(!entry["snapshots"].as_array().expect("snapshots").is_empty());
    }
}

#[test]
fn the_same_history_builds_the_same_bytes() {
    let site = history_site(true);
    let first = build(site.path(), &[]);
    let second = build(site.path(), &[]);
    assert_eq!(first.history, second.history);
    assert_eq!(first.portfolio, second.portfolio);
}

/// Every account with no snapshots and no comparison, and last_reviewed from `reviewed`.
fn assert_no_history(built: &Built) {
    for entry in built.history["accounts"].as_array().expect("accounts") {
        assert_eq!(entry["snapshots"], json!([]), "{}", entry["slug"]);
        assert_eq!(entry["since"], Value::Null, "{}", entry["slug"]);
    }
    assert_eq!(built.history["accounts"].as_array().map(Vec::len), Some(10));
    assert_eq!(plan(built, "gamma")["last_reviewed"], "2026-01-15");
    assert_eq!(plan(built, "kappa")["last_reviewed"], "2026-01-01");
    assert_eq!(plan(built, "kappa")["stale"], true);
    assert_eq!(plan(built, "iota")["last_reviewed"], "2026-10-01");
}

#[test]
fn a_site_outside_git_has_no_history_and_no_error() {
    let site = history_site(false);
    let built = build(site.path(), &[]);
    assert_no_history(&built);
    assert!(
        built.stdout.contains("history: not read"),
        "{}",
        built.stdout
    );
}

#[test]
fn history_git_false_reads_no_history() {
    let site = history_site(true);
    let toml = site.path().join("kam.toml");
    let settings = std::fs::read_to_string(&toml).expect("kam.toml");
    std::fs::write(&toml, settings.replace("git = true", "git = false")).expect("kam.toml");
    assert_no_history(&build(site.path(), &[]));
}

#[test]
fn a_site_in_a_sub_folder_of_a_repository_reads_its_own_history() {
    let top = tempfile::tempdir().expect("temporary folder");
    let site = top.path().join("kam site");
    common::copy_dir(&common::fixture("history"), &site);
    // Another folder of the repository with an account-like file: not the site's.
    std::fs::create_dir_all(top.path().join("content/accounts")).expect("folder");
    std::fs::write(
        top.path().join("content/accounts/alfa.md"),
        "not an account",
    )
    .expect("file");
    commit_history(top.path(), &site, true);
    let built = build(&site, &[]);
    assert_eq!(dates(&built, "epsilon"), ["2026-01-10", "2026-02-10"]);
    assert_eq!(
        dates(&built, "delta-new"),
        ["2026-01-10", "2026-04-01", "2026-07-01"]
    );
    assert_eq!(dates(&built, "alfa"), ["2026-01-10", "2026-10-01"]);
}

/// The text of the page's `<section>` whose heading has `id`, tags removed.
fn section(page: &str, id: &str) -> String {
    let start = page
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no section {id}"));
    let end = page[start..]
        .find("</section>")
        .map_or(page.len(), |end| start + end);
    let mut text = String::new();
    let mut in_tag = false;
    for c in page[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_pages_show_movement_stale_plans_and_the_review_pack() {
    let site = history_site(true);
    let built = build(site.path(), &[]);
    let index = &built.pages["index.html"];
    let movement = section(index, "movement");
    assert!(
        movement.contains("Movement since 29 Aug 2026"),
        "{movement}"
    );
    assert!(movement.contains("Alfa Strategic → Star"), "{movement}");
    assert!(
        movement.contains("Beta Strategic basic → cooperative"),
        "{movement}"
    );
    assert!(
        !movement.contains("Epsilon"),
        "epsilon did not move: {movement}"
    );
    assert!(
        movement.contains("Gamma (last reviewed 1 May 2026, 210 days ago)"),
        "the stale plan is listed: {movement}"
    );
    assert!(index.contains("href=\"review/index.html\""));
    assert!(index.contains("kam-trails"), "alfa's trail on the matrix");

    let alfa = &built.pages["accounts/alfa/index.html"];
    let since = section(alfa, "since");
    assert!(since.contains("Since 29 Aug 2026"), "{since}");
    assert!(
        since.contains("Compared with the version committed on 10 Jan 2026"),
        "{since}"
    );
    assert!(since.contains("Strength 8.0 3.0 (−5.0)"), "{since}");
    assert!(alfa.contains("kam-chart-score-trail"));

    let kappa = section(&built.pages["accounts/kappa/index.html"], "since");
    assert!(kappa.contains("Actions added: Joint trial"), "{kappa}");

    let review = &built.pages["review/index.html"];
    assert!(review.contains("<h1>Review since 29 Aug 2026</h1>"));
    for name in ["Alfa", "Beta", "Gamma", "Kappa", "Theta"] {
        assert!(
            review.contains(&format!(">{name}</a>")),
            "{name} in the review pack"
        );
    }
}

/// Many accounts with many versions, so that parsing them on several threads finishes in
/// another order than git lists them in.
#[test]
fn the_thread_count_changes_no_byte() {
    let top = tempfile::tempdir().expect("temporary folder");
    let site = top.path().join("site");
    kam()
        .args(["synth", "--accounts", "60"])
        .arg(&site)
        .assert()
        .success();
    let repo = Repo {
        top: &site,
        site: &site,
    };
    repo.git(&["init", "-q"], "2026-01-01T00:00:00Z");
    repo.commit("2026-01-05T09:00:00Z", "the portfolio");
    let folder = site.join("content/accounts");
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .expect("accounts")
        .map(|entry| entry.expect("entry").path())
        .collect();
    files.sort();
    let stages = ["basic", "cooperative", "interdependent", "exploratory"];
    for step in 0..6 {
        for (index, path) in files.iter().enumerate() {
            if (index + step) % 3 != 0 {
                continue;
            }
            let text = std::fs::read_to_string(path).expect("account");
            let stage = match (step, index) {
                // One version that does not load, left out of the history.
                (2, 1) => "nonsense",
                _ => stages[(index + step) % stages.len()],
            };
            let changed: String = text
                .lines()
                .map(|line| {
                    if line.starts_with("stage = ") {
                        format!("stage = \"{stage}\"\n")
                    } else {
                        format!("{line}\n")
                    }
                })
                .collect();
            // Every other edit also touches the notes, which reuses the parsed front matter.
            let changed = if step % 2 == 0 {
                changed + &format!("\nStep {step}.\n")
            } else {
                changed
            };
            std::fs::write(path, changed).expect("write account");
        }
        repo.commit(&format!("2026-02-{:02}T10:00:00Z", step + 1), "edits");
    }

    let output = |threads: &str| {
        let out = tempfile::tempdir().expect("temporary folder");
        let public = out.path().join("public");
        let assert = kam()
            .args(["build", "--verbose", "--root"])
            .arg(&site)
            .arg("--output")
            .arg(&public)
            .env_remove("SOURCE_DATE_EPOCH")
            .env("RAYON_NUM_THREADS", threads)
            .assert()
            .success();
        let history = std::fs::read(public.join("data/history.json")).expect("history.json");
        let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
        (history, common::html_pages(&public), stdout)
    };
    let (one, one_pages, one_stdout) = output("1");
    let (three, three_pages, three_stdout) = output("3");
    assert!(
        one_stdout.contains("1 left out"),
        "the broken version is left out: {one_stdout}"
    );
    assert!(three_stdout.contains("1 left out"), "{three_stdout}");
    let json: Value = serde_json::from_slice(&one).expect("JSON");
    let longest = json["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .map(|account| account["snapshots"].as_array().expect("snapshots").len())
        .max();
    assert_eq!(longest, Some(3), "a first version and two of the six edits");
    assert!(one == three, "history.json differs between 1 and 3 threads");
    assert_eq!(one_pages.len(), three_pages.len());
    for (path, page) in &one_pages {
        assert!(
            three_pages.get(path) == Some(page),
            "{path} differs between 1 and 3 threads"
        );
    }
}
