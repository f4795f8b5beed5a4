//! kam: a static-site generator for key account management.
//!
//! The build is one pipeline, each step a module:
//! `config` + `content` (load and validate: the typed `Site`) → `analysis` (SPEC §4–§9,
//! pure: the `Portfolio`) → `view` (every page as data: URL table, page contexts, chart
//! inputs, portfolio.json) → `render` (Tera templates, charts drawn) → `output` (temporary
//! folder, then swap). `check` runs the same steps and writes nothing.
//!
//! Not here: argument parsing and printing (`main.rs`).

pub mod amount;
pub mod analysis;
pub mod charts;
pub mod config;
pub mod confine;
pub mod content;
pub mod controls;
pub mod diagnostics;
pub mod fields;
pub mod hints;
pub mod history;
pub mod i18n;
pub mod import;
pub mod limits;
pub mod markdown;
pub mod memo;
pub mod names;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod slug;
pub mod synth;
pub mod today;
pub mod view;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use time::Date;

use crate::config::Config;
use crate::diagnostics::Diagnostic;

/// Why a build or check did not succeed.
#[derive(Debug)]
pub enum Failure {
    /// Problems in the site's files, all of them, sorted by path and line.
    Site(Vec<Diagnostic>),
    /// The site is fine but something outside it went wrong (disk full, permissions).
    Io(String),
}

impl From<Vec<Diagnostic>> for Failure {
    fn from(diagnostics: Vec<Diagnostic>) -> Self {
        Failure::Site(diagnostics)
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    /// Defaults to `<root>/public`.
    pub output: Option<PathBuf>,
    pub today: Option<Date>,
    pub drafts: bool,
    /// Treat warnings as errors.
    pub strict: bool,
    /// Compare with this date instead of today − `history.compare_days` (SPEC v2 §12).
    pub since: Option<Date>,
}

#[derive(Debug, Clone)]
pub struct Report {
    pub pages: usize,
    /// Pages that went through their templates; the others were the same as in the last
    /// build and reused (only `serve` keeps earlier builds).
    pub rendered: usize,
    pub files: usize,
    pub accounts: usize,
    pub chapters: usize,
    pub today: Date,
    pub output: Option<PathBuf>,
    pub elapsed: Duration,
    /// Wall-clock time of each step, in pipeline order.
    pub steps: Vec<(&'static str, Duration)>,
    /// Problems that did not stop the build, sorted by path and line.
    pub warnings: Vec<Diagnostic>,
    /// Troubles outside the site that did not stop the build (an old output that could not
    /// be removed after the new one was in place).
    pub notices: Vec<String>,
    /// Whether git history was read, and how many of its snapshots did not load.
    pub history: Option<HistoryCounts>,
}

/// What reading git history found (SPEC v2 §12).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryCounts {
    pub snapshots: usize,
    pub skipped: usize,
}

/// Records how long each step of the pipeline takes.
struct Steps {
    last: Instant,
    done: Vec<(&'static str, Duration)>,
}

impl Steps {
    fn new() -> Self {
        Steps {
            last: Instant::now(),
            done: Vec::new(),
        }
    }

    fn finish(&mut self, name: &'static str) {
        let now = Instant::now();
        self.done.push((name, now - self.last));
        self.last = now;
    }

