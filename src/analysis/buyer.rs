//! SPEC §8: how the customer's purchasing sees us (Kraljic) and how we see the customer
//! (supplier preferencing, after Steele and Court).
//!
//! Not here: the sentence shown for a combination (`view::account`).

use serde::Serialize;

use crate::analysis::economics::AbcClass;
use crate::content::model::{BuyerRating, Level};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BuyerView {
    Strategic,
    Leverage,
    Bottleneck,
    NonCritical,
}

impl BuyerView {
    pub const ALL: [BuyerView; 4] = [
        BuyerView::Strategic,
        BuyerView::Leverage,
        BuyerView::Bottleneck,
        BuyerView::NonCritical,
    ];

    pub fn key(self) -> &'static str {
        match self {
            BuyerView::Strategic => "strategic",
            BuyerView::Leverage => "leverage",
            BuyerView::Bottleneck => "bottleneck",
            BuyerView::NonCritical => "non_critical",
        }
    }

    pub fn of(rating: &BuyerRating) -> BuyerView {
        match (rating.profit_impact, rating.supply_risk) {
            (Level::High, Level::High) => BuyerView::Strategic,
            (Level::High, Level::Low) => BuyerView::Leverage,
            (Level::Low, Level::High) => BuyerView::Bottleneck,
            (Level::Low, Level::Low) => BuyerView::NonCritical,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Preference {
    Core,
    Development,
    Exploitable,
    Nuisance,
}

impl Preference {
    pub const ALL: [Preference; 4] = [
        Preference::Core,
        Preference::Development,
        Preference::Exploitable,
        Preference::Nuisance,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Preference::Core => "core",
            Preference::Development => "development",
            Preference::Exploitable => "exploitable",
            Preference::Nuisance => "nuisance",
        }
    }

    pub fn of(attractive: bool, abc: AbcClass) -> Preference {
        match (attractive, abc == AbcClass::A) {
            (true, true) => Preference::Core,
            (true, false) => Preference::Development,
            (false, true) => Preference::Exploitable,
            (false, false) => Preference::Nuisance,
        }
    }
}
