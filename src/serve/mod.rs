//! `kam serve`: builds the site in memory, serves it over HTTP on the local machine,
//! rebuilds on every saved change and tells open pages to reload.
//!
//! The build itself is the library's [`crate::build_in_memory`]; this module adds the
//! watcher ([`watch`]), the HTTP server ([`http`]), what is injected into served pages
//! ([`reload`]) and the bookkeeping between builds ([`site`]). It writes nothing into the
//! site folder unless asked to with an output folder. Each change runs the whole pipeline,
//! but through [`Incremental`]: unchanged files are not parsed again and unchanged pages
//! not rendered again.

pub mod http;
pub mod reload;
pub mod site;
pub mod watch;

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use tokio::sync::broadcast;

use crate::diagnostics::Diagnostic;
use crate::{Failure, Incremental, Options, output};
use http::Shared;
use site::{Snapshot, compare};

/// What `kam serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The build's options; `output`, when set, also receives every good build on disk.
    pub build: Options,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// The path the site is served under: `/`, or `/sub/` as given by [`base_path`].
    pub base_path: String,
    /// Print nothing but problems.
    pub quiet: bool,
    /// After each rebuild, also print how long each step took and how many pages were
    /// rendered rather than reused.
    pub verbose: bool,
}

/// A `--base-path` value made canonical (`kam` → `/kam/`), or why it cannot be one.
pub fn base_path(text: &str) -> Result<String, String> {
    let trimmed = text.trim_matches('/');
    if trimmed.is_empty() {
        return Ok("/".to_string());
    }
    let fine = trimmed.split('/').all(|segment| {
        !segment.is_empty()
            && segment != "."
            && segment != ".."
            && segment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
    });
    if fine {
        Ok(format!("/{trimmed}/"))
    } else {
        Err(format!(
            "`{text}` is not a usable base path: use letters, digits, `-`, `.`, `_` and `~` between slashes, like /kam/"
        ))
    }
}

/// The problems of a failed build, one line each, as the overlay shows them.
fn problem_lines(failure: &Failure) -> Vec<String> {
    match failure {
        Failure::Site(diagnostics) => diagnostics
            .iter()
            .map(|d: &Diagnostic| {
                format!(
                    "{}:{}:{}: {}",
                    d.path.display(),
                    d.line,
                    d.column,
                    d.message
                )
            })
            .collect(),
        Failure::Io(message) => vec![message.clone()],
    }
}

fn print_failure(failure: &Failure, have_site: bool) {
    let mut stderr = std::io::stderr().lock();
    match failure {
        Failure::Site(diagnostics) => {
            for diagnostic in diagnostics {
                let _ = writeln!(stderr, "{diagnostic}");
            }
            let _ = writeln!(
                stderr,
                "error: {} problem{}; {}",
                diagnostics.len(),
                if diagnostics.len() == 1 { "" } else { "s" },
                if have_site {
                    "still serving the last good site"
                } else {
                    "serving the list of problems until the site builds"
                }
            );
        }
        Failure::Io(message) => {
            let _ = writeln!(
                stderr,
                "error: {}",
                crate::controls::escape_for_terminal(message)
            );
        }
    }
}

/// Copies a good build to the output folder, through the same swap `kam build` uses.
fn write_copy(options: &Options, files: &output::Files) -> Result<(), Failure> {
    let Some(dir) = &options.output else {
        return Ok(());
    };
    output::check_target(&options.root, dir)?;
    let mut staging = output::Staging::begin(dir)?;
    for (path, bytes) in files {
        staging.write(path, bytes)?;
    }
    // Notices (an old copy that could not be removed) change nothing for the preview.
    staging.commit().map(|_notices| ())
}

/// Serves the edited accounts' pages a rebuild hands over before the rest of the site is
/// rendered: the last good site with those pages in place. Nothing is shown early while
/// the served site is a failed build's (the overlay must stay until the whole build is
/// good) or when no build has succeeded yet.
fn publish_first(shared: &Shared, before: &Snapshot, pages: Vec<(String, Arc<[u8]>)>) -> bool {
    if before.files.is_empty() || !before.problems.is_empty() {
        return false;
    }
    let mut files = (*before.files).clone();
    for (path, bytes) in pages {
        files.insert(path, bytes);
    }
    let early = Snapshot {
        generation: before.generation + 1,
        files: Arc::new(files),
        problems: Arc::clone(&before.problems),
    };
    let change = compare(early.generation, before, &early);
    if change.is_empty() {
        return false;
    }
    *shared
        .snapshot
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner()) = early;
    // No page listening is not an error.
    let _ = shared.changes.send(change);
    true
}

