//! SPEC §9: the alerts of an account, in the SPEC's order of codes.
//!
//! Alerts are data here; their sentences in the site language come from `i18n`, so the
//! same alert reads the same on a page and in portfolio.json.

use time::Date;

use crate::amount::Amount;
use crate::analysis::buyer::BuyerView;
use crate::analysis::economics::Economics;
use crate::analysis::plan::Plan;
use crate::analysis::relationship::{ContactStructure, Relationship};
use crate::analysis::scores::{Quadrant, Scores};
use crate::content::model::{Account, Role, Stage, Status};

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
    MissingDecider,
    SingleThreaded {
        stage: Stage,
    },
    RevenueDecline {
        growth: f64,
        year: i32,
    },
    NegativeContribution {
        amount: Amount,
        year: i32,
    },
    Misaligned {
        view: BuyerView,
    },
}

impl Alert {
    pub const CODES: [&'static str; 10] = [
        "unscored",
        "plan_blocked",
        "action_overdue",
        "objective_overdue",
        "no_plan",
        "missing_decider",
        "single_threaded",
        "revenue_decline",
        "negative_contribution",
        "misaligned",
    ];

    pub fn code(&self) -> &'static str {
        match self {
            Alert::Unscored { .. } => "unscored",
            Alert::PlanBlocked { .. } => "plan_blocked",
            Alert::ActionOverdue { .. } => "action_overdue",
            Alert::ObjectiveOverdue { .. } => "objective_overdue",
            Alert::NoPlan { .. } => "no_plan",
            Alert::MissingDecider => "missing_decider",
            Alert::SingleThreaded { .. } => "single_threaded",
            Alert::RevenueDecline { .. } => "revenue_decline",
            Alert::NegativeContribution { .. } => "negative_contribution",
            Alert::Misaligned { .. } => "misaligned",
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
    pub reference_year: Option<i32>,
}

pub fn analyse(inputs: &Inputs) -> Vec<Alert> {
    let Inputs {
        account,
        scores,
        economics,
        plan,
        relationship,
        buyer_view,
        reference_year,
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
    if let (Some(growth), Some(year)) = (economics.growth, reference_year)
        && growth <= -0.10
    {
        alerts.push(Alert::RevenueDecline { growth, year });
    }
    if let (Some(amount), Some(year)) = (economics.net_contribution, reference_year)
        && amount.as_f64() < 0.0
    {
        alerts.push(Alert::NegativeContribution { amount, year });
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
    alerts
}
