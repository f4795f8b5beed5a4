//! SPEC §5: the reference year, ABC classes over the portfolio, and per-account economics.

use serde::Serialize;

use crate::amount::Amount;
use crate::content::model::{Account, FiscalYear};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum AbcClass {
    A,
    B,
    C,
}

impl AbcClass {
    pub const ALL: [AbcClass; 3] = [AbcClass::A, AbcClass::B, AbcClass::C];

    pub fn key(self) -> &'static str {
        match self {
            AbcClass::A => "A",
            AbcClass::B => "B",
            AbcClass::C => "C",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Economics {
    /// Revenue in the reference year; 0 when the account has no row for it.
    pub revenue: Amount,
    pub revenue_share: f64,
    pub cumulative_share: f64,
    pub abc: AbcClass,
    /// Position in ABC order, 0 for the largest account.
    pub rank: usize,
    pub growth: Option<f64>,
    pub gross_margin_pct: Option<f64>,
    pub net_contribution: Option<Amount>,
    pub share_of_wallet: Option<f64>,
    /// wallet − revenue in the reference year: what the customer buys in our category from
    /// others (SPEC v2 §5); `None` without a wallet for that year.
    pub whitespace: Option<Amount>,
}

/// `reference_year` from kam.toml, else the latest year any account reports.
pub fn reference_year(configured: Option<i32>, accounts: &[Account]) -> Option<i32> {
    configured.or_else(|| {
        accounts
            .iter()
            .flat_map(|account| account.years.iter().map(|year| year.year))
            .max()
    })
}

/// The account's row for `year`, if it reports one.
pub fn year_row(account: &Account, year: Option<i32>) -> Option<&FiscalYear> {
    let year = year?;
    account.years.iter().find(|row| row.year == year)
}

fn ratio(numerator: f64, denominator: f64) -> Option<f64> {
    (denominator != 0.0).then(|| numerator / denominator)
}

/// The §5 figures of one fiscal year; `previous` is the year before, if reported.
#[derive(Debug, Clone, PartialEq)]
pub struct YearFigures {
    pub growth: Option<f64>,
    pub gross_margin_pct: Option<f64>,
    /// `None` without a gross margin for the year.
    pub net_contribution: Option<Amount>,
    pub share_of_wallet: Option<f64>,
}

pub fn year_figures(current: &FiscalYear, previous: Option<&FiscalYear>) -> YearFigures {
    let revenue = current.revenue.as_f64();
    YearFigures {
        growth: previous.and_then(|previous| {
            ratio(
                revenue - previous.revenue.as_f64(),
                previous.revenue.as_f64(),
            )
        }),
        gross_margin_pct: current
            .gross_margin
            .and_then(|margin| ratio(margin.as_f64(), revenue)),
        net_contribution: current
            .gross_margin
            .map(|margin| margin.checked_sub(current.cost_to_serve)),
        share_of_wallet: current
            .wallet
            .and_then(|wallet| ratio(revenue, wallet.as_f64())),
    }
}

/// Economics of every account, in the order given.
pub fn analyse(accounts: &[Account], year: Option<i32>, abc_cutoffs: [f64; 2]) -> Vec<Economics> {
    let revenues: Vec<Amount> = accounts
        .iter()
        .map(|account| year_row(account, year).map_or(Amount::ZERO, |row| row.revenue))
        .collect();
    let mut order: Vec<usize> = (0..accounts.len()).collect();
    // Numeric order, so that −0.0 (valid TOML that passes `>= 0`) ties with 0 and goes by
    // slug; `total_cmp` would put it after every 0. Revenues are finite, never NaN.
    order.sort_by(|&a, &b| {
        revenues[b]
            .as_f64()
            .partial_cmp(&revenues[a].as_f64())
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| accounts[a].slug.cmp(&accounts[b].slug))
    });
    let total: f64 = order.iter().map(|&index| revenues[index].as_f64()).sum();

    let mut classes = vec![(AbcClass::C, 0.0, 0.0, 0); accounts.len()];
    let mut ahead = 0.0;
    for (rank, &index) in order.iter().enumerate() {
        let revenue = revenues[index].as_f64();
        let including = ahead + revenue;
        let (abc, share, cumulative) = if total == 0.0 {
            (AbcClass::C, 0.0, 0.0)
        } else {
            let before = ahead / total;
            let abc = if before < abc_cutoffs[0] {
                AbcClass::A
            } else if before < abc_cutoffs[1] {
                AbcClass::B
            } else {
                AbcClass::C
            };
            (abc, revenue / total, including / total)
        };
        classes[index] = (abc, share, cumulative, rank);
        ahead = including;
    }

    accounts
        .iter()
        .zip(revenues)
        .zip(classes)
        .map(
            |((account, revenue), (abc, revenue_share, cumulative_share, rank))| {
                let previous = year_row(account, year.and_then(|year| year.checked_sub(1)));
                let current = year_row(account, year);
                let figures = current.map(|current| year_figures(current, previous));
                // SPEC v2 §5: a customer with a row for Y−1 but none for Y is lost, the
                // steepest decline there is.
                let lost = current.is_none()
                    && previous.is_some_and(|previous| !previous.revenue.is_zero());
                Economics {
                    revenue,
                    revenue_share,
                    cumulative_share,
                    abc,
                    rank,
                    growth: if lost {
                        Some(-1.0)
                    } else {
                        figures.as_ref().and_then(|figures| figures.growth)
                    },
                    gross_margin_pct: figures
                        .as_ref()
                        .and_then(|figures| figures.gross_margin_pct),
                    net_contribution: figures
                        .as_ref()
                        .and_then(|figures| figures.net_contribution),
                    share_of_wallet: figures.as_ref().and_then(|figures| figures.share_of_wallet),
                    whitespace: current
                        .and_then(|current| current.wallet)
                        .map(|wallet| wallet.checked_sub(revenue)),
                }
            },
        )
        .collect()
}
