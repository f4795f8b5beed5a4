//! `kam new account` and `kam new chapter`: one new file in an existing site, named by the
//! slug rule of SPEC §3, never over an existing file.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::{clean_name, create_new, templates, toml_string};
use crate::Failure;
use crate::config::{Config, Factor};
use crate::content::{CONTENT_DIR, RESERVED_CHAPTER_SLUGS, chapter};
use crate::diagnostics::SourceFile;
use crate::slug;

fn slug_for(name: &str, what: &str) -> Result<String, Failure> {
    let slug = slug::slugify(name);
    if slug.is_empty() {
        return Err(Failure::Io(format!(
            "the {what} `{name}` has no letters or digits to make a file name from"
        )));
    }
    Ok(slug)
}

fn write_new(root: &Path, relative: &str, text: &str) -> Result<PathBuf, Failure> {
    let path = root.join(relative);
    match create_new(&path, text) {
        Ok(()) => Ok(PathBuf::from(relative)),
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => Err(Failure::Io(format!(
            "{relative} already exists; kam never overwrites a file (edit it, or choose another name)"
        ))),
        Err(error) => Err(Failure::Io(format!(
            "cannot write {}: {error}",
            path.display()
        ))),
    }
}

/// The site's factors as commented-out score tables, so the account starts unscored
/// (SPEC v2 §3) and shows what scoring it takes.
fn commented_scores(config: &Config) -> String {
    let mut text = String::new();
    for (table, factors) in [
        (
            "attractiveness",
            &config.segmentation.attractiveness_weights,
        ),
        ("strength", &config.segmentation.strength_weights),
    ] {
        text.push_str(&format!("# [{table}]\n"));
        for Factor { name, .. } in factors.iter() {
            text.push_str(&format!("# {name} =\n"));
        }
        text.push('\n');
    }
    text
}

/// Writes `content/accounts/<slug>.md` for a new account and returns that path, relative
/// to `root`. The site's kam.toml must load: the file is written in its language and
/// lists its factors.
pub fn new_account(root: &Path, name: &str, manager: Option<&str>) -> Result<PathBuf, Failure> {
    let name = clean_name(name, "account name")?;
    let config = Config::load_site(root)?;
    let texts = templates(config.language);
    let manager = match manager {
        Some(manager) => clean_name(manager, "manager")?,
        None => texts.unassigned.to_string(),
    };
    let slug = slug_for(&name, "account name")?;
    let text = texts
        .new_account
        .replace("{{name}}", &toml_string(&name))
        .replace("{{manager}}", &toml_string(&manager))
        .replace("{{scores}}", &commented_scores(&config));
    write_new(root, &format!("{CONTENT_DIR}/accounts/{slug}.md"), &text)
}

/// The largest `weight` among the chapters that parse; chapters with errors are the
/// build's business, not this command's.
fn last_weight(handbook: &Path) -> i64 {
    let Ok(entries) = fs::read_dir(handbook) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .filter_map(|path| {
            let text = fs::read_to_string(&path).ok()?;
            let stem = path.file_stem()?.to_string_lossy().into_owned();
            chapter::parse(&SourceFile::new(path, text), &stem)
                .ok()
                .map(|chapter| chapter.weight)
        })
        .max()
        .unwrap_or(0)
}

/// Writes `content/handbook/<slug>.md` with the weight after the last chapter's.
pub fn new_chapter(root: &Path, title: &str) -> Result<PathBuf, Failure> {
    let title = clean_name(title, "chapter title")?;
    let config = Config::load_site(root)?;
    let slug = slug_for(&title, "chapter title")?;
    if RESERVED_CHAPTER_SLUGS.contains(&slug.as_str()) {
        return Err(Failure::Io(format!(
            "a chapter cannot be called `{slug}`: the handbook uses that page name itself"
        )));
    }
    let handbook = root.join(CONTENT_DIR).join("handbook");
    let weight = last_weight(&handbook).saturating_add(1);
    let text = templates(config.language)
        .new_chapter
        .replace("{{title}}", &toml_string(&title))
        .replace("{{weight}}", &weight.to_string());
    write_new(root, &format!("{CONTENT_DIR}/handbook/{slug}.md"), &text)
}
