//! Reading a site folder: walk `content/`, split front matter, build the typed [`Site`].
//!
//! Files are parsed in parallel; every problem of every file is collected and returned
//! together, sorted by path and line. Nothing here renders pages or computes analysis.

pub mod account;
pub mod cache;
pub mod chapter;
pub mod frontmatter;
pub mod links;
pub mod model;
pub mod shortcodes;
pub mod spelling;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::confine;
use crate::diagnostics::{self, Diagnostic, SourceFile};
use crate::limits;
use crate::slug;
use cache::{Outcome, Parsed};
use model::{Account, Site};

pub use cache::{Cache, Delta};

pub const CONTENT_DIR: &str = "content";

/// Names that the handbook uses for pages of its own.
pub const RESERVED_CHAPTER_SLUGS: &[&str] = &["print"];

enum Kind {
    Account,
    Chapter,
}

struct Found {
    kind: Kind,
    /// Relative to the site root.
    path: PathBuf,
}

pub fn load(root: &Path, config: Config, include_drafts: bool) -> Result<Site, Vec<Diagnostic>> {
    load_with(root, config, include_drafts, None)
}

/// [`load`], reusing what `cache` parsed in earlier builds for files whose text is unchanged.
pub fn load_with(
    root: &Path,
    config: Config,
    include_drafts: bool,
    cache: Option<&Cache>,
) -> Result<Site, Vec<Diagnostic>> {
    let content = root.join(CONTENT_DIR);
    let mut diagnostics = Vec::new();
    if !content.is_dir() {
        return Err(vec![
            Diagnostic::whole_file(
                CONTENT_DIR,
                format!("no content/ folder in {}", root.display()),
            )
            .with_help("accounts go in content/accounts/<slug>.md, chapters in content/handbook/"),
        ]);
    }
    let files = discover(root, &content, &mut diagnostics);
    let changed = cache.and_then(|cache| {
        cache.begin(&config);
        cache.retain(
            &files
                .iter()
                .map(|found| found.path.as_path())
                .collect::<Vec<_>>(),
        );
        cache.take_changes()
    });
    let results: Vec<Outcome> = files
        .par_iter()
        .map(|found| {
            let Some(cache) = cache else {
                let text = read_text(root, &found.path)?;
                return parse(found, &SourceFile::new(&found.path, text), &config);
            };
            // Taken before reading, so a write while the file is read leaves a stamp that
            // no longer matches, and the next build reads it again.
            let stamp = cache::Stamp::of(&root.join(&found.path));
            if let Some(changed) = &changed
                && let Some(earlier) = cache.unchanged(&found.path, stamp.as_ref(), changed)
            {
                return earlier;
            }
            let text = read_text(root, &found.path)?;
            match cache.lookup(&found.path, &text, stamp.clone()) {
                Ok(earlier) => earlier,
                Err(earlier) => {
                    let file = SourceFile::new(&found.path, text);
                    let outcome = parse(found, &file, &config);
                    cache.put(&found.path, &file.text, stamp, &outcome, earlier.as_deref());
                    outcome
                }
            }
        })
        .collect();

    let mut accounts = Vec::new();
    let mut chapters = Vec::new();
    let mut page_links = Vec::new();
    for result in results {
        match result {
            Ok(Parsed::Account(account, mut links)) => {
                diagnostics.extend(account.warnings.iter().cloned());
                accounts.push(account);
                page_links.append(&mut links);
            }
            Ok(Parsed::Chapter(mut chapter, mut links)) => {
                diagnostics.append(&mut chapter.warnings);
                chapters.push(*chapter);
                page_links.append(&mut links);
            }
            Err(mut problems) => diagnostics.append(&mut problems),
        }
    }
    {
        // Judged against every file found, so a file with errors of its own does not also
        // break the links to it; drafts count, as they are pages once published.
        let stems = |wanted: fn(&Kind) -> bool| -> Vec<String> {
            files
                .iter()
                .filter(|found| wanted(&found.kind))
                .filter_map(|found| found.path.file_stem())
                .map(|stem| stem.to_string_lossy().into_owned())
                .collect()
        };
        let account_slugs = stems(|kind| matches!(kind, Kind::Account));
        let chapter_slugs = stems(|kind| matches!(kind, Kind::Chapter));
        diagnostics.append(&mut links::check(
            page_links.iter(),
            &account_slugs.iter().map(String::as_str).collect::<Vec<_>>(),
            &chapter_slugs.iter().map(String::as_str).collect::<Vec<_>>(),
        ));
    }
    let account_files = files
        .iter()
        .filter(|found| matches!(found.kind, Kind::Account))
        .count();
    diagnostics.extend(factors_undefined(&config, account_files, &diagnostics));
    diagnostics::sort(&mut diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(diagnostics);
    }
    accounts.sort_by(|a, b| a.slug.cmp(&b.slug));
    diagnostics.extend(match cache {
        Some(cache) => cache.spelling(&accounts),
        None => spelling::check(&accounts),
    });
    if cache.is_none() {
        // Where each name was written serves the checks above and a cache's comparisons
        // only; a build without a cache need not hold 10,000 accounts' worth of them.
        for account in &mut accounts {
            if let Some(account) = Arc::get_mut(account) {
                account.written = Vec::new();
            }
        }
    }
    diagnostics.extend(empty_reference_year(&config, &accounts));
    diagnostics::sort(&mut diagnostics);
    chapters.retain(|chapter| include_drafts || !chapter.draft);
    chapters.sort_by(|a, b| (a.weight, &a.source).cmp(&(b.weight, &b.source)));
    Ok(Site {
        root: root.to_path_buf(),
        config,
        accounts,
        chapters,
        warnings: diagnostics,
    })
}

