//! One cell's text → a value: `0`, `　　0`, `1,234`, `-1942`, `+19`, `减3`, `160.5964万元`,
//! `93.8605（万元）`, `27225290916元`, and the blank marks `/`, `-`, `—`, `无`.
//!
//! Input is normalised text (full-width digits and brackets already folded).

use gongkai_format::{BLANK_MARKERS, MONEY_UNITS, MoneyUnit, SIGN_WORDS};
use gongkai_report::Num;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Parsed {
    /// A number, with the unit written next to it, if any.
    Number {
        num: Num,
        unit: Option<MoneyUnit>,
        signed: bool,
    },
    /// A blank / not-applicable mark.
    Blank,
}

/// Count units that may follow a number in a cell and carry no meaning for the value.
const COUNT_UNITS: [&str; 5] = ["件", "个", "项", "次", "条"];

/// Parse a cell's text. `None`: not a value (a label fragment, a percentage, prose).
pub fn parse(text: &str) -> Option<Parsed> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if BLANK_MARKERS.contains(&t) || t.chars().all(|c| c == '-') {
        return Some(Parsed::Blank);
    }
    let (t, unit) = strip_unit(t);
    let (t, sign, signed) = strip_sign(t);
    let num = parse_unsigned(t)?;
    let num = match (num, sign) {
        (Num::Int(i), -1) => Num::Int(-i),
        (Num::Dec(d), -1) => Num::Dec(-d),
        (n, _) => n,
    };
    Some(Parsed::Number { num, unit, signed })
}

fn strip_unit(t: &str) -> (&str, Option<MoneyUnit>) {
    let mut t = t;
    // `(万元)` written in brackets after the number
    if let Some(inner) = t.strip_suffix(')')
        && let Some(open) = inner.rfind('(')
    {
        let unit_text = &inner[open + 1..];
        if let Some((_, u)) = MONEY_UNITS.iter().find(|(s, _)| *s == unit_text) {
            return (inner[..open].trim_end(), Some(*u));
        }
    }
    for (s, u) in MONEY_UNITS {
        if let Some(rest) = t.strip_suffix(s) {
            return (rest.trim_end(), Some(u));
        }
    }
    for s in COUNT_UNITS {
        if let Some(rest) = t.strip_suffix(s) {
            t = rest.trim_end();
            break;
        }
    }
    (t, None)
}

/// Returns the rest, the sign (1 or -1) and whether a sign was written.
fn strip_sign(t: &str) -> (&str, i8, bool) {
    if let Some(rest) = t.strip_prefix('+') {
        return (rest.trim_start(), 1, true);
    }
    if let Some(rest) = t.strip_prefix('-') {
        return (rest.trim_start(), -1, true);
    }
    for (w, s) in SIGN_WORDS {
        if let Some(rest) = t.strip_prefix(w) {
            return (rest.trim_start(), s, true);
        }
    }
    (t, 1, false)
}

/// Digits with optional thousands separators and decimals.
fn parse_unsigned(t: &str) -> Option<Num> {
    if t.is_empty() || !t.bytes().next().is_some_and(|b| b.is_ascii_digit()) {
        return None;
    }
    let (int_part, frac) = match t.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (t, None),
    };
    let digits: String = if int_part.contains(',') {
        let groups: Vec<&str> = int_part.split(',').collect();
        let ok = groups.first().is_some_and(|g| (1..=3).contains(&g.len()))
            && groups.iter().skip(1).all(|g| g.len() == 3)
            && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
        if !ok {
            return None;
        }
        groups.concat()
    } else {
        if !int_part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        int_part.to_owned()
    };
    match frac {
        // Longer than any count: digits of several cells run together. Keep it a number (the
        // digits are split by their text later); the value itself is approximate.
        None if digits.len() > 18 => digits.parse::<f64>().ok().map(Num::Dec),
        None => digits.parse::<i64>().ok().map(Num::Int),
        Some(f) if !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{digits}.{f}").parse::<f64>().ok().map(Num::Dec)
        }
        Some(_) => None,
    }
}

/// Digits, optionally signed, that may be several cells run together (`7000007`, `-1339`).
/// Returns the length of the sign, if it is one.
pub fn digit_run(text: &str) -> Option<usize> {
    let t = text.trim();
    let sign = usize::from(t.starts_with(['+', '-']));
    let digits = &t[sign..];
    (digits.len() >= 2 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(sign)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> Option<Num> {
        match parse(s)? {
            Parsed::Number { num, .. } => Some(num),
            Parsed::Blank => None,
        }
    }

    #[test]
    fn counts_and_signs() {
        assert_eq!(num("0"), Some(Num::Int(0)));
        assert_eq!(num("  0"), Some(Num::Int(0)));
        assert_eq!(num("1,234"), Some(Num::Int(1234)));
        assert_eq!(num("-1942"), Some(Num::Int(-1942)));
        assert_eq!(num("+19"), Some(Num::Int(19)));
        assert_eq!(num("减3"), Some(Num::Int(-3)));
        assert_eq!(num("增5"), Some(Num::Int(5)));
        assert_eq!(num("12件"), Some(Num::Int(12)));
    }

    #[test]
    fn money_and_units() {
        assert_eq!(num("160.5964"), Some(Num::Dec(160.5964)));
        assert_eq!(
            parse("93.8605(万元)"),
            Some(Parsed::Number {
                num: Num::Dec(93.8605),
                unit: Some(MoneyUnit::Wan),
                signed: false
            })
        );
        assert_eq!(
            parse("27225290916元"),
            Some(Parsed::Number {
                num: Num::Int(27225290916),
                unit: Some(MoneyUnit::Yuan),
                signed: false
            })
        );
        assert_eq!(num("160.5964万元"), Some(Num::Dec(160.5964)));
    }

    #[test]
    fn blanks() {
        for b in ["/", "-", "—", "无", "--"] {
            assert_eq!(parse(b), Some(Parsed::Blank), "{b}");
        }
    }

    #[test]
    fn not_values() {
        for s in ["", "3.", "1,2", "50%", "规章", "2.其他", "v1"] {
            assert_eq!(parse(s), None, "{s}");
        }
    }
}
