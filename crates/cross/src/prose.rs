//! The prose of a report as the copy checks see it: paragraphs outside the tables and
//! headings, folded to the characters that carry meaning, cut into shingles.
//!
//! Folding drops whitespace, line breaks and punctuation (PDF line wraps and layout must not
//! matter) and writes every run of digits as `#` (a passage copied with this year's numbers
//! put in is still copied). Statutory sentences, section headings and table labels are
//! boilerplate: their shingles count neither as repeated nor as text.

use gongkai_format::{SECTIONS, T3_COLUMNS, T4_COLUMNS, T4_GROUPS, edition_def};
use gongkai_report::Report;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

/// Characters per shingle: six Chinese characters are specific enough that two independent
/// reports rarely share one outside boilerplate, short enough that a changed name or number
/// spoils only a few.
pub const SHINGLE: usize = 6;

/// A paragraph of prose: its byte range in the text and its folded characters, each with the
/// byte offset it came from.
#[derive(Clone, Debug)]
pub struct Paragraph {
    pub span: Range<usize>,
    pub chars: Vec<(char, usize)>,
}

impl Paragraph {
    /// The byte range of folded characters `a..b` (end exclusive) in the text.
    pub fn bytes(&self, text: &str, a: usize, b: usize) -> Range<usize> {
        let start = self.chars.get(a).map_or(self.span.start, |c| c.1);
        let end = match b.checked_sub(1).and_then(|i| self.chars.get(i)) {
            Some(&(_, off)) => char_end(text, off),
            None => self.span.end,
        };
        start..end.max(start)
    }
}

fn char_end(text: &str, off: usize) -> usize {
    text.get(off..)
        .and_then(|s| s.chars().next())
        .map_or(off, |c| off + c.len_utf8())
}

/// Fold a string: the characters the copy checks compare, with their byte offsets.
pub fn fold(text: &str, base: usize) -> Vec<(char, usize)> {
    let mut out = Vec::with_capacity(text.len() / 3);
    let mut in_digits = false;
    for (i, c) in text.char_indices() {
        let c = match c {
            '０'..='９' => '0',
            'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
                // Full-width Latin letters: fold to ASCII lower case.
                char::from_u32(c as u32 - 0xFEE0).map_or(c, |a| a.to_ascii_lowercase())
            }
            _ => c,
        };
        if c.is_ascii_digit() {
            if !in_digits {
                out.push(('#', base + i));
            }
            in_digits = true;
            continue;
        }
        if in_digits && c == '.' {
            continue;
        }
        in_digits = false;
        if c.is_alphanumeric() {
            out.push((c.to_ascii_lowercase(), base + i));
        }
    }
    out
}

/// Lines that end a paragraph when they end with one of these.
const ENDS: &[char] = &['。', '！', '？', '；', '：', '!', '?', ';', ':'];

/// The paragraphs of prose of a text. With the report, its tables' spans and its section
/// headings are left out; without it, short lines that start a paragraph and have no
/// sentence punctuation (headings, labels, page furniture) are.
pub fn paragraphs(text: &str, report: Option<&Report>) -> Vec<Paragraph> {
    let mut skip: Vec<Range<usize>> = Vec::new();
    if let Some(r) = report {
        skip.extend(r.tables().filter_map(|t| t.span.clone()));
        skip.extend(r.sections.iter().map(|s| s.span.clone()));
    }
    let mut out = Vec::new();
    let mut cur: Option<Paragraph> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim();
        let skipped = trimmed.is_empty()
            || skip
                .iter()
                .any(|s| s.contains(&start) || s.contains(&(start + content.len() / 2)))
            || trimmed.contains('|')
            || trimmed.matches('\t').count() >= 2;
        if skipped {
            flush(&mut cur, &mut out);
            continue;
        }
        let folded = fold(content, start);
        let sentence = trimmed.contains(['，', '。', '；', ',']);
        if cur.is_none() && !sentence && folded.len() <= 20 {
            continue;
        }
        let p = cur.get_or_insert_with(|| Paragraph {
            span: start..start,
            chars: Vec::new(),
        });
        p.chars.extend(folded);
        p.span.end = start + content.len();
        if trimmed.ends_with(ENDS) {
            flush(&mut cur, &mut out);
        }
    }
    flush(&mut cur, &mut out);
    out
}

fn flush(cur: &mut Option<Paragraph>, out: &mut Vec<Paragraph>) {
    if let Some(p) = cur.take()
        && !p.chars.is_empty()
    {
        out.push(p);
    }
}

