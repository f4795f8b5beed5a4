//! SPEC v2 §12: `data/history.json`, field for field: per account (sorted by slug) its
//! snapshots oldest first and the "since last review" comparison, or null.
//!
//! Like portfolio.json, the shape is a contract with tools outside kam, so it has types of
//! its own. Not here: computing any of it (`analysis::history`).

use serde::Serialize;

use crate::amount::Amount;
use crate::analysis::Portfolio;
use crate::analysis::history::{Point, Since};
use crate::analysis::plan::Rag;
use crate::analysis::scores::Quadrant;
use crate::content::model::{Account, Stage};

#[derive(Serialize)]
pub struct HistoryJson<'a> {
    pub accounts: Vec<AccountHistoryJson<'a>>,
}

#[derive(Serialize)]
pub struct AccountHistoryJson<'a> {
    pub slug: &'a str,
    pub snapshots: Vec<SnapshotJson>,
    pub since: Option<SinceJson>,
}

#[derive(Serialize)]
pub struct SnapshotJson {
    pub date: String,
    pub attractiveness: Option<f64>,
    pub strength: Option<f64>,
    pub quadrant: Option<Quadrant>,
    pub stage: Stage,
    pub revenue: Amount,
    pub rag: Rag,
}

/// A value then and now.
#[derive(Serialize)]
pub struct ThenNow<T> {
    pub then: T,
    pub now: T,
}

#[derive(Serialize)]
pub struct ScoreChange {
    pub then: Option<f64>,
    pub now: Option<f64>,
    /// now − then; null when either is unscored.
    pub change: Option<f64>,
}

#[derive(Serialize)]
pub struct SinceJson {
    /// The comparison date (`--since`, else today − compare_days).
    pub date: String,
    /// The date of the snapshot in force then.
    pub snapshot: String,
    pub quadrant: ThenNow<Option<Quadrant>>,
    pub stage: ThenNow<Stage>,
    pub rag: ThenNow<Rag>,
    pub attractiveness: ScoreChange,
    pub strength: ScoreChange,
}

fn snapshot(point: &Point) -> SnapshotJson {
    SnapshotJson {
        date: point.date.to_string(),
        attractiveness: point.attractiveness,
        strength: point.strength,
        quadrant: point.quadrant,
        stage: point.stage,
        revenue: point.revenue,
        rag: point.rag,
    }
}

fn since(compare: time::Date, since: &Since) -> SinceJson {
    SinceJson {
        date: compare.to_string(),
        snapshot: since.then.date.to_string(),
        quadrant: ThenNow {
            then: since.then.quadrant,
            now: since.now.quadrant,
        },
        stage: ThenNow {
            then: since.then.stage,
            now: since.now.stage,
        },
        rag: ThenNow {
            then: since.then.rag,
            now: since.now.rag,
        },
        attractiveness: ScoreChange {
            then: since.then.attractiveness,
            now: since.now.attractiveness,
            change: since.attractiveness_change,
        },
        strength: ScoreChange {
            then: since.then.strength,
            now: since.now.strength,
            change: since.strength_change,
        },
    }
}

pub fn build<'a>(
    accounts: &'a [std::sync::Arc<Account>],
    portfolio: &Portfolio,
) -> HistoryJson<'a> {
    let history = &portfolio.history;
    HistoryJson {
        accounts: accounts
            .iter()
            .zip(&history.accounts)
            .map(|(account, account_history)| AccountHistoryJson {
                slug: &account.slug,
                snapshots: account_history.points.iter().map(snapshot).collect(),
                since: account_history
                    .since
                    .as_ref()
                    .map(|moved| since(history.compare, moved)),
            })
            .collect(),
    }
}

/// Pretty-printed, with a final newline.
pub fn to_json(accounts: &[std::sync::Arc<Account>], portfolio: &Portfolio) -> String {
    let mut text = serde_json::to_string_pretty(&build(accounts, portfolio))
        .unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"));
    text.push('\n');
    text
}
