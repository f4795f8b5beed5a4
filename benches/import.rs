//! Import benchmark: 10,000 export rows into a synthetic 2,000-account site (SPEC §13 asks
//! for at most 2 s).
//!
//! Run with `cargo bench --bench import`; sizes with `KAM_BENCH_ACCOUNTS` (default 2000)
//! and `KAM_BENCH_ROWS` (default 10000), repetitions with `KAM_BENCH_RUNS` (default 5).
//! Two exports: accounts (every site account updated with a new year, the other rows new
//! accounts) and contacts (rows spread over the accounts, every second one a new contact).
//! Each run imports into a fresh copy of the site and writes the files; the copy is not
//! timed. Each runs once as `--dry-run` (reading, matching, editing: the CPU part) and once
//! writing the files. Prints the median and the fastest run.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use kam::import::{ImportOptions, run};

const ACCOUNT_COLUMNS: &str = "\n[import.columns]\n\"Customer ID\" = \"crm_id\"\n\"Customer\" = \"name\"\n\"Sales rep\" = \"manager\"\n\"Net sales\" = \"revenue\"\n\"Gross margin\" = \"gross_margin\"\n";
const CONTACT_COLUMNS: &str = "\n[import.columns]\n\"Customer\" = \"name\"\n\"Contact\" = \"contact.name\"\n\"E-mail\" = \"contact.email\"\n\"Job title\" = \"contact.title\"\n";

fn names(root: &Path) -> Vec<(String, String)> {
    let folder = root.join("content/accounts");
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .expect("accounts folder")
        .map(|entry| entry.expect("entry").path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).expect("account file");
            let value = |key: &str| {
                let line = text
                    .lines()
                    .find(|line| line.starts_with(&format!("{key} = ")))
                    .expect("key present");
                let table: toml::Table = toml::from_str(line).expect("one TOML line");
                table[key].as_str().expect("a string").to_string()
            };
            (value("name"), value("manager"))
        })
        .collect()
}

fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

fn accounts_export(site: &[(String, String)], rows: usize) -> String {
    let mut csv = String::from("Customer ID,Customer,Sales rep,Net sales,Gross margin\n");
    for index in 0..rows {
        let (name, manager) = match site.get(index) {
            Some((name, manager)) => (name.clone(), manager.clone()),
            None => (format!("Ny Kund {index} AB"), "Anna Berg".to_string()),
        };
        let revenue = 1_000_000 + index * 7_919;
        let _ = writeln!(
            csv,
            "E{index:06},{},{},\"{} {:03} {:03}\",{}",
            quoted(&name),
            quoted(&manager),
            revenue / 1_000_000,
            revenue / 1_000 % 1_000,
            revenue % 1_000,
            revenue / 5
        );
    }
    csv
}

fn contacts_export(site: &[(String, String)], rows: usize) -> String {
    let mut csv = String::from("Customer,Contact,E-mail,Job title\n");
    for index in 0..rows {
        let (name, _) = &site[index % site.len()];
        let _ = writeln!(
            csv,
            "{},Kontakt {index},kontakt.{index}@kund.example,{}",
            quoted(name),
            if index % 2 == 0 {
                "Inköpschef"
            } else {
                "Driftchef"
            }
        );
    }
    csv
}

fn measure(label: &str, template: &Path, columns: &str, export: &Path, runs: usize, dry_run: bool) {
    let mut times = Vec::with_capacity(runs);
    let mut last = String::new();
    for _ in 0..runs + 1 {
        let temp = tempfile::tempdir().expect("temporary folder");
        copy_site(template, temp.path());
        let config = temp.path().join("kam.toml");
        let mut text = std::fs::read_to_string(&config).expect("kam.toml");
        text.push_str(columns);
        std::fs::write(&config, text).expect("kam.toml");
        // A user's site is on disk before the import: flushing the fresh copy is not the
        // import's work (the import flushes what it writes).
        let _ = std::process::Command::new("sync").status();
        let options = ImportOptions {
            root: temp.path().to_path_buf(),
            file: export.to_path_buf(),
            preset: None,
            year: Some(2026),
            dry_run,
        };
        let started = Instant::now();
        let summary = run(&options, &|_, _| {}).unwrap_or_else(|_| panic!("import failed"));
        times.push(started.elapsed());
        last = format!(
            "{} rows: {} created, {} updated, {} contacts added",
            summary.rows, summary.created, summary.updated, summary.contacts_added
        );
    }
    // The first run warms the page cache and is left out.
    let mut times: Vec<Duration> = times.into_iter().skip(1).collect();
    times.sort();
    println!(
        "{label:<18} median {:>7.1} ms  fastest {:>7.1} ms  ({last})",
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3
    );
}

fn copy_site(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn main() {
    let number = |name: &str, default: usize| {
        std::env::var(name)
            .ok()
            .and_then(|value| value.parse().ok())
            .unwrap_or(default)
            .max(1)
    };
    let accounts = number("KAM_BENCH_ACCOUNTS", 2000);
    let rows = number("KAM_BENCH_ROWS", 10_000);
    let runs = number("KAM_BENCH_RUNS", 5);
    let temp = tempfile::tempdir().expect("temporary folder");
    let site = temp.path().join("site");
    kam::synth::write_site(&site, accounts, 1).expect("synthetic site");
    let known = names(&site);
    let accounts_csv = temp.path().join("accounts.csv");
    std::fs::write(&accounts_csv, accounts_export(&known, rows)).expect("export");
    let contacts_csv = temp.path().join("contacts.csv");
    std::fs::write(&contacts_csv, contacts_export(&known, rows)).expect("export");
    println!(
        "kam import benchmark: {rows} rows into {accounts} accounts, {} thread(s), {runs} runs",
        rayon::current_num_threads()
    );
    for dry_run in [true, false] {
        let mode = if dry_run { "dry run" } else { "write" };
        measure(
            &format!("accounts {mode}"),
            &site,
            ACCOUNT_COLUMNS,
            &accounts_csv,
            runs,
            dry_run,
        );
        measure(
            &format!("contacts {mode}"),
            &site,
            CONTACT_COLUMNS,
            &contacts_csv,
            runs,
            dry_run,
        );
    }
}
