//! What an account page is made from, so that `serve` can tell an unchanged page without
//! making it. At 10,000 accounts, viewing and fingerprinting every account page to find the
//! one an edit changed was most of a rebuild.
//!
//! An account page reads its own account, analysis, row and history, the accounts its
//! value-chain place names, its tags' addresses and its place in the matrix ([`AccountInputs`]),
//! and a part every account page shares ([`super::SiteView::account_pages_common`]).
//! `SiteView::account_page` must read nothing else, or its page would be served stale
//! after an edit of what it reads; `tests/incremental.rs` edits each kind of input and
//! compares the rebuild with a fresh build.
//!
//! Not here: the cache that keeps pages (`render::cache`).

use std::sync::Arc;

use crate::analysis::AccountAnalysis;
use crate::analysis::history::AccountHistory;
use crate::content::model::Account;
use crate::view::account::AccountRow;

/// An account page's own inputs, borrowed from the view.
pub struct AccountInputs<'v> {
    /// Its own account, then those its value-chain place names: each customer in `sells_to`
    /// (`None` for one that is no account of the site), then each supplier. A loaded
    /// account is never changed, so the same `Arc` is the same account.
    pub accounts: Vec<Option<&'v Arc<Account>>>,
    pub analysis: &'v Arc<AccountAnalysis>,
    pub row: &'v AccountRow,
    pub history: Option<&'v AccountHistory>,
    /// Its place among the matrix's bubbles.
    pub point: Option<usize>,
    pub tag_pages: Vec<Option<String>>,
    /// The places of the accounts that sell to it.
    pub suppliers: &'v [usize],
}

/// [`AccountInputs`] as kept from one build to the next. Holding the accounts keeps them
/// alive, so an equal pointer is the same account, never a new one at a freed address.
pub struct KeptInputs {
    accounts: Vec<Option<Arc<Account>>>,
    analysis: Arc<AccountAnalysis>,
    row: AccountRow,
    history: Option<AccountHistory>,
    point: Option<usize>,
    tag_pages: Vec<Option<String>>,
    suppliers: Vec<usize>,
}

impl AccountInputs<'_> {
    pub fn keep(&self) -> KeptInputs {
        KeptInputs {
            accounts: self
                .accounts
                .iter()
                .map(|account| account.map(Arc::clone))
                .collect(),
            analysis: Arc::clone(self.analysis),
            row: self.row.clone(),
            history: self.history.cloned(),
            point: self.point,
            tag_pages: self.tag_pages.clone(),
            suppliers: self.suppliers.to_vec(),
        }
    }

    /// Whether these are the inputs `kept` holds. Values are compared, not hashed: at
    /// 10,000 pages, printing them for a digest cost more than comparing them.
    pub fn same_as(&self, kept: &KeptInputs) -> bool {
        self.accounts.len() == kept.accounts.len()
            && self
                .accounts
                .iter()
                .zip(&kept.accounts)
                .all(|pair| match pair {
                    (Some(this), Some(that)) => Arc::ptr_eq(this, that),
                    (None, None) => true,
                    _ => false,
                })
            && self.point == kept.point
            && self.suppliers == kept.suppliers.as_slice()
            && self.tag_pages == kept.tag_pages
            && *self.row == kept.row
            && self.history == kept.history.as_ref()
            // An analysis taken over from the last build is the same allocation.
            && (Arc::ptr_eq(self.analysis, &kept.analysis) || **self.analysis == *kept.analysis)
    }
}