/// Parses one file on its own: what [`Cache`] keeps.
fn parse(found: &Found, file: &SourceFile, config: &Config) -> Outcome {
    let stem = found
        .path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (slug, mut problems) = check_slug(&found.path, &stem, &found.kind);
    let loaded = match found.kind {
        Kind::Account => account::parse_with_links(file, &slug, config)
            .map(|(account, links)| Parsed::Account(Arc::new(account), links)),
        Kind::Chapter => chapter::parse_with_links(file, &slug)
            .map(|(chapter, links)| Parsed::Chapter(Box::new(chapter), links)),
    };
    match loaded {
        Ok(loaded) if problems.is_empty() => Ok(loaded),
        Ok(_) => Err(problems),
        Err(mut more) => {
            problems.append(&mut more);
            Err(problems)
        }
    }
}

/// When most account files score factors kam.toml does not define, the fault is most
/// likely in kam.toml (weight tables left out or misnamed): say so once, there.
fn factors_undefined(config: &Config, files: usize, problems: &[Diagnostic]) -> Option<Diagnostic> {
    let accounts: std::collections::BTreeSet<&Path> = problems
        .iter()
        .filter(|problem| problem.message.contains(account::UNKNOWN_FACTOR))
        .map(|problem| problem.path.as_path())
        .collect();
    if accounts.len() < 2 || accounts.len() * 2 <= files {
        return None;
    }
    let names = |factors: &[crate::config::Factor]| {
        factors
            .iter()
            .map(|factor| factor.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let segmentation = &config.segmentation;
    Some(
        Diagnostic::whole_file(
            crate::config::CONFIG_FILE,
            format!(
                "{} account files score factors this kam.toml does not define",
                accounts.len()
            ),
        )
        .with_help(format!(
            "the factors are [segmentation.attractiveness_weights] ({}) and [segmentation.strength_weights] ({}); without those tables the defaults apply, so define the accounts' own factors there",
            names(&segmentation.attractiveness_weights),
            names(&segmentation.strength_weights)
        )),
    )
}

/// A `reference_year` no account reports shows 0 everywhere: say so at kam.toml.
fn empty_reference_year(
    config: &Config,
    accounts: &[std::sync::Arc<Account>],
) -> Option<Diagnostic> {
    let year = config.reference_year?;
    let reported = accounts
        .iter()
        .any(|account| account.years.iter().any(|row| row.year == year));
    if reported || accounts.is_empty() {
        return None;
    }
    let (line, column) = config.reference_year_at.unwrap_or((1, 1));
    let mut warning = Diagnostic::whole_file(
        crate::config::CONFIG_FILE,
        format!("no account has a [[years]] row for reference_year {year}: every revenue, share and class will read 0"),
    )
    .with_help("set reference_year to a year the accounts report, or leave it out to use the latest")
    .warning();
    warning.line = line;
    warning.column = column;
    Some(warning)
}

/// Finds account and chapter files; Markdown anywhere else is reported, other files and
/// hidden files are left alone (editors and operating systems leave files behind).
fn discover(root: &Path, content: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<Found> {
    let site = confine::Site::new(root);
    let (entries, mut problems) = site.walk(content);
    diagnostics.append(&mut problems);
    let mut files = Vec::new();
    for entry in entries {
        let relative = Path::new(CONTENT_DIR).join(&entry.name);
        let extension = relative
            .extension()
            .map(|extension| extension.to_string_lossy().into_owned());
        if extension.as_deref() != Some("md") {
            if let Some(warning) = extension.and_then(|extension| misnamed(&relative, &extension)) {
                diagnostics.push(warning);
            }
            continue;
        }
        let kind = match entry.name.split_once('/') {
            Some(("accounts", rest)) if !rest.contains('/') => Kind::Account,
            Some(("handbook", rest)) if !rest.contains('/') => Kind::Chapter,
            _ => {
                diagnostics.push(
                    Diagnostic::whole_file(&relative, "Markdown file outside content/accounts/ and content/handbook/")
                        .with_help("an account belongs directly in content/accounts/, a chapter in content/handbook/"),
                );
                continue;
            }
        };
        files.push(Found {
            kind,
            path: relative,
        });
    }
    files
}

/// Extensions of files that are meant as Markdown but that kam does not read.
const MARKDOWN_LOOKALIKES: &[&str] = &["md", "markdown", "mdown", "mkd", "mkdn", "txt"];

/// A warning for a file under accounts/ or handbook/ whose name keeps it from being read.
fn misnamed(relative: &Path, extension: &str) -> Option<Diagnostic> {
    let in_place = relative
        .parent()
        .and_then(|parent| parent.strip_prefix(CONTENT_DIR).ok())
        .and_then(Path::to_str)
        .is_some_and(|folder| folder == "accounts" || folder == "handbook");
    let lower = extension.to_ascii_lowercase();
    if !in_place || !MARKDOWN_LOOKALIKES.contains(&lower.as_str()) {
        return None;
    }
    let renamed = relative.with_extension("md");
    Some(
        Diagnostic::whole_file(
            relative,
            format!("`.{extension}` files are not read: kam reads only `.md` files"),
        )
        .with_help(format!("rename it to {}", renamed.display()))
        .warning(),
    )
}

fn read_text(root: &Path, relative: &Path) -> Result<String, Vec<Diagnostic>> {
    let bytes = limits::read_bounded(&root.join(relative))
        .map_err(|error| {
            vec![Diagnostic::whole_file(
                relative,
                format!("cannot read: {error}"),
            )]
        })?
        .ok_or_else(|| vec![too_large(relative)])?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&error.as_bytes()[..valid]);
            let line = prefix.matches('\n').count() + 1;
            let column = prefix
                .rsplit('\n')
                .next()
                .map_or(0, |tail| tail.chars().count())
                + 1;
            Err(vec![Diagnostic {
                line,
                column,
                ..Diagnostic::whole_file(relative, "file is not valid UTF-8").with_help(
                    "save the file as UTF-8 (a Windows-1252 export, for example, needs converting)",
                )
            }])
        }
    }
}

