//! The sentences of alerts (SPEC §9) in the site language, and the alerts grouped by
//! account as the portfolio, segment and manager pages list them. One sentence per alert,
//! so an alert reads the same on a page and in portfolio.json.
//!
//! Not here: when an alert is raised (`analysis::alerts`).

use rayon::prelude::*;
use serde::Serialize;

use crate::analysis::alerts::Alert;
use crate::analysis::{AccountAnalysis, Portfolio};
use crate::view::labels::Labels;

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct AlertView {
    pub code: &'static str,
    pub message: String,
}

pub fn views(labels: &Labels, analysis: &AccountAnalysis) -> Vec<AlertView> {
    analysis
        .alerts
        .iter()
        .map(|alert| AlertView {
            code: alert.code(),
            message: message(labels, alert),
        })
        .collect()
}

/// One account's alerts, for lists across accounts.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct AccountAlerts {
    /// Position in `Site::accounts`, for picking a group's alerts.
    #[serde(skip)]
    pub index: usize,
    pub account: String,
    pub account_url: String,
    pub rag: &'static str,
    pub alerts: Vec<AlertView>,
}

/// The order alert lists follow: red plans first, then amber, green and none, each by
/// reference-year revenue (largest first).
pub fn groups(
    labels: &Labels,
    portfolio: &Portfolio,
    names: &[&str],
    urls: &[&str],
) -> Vec<AccountAlerts> {
    let mut order: Vec<usize> = portfolio.abc_order.clone();
    order.sort_by_key(|&index| {
        (
            portfolio.accounts[index].plan.rag,
            portfolio.accounts[index].economics.rank,
        )
    });
    // Each group's sentences are made on their own; the list keeps the order.
    order
        .into_par_iter()
        .filter(|&index| !portfolio.accounts[index].alerts.is_empty())
        .map(|index| AccountAlerts {
            index,
            account: names[index].to_string(),
            account_url: urls[index].to_string(),
            rag: portfolio.accounts[index].plan.rag.key(),
            alerts: views(labels, &portfolio.accounts[index]),
        })
        .collect()
}

/// The sentence for an alert, naming what it concerns.
pub fn message(labels: &Labels, alert: &Alert) -> String {
    let (strings, format) = (labels.strings, labels.format);
    let key = format!("alert.{}", alert.code());
    match alert {
        Alert::Unscored {
            attractiveness,
            strength,
        } => {
            let axes: Vec<&str> = [
                (*attractiveness, "alert.unscored_attractiveness"),
                (*strength, "alert.unscored_strength"),
            ]
            .into_iter()
            .filter(|(missing, _)| *missing)
            .map(|(_, key)| strings.get(key))
            .collect();
            strings.fill(&key, &[("axes", &axes.join(", "))])
        }
        Alert::PlanBlocked { actions } => {
            let titles: Vec<String> = actions
                .iter()
                .map(|title| strings.fill("quote", &[("text", title)]))
                .collect();
            strings.fill(
                &key,
                &[
                    ("actions", &titles.join(", ")),
                    ("count", &actions.len().to_string()),
                ],
            )
        }
        Alert::ActionOverdue {
            title, days, due, ..
        } => strings.fill(
            &key,
            &[
                ("title", title),
                ("days", &strings.count("count.days", days.unsigned_abs())),
                ("due", &format.date(*due)),
            ],
        ),
        Alert::ObjectiveOverdue { title, due, .. } => {
            strings.fill(&key, &[("title", title), ("due", &format.date(*due))])
        }
        Alert::NoPlan { quadrant } => strings.fill(
            &key,
            &[(
                "quadrant",
                strings.get(&format!("quadrant.{}", quadrant.key())),
            )],
        ),
        Alert::MissingDecider => strings.get(&key).to_string(),
        Alert::SingleThreaded { stage } => strings.fill(
            &key,
            &[("stage", strings.get(&format!("stage.{}", stage.key())))],
        ),
        Alert::RevenueDecline { growth, year } => strings.fill(
            &key,
            &[
                ("change", &format.percent(-growth)),
                ("year", &year.to_string()),
            ],
        ),
        Alert::NegativeContribution { amount, year } => strings.fill(
            &key,
            &[
                ("amount", &format.money(*amount)),
                ("year", &year.to_string()),
            ],
        ),
        Alert::RelationshipAtRisk => strings.get(&key).to_string(),
        Alert::StalePlan {
            last_reviewed,
            days,
        } => strings.fill(
            &key,
            &[
                ("date", &format.date(*last_reviewed)),
                ("days", &strings.count("count.days", days.unsigned_abs())),
            ],
        ),
        Alert::DownstreamDecline { name, growth, .. } => strings.fill(
            &key,
            &[("customer", name), ("change", &format.percent(-growth))],
        ),
        Alert::ForecastDrop { now, then } => strings.fill(
            &key,
            &[
                ("now", strings.get(&format!("quadrant.{}", now.key()))),
                ("then", strings.get(&format!("quadrant.{}", then.key()))),
            ],
        ),
        Alert::Undervalued { preference } => strings.fill(
            "alert.misaligned_undervalued",
            &[(
                "preference",
                strings.get(&format!("preference.{}", preference.key())),
            )],
        ),
        Alert::Misaligned { view } => strings.fill(
            &key,
            &[("view", strings.get(&format!("buyer_view.{}", view.key())))],
        ),
    }
}