/// The shingles of folded characters: `(position, hash)` of every window of [`SHINGLE`]
/// characters (a polynomial rolling hash, mixed).
pub fn shingles(chars: &[(char, usize)]) -> impl Iterator<Item = (usize, u64)> + '_ {
    const B: u64 = 0x100_0000_01b3;
    let pow = (1..SHINGLE).fold(1u64, |p, _| p.wrapping_mul(B));
    let mut h = 0u64;
    chars.iter().enumerate().filter_map(move |(i, &(c, _))| {
        if i >= SHINGLE
            && let Some(&(out, _)) = chars.get(i - SHINGLE)
        {
            h = h.wrapping_sub(u64::from(out).wrapping_mul(pow));
        }
        h = h.wrapping_mul(B).wrapping_add(u64::from(c));
        (i + 1 >= SHINGLE).then(|| (i + 1 - SHINGLE, mix(h)))
    })
}

/// The splitmix64 finaliser: spreads a hash over all bits.
pub fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Sentences every report may print word for word: the regulation's, the format's, and the
/// standard opening and closing lines. Digits fold to `#`, so the years do not matter.
const STATUTORY: &[&str] = &[
    "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定",
    "根据《中华人民共和国政府信息公开条例》要求，特向社会公布本年度政府信息公开工作年度报告",
    "本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六个部分组成",
    "本报告所列数据的统计期限自2020年1月1日起至2020年12月31日止",
    "本报告中所列数据的统计期限自2020年1月1日起至2020年12月31日止",
    "本年度报告中所列数据的统计期限自2020年1月1日起至2020年12月31日止",
    "如对本报告有任何疑问，请与联系",
    "本年度报告电子版可以在网站下载",
    "依据《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）",
    "按照《政府信息公开信息处理费管理办法》规定",
    "本年度未收取信息处理费",
    "政府信息公开工作年度报告",
    "以下统计数据",
];

/// Shingles of boilerplate: statutory sentences, section headings, table labels.
pub fn boilerplate() -> &'static HashSet<u64> {
    static SET: OnceLock<HashSet<u64>> = OnceLock::new();
    SET.get_or_init(|| {
        let mut texts: Vec<String> = STATUTORY.iter().map(|s| (*s).to_owned()).collect();
        for s in &SECTIONS {
            texts.push(s.official_heading());
            texts.extend(s.variants.iter().map(|v| (*v).to_owned()));
        }
        for e in gongkai_format::Edition::ALL {
            let d = edition_def(e);
            for (block, row) in d.table2.rows() {
                texts.push(block.marker.to_owned());
                texts.push(row.label.to_owned());
                texts.extend(block.columns.iter().map(|c| c.label.to_owned()));
            }
            texts.extend(d.table3.rows.iter().map(|r| r.label.to_owned()));
            texts.extend(d.table3.groups.iter().map(|g| g.label.to_owned()));
            texts.push(d.table3.caption.to_owned());
        }
        texts.extend(T3_COLUMNS.iter().map(|c| c.label.to_owned()));
        texts.extend(T4_COLUMNS.iter().map(|c| c.label.to_owned()));
        texts.extend(T4_GROUPS.iter().map(|g| g.label.to_owned()));
        texts
            .iter()
            .flat_map(|t| {
                let f = fold(t, 0);
                shingles(&f).map(|(_, h)| h).collect::<Vec<_>>()
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_drops_layout_and_numbers() {
        let a = fold("全年收到申请 34 件，\n上年结转2件。", 0);
        let b = fold("全年收到申请12件,上年结转 5 件", 0);
        let s: String = a.iter().map(|c| c.0).collect();
        assert_eq!(s, "全年收到申请#件上年结转#件");
        assert_eq!(
            a.iter().map(|c| c.0).collect::<String>(),
            b.iter().map(|c| c.0).collect::<String>()
        );
    }

    #[test]
    fn paragraphs_join_wrapped_lines_and_skip_headings() {
        let text = "一、总体情况\n上海市科委深入贯彻条例，认真落实\n各项部署。\n| 1 | 2 |\n第二段，内容。\n";
        let p = paragraphs(text, None);
        assert_eq!(p.len(), 2);
        assert_eq!(
            &text[p[0].span.clone()],
            "上海市科委深入贯彻条例，认真落实\n各项部署。"
        );
        assert_eq!(&text[p[0].bytes(text, 0, 2)], "上海");
    }

    #[test]
    fn shingles_roll_like_fresh_hashes() {
        let f = fold("政府信息公开工作年度报告", 0);
        let rolled: Vec<u64> = shingles(&f).map(|s| s.1).collect();
        let fresh: Vec<u64> = (0..=f.len() - SHINGLE)
            .map(|i| {
                shingles(&f[i..i + SHINGLE])
                    .map(|s| s.1)
                    .next()
                    .unwrap_or(0)
            })
            .collect();
        assert_eq!(rolled, fresh);
        assert!(boilerplate().contains(&rolled[0]));
    }
}
