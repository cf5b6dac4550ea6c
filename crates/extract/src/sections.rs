//! The six section headings: title variants, wrong numbering, headings run into the text.

use crate::view::View;
use gongkai_decode::compact_label;
use gongkai_format::{NUMERALS, SECTIONS, SectionDef};
use gongkai_report::Section;
use std::sync::OnceLock;

/// A heading candidate in the compact view.
#[derive(Clone, Debug)]
struct Candidate {
    number: u8,
    /// Compact range of numbering + title.
    start: usize,
    end: usize,
    numbering: String,
    printed: Option<u8>,
}

/// Headings found, at most one per section, each with its compact start (for region bounds).
pub struct Headings {
    pub sections: Vec<Section>,
    /// Compact start offset of each found section, by number (index 0 = section 1).
    pub starts: [Option<usize>; 6],
}

impl Headings {
    /// Compact start of the first heading of a section numbered at least `from`, after `after`.
    pub fn next_after(&self, after: usize, from: u8) -> Option<usize> {
        self.starts
            .iter()
            .enumerate()
            .filter(|(i, _)| *i + 1 >= usize::from(from))
            .filter_map(|(_, s)| *s)
            .filter(|&s| s > after)
            .min()
    }
}

pub fn find(view: &View<'_>) -> Headings {
    let compact = view.compact_str();
    let mut cands: Vec<Candidate> = Vec::new();
    for (def, pat) in title_patterns() {
        for (at, _) in compact.match_indices(pat.as_str()) {
            if let Some(c) = candidate(view, def, at, at + pat.len()) {
                cands.push(c);
            }
        }
    }
    keyword_candidates(view, &mut cands);
    cands.sort_by_key(|c| (c.start, std::cmp::Reverse(c.end)));
    // In order: each section's first heading after the previous section's; a section found
    // only before it is taken out of order (S-SECTIONS reports the order).
    let mut sections = Vec::new();
    let mut starts = [None; 6];
    let mut floor = 0usize;
    let mut style: Option<bool> = None;
    for def in &SECTIONS {
        let mine = cands.iter().filter(|c| c.number == def.number);
        // After the previous section, prefer a heading numbered as this section in the style
        // of the first (`二、` after `一、`), then one numbered as this section: `（一）主动公开
        // 政府信息情况` inside section 一 is a sub-heading, not section 二.
        let rank = |c: &&Candidate| {
            let numbered = c.printed == Some(def.number);
            let styled = numbered && style.is_none_or(|s| s == paren_style(&c.numbering));
            u8::from(numbered) + u8::from(styled)
        };
        let after: Vec<&Candidate> = mine.clone().filter(|c| c.start >= floor).collect();
        let best = after.iter().map(rank).max();
        let pick = after
            .iter()
            .find(|c| Some(rank(c)) == best)
            .copied()
            .or_else(|| mine.clone().next());
        if style.is_none() {
            style = pick.map(|c| paren_style(&c.numbering));
        }
        if let Some(c) = pick {
            if c.start >= floor {
                floor = c.end;
            }
            let nr = view.to_norm(c.start..c.end);
            if let Some(slot) = starts.get_mut(usize::from(def.number) - 1) {
                *slot = Some(c.start);
            }
            sections.push(Section {
                number: def.number,
                title: compact[c.start..c.end].to_owned(),
                numbering: c.numbering.clone(),
                printed_number: c.printed,
                line: view.source_line(nr.start),
                span: view.to_source(nr),
            });
        }
    }
    Headings { sections, starts }
}

/// Bracketed numbering (`（二）`) rather than `二、`.
fn paren_style(numbering: &str) -> bool {
    numbering.starts_with('(')
}

/// A title occurrence is a heading if a numbering precedes it, or it starts a line.
fn candidate(view: &View<'_>, def: &SectionDef, at: usize, end: usize) -> Option<Candidate> {
    let compact = view.compact_str();
    let (numbering, printed) = numbering_before(&compact[..at]);
    let start = at - numbering.len();
    if numbering.is_empty() && !starts_line(view, at) {
        return None;
    }
    Some(Candidate {
        number: def.number,
        start,
        end,
        numbering,
        printed,
    })
}

