//! The account plan of a synthetic account: objectives and actions drawn so that, judged on
//! [`TODAY`] under the site's plan settings, the plan has the RAG status it was drawn for.
//!
//! The settings are the ones written to the generated kam.toml; this module does not judge
//! a plan (that is `analysis::plan`), it only aims at one.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use time::Date;

use super::draw::{by_weight, day, pick};
use super::vocabulary::{ACTIONS, OBJECTIVES};
use crate::analysis::plan::Rag;
use crate::config::PlanSettings;
use crate::content::model::Status;

pub struct Objective {
    pub id: String,
    pub title: &'static str,
    pub measure: String,
    pub due: Date,
}

pub struct Action {
    pub objective: Option<String>,
    pub title: &'static str,
    pub owner: String,
    pub due: Date,
    pub status: Status,
}

fn objective(rng: &mut ChaCha8Rng, index: usize, due: Date) -> Objective {
    let (title, measure) = *pick(rng, OBJECTIVES);
    let a = rng.random_range(2..=30);
    let b = a + rng.random_range(10..=40);
    Objective {
        id: format!("mal-{}", index + 1),
        title,
        measure: measure
            .replace("{a}", &a.to_string())
            .replace("{b}", &b.to_string()),
        due,
    }
}

fn action(
    rng: &mut ChaCha8Rng,
    objective: Option<&str>,
    owners: &[String],
    due: Date,
    status: Status,
) -> Action {
    Action {
        objective: objective.map(str::to_string),
        title: ACTIONS[rng.random_range(0..ACTIONS.len())],
        owner: pick(rng, owners).clone(),
        due,
        status,
    }
}

/// Objectives and actions that give the account the wanted RAG status under SPEC §6 with
/// `today` = [`TODAY`] and `settings`.
pub fn plan(
    rng: &mut ChaCha8Rng,
    rag: Rag,
    owners: &[String],
    settings: &PlanSettings,
) -> (Vec<Objective>, Vec<Action>) {
    let due_soon = settings.due_soon_days;
    let red_overdue = settings.red_overdue_days;
    let mut objectives = Vec::new();
    let mut actions = Vec::new();
    if rag == Rag::None {
        return (objectives, actions);
    }
    // A healthy plan: objectives ahead of today, done actions behind it, live actions
    // ahead of it and not started ones beyond the due-soon window.
    let count = rng.random_range(1..=3);
    for index in 0..count {
        let due = day(rng, 30, 420);
        let objective = objective(rng, index, due);
        for _ in 0..rng.random_range(1..=3) {
            let status = by_weight(
                rng,
                &[
                    (Status::Done, 3),
                    (Status::InProgress, 4),
                    (Status::NotStarted, 3),
                ],
            );
            let due = match status {
                Status::Done => day(rng, -200, -5),
                Status::InProgress => day(rng, 1, 200),
                _ => day(rng, due_soon + 1, 300),
            };
            actions.push(action(rng, Some(&objective.id), owners, due, status));
        }
        objectives.push(objective);
    }
    if rng.random_bool(0.2) {
        // An objective reached on time: past its date, every action done, not overdue.
        let due = day(rng, -200, -10);
        let reached = objective(rng, objectives.len(), due);
        let done = day(rng, -300, -11);
        actions.push(action(rng, Some(&reached.id), owners, done, Status::Done));
        objectives.push(reached);
    }
    if rng.random_bool(0.15) {
        let due = day(rng, -120, 120);
        actions.push(action(rng, None, owners, due, Status::Cancelled));
    }
    match rag {
        Rag::Amber => {
            let linked = Some(objectives[0].id.clone());
            let late = if rng.random_bool(0.5) {
                let due = day(rng, -red_overdue, -1);
                action(rng, linked.as_deref(), owners, due, Status::InProgress)
            } else {
                let due = day(rng, 0, due_soon);
                action(rng, linked.as_deref(), owners, due, Status::NotStarted)
            };
            actions.push(late);
        }
        Rag::Red => match rng.random_range(0..3) {
            0 => {
                let due = day(rng, -40, 90);
                let linked = objectives[0].id.clone();
                actions.push(action(rng, Some(&linked), owners, due, Status::Blocked));
            }
            1 => {
                let due = day(rng, -150, -(red_overdue + 1));
                actions.push(action(rng, None, owners, due, Status::InProgress));
            }
            _ => {
                // An objective past its date that a live action keeps from being achieved.
                objectives[0].due = day(rng, -90, -1);
                let linked = objectives[0].id.clone();
                let due = day(rng, 1, 120);
                actions.push(action(rng, Some(&linked), owners, due, Status::InProgress));
            }
        },
        _ => {}
    }
    (objectives, actions)
}
