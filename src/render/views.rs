//! What templates see: the site and its analysis as plain, serialisable views, with every
//! number already formatted for the site's language. Templates show these values and never
//! recompute them.
//!
//! Each view keeps machine keys (`quadrant = "strategic"`, for CSS classes and template
//! logic) beside human labels (`quadrant_label = "Strategisk"`).

use serde::Serialize;
use time::Date;

use crate::amount::Amount;
use crate::analysis::AccountAnalysis;
use crate::analysis::economics;
use crate::analysis::plan::is_live;
use crate::config::Config;
use crate::content::model::{Account, Action};
use crate::i18n::{Format, Strings, alert_message};
use crate::slug::slugify;

/// Formats and labels for one site, shared by every view builder.
pub struct Labels<'a> {
    pub strings: &'a Strings,
    pub format: Format<'a>,
}

impl<'a> Labels<'a> {
    pub fn new(config: &'a Config) -> Labels<'a> {
        Labels {
            strings: Strings::for_language(config.language),
            format: Format {
                language: config.language,
                currency: &config.currency,
            },
        }
    }

    pub fn label(&self, group: &str, key: &str) -> String {
        self.strings.get(&format!("{group}.{key}")).to_string()
    }

    /// A value or the dash that stands for "not available".
    pub fn or_dash(&self, value: Option<String>) -> String {
        value.unwrap_or_else(|| "–".to_string())
    }

    pub fn score(&self, value: f64) -> String {
        self.format.number(value, 1)
    }

    /// A factor weight as written: whole numbers without decimals.
    pub fn weight(&self, weight: f64) -> String {
        self.format
            .number(weight, if weight.fract() == 0.0 { 0 } else { 2 })
    }
}

/// Where an account, manager or segment page lives, relative to the site root.
pub fn account_path(slug: &str) -> String {
    format!("accounts/{slug}/index.html")
}

pub fn manager_slug(name: &str) -> String {
    let slug = slugify(name);
    if slug.is_empty() {
        "manager".to_string()
    } else {
        slug
    }
}

pub fn segment_path(quadrant: &str) -> String {
    format!("segments/{quadrant}/index.html")
}

#[derive(Serialize, Clone)]
pub struct AlertView {
    pub code: &'static str,
    pub message: String,
}

#[derive(Serialize, Clone)]
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

#[derive(Serialize, Clone)]
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

#[derive(Serialize, Clone)]
pub struct FactorView {
    pub name: String,
    pub score: String,
    pub weight: String,
    pub weight_share: String,
    pub contribution: String,
}

#[derive(Serialize, Clone)]
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

#[derive(Serialize, Clone)]
pub struct ContactView {
    pub name: String,
    pub title: Option<String>,
    pub function: String,
    pub role: &'static str,
    pub role_label: String,
    pub owner: String,
    pub strength: u8,
    pub strength_text: String,
}

#[derive(Serialize, Clone)]
pub struct ForecastView {
    pub attractiveness: String,
    pub strength: String,
    pub quadrant: &'static str,
    pub quadrant_label: String,
    pub moves: bool,
}

/// The short form of an account: a row in tables, a link in lists.
#[derive(Serialize, Clone)]
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
    pub revenue_value: f64,
    pub share: String,
    pub cumulative_share: String,
    pub growth: String,
    pub attractiveness: String,
    pub strength: String,
    /// "attractiveness / strength" three years on, or a dash.
    pub forecast: String,
    pub alert_count: usize,
    pub rank: usize,
}

#[derive(Serialize, Clone)]
pub struct AccountView {
    #[serde(flatten)]
    pub row: AccountRow,
    pub industry: Option<String>,
    pub country: Option<String>,
    pub team: Vec<String>,
    pub customer_since: Option<i64>,
    pub tags: Vec<String>,
    pub attractiveness_factors: Vec<FactorView>,
    pub strength_factors: Vec<FactorView>,
    pub forecast: Option<ForecastView>,
    pub reference_year: Option<i32>,
    pub gross_margin_pct: String,
    pub net_contribution: String,
    pub share_of_wallet: String,
    pub years: Vec<YearView>,
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
    pub body_html: String,
}

/// An action with the account it belongs to, for lists across accounts.
#[derive(Serialize, Clone)]
pub struct DueView {
    pub account: String,
    pub account_url: String,
    #[serde(flatten)]
    pub action: ActionView,
    #[serde(skip)]
    pub due_date: Date,
}

#[derive(Serialize, Clone)]
pub struct AccountAlerts {
    /// Position in `Site::accounts`, for picking a group's alerts.
    #[serde(skip)]
    pub index: usize,
    pub account: String,
    pub account_url: String,
    pub rag: &'static str,
    pub alerts: Vec<AlertView>,
}

fn money(labels: &Labels, amount: Option<Amount>) -> String {
    labels.or_dash(amount.map(|amount| labels.format.money(amount)))
}

pub fn percent(labels: &Labels, fraction: Option<f64>) -> String {
    labels.or_dash(fraction.map(|fraction| labels.format.percent(fraction)))
}

