//! The history on the pages (SPEC v2 §12): each account's movement since the comparison
//! date as rows of then and now, the portfolio page's "movement since" and stale plans,
//! and the print-ready review page.
//!
//! Not here: computing the movement (`analysis::history`), history.json (`view::history`),
//! or the score-history chart (`view::charts`).

use serde::Serialize;

use crate::analysis::history::{Point, Since};
use crate::view::account::quadrant_key;
use crate::view::labels::Labels;
use crate::view::{Base, SiteView, urls};

/// One value then and now.
#[derive(Serialize, Debug, Clone)]
pub struct Change {
    pub what: String,
    pub then: String,
    pub now: String,
    pub changed: bool,
}

/// What changed for one account since the comparison date.
#[derive(Serialize, Debug, Clone)]
pub struct Movement {
    pub name: String,
    /// Relative to the site root.
    pub url: String,
    pub manager: String,
    /// "Compared with the version of …".
    pub compared: String,
    /// Quadrant, stage, plan status, attractiveness, strength.
    pub changes: Vec<Change>,
    /// Quadrant, stage or plan status changed.
    pub moved: bool,
    pub added: Vec<String>,
    pub done: Vec<String>,
    pub overdue: Vec<String>,
}

#[derive(Serialize, Debug, Clone)]
pub struct StalePlan {
    pub name: String,
    pub url: String,
    pub text: String,
}

#[derive(Serialize, Debug, Clone)]
pub struct AccountLink {
    pub name: String,
    pub url: String,
}

/// The portfolio page's share of the history.
#[derive(Serialize, Debug)]
pub struct HistorySection {
    pub heading: String,
    /// Why there is nothing to compare, or what the list shows.
    pub intro: String,
    pub moved: Vec<Movement>,
    pub stale_intro: String,
    pub stale: Vec<StalePlan>,
    pub review_url: String,
    pub review_link: String,
    /// What the matrix's trails mean; empty when it draws none.
    pub trails: String,
}

#[derive(Serialize, Debug)]
pub struct ReviewPage {
    #[serde(flatten)]
    pub base: Base,
    pub heading: String,
    pub intro: String,
    pub accounts: Vec<Movement>,
    /// Accounts with no committed version as old as the comparison date.
    pub without_intro: String,
    pub without: Vec<AccountLink>,
    pub stale_intro: String,
    pub stale: Vec<StalePlan>,
}

fn score_text(labels: &Labels, score: Option<f64>) -> String {
    labels.or_dash(score.map(|score| labels.score(score)))
}

fn changes(labels: &Labels, since: &Since) -> Vec<Change> {
    let (then, now): (&Point, &Point) = (&since.then, &since.now);
    let quadrant = |point: &Point| labels.label("quadrant", quadrant_key(point.quadrant));
    let score_change = |what: &str, then: Option<f64>, now: Option<f64>, change: Option<f64>| {
        let now_text = match change {
            Some(change) if change != 0.0 => {
                let sign = if change > 0.0 { "+" } else { "−" };
                format!(
                    "{} ({sign}{})",
                    score_text(labels, now),
                    labels.score(change.abs())
                )
            }
            _ => score_text(labels, now),
        };
        Change {
            what: labels.t(what),
            then: score_text(labels, then),
            now: now_text,
            changed: change.is_some_and(|change| change != 0.0) || then.is_some() != now.is_some(),
        }
    };
    vec![
        Change {
            what: labels.t("col.quadrant"),
            then: quadrant(then),
            now: quadrant(now),
            changed: then.quadrant != now.quadrant,
        },
        Change {
            what: labels.t("col.stage"),
            then: labels.label("stage", then.stage.key()),
            now: labels.label("stage", now.stage.key()),
            changed: then.stage != now.stage,
        },
        Change {
            what: labels.t("col.plan"),
            then: labels.label("rag", then.rag.key()),
            now: labels.label("rag", now.rag.key()),
            changed: then.rag != now.rag,
        },
        score_change(
            "col.attractiveness",
            then.attractiveness,
            now.attractiveness,
            since.attractiveness_change,
        ),
        score_change(
            "col.strength_score",
            then.strength,
            now.strength,
            since.strength_change,
        ),
    ]
}

