//! Money as the user wrote it, and exact decimals (SPEC v2 §4a).
//!
//! SPEC §10 writes money "as given": an integer in the front matter stays an integer in
//! portfolio.json, a decimal is written as the nearest float. Every decision against a
//! threshold is taken on the exact decimal value ([`Amount::exact`]), never on an f64.
//! Sums of integers stay integers; sums with decimals stay exact decimals.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Amount {
    Int(i64),
    /// A decimal as written in a file: exact.
    Decimal(Decimal),
    /// A value computed in floating point elsewhere (tests, synthetic sites).
    Float(f64),
}

/// The f64 nearest to an exact decimal.
pub fn approx(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(0.0)
}

/// An f64 as the shortest decimal that reads back as it; 0 for NaN and infinities.
pub fn decimal_of(value: f64) -> Decimal {
    Decimal::try_from(value).unwrap_or_default()
}

impl Amount {
    pub const ZERO: Amount = Amount::Int(0);

    pub fn as_f64(self) -> f64 {
        match self {
            Amount::Int(value) => value as f64,
            Amount::Decimal(value) => approx(value),
            Amount::Float(value) => value,
        }
    }

    /// The exact value, for comparisons.
    pub fn exact(self) -> Decimal {
        match self {
            Amount::Int(value) => Decimal::from(value),
            Amount::Decimal(value) => value,
            Amount::Float(value) => decimal_of(value),
        }
    }

    pub fn is_zero(self) -> bool {
        self.exact().is_zero()
    }

    pub fn is_negative(self) -> bool {
        self.exact().is_sign_negative() && !self.is_zero()
    }

    pub fn checked_add(self, other: Amount) -> Amount {
        match (self, other) {
            (Amount::Int(a), Amount::Int(b)) => a
                .checked_add(b)
                .map_or_else(|| exact_or_float(self, other, Op::Add), Amount::Int),
            _ => exact_or_float(self, other, Op::Add),
        }
    }

    pub fn checked_sub(self, other: Amount) -> Amount {
        match (self, other) {
            (Amount::Int(a), Amount::Int(b)) => a
                .checked_sub(b)
                .map_or_else(|| exact_or_float(self, other, Op::Sub), Amount::Int),
            _ => exact_or_float(self, other, Op::Sub),
        }
    }
}

enum Op {
    Add,
    Sub,
}

/// The exact result, or floating point past the decimal type's range (never a panic).
fn exact_or_float(a: Amount, b: Amount, op: Op) -> Amount {
    let exact = match op {
        Op::Add => a.exact().checked_add(b.exact()),
        Op::Sub => a.exact().checked_sub(b.exact()),
    };
    match (exact, op) {
        (Some(value), _) => Amount::Decimal(value),
        (None, Op::Add) => Amount::Float(a.as_f64() + b.as_f64()),
        (None, Op::Sub) => Amount::Float(a.as_f64() - b.as_f64()),
    }
}

impl std::iter::Sum for Amount {
    fn sum<I: Iterator<Item = Amount>>(iter: I) -> Amount {
        iter.fold(Amount::ZERO, Amount::checked_add)
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Amount::Int(value) => serializer.serialize_i64(*value),
            Amount::Decimal(value) => serializer.serialize_f64(approx(*value)),
            Amount::Float(value) => serializer.serialize_f64(*value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_add_up_exactly() {
        let a = Amount::Decimal("0.1".parse().expect("decimal"));
        let b = Amount::Decimal("0.2".parse().expect("decimal"));
        assert_eq!(
            a.checked_add(b).exact(),
            "0.3".parse::<Decimal>().expect("decimal")
        );
        assert_eq!(
            Amount::Int(3).checked_sub(a).exact(),
            "2.9".parse::<Decimal>().expect("decimal")
        );
        assert!(!Amount::Decimal(Decimal::ZERO).is_negative());
    }

    #[test]
    fn integers_stay_integers_until_they_overflow() {
        assert_eq!(Amount::Int(2).checked_add(Amount::Int(3)), Amount::Int(5));
        assert_eq!(Amount::Int(2).checked_sub(Amount::Int(3)), Amount::Int(-1));
        assert!(matches!(
            Amount::Int(i64::MAX).checked_add(Amount::Int(1)),
            Amount::Decimal(_)
        ));
        assert_eq!(Amount::Int(2).checked_add(Amount::Float(0.5)).as_f64(), 2.5);
    }
}
