//! Cell values: whole numbers stay exact; money is decimal.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Num {
    Int(i64),
    Dec(f64),
}

impl Num {
    pub const ZERO: Num = Num::Int(0);

    pub fn as_f64(self) -> f64 {
        match self {
            // i64 → f64 is exact for every count a report can hold (< 2^53).
            Num::Int(i) => i as f64,
            Num::Dec(d) => d,
        }
    }

    /// The value as a whole number, if it is one.
    pub fn as_int(self) -> Option<i64> {
        match self {
            Num::Int(i) => Some(i),
            Num::Dec(d) if d.fract() == 0.0 && d.abs() < 9.0e15 => Some(d as i64),
            Num::Dec(_) => None,
        }
    }

    pub fn is_whole(self) -> bool {
        self.as_int().is_some()
    }

    pub fn is_negative(self) -> bool {
        self.as_f64() < 0.0
    }

    /// Equality for identities: exact for whole numbers, to 1e-6 for decimals.
    pub fn same(self, other: Num) -> bool {
        match (self, other) {
            (Num::Int(a), Num::Int(b)) => a == b,
            _ => (self.as_f64() - other.as_f64()).abs() < 1e-6,
        }
    }

    pub fn plus(self, other: Num) -> Num {
        match (self, other) {
            (Num::Int(a), Num::Int(b)) => a
                .checked_add(b)
                .map_or(Num::Dec(a as f64 + b as f64), Num::Int),
            _ => Num::Dec(self.as_f64() + other.as_f64()),
        }
    }

    pub fn sum<I: IntoIterator<Item = Num>>(it: I) -> Num {
        it.into_iter().fold(Num::ZERO, Num::plus)
    }
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Num::Int(i) => write!(f, "{i}"),
            Num::Dec(d) => {
                // Shortest representation that round-trips, without a trailing ".0".
                let s = format!("{d}");
                f.write_str(&s)
            }
        }
    }
}

impl serde::Serialize for Num {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Num::Int(i) => s.serialize_i64(i),
            Num::Dec(d) => match Num::Dec(d).as_int() {
                Some(i) if d.abs() < 1e15 && (d.fract() == 0.0) => s.serialize_i64(i),
                _ => s.serialize_f64(d),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_stay_exact_for_counts() {
        assert_eq!(Num::sum([Num::Int(2), Num::Int(3)]), Num::Int(5));
        assert!(Num::sum([Num::Dec(0.1), Num::Dec(0.2)]).same(Num::Dec(0.3)));
    }

    #[test]
    fn whole_decimals_serialise_as_integers() {
        assert_eq!(serde_json::to_string(&Num::Dec(3.0)).unwrap(), "3");
        assert_eq!(
            serde_json::to_string(&Num::Dec(93.8605)).unwrap(),
            "93.8605"
        );
        assert_eq!(serde_json::to_string(&Num::Int(-183)).unwrap(), "-183");
    }
}
