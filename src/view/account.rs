//! An account as the pages show it: the short row of tables and lists ([`AccountRow`]) and
//! the whole briefing ([`AccountView`]) with its page ([`AccountPage`]), every number
//! already formatted for the site's language. Templates show these values and never
//! recompute them.
//!
//! Each view keeps machine keys (`quadrant = "strategic"`, for CSS classes and template
//! logic) beside human labels (`quadrant_label = "Strategisk"`). Not here: the analysis
//! itself, or where pages live (`urls`).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analysis::AccountAnalysis;
use crate::analysis::economics;
use crate::analysis::plan::{ActionState, is_live};
use crate::analysis::scores::{FactorPart, Quadrant};
use crate::config::{Factor, Segmentation};
use crate::content::model::{Account, Action, ExtraValue};
use crate::view::alerts::{self, AlertView};
use crate::view::charts::ChartView;
use crate::view::labels::Labels;
use crate::view::{Base, urls};

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct ActionView {
    pub title: String,
    pub owner: String,
    pub objective: Option<String>,
    pub due: String,
    pub due_iso: String,
    pub status: &'static str,
    pub status_label: String,
    pub live: bool,
    pub overdue: bool,
    pub days_overdue: Option<i64>,
    pub due_soon: bool,
}

#[derive(Serialize, Clone, Debug)]
pub struct ObjectiveView {
    pub id: String,
    pub title: String,
    pub measure: Option<String>,
    pub due: String,
    pub achieved: bool,
    pub overdue: bool,
    pub done: usize,
    pub counted: usize,
    pub progress: String,
    pub actions: Vec<ActionView>,
}

