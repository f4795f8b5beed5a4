//! The `kam` command line: parse arguments, run the library, print diagnostics, exit.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use time::Date;

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
        /// Judge plan status on this date instead of kam.toml's or the clock's
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = kam::today::parse)]
        today: Option<Date>,
        /// Include handbook chapters marked draft = true
        #[arg(long)]
        drafts: bool,
        /// Print nothing but errors
        #[arg(long, short)]
        quiet: bool,
        /// Also print how long each step took
        #[arg(long, short)]
        verbose: bool,
    },
    /// Check the site for errors without writing anything
    Check {
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = kam::today::parse)]
        today: Option<Date>,
    },
    /// Write a synthetic site with N accounts, for trying kam at scale and for benchmarks
    Synth {
        /// The folder to create (must not exist or be empty)
        dir: PathBuf,
        #[arg(long, default_value_t = 200)]
        accounts: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Bring accounts and contacts in from a CRM or ERP export (CSV or XLSX)
    Import {
        /// The export: CSV (UTF-8, UTF-16 or Windows-1252; `,` `;` or tab) or XLSX
        file: PathBuf,
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
            today,
            drafts,
            quiet,
            verbose,
        } => {
            let options = Options {
                root: kam::absolute_root(&root),
                output,
                today,
                drafts,
            };
            finish(kam::build(&options), quiet, verbose, "built")
        }
        Command::Check { root, today } => {
            let options = Options {
                root: kam::absolute_root(&root),
                output: None,
                today,
                drafts: true,
            };
            finish(kam::check(&options), false, false, "checked")
        }
        Command::Synth {
            dir,
            accounts,
            seed,
        } => match kam::synth::write_site(&dir, accounts, seed) {
            Ok(()) => {
                println!("wrote a site with {accounts} accounts to {}", dir.display());
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
            if verbose {
                for (step, duration) in &report.steps {
                    println!("  {step:<8} {:>8.1} ms", duration.as_secs_f64() * 1000.0);
                }
            }
            if !quiet {
                let seconds = report.elapsed.as_secs_f64();
                match &report.output {
                    Some(output) => println!(
                        "{verb} {} pages ({} accounts, {} chapters, {} files) into {} in {seconds:.2} s, today = {}",
                        report.pages,
                        report.accounts,
                        report.chapters,
                        report.files,
                        output.display(),
                        report.today
                    ),
                    None => println!(
                        "{verb} {} accounts and {} chapters ({} pages): no problems, today = {}",
                        report.accounts, report.chapters, report.pages, report.today
                    ),
                }
            }
            ExitCode::SUCCESS
        }
        Err(Failure::Site(diagnostics)) => {
            let mut stderr = std::io::stderr().lock();
            for diagnostic in &diagnostics {
                let _ = writeln!(stderr, "{diagnostic}");
            }
            let files: std::collections::BTreeSet<_> =
                diagnostics.iter().map(|d| &d.path).collect();
            let _ = writeln!(
                stderr,
                "error: {} problem{} in {} file{}; nothing was written",
                diagnostics.len(),
                if diagnostics.len() == 1 { "" } else { "s" },
                files.len(),
                if files.len() == 1 { "" } else { "s" },
            );
            ExitCode::from(1)
        }
        Err(Failure::Io(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}
