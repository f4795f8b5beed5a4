//! SPEC §6: which actions are overdue or due soon, which objectives are achieved or
//! overdue, and the account's red/amber/green plan status.
//!
//! Not here: which lists show the actions (`view::attention`).

use serde::Serialize;
use time::Date;

use crate::config::PlanSettings;
use crate::content::model::{Account, Status};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rag {
    Red,
    Amber,
    Green,
    None,
}

impl Rag {
    pub const ALL: [Rag; 4] = [Rag::Red, Rag::Amber, Rag::Green, Rag::None];

    pub fn key(self) -> &'static str {
        match self {
            Rag::Red => "red",
            Rag::Amber => "amber",
            Rag::Green => "green",
            Rag::None => "none",
        }
    }
}

/// Judgement of one action, index-aligned with `Account::actions`.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionState {
    /// Days past due, for a live action whose due date has passed.
    pub days_overdue: Option<i64>,
    pub due_soon: bool,
    /// SPEC v2 §6 "needs attention": live and overdue, due soon or blocked. Every list and
    /// count of what needs someone now reads this one flag.
    pub needs_attention: bool,
}

impl ActionState {
    pub fn overdue(&self) -> bool {
        self.days_overdue.is_some()
    }
}

/// Judgement of one objective, index-aligned with `Account::objectives`.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveState {
    pub counted: usize,
    pub done: usize,
    pub achieved: bool,
    pub overdue: bool,
}

impl ObjectiveState {
    /// done / counted of the objective's own actions, as the plan's `progress` is for all.
    pub fn progress(&self) -> Option<f64> {
        (self.counted > 0).then(|| self.done as f64 / self.counted as f64)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub rag: Rag,
    /// done / counted; `None` when no action counts.
    pub progress: Option<f64>,
    pub counted: usize,
    pub done: usize,
    pub overdue: usize,
    pub due_soon: usize,
    pub blocked: usize,
    pub actions: Vec<ActionState>,
    pub objectives: Vec<ObjectiveState>,
    /// The later of `reviewed` and the last commit that changed the plan (SPEC v2 §6);
    /// without history, `reviewed` alone.
    pub last_reviewed: Option<Date>,
    /// Not reviewed for more than `stale_days`.
    pub stale: bool,
}

pub fn is_live(status: Status) -> bool {
    !matches!(status, Status::Done | Status::Cancelled)
}

pub fn is_counted(status: Status) -> bool {
    status != Status::Cancelled
}

pub fn analyse(account: &Account, today: Date, settings: &PlanSettings) -> Plan {
    analyse_reviewed(account, today, settings, None)
}

/// [`analyse`], with the date of the last commit that changed the plan (SPEC v2 §6, §12).
pub fn analyse_reviewed(
    account: &Account,
    today: Date,
    settings: &PlanSettings,
    plan_changed: Option<Date>,
) -> Plan {
    let horizon = today.saturating_add(time::Duration::days(settings.due_soon_days));
    let actions: Vec<ActionState> = account
        .actions
        .iter()
        .map(|action| {
            let days_overdue = (is_live(action.status) && action.due < today)
                .then(|| (today - action.due).whole_days());
            let due_soon = matches!(action.status, Status::NotStarted | Status::InProgress)
                && today <= action.due
                && action.due <= horizon;
            ActionState {
                days_overdue,
                due_soon,
                needs_attention: is_live(action.status)
                    && (days_overdue.is_some() || due_soon || action.status == Status::Blocked),
            }
        })
        .collect();

    let objectives: Vec<ObjectiveState> = account
        .objectives
        .iter()
        .map(|objective| {
            let linked = account
                .actions
                .iter()
                .filter(|action| action.objective.as_deref() == Some(objective.id.as_str()));
            let (counted, done) = linked.fold((0, 0), |(counted, done), action| {
                (
                    counted + usize::from(is_counted(action.status)),
                    done + usize::from(action.status == Status::Done),
                )
            });
            let achieved = counted > 0 && done == counted;
            ObjectiveState {
                counted,
                done,
                achieved,
                overdue: objective.due < today && !achieved,
            }
        })
        .collect();

    let counted = account
        .actions
        .iter()
        .filter(|action| is_counted(action.status))
        .count();
    let done = account
        .actions
        .iter()
        .filter(|action| action.status == Status::Done)
        .count();
    let blocked = account
        .actions
        .iter()
        .filter(|action| action.status == Status::Blocked)
        .count();
    let overdue = actions.iter().filter(|state| state.overdue()).count();
    let due_soon = actions.iter().filter(|state| state.due_soon).count();

    // SPEC v2 §6: red is decided before none, so an overdue objective without any action
    // is red, not "no plan".
    let rag = if blocked > 0
        || actions.iter().any(|state| {
            state
                .days_overdue
                .is_some_and(|days| days > settings.red_overdue_days)
        })
        || objectives.iter().any(|state| state.overdue)
    {
        Rag::Red
    } else if counted == 0 {
        Rag::None
    } else if overdue > 0
        || account
            .actions
            .iter()
            .zip(&actions)
            .any(|(action, state)| action.status == Status::NotStarted && state.due_soon)
    {
        Rag::Amber
    } else {
        Rag::Green
    };

    // `None` orders before any date, so this is the later of the two, or whichever exists.
    let last_reviewed = account.reviewed.max(plan_changed);
    let stale = last_reviewed.is_some_and(|date| (today - date).whole_days() > settings.stale_days);
    Plan {
        rag,
        last_reviewed,
        stale,
        progress: (counted > 0).then(|| done as f64 / counted as f64),
        counted,
        done,
        overdue,
        due_soon,
        blocked,
        actions,
        objectives,
    }
}
