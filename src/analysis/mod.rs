//! The KAM analysis of SPEC §4–§9: pure functions of the loaded accounts, the config and
//! `today`. No I/O and no clock, so every boundary can be tested and accounts can be
//! analysed in parallel.

pub mod alerts;
pub mod buyer;
pub mod economics;
pub mod history;
pub mod plan;
pub mod relationship;
pub mod scores;

use rayon::prelude::*;
use time::Date;

use crate::amount::Amount;
use crate::config::Config;
use crate::content::model::Account;
use crate::history::History;
use alerts::Alert;
use buyer::{BuyerView, Preference};
use economics::{AbcClass, Economics};
use plan::{Plan, Rag};
use relationship::Relationship;
use scores::{ForecastPosition, Quadrant, Scores};

/// Everything computed about one account; index-aligned with `Site::accounts`.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountAnalysis {
    pub scores: Scores,
    pub forecast: Option<ForecastPosition>,
    pub economics: Economics,
    pub plan: Plan,
    pub relationship: Relationship,
    pub buyer_view: Option<BuyerView>,
    /// `None` while attractiveness is unscored (SPEC v2 §8).
    pub preference: Option<Preference>,
    pub alerts: Vec<Alert>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Totals {
    pub revenue: Amount,
    /// Σ whitespace of the accounts with a wallet for the reference year (SPEC v2 §10).
    pub whitespace: Amount,
    /// Per stage of kam.toml's value chain, in its order: accounts and Σ revenue.
    pub chain: Vec<ChainTotal>,
    /// Scored accounts per quadrant; the unscored are counted in `unscored`.
    pub quadrant: Vec<(Quadrant, usize)>,
    pub unscored: usize,
    pub abc: Vec<(AbcClass, usize)>,
    pub rag: Vec<(Rag, usize)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChainTotal {
    pub stage: String,
    pub accounts: usize,
    pub revenue: Amount,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Portfolio {
    pub today: Date,
    pub reference_year: Option<i32>,
    pub accounts: Vec<AccountAnalysis>,
    /// Account indices from the largest reference-year revenue down (ties by slug).
    pub abc_order: Vec<usize>,
    pub totals: Totals,
    /// SPEC v2 §12: each account's snapshots and its movement since the comparison date.
    pub history: history::PortfolioHistory,
}

/// Analyses accounts sorted by slug, as `content::load` returns them, without history.
pub fn analyse(accounts: &[std::sync::Arc<Account>], config: &Config, today: Date) -> Portfolio {
    let compare = compare_date(config, today, None);
    analyse_with_history(
        accounts,
        config,
        today,
        &History::none(accounts.len()),
        compare,
    )
}

/// The date "since last review" compares with: `since` when given, else today −
/// compare_days.
pub fn compare_date(config: &Config, today: Date, since: Option<Date>) -> Date {
    since.unwrap_or_else(|| today.saturating_sub(time::Duration::days(config.history.compare_days)))
}

/// [`analyse`], with the accounts' history (index-aligned) compared at `compare`.
pub fn analyse_with_history(
    accounts: &[std::sync::Arc<Account>],
    config: &Config,
    today: Date,
    history: &History,
    compare: Date,
) -> Portfolio {
    let none = History::none(accounts.len());
    let history = if history.accounts.len() == accounts.len() {
        history
    } else {
        &none
    };
    let segmentation = &config.segmentation;
    let reference_year = economics::reference_year(config.reference_year, accounts);
    let economics = economics::analyse(accounts, reference_year, segmentation.abc_cutoffs);

    let mut analysed: Vec<AccountAnalysis> = accounts
        .par_iter()
        .zip(economics.par_iter())
        .zip(history.accounts.par_iter())
        .map(|((account, economics), snapshots)| {
            let scores = scores::score(account, segmentation);
            let forecast = account
                .forecast
                .as_ref()
                .map(|forecast| scores::forecast(forecast, segmentation));
            let plan = plan::analyse_reviewed(
                account,
                today,
                &config.plan,
                history::plan_changed(snapshots),
            );
            let relationship = relationship::analyse(account);
            let buyer_view = account.buyer.as_ref().map(BuyerView::of);
            let preference = scores
                .attractive
                .map(|attractive| Preference::of(attractive, economics.abc));
            let alerts = alerts::analyse(&alerts::Inputs {
                account,
                scores: &scores,
                economics,
                plan: &plan,
                relationship: &relationship,
                buyer_view,
                preference,
                forecast: forecast.as_ref(),
                reference_year,
                today,
                revenue_decline: config.alerts.revenue_decline,
            });
            AccountAnalysis {
                scores,
                forecast,
                economics: economics.clone(),
                plan,
                relationship,
                buyer_view,
                preference,
                alerts,
            }
        })
        .collect();
    let mut all_alerts: Vec<Vec<Alert>> = analysed
        .iter_mut()
        .map(|analysis| std::mem::take(&mut analysis.alerts))
        .collect();
    alerts::add_downstream(accounts, &economics, &mut all_alerts);
    for (analysis, alerts) in analysed.iter_mut().zip(all_alerts) {
        analysis.alerts = alerts;
    }

    let history = history::PortfolioHistory {
        read: history.read,
        compare,
        accounts: accounts
            .par_iter()
            .zip(&analysed)
            .zip(history.accounts.par_iter())
            .map(|((account, analysis), snapshots)| {
                let today = history::Today {
                    account,
                    scores: &analysis.scores,
                    plan: &analysis.plan,
                    date: today,
                };
                history::analyse(&today, snapshots, config, reference_year, compare)
            })
            .collect(),
    };
    let mut abc_order: Vec<usize> = (0..accounts.len()).collect();
    abc_order.sort_by_key(|&index| analysed[index].economics.rank);
    let chain = config
        .chain
        .iter()
        .map(|stage| {
            let members: Vec<usize> = (0..accounts.len())
                .filter(|&index| accounts[index].chain.as_deref() == Some(stage.id.as_str()))
                .collect();
            ChainTotal {
                stage: stage.id.clone(),
                accounts: members.len(),
                revenue: members
                    .iter()
                    .map(|&index| analysed[index].economics.revenue)
                    .sum(),
            }
        })
        .collect();
    let totals = Totals {
        revenue: analysed
            .iter()
            .map(|analysis| analysis.economics.revenue)
            .sum(),
        whitespace: analysed
            .iter()
            .filter_map(|analysis| analysis.economics.whitespace)
            .sum(),
        chain,
        quadrant: Quadrant::ALL
            .into_iter()
            .map(|quadrant| {
                (
                    quadrant,
                    analysed
                        .iter()
                        .filter(|a| a.scores.quadrant == Some(quadrant))
                        .count(),
                )
            })
            .collect(),
        unscored: analysed
            .iter()
            .filter(|a| a.scores.quadrant.is_none())
            .count(),
        abc: AbcClass::ALL
            .into_iter()
            .map(|class| {
                (
                    class,
                    analysed.iter().filter(|a| a.economics.abc == class).count(),
                )
            })
            .collect(),
        rag: Rag::ALL
            .into_iter()
            .map(|rag| (rag, analysed.iter().filter(|a| a.plan.rag == rag).count()))
            .collect(),
    };
    Portfolio {
        today,
        reference_year,
        accounts: analysed,
        abc_order,
        totals,
        history,
    }
}
