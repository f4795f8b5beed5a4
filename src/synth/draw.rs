//! Drawing from the one seeded stream a synthetic site comes from: uniform and weighted
//! picks, shuffles, dates around [`TODAY`] and rounding to round sums.
//!
//! Every draw of a site goes through the same `ChaCha8Rng` in a fixed order, which is what
//! makes a seed reproducible; what is drawn, and in which order, is the callers' business.
//!
//! Not here: what is drawn (`account`, `plan`, `years`).

use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use time::{Date, Duration};

use super::TODAY;

/// Uniform pick from a non-empty list (every list here is a non-empty constant).
pub fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// Pick by integer weights; the lists are constants with a positive total.
pub fn by_weight<T: Copy>(rng: &mut ChaCha8Rng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, weight)| weight).sum();
    let mut ticket = rng.random_range(0..total);
    for (item, weight) in items {
        if ticket < *weight {
            return *item;
        }
        ticket -= weight;
    }
    items[items.len() - 1].0
}

pub fn shuffle<T>(rng: &mut ChaCha8Rng, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        let j = rng.random_range(0..=i);
        items.swap(i, j);
    }
}

/// A date between `low` and `high` days from [`TODAY`], both included.
pub fn day(rng: &mut ChaCha8Rng, low: i64, high: i64) -> Date {
    TODAY.saturating_add(Duration::days(rng.random_range(low..=high)))
}

/// `value` to the nearest multiple of `step`, as people round money in a plan.
pub fn round_to(value: f64, step: f64) -> i64 {
    ((value / step).round() * step) as i64
}
