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

use std::sync::Arc;

use rayon::prelude::*;
use time::Date;

use crate::amount::Amount;
use crate::config::Config;
use crate::content::model::Account;
use crate::history::History;
use crate::memo;
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
    /// Shared with the memo of `serve`, which takes over an unchanged account's analysis.
    pub accounts: Vec<Arc<AccountAnalysis>>,
    /// Account indices from the largest reference-year revenue down (ties by slug).
    pub abc_order: Vec<usize>,
    pub totals: Totals,
    /// SPEC v2 §12: each account's snapshots and its movement since the comparison date.
    pub history: history::PortfolioHistory,
}

/// Analyses accounts sorted by slug, as `content::load` returns them, without history.
pub fn analyse(accounts: &[Arc<Account>], config: &Config, today: Date) -> Portfolio {
    let compare = compare_date(config, today, None);
    analyse_with_history(
        accounts,
        config,
        today,
        &History::none(accounts.len()),
        compare,
        None,
    )
}

/// The date "since last review" compares with: `since` when given, else today −
/// compare_days.
pub fn compare_date(config: &Config, today: Date, since: Option<Date>) -> Date {
    since.unwrap_or_else(|| today.saturating_sub(time::Duration::days(config.history.compare_days)))
}

/// [`analyse`], with the accounts' history (index-aligned) compared at `compare`; with a
/// memo, each account's own analysis is taken over from the last build when what it reads
/// is unchanged.
pub fn analyse_with_history(
    accounts: &[Arc<Account>],
    config: &Config,
    today: Date,
    history: &History,
    compare: Date,
    memo: Option<&Memo>,
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

    let kept = memo.and_then(|memo| memo.take(config, today));
    let own: Vec<KeptAnalysis> = accounts
        .par_iter()
        .zip(economics.par_iter())
        .zip(history.accounts.par_iter())
        .enumerate()
        .map(|(index, ((account, economics), snapshots))| {
            let plan_changed = history::plan_changed(snapshots);
            let earlier = kept
                .as_ref()
                .and_then(|kept| kept.get_at(index, &account.slug))
                .filter(|earlier| {
                    Arc::ptr_eq(&earlier.account, account)
                        && earlier.plan_changed == plan_changed
                        && earlier.reference_year == reference_year
                        && same_place(&earlier.analysis.economics, economics)
                });
            let analysis = match earlier {
                Some(earlier) => Arc::clone(&earlier.analysis),
                None => Arc::new(analyse_account(
                    account,
                    economics,
                    plan_changed,
                    config,
                    today,
                    reference_year,
                )),
            };
            KeptAnalysis {
                account: Arc::clone(account),
                plan_changed,
                reference_year,
                analysis,
            }
        })
        .collect();
    let mut analysed: Vec<Arc<AccountAnalysis>> =
        own.iter().map(|kept| Arc::clone(&kept.analysis)).collect();
    let added = alerts::downstream(
        accounts,
        &economics,
        own.iter().map(|kept| kept.analysis.alerts.as_slice()),
    );
    // The memo keeps each account's own alerts; an account with alerts from its customers
    // has them added to a copy.
    for (index, alert) in added {
        Arc::make_mut(&mut analysed[index]).alerts.push(alert);
    }
    if let Some(memo) = memo {
        memo.keep(config, today, own);
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

/// One account's own analysis: everything but the alerts that come from its customers.
fn analyse_account(
    account: &Account,
    economics: &Economics,
    plan_changed: Option<Date>,
    config: &Config,
    today: Date,
    reference_year: Option<i32>,
) -> AccountAnalysis {
    let segmentation = &config.segmentation;
    let scores = scores::score(account, segmentation);
    let forecast = account
        .forecast
        .as_ref()
        .map(|forecast| scores::forecast(forecast, segmentation));
    let plan = plan::analyse_reviewed(account, today, &config.plan, plan_changed);
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
}

/// Whether an account's economics are those of an earlier build of the same account: all
/// but its place in the portfolio come from the account and the reference year alone. The
/// shares are compared by their bits, as 0.0 and −0.0 print differently.
fn same_place(earlier: &Economics, now: &Economics) -> bool {
    earlier.rank == now.rank
        && earlier.abc == now.abc
        && earlier.revenue_share.to_bits() == now.revenue_share.to_bits()
        && earlier.cumulative_share.to_bits() == now.cumulative_share.to_bits()
}

/// An account's own analysis as the last build made it, and what it was made from besides
/// kam.toml, the date and its place in the portfolio (which the analysis holds).
pub struct KeptAnalysis {
    account: Arc<Account>,
    plan_changed: Option<Date>,
    reference_year: Option<i32>,
    analysis: Arc<AccountAnalysis>,
}

impl memo::OfAccount for KeptAnalysis {
    fn account(&self) -> &Arc<Account> {
        &self.account
    }
}

/// Each account's own analysis from the last build, kept by `serve`.
pub type Memo = memo::PerAccount<KeptAnalysis>;
