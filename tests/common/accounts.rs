//! Shared helpers for the analysis tests: a builder for `Account` values, a default
//! configuration, and the fixed `today` the plan tests are judged on.
//!
//! Each test binary uses a different part of this module, so unused items are allowed.
#![allow(dead_code)]

use std::path::PathBuf;

use kam::amount::{Amount, decimal_of};
use kam::analysis::{self, AccountAnalysis, Portfolio};
use kam::config::{Config, Factor};
use kam::content::model::{
    Account, Action, BuyerRating, Contact, FiscalYear, Forecast, Level, Objective, Role, Stage,
    Status,
};
use rust_decimal::Decimal;
use time::{Date, Duration, Month};

/// The date every plan test is judged on: 2026-11-27.
pub fn today() -> Date {
    Date::from_calendar_date(2026, Month::November, 27).expect("valid date")
}

/// `today` shifted by `days` (negative for the past).
pub fn day(days: i64) -> Date {
    today() + Duration::days(days)
}

/// Every SPEC default (four attractiveness and four strength factors, cut-offs 5.0,
/// ABC cut-offs [0.80, 0.95], due_soon_days 14, red_overdue_days 30).
pub fn config() -> Config {
    Config::with_title("Test")
}

/// Factors with the given names and weights, in that order.
pub fn factors(pairs: &[(&str, f64)]) -> Vec<Factor> {
    pairs
        .iter()
        .map(|(name, weight)| Factor {
            name: name.to_string(),
            weight: decimal_of(*weight),
            label: kam::config::readable(name),
        })
        .collect()
}

/// Test scores are written as f64 literals; the analysis takes the decimal each one reads as.
pub fn exact(values: &[f64]) -> Vec<Decimal> {
    values.iter().copied().map(decimal_of).collect()
}

pub struct AccountBuilder {
    account: Account,
}

/// An account with the given slug; every attractiveness and strength score of the default
/// factors is 5 (so both weighted scores are exactly 5.0, a strategic account), stage
/// cooperative, and no years, contacts, objectives or actions.
pub fn account(slug: &str) -> AccountBuilder {
    AccountBuilder {
        account: Account {
            slug: slug.to_string(),
            source: PathBuf::from(format!("content/accounts/{slug}.md")),
            name: format!("Account {slug}"),
            manager: "Anna Berg".to_string(),
            stage: Stage::Cooperative,
            industry: None,
            country: None,
            team: Vec::new(),
            customer_since: None,
            tags: Vec::new(),
            crm_id: None,
            attractiveness: Some(vec![Decimal::from(5); 4]),
            strength: Some(vec![Decimal::from(5); 4]),
            forecast: None,
            buyer: None,
            reviewed: None,
            chain: None,
            sells_to: Vec::new(),
            extra: Vec::new(),
            written: Vec::new(),
            warnings: Vec::new(),
            years: Vec::new(),
            contacts: Vec::new(),
            objectives: Vec::new(),
            actions: Vec::new(),
            body_html: Default::default(),
        },
    }
}

impl AccountBuilder {
    /// Scores in the order of the configured factors.
    pub fn scores(mut self, attractiveness: &[f64], strength: &[f64]) -> Self {
        self.account.attractiveness = Some(exact(attractiveness));
        self.account.strength = Some(exact(strength));
        self
    }

    /// Not scored on attractiveness, strength or both (SPEC v2 §3).
    pub fn unscored(mut self, attractiveness: bool, strength: bool) -> Self {
        if attractiveness {
            self.account.attractiveness = None;
        }
        if strength {
            self.account.strength = None;
        }
        self
    }

    /// The same score for every one of the four default factors: the weighted score is
    /// then exactly that number for small integers.
    pub fn uniform(self, attractiveness: f64, strength: f64) -> Self {
        self.scores(&[attractiveness; 4], &[strength; 4])
    }

    /// When the plan was last reviewed (SPEC v2 §6).
    pub fn reviewed(mut self, date: Date) -> Self {
        self.account.reviewed = Some(date);
        self
    }

    /// The customer's own customers (SPEC v2 §11).
    pub fn sells_to(mut self, customers: &[&str]) -> Self {
        self.account.sells_to = customers.iter().map(|c| c.to_string()).collect();
        self
    }

    pub fn stage(mut self, stage: Stage) -> Self {
        self.account.stage = stage;
        self
    }

    pub fn forecast(mut self, attractiveness: f64, strength: f64) -> Self {
        self.account.forecast = Some(Forecast {
            attractiveness: decimal_of(attractiveness),
            strength: decimal_of(strength),
        });
        self
    }

    pub fn buyer(mut self, profit_impact: Level, supply_risk: Level) -> Self {
        self.account.buyer = Some(BuyerRating {
            profit_impact,
            supply_risk,
        });
        self
    }

    /// A fiscal year with integer money, no cost to serve and no wallet.
    pub fn year(self, year: i32, revenue: i64, gross_margin: i64) -> Self {
        self.year_row(FiscalYear {
            year,
            revenue: Amount::Int(revenue),
            gross_margin: Some(Amount::Int(gross_margin)),
            cost_to_serve: Amount::ZERO,
            wallet: None,
        })
    }

