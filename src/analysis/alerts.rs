//! SPEC §9: the alerts of an account, in the SPEC's order of codes.
//!
//! Alerts are data here; their sentences in the site language come from `i18n`, so the
//! same alert reads the same on a page and in portfolio.json.
//!
//! Not here: the sentence an alert reads as (`view::alerts`).

use rust_decimal::Decimal;
use time::Date;

use crate::amount::Amount;
use crate::analysis::buyer::{BuyerView, Preference};
use crate::analysis::economics::Economics;
use crate::analysis::plan::Plan;
use crate::analysis::relationship::{ContactStructure, Relationship};
use crate::analysis::scores::{ForecastPosition, Quadrant, Scores};
use crate::content::model::{Account, Role, Stage, Status, account_index};

#[derive(Debug, Clone, PartialEq)]
pub enum Alert {
    /// SPEC v2: attractiveness or strength (or both) not scored yet.
    Unscored {
        attractiveness: bool,
        strength: bool,
    },
    /// Titles of the blocked actions; one alert however many there are.
    PlanBlocked {
        actions: Vec<String>,
    },
    ActionOverdue {
        action: usize,
        title: String,
        days: i64,
        due: Date,
    },
    ObjectiveOverdue {
        objective: usize,
        title: String,
        due: Date,
    },
    NoPlan {
        quadrant: Quadrant,
    },
    /// SPEC v2: the plan was last reviewed `days` ago, more than `stale_days`.
    StalePlan {
        last_reviewed: Date,
        days: i64,
    },
    MissingDecider,
    SingleThreaded {
        stage: Stage,
    },
    /// SPEC v2: the relationship is disintegrating.
    RelationshipAtRisk,
    RevenueDecline {
        growth: f64,
        year: i32,
    },
    NegativeContribution {
        amount: Amount,
        year: i32,
    },
    /// SPEC v2: strategic or star today, status or streamline in the forecast.
    ForecastDrop {
        now: Quadrant,
        then: Quadrant,
    },
    /// Strategic for us, but the customer's purchasing sees us as `view`.
    Misaligned {
        view: BuyerView,
    },
    /// SPEC v2: the customer sees us as a strategic supplier, but we rank it `preference`.
    Undervalued {
        preference: Preference,
    },
    /// SPEC v2 §11: `customer`, an account of ours this one sells to, has revenue_decline.
    DownstreamDecline {
        customer: usize,
        name: String,
        growth: f64,
    },
}

impl Alert {
    pub const CODES: [&'static str; 14] = [
        "unscored",
        "plan_blocked",
        "action_overdue",
        "objective_overdue",
        "no_plan",
        "stale_plan",
        "missing_decider",
        "single_threaded",
        "relationship_at_risk",
        "revenue_decline",
        "negative_contribution",
        "forecast_drop",
        "misaligned",
        "downstream_decline",
    ];

    pub fn code(&self) -> &'static str {
        match self {
            Alert::Unscored { .. } => "unscored",
            Alert::PlanBlocked { .. } => "plan_blocked",
            Alert::ActionOverdue { .. } => "action_overdue",
            Alert::ObjectiveOverdue { .. } => "objective_overdue",
            Alert::NoPlan { .. } => "no_plan",
            Alert::StalePlan { .. } => "stale_plan",
            Alert::MissingDecider => "missing_decider",
            Alert::SingleThreaded { .. } => "single_threaded",
            Alert::RelationshipAtRisk => "relationship_at_risk",
            Alert::RevenueDecline { .. } => "revenue_decline",
            Alert::NegativeContribution { .. } => "negative_contribution",
            Alert::ForecastDrop { .. } => "forecast_drop",
            Alert::Misaligned { .. } | Alert::Undervalued { .. } => "misaligned",
            Alert::DownstreamDecline { .. } => "downstream_decline",
        }
    }
}

pub struct Inputs<'a> {
    pub account: &'a Account,
    pub scores: &'a Scores,
    pub economics: &'a Economics,
    pub plan: &'a Plan,
    pub relationship: &'a Relationship,
    pub buyer_view: Option<BuyerView>,
    pub preference: Option<Preference>,
    pub forecast: Option<&'a ForecastPosition>,
    pub reference_year: Option<i32>,
    pub today: Date,
    pub revenue_decline: Decimal,
}

