//! Serve benchmark: the time from saving an account file to its new page being served.
//!
//! Run with `cargo bench --bench serve`; sizes with `KAM_BENCH_SIZES=1000,10000` (default),
//! edits per size and kind with `KAM_BENCH_RUNS` (default 7). Two kinds of edit to one
//! account: "notes" appends a line to its notes; "plan" renames one of its actions, which
//! also shows in the portfolio's lists and the calendars. After each, the page is fetched
//! over HTTP every 2 ms until it shows the edit. The figure includes the watcher's
//! debounce, the rebuild up to that page and the request. A second figure is the time
//! until the whole rebuild is served (every list, data file and the search index). Prints
//! the median, the fastest and the slowest edit of each.

use std::fs;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use kam::Options;
use kam::serve::{ServeOptions, Server};

fn fetch(address: SocketAddr, path: &str) -> String {
    let Ok(mut stream) = TcpStream::connect(address) else {
        return String::new();
    };
    let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return String::new();
    }
    let mut text = String::new();
    let _ = stream.read_to_string(&mut text);
    text
}

fn main() {
    let sizes: Vec<usize> = std::env::var("KAM_BENCH_SIZES")
        .unwrap_or_else(|_| "1000,10000".to_string())
        .split(',')
        .filter_map(|size| size.trim().parse().ok())
        .collect();
    let runs: usize = std::env::var("KAM_BENCH_RUNS")
        .ok()
        .and_then(|runs| runs.parse().ok())
        .unwrap_or(7)
        .max(1);
    println!(
        "kam serve benchmark: save an account file → its new page served, {} thread(s), {runs} edits",
        rayon::current_num_threads()
    );
    for accounts in sizes {
        let temp = tempfile::tempdir().expect("temporary folder");
        let root = temp.path().join("site");
        kam::synth::write_site(&root, accounts, 1).expect("synthetic site");
        let mut files: Vec<_> = fs::read_dir(root.join("content/accounts"))
            .expect("accounts")
            .map(|entry| entry.expect("entry").path())
            .collect();
        files.sort();
        let file = files[files.len() / 2].clone();
        let slug = file
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        let page = format!("/accounts/{slug}/");
        let started = Instant::now();
        let server = Server::start(ServeOptions {
            build: Options {
                root: root.clone(),
                output: None,
                today: Some(kam::synth::TODAY),
                drafts: false,
                strict: false,
                since: None,
            },
            bind: "127.0.0.1".parse().expect("address"),
            port: 0,
            base_path: "/".to_string(),
            quiet: true,
            verbose: false,
        })
        .expect("server");
        let first = started.elapsed();
        assert!(server.problems().is_empty(), "{:?}", server.problems());
        let original = fs::read_to_string(&file).expect("account");
        println!(
            "{accounts:>6} accounts  first build {:>7.0} ms",
            first.as_secs_f64() * 1e3
        );
        for kind in ["notes", "plan"] {
            let (page_served, site_served) = edits(&server, &file, &original, kind, runs, &page);
            let ms = |duration: Duration| duration.as_secs_f64() * 1e3;
            for (what, latencies) in [("page", page_served), ("site", site_served)] {
                println!(
                    "{accounts:>6} accounts  {kind:<5} edit → {what} served: median {:>7.1} ms  fastest {:>7.1}  slowest {:>7.1}",
                    ms(latencies[latencies.len() / 2]),
                    ms(latencies[0]),
                    ms(latencies[latencies.len() - 1]),
                );
            }
        }
        drop(server);
    }
}

/// The account file with the edit numbered `run` of this kind.
fn edited(original: &str, kind: &str, marker: &str) -> String {
    if kind == "notes" {
        return format!("{original}\n{marker}\n");
    }
    let actions = original
        .find("[[actions]]")
        .expect("the account has actions");
    let title = actions
        + original[actions..]
            .find("\ntitle = ")
            .expect("an action title")
        + 1;
    let end = title + original[title..].find('\n').expect("end of the line");
    format!(
        "{}title = \"{marker}\"{}",
        &original[..title],
        &original[end..]
    )
}

/// Saves `runs` edits one after the other; returns how long each took until its page was
/// served and until the whole rebuild was, each sorted.
fn edits(
    server: &Server,
    file: &std::path::Path,
    original: &str,
    kind: &str,
    runs: usize,
    page: &str,
) -> (Vec<Duration>, Vec<Duration>) {
    let address = server.address();
    let mut page_served = Vec::new();
    let mut site_served = Vec::new();
    for run in 0..runs {
        let marker = format!("Benchmark {kind} edit number {run}.");
        let finished = server.rebuilds_finished();
        fs::write(file, edited(original, kind, &marker)).expect("edit");
        let saved = Instant::now();
        loop {
            if fetch(address, page).contains(&marker) {
                break;
            }
            assert!(saved.elapsed() < Duration::from_secs(120), "never served");
            std::thread::sleep(Duration::from_millis(2));
        }
        page_served.push(saved.elapsed());
        while server.rebuilds_finished() == finished {
            assert!(saved.elapsed() < Duration::from_secs(120), "never finished");
            std::thread::sleep(Duration::from_millis(2));
        }
        site_served.push(saved.elapsed());
        // Let the watcher settle so edits do not merge.
        std::thread::sleep(Duration::from_millis(200));
    }
    page_served.sort();
    site_served.sort();
    (page_served, site_served)
}
