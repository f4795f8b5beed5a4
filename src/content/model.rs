//! The site as loaded: typed, validated, immutable from here on.
//!
//! Not here: parsing (`account`, `chapter`) or anything computed from it (`analysis`).

use std::path::PathBuf;

use rust_decimal::Decimal;
use serde::Serialize;
use time::Date;

use crate::amount::Amount;
use crate::config::Config;

/// Relationship development stage (SPEC §7), in the order of development.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Exploratory,
    Basic,
    Cooperative,
    Interdependent,
    Integrated,
    Disintegrating,
}

impl Stage {
    pub const ALL: [(&'static str, Stage); 6] = [
        ("exploratory", Stage::Exploratory),
        ("basic", Stage::Basic),
        ("cooperative", Stage::Cooperative),
        ("interdependent", Stage::Interdependent),
        ("integrated", Stage::Integrated),
        ("disintegrating", Stage::Disintegrating),
    ];

    pub fn key(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, stage)| *stage == self)
            .map_or("", |(name, _)| name)
    }
}

/// Buying-centre role of a contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Initiator,
    User,
    Influencer,
    Decider,
    Buyer,
    Gatekeeper,
}

impl Role {
    pub const ALL: [(&'static str, Role); 6] = [
        ("initiator", Role::Initiator),
        ("user", Role::User),
        ("influencer", Role::Influencer),
        ("decider", Role::Decider),
        ("buyer", Role::Buyer),
        ("gatekeeper", Role::Gatekeeper),
    ];

    pub fn key(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, role)| *role == self)
            .map_or("", |(name, _)| name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    NotStarted,
    InProgress,
    Done,
    Blocked,
    Cancelled,
}

impl Status {
    pub const ALL: [(&'static str, Status); 5] = [
        ("not_started", Status::NotStarted),
        ("in_progress", Status::InProgress),
        ("done", Status::Done),
        ("blocked", Status::Blocked),
        ("cancelled", Status::Cancelled),
    ];

    pub fn key(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, status)| *status == self)
            .map_or("", |(name, _)| name)
    }
}

/// "high" or "low", as the customer's purchasing rates us (SPEC §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    High,
    Low,
}

