//! What a build made for each account (its analysis, its calendar events, its part of
//! portfolio.json), kept by `serve` so that an edit of one account makes that account's
//! part again and takes the others over.
//!
//! Each kept part carries what it was made from besides kam.toml and the date, which the
//! memo holds for all of them: the caller compares those inputs before taking a part over.

use std::sync::{Arc, Mutex};

use time::Date;

use crate::config::Config;
use crate::content::model::Account;

/// A part made for one account, and the account it was made for.
pub trait OfAccount {
    fn account(&self) -> &Arc<Account>;
}

/// The parts of the last build, one per account.
pub struct PerAccount<T> {
    kept: Mutex<Option<Kept<T>>>,
}

impl<T> Default for PerAccount<T> {
    fn default() -> Self {
        PerAccount {
            kept: Mutex::new(None),
        }
    }
}

/// The parts in slug order, and what all of them were made under.
pub struct Kept<T> {
    config: Config,
    today: Date,
    parts: Vec<T>,
}

impl<T: OfAccount> Kept<T> {
    /// The part of the account with `slug`, looked for first at `index`, its place when
    /// no account was added or removed since.
    pub fn get_at(&self, index: usize, slug: &str) -> Option<&T> {
        self.parts
            .get(index)
            .filter(|part| part.account().slug == slug)
            .or_else(|| self.get(slug))
    }

    /// The part of the account with `slug`.
    pub fn get(&self, slug: &str) -> Option<&T> {
        self.parts
            .binary_search_by(|part| part.account().slug.as_str().cmp(slug))
            .ok()
            .map(|index| &self.parts[index])
    }
}

impl<T> PerAccount<T> {
    /// The parts of the last build, when it was made under the same kam.toml and date;
    /// until [`PerAccount::keep`], the memo holds nothing.
    pub fn take(&self, config: &Config, today: Date) -> Option<Kept<T>> {
        self.lock()
            .take()
            .filter(|kept| kept.config == *config && kept.today == today)
    }

    /// Keeps this build's parts, in slug order, for the next.
    pub fn keep(&self, config: &Config, today: Date, parts: Vec<T>) {
        *self.lock() = Some(Kept {
            config: config.clone(),
            today,
            parts,
        });
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Kept<T>>> {
        // The state is replaced whole, so a panic elsewhere cannot leave it half-written.
        self.kept
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