impl SiteView<'_> {
    fn compare_text(&self) -> String {
        self.labels.format.date(self.portfolio.history.compare)
    }

    /// The account's movement since the comparison date, or `None` when no committed
    /// version is that old.
    pub(super) fn movement(&self, index: usize) -> Option<Movement> {
        let since = self.portfolio.history.accounts.get(index)?.since.as_ref()?;
        let account = &self.site.accounts[index];
        let labels = &self.labels;
        let titles = |indices: &[usize]| -> Vec<String> {
            indices
                .iter()
                .filter_map(|&i| account.actions.get(i))
                .map(|action| action.title.clone())
                .collect()
        };
        Some(Movement {
            name: account.name.clone(),
            url: urls::account(&account.slug),
            manager: self.shared.rows[index].manager.clone(),
            compared: labels.fill(
                "history.compared",
                &[("date", &labels.format.date(since.then.date))],
            ),
            changes: changes(labels, since),
            moved: since.moved(),
            added: titles(&since.actions_added),
            done: titles(&since.actions_done),
            overdue: titles(&since.actions_overdue),
        })
    }

    /// The "since <date>" heading of an account page, and its text when there is nothing to
    /// compare.
    pub(super) fn since_heading(&self) -> String {
        self.labels
            .fill("history.since_heading", &[("date", &self.compare_text())])
    }

    pub(super) fn since_none(&self) -> String {
        let key = if self.portfolio.history.read {
            "history.since_none"
        } else {
            "history.not_read"
        };
        self.labels.fill(key, &[("date", &self.compare_text())])
    }

    fn stale_plans(&self) -> Vec<StalePlan> {
        let labels = &self.labels;
        self.site
            .accounts
            .iter()
            .zip(&self.portfolio.accounts)
            .filter(|(_, analysis)| analysis.plan.stale)
            .filter_map(|(account, analysis)| {
                let date = analysis.plan.last_reviewed?;
                Some(StalePlan {
                    name: account.name.clone(),
                    url: urls::account(&account.slug),
                    text: labels.fill(
                        "history.stale_item",
                        &[
                            ("date", &labels.format.date(date)),
                            (
                                "days",
                                &(self.portfolio.today - date).whole_days().to_string(),
                            ),
                        ],
                    ),
                })
            })
            .collect()
    }

    fn stale_intro(&self) -> String {
        let days = self.site.config.plan.stale_days.to_string();
        self.labels.fill("history.stale_intro", &[("days", &days)])
    }

    pub(super) fn history_section(&self) -> HistorySection {
        let labels = &self.labels;
        let date = self.compare_text();
        let moved: Vec<Movement> = (0..self.site.accounts.len())
            .filter_map(|index| self.movement(index))
            .filter(|movement| movement.moved)
            .collect();
        let intro = if !self.portfolio.history.read {
            labels.t("history.not_read")
        } else if moved.is_empty() {
            labels.fill("history.movement_none", &[("date", &date)])
        } else {
            labels.fill("history.movement_intro", &[("date", &date)])
        };
        let trailed = self
            .portfolio
            .history
            .accounts
            .iter()
            .filter_map(|history| history.since.as_ref())
            .filter(|since| {
                since.then.attractiveness.zip(since.then.strength)
                    != since.now.attractiveness.zip(since.now.strength)
            })
            .count();
        let trails = if trailed > 0 && self.site.accounts.len() <= crate::charts::MAX_TRAILS {
            labels.fill("history.trails", &[("date", &date)])
        } else {
            String::new()
        };
        HistorySection {
            trails,
            heading: labels.fill("history.movement_heading", &[("date", &date)]),
            intro,
            moved,
            stale_intro: self.stale_intro(),
            stale: self.stale_plans(),
            review_url: urls::REVIEW.to_string(),
            review_link: labels.fill("history.review_link", &[("date", &date)]),
        }
    }

    pub(super) fn review_page(&self, path: &str) -> ReviewPage {
        let labels = &self.labels;
        let date = self.compare_text();
        let mut accounts = Vec::new();
        let mut without = Vec::new();
        for (index, account) in self.site.accounts.iter().enumerate() {
            match self.movement(index) {
                Some(movement) => accounts.push(movement),
                None => without.push(AccountLink {
                    name: account.name.clone(),
                    url: urls::account(&account.slug),
                }),
            }
        }
        let heading = labels.fill("history.review_title", &[("date", &date)]);
        ReviewPage {
            base: Base::new(path, "review", "portfolio", &heading),
            heading,
            intro: if self.portfolio.history.read {
                labels.fill(
                    "history.review_intro",
                    &[
                        ("date", &date),
                        ("today", &labels.format.date(self.portfolio.today)),
                    ],
                )
            } else {
                labels.t("history.not_read")
            },
            accounts,
            without_intro: labels.fill("history.without_intro", &[("date", &date)]),
            without,
            stale_intro: self.stale_intro(),
            stale: self.stale_plans(),
        }
    }
}