impl Level {
    pub const ALL: [(&'static str, Level); 2] = [("high", Level::High), ("low", Level::Low)];
}

#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    pub attractiveness: Decimal,
    pub strength: Decimal,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BuyerRating {
    pub profit_impact: Level,
    pub supply_risk: Level,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FiscalYear {
    pub year: i32,
    pub revenue: Amount,
    /// Optional in SPEC v2: an ERP export may bring revenue alone.
    pub gross_margin: Option<Amount>,
    pub cost_to_serve: Amount,
    pub wallet: Option<Amount>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Contact {
    pub name: String,
    pub title: Option<String>,
    /// Optional from SPEC v2 on: a CRM export brings names and titles first.
    pub function: Option<String>,
    pub role: Option<Role>,
    pub owner: Option<String>,
    /// 1..=5.
    pub strength: Option<u8>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Objective {
    pub id: String,
    pub title: String,
    pub measure: Option<String>,
    pub due: Date,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// Unique within the account; keeps calendar entries stable (SPEC v2 §14).
    pub id: Option<String>,
    pub objective: Option<String>,
    pub title: String,
    pub owner: String,
    pub due: Date,
    pub status: Status,
}

/// The position of the account with `slug` in `accounts`, which loading sorts by slug.
pub fn account_index(accounts: &[std::sync::Arc<Account>], slug: &str) -> Option<usize> {
    accounts
        .binary_search_by(|account| account.slug.as_str().cmp(slug))
        .ok()
}

/// Where a name or a customer was written, for problems found once the whole site is
/// loaded (two spellings of one person, SPEC v2 §7; a `sells_to` entry close to a slug, §3).
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    pub what: Field,
    pub text: String,
    pub line: usize,
    pub column: usize,
}

/// Which field a [`Written`] value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// A person or department compared by name key: manager, team, owners, functions.
    Name,
    /// A `sells_to` entry.
    Customer,
}

/// A value of `[extra]`, shown as written.
#[derive(Debug, Clone, PartialEq)]
pub enum ExtraValue {
    Text(String),
    Number(Amount),
    Flag(bool),
    Date(Date),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    pub slug: String,
    /// The account's file, relative to the site root.
    pub source: PathBuf,
    pub name: String,
    pub manager: String,
    pub stage: Stage,
    pub industry: Option<String>,
    pub country: Option<String>,
    pub team: Vec<String>,
    pub customer_since: Option<i64>,
    pub tags: Vec<String>,
    /// The account's record id in the CRM (SPEC v2 §13).
    pub crm_id: Option<String>,
    /// Scores in the order of the site's factors (`config.segmentation.*_weights`); `None`
    /// when the account is not scored on that axis yet (SPEC v2 §3).
    pub attractiveness: Option<Vec<Decimal>>,
    pub strength: Option<Vec<Decimal>>,
    pub forecast: Option<Forecast>,
    pub buyer: Option<BuyerRating>,
    /// When the team last reviewed the plan (SPEC v2 §6).
    pub reviewed: Option<Date>,
    /// The account's stage id in kam.toml's value chain (SPEC v2 §11).
    pub chain: Option<String>,
    /// The customer's own customers: slugs of this site's accounts, or outside names.
    pub sells_to: Vec<String>,
    /// `[extra]`: the site's own fields, in file order.
    pub extra: Vec<(String, ExtraValue)>,
    /// Names and customers with their positions, in file order.
    pub written: Vec<Written>,
    /// Problems in the file that do not stop the build.
    pub warnings: Vec<crate::diagnostics::Diagnostic>,
    /// Sorted by year, oldest first.
    pub years: Vec<FiscalYear>,
    pub contacts: Vec<Contact>,
    pub objectives: Vec<Objective>,
    pub actions: Vec<Action>,
    /// The Markdown notes, rendered and sanitised.
    pub body_html: Notes,
}

/// An account's notes as HTML, held compressed: a build holds every account's notes from
/// load to the last page, 100 MB at 10,000 accounts, and LZ4 keeps them in about a third of
/// that at a small cost each time they are read (a page and the search index, once each).
/// Equal notes compress to equal bytes, so comparing them compares the HTML.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Notes {
    /// Empty for no notes.
    compressed: Box<[u8]>,
}

impl Notes {
    pub fn new(html: &str) -> Notes {
        if html.is_empty() {
            return Notes::default();
        }
        Notes {
            compressed: lz4_flex::compress_prepend_size(html.as_bytes()).into_boxed_slice(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.compressed.is_empty()
    }

    /// The HTML. Notes made by [`Notes::new`] always read back; anything else reads as
    /// none.
    pub fn html(&self) -> String {
        if self.is_empty() {
            return String::new();
        }
        lz4_flex::decompress_size_prepended(&self.compressed)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .unwrap_or_default()
    }
}

impl std::fmt::Debug for Notes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Notes({:?})", self.html())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Chapter {
    pub slug: String,
    pub source: PathBuf,
    pub title: String,
    pub weight: i64,
    pub draft: bool,
    /// Rendered and sanitised; live-data shortcodes are still placeholders here (see
    /// `markdown::embed`) because analysis runs after loading.
    pub body_html: String,
    pub headings: Vec<Heading>,
    /// Problems in the file that do not stop the build.
    pub warnings: Vec<crate::diagnostics::Diagnostic>,
}

#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    /// Sorted by slug. Shared with `serve`'s cache of parsed files, so an unchanged
    /// account is neither copied nor freed between builds.
    pub accounts: Vec<std::sync::Arc<Account>>,
    /// In handbook order: weight ascending, ties by file name.
    pub chapters: Vec<Chapter>,
    /// Problems that did not stop loading (SPEC §1, v2), sorted by path and line.
    pub warnings: Vec<crate::diagnostics::Diagnostic>,
}

impl Site {
    /// Frees the notes of every account no cache shares. For a build that has written all
    /// its pages and its search index: nothing it writes afterwards reads notes, and at
    /// 10,000 accounts they are some 40 MB held through the data files.
    pub fn release_notes(&mut self) {
        for account in &mut self.accounts {
            if let Some(account) = std::sync::Arc::get_mut(account) {
                account.body_html = Notes::default();
            }
        }
    }
}
