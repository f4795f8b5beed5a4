//! SPEC §10: `data/portfolio.json`, field for field.
//!
//! The shape is a contract with tools outside kam, so it is spelled out here as its own
//! types instead of serialising the analysis structs, which may grow for the pages. Not
//! here: computing any of it (`analysis`).

use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::value::RawValue;

use crate::amount::Amount;
use crate::analysis::buyer::{BuyerView, Preference};
use crate::analysis::economics::AbcClass;
use crate::analysis::plan::Rag;
use crate::analysis::relationship::ContactStructure;
use crate::analysis::scores::Quadrant;
use crate::analysis::{AccountAnalysis, Portfolio};
use crate::config::Config;
use crate::content::model::{Account, Role, Stage, account_index};
use crate::memo;
use crate::view::account::UNSCORED;
use crate::view::labels::Labels;
use crate::view::{alerts, urls};

/// The file; `A` is its list of accounts: each made as it is written ([`EveryAccount`]),
/// or their texts already written.
#[derive(Serialize)]
pub struct PortfolioJson<'a, A> {
    pub today: String,
    pub reference_year: Option<i32>,
    pub currency: &'a str,
    pub accounts: A,
    pub totals: TotalsJson<'a>,
}

#[derive(Serialize)]
pub struct ForecastJson {
    pub attractiveness: f64,
    pub strength: f64,
    pub quadrant: Quadrant,
}

#[derive(Serialize)]
pub struct PlanJson {
    pub rag: Rag,
    pub progress: Option<f64>,
    pub overdue: usize,
    pub due_soon: usize,
    pub blocked: usize,
    pub last_reviewed: Option<String>,
    pub stale: bool,
}

/// A `sells_to` entry: an account of the site by slug, or a customer outside by name.
#[derive(Serialize)]
#[serde(untagged)]
pub enum CustomerJson<'a> {
    Account { slug: &'a str },
    Outside { name: &'a str },
}

#[derive(Serialize)]
pub struct ChainJson<'a> {
    pub stage: &'a str,
    pub accounts: usize,
    pub revenue: Amount,
}

#[derive(Serialize)]
pub struct AlertJson {
    pub code: &'static str,
    pub message: String,
}

#[derive(Serialize)]
pub struct AccountJson<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub manager: &'a str,
    pub url: String,
    pub stage: Stage,
    pub attractiveness: Option<f64>,
    pub strength: Option<f64>,
    pub quadrant: Option<Quadrant>,
    pub forecast: Option<ForecastJson>,
    pub revenue: Amount,
    pub revenue_share: f64,
    pub cumulative_share: f64,
    pub abc: AbcClass,
    pub growth: Option<f64>,
    pub gross_margin_pct: Option<f64>,
    pub net_contribution: Option<Amount>,
    pub share_of_wallet: Option<f64>,
    pub whitespace: Option<Amount>,
    pub plan: PlanJson,
    pub contact_structure: ContactStructure,
    pub missing_roles: Vec<Role>,
    pub buyer_view: Option<BuyerView>,
    pub preference: Option<Preference>,
    pub chain: Option<&'a str>,
    pub sells_to: Vec<CustomerJson<'a>>,
    pub alerts: Vec<AlertJson>,
}

/// Counts keyed by name, in the SPEC's order.
#[derive(Serialize)]
pub struct TotalsJson<'a> {
    pub revenue: Amount,
    pub whitespace: Amount,
    pub quadrant: serde_json::Map<String, serde_json::Value>,
    pub abc: serde_json::Map<String, serde_json::Value>,
    pub rag: serde_json::Map<String, serde_json::Value>,
    pub revenue_by_quadrant: serde_json::Map<String, serde_json::Value>,
    pub chain: Vec<ChainJson<'a>>,
}

fn counts<T: Copy>(
    pairs: &[(T, usize)],
    key: impl Fn(T) -> &'static str,
) -> serde_json::Map<String, serde_json::Value> {
    pairs
        .iter()
        .map(|(item, count)| (key(*item).to_string(), serde_json::Value::from(*count)))
        .collect()
}

fn revenue_by_quadrant(portfolio: &Portfolio) -> serde_json::Map<String, serde_json::Value> {
    let revenue = |quadrant: Option<Quadrant>| -> Amount {
        portfolio
            .accounts
            .iter()
            .filter(|analysis| analysis.scores.quadrant == quadrant)
            .map(|analysis| analysis.economics.revenue)
            .sum()
    };
    Quadrant::ALL
        .into_iter()
        .map(Some)
        .chain([None])
        .map(|quadrant| {
            let key = quadrant.map_or(UNSCORED, Quadrant::key).to_string();
            let value = serde_json::to_value(revenue(quadrant)).unwrap_or_default();
            (key, value)
        })
        .collect()
}

