//! Money as the user wrote it.
//!
//! SPEC §10 writes money "as given": an integer in the front matter stays an integer in
//! portfolio.json, a float stays a float. Sums of integers stay exact and fall back to
//! floating point only if they would overflow.

use serde::{Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Amount {
    Int(i64),
    Float(f64),
}

impl Amount {
    pub const ZERO: Amount = Amount::Int(0);

    pub fn as_f64(self) -> f64 {
        match self {
            Amount::Int(value) => value as f64,
            Amount::Float(value) => value,
        }
    }

    pub fn is_zero(self) -> bool {
        self.as_f64() == 0.0
    }

    pub fn checked_add(self, other: Amount) -> Amount {
        match (self, other) {
            (Amount::Int(a), Amount::Int(b)) => a
                .checked_add(b)
                .map_or(Amount::Float(a as f64 + b as f64), Amount::Int),
            _ => Amount::Float(self.as_f64() + other.as_f64()),
        }
    }

    pub fn checked_sub(self, other: Amount) -> Amount {
        match (self, other) {
            (Amount::Int(a), Amount::Int(b)) => a
                .checked_sub(b)
                .map_or(Amount::Float(a as f64 - b as f64), Amount::Int),
            _ => Amount::Float(self.as_f64() - other.as_f64()),
        }
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
            Amount::Float(value) => serializer.serialize_f64(*value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_stay_integers_until_they_overflow() {
        assert_eq!(Amount::Int(2).checked_add(Amount::Int(3)), Amount::Int(5));
        assert_eq!(Amount::Int(2).checked_sub(Amount::Int(3)), Amount::Int(-1));
        assert!(matches!(
            Amount::Int(i64::MAX).checked_add(Amount::Int(1)),
            Amount::Float(_)
        ));
        assert_eq!(
            Amount::Int(2).checked_add(Amount::Float(0.5)),
            Amount::Float(2.5)
        );
    }
}
