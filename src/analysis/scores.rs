//! SPEC §4: weighted attractiveness and strength, and the portfolio-matrix quadrant.

use serde::Serialize;

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
    pub fn of(attractiveness: f64, strength: f64, segmentation: &Segmentation) -> Quadrant {
        let attractive = attractiveness >= segmentation.attractiveness_cutoff;
        let strong = strength >= segmentation.strength_cutoff;
        match (attractive, strong) {
            (true, true) => Quadrant::Strategic,
            (true, false) => Quadrant::Star,
            (false, true) => Quadrant::Status,
            (false, false) => Quadrant::Streamline,
        }
    }
}

/// One factor's part in a weighted score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactorPart {
    pub name: String,
    /// The factor's name on the pages (`[segmentation.labels]`).
    pub label: String,
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
    pub attractiveness_parts: Vec<FactorPart>,
    pub strength_parts: Vec<FactorPart>,
}

impl Scores {
    /// Whether the account counts as attractive: `None` while it is unscored on that axis.
    pub fn attractive(&self, segmentation: &Segmentation) -> Option<bool> {
        self.attractiveness
            .map(|score| score >= segmentation.attractiveness_cutoff)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ForecastPosition {
    pub attractiveness: f64,
    pub strength: f64,
    pub quadrant: Quadrant,
}

/// Σ w·s / Σ w, summed in the order kam.toml lists the factors.
pub fn weighted(factors: &[Factor], scores: &[f64]) -> f64 {
    let (weighted_sum, weight_sum) = factors
        .iter()
        .zip(scores)
        .fold((0.0, 0.0), |(ws, w), (factor, score)| {
            (ws + factor.weight * score, w + factor.weight)
        });
    if weight_sum > 0.0 {
        weighted_sum / weight_sum
    } else {
        0.0
    }
}

fn parts(factors: &[Factor], scores: &[f64]) -> Vec<FactorPart> {
    let weight_sum: f64 = factors.iter().map(|factor| factor.weight).sum();
    factors
        .iter()
        .zip(scores)
        .map(|(factor, score)| FactorPart {
            name: factor.name.clone(),
            label: factor.label.clone(),
            score: *score,
            weight: factor.weight,
            contribution: if weight_sum > 0.0 {
                factor.weight * score / weight_sum
            } else {
                0.0
            },
        })
        .collect()
}

pub fn score(account: &Account, segmentation: &Segmentation) -> Scores {
    let axis = |factors: &[Factor], scores: &Option<Vec<f64>>| match scores {
        Some(scores) => (Some(weighted(factors, scores)), parts(factors, scores)),
        None => (None, Vec::new()),
    };
    let (attractiveness, attractiveness_parts) = axis(
        &segmentation.attractiveness_weights,
        &account.attractiveness,
    );
    let (strength, strength_parts) = axis(&segmentation.strength_weights, &account.strength);
    Scores {
        attractiveness,
        strength,
        quadrant: attractiveness
            .zip(strength)
            .map(|(attractiveness, strength)| Quadrant::of(attractiveness, strength, segmentation)),
        attractiveness_parts,
        strength_parts,
    }
}

pub fn forecast(forecast: &Forecast, segmentation: &Segmentation) -> ForecastPosition {
    ForecastPosition {
        attractiveness: forecast.attractiveness,
        strength: forecast.strength,
        quadrant: Quadrant::of(forecast.attractiveness, forecast.strength, segmentation),
    }
}