/// Every section title and variant, compacted once.
fn title_patterns() -> &'static [(&'static SectionDef, String)] {
    static PATS: OnceLock<Vec<(&'static SectionDef, String)>> = OnceLock::new();
    PATS.get_or_init(|| {
        SECTIONS
            .iter()
            .flat_map(|d| {
                std::iter::once(d.title)
                    .chain(d.variants.iter().copied())
                    .map(move |t| (d, compact_label(t)))
            })
            .collect()
    })
}

/// Headings whose wording varies: a short line, numbered, containing all keywords of a
/// section. One pass over the lines for every section.
fn keyword_candidates(view: &View<'_>, out: &mut Vec<Candidate>) {
    let norm = view.norm_str();
    let mut pos = 0;
    for line in norm.split('\n') {
        let line_start = pos;
        pos += line.len() + 1;
        let body = line.trim_start_matches(|ch: char| ch.is_whitespace() || ch == '#' || ch == '*');
        // A numbered heading starts with a numeral, a bracket or a digit.
        let numbered = body.starts_with(|ch: char| {
            ch == '('
                || ch == '第'
                || ch.is_ascii_digit()
                || NUMERALS.iter().any(|n| n.starts_with(ch))
        });
        if !numbered || line.len() > 200 {
            continue;
        }
        // The line is already normalised: only drop what the compact view drops.
        let c: String = line
            .chars()
            .filter(|&ch| !gongkai_decode::is_compact_noise(ch))
            .collect();
        if c.chars().count() > 40 {
            continue;
        }
        for def in SECTIONS.iter().filter(|d| !d.keywords.is_empty()) {
            if !def.keywords.iter().all(|k| c.contains(k)) {
                continue;
            }
            let (numbering, printed) = numbering_prefix(&c);
            if numbering.is_empty() {
                continue;
            }
            let first = line.len() - body.len();
            let start = view.compact_at_or_after(line_start + first);
            let end = (start + c.len()).min(view.compact_str().len());
            out.push(Candidate {
                number: def.number,
                start,
                end,
                numbering,
                printed,
            });
        }
    }
}

fn starts_line(view: &View<'_>, compact_at: usize) -> bool {
    let n = view.norm_offset(compact_at);
    let norm = view.norm_str();
    let line_start = norm[..n].rfind('\n').map_or(0, |i| i + 1);
    norm[line_start..n]
        .chars()
        .all(|c| c.is_whitespace() || matches!(c, '#' | '*' | '|'))
}

fn numeral_value(s: &str) -> Option<u8> {
    NUMERALS
        .iter()
        .position(|n| *n == s)
        .and_then(|i| u8::try_from(i + 1).ok())
}

/// The numbering at the end of `before` (compact text): `二、`, `(二)`, `二.`, `2.`, `第二部分`.
fn numbering_before(before: &str) -> (String, Option<u8>) {
    // A numbering is at most a few characters: look only at the end.
    let mut from = before.len().saturating_sub(24);
    while !before.is_char_boundary(from) {
        from += 1;
    }
    let chars: Vec<char> = before[from..].chars().collect();
    let n = chars.len();
    let tail = |k: usize| -> String { chars[n.saturating_sub(k)..].iter().collect() };
    // (二) / (2)
    if n >= 3
        && chars[n - 1] == ')'
        && let Some(open) = chars[..n - 1].iter().rposition(|&c| c == '(')
        && n - 1 - open <= 3
    {
        let inner: String = chars[open + 1..n - 1].iter().collect();
        if let Some(v) = numeral_value(&inner).or_else(|| inner.parse().ok()) {
            return (chars[open..].iter().collect(), Some(v));
        }
    }
    // 二、 二. 2、 2.
    if n >= 2 && matches!(chars[n - 1], '、' | '.' | ',' | ':') {
        let num: String = chars[n - 2..n - 1].iter().collect();
        // `表二：` captions a table; it does not number a section.
        if n >= 3 && chars[n - 3] == '表' {
            return (String::new(), None);
        }
        if let Some(v) = numeral_value(&num) {
            return (tail(2), Some(v));
        }
        let digits: String = chars[..n - 1]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        if !digits.is_empty() && digits.len() <= 2 {
            let d: String = digits.chars().rev().collect();
            return (tail(d.chars().count() + 1), d.parse().ok());
        }
    }
    // 第二部分
    if chars.ends_with(&['部', '分']) && n >= 4 && chars[n - 4] == '第' {
        let num: String = chars[n - 3..n - 2].iter().collect();
        if let Some(v) = numeral_value(&num) {
            return (tail(4), Some(v));
        }
    }
    (String::new(), None)
}

/// The numbering at the start of a compact heading line.
fn numbering_prefix(line: &str) -> (String, Option<u8>) {
    let prefix: String = line.chars().take(6).collect();
    for k in (2..=prefix.chars().count()).rev() {
        let p: String = prefix.chars().take(k).collect();
        let (num, v) = numbering_before(&p);
        if !num.is_empty() && num == p {
            return (num, v);
        }
    }
    (String::new(), None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_decode::{Document, Format};

    fn headings(text: &str) -> Vec<(u8, String)> {
        let doc = Document::from_text(text.to_owned(), Format::Text, "utf-8", false);
        let v = View::new(&doc);
        find(&v)
            .sections
            .into_iter()
            .map(|s| (s.number, s.numbering))
            .collect()
    }

    #[test]
    fn numbered_headings_in_lines() {
        let t = "一、总体情况\n本报告包括总体情况、主动公开政府信息情况等。\n（二）主动公开政府信息情况。\n三、收到和处理政府信息公开申请情况\n四、政府信息公开工作被申请行政复议、提起行政诉讼情况\n五、当前存在的主要问题及下步改进措施\n六、其他需要报告的事项\n";
        assert_eq!(
            headings(t),
            vec![
                (1, "一、".into()),
                (2, "(二)".into()),
                (3, "三、".into()),
                (4, "四、".into()),
                (5, "五、".into()),
                (6, "六、".into())
            ]
        );
    }

    #[test]
    fn headings_run_into_the_text() {
        let t = "情况。二、主动公开政府信息情况 第二十条 三、收到和处理政府信息公开申请情况（本列";
        assert_eq!(headings(t), vec![(2, "二、".into()), (3, "三、".into())]);
    }

    #[test]
    fn mentions_in_prose_are_not_headings() {
        assert!(
            headings("本报告包括总体情况、主动公开政府信息情况和其他需要报告的事项。").is_empty()
        );
    }

    #[test]
    fn markdown_headings() {
        assert_eq!(
            headings("## 一、总体情况\n#### 六、其他需要报告的事项\n"),
            vec![(1, "一、".into()), (6, "六、".into())]
        );
    }
}
