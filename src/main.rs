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
        /// Treat warnings as errors
        #[arg(long)]
        strict: bool,
    },
    /// Check the site for errors without writing anything
    Check {
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = kam::today::parse)]
        today: Option<Date>,
        /// Treat warnings as errors
        #[arg(long)]
        strict: bool,
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
            strict,
        } => {
            let options = Options {
                root: kam::absolute_root(&root),
                output,
                today,
                drafts,
                strict,
            };
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
    }
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
            let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
            let files: std::collections::BTreeSet<_> = errors.iter().map(|d| &d.path).collect();
            let _ = writeln!(
                stderr,
                "error: {} problem{} in {} file{}; nothing was written",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" },
                files.len(),
                if files.len() == 1 { "" } else { "s" },
            );
            ExitCode::from(1)
        }
        Err(Failure::Io(message)) => {
            eprintln!("error: {}", kam::controls::escape_for_terminal(&message));
            ExitCode::from(1)
        }
    }
}
