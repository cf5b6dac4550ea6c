//! The text as the matcher sees it: one `char` per position, each with the bytes of the
//! original it came from, so that every match maps back to a span of the text given.
//!
//! Folding: full-width digits, letters and `％` become ASCII; ASCII punctuation becomes its
//! Chinese form (`,` → `，` except between thousands); spaces go; a line break joins the lines
//! of a wrapped paragraph but ends a paragraph after a sentence end, a heading, a blank line
//! or a table row. Table separators (`|`, tabs) end clauses.

use std::ops::Range;

/// The hard break between paragraphs in the folded text.
pub const PARAGRAPH: char = '\n';

pub struct Folded {
    pub chars: Vec<char>,
    /// Byte range in the original of each folded char.
    spans: Vec<Range<usize>>,
}

impl Folded {
    pub fn new(text: &str) -> Folded {
        let mut out = Folded {
            chars: Vec::with_capacity(text.len() / 2),
            spans: Vec::with_capacity(text.len() / 2),
        };
        let mut offset = 0;
        let mut blank_before = false;
        for raw in text.split_inclusive('\n') {
            let start = offset;
            offset += raw.len();
            let line = raw.trim_end_matches(['\n', '\r']);
            let trimmed = line.trim();
            if trimmed.is_empty() {
                blank_before = true;
                continue;
            }
            if !out.chars.is_empty()
                && (blank_before || out.ends_paragraph() || starts_block(trimmed))
            {
                out.push(PARAGRAPH, start..start);
            }
            blank_before = false;
            out.fold_line(line, start);
            // A short numbered line without an end is a heading: what follows is a new
            // paragraph.
            if starts_block(trimmed) && trimmed.chars().count() <= 30 && !out.ends_paragraph() {
                out.push(PARAGRAPH, start + line.len()..start + line.len());
            }
        }
        out
    }

    fn push(&mut self, c: char, span: Range<usize>) {
        if c == PARAGRAPH && self.chars.last() == Some(&PARAGRAPH) {
            return;
        }
        self.chars.push(c);
        self.spans.push(span);
    }

    /// The last char ends a sentence or a clause list (the next line is a new paragraph).
    fn ends_paragraph(&self) -> bool {
        matches!(
            self.chars.last(),
            Some('。' | '！' | '？' | '；' | '：' | '\n')
        )
    }

    fn fold_line(&mut self, line: &str, base: usize) {
        let mut prev = None;
        for (i, c) in line.char_indices() {
            let span = base + i..base + i + c.len_utf8();
            let folded = match c {
                c if c.is_whitespace() && c != '\t' => continue,
                '\t' | '|' => PARAGRAPH,
                '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
                    char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c)
                }
                '％' => '%',
                '．' => '.',
                ',' if prev.is_some_and(|p: char| p.is_ascii_digit())
                    && thousands(&line[i + 1..]) =>
                {
                    ','
                }
                ',' | '，' => '，',
                ';' => '；',
                ':' => '：',
                '(' => '（',
                ')' => '）',
                '!' => '！',
                '?' => '？',
                c => c,
            };
            prev = Some(c);
            self.push(folded, span);
        }
    }

    /// Bytes of the original covered by folded chars `range` (empty ranges allowed).
    pub fn span(&self, range: Range<usize>) -> Range<usize> {
        let start = self
            .spans
            .get(range.start)
            .map_or_else(|| self.end(), |s| s.start);
        let end = range
            .end
            .checked_sub(1)
            .and_then(|i| self.spans.get(i))
            .map_or(start, |s| s.end)
            .max(start);
        start..end
    }

    fn end(&self) -> usize {
        self.spans.last().map_or(0, |s| s.end)
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// The folded chars of a range as a string.
    pub fn string(&self, range: Range<usize>) -> String {
        self.chars
            .get(range.start..range.end.min(self.chars.len()))
            .unwrap_or(&[])
            .iter()
            .collect()
    }
}

/// Exactly three digits follow (`1,234`, not `12,3` or `1,2345`).
fn thousands(next: &str) -> bool {
    let b = next.as_bytes();
    b.len() >= 3
        && b[..3].iter().all(u8::is_ascii_digit)
        && !b.get(3).is_some_and(u8::is_ascii_digit)
}

/// A line that starts a new block whatever came before: a numbered heading.
fn starts_block(line: &str) -> bool {
    let mut cs = line.chars();
    let first = cs.next();
    let second = cs.next();
    match (first, second) {
        (Some('（' | '('), Some(c)) => crate::numeral::is_chinese_numeral(c) || c.is_ascii_digit(),
        (Some(c), Some('、' | '.' | '．')) => {
            crate::numeral::is_chinese_numeral(c) || c.is_ascii_digit()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_the_original_bytes() {
        let text = "全年收到申请 ３４\n件，其中\n\n（一）办结32件。";
        let f = Folded::new(text);
        let s: String = f.chars.iter().collect();
        assert_eq!(s, "全年收到申请34件，其中\n（一）办结32件。");
        let at = s.chars().position(|c| c == '3').unwrap_or(0);
        assert_eq!(&text[f.span(at..at + 3)], "３４\n件");
    }

    #[test]
    fn thousands_and_punctuation() {
        let f = Folded::new("共1,234件,其中(一)");
        let s: String = f.chars.iter().collect();
        assert_eq!(s, "共1,234件，其中（一）");
    }
}
