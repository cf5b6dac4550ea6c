//! The source beside a finding: the line(s) of its evidence with the cited bytes marked.

use std::ops::Range;

/// A line of source cut to a window around its marks: (text, marked?) pieces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Excerpt {
    /// 1-based line number.
    pub line: usize,
    pub pieces: Vec<(String, bool)>,
}

impl Excerpt {
    /// The excerpt as plain text with the marked parts in 【】 (for the workbook).
    pub fn plain(&self) -> String {
        self.pieces
            .iter()
            .map(|(t, m)| if *m { format!("【{t}】") } else { t.clone() })
            .collect()
    }
}

/// Characters kept on each side of the marked part of a long line.
const WINDOW: usize = 60;

/// The lines holding `spans` (each line once, in order), each with its spans marked. Spans
/// that are empty, out of range or not on character boundaries are left out.
pub fn excerpts(text: &str, spans: &[Range<usize>]) -> Vec<Excerpt> {
    let mut lines: Vec<(usize, Range<usize>)> = Vec::new();
    for s in spans {
        if s.start >= s.end || text.get(s.clone()).is_none() {
            continue;
        }
        let start = text[..s.start].rfind('\n').map_or(0, |i| i + 1);
        let end = text[s.end..].find('\n').map_or(text.len(), |i| s.end + i);
        if !lines.iter().any(|(st, _)| *st == start) {
            lines.push((start, start..end));
        }
    }
    lines.sort_by_key(|(s, _)| *s);
    lines
        .into_iter()
        .map(|(start, range)| {
            let line = text[..start].matches('\n').count() + 1;
            // Marks on this line, merged, relative to the line.
            let mut marks: Vec<Range<usize>> = spans
                .iter()
                .filter(|s| s.start >= range.start && s.end <= range.end && s.start < s.end)
                .filter(|s| text.get((*s).clone()).is_some())
                .map(|s| s.start - start..s.end - start)
                .collect();
            marks.sort_by_key(|m| m.start);
            let mut merged: Vec<Range<usize>> = Vec::new();
            for m in marks {
                match merged.last_mut() {
                    Some(last) if m.start <= last.end => last.end = last.end.max(m.end),
                    _ => merged.push(m),
                }
            }
            let l = &text[range];
            let first = merged.first().map_or(0, |m| m.start);
            let last = merged.last().map_or(0, |m| m.end);
            let from = back_chars(l, first, WINDOW);
            let to = forward_chars(l, last, WINDOW);
            let mut pieces = Vec::new();
            let mut at = from;
            if from > 0 {
                pieces.push(("…".to_owned(), false));
            }
            for m in merged {
                if m.start > at {
                    let gap = &l[at..m.start];
                    if at > from && gap.chars().count() > 2 * WINDOW {
                        // Marks far apart on one long line: the context of each, not all
                        // between them.
                        let a = forward_chars(gap, 0, WINDOW);
                        let b = back_chars(gap, gap.len(), WINDOW);
                        pieces.push((clean(&gap[..a]), false));
                        pieces.push(("…".to_owned(), false));
                        pieces.push((clean(&gap[b..]), false));
                    } else {
                        pieces.push((clean(gap), false));
                    }
                }
                pieces.push((clean(&l[m.start.max(at)..m.end]), true));
                at = m.end;
            }
            if to > at {
                pieces.push((clean(&l[at..to]), false));
            }
            if to < l.len() {
                pieces.push(("…".to_owned(), false));
            }
            Excerpt { line, pieces }
        })
        .collect()
}

/// Control characters (a stray `\r`, form feeds) shown as spaces.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn back_chars(s: &str, at: usize, n: usize) -> usize {
    s[..at]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

fn forward_chars(s: &str, at: usize, n: usize) -> usize {
    s[at..]
        .char_indices()
        .nth(n)
        .map_or(s.len(), |(i, _)| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_cells_on_their_lines() {
        let t = "标题\n一、本年新收 | 5 | 6 |\n尾";
        let a = t.find('5').unwrap_or(0);
        let b = t.find('6').unwrap_or(0);
        let ex = excerpts(t, &[a..a + 1, b..b + 1, 999..1000]);
        assert_eq!(ex.len(), 1);
        assert_eq!(ex[0].line, 2);
        assert_eq!(ex[0].plain(), "一、本年新收 | 【5】 | 【6】 |");
    }

    #[test]
    fn far_apart_marks_keep_their_own_context() {
        let t = format!("A{}B", "甲".repeat(1000));
        let spans: Vec<Range<usize>> = vec![0..1, t.len() - 1..t.len()];
        let p = excerpts(&t, &spans)[0].plain();
        assert_eq!(p.chars().count(), 3 + 2 * WINDOW + 1 + 3, "{p}");
        assert!(p.starts_with("【A】") && p.ends_with("【B】"), "{p}");
    }

    #[test]
    fn long_lines_are_cut_around_the_mark() {
        let t = format!("{}X{}", "甲".repeat(200), "乙".repeat(200));
        let a = t.find('X').unwrap_or(0);
        let one: Vec<std::ops::Range<usize>> = std::iter::once(a..a + 1).collect();
        let ex = excerpts(&t, &one);
        let p = ex[0].plain();
        assert!(p.starts_with('…') && p.ends_with('…'), "{p}");
        assert_eq!(p.chars().count(), 2 * WINDOW + 2 + 3);
    }
}
