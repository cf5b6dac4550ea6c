//! Page furniture: running headers and footers, and page numbers.
//!
//! Only lines in the top or bottom margin band of a page, and only the first or last two lines
//! there, are candidates: a table row or a paragraph is never furniture. A candidate is
//! removed when it is a page number (`- 3 -`, `第 3 页 共 9 页`, `3/9`, a lone `3`), or when the
//! same text (digits aside) sits in the same band on at least half the pages (three at least,
//! or both pages of a two-page document).

use super::layout::Line;

/// Share of the page height, at the top and at the bottom, where furniture is looked for.
const BAND: f64 = 0.12;

/// A page's lines, before layout.
#[derive(Debug)]
pub(crate) struct PageLines {
    pub height: f64,
    pub lines: Vec<Line>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Zone {
    Top,
    Bottom,
}

/// Remove running headers, footers and page numbers from every page.
pub(crate) fn strip(pages: &mut [PageLines]) {
    let cands: Vec<Vec<(usize, Zone, String)>> = pages.iter().map(candidates).collect();
    let with_text = pages.iter().filter(|p| !p.lines.is_empty()).count();
    let mut keys: Vec<(Zone, &str, usize)> = Vec::new();
    for page in &cands {
        let mut seen: Vec<(Zone, &str)> = Vec::new();
        for (_, zone, key) in page {
            if seen.contains(&(*zone, key.as_str())) {
                continue;
            }
            seen.push((*zone, key));
            match keys
                .iter_mut()
                .find(|(z, k, _)| z == zone && *k == key.as_str())
            {
                Some(entry) => entry.2 += 1,
                None => keys.push((*zone, key, 1)),
            }
        }
    }
    // Digits alone are page numbers or values, never a running header.
    let repeated = |zone: Zone, key: &str| {
        key.chars().any(|c| c != '#')
            && keys.iter().any(|&(z, k, n)| {
                z == zone
                    && k == key
                    && ((with_text >= 3 && n >= 3 && 2 * n >= with_text)
                        || (with_text == 2 && n == 2))
            })
    };
    // A bare number is a page number only when it follows the page order (page index minus
    // number the same on at least two pages): a lone value at the top of a page is not.
    let mut bare: Vec<(usize, usize, i64)> = Vec::new();
    let mut drop: Vec<Vec<usize>> = vec![Vec::new(); pages.len()];
    for (p, page) in cands.iter().enumerate() {
        for (i, zone, key) in page {
            let line = &pages[p].lines[*i];
            // A page number stands alone: a line of values is a table row.
            let alone = line.words.len() <= 3 && line.x1() - line.x0() < 80.0;
            let compact = line.compact();
            if alone && let Some(n) = bare_number(&compact) {
                bare.push((p, *i, p as i64 + 1 - n));
            } else if (alone && !is_digits(&compact) && is_page_number(&compact))
                || repeated(*zone, key)
            {
                drop[p].push(*i);
            }
        }
    }
    let mut offsets: Vec<(i64, usize)> = Vec::new();
    for &(_, _, d) in &bare {
        match offsets.iter_mut().find(|(o, _)| *o == d) {
            Some(e) => e.1 += 1,
            None => offsets.push((d, 1)),
        }
    }
    if let Some(&(d, n)) = offsets.iter().max_by_key(|(_, n)| *n)
        && n >= 2
    {
        for &(p, i, o) in &bare {
            if o == d {
                drop[p].push(i);
            }
        }
    }
    for (page, drop) in pages.iter_mut().zip(drop) {
        let mut i = 0;
        page.lines.retain(|_| {
            let keep = !drop.contains(&i);
            i += 1;
            keep
        });
    }
}

/// (line index, band, key) of the lines that could be furniture: the first two and last two
/// lines when they sit in the margin bands. The key is the text without spaces, digits as `#`.
fn candidates(page: &PageLines) -> Vec<(usize, Zone, String)> {
    let n = page.lines.len();
    let h = page.height;
    let mut out = Vec::new();
    if h <= 0.0 {
        return out;
    }
    for i in (0..n.min(2)).chain(n.saturating_sub(2).max(2.min(n))..n) {
        let l = &page.lines[i];
        let zone = if l.y1() <= BAND * h {
            Zone::Top
        } else if l.y0() >= (1.0 - BAND) * h {
            Zone::Bottom
        } else {
            continue;
        };
        let key: String = l
            .compact()
            .chars()
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect();
        out.push((i, zone, key));
    }
    out
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// A number written alone, without decoration (`3`), from 1 up.
fn bare_number(compact: &str) -> Option<i64> {
    if !is_digits(compact) || compact.len() > 4 {
        return None;
    }
    compact.parse().ok().filter(|&n| n >= 1)
}

/// `3`, `- 3 -`, `— 3 —`, `·3·`, `(3)`, `第3页`, `第3页共9页`, `第3页/共9页`, `3/9`, `Page 3`,
/// `Page 3 of 9` (spaces already removed).
pub(crate) fn is_page_number(compact: &str) -> bool {
    let deco: &[char] = &[
        '-', '—', '–', '－', '·', '•', '(', ')', '（', '）', '[', ']', '【', '】', '_', '~',
    ];
    let t = compact.trim_matches(deco);
    let num = |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
    if num(t) {
        return true;
    }
    if let Some(rest) = t.strip_prefix('第')
        && let Some((n, rest)) = rest.split_once('页')
        && num(n)
    {
        let rest = rest.trim_start_matches(['/', ',', '，', '、']);
        return rest.is_empty()
            || rest
                .strip_prefix('共')
                .and_then(|r| r.strip_suffix('页'))
                .is_some_and(num);
    }
    if let Some((a, b)) = t.split_once('/') {
        return num(a) && num(b);
    }
    let lower = t.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("page") {
        return match rest.split_once("of") {
            Some((a, b)) => num(a) && num(b),
            None => num(rest),
        };
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::bbox::Word;

    fn line(y: f64, text: &str) -> Line {
        Line {
            words: vec![Word {
                x0: 100.0,
                y0: y,
                x1: 100.0 + 8.0 * text.chars().count() as f64,
                y1: y + 12.0,
                text: text.into(),
            }],
        }
    }

    #[test]
    fn page_numbers_are_recognised() {
        for t in [
            "3",
            "-3-",
            "—3—",
            "·3·",
            "第3页",
            "第3页共9页",
            "第3页/共9页",
            "3/9",
            "Page3of9",
            "(3)",
        ] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["第3章", "一、", "3.5", "12345", "第3页共"] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    #[test]
    fn running_headers_and_page_numbers_go() {
        let mut pages: Vec<PageLines> = (1..=4)
            .map(|n| PageLines {
                height: 842.0,
                lines: vec![
                    line(30.0, "某某区政府信息公开年报"),
                    line(400.0, "正文"),
                    line(800.0, &format!("- {n} -")),
                ],
            })
            .collect();
        pages[3].lines.remove(0);
        strip(&mut pages);
        for p in &pages {
            let texts: Vec<String> = p.lines.iter().map(Line::compact).collect();
            assert_eq!(texts, ["正文"]);
        }
    }

    #[test]
    fn lone_values_out_of_page_order_stay() {
        // A value alone at the top of pages 2 and 3 (a one-cell-per-line table), page numbers
        // at the bottom.
        let mut pages: Vec<PageLines> = (1..=3)
            .map(|n| PageLines {
                height: 842.0,
                lines: vec![
                    line(40.0, "0"),
                    line(400.0, "正文"),
                    line(800.0, &n.to_string()),
                ],
            })
            .collect();
        strip(&mut pages);
        for p in &pages {
            let texts: Vec<String> = p.lines.iter().map(Line::compact).collect();
            assert_eq!(texts, ["0", "正文"]);
        }
    }

    #[test]
    fn body_lines_are_never_furniture() {
        let mut pages: Vec<PageLines> = (0..3)
            .map(|_| PageLines {
                height: 842.0,
                lines: vec![line(400.0, "3"), line(420.0, "正文")],
            })
            .collect();
        strip(&mut pages);
        assert!(pages.iter().all(|p| p.lines.len() == 2));
    }
}