/// Every account's part, made as it is written and dropped after: at 10,000 accounts the
/// parts held at once were some 6 MB. The parts are made a few hundred at a time in
/// parallel, each as its text at the depth where it stands, so this serialises only into
/// the pretty-printed file ([`write_json`]).
pub struct EveryAccount<'a> {
    accounts: &'a [std::sync::Arc<Account>],
    portfolio: &'a Portfolio,
    labels: Labels<'a>,
}

/// How many accounts' parts are made at once: enough to share between the cores, few
/// enough that their texts take little memory.
const PARTS_AT_ONCE: usize = 512;

impl Serialize for EveryAccount<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let mut sequence = serializer.serialize_seq(Some(self.accounts.len()))?;
        for (accounts, analyses) in self
            .accounts
            .chunks(PARTS_AT_ONCE)
            .zip(self.portfolio.accounts.chunks(PARTS_AT_ONCE))
        {
            let texts: Vec<Result<Box<RawValue>, serde_json::Error>> = accounts
                .par_iter()
                .zip(analyses)
                .map(|(account, analysis)| {
                    nested(&account_json(
                        &self.labels,
                        self.accounts,
                        account,
                        analysis,
                    ))
                })
                .collect();
            for text in texts {
                sequence.serialize_element(&*text.map_err(S::Error::custom)?)?;
            }
        }
        sequence.end()
    }
}

pub fn build<'a>(
    accounts: &'a [std::sync::Arc<Account>],
    portfolio: &'a Portfolio,
    config: &'a Config,
) -> PortfolioJson<'a, EveryAccount<'a>> {
    let every = EveryAccount {
        accounts,
        portfolio,
        labels: Labels::new(config),
    };
    with_accounts(every, portfolio, config)
}

fn account_json<'a>(
    labels: &Labels,
    accounts: &[std::sync::Arc<Account>],
    account: &'a Account,
    analysis: &AccountAnalysis,
) -> AccountJson<'a> {
    AccountJson {
        slug: &account.slug,
        name: &account.name,
        manager: &account.manager,
        url: urls::folder(&urls::account(&account.slug)).to_string(),
        stage: account.stage,
        attractiveness: analysis.scores.attractiveness,
        strength: analysis.scores.strength,
        quadrant: analysis.scores.quadrant,
        forecast: analysis.forecast.as_ref().map(|forecast| ForecastJson {
            attractiveness: forecast.attractiveness,
            strength: forecast.strength,
            quadrant: forecast.quadrant,
        }),
        revenue: analysis.economics.revenue,
        revenue_share: analysis.economics.revenue_share,
        cumulative_share: analysis.economics.cumulative_share,
        abc: analysis.economics.abc,
        growth: analysis.economics.growth,
        gross_margin_pct: analysis.economics.gross_margin_pct,
        net_contribution: analysis.economics.net_contribution,
        share_of_wallet: analysis.economics.share_of_wallet,
        whitespace: analysis.economics.whitespace,
        plan: PlanJson {
            rag: analysis.plan.rag,
            progress: analysis.plan.progress,
            overdue: analysis.plan.overdue,
            due_soon: analysis.plan.due_soon,
            blocked: analysis.plan.blocked,
            last_reviewed: analysis.plan.last_reviewed.map(|date| date.to_string()),
            stale: analysis.plan.stale,
        },
        contact_structure: analysis.relationship.structure,
        missing_roles: analysis.relationship.missing_roles.clone(),
        buyer_view: analysis.buyer_view,
        preference: analysis.preference,
        chain: account.chain.as_deref(),
        sells_to: account
            .sells_to
            .iter()
            .map(|entry| {
                if account_index(accounts, entry).is_some() {
                    CustomerJson::Account { slug: entry }
                } else {
                    CustomerJson::Outside { name: entry }
                }
            })
            .collect(),
        alerts: analysis
            .alerts
            .iter()
            .map(|alert| AlertJson {
                code: alert.code(),
                message: alerts::message(labels, alert),
            })
            .collect(),
    }
}

fn with_accounts<'a, A>(
    accounts: A,
    portfolio: &'a Portfolio,
    config: &'a Config,
) -> PortfolioJson<'a, A> {
    PortfolioJson {
        today: portfolio.today.to_string(),
        reference_year: portfolio.reference_year,
        currency: &config.currency,
        accounts,
        totals: TotalsJson {
            revenue: portfolio.totals.revenue,
            whitespace: portfolio.totals.whitespace,
            quadrant: {
                let mut quadrant = counts(&portfolio.totals.quadrant, Quadrant::key);
                quadrant.insert(
                    UNSCORED.to_string(),
                    serde_json::Value::from(portfolio.totals.unscored),
                );
                quadrant
            },
            abc: counts(&portfolio.totals.abc, AbcClass::key),
            rag: counts(&portfolio.totals.rag, Rag::key),
            revenue_by_quadrant: revenue_by_quadrant(portfolio),
            chain: portfolio
                .totals
                .chain
                .iter()
                .map(|stage| ChainJson {
                    stage: &stage.stage,
                    accounts: stage.accounts,
                    revenue: stage.revenue,
                })
                .collect(),
        },
    }
}

