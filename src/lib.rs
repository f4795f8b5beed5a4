//! kam: a static-site generator for key account management.
//!
//! The build is one pipeline, each step a module:
//! `config` → `content` (load and validate) → `analysis` (SPEC §4–§9, pure) →
//! `render` (charts, Tera templates) → `output` (temporary folder, then swap).
//! `check` runs the same steps and writes nothing.

pub mod amount;
pub mod analysis;
pub mod charts;
pub mod config;
pub mod confine;
pub mod content;
pub mod controls;
pub mod diagnostics;
pub mod fields;
pub mod i18n;
pub mod limits;
pub mod markdown;
pub mod output;
pub mod render;
pub mod slug;
pub mod synth;
pub mod today;

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
}

#[derive(Debug, Clone)]
pub struct Report {
    pub pages: usize,
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
}

/// Loads, analyses and renders the site, then swaps the result into the output folder. On
/// any failure the previous output is left exactly as it was.
pub fn build(options: &Options) -> Result<Report, Failure> {
    run(options, true)
}

/// Everything `build` does except writing: finds every problem a build would hit.
pub fn check(options: &Options) -> Result<Report, Failure> {
    run(options, false)
}

fn run(options: &Options, write: bool) -> Result<Report, Failure> {
    let started = Instant::now();
    let mut steps = Steps::new();
    let root = options.root.as_path();
    let config = Config::load(root)?;
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
    let site = content::load(root, config, options.drafts)
        .map_err(|problems| Failure::Site(promote(problems, options.strict)))?;
    if options.strict && !site.warnings.is_empty() {
        return Err(Failure::Site(promote(site.warnings.clone(), true)));
    }
    steps.finish("load");
    let portfolio = analysis::analyse(&site.accounts, &site.config, today);
    steps.finish("analyse");
    let theme = render::Theme::load(root, &site.config.theme)?;
    let mut staging = if write {
        output::Staging::begin(&output_dir)?
    } else {
        output::Staging::discard()
    };
    let rendered = render::render_site(&site, &portfolio, &theme, &staging)?;
    let files = rendered.files + output::copy_static(&theme, &staging)?;
    steps.finish("render");
    let (output, notices) = if write {
        (Some(output_dir), staging.commit()?)
    } else {
        (None, Vec::new())
    };
    steps.finish("swap");
    Ok(Report {
        pages: rendered.pages,
        files,
        accounts: site.accounts.len(),
        chapters: site.chapters.len(),
        today,
        output,
        elapsed: started.elapsed(),
        steps: steps.done,
        warnings: site.warnings,
        notices,
    })
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