    /// A fiscal year with every field given.
    pub fn year_full(
        self,
        year: i32,
        revenue: i64,
        gross_margin: i64,
        cost_to_serve: i64,
        wallet: Option<i64>,
    ) -> Self {
        self.year_row(FiscalYear {
            year,
            revenue: Amount::Int(revenue),
            gross_margin: Some(Amount::Int(gross_margin)),
            cost_to_serve: Amount::Int(cost_to_serve),
            wallet: wallet.map(Amount::Int),
        })
    }

    pub fn year_row(mut self, row: FiscalYear) -> Self {
        self.account.years.push(row);
        self.account.years.sort_by_key(|row| row.year);
        self
    }

    /// A contact with only a name: every other field is optional (SPEC v2 §3).
    pub fn bare_contact(mut self, name: &str) -> Self {
        self.account.contacts.push(Contact {
            name: name.to_string(),
            title: None,
            function: None,
            role: None,
            owner: None,
            strength: None,
            email: None,
            phone: None,
        });
        self
    }

    pub fn contact(mut self, function: &str, role: Role, owner: &str) -> Self {
        let number = self.account.contacts.len() + 1;
        self.account.contacts.push(Contact {
            name: format!("Contact {number}"),
            title: None,
            function: Some(function.to_string()),
            role: Some(role),
            owner: Some(owner.to_string()),
            strength: Some(3),
            email: None,
            phone: None,
        });
        self
    }

    /// Contacts covering all four key roles with one owner and one function (bow-tie).
    pub fn full_buying_centre(self) -> Self {
        self.contact("purchasing", Role::Decider, "Anna Berg")
            .contact("purchasing", Role::Influencer, "Anna Berg")
            .contact("purchasing", Role::Buyer, "Anna Berg")
            .contact("purchasing", Role::User, "Anna Berg")
    }

    pub fn objective(mut self, id: &str, title: &str, due: Date) -> Self {
        self.account.objectives.push(Objective {
            id: id.to_string(),
            title: title.to_string(),
            measure: None,
            due,
        });
        self
    }

    /// An action linked to no objective.
    pub fn action(self, title: &str, due: Date, status: Status) -> Self {
        self.push_action(None, title, due, status)
    }

    /// An action serving the objective with the given id.
    pub fn linked(self, objective: &str, title: &str, due: Date, status: Status) -> Self {
        self.push_action(Some(objective), title, due, status)
    }

    fn push_action(
        mut self,
        objective: Option<&str>,
        title: &str,
        due: Date,
        status: Status,
    ) -> Self {
        self.account.actions.push(Action {
            id: None,
            objective: objective.map(str::to_string),
            title: title.to_string(),
            owner: "Anna Berg".to_string(),
            due,
            status,
        });
        self
    }

    pub fn build(self) -> Account {
        self.account
    }
}

/// Sorts by slug, as `content::load` hands accounts to the analysis, and analyses them.
pub fn analyse(mut accounts: Vec<Account>, config: &Config) -> (Vec<Account>, Portfolio) {
    accounts.sort_by(|a, b| a.slug.cmp(&b.slug));
    let portfolio = analysis::analyse(&shared(&accounts), config, today());
    (accounts, portfolio)
}

/// Accounts as a site holds them, each shared.
pub fn shared(accounts: &[Account]) -> Vec<std::sync::Arc<Account>> {
    accounts.iter().cloned().map(std::sync::Arc::new).collect()
}

/// The analysis of a single account under the default configuration.
pub fn one(account: Account) -> AccountAnalysis {
    one_with(account, &config())
}

pub fn one_with(account: Account, config: &Config) -> AccountAnalysis {
    let (_, portfolio) = analyse(vec![account], config);
    std::sync::Arc::unwrap_or_clone(portfolio.accounts.into_iter().next().expect("one account"))
}

/// The analysis of the account with the given slug.
pub fn find<'a>(accounts: &[Account], portfolio: &'a Portfolio, slug: &str) -> &'a AccountAnalysis {
    let index = accounts
        .iter()
        .position(|account| account.slug == slug)
        .unwrap_or_else(|| panic!("no account {slug}"));
    &portfolio.accounts[index]
}

/// The alert codes kam has now, in the order of SPEC §9's table, written out here rather
/// than taken from the code so a reordering in the code is caught.
pub const SPEC_ALERT_ORDER: [&str; 14] = [
    "unscored",
    "plan_blocked",
    "action_overdue",
    "objective_overdue",
    "no_plan",
    "stale_plan",
    "missing_decider",
    "single_threaded",
    "relationship_at_risk",
    "revenue_decline",
    "negative_contribution",
    "forecast_drop",
    "misaligned",
    "downstream_decline",
];

/// Alert codes in order.
pub fn codes(analysis: &AccountAnalysis) -> Vec<&'static str> {
    analysis.alerts.iter().map(|alert| alert.code()).collect()
}

pub fn statuses() -> [Status; 5] {
    [
        Status::NotStarted,
        Status::InProgress,
        Status::Done,
        Status::Blocked,
        Status::Cancelled,
    ]
}

pub const HIGH: Level = Level::High;
pub const LOW: Level = Level::Low;
