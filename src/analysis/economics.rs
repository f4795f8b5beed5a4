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

/// A ratio, or none when it is undefined or too large for f64: a revenue of 1e-300 is a
/// valid amount, and growth from it to 1e15 must not reach a page as "inf".
fn ratio(numerator: f64, denominator: f64) -> Option<f64> {
    (denominator != 0.0)
        .then(|| numerator / denominator)
        .filter(|value| value.is_finite())
}

/// The §5 figures of one fiscal year; `previous` is the year before, if reported.
#[derive(Debug, Clone, PartialEq)]
pub struct YearFigures {
    pub growth: Option<f64>,
    pub gross_margin_pct: Option<f64>,
    pub net_contribution: Amount,
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
        gross_margin_pct: ratio(current.gross_margin.as_f64(), revenue),
        net_contribution: current.gross_margin.checked_sub(current.cost_to_serve),
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
                let figures =
                    year_row(account, year).map(|current| year_figures(current, previous));
                Economics {
                    revenue,
                    revenue_share,
                    cumulative_share,
                    abc,
                    rank,
                    growth: figures.as_ref().and_then(|figures| figures.growth),
                    gross_margin_pct: figures
                        .as_ref()
                        .and_then(|figures| figures.gross_margin_pct),
                    net_contribution: figures.as_ref().map(|figures| figures.net_contribution),
                    share_of_wallet: figures.as_ref().and_then(|figures| figures.share_of_wallet),
                }
            },
        )
        .collect()
}