fn action_view(
    labels: &Labels,
    action: &Action,
    state: &crate::analysis::plan::ActionState,
) -> ActionView {
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

/// `manager_url` is the manager's page, whose slug depends on the other managers' names.
pub fn account_row(
    labels: &Labels,
    account: &Account,
    analysis: &AccountAnalysis,
    manager_url: String,
) -> AccountRow {
    let quadrant = analysis.scores.quadrant.key();
    AccountRow {
        slug: account.slug.clone(),
        name: account.name.clone(),
        url: account_path(&account.slug),
        manager: account.manager.clone(),
        manager_url,
        stage: account.stage.key(),
        stage_label: labels.label("stage", account.stage.key()),
        quadrant,
        quadrant_label: labels.label("quadrant", quadrant),
        quadrant_url: segment_path(quadrant),
        abc: analysis.economics.abc.key(),
        rag: analysis.plan.rag.key(),
        rag_label: labels.label("rag", analysis.plan.rag.key()),
        revenue: labels.format.money(analysis.economics.revenue),
        revenue_value: analysis.economics.revenue.as_f64(),
        share: labels.format.percent(analysis.economics.revenue_share),
        cumulative_share: labels.format.percent(analysis.economics.cumulative_share),
        growth: labels.or_dash(
            analysis
                .economics
                .growth
                .map(|growth| labels.format.change(growth)),
        ),
        attractiveness: labels.score(analysis.scores.attractiveness),
        strength: labels.score(analysis.scores.strength),
        forecast: labels.or_dash(analysis.forecast.as_ref().map(|forecast| {
            format!(
                "{} / {}",
                labels.score(forecast.attractiveness),
                labels.score(forecast.strength)
            )
        })),
        alert_count: analysis.alerts.len(),
        rank: analysis.economics.rank + 1,
    }
}

pub fn alerts(labels: &Labels, analysis: &AccountAnalysis) -> Vec<AlertView> {
    analysis
        .alerts
        .iter()
        .map(|alert| AlertView {
            code: alert.code(),
            message: alert_message(labels.strings, labels.format, alert),
        })
        .collect()
}

/// A factor name from kam.toml as a reader would write it: `strategic_fit` → "Strategic fit".
pub fn factor_label(name: &str) -> String {
    let spaced = name.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => spaced,
    }
}

fn factors(labels: &Labels, parts: &[crate::analysis::scores::FactorPart]) -> Vec<FactorView> {
    let total: f64 = parts.iter().map(|part| part.weight).sum();
    parts
        .iter()
        .map(|part| FactorView {
            name: factor_label(&part.name),
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
pub fn account_view(
    labels: &Labels,
    account: &Account,
    analysis: &AccountAnalysis,
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
                gross_margin: labels.format.money(row.gross_margin),
                gross_margin_pct: percent(labels, figures.gross_margin_pct),
                cost_to_serve: labels.format.money(row.cost_to_serve),
                net_contribution: labels.format.money(figures.net_contribution),
                wallet: money(labels, row.wallet),
                share_of_wallet: percent(labels, figures.share_of_wallet),
                growth: labels.or_dash(figures.growth.map(|growth| labels.format.change(growth))),
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
            progress: percent(labels, state.progress()),
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
    let preference = analysis.preference.key();
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
        attractiveness_factors: factors(labels, &analysis.scores.attractiveness_parts),
        strength_factors: factors(labels, &analysis.scores.strength_parts),
        forecast: analysis.forecast.as_ref().map(|forecast| ForecastView {
            attractiveness: labels.score(forecast.attractiveness),
            strength: labels.score(forecast.strength),
            quadrant: forecast.quadrant.key(),
            quadrant_label: labels.label("quadrant", forecast.quadrant.key()),
            moves: forecast.quadrant != analysis.scores.quadrant,
        }),
        reference_year,
        gross_margin_pct: percent(labels, economics.gross_margin_pct),
        net_contribution: money(labels, economics.net_contribution),
        share_of_wallet: percent(labels, economics.share_of_wallet),
        years,
        contacts: account
            .contacts
            .iter()
            .map(|contact| ContactView {
                name: contact.name.clone(),
                title: contact.title.clone(),
                function: contact.function.clone(),
                role: contact.role.key(),
                role_label: labels.label("role", contact.role.key()),
                owner: contact.owner.clone(),
                strength: contact.strength,
                strength_text: format!("{}/5", contact.strength),
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
        progress: percent(labels, analysis.plan.progress),
        counted: analysis.plan.counted,
        done: analysis.plan.done,
        overdue: analysis.plan.overdue,
        due_soon: analysis.plan.due_soon,
        blocked: analysis.plan.blocked,
        objectives,
        unlinked_actions,
        alerts: alerts(labels, analysis),
        body_html: account.body_html.clone(),
    }
}

/// Live actions of an account, for "what needs doing" lists.
pub fn open_actions(
    labels: &Labels,
    account: &Account,
    analysis: &AccountAnalysis,
) -> Vec<DueView> {
    account
        .actions
        .iter()
        .zip(&analysis.plan.actions)
        .filter(|(action, _)| is_live(action.status))
        .map(|(action, state)| DueView {
            account: account.name.clone(),
            account_url: account_path(&account.slug),
            action: action_view(labels, action, state),
            due_date: action.due,
        })
        .collect()
}
