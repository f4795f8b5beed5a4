//! SPEC §5: the reference year, ABC classes over the portfolio, and per-account economics.
//!
//! Not here: formatting money or shares for pages (`view::labels`).

use rayon::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::amount::{Amount, approx};
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
    /// Revenue in the year before the reference year, when reported.
    pub previous_revenue: Option<Amount>,
}

impl Economics {
    /// Growth at or below `threshold`, decided exactly (SPEC v2 §4a): with r₀ > 0 the year
    /// before, (r − r₀) / r₀ <= t exactly when r − r₀ <= t · r₀.
    pub fn declined(&self, threshold: Decimal) -> bool {
        let Some(previous) = self.previous_revenue.map(Amount::exact) else {
            return false;
        };
        if previous <= Decimal::ZERO {
            return false;
        }
        let change = self.revenue.exact().checked_sub(previous);
        let bound = threshold.checked_mul(previous);
        matches!((change, bound), (Some(change), Some(bound)) if change <= bound)
    }
}

/// `numerator / denominator` as the nearest f64, computed exactly first; `None` for a zero
/// denominator.
fn exact_ratio(numerator: Decimal, denominator: Decimal) -> Option<f64> {
    if denominator.is_zero() {
        return None;
    }
    Some(
        numerator
            .checked_div(denominator)
            .map_or_else(|| approx(numerator) / approx(denominator), approx),
    )
}

/// `reference_year` from kam.toml, else the latest year any account reports.
pub fn reference_year(
    configured: Option<i32>,
    accounts: &[std::sync::Arc<Account>],
) -> Option<i32> {
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
    let revenue = current.revenue.exact();
    YearFigures {
        growth: previous.and_then(|previous| {
            exact_ratio(
                current.revenue.checked_sub(previous.revenue).exact(),
                previous.revenue.exact(),
            )
        }),
        gross_margin_pct: current
            .gross_margin
            .and_then(|margin| exact_ratio(margin.exact(), revenue)),
        net_contribution: current
            .gross_margin
            .map(|margin| margin.checked_sub(current.cost_to_serve)),
        share_of_wallet: current
            .wallet
            .and_then(|wallet| exact_ratio(revenue, wallet.exact())),
    }
}

/// Economics of every account, in the order given.
pub fn analyse(
    accounts: &[std::sync::Arc<Account>],
    year: Option<i32>,
    abc_cutoffs: [Decimal; 2],
) -> Vec<Economics> {
    // Per account in parallel, the order and the running sum alone in sequence: at 10,000
    // accounts the exact divisions for the shares were most of a rebuild's analysis.
    let revenues: Vec<Amount> = accounts
        .par_iter()
        .map(|account| year_row(account, year).map_or(Amount::ZERO, |row| row.revenue))
        .collect();
    let exact: Vec<Decimal> = revenues.par_iter().map(|revenue| revenue.exact()).collect();
    let mut order: Vec<usize> = (0..accounts.len()).collect();
    // Exact order, so that −0.0 ties with 0 and equal decimals go by slug.
    order.par_sort_unstable_by(|&a, &b| {
        exact[b]
            .cmp(&exact[a])
            .then_with(|| accounts[a].slug.cmp(&accounts[b].slug))
    });
    let total: Amount = order.iter().map(|&index| revenues[index]).sum();
    let total_exact = total.exact();

    // SPEC v2 §4a: before_i < cutoff exactly when (Σ ahead) < cutoff · T.
    let bounds = abc_cutoffs.map(|cutoff| cutoff.checked_mul(total_exact));
    let mut places = vec![(AbcClass::C, Amount::ZERO, 0); accounts.len()];
    let mut ahead = Amount::ZERO;
    for (rank, &index) in order.iter().enumerate() {
        let including = ahead.checked_add(revenues[index]);
        let abc = if total_exact.is_zero() {
            AbcClass::C
        } else {
            let below = |bound: Option<Decimal>| bound.is_some_and(|bound| ahead.exact() < bound);
            if below(bounds[0]) {
                AbcClass::A
            } else if below(bounds[1]) {
                AbcClass::B
            } else {
                AbcClass::C
            }
        };
        places[index] = (abc, including, rank);
        ahead = including;
    }
    let share = |amount: Amount| {
        if total_exact.is_zero() {
            0.0
        } else {
            exact_ratio(amount.exact(), total_exact).unwrap_or_default()
        }
    };

    accounts
        .par_iter()
        .zip(revenues)
        .zip(places)
        .map(|((account, revenue), (abc, including, rank))| {
            let revenue_share = share(revenue);
            let cumulative_share = share(including);
            let previous = year_row(account, year.and_then(|year| year.checked_sub(1)));
            let current = year_row(account, year);
            let figures = current.map(|current| year_figures(current, previous));
            // SPEC v2 §5: a customer with a row for Y−1 but none for Y is lost, the
            // steepest decline there is.
            let lost =
                current.is_none() && previous.is_some_and(|previous| !previous.revenue.is_zero());
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
                previous_revenue: previous.map(|previous| previous.revenue),
            }
        })
        .collect()
}
