//! SPEC v2 §12 and the history half of §6: what each snapshot of an account scored, when
//! its plan last changed, and how it moved since the comparison date.
//!
//! Pure: the snapshots come in already read (`crate::history`). Not here: reading git, or
//! showing any of it.

use time::Date;

use crate::amount::Amount;
use crate::config::Config;
use crate::content::model::{Account, Action, Stage, Status};
use crate::history::Snapshot;

use super::economics;
use super::plan::{self, Plan, Rag};
use super::scores::{self, Quadrant, Scores};

/// An account's position at one date.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub date: Date,
    pub attractiveness: Option<f64>,
    pub strength: Option<f64>,
    pub quadrant: Option<Quadrant>,
    pub stage: Stage,
    /// Revenue in today's reference year; zero when that year is not reported.
    pub revenue: Amount,
    /// Judged on the point's own date.
    pub rag: Rag,
}

/// Since the comparison date: the snapshot in force then against today.
#[derive(Debug, Clone, PartialEq)]
pub struct Since {
    pub then: Point,
    pub now: Point,
    /// now − then; `None` when either is unscored on that axis.
    pub attractiveness_change: Option<f64>,
    pub strength_change: Option<f64>,
    /// Indices into today's actions: not in the plan then.
    pub actions_added: Vec<usize>,
    /// Done now and not then (including added and already done).
    pub actions_done: Vec<usize>,
    /// Overdue today.
    pub actions_overdue: Vec<usize>,
}

impl Since {
    /// Changed quadrant, stage or RAG: what "movement since" lists.
    pub fn moved(&self) -> bool {
        self.then.quadrant != self.now.quadrant
            || self.then.stage != self.now.stage
            || self.then.rag != self.now.rag
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct AccountHistory {
    /// One per snapshot, oldest first.
    pub points: Vec<Point>,
    /// `None` when no snapshot is as old as the comparison date.
    pub since: Option<Since>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PortfolioHistory {
    /// Whether git history was read (SPEC v2 §12 applies).
    pub read: bool,
    /// The comparison date: `--since`, else today − compare_days.
    pub compare: Date,
    /// Index-aligned with the accounts.
    pub accounts: Vec<AccountHistory>,
}

/// The last date a snapshot's objectives or actions differ from the one before: the plan's
/// parsed arrays are compared, so an edit of the notes or of a comment is not a change. The
/// first snapshot has nothing before it: the file entering git is not a review.
pub fn plan_changed(snapshots: &[Snapshot]) -> Option<Date> {
    snapshots
        .windows(2)
        .filter(|pair| {
            pair[0].account.objectives != pair[1].account.objectives
                || pair[0].account.actions != pair[1].account.actions
        })
        .map(|pair| pair[1].date)
        .next_back()
}

/// The position of `account` on `date`: scored with today's kam.toml, RAG judged on `date`.
pub fn point(account: &Account, date: Date, config: &Config, year: Option<i32>) -> Point {
    let scores = scores::score(account, &config.segmentation);
    let rag = plan::analyse(account, date, &config.plan).rag;
    point_of(account, date, &scores, rag, year)
}

fn point_of(account: &Account, date: Date, scores: &Scores, rag: Rag, year: Option<i32>) -> Point {
    Point {
        date,
        attractiveness: scores.attractiveness,
        strength: scores.strength,
        quadrant: scores.quadrant,
        stage: account.stage,
        revenue: economics::year_row(account, year).map_or(Amount::ZERO, |row| row.revenue),
        rag,
    }
}

/// Today's state of the account as already analysed.
pub struct Today<'a> {
    pub account: &'a Account,
    pub scores: &'a Scores,
    pub plan: &'a Plan,
    pub date: Date,
}

pub fn analyse(
    today: &Today,
    snapshots: &[Snapshot],
    config: &Config,
    year: Option<i32>,
    compare: Date,
) -> AccountHistory {
    let points = snapshots
        .iter()
        .map(|snapshot| point(&snapshot.account, snapshot.date, config, year))
        .collect::<Vec<_>>();
    let since = snapshots
        .iter()
        .zip(&points)
        .rev()
        .find(|(snapshot, _)| snapshot.date <= compare)
        .map(|(snapshot, then)| {
            let now = point_of(
                today.account,
                today.date,
                today.scores,
                today.plan.rag,
                year,
            );
            since(today, &snapshot.account, then.clone(), now)
        });
    AccountHistory { points, since }
}

fn since(today: &Today, then_account: &Account, then: Point, now: Point) -> Since {
    let before = |action: &Action| then_account.actions.iter().find(|old| same(old, action));
    let actions = &today.account.actions;
    let actions_added = (0..actions.len())
        .filter(|&index| before(&actions[index]).is_none())
        .collect();
    let actions_done = (0..actions.len())
        .filter(|&index| {
            actions[index].status == Status::Done
                && before(&actions[index]).is_none_or(|old| old.status != Status::Done)
        })
        .collect();
    let actions_overdue = (0..actions.len())
        .filter(|&index| today.plan.actions[index].overdue())
        .collect();
    let change = |now: Option<f64>, then: Option<f64>| now.zip(then).map(|(now, then)| now - then);
    Since {
        attractiveness_change: change(now.attractiveness, then.attractiveness),
        strength_change: change(now.strength, then.strength),
        then,
        now,
        actions_added,
        actions_done,
        actions_overdue,
    }
}

/// One action in two versions of a plan: by id when both have one, else by title.
fn same(old: &Action, new: &Action) -> bool {
    match (&old.id, &new.id) {
        (Some(old), Some(new)) => old == new,
        _ => old.title == new.title,
    }
}