/// The error for a file above [`limits::MAX_FILE_BYTES`].
pub fn too_large(relative: &Path) -> Diagnostic {
    Diagnostic::whole_file(relative, "file is larger than 1 MiB, the most kam reads")
        .with_help("split it into smaller files, or move large data out of the site's text")
}

/// The slug to use for a file, and a diagnostic if its stem breaks the rule (the suggested
/// slug is used meanwhile, so the file's other problems are still reported).
fn check_slug(path: &Path, stem: &str, kind: &Kind) -> (String, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let slug = if slug::is_valid(stem) {
        stem.to_string()
    } else {
        let suggestion = slug::slugify(stem);
        let help = if suggestion.is_empty() {
            "use lower-case letters a-z, digits and single hyphens".to_string()
        } else {
            let renamed = path.with_file_name(format!("{suggestion}.md"));
            format!("rename it to {}", renamed.display())
        };
        problems.push(
            Diagnostic::whole_file(
                path,
                format!("`{stem}` is not a valid slug: use a-z, 0-9 and single hyphens"),
            )
            .with_help(help),
        );
        if suggestion.is_empty() {
            "page".to_string()
        } else {
            suggestion
        }
    };
    if matches!(kind, Kind::Chapter) && RESERVED_CHAPTER_SLUGS.contains(&slug.as_str()) {
        problems.push(
            Diagnostic::whole_file(
                path,
                format!("the chapter name `{slug}` is reserved for the handbook's own pages"),
            )
            .with_help("rename the file"),
        );
    }
    (slug, problems)
}
