//! Build benchmark: synthetic portfolios of several sizes, timed step by step.
//!
//! Run with `cargo bench --bench build`; sizes with `KAM_BENCH_SIZES=100,1000,10000`
//! (default), repetitions with `KAM_BENCH_RUNS` (default 5). `check` renders every page
//! but writes nothing, so it isolates CPU work; `build` adds writing and the swap, which
//! depends on the disk (point `TMPDIR` at a tmpfs such as /dev/shm to take the disk out).
//! Prints the median of each step over the runs, then per size the output's files and bytes,
//! its largest file, and the peak memory of one build on its own: a build in a fresh
//! process (this benchmark run again), since the builds timed here share one process and
//! its allocator.

use std::time::Duration;

use kam::{Options, Report};

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

fn run(label: &str, runs: usize, accounts: usize, mut once: impl FnMut() -> Report) {
    let _warm_up = once();
    let reports: Vec<Report> = (0..runs).map(|_| once()).collect();
    let total = median(reports.iter().map(|report| report.elapsed).collect());
    let mut line = format!(
        "{accounts:>6} accounts  {label:<5} total {:>8.1} ms",
        total.as_secs_f64() * 1e3
    );
    for (index, (step, _)) in reports[0].steps.iter().enumerate() {
        let step_median = median(reports.iter().map(|report| report.steps[index].1).collect());
        line.push_str(&format!(
            "  {step} {:>7.1}",
            step_median.as_secs_f64() * 1e3
        ));
    }
    let per_account = total.as_secs_f64() * 1e6 / accounts.max(1) as f64;
    line.push_str(&format!(
        "  | {per_account:>6.0} µs/account, {} pages",
        reports[0].pages
    ));
    println!("{line}");
}

/// Set in the process that makes one build and reports its peak memory: the site's root
/// and the output folder.
const ONE_BUILD_ROOT: &str = "KAM_BENCH_ONE_BUILD_ROOT";
const ONE_BUILD_OUTPUT: &str = "KAM_BENCH_ONE_BUILD_OUTPUT";

fn main() {
    if let (Some(root), Some(output)) = (
        std::env::var_os(ONE_BUILD_ROOT),
        std::env::var_os(ONE_BUILD_OUTPUT),
    ) {
        kam::build(&options(root.into(), output.into())).unwrap_or_else(|_| panic!("build failed"));
        println!("{}", peak_rss());
        return;
    }
    let sizes: Vec<usize> = std::env::var("KAM_BENCH_SIZES")
        .unwrap_or_else(|_| "100,1000,10000".to_string())
        .split(',')
        .filter_map(|size| size.trim().parse().ok())
        .collect();
    let runs: usize = std::env::var("KAM_BENCH_RUNS")
        .ok()
        .and_then(|runs| runs.parse().ok())
        .unwrap_or(5)
        .max(1);
    println!(
        "kam build benchmark: {} thread(s), median of {runs} runs, times in ms per step",
        rayon::current_num_threads()
    );
    for accounts in sizes {
        let temp = tempfile::tempdir().expect("temporary folder");
        let root = temp.path().join("site");
        kam::synth::write_site(&root, accounts, 1).expect("synthetic site");
        let options = options(root.clone(), temp.path().join("public"));
        run("check", runs, accounts, || {
            kam::check(&options).unwrap_or_else(|_| panic!("check failed"))
        });
        run("build", runs, accounts, || {
            kam::build(&options).unwrap_or_else(|_| panic!("build failed"))
        });
        let (files, bytes, largest) = output_size(&temp.path().join("public"));
        println!(
            "{accounts:>6} accounts  output {files} files, {:.1} MB, largest {} ({:.0} KB); peak RSS of one build {}, of this process so far {}",
            bytes as f64 / 1e6,
            largest.0,
            largest.1 as f64 / 1e3,
            one_build_peak(&root, &temp.path().join("alone")),
            peak_rss()
        );
    }
}

fn options(root: std::path::PathBuf, output: std::path::PathBuf) -> Options {
    Options {
        root,
        output: Some(output),
        today: None,
        drafts: false,
        strict: false,
        since: None,
    }
}

/// The peak memory of one build of `root` into `output`, made by this benchmark run again.
fn one_build_peak(root: &std::path::Path, output: &std::path::Path) -> String {
    std::env::current_exe()
        .and_then(|benchmark| {
            std::process::Command::new(benchmark)
                .env(ONE_BUILD_ROOT, root)
                .env(ONE_BUILD_OUTPUT, output)
                .output()
        })
        .ok()
        .filter(|done| done.status.success())
        .map(|done| String::from_utf8_lossy(&done.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown (the build on its own failed)".to_string())
}

/// Files, total bytes and the largest file (path, bytes) below `dir`.
fn output_size(dir: &std::path::Path) -> (usize, u64, (String, u64)) {
    let mut files = 0;
    let mut bytes = 0;
    let mut largest = (String::new(), 0);
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        let Ok(metadata) = entry.metadata() else {
            continue;
        };
        if metadata.is_file() {
            files += 1;
            bytes += metadata.len();
            if metadata.len() > largest.1 {
                let path = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                largest = (path.display().to_string(), metadata.len());
            }
        }
    }
    (files, bytes, largest)
}

/// The most memory this process has held (Linux's `VmHWM`); builds run in this process,
/// so the figure after a size is the peak of that size and the smaller ones before it.
fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .map(|value| value.trim().to_string())
        })
        .unwrap_or_else(|| "unknown (no /proc)".to_string())
}
