//! SPEC §4: weighted attractiveness and strength, and the portfolio-matrix quadrant.
//!
//! Not here: reading scores from files (`content::account`) or showing them.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::amount::approx;
use crate::config::{Factor, Segmentation};
use crate::content::model::{Account, Forecast};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Quadrant {
    Strategic,
    Star,
    Status,
    Streamline,
}

impl Quadrant {
    pub const ALL: [Quadrant; 4] = [
        Quadrant::Strategic,
        Quadrant::Star,
        Quadrant::Status,
        Quadrant::Streamline,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Quadrant::Strategic => "strategic",
            Quadrant::Star => "star",
            Quadrant::Status => "status",
            Quadrant::Streamline => "streamline",
        }
    }

    /// The quadrant of a position: a score at its cut-off counts as high.
    pub fn of(attractive: bool, strong: bool) -> Quadrant {
        match (attractive, strong) {
            (true, true) => Quadrant::Strategic,
            (true, false) => Quadrant::Star,
            (false, true) => Quadrant::Status,
            (false, false) => Quadrant::Streamline,
        }
    }
}

/// A weighted score kept as its exact numerator and denominator (Σ w·s and Σ w), so that
/// comparing it with a cut-off is exact: Σ w·s >= cutoff · Σ w (SPEC v2 §4a).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Exact {
    pub weighted_sum: Decimal,
    pub weight_sum: Decimal,
}

impl Exact {
    pub fn of(value: Decimal) -> Exact {
        Exact {
            weighted_sum: value,
            weight_sum: Decimal::ONE,
        }
    }

    /// At or above the cut-off; false if the products leave the decimal range.
    pub fn at_least(self, cutoff: Decimal) -> bool {
        cutoff
            .checked_mul(self.weight_sum)
            .is_some_and(|bound| self.weighted_sum >= bound)
    }

    /// The f64 nearest to the score, for pages, charts and JSON.
    pub fn value(self) -> f64 {
        self.weighted_sum
            .checked_div(self.weight_sum)
            .map_or(0.0, approx)
    }
}

/// One factor's part in a weighted score, in the order of the axis's factors in kam.toml
/// (whose names and labels are not copied into every account's parts).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactorPart {
    pub score: f64,
    pub weight: f64,
    /// weight·score / Σ weights: the parts add up to the weighted score.
    pub contribution: f64,
}

/// An account's weighted scores. An axis the account has not been scored on is `None`, and
/// so is the quadrant unless both are scored (SPEC v2 §3); its parts are then empty.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    pub attractiveness: Option<f64>,
    pub strength: Option<f64>,
    pub quadrant: Option<Quadrant>,
    /// Whether attractiveness is at or above its cut-off, decided exactly; `None` while
    /// unscored.
    pub attractive: Option<bool>,
    pub attractiveness_parts: Vec<FactorPart>,
    pub strength_parts: Vec<FactorPart>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ForecastPosition {
    pub attractiveness: f64,
    pub strength: f64,
    pub quadrant: Quadrant,
}

/// Σ w·s and Σ w, exactly; `None` only past the decimal range, which the bounds of SPEC
/// v2 §3 keep real sites far from.
pub fn weighted(factors: &[Factor], scores: &[Decimal]) -> Option<Exact> {
    factors.iter().zip(scores).try_fold(
        Exact {
            weighted_sum: Decimal::ZERO,
            weight_sum: Decimal::ZERO,
        },
        |sum, (factor, score)| {
            Some(Exact {
                weighted_sum: sum
                    .weighted_sum
                    .checked_add(factor.weight.checked_mul(*score)?)?,
                weight_sum: sum.weight_sum.checked_add(factor.weight)?,
            })
        },
    )
}

fn parts(factors: &[Factor], scores: &[Decimal]) -> Vec<FactorPart> {
    let weight_sum: Decimal = factors.iter().map(|factor| factor.weight).sum();
    factors
        .iter()
        .zip(scores)
        .map(|(factor, score)| FactorPart {
            score: approx(*score),
            weight: approx(factor.weight),
            contribution: factor
                .weight
                .checked_mul(*score)
                .and_then(|product| product.checked_div(weight_sum))
                .map_or(0.0, approx),
        })
        .collect()
}

pub fn score(account: &Account, segmentation: &Segmentation) -> Scores {
    let axis = |factors: &[Factor], scores: &Option<Vec<Decimal>>| match scores {
        Some(scores) => (weighted(factors, scores), parts(factors, scores)),
        None => (None, Vec::new()),
    };
    let (attractiveness, attractiveness_parts) = axis(
        &segmentation.attractiveness_weights,
        &account.attractiveness,
    );
    let (strength, strength_parts) = axis(&segmentation.strength_weights, &account.strength);
    let attractive = attractiveness.map(|score| score.at_least(segmentation.attractiveness_cutoff));
    let strong = strength.map(|score| score.at_least(segmentation.strength_cutoff));
    Scores {
        attractiveness: attractiveness.map(Exact::value),
        strength: strength.map(Exact::value),
        quadrant: attractive
            .zip(strong)
            .map(|(attractive, strong)| Quadrant::of(attractive, strong)),
        attractive,
        attractiveness_parts,
        strength_parts,
    }
}

pub fn forecast(forecast: &Forecast, segmentation: &Segmentation) -> ForecastPosition {
    let attractive =
        Exact::of(forecast.attractiveness).at_least(segmentation.attractiveness_cutoff);
    let strong = Exact::of(forecast.strength).at_least(segmentation.strength_cutoff);
    ForecastPosition {
        attractiveness: approx(forecast.attractiveness),
        strength: approx(forecast.strength),
        quadrant: Quadrant::of(attractive, strong),
    }
}
