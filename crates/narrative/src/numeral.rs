//! Numbers as reports write them: Arabic digits (full-width already folded), with thousands
//! separators and decimals, and Chinese numerals (十二, 一百零五, 两, 一万二千).

/// A number read from the text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Number {
    /// The value (whole numbers are exact below 2^53).
    pub value: f64,
    /// Digits after the decimal point as written (`51.85` → 2).
    pub decimals: u8,
    /// Written in Chinese numerals.
    pub chinese: bool,
    /// Characters consumed.
    pub len: usize,
}

/// The Arabic number starting at `s[0]`: `1,234`, `51.85`, `0`. `None` unless `s[0]` is a
/// digit. A comma is a thousands separator only when three digits follow it.
pub fn arabic(s: &[char]) -> Option<Number> {
    if !s.first().is_some_and(char::is_ascii_digit) {
        return None;
    }
    let mut i = 0;
    let mut int = String::new();
    while i < s.len() {
        let c = s[i];
        if c.is_ascii_digit() {
            int.push(c);
            i += 1;
        } else if c == ',' && group_of_three(&s[i + 1..]) {
            i += 1;
        } else {
            break;
        }
    }
    let mut decimals = 0u8;
    let mut frac = String::new();
    if s.get(i) == Some(&'.') && s.get(i + 1).is_some_and(char::is_ascii_digit) {
        i += 1;
        while let Some(c) = s.get(i).filter(|c| c.is_ascii_digit()) {
            frac.push(*c);
            decimals = decimals.saturating_add(1);
            i += 1;
        }
    }
    let text = if frac.is_empty() {
        int
    } else {
        format!("{int}.{frac}")
    };
    let value = text.parse::<f64>().ok()?;
    Some(Number {
        value,
        decimals,
        chinese: false,
        len: i,
    })
}

fn group_of_three(s: &[char]) -> bool {
    s.len() >= 3
        && s[..3].iter().all(char::is_ascii_digit)
        && !s.get(3).is_some_and(char::is_ascii_digit)
}

fn digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn unit(c: char) -> Option<u64> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1_000,
        '万' => 10_000,
        '亿' => 100_000_000,
        _ => return None,
    })
}

/// Whether `c` can be part of a Chinese numeral.
pub fn is_chinese_numeral(c: char) -> bool {
    digit(c).is_some() || unit(c).is_some()
}

/// The Chinese numeral starting at `s[0]`, read as long as it stays well formed: `十二` 12,
/// `一百零五` 105, `两` 2, `二十` 20, `一万二千` 12000. A trailing `万` or `亿` that is part of a
/// money unit (`三万元`) is read as a multiplier, as written.
pub fn chinese(s: &[char]) -> Option<Number> {
    let mut total: u64 = 0; // completed 万/亿 sections
    let mut section: u64 = 0; // below 万
    let mut pending: Option<u64> = None; // a digit waiting for its unit
    let mut last_unit = u64::MAX; // units must fall within a section
    let mut i = 0;
    let mut seen = false;
    while let Some(&c) = s.get(i) {
        if let Some(d) = digit(c) {
            if pending.is_some_and(|p| p != 0) {
                // Two digits in a row (二三) is not a numeral.
                break;
            }
            pending = Some(d);
        } else if let Some(u) = unit(c) {
            if u >= 10_000 {
                let part = section + pending.take().unwrap_or(0);
                if part == 0 && total == 0 {
                    break;
                }
                total = (total + part).checked_mul(u)?;
                section = 0;
                last_unit = u64::MAX;
            } else {
                if u >= last_unit {
                    break;
                }
                // 十 alone means 一十.
                let d = pending
                    .take()
                    .unwrap_or(if section == 0 && u == 10 { 1 } else { 0 });
                if d == 0 {
                    break;
                }
                section += d * u;
                last_unit = u;
            }
        } else {
            break;
        }
        seen = true;
        i += 1;
    }
    if !seen {
        return None;
    }
    let value = total + section + pending.unwrap_or(0);
    Some(Number {
        // Counts in reports are far below 2^53: the conversion is exact.
        value: value as f64,
        decimals: 0,
        chinese: true,
        len: i,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zh(s: &str) -> Option<(f64, usize)> {
        let c: Vec<char> = s.chars().collect();
        chinese(&c).map(|n| (n.value, n.len))
    }

    fn ar(s: &str) -> Option<(f64, u8, usize)> {
        let c: Vec<char> = s.chars().collect();
        arabic(&c).map(|n| (n.value, n.decimals, n.len))
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(zh("十二件"), Some((12.0, 2)));
        assert_eq!(zh("一百零五件"), Some((105.0, 4)));
        assert_eq!(zh("两件"), Some((2.0, 1)));
        assert_eq!(zh("二十件"), Some((20.0, 2)));
        assert_eq!(zh("十件"), Some((10.0, 1)));
        assert_eq!(zh("一万二千件"), Some((12000.0, 4)));
        assert_eq!(zh("三千零二十"), Some((3020.0, 5)));
        assert_eq!(zh("零件"), Some((0.0, 1)));
        assert_eq!(zh("一是"), Some((1.0, 1)));
        // Not numerals, or only their start.
        assert_eq!(zh("件"), None);
        assert_eq!(zh("二三件"), Some((2.0, 1)));
        assert_eq!(zh("万件"), None);
    }

    #[test]
    fn arabic_numbers() {
        assert_eq!(ar("34件"), Some((34.0, 0, 2)));
        assert_eq!(ar("1,234件"), Some((1234.0, 0, 5)));
        assert_eq!(ar("51.85%"), Some((51.85, 2, 5)));
        assert_eq!(ar("5949.088667万元"), Some((5949.088667, 6, 11)));
        assert_eq!(ar("12,3件"), Some((12.0, 0, 2)));
        assert_eq!(ar("3."), Some((3.0, 0, 1)));
        assert_eq!(ar("件"), None);
    }
}
