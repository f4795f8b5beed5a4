//! The `kam` command line: parse arguments, run the library, print diagnostics, exit.
//!
//! Not here: any step of the build itself (`lib.rs`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use time::Date;

use kam::i18n::terminal_count as count;
use kam::{Failure, Options, Report};

#[derive(Parser)]
#[command(
    name = "kam",
    version,
    about = "Builds a static key account management site: handbook, portfolio dashboard and account briefings",
    propagate_version = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// What `build` and `serve` both take to decide what the site shows.
#[derive(clap::Args)]
struct BuildInputs {
    /// Judge plan status on this date instead of kam.toml's or the clock's
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = kam::today::parse)]
    today: Option<Date>,
    /// Compare "since last review" with this date instead of today − history.compare_days
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = kam::today::parse)]
    since: Option<Date>,
    /// Include handbook chapters marked draft = true
    #[arg(long)]
    drafts: bool,
}

impl BuildInputs {
    fn options(self, root: &Path, output: Option<PathBuf>, strict: bool) -> Options {
        Options {
            root: kam::absolute_root(root),
            output,
            today: self.today,
            drafts: self.drafts,
            strict,
            since: self.since,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (default: <root>/public)
    Build {
        /// The site folder, holding kam.toml and content/
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// Where to write the site (default: <root>/public)
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        #[command(flatten)]
        inputs: BuildInputs,
        /// Print nothing but errors
        #[arg(long, short)]
        quiet: bool,
        /// Also print how long each step took, in milliseconds
        #[arg(long, short)]
        verbose: bool,
        /// Treat warnings as errors
        #[arg(long)]
        strict: bool,
    },
    /// Check the site for errors without writing anything
    Check {
        /// The site folder, holding kam.toml and content/
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// Judge plan status on this date instead of kam.toml's or the clock's
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = kam::today::parse)]
        today: Option<Date>,
        /// Treat warnings as errors
        #[arg(long)]
        strict: bool,
    },
    /// Create a new site that builds at once: kam.toml, two example accounts, a chapter
    Init {
        /// The folder to create the site in
        #[arg(default_value = ".", value_name = "DIR")]
        dir: PathBuf,
        /// The language of the site and its examples
        #[arg(long, value_enum, default_value_t = SiteLanguage::Sv)]
        language: SiteLanguage,
        /// Add the files to a folder that is not empty (existing files are kept)
        #[arg(long)]
        force: bool,
    },
    /// Add an account or a handbook chapter to the site
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
    /// Build the site in memory, serve it locally and rebuild on every change
    Serve {
        /// The site folder, holding kam.toml and content/
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// The port to listen on (0 picks a free one)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; anything but a loopback address shares the site
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
        bind: std::net::IpAddr,
        /// Serve the site under this path, e.g. /kam/, as a sub-path host would
        #[arg(long, default_value = "/", value_name = "PATH", value_parser = kam::serve::base_path)]
        base_path: String,
        /// Also write every good build to this folder
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        #[command(flatten)]
        inputs: BuildInputs,
        /// Open the site in the default browser once it is served
        #[arg(long)]
        open: bool,
        /// Print nothing but problems and the address
        #[arg(long, short, conflicts_with = "verbose")]
        quiet: bool,
        /// After each rebuild, print the time of each step
        #[arg(long, short)]
        verbose: bool,
    },
    /// Write a synthetic site with N accounts, for trying kam at scale and for benchmarks
    Synth {
        /// The folder to create (must not exist or be empty)
        dir: PathBuf,
        /// How many accounts to write
        #[arg(long, default_value_t = 200)]
        accounts: usize,
        /// The seed of the generator: the same seed writes the same site
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Bring accounts and contacts in from a CRM or ERP export (CSV or XLSX)
    Import {
        /// The export: CSV (UTF-8, UTF-16 or Windows-1252; `,` `;` or tab) or XLSX
        file: PathBuf,
        /// The site folder, holding kam.toml and content/
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// Map the standard headers of this CRM instead of kam.toml's [import.columns]
        #[arg(long, value_parser = ["salesforce", "hubspot"])]
        preset: Option<String>,
        /// The fiscal year revenue, gross margin and wallet go to (default: kam.toml's
        /// reference_year, else last year)
        #[arg(long, value_name = "YYYY", value_parser = clap::value_parser!(i32).range(1900..=2200))]
        year: Option<i32>,
        /// Print what would change, and change nothing
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
enum NewCommand {
    /// Write content/accounts/<slug>.md for a new, not yet scored account
    Account {
        /// The customer's name, e.g. "Åre Skog AB" (file: are-skog-ab.md)
        name: String,
        /// The site folder, holding kam.toml and content/
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// The key account manager (default: a placeholder to replace)
        #[arg(long, value_name = "NAME")]
        manager: Option<String>,
    },
    /// Write content/handbook/<slug>.md, ordered after the last chapter
    Chapter {
        /// The chapter's title
        title: String,
        /// The site folder, holding kam.toml and content/
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum SiteLanguage {
    Sv,
    En,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Build {
            root,
            output,
            inputs,
            quiet,
            verbose,
            strict,
        } => {
            let options = inputs.options(&root, output, strict);
            finish(kam::build(&options), quiet, verbose, "built")
        }
        Command::Check {
            root,
            today,
            strict,
        } => {
            let options = Options {
                root: kam::absolute_root(&root),
                output: None,
                today,
                drafts: true,
                strict,
                since: None,
            };
            finish(kam::check(&options), false, false, "checked")
        }
        Command::Init {
            dir,
            language,
            force,
        } => {
            let language = match language {
                SiteLanguage::Sv => kam::config::Language::Sv,
                SiteLanguage::En => kam::config::Language::En,
            };
            match kam::scaffold::init(&dir, language, force) {
                Ok(created) => {
                    for file in &created {
                        let note = if file.written { "" } else { " (exists, kept)" };
                        println!("  {}{note}", dir.join(&file.path).display());
                    }
                    let cd = if dir == Path::new(".") {
                        String::new()
                    } else {
                        format!("cd {} && ", dir.display())
                    };
                    println!("created a site in {}; next: {cd}kam serve", dir.display());
                    ExitCode::SUCCESS
                }
                Err(failure) => report_failure(failure),
            }
        }
        Command::New { what } => {
            let (root, result) = match what {
                NewCommand::Account {
                    name,
                    root,
                    manager,
                } => {
                    let result = kam::scaffold::new_account(&root, &name, manager.as_deref());
                    (root, result)
                }
                NewCommand::Chapter { title, root } => {
                    let result = kam::scaffold::new_chapter(&root, &title);
                    (root, result)
                }
            };
            match result {
                Ok(path) => {
                    println!("{}", root.join(path).display());
                    ExitCode::SUCCESS
                }
                Err(failure) => report_failure(failure),
            }
        }
        Command::Serve {
            root,
            port,
            bind,
            base_path,
            output,
            inputs,
            open,
            quiet,
            verbose,
        } => serve(
            kam::serve::ServeOptions {
                // A preview shows warnings in the terminal but keeps serving.
                build: inputs.options(&root, output, false),
                bind,
                port,
                base_path,
                quiet,
                verbose,
            },
            open,
        ),
        Command::Synth {
            dir,
            accounts,
            seed,
        } => match kam::synth::write_site(&dir, accounts, seed) {
            Ok(()) => {
                println!(
                    "wrote a site with {} to {}",
                    count(accounts, "account", "accounts"),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::from(1)
            }
        },
        Command::Import {
            file,
            root,
            preset,
            year,
            dry_run,
        } => import(kam::import::ImportOptions {
            root: kam::absolute_root(&root),
            file,
            preset,
            year,
            dry_run,
        }),
    }
}

fn serve(options: kam::serve::ServeOptions, open: bool) -> ExitCode {
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: anyone who can reach this machine can read the site",
            options.bind
        );
    }
    let root = options.build.root.clone();
    let server = match kam::serve::Server::start(options) {
        Ok(server) => server,
        Err(failure) => return report_failure(failure),
    };
    let url = server.url();
    println!("serving {} at {url}", root.display());
    println!("press Ctrl-C to stop");
    let _ = std::io::stdout().flush();
    if open {
        open_browser(&url);
    }
    match server.wait_for_interrupt() {
        Ok(()) => {
            drop(server);
            println!("stopped");
            ExitCode::SUCCESS
        }
        Err(failure) => report_failure(failure),
    }
}

/// Best effort: a machine without a browser still serves the site.
fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(program)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_err()
    {
        eprintln!("warning: could not start a browser; open {url} yourself");
    }
}

fn import(options: kam::import::ImportOptions) -> ExitCode {
    use std::io::IsTerminal;
    let bar = indicatif::ProgressBar::hidden();
    if std::io::stderr().is_terminal() {
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    }
    let progress = |done: u64, total: u64| {
        // Short imports finish before a bar would be read.
        if total >= 2_000 {
            bar.set_length(total);
            bar.set_position(done);
        }
    };
    let result = kam::import::run(&options, &progress);
    bar.finish_and_clear();
    let summary = match result {
        Ok(summary) => summary,
        Err(failure) => return finish(Err(failure), false, false, "imported"),
    };
    let mut stdout = std::io::stdout().lock();
    if options.dry_run {
        for change in &summary.changes {
            let _ = write!(stdout, "{}", kam::import::diff(change));
        }
    }
    let _ = writeln!(stdout, "{}", summary.counts(options.dry_run));
    ExitCode::SUCCESS
}

fn finish(result: Result<Report, Failure>, quiet: bool, verbose: bool, verb: &str) -> ExitCode {
    match result {
        Ok(report) => {
            let mut stderr = std::io::stderr().lock();
            for warning in &report.warnings {
                let _ = writeln!(stderr, "{warning}");
            }
            for notice in &report.notices {
                let _ = writeln!(
                    stderr,
                    "warning: {}",
                    kam::controls::escape_for_terminal(notice)
                );
            }
            drop(stderr);
            if verbose {
                for (step, duration) in &report.steps {
                    println!("  {step:<8} {:>8.1} ms", duration.as_secs_f64() * 1000.0);
                }
                match report.history {
                    Some(history) => println!(
                        "  history: {} read, {} left out (they do not load under today's rules)",
                        count(history.snapshots, "snapshot", "snapshots"),
                        history.skipped
                    ),
                    None => {
                        println!("  history: not read (no git work tree, or history.git = false)")
                    }
                }
            }
            if !quiet {
                let seconds = report.elapsed.as_secs_f64();
                match &report.output {
                    Some(output) => println!(
                        "{verb} {} ({}, {}, {}) into {} in {seconds:.2} s, today = {}",
                        count(report.pages, "page", "pages"),
                        count(report.accounts, "account", "accounts"),
                        count(report.chapters, "chapter", "chapters"),
                        count(report.files, "file", "files"),
                        output.display(),
                        report.today
                    ),
                    None => println!(
                        "{verb} {} and {} ({}): no problems, today = {}",
                        count(report.accounts, "account", "accounts"),
                        count(report.chapters, "chapter", "chapters"),
                        count(report.pages, "page", "pages"),
                        report.today
                    ),
                }
            }
            ExitCode::SUCCESS
        }
        Err(failure) => report_failure(failure),
    }
}

/// Prints a failure's problems to stderr and gives exit code 1.
fn report_failure(failure: Failure) -> ExitCode {
    match failure {
        Failure::Site(diagnostics) => {
            let mut stderr = std::io::stderr().lock();
            for diagnostic in &diagnostics {
                let _ = writeln!(stderr, "{diagnostic}");
            }
            let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
            let files: std::collections::BTreeSet<_> = errors.iter().map(|d| &d.path).collect();
            let _ = writeln!(
                stderr,
                "error: {} in {}; nothing was written",
                count(errors.len(), "problem", "problems"),
                count(files.len(), "file", "files"),
            );
            ExitCode::from(1)
        }
        Failure::Io(message) => {
            eprintln!("error: {}", kam::controls::escape_for_terminal(&message));
            ExitCode::from(1)
        }
    }
}