    /// Ends a step made of parts timed by the step itself, each reported on its own.
    fn split(&mut self, parts: &[(&'static str, Duration)]) {
        self.done.extend_from_slice(parts);
        self.last = Instant::now();
    }
}

/// Where [`run`] puts what it renders.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    /// The output folder, swapped in at the end.
    Folder,
    /// Nowhere: a check.
    Nowhere,
    /// A map in memory, for `serve`.
    Memory,
}

/// Loads, analyses and renders the site, then swaps the result into the output folder. On
/// any failure the previous output is left exactly as it was.
pub fn build(options: &Options) -> Result<Report, Failure> {
    run(options, Target::Folder, None, None).map(|(report, _)| report)
}

/// Everything `build` does except writing: finds every problem a build would hit.
pub fn check(options: &Options) -> Result<Report, Failure> {
    run(options, Target::Nowhere, None, None).map(|(report, _)| report)
}

/// The same build as [`build`], kept in memory: nothing is written anywhere and
/// `options.output` is ignored.
pub fn build_in_memory(options: &Options) -> Result<(Report, output::Files), Failure> {
    run(options, Target::Memory, None, None).map(|(report, staging)| (report, staging.into_files()))
}

/// What one build keeps for the next, so that a rebuild after a small edit parses the
/// changed files only and renders only the pages whose data changed. The result is the
/// same bytes as a fresh build's.
#[derive(Default)]
pub struct Incremental {
    content: content::Cache,
    analysis: analysis::Memo,
    render: render::Cache,
    /// What besides the files the last successful build read; `None` before the first.
    last_good: std::sync::Mutex<Option<Inputs>>,
    /// The git history last read, and what it was read from.
    history: std::sync::Mutex<Option<(HistoryKey, std::sync::Arc<history::History>)>>,
    /// The analysis and the view's portfolio-wide part of the last successful build. Neither
    /// reads account notes, so a build after notes-only edits takes them over.
    derived: std::sync::Mutex<Option<Derived>>,
}

type Derived = (
    std::sync::Arc<analysis::Portfolio>,
    std::sync::Arc<view::shared::Shared>,
);

/// Everything the git history read depends on: the commit HEAD names (commits are
/// immutable, so the same id means the same history), the rules it is parsed under, the
/// date and the accounts it is read for.
#[derive(Debug, Clone, PartialEq)]
struct HistoryKey {
    /// `None` outside a work tree, before the first commit, or with `history.git = false`.
    head: Option<String>,
    config: Config,
    today: Date,
    accounts: Vec<(String, PathBuf)>,
}

/// The inputs of a build that are not files of the site (kam.toml and the templates are
/// watched by the content and render caches).
#[derive(Debug, Clone, PartialEq)]
struct Inputs {
    today: Date,
    compare: Date,
    drafts: bool,
    history: HistoryKey,
}

impl Incremental {
    /// What a file-system watcher saw change before the next rebuild: the paths, relative
    /// to the site root, or `None` when it may have missed some. With a list, the next
    /// rebuild does not read the files outside it whose metadata is unchanged.
    pub fn expect_changes(&self, changed: Option<Vec<PathBuf>>) {
        self.content.expect_changes(changed);
    }

    /// The pages that may differ from the last successful build, when only account notes
    /// changed since and nothing else did; `None` when anything else may have changed.
    fn dirty(&self, inputs: &Inputs, site: &content::model::Site) -> Option<Vec<view::PageId>> {
        let last_good = self
            .last_good
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if last_good.as_ref() != Some(inputs) {
            return None;
        }
        match self.content.pending() {
            content::Delta::Nothing => Some(Vec::new()),
            content::Delta::Notes(slugs) => slugs
                .iter()
                .map(|slug| {
                    site.accounts
                        .binary_search_by(|account| account.slug.as_str().cmp(slug))
                        .ok()
                        .map(view::PageId::Account)
                })
                .collect(),
            content::Delta::Other => None,
        }
    }

    /// The history of `site`'s accounts: read again only when a commit was made (or the
    /// accounts, kam.toml or the date changed) since the last read.
    fn history(
        &self,
        root: &Path,
        site: &content::model::Site,
        today: Date,
    ) -> (HistoryKey, std::sync::Arc<history::History>) {
        let head = site
            .config
            .history
            .git
            .then(|| history::git::Repository::around(root))
            .flatten()
            .and_then(|repository| repository.head());
        let key = HistoryKey {
            head,
            config: site.config.clone(),
            today,
            accounts: site
                .accounts
                .iter()
                .map(|account| (account.slug.clone(), account.source.clone()))
                .collect(),
        };
        let mut kept = self
            .history
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((earlier, history)) = kept.as_ref()
            && *earlier == key
        {
            return (key, std::sync::Arc::clone(history));
        }
        let history = std::sync::Arc::new(history::load(root, &site.config, &site.accounts, today));
        *kept = Some((key.clone(), std::sync::Arc::clone(&history)));
        (key, history)
    }