#[derive(Serialize, Clone, Debug)]
pub struct FactorView {
    pub name: String,
    pub score: String,
    pub weight: String,
    pub weight_share: String,
    pub contribution: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct YearView {
    pub year: i32,
    pub revenue: String,
    pub gross_margin: String,
    pub gross_margin_pct: String,
    pub cost_to_serve: String,
    pub net_contribution: String,
    pub wallet: String,
    pub share_of_wallet: String,
    pub growth: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct ExtraRow {
    pub name: String,
    pub value: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct ContactView {
    pub name: String,
    pub title: Option<String>,
    pub function: String,
    pub role: &'static str,
    pub role_label: String,
    pub owner: String,
    /// 0 when not rated.
    pub strength: u8,
    pub strength_text: String,
    pub email: Option<String>,
    /// `mailto:` and `tel:` targets of the contact's address and number.
    pub email_href: Option<String>,
    pub phone: Option<String>,
    pub phone_href: Option<String>,
}

#[derive(Serialize, Clone, Debug)]
pub struct ForecastView {
    pub attractiveness: String,
    pub strength: String,
    pub quadrant: &'static str,
    pub quadrant_label: String,
    pub moves: bool,
}

/// A customer or supplier in the value chain: an account of the site (linked) or a
/// customer outside the portfolio (text only).
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct ChainLink {
    pub name: String,
    /// Relative to the site root; `None` outside the portfolio.
    pub url: Option<String>,
    pub stage_label: Option<String>,
}

/// Where the account sits in the value chain (SPEC v2 §11).
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct ChainPlace {
    pub stage_label: String,
    pub text: String,
    /// Its `sells_to`, in file order.
    pub customers: Vec<ChainLink>,
    /// The accounts whose `sells_to` names it, in slug order.
    pub suppliers: Vec<ChainLink>,
    /// Its `downstream_decline` alerts.
    pub declines: Vec<AlertView>,
}

/// The account's place in the chain; `None` when kam.toml has no chain.
pub fn chain_place(
    labels: &Labels,
    config: &crate::config::Config,
    accounts: &[std::sync::Arc<Account>],
    index: usize,
    suppliers: &[usize],
    alerts: &[AlertView],
) -> Option<ChainPlace> {
    if config.chain.is_empty() {
        return None;
    }
    let stage_label = |stage: Option<&str>| {
        stage.and_then(|id| {
            config
                .chain
                .iter()
                .find(|known| known.id == id)
                .map(|known| known.label.clone())
        })
    };
    let link = |other: &Account| ChainLink {
        name: other.name.clone(),
        url: Some(urls::account(&other.slug)),
        stage_label: stage_label(other.chain.as_deref()),
    };
    let account = &accounts[index];
    let own_stage = stage_label(account.chain.as_deref());
    Some(ChainPlace {
        text: match &own_stage {
            Some(stage) => labels.fill("account.chain_text", &[("stage", stage)]),
            None => labels.t("account.no_chain"),
        },
        stage_label: labels.or_dash(own_stage),
        customers: account
            .sells_to
            .iter()
            .map(
                |entry| match crate::content::model::account_index(accounts, entry) {
                    Some(other) => link(&accounts[other]),
                    None => ChainLink {
                        name: entry.clone(),
                        url: None,
                        stage_label: None,
                    },
                },
            )
            .collect(),
        suppliers: suppliers
            .iter()
            .map(|&other| link(&accounts[other]))
            .collect(),
        declines: alerts
            .iter()
            .filter(|alert| alert.code == "downstream_decline")
            .cloned()
            .collect(),
    })
}

/// A number that equals another only when it is written the same: `==` on floats takes
/// 0.0 and -0.0 for one, and a row equal to the last build's keeps the last build's page.
#[derive(Serialize, Clone, Copy, Debug)]
#[serde(transparent)]
pub struct Exact(pub f64);

impl PartialEq for Exact {
    fn eq(&self, other: &Self) -> bool {
        self.0.to_bits() == other.0.to_bits()
    }
}

/// The short form of an account: a row in tables, a link in lists.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct AccountRow {
    pub slug: String,
    pub name: String,
    pub url: String,
    pub manager: String,
    pub manager_url: String,
    pub stage: &'static str,
    pub stage_label: String,
    pub quadrant: &'static str,
    pub quadrant_label: String,
    pub quadrant_url: String,
    pub abc: &'static str,
    pub rag: &'static str,
    pub rag_label: String,
    pub revenue: String,
    pub revenue_value: Exact,
    pub share: String,
    /// What the customer buys in our category from others (SPEC v2 §5), or a dash.
    pub whitespace: String,
    pub cumulative_share: String,
    pub growth: String,
    pub attractiveness: String,
    pub strength: String,
    /// "attractiveness / strength" three years on, or a dash.
    pub forecast: String,
    pub alert_count: usize,
    pub rank: usize,
    /// The account's tags as a JSON list, for the table's filters (`kam.js`) to read from
    /// the row.
    pub filter_tags: String,
}

/// A tag of an account and its page.
#[derive(Serialize, Clone, Debug)]
pub struct TagLink {
    pub name: String,
    pub url: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct AccountView {
    #[serde(flatten)]
    pub row: AccountRow,
    pub industry: Option<String>,
    pub country: Option<String>,
    pub team: Vec<String>,
    pub customer_since: Option<i64>,
    pub tags: Vec<String>,
    /// The tags as links to their pages, in file order.
    pub tag_links: Vec<TagLink>,
    pub attractiveness_factors: Vec<FactorView>,
    pub strength_factors: Vec<FactorView>,
    pub forecast: Option<ForecastView>,
    pub reference_year: Option<i32>,
    pub gross_margin_pct: String,
    pub net_contribution: String,
    pub share_of_wallet: String,
    pub years: Vec<YearView>,
    /// When the plan was last reviewed, or `None`; `stale` past `plan.stale_days`.
    pub last_reviewed: Option<String>,
    pub stale: bool,
    /// `[extra]` as (field, value) rows, in file order.
    pub extra: Vec<ExtraRow>,
    pub contacts: Vec<ContactView>,
    pub structure: &'static str,
    pub structure_label: String,
    pub owners: usize,
    pub functions: usize,
    pub missing_roles: Vec<String>,
    pub buyer_view: Option<&'static str>,
    pub buyer_view_label: Option<String>,
    pub preference: &'static str,
    pub preference_label: String,
    /// One sentence on what the buyer's view and our preference mean together.
    pub combination: String,
    pub plan_rag: &'static str,
    pub plan_rag_label: String,
    pub progress: String,
    pub counted: usize,
    pub done: usize,
    pub overdue: usize,
    pub due_soon: usize,
    pub blocked: usize,
    pub objectives: Vec<ObjectiveView>,
    pub unlinked_actions: Vec<ActionView>,
    pub alerts: Vec<AlertView>,
    /// Its place in the value chain, when kam.toml has one; `SiteView` fills it in.
    pub chain: Option<ChainPlace>,
    pub body_html: String,
}

pub fn action_view(labels: &Labels, action: &Action, state: &ActionState) -> ActionView {
    ActionView {
        title: action.title.clone(),
        owner: action.owner.clone(),
        objective: action.objective.clone(),
        due: labels.format.date(action.due),
        due_iso: action.due.to_string(),
        status: action.status.key(),
        status_label: labels.label("status", action.status.key()),
        live: is_live(action.status),
        overdue: state.overdue(),
        days_overdue: state.days_overdue,
        due_soon: state.due_soon,
    }
}

/// The machine key of a quadrant, or `unscored` for an account not placed in the matrix.
pub fn quadrant_key(quadrant: Option<Quadrant>) -> &'static str {
    quadrant.map_or(UNSCORED, Quadrant::key)
}

pub const UNSCORED: &str = "unscored";

/// `manager` is the manager's name as pages spell it (SPEC v2 §7) and `manager_url` their
/// page, whose slug depends on the other managers' names.
pub fn row(
    labels: &Labels,
    account: &Account,
    analysis: &AccountAnalysis,
    manager: &str,
    manager_url: String,
) -> AccountRow {
    let quadrant = quadrant_key(analysis.scores.quadrant);
    AccountRow {
        slug: account.slug.clone(),
        name: account.name.clone(),
        url: urls::account(&account.slug),
        manager: manager.to_string(),
        manager_url,
        stage: account.stage.key(),
        stage_label: labels.label("stage", account.stage.key()),
        quadrant,
        quadrant_label: labels.label("quadrant", quadrant),
        quadrant_url: analysis
            .scores
            .quadrant
            .map(urls::segment)
            .unwrap_or_default(),
        abc: analysis.economics.abc.key(),
        rag: analysis.plan.rag.key(),
        rag_label: labels.label("rag", analysis.plan.rag.key()),
        revenue: labels.format.money(analysis.economics.revenue),
        revenue_value: Exact(analysis.economics.revenue.as_f64()),
        share: labels.format.percent(analysis.economics.revenue_share),
        whitespace: labels.money(analysis.economics.whitespace),
        cumulative_share: labels.format.percent(analysis.economics.cumulative_share),
        growth: labels.change(analysis.economics.growth),
        attractiveness: labels.or_dash(analysis.scores.attractiveness.map(|s| labels.score(s))),
        strength: labels.or_dash(analysis.scores.strength.map(|s| labels.score(s))),
        forecast: labels.or_dash(analysis.forecast.as_ref().map(|forecast| {
            format!(
                "{} / {}",
                labels.score(forecast.attractiveness),
                labels.score(forecast.strength)
            )
        })),
        alert_count: analysis.alerts.len(),
        rank: analysis.economics.rank + 1,
        filter_tags: serde_json::to_string(&account.tags).unwrap_or_default(),
    }
}

fn factors(labels: &Labels, factors: &[Factor], parts: &[FactorPart]) -> Vec<FactorView> {
    let total: f64 = parts.iter().map(|part| part.weight).sum();
    factors
        .iter()
        .zip(parts)
        .map(|(factor, part)| FactorView {
            name: factor.label.clone(),
            score: labels.format.number(part.score, 1),
            weight: labels.weight(part.weight),
            weight_share: labels.format.percent(if total > 0.0 {
                part.weight / total
            } else {
                0.0
            }),
            contribution: labels.format.number(part.contribution, 2),
        })
        .collect()
}

/// The whole briefing of an account, around the `row` the portfolio pages already made.
pub fn view(
    labels: &Labels,
    account: &Account,
    analysis: &AccountAnalysis,
    segmentation: &Segmentation,
    row: AccountRow,
    reference_year: Option<i32>,
) -> AccountView {
    let economics = &analysis.economics;
    let years = account
        .years
        .iter()
        .rev()
        .map(|row| {
            let previous = economics::year_row(account, row.year.checked_sub(1));
            let figures = economics::year_figures(row, previous);
            YearView {
                year: row.year,
                revenue: labels.format.money(row.revenue),
                gross_margin: labels.money(row.gross_margin),
                gross_margin_pct: labels.percent(figures.gross_margin_pct),
                cost_to_serve: labels.format.money(row.cost_to_serve),
                net_contribution: labels.money(figures.net_contribution),
                wallet: labels.money(row.wallet),
                share_of_wallet: labels.percent(figures.share_of_wallet),
                growth: labels.change(figures.growth),
            }
        })
        .collect();
    let actions: Vec<ActionView> = account
        .actions
        .iter()
        .zip(&analysis.plan.actions)
        .map(|(action, state)| action_view(labels, action, state))
        .collect();
    let objectives = account
        .objectives
        .iter()
        .zip(&analysis.plan.objectives)
        .map(|(objective, state)| ObjectiveView {
            id: objective.id.clone(),
            title: objective.title.clone(),
            measure: objective.measure.clone(),
            due: labels.format.date(objective.due),
            achieved: state.achieved,
            overdue: state.overdue,
            done: state.done,
            counted: state.counted,
            progress: labels.percent(state.progress()),
            actions: actions
                .iter()
                .filter(|action| action.objective.as_deref() == Some(objective.id.as_str()))
                .cloned()
                .collect(),
        })
        .collect();
    let unlinked_actions = actions
        .iter()
        .filter(|action| action.objective.is_none())
        .cloned()
        .collect();
    let buyer_view = analysis.buyer_view.map(|view| view.key());
    let preference = analysis
        .preference
        .map_or(UNSCORED, |preference| preference.key());
    let combination = match buyer_view {
        Some(view) => labels
            .strings
            .get(&format!("combination.{view}.{preference}"))
            .to_string(),
        None => labels
            .strings
            .get(&format!("combination.unknown.{preference}"))
            .to_string(),
    };
    AccountView {
        row,
        industry: account.industry.clone(),
        country: account.country.clone(),
        team: account.team.clone(),
        customer_since: account.customer_since,
        tags: account.tags.clone(),
        // Tag pages depend on the whole site; `SiteView` fills these in.
        tag_links: Vec::new(),
        attractiveness_factors: factors(
            labels,
            &segmentation.attractiveness_weights,
            &analysis.scores.attractiveness_parts,
        ),
        strength_factors: factors(
            labels,
            &segmentation.strength_weights,
            &analysis.scores.strength_parts,
        ),
        forecast: analysis.forecast.as_ref().map(|forecast| ForecastView {
            attractiveness: labels.score(forecast.attractiveness),
            strength: labels.score(forecast.strength),
            quadrant: forecast.quadrant.key(),
            quadrant_label: labels.label("quadrant", forecast.quadrant.key()),
            moves: analysis
                .scores
                .quadrant
                .is_some_and(|quadrant| quadrant != forecast.quadrant),
        }),
        reference_year,
        gross_margin_pct: labels.percent(economics.gross_margin_pct),
        net_contribution: labels.money(economics.net_contribution),
        share_of_wallet: labels.percent(economics.share_of_wallet),
        years,
        last_reviewed: analysis
            .plan
            .last_reviewed
            .map(|date| labels.format.date(date)),
        stale: analysis.plan.stale,
        extra: account
            .extra
            .iter()
            .map(|(name, value)| ExtraRow {
                name: crate::config::readable(name),
                value: match value {
                    ExtraValue::Text(text) => text.clone(),
                    ExtraValue::Number(amount) => {
                        let value = amount.as_f64();
                        labels
                            .format
                            .number(value, if value.fract() == 0.0 { 0 } else { 2 })
                    }
                    ExtraValue::Flag(flag) => {
                        labels.t(if *flag { "extra.yes" } else { "extra.no" })
                    }
                    ExtraValue::Date(date) => labels.format.date(*date),
                },
            })
            .collect(),
        contacts: account
            .contacts
            .iter()
            .map(|contact| ContactView {
                name: contact.name.clone(),
                title: contact.title.clone(),
                function: labels.or_dash(contact.function.clone()),
                role: contact.role.map_or("", |role| role.key()),
                role_label: labels
                    .or_dash(contact.role.map(|role| labels.label("role", role.key()))),
                owner: labels.or_dash(contact.owner.clone()),
                strength: contact.strength.unwrap_or(0),
                strength_text: labels
                    .or_dash(contact.strength.map(|strength| format!("{strength}/5"))),
                email: contact.email.clone(),
                email_href: contact
                    .email
                    .as_ref()
                    .map(|email| format!("mailto:{email}")),
                phone: contact.phone.clone(),
                phone_href: contact.phone.as_ref().map(|phone| {
                    let digits: String = phone
                        .chars()
                        .filter(|c| c.is_ascii_digit() || *c == '+')
                        .collect();
                    format!("tel:{digits}")
                }),
            })
            .collect(),
        structure: analysis.relationship.structure.key(),
        structure_label: labels.label("structure", analysis.relationship.structure.key()),
        owners: analysis.relationship.owners,
        functions: analysis.relationship.functions,
        missing_roles: analysis
            .relationship
            .missing_roles
            .iter()
            .map(|role| labels.label("role", role.key()))
            .collect(),
        buyer_view,
        buyer_view_label: buyer_view.map(|view| labels.label("buyer_view", view)),
        preference,
        preference_label: labels.label("preference", preference),
        combination,
        plan_rag: analysis.plan.rag.key(),
        plan_rag_label: labels.label("rag", analysis.plan.rag.key()),
        progress: labels.percent(analysis.plan.progress),
        counted: analysis.plan.counted,
        done: analysis.plan.done,
        overdue: analysis.plan.overdue,
        due_soon: analysis.plan.due_soon,
        blocked: analysis.plan.blocked,
        objectives,
        unlinked_actions,
        alerts: alerts::views(labels, analysis),
        chain: None,
        body_html: account.body_html.html(),
    }
}

/// The briefing page: the account, the sentences that sum it up, and its four charts.
#[derive(Serialize)]
pub struct AccountPage<'a> {
    #[serde(flatten)]
    pub base: Base,
    pub account: AccountView,
    pub position_text: String,
    pub forecast_text: Option<String>,
    pub relationship_text: String,
    pub plan_text: String,
    pub charts: BTreeMap<&'static str, ChartView<'a>>,
    /// What changed since the comparison date (SPEC v2 §12); `None` with no version that old.
    pub since: Option<crate::view::review::Movement>,
    pub since_heading: String,
    /// Why there is no comparison.
    pub since_none: String,
}

impl<'a> AccountPage<'a> {
    pub fn new(
        labels: &Labels,
        base: Base,
        account: AccountView,
        charts: BTreeMap<&'static str, ChartView<'a>>,
    ) -> AccountPage<'a> {
        let position_text = if account.row.quadrant == UNSCORED {
            labels.t("quadrant_help.unscored")
        } else {
            labels.fill(
                "account.position_text",
                &[
                    ("attractiveness", &account.row.attractiveness),
                    ("strength", &account.row.strength),
                    ("quadrant", &account.row.quadrant_label),
                    (
                        "help",
                        labels
                            .strings
                            .get(&format!("quadrant_help.{}", account.row.quadrant)),
                    ),
                ],
            )
        };
        let forecast_text = account.forecast.as_ref().map(|forecast| {
            let key = if forecast.moves {
                "account.forecast_moves"
            } else {
                "account.forecast_stays"
            };
            labels.fill(
                key,
                &[
                    ("attractiveness", &forecast.attractiveness),
                    ("strength", &forecast.strength),
                    ("quadrant", &forecast.quadrant_label),
                ],
            )
        });
        let relationship_text = labels.fill(
            "account.relationship_text",
            &[
                ("count", &account.contacts.len().to_string()),
                ("owners", &account.owners.to_string()),
                ("functions", &account.functions.to_string()),
                ("structure", &account.structure_label),
                ("stage", &account.row.stage_label),
            ],
        );
        let plan_text = labels.fill(
            "account.plan_text",
            &[
                ("objectives", &account.objectives.len().to_string()),
                ("counted", &account.counted.to_string()),
                ("done", &account.done.to_string()),
                ("progress", &account.progress),
                ("overdue", &account.overdue.to_string()),
                ("due_soon", &account.due_soon.to_string()),
                ("blocked", &account.blocked.to_string()),
            ],
        );
        AccountPage {
            base,
            account,
            position_text,
            forecast_text,
            relationship_text,
            plan_text,
            charts,
            since: None,
            since_heading: String::new(),
            since_none: String::new(),
        }
    }
}