/// Builds once more and publishes the result, the edited accounts' pages first; returns
/// how long it took.
fn rebuild(shared: &Shared, options: &ServeOptions, incremental: &Incremental) -> Duration {
    let started = Instant::now();
    // The last good site as it was before this build, which stays served if it fails.
    let before = shared.current();
    let first_served = std::sync::Mutex::new(None);
    let first = |pages: Vec<(String, Arc<[u8]>)>| {
        if publish_first(shared, &before, pages) {
            *first_served
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(started.elapsed());
        }
    };
    let mut steps = None;
    let result = crate::rebuild_in_memory(&options.build, incremental, Some(&first)).and_then(
        |(report, files)| {
            write_copy(&options.build, &files)?;
            steps = Some(step_line(&report));
            Ok(files)
        },
    );
    let built = started.elapsed();
    let first_served = first_served
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let old = shared.current();
    let (files, problems, failure) = match result {
        Ok(files) => (Arc::new(files), Vec::new(), None),
        Err(failure) => (
            Arc::clone(&before.files),
            problem_lines(&failure),
            Some(failure),
        ),
    };
    let new = Snapshot {
        generation: old.generation + 1,
        files,
        problems: Arc::new(problems),
    };
    let change = compare(new.generation, &old, &new);
    let elapsed = started.elapsed();
    if change.is_empty() && first_served.is_none() {
        return elapsed;
    }
    let have_site = !new.files.is_empty();
    let new_generation = new.generation;
    if !change.is_empty() {
        *shared
            .snapshot
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = new;
        // No page listening is not an error.
        let _ = shared.changes.send(change.clone());
    }
    match &failure {
        // The first build is announced by the caller, with the address.
        None if !options.quiet && before.generation > 0 => {
            // Told against the site before this build, early pages included.
            let change = match first_served {
                Some(_) => compare(new_generation, &before, &shared.current()),
                None => change,
            };
            let what = if change.all {
                "every page".to_string()
            } else {
                format!(
                    "{} page{}{}",
                    change.pages.len(),
                    if change.pages.len() == 1 { "" } else { "s" },
                    if change.styles { " and the styles" } else { "" }
                )
            };
            let first = first_served
                .map(|at| {
                    format!(
                        "; edited page served after {:.0} ms",
                        at.as_secs_f64() * 1000.0
                    )
                })
                .unwrap_or_default();
            println!(
                "rebuilt in {:.0} ms ({:.0} ms building): {what} changed{first}",
                elapsed.as_secs_f64() * 1000.0,
                built.as_secs_f64() * 1000.0
            );
            if let Some(steps) = steps.filter(|_| options.verbose) {
                println!("  {steps}");
            }
        }
        None => {}
        Some(failure) => print_failure(failure, have_site),
    }
    elapsed
}

/// The steps of a rebuild on one line: `load 12 ms, …; 1 of 240 pages rendered`.
fn step_line(report: &crate::Report) -> String {
    let steps: Vec<String> = report
        .steps
        .iter()
        .map(|(step, duration)| format!("{step} {:.0} ms", duration.as_secs_f64() * 1000.0))
        .collect();
    format!(
        "{}; {} of {} pages rendered",
        steps.join(", "),
        report.rendered,
        report.pages
    )
}

/// A running server. Dropping it stops the server and the watcher.
pub struct Server {
    runtime: Option<tokio::runtime::Runtime>,
    address: SocketAddr,
    base_path: String,
    shared: Arc<Shared>,
    stop: Arc<AtomicBool>,
    rebuilds: Option<thread::JoinHandle<()>>,
    finished: Arc<AtomicU64>,
}

