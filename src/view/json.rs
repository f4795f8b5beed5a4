//! SPEC §10: `data/portfolio.json`, field for field.
//!
//! The shape is a contract with tools outside kam, so it is spelled out here as its own
//! types instead of serialising the analysis structs, which may grow for the pages. Not
//! here: computing any of it (`analysis`).

use serde::Serialize;

use crate::amount::Amount;
use crate::analysis::Portfolio;
use crate::analysis::buyer::{BuyerView, Preference};
use crate::analysis::economics::AbcClass;
use crate::analysis::plan::Rag;
use crate::analysis::relationship::ContactStructure;
use crate::analysis::scores::Quadrant;
use crate::config::Config;
use crate::content::model::{Account, Role, Stage};
use crate::view::labels::Labels;
use crate::view::{alerts, urls};

#[derive(Serialize)]
pub struct PortfolioJson<'a> {
    pub today: String,
    pub reference_year: Option<i32>,
    pub currency: &'a str,
    pub accounts: Vec<AccountJson<'a>>,
    pub totals: TotalsJson,
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
    pub plan: PlanJson,
    pub contact_structure: ContactStructure,
    pub missing_roles: Vec<Role>,
    pub buyer_view: Option<BuyerView>,
    pub preference: Option<Preference>,
    pub alerts: Vec<AlertJson>,
}

/// Counts keyed by name, in the SPEC's order.
#[derive(Serialize)]
pub struct TotalsJson {
    pub revenue: Amount,
    pub quadrant: serde_json::Map<String, serde_json::Value>,
    pub abc: serde_json::Map<String, serde_json::Value>,
    pub rag: serde_json::Map<String, serde_json::Value>,
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

pub fn build<'a>(
    accounts: &'a [Account],
    portfolio: &Portfolio,
    config: &'a Config,
) -> PortfolioJson<'a> {
    let labels = Labels::new(config);
    PortfolioJson {
        today: portfolio.today.to_string(),
        reference_year: portfolio.reference_year,
        currency: &config.currency,
        accounts: accounts
            .iter()
            .zip(&portfolio.accounts)
            .map(|(account, analysis)| AccountJson {
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
                plan: PlanJson {
                    rag: analysis.plan.rag,
                    progress: analysis.plan.progress,
                    overdue: analysis.plan.overdue,
                    due_soon: analysis.plan.due_soon,
                    blocked: analysis.plan.blocked,
                },
                contact_structure: analysis.relationship.structure,
                missing_roles: analysis.relationship.missing_roles.clone(),
                buyer_view: analysis.buyer_view,
                preference: analysis.preference,
                alerts: analysis
                    .alerts
                    .iter()
                    .map(|alert| AlertJson {
                        code: alert.code(),
                        message: alerts::message(&labels, alert),
                    })
                    .collect(),
            })
            .collect(),
        totals: TotalsJson {
            revenue: portfolio.totals.revenue,
            quadrant: {
                let mut quadrant = counts(&portfolio.totals.quadrant, Quadrant::key);
                quadrant.insert(
                    "unscored".to_string(),
                    serde_json::Value::from(portfolio.totals.unscored),
                );
                quadrant
            },
            abc: counts(&portfolio.totals.abc, AbcClass::key),
            rag: counts(&portfolio.totals.rag, Rag::key),
        },
    }
}

/// Pretty-printed, with a final newline.
pub fn to_json(accounts: &[Account], portfolio: &Portfolio, config: &Config) -> String {
    let mut text = serde_json::to_string_pretty(&build(accounts, portfolio, config))
        .unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"));
    text.push('\n');
    text
}