pub fn analyse(inputs: &Inputs) -> Vec<Alert> {
    let Inputs {
        account,
        scores,
        economics,
        plan,
        relationship,
        buyer_view,
        preference,
        forecast,
        reference_year,
        today,
        revenue_decline,
    } = *inputs;
    let mut alerts = Vec::new();

    if scores.attractiveness.is_none() || scores.strength.is_none() {
        alerts.push(Alert::Unscored {
            attractiveness: scores.attractiveness.is_none(),
            strength: scores.strength.is_none(),
        });
    }
    let blocked: Vec<String> = account
        .actions
        .iter()
        .filter(|action| action.status == Status::Blocked)
        .map(|action| action.title.clone())
        .collect();
    if !blocked.is_empty() {
        alerts.push(Alert::PlanBlocked { actions: blocked });
    }
    for (index, (action, state)) in account.actions.iter().zip(&plan.actions).enumerate() {
        if let Some(days) = state.days_overdue {
            alerts.push(Alert::ActionOverdue {
                action: index,
                title: action.title.clone(),
                days,
                due: action.due,
            });
        }
    }
    for (index, (objective, state)) in account.objectives.iter().zip(&plan.objectives).enumerate() {
        if state.overdue {
            alerts.push(Alert::ObjectiveOverdue {
                objective: index,
                title: objective.title.clone(),
                due: objective.due,
            });
        }
    }
    if let Some(quadrant @ (Quadrant::Strategic | Quadrant::Star)) = scores.quadrant
        && plan.counted == 0
    {
        alerts.push(Alert::NoPlan { quadrant });
    }
    if plan.stale
        && let Some(last_reviewed) = plan.last_reviewed
    {
        alerts.push(Alert::StalePlan {
            last_reviewed,
            days: (today - last_reviewed).whole_days(),
        });
    }
    if relationship.missing_roles.contains(&Role::Decider) {
        alerts.push(Alert::MissingDecider);
    }
    if matches!(account.stage, Stage::Interdependent | Stage::Integrated)
        && relationship.structure == ContactStructure::BowTie
    {
        alerts.push(Alert::SingleThreaded {
            stage: account.stage,
        });
    }
    if account.stage == Stage::Disintegrating {
        alerts.push(Alert::RelationshipAtRisk);
    }
    if let (Some(growth), Some(year)) = (economics.growth, reference_year)
        && economics.declined(revenue_decline)
    {
        alerts.push(Alert::RevenueDecline { growth, year });
    }
    if let (Some(amount), Some(year)) = (economics.net_contribution, reference_year)
        && amount.is_negative()
    {
        alerts.push(Alert::NegativeContribution { amount, year });
    }
    if let (Some(now @ (Quadrant::Strategic | Quadrant::Star)), Some(forecast)) =
        (scores.quadrant, forecast)
        && matches!(forecast.quadrant, Quadrant::Status | Quadrant::Streamline)
    {
        alerts.push(Alert::ForecastDrop {
            now,
            then: forecast.quadrant,
        });
    }
    if scores.quadrant == Some(Quadrant::Strategic)
        && matches!(
            buyer_view,
            Some(BuyerView::NonCritical | BuyerView::Leverage)
        )
        && let Some(view) = buyer_view
    {
        alerts.push(Alert::Misaligned { view });
    }
    if buyer_view == Some(BuyerView::Strategic)
        && let Some(preference @ (Preference::Nuisance | Preference::Exploitable)) = preference
    {
        alerts.push(Alert::Undervalued { preference });
    }
    alerts
}

/// SPEC v2 §11: one `downstream_decline` per account of the site in `sells_to` that has
/// `revenue_decline`, as (account, alert) in the order they are added to its alerts. Needs
/// every account's own alerts first, so it runs after them.
pub fn downstream<'a>(
    accounts: &[std::sync::Arc<Account>],
    economics: &[Economics],
    own: impl Iterator<Item = &'a [Alert]>,
) -> Vec<(usize, Alert)> {
    let declining: Vec<bool> = own
        .map(|list| {
            list.iter()
                .any(|alert| matches!(alert, Alert::RevenueDecline { .. }))
        })
        .collect();
    let mut added = Vec::new();
    for (index, account) in accounts.iter().enumerate() {
        for entry in &account.sells_to {
            if let Some(customer) = account_index(accounts, entry)
                && declining.get(customer).copied().unwrap_or(false)
            {
                added.push((
                    index,
                    Alert::DownstreamDecline {
                        customer,
                        name: accounts[customer].name.clone(),
                        growth: economics[customer].growth.unwrap_or_default(),
                    },
                ));
            }
        }
    }
    added
}
