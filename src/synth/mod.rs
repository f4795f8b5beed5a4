//! Deterministic synthetic portfolios: `kam synth DIR --accounts N --seed S`.
//!
//! A generated site is a complete, valid kam site (SPEC §1–§3) with a realistic spread: every
//! quadrant, skewed (Pareto-like) revenues so the ABC classes mean something, every
//! relationship stage and contact structure, and plans in every RAG state. It is for trying
//! kam at scale, for benchmarks and for tests that need many accounts.
//!
//! It is not the demo: the prose is a few template sentences, and nothing here is meant to be
//! read as KAM advice. The same `(accounts, seed)` always gives byte-identical files, because
//! everything is drawn from one seeded ChaCha stream in a fixed order and `today` is written
//! into the generated kam.toml (the plans are built around [`TODAY`]). Revenue goes through
//! `ln`/`exp`/`cos`, whose last bits may differ between platforms' maths libraries; after
//! rounding to whole thousands that could only show in a rare borderline case.
//!
//! The settings are the crate's own defaults ([`Config::with_title`]), and whether an account
//! lands in the quadrant it was drawn for is decided by the crate's own weighted score, so
//! the generator cannot drift from what `kam build` computes. `account` draws an account,
//! with `years` and `plan` drawing its history and plan from the words of `vocabulary`
//! through `draw`; `files` writes the text.

mod account;
mod draw;
mod files;
mod plan;
mod vocabulary;
mod years;

use std::io;
use std::path::{Path, PathBuf};

use time::Date;
use time::macros::date;

use crate::config::Config;

/// The date every generated kam.toml fixes as `today`; due dates are drawn around it.
pub const TODAY: Date = date!(2026 - 11 - 27);

/// The settings a synthetic site is generated for and that its kam.toml states.
fn settings(accounts: usize, seed: u64) -> Config {
    let mut config = Config::with_title(&format!(
        "Syntetisk portfölj – {accounts} kunder (seed {seed})"
    ));
    config.today = Some(TODAY);
    config
}

/// Every file of a synthetic site, relative to its root, in a fixed order: kam.toml, the
/// handbook chapters, then the accounts in generation order.
pub fn generate(accounts: usize, seed: u64) -> Vec<(PathBuf, String)> {
    let config = settings(accounts, seed);
    let mut generator = account::Generator::new(accounts, seed, &config);
    let mut files = Vec::with_capacity(accounts + 3);
    files.push((
        PathBuf::from("kam.toml"),
        files::kam_toml(&config, accounts, seed),
    ));
    for (path, text) in files::CHAPTERS {
        files.push((PathBuf::from(path), text.to_string()));
    }
    for _ in 0..accounts {
        let account = generator.account();
        let text = files::account_file(&account, &config.segmentation, seed);
        files.push((
            PathBuf::from(format!("content/accounts/{}.md", account.slug)),
            text,
        ));
    }
    files
}

/// Writes a synthetic site into `dir`, which must not exist or be empty: a synthetic site
/// mixed into real content would be hard to take out again.
pub fn write_site(dir: &Path, accounts: usize, seed: u64) -> io::Result<()> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} exists and is not a folder", dir.display()),
            ));
        }
        if std::fs::read_dir(dir)?.next().is_some() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "{} is not empty; kam synth writes only into a new or empty folder",
                    dir.display()
                ),
            ));
        }
    }
    for (relative, text) in generate(accounts, seed) {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, text)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::analysis::economics::AbcClass;
    use crate::analysis::plan::Rag;
    use crate::analysis::relationship::ContactStructure;
    use crate::analysis::scores::Quadrant;
    use crate::content::model::Stage;

    #[test]
    fn the_same_seed_gives_the_same_files() {
        assert_eq!(generate(60, 7), generate(60, 7));
    }

    #[test]
    fn different_seeds_give_different_files() {
        assert_ne!(generate(60, 7), generate(60, 8));
    }

    #[test]
    fn slugs_stay_unique_beyond_the_name_combinations() {
        let files = generate(12_000, 3);
        let paths: BTreeSet<_> = files.iter().map(|(path, _)| path.clone()).collect();
        assert_eq!(paths.len(), files.len());
        assert!(
            paths
                .iter()
                .filter_map(|path| path.file_stem()?.to_str())
                .all(crate::slug::is_valid)
        );
    }

    #[test]
    fn kam_toml_states_exactly_the_settings_the_accounts_were_drawn_for() {
        let dir = tempfile::tempdir().expect("temporary folder");
        write_site(dir.path(), 3, 5).expect("written");
        let loaded = Config::load(dir.path()).expect("kam.toml is valid");
        assert_eq!(loaded, settings(3, 5));
    }

    #[test]
    fn refuses_a_folder_that_is_not_empty() {
        let dir = tempfile::tempdir().expect("temporary folder");
        std::fs::write(dir.path().join("notes.txt"), "mine").expect("write");
        let error = write_site(dir.path(), 5, 1).expect_err("must refuse");
        assert_eq!(error.kind(), io::ErrorKind::AlreadyExists);
        assert!(!dir.path().join("kam.toml").exists());
    }

    #[test]
    fn a_large_site_loads_cleanly_and_covers_the_portfolio() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = dir.path().join("site");
        write_site(&root, 300, 42).expect("written");
        let config = Config::load(&root).expect("kam.toml is valid");
        let site = match crate::content::load(&root, config, false) {
            Ok(site) => site,
            Err(diagnostics) => {
                let text: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
                panic!("generated site has diagnostics:\n{}", text.join("\n"));
            }
        };
        assert_eq!(site.accounts.len(), 300);
        assert_eq!(site.config.today, Some(TODAY));
        let portfolio = crate::analysis::analyse(&site.accounts, &site.config, TODAY);
        let accounts = &portfolio.accounts;
        for quadrant in Quadrant::ALL {
            assert!(
                accounts.iter().any(|a| a.scores.quadrant == Some(quadrant)),
                "no account in quadrant {}",
                quadrant.key()
            );
        }
        for rag in Rag::ALL {
            assert!(
                accounts.iter().any(|a| a.plan.rag == rag),
                "no plan is {}",
                rag.key()
            );
        }
        for class in AbcClass::ALL {
            assert!(
                accounts.iter().any(|a| a.economics.abc == class),
                "no class {} account",
                class.key()
            );
        }
        for structure in ContactStructure::ALL {
            assert!(
                accounts
                    .iter()
                    .any(|a| a.relationship.structure == structure),
                "no {} contact structure",
                structure.key()
            );
        }
        for (key, stage) in Stage::ALL {
            assert!(
                site.accounts.iter().any(|a| a.stage == stage),
                "no account at stage {key}"
            );
        }
        // Pareto-like: class A is a minority of the accounts.
        let class_a = accounts
            .iter()
            .filter(|a| a.economics.abc == AbcClass::A)
            .count();
        assert!(class_a < 300 / 2, "{class_a} of 300 accounts are class A");
    }
}