impl Server {
    /// Builds the site, binds the address and starts watching. A site that does not build
    /// is still served, as a page listing its problems, until it does.
    pub fn start(options: ServeOptions) -> Result<Server, Failure> {
        if !options.build.root.is_dir() {
            return Err(Failure::Io(format!(
                "no site folder at {}; create one with kam init",
                options.build.root.display()
            )));
        }
        let (changes, _) = broadcast::channel(64);
        let shared = Arc::new(Shared {
            snapshot: std::sync::RwLock::new(Snapshot::default()),
            changes,
            base: options.base_path.clone(),
            bind: options.bind,
        });
        // Kept by the rebuild thread: each edit re-parses and re-renders only what changed.
        let incremental = Incremental::default();
        // Watching starts before the first build reads anything, so that no edit falls
        // between the two; what it reports meanwhile makes the first rebuild.
        let (signal, edits) = mpsc::channel();
        let mut ignored: Vec<PathBuf> = vec![options.build.root.join("public")];
        if let Some(output) = &options.build.output {
            ignored.push(crate::absolute_root(output));
        }
        let mut watcher = watch::Watcher::start(&options.build.root, ignored, signal)?;
        rebuild(&shared, &options, &incremental);

        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|error| Failure::Io(format!("cannot start the server: {error}")))?;
        let requested = SocketAddr::new(options.bind, options.port);
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind(requested))
            .map_err(|error| Failure::Io(format!("cannot listen on {requested}: {error}")))?;
        let address = listener
            .local_addr()
            .map_err(|error| Failure::Io(format!("cannot listen on {requested}: {error}")))?;
        let app = http::router(Arc::clone(&shared));
        runtime.spawn(async move {
            if let Err(error) = axum::serve(listener, app).await {
                eprintln!("error: the server stopped: {error}");
            }
        });

        let for_rebuilds = Arc::clone(&shared);
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        let finished = Arc::new(AtomicU64::new(0));
        let finishing = Arc::clone(&finished);
        let rebuilds = thread::Builder::new()
            .name("kam-rebuild".to_string())
            .spawn(move || {
                // The thread owns the watcher, so watching ends when the thread does.
                while !stopping.load(Ordering::Relaxed) {
                    let first = match edits.recv_timeout(Duration::from_millis(100)) {
                        Ok(seen) => seen,
                        Err(mpsc::RecvTimeoutError::Timeout) => continue,
                        Err(mpsc::RecvTimeoutError::Disconnected) => break,
                    };
                    // Edits that came in while the last build ran are covered by this one.
                    let seen = std::iter::once(first).chain(edits.try_iter());
                    incremental.expect_changes(watch::combine(seen));
                    watcher.refresh();
                    rebuild(&for_rebuilds, &options, &incremental);
                    finishing.fetch_add(1, Ordering::Release);
                }
            })
            .map_err(|error| Failure::Io(format!("cannot start the rebuild thread: {error}")))?;
        Ok(Server {
            runtime: Some(runtime),
            address,
            base_path: shared.base.clone(),
            shared,
            stop,
            rebuilds: Some(rebuilds),
            finished,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The site's address, base path included.
    pub fn url(&self) -> String {
        format!("http://{}{}", self.address, self.base_path)
    }

    /// Whether the first build failed (its problems are being served instead of a site).
    pub fn problems(&self) -> Vec<String> {
        self.shared.current().problems.to_vec()
    }

    /// How many rebuilds have finished since the first build, each served in whole.
    pub fn rebuilds_finished(&self) -> u64 {
        self.finished.load(Ordering::Acquire)
    }

    /// The build number pages carry; it grows with every rebuild that changed something.
    pub fn generation(&self) -> u64 {
        self.shared.current().generation
    }

    /// Blocks until Ctrl-C (SIGINT) or, on Unix, SIGTERM.
    pub fn wait_for_interrupt(&self) -> Result<(), Failure> {
        let Some(runtime) = &self.runtime else {
            return Ok(());
        };
        runtime.block_on(async {
            #[cfg(unix)]
            {
                use tokio::signal::unix::{SignalKind, signal};
                let mut terminate = signal(SignalKind::terminate())
                    .map_err(|error| Failure::Io(format!("cannot wait for signals: {error}")))?;
                tokio::select! {
                    result = tokio::signal::ctrl_c() => result
                        .map_err(|error| Failure::Io(format!("cannot wait for Ctrl-C: {error}"))),
                    _ = terminate.recv() => Ok(()),
                }
            }
            #[cfg(not(unix))]
            {
                tokio::signal::ctrl_c()
                    .await
                    .map_err(|error| Failure::Io(format!("cannot wait for Ctrl-C: {error}")))
            }
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(rebuilds) = self.rebuilds.take() {
            let _ = rebuilds.join();
        }
        if let Some(runtime) = self.runtime.take() {
            // Open event streams never end by themselves; do not wait for them.
            runtime.shutdown_timeout(Duration::from_millis(100));
        }
    }
}