/// Pretty-printed, with a final newline. With a memo, an account's part is written again
/// only when what it reads has changed: at 10,000 accounts, writing every account was a
/// serial tenth of a second of each rebuild.
pub fn to_json(
    accounts: &[std::sync::Arc<Account>],
    portfolio: &Portfolio,
    config: &Config,
    memo: Option<&Memo>,
) -> String {
    let text = match memo {
        None => serde_json::to_string_pretty(&build(accounts, portfolio, config)),
        Some(memo) => account_texts(memo, accounts, portfolio, config).and_then(|texts| {
            let raw: Vec<&RawValue> = texts.iter().map(|text| &**text).collect();
            serde_json::to_string_pretty(&with_accounts(raw, portfolio, config))
        }),
    };
    let mut text = text.unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"));
    text.push('\n');
    text
}

/// portfolio.json as [`to_json`] makes it without a memo, written to `out` as it is made: at
/// 10,000 accounts the text is 17 MB, which a build need not hold.
pub fn write_json(
    accounts: &[std::sync::Arc<Account>],
    portfolio: &Portfolio,
    config: &Config,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &build(accounts, portfolio, config))?;
    out.write_all(b"\n")
}

/// Each account's part of portfolio.json as the last build wrote it, kept by `serve`.
pub type Memo = memo::PerAccount<AccountText>;

/// An account's part and what it was made from besides kam.toml and the date: the
/// account (by identity: a loaded account is never changed), its analysis, and which of
/// its customers are accounts of the site.
pub struct AccountText {
    account: Arc<Account>,
    /// Shared with the next build's part when it is equal: copying and freeing 10,000
    /// analyses on every rebuild cost more than the comparison.
    analysis: Arc<AccountAnalysis>,
    customers: Vec<bool>,
    text: Arc<RawValue>,
}

impl memo::OfAccount for AccountText {
    fn account(&self) -> &Arc<Account> {
        &self.account
    }
}

/// Each account's part, in account order, taken from `memo` where unchanged.
fn account_texts(
    memo: &Memo,
    accounts: &[Arc<Account>],
    portfolio: &Portfolio,
    config: &Config,
) -> Result<Vec<Arc<RawValue>>, serde_json::Error> {
    let kept = memo.take(config, portfolio.today);
    let labels = Labels::new(config);
    let texts: Vec<AccountText> = accounts
        .par_iter()
        .zip(&portfolio.accounts)
        .enumerate()
        .map(|(index, (account, analysis))| {
            let customers: Vec<bool> = account
                .sells_to
                .iter()
                .map(|entry| account_index(accounts, entry).is_some())
                .collect();
            let earlier = kept
                .as_ref()
                .and_then(|kept| kept.get_at(index, &account.slug))
                .filter(|earlier| {
                    Arc::ptr_eq(&earlier.account, account)
                        && earlier.customers == customers
                        && (Arc::ptr_eq(&earlier.analysis, analysis)
                            || *earlier.analysis == **analysis)
                });
            let (analysis, text) = match earlier {
                Some(earlier) => (Arc::clone(&earlier.analysis), Arc::clone(&earlier.text)),
                None => (
                    Arc::clone(analysis),
                    nested_text(&account_json(&labels, accounts, account, analysis))?,
                ),
            };
            Ok(AccountText {
                account: Arc::clone(account),
                analysis,
                customers,
                text,
            })
        })
        .collect::<Result<_, serde_json::Error>>()?;
    let raw = texts.iter().map(|kept| Arc::clone(&kept.text)).collect();
    memo.keep(config, portfolio.today, texts);
    Ok(raw)
}

/// [`nested`], shared with the memo.
fn nested_text(account: &AccountJson) -> Result<Arc<RawValue>, serde_json::Error> {
    nested(account).map(Arc::from)
}

/// An account's part pretty-printed as it reads in the file, where it stands two levels
/// deep: every line after its first indented by two more levels. JSON strings hold no line
/// breaks, so each line of the text is a line of the layout.
fn nested(account: &AccountJson) -> Result<Box<RawValue>, serde_json::Error> {
    let text = serde_json::to_string_pretty(account)?;
    RawValue::from_string(text.replace('\n', "\n    "))
}