    fn derived(&self) -> Option<Derived> {
        self.derived
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    fn settle(&self, inputs: Inputs, derived: Derived) {
        let derived = self
            .derived
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .replace(derived);
        self.content.settle();
        let inputs = self
            .last_good
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .replace(inputs);
        // Freeing the last build's analysis and view of 10,000 accounts took 40 ms: done
        // aside, the new pages are served without waiting for it.
        rayon::spawn(move || drop((derived, inputs)));
    }
}

/// Receives, in the middle of a rebuild, the pages of the accounts edited since the last
/// successful build, as soon as they are rendered and before the rest of the site is: what
/// `serve` shows first. The pages are the finished build's own, not a draft of them.
pub type FirstPages<'a> = &'a (dyn Fn(Vec<(String, std::sync::Arc<[u8]>)>) + Sync);

/// [`build_in_memory`], reusing and refreshing what `incremental` kept from earlier builds;
/// with `first`, handing over the edited accounts' pages early.
pub fn rebuild_in_memory(
    options: &Options,
    incremental: &Incremental,
    first: Option<FirstPages>,
) -> Result<(Report, output::Files), Failure> {
    run(options, Target::Memory, Some(incremental), first)
        .map(|(report, staging)| (report, staging.into_files()))
}

fn run(
    options: &Options,
    target: Target,
    incremental: Option<&Incremental>,
    first: Option<FirstPages>,
) -> Result<(Report, output::Staging), Failure> {
    let write = target == Target::Folder;
    let started = Instant::now();
    let mut steps = Steps::new();
    let root = options.root.as_path();
    let config = Config::load_site(root)?;
    let output_dir = options
        .output
        .clone()
        .unwrap_or_else(|| root.join("public"));
    if write {
        output::check_target(root, &output_dir)?;
    }
    let environment = today::from_environment().map_err(Failure::Io)?;
    let today = today::resolve(options.today, config.today, environment);
    steps.finish("config");
    let cache = incremental.map(|incremental| &incremental.content);
    let mut site = content::load_with(root, config, options.drafts, cache)
        .map_err(|problems| Failure::Site(promote(problems, options.strict)))?;
    if options.strict && !site.warnings.is_empty() {
        return Err(Failure::Site(promote(site.warnings.clone(), true)));
    }
    steps.finish("load");
    let (history_key, history) = match incremental {
        Some(incremental) => {
            let (key, history) = incremental.history(root, &site, today);
            (Some(key), history)
        }
        None => (
            None,
            std::sync::Arc::new(history::load(root, &site.config, &site.accounts, today)),
        ),
    };
    steps.finish("history");
    let compare = analysis::compare_date(&site.config, today, options.since);
    let inputs = history_key.map(|history| Inputs {
        today,
        compare,
        drafts: options.drafts,
        history,
    });
    let dirty = incremental
        .zip(inputs.as_ref())
        .and_then(|(incremental, inputs)| incremental.dirty(inputs, &site));
    let kept = incremental
        .filter(|_| dirty.is_some())
        .and_then(Incremental::derived);
    let (portfolio, shared) = match kept {
        Some((portfolio, shared)) => (portfolio, Some(shared)),
        None => (
            std::sync::Arc::new(analysis::analyse_with_history(
                &site.accounts,
                &site.config,
                today,
                &history,
                compare,
                incremental.map(|incremental| &incremental.analysis),
            )),
            None,
        ),
    };
    steps.finish("analyse");
    // Without the last build's view whole, the rows and actions of accounts whose analysis
    // was taken over are taken from it.
    let earlier = incremental
        .filter(|_| shared.is_none())
        .and_then(Incremental::derived);
    let view = view::SiteView::with_shared(
        &site,
        &portfolio,
        shared,
        earlier
            .as_ref()
            .map(|(portfolio, shared)| view::shared::Earlier { portfolio, shared }),
    );
    // Not the last holder: the incremental state frees it aside once this build settles.
    drop(earlier);
    steps.finish("view");
    let theme = render::Theme::load(root, &site.config.theme)?;
    if options.strict && !theme.warnings.is_empty() {
        return Err(Failure::Site(promote(theme.warnings.clone(), true)));
    }
    let mut staging = match target {
        Target::Folder => output::Staging::begin(&output_dir)?,
        Target::Nowhere => output::Staging::discard(),
        Target::Memory => output::Staging::memory(),
    };
    let cache = incremental.map(|incremental| &incremental.render);
    // A few accounts edited since the last good build: their pages are rendered first.
    let first_pages = first.zip(incremental).and_then(|(publish, incremental)| {
        let ids: Vec<view::PageId> = incremental
            .content
            .reparsed()?
            .iter()
            .filter_map(|slug| {
                site.accounts
                    .binary_search_by(|account| account.slug.as_str().cmp(slug))
                    .ok()
                    .map(view::PageId::Account)
            })
            .collect();
        (!ids.is_empty()).then_some((ids, publish))
    });
    let pages = render::render_pages(
        &view,
        &theme,
        &staging,
        cache,
        dirty.as_deref(),
        first_pages
            .as_ref()
            .map(|(ids, publish)| (ids.as_slice(), *publish)),
    )?;
    let shared_view = std::sync::Arc::clone(&view.shared);
    drop(view);
    if incremental.is_none() {
        // No page is made after this, and no cache shares the accounts.
        site.release_notes();
    }
    let view = view::SiteView::with_shared(
        &site,
        &portfolio,
        Some(std::sync::Arc::clone(&shared_view)),
        None,
    );
    let rendered = render::render_data(&view, &staging, cache, pages)?;
    drop(view);
    if let Some((incremental, inputs)) = incremental.zip(inputs) {
        let derived = (
            std::sync::Arc::clone(&portfolio),
            std::sync::Arc::clone(&shared_view),
        );
        incremental.settle(inputs, derived);
    }
    steps.split(&rendered.steps);
    let (output, notices) = if write {
        (Some(output_dir), staging.commit()?)
    } else {
        (None, Vec::new())
    };
    steps.finish("swap");
    let report = Report {
        pages: rendered.pages,
        rendered: rendered.rendered,
        files: rendered.files,
        accounts: site.accounts.len(),
        chapters: site.chapters.len(),
        today,
        output,
        elapsed: started.elapsed(),
        steps: steps.done,
        warnings: {
            let mut warnings = std::mem::take(&mut site.warnings);
            warnings.extend(theme.warnings.iter().cloned());
            diagnostics::sort(&mut warnings);
            warnings
        },
        notices,
        history: history.read.then(|| HistoryCounts {
            snapshots: history.accounts.iter().map(Vec::len).sum(),
            skipped: history.skipped,
        }),
    };
    // Freeing ten thousand accounts, their analysis and their view takes tens of
    // milliseconds, which neither the preview nor the end of a build need wait for: a
    // process that exits first leaves the memory to the system.
    std::thread::spawn(move || drop((site, portfolio, shared_view)));
    Ok((report, staging))
}

/// Under `--strict`, every warning counts as an error.
fn promote(mut problems: Vec<Diagnostic>, strict: bool) -> Vec<Diagnostic> {
    if strict {
        for problem in &mut problems {
            problem.severity = diagnostics::Severity::Error;
        }
    }
    problems
}

/// The site folder a command works on, made absolute for clear messages.
pub fn absolute_root(root: &Path) -> PathBuf {
    std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf())
}
