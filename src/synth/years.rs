//! The fiscal history of a synthetic account: three to five years up to [`LAST_YEAR`], with
//! a skewed (log-normal) latest revenue so the ABC classes mean something, some declines and
//! some accounts that cost more to serve than they earn.
//!
//! Only the numbers are drawn here; writing them to an account file is `files`' job.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::draw::round_to;
use crate::content::model::Stage;

/// The last fiscal year a generated account reports, so the reference year is stable.
pub const LAST_YEAR: i32 = 2025;

pub struct Year {
    pub year: i32,
    pub revenue: i64,
    pub gross_margin: i64,
    pub cost_to_serve: i64,
    pub wallet: Option<i64>,
}

/// Oldest year first; a disintegrating account always declined in its last year.
pub fn years(rng: &mut ChaCha8Rng, stage: Stage) -> Vec<Year> {
    let count = rng.random_range(3..=5);
    // Log-normal revenue (median about 3.3 MSEK, sigma 1.8): skewed enough that about a
    // fifth of the accounts make class A, as in a real key-account list, which is already
    // the top of a customer base. Box-Muller turns two uniform draws into a normal one.
    let u1: f64 = rng.random_range(f64::EPSILON..1.0);
    let u2: f64 = rng.random_range(0.0..1.0);
    let normal = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
    let latest = (15.0 + 1.8 * normal).exp().clamp(50_000.0, 1_500_000_000.0);
    let declining = stage == Stage::Disintegrating || rng.random_bool(0.1);
    let costly = rng.random_bool(0.07);
    let margin_pct = if costly {
        rng.random_range(0.03..0.08)
    } else {
        rng.random_range(0.10..0.32)
    };
    let serve_pct = if costly {
        rng.random_range(0.09..0.14)
    } else {
        rng.random_range(0.01..0.06)
    };
    let wallet_share = rng.random_bool(0.8).then(|| rng.random_range(0.08..0.85));
    let mut revenues = vec![latest];
    for step in 1..count {
        let growth = if step == 1 && declining {
            rng.random_range(-0.35..-0.11)
        } else {
            rng.random_range(-0.08..0.22)
        };
        let later = revenues[step - 1];
        revenues.push(later / (1.0 + growth));
    }
    revenues.reverse();
    let first = LAST_YEAR - count as i32 + 1;
    revenues
        .into_iter()
        .enumerate()
        .map(|(offset, revenue)| {
            let revenue = round_to(revenue, 1_000.0).max(1_000);
            let drift = rng.random_range(0.9..1.1);
            let share = wallet_share.map(|share: f64| (share * drift).min(0.95));
            Year {
                year: first + offset as i32,
                revenue,
                gross_margin: round_to(revenue as f64 * margin_pct * drift, 1_000.0),
                cost_to_serve: round_to(revenue as f64 * serve_pct, 1_000.0),
                wallet: share.map(|share| round_to(revenue as f64 / share, 100_000.0).max(100_000)),
            }
        })
        .collect()
}
