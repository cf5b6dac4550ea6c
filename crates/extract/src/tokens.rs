//! The text between two labels → cells.
//!
//! Cells are separated by `|` and tabs (explicit: two separators in a row make an empty cell)
//! or by spaces and line breaks (implicit). A line that holds only whitespace is one empty
//! cell (one-cell-per-line layouts write blank cells that way); an empty line is nothing.
//! Page furniture (`— 3 —`, `第 3 页`) is dropped.

use crate::value::{self, Parsed};
use crate::view::View;
use gongkai_format::MoneyUnit;
use gongkai_report::Num;
use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TokKind {
    Value {
        num: Num,
        unit: Option<MoneyUnit>,
    },
    Blank,
    Empty,
    /// A cell the decoder could not read (`〓`): it holds a value nobody knows.
    Illegible,
    Text,
    /// A line of nothing but separators (`|||||`): empty cells collapsed into one run, their
    /// number and positions lost. Not a cell.
    Run,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Tok {
    pub kind: TokKind,
    /// Range in the normalised text.
    pub span: Range<usize>,
    /// 0-based line of the normalised text.
    pub line: usize,
    /// A whole cell between explicit separators (`|`, tab): its digits are one number, never
    /// several cells run together.
    pub sealed: bool,
    /// An empty cell written as two separators with nothing between them, after the last
    /// value of its line (`7 | 1 | 8 | ||||`): such trailing runs are often collapsed blanks
    /// whose positions are lost, and count as cells only when that makes the row exactly
    /// as long as the table is wide.
    pub soft: bool,
}

impl Tok {
    /// A value or a blank mark.
    pub fn is_filled(&self) -> bool {
        matches!(self.kind, TokKind::Value { .. } | TokKind::Blank)
    }

    pub fn is_cell(&self) -> bool {
        !matches!(self.kind, TokKind::Text | TokKind::Run)
    }

    fn new(kind: TokKind, span: Range<usize>, line: usize) -> Tok {
        Tok {
            kind,
            span,
            line,
            sealed: false,
            soft: false,
        }
    }
}

/// The cells after a label, split by where they sit relative to it.
#[derive(Debug, Default)]
pub struct Gap {
    /// On the line where the label ends, after it (and before the next label if that is on the
    /// same line).
    pub inline: Vec<Tok>,
    /// Whole lines between this label's line and the next label's line, each non-empty one.
    pub lines: Vec<Vec<Tok>>,
    /// On the next label's line, before it.
    pub before_next: Vec<Tok>,
}

/// Cells of normalised text `r` (from the end of one label to the start of the next).
pub fn gap(view: &View<'_>, r: Range<usize>) -> Gap {
    let norm = view.norm_str();
    let r = r.start.min(norm.len())..r.end.min(norm.len());
    let mut g = Gap::default();
    if r.is_empty() {
        return g;
    }
    let first_line = view.norm_line(r.start);
    let last_line = view.norm_line(r.end);
    let mut pos = r.start;
    while pos < r.end {
        let line_end = norm[pos..].find('\n').map_or(norm.len(), |i| pos + i);
        let seg_end = line_end.min(r.end);
        let line = view.norm_line(pos);
        let at_line_start = pos == 0 || norm.as_bytes().get(pos - 1) == Some(&b'\n');
        let whole_line = at_line_start && seg_end == line_end;
        let toks = segment(
            norm,
            pos..seg_end,
            line,
            seg_end == line_end,
            whole_line,
            view,
        );
        if line == first_line && !at_line_start {
            g.inline.extend(toks);
        } else if line == last_line && seg_end == r.end && seg_end != line_end {
            g.before_next.extend(toks);
        } else if !toks.is_empty() {
            g.lines.push(toks);
        }
        pos = line_end + 1;
    }
    if first_line == last_line {
        // Both labels on one line: everything between them is the first label's.
        g.inline.append(&mut g.before_next);
    }
    g
}

/// Tokens of one line segment.
fn segment(
    norm: &str,
    r: Range<usize>,
    line: usize,
    at_line_end: bool,
    whole_line: bool,
    view: &View<'_>,
) -> Vec<Tok> {
    let (pipe_terminated, tab_terminated) = (view.pipe_terminated(), view.tab_terminated());
    let text = &norm[r.clone()];
    if whole_line && is_furniture(text) {
        return Vec::new();
    }
    if whole_line && text.contains('|') && text.chars().all(|c| c == '|' || c.is_whitespace()) {
        let pipes = text.chars().filter(|&c| c == '|').count();
        let kind = if pipes > 1 {
            TokKind::Run
        } else if pipe_terminated {
            // Where every value line ends with ` |`, a bare `|` is a cell with nothing in it;
            // elsewhere bare `|` lines only separate cells.
            TokKind::Empty
        } else {
            return Vec::new();
        };
        let mut t = Tok::new(kind, r, line);
        t.sealed = kind == TokKind::Empty;
        return vec![t];
    }
    let sep = if text.contains('|') {
        Some('|')
    } else if text.contains('\t') {
        Some('\t')
    } else {
        None
    };
    let mut out = Vec::new();
    let Some(sep) = sep else {
        if text.trim().is_empty() {
            if whole_line && !text.is_empty() {
                // Where blank lines separate every line, one may also stand for an empty
                // cell, or not: a run whose cells are unknown.
                let kind = if view.blank_separated() {
                    TokKind::Run
                } else {
                    TokKind::Empty
                };
                out.push(Tok::new(kind, r.clone(), line));
            }
            return out;
        }
        words(text, r.start, line, &mut out);
        return out;
    };
    let pieces: Vec<(usize, &str)> = split_with_offsets(text, sep);
    let n = pieces.len();
    let last_content = pieces.iter().rposition(|(_, p)| !p.trim().is_empty());
    let pieces_with_content = pieces.iter().filter(|(_, p)| !p.trim().is_empty()).count();
    // A whole line of nothing but spaces and a tab is one empty cell (one cell per line, each
    // ended by a tab).
    if whole_line && sep == '\t' && pieces_with_content == 0 && text.matches('\t').count() == 1 {
        let mut t = Tok::new(TokKind::Empty, r.clone(), line);
        t.sealed = true;
        out.push(t);
        return out;
    }
    // Where every cell is a line ended by a tab, a whole line of several tabs and nothing else
    // is a spacer row of the page's table (no label, no value), not cells of any row.
    if whole_line && sep == '\t' && tab_terminated && pieces_with_content == 0 {
        return out;
    }
    for (i, (off, piece)) in pieces.into_iter().enumerate() {
        let first = i == 0;
        let last = i + 1 == n;
        if piece.trim().is_empty() {
            // Before the first separator: indentation, a leading pipe, or the rest of the
            // label's own cell. After the last `|`: a trailing pipe. Not cells.
            // A whole line that opens with `|` but does not close with one has no outer
            // pipes (`|  | 0 | 0`, html2text): its first piece is an empty cell. Where every
            // cell ends with a tab (`5\t`), a trailing tab is that terminator, not a cell.
            let open_only = whole_line
                && sep == '|'
                && text.trim_start().starts_with('|')
                && !text.trim_end().ends_with('|');
            let contents = pieces_with_content;
            let terminated = sep == '\t' && (tab_terminated || (whole_line && contents == 1));
            let edge =
                (first && !open_only) || (last && (sep == '|' || !at_line_end || terminated));
            if !edge {
                let s = r.start + off;
                let mut t = Tok::new(TokKind::Empty, s..s + piece.len(), line);
                t.sealed = true;
                t.soft = sep == '|' && piece.is_empty() && last_content.is_some_and(|c| i > c);
                out.push(t);
            }
            continue;
        }
        let from = out.len();
        words(piece, r.start + off, line, &mut out);
        // A cell that is one number alone is sealed; a cell mixing words and digits shows that
        // the separators here do not follow the table's cells.
        if out.len() == from + 1
            && let Some(t) = out.last_mut()
        {
            t.sealed = true;
        }
    }
    out
}

fn split_with_offsets(text: &str, sep: char) -> Vec<(usize, &str)> {
    let mut v = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == sep {
            v.push((start, &text[start..i]));
            start = i + c.len_utf8();
        }
    }
    v.push((start, &text[start..]));
    v
}

/// Whitespace-separated words of a cell → value, blank or text tokens. A unit written apart
/// (`160.5964 万元`) joins the number before it. A word that mixes text and digits is split
/// (`总计000` → `总计`, `000`): where cell separators were lost, unrecognised header text runs
/// into the numbers after it.
fn words(text: &str, base: usize, line: usize, out: &mut Vec<Tok>) {
    let mut i = 0;
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        while i < text.len() {
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            if c.is_whitespace() {
                break;
            }
            i += c.len_utf8();
        }
        word(&text[start..i], base + start, line, out);
    }
}

fn word(w: &str, base: usize, line: usize, out: &mut Vec<Tok>) {
    let span = base..base + w.len();
    let kind = match value::parse(w) {
        Some(Parsed::Number { num, unit, .. }) => TokKind::Value { num, unit },
        Some(Parsed::Blank) => TokKind::Blank,
        None if w.chars().all(|c| gongkai_decode::ILLEGIBLE.contains(c)) => TokKind::Illegible,
        // Digits next to bytes the decoder had to replace (`0��`, a converter that cut wide
        // characters): what the cell held is not known.
        None if w.contains(char::REPLACEMENT_CHARACTER)
            && w.bytes().any(|b| b.is_ascii_digit()) =>
        {
            TokKind::Illegible
        }
        None => {
            if let Some(parts) = split_mixed(w) {
                for (s, e) in parts {
                    word(&w[s..e], base + s, line, out);
                }
                return;
            }
            TokKind::Text
        }
    };
    if kind == TokKind::Text
        && let Some(unit) = unit_word(w)
        && let Some(prev) = out.last_mut()
        && let TokKind::Value { num, unit: None } = prev.kind
        && prev.line == line
    {
        prev.kind = TokKind::Value {
            num,
            unit: Some(unit),
        };
        prev.span.end = span.end;
        return;
    }
    out.push(Tok::new(kind, span, line));
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Piece {
    Num,
    Text,
}

/// Split a word where cell separators were lost: text followed by a number (`总计000`,
/// `"0000`), or a signed number right after another (`3-1339`: a sign after a digit starts a new
/// cell). A number followed by text other than a unit (`2023年`, `3.`) is prose: no split.
fn split_mixed(w: &str) -> Option<Vec<(usize, usize)>> {
    let chars: Vec<(usize, char)> = w.char_indices().collect();
    let digit_at = |k: usize| chars.get(k).is_some_and(|(_, c)| c.is_ascii_digit());
    let mut pieces: Vec<(Piece, usize, usize)> = Vec::new();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let end = i + c.len_utf8();
        let sign_word = matches!(c, '增' | '减');
        let starts_number = (matches!(c, '+' | '-') || sign_word) && digit_at(k + 1);
        let kind = if c.is_ascii_digit() || matches!(c, '.' | ',') || starts_number {
            Piece::Num
        } else {
            Piece::Text
        };
        let new_number = starts_number && pieces.last().is_some_and(|p| p.0 == Piece::Num);
        match pieces.last_mut() {
            Some(p) if p.0 == kind && !new_number => p.2 = end,
            _ => pieces.push((kind, i, end)),
        }
    }
    if pieces.len() < 2 {
        return None;
    }
    for pair in pieces.windows(2) {
        if let [(Piece::Num, _, _), (Piece::Text, s, e)] = pair
            && unit_word(&w[*s..*e]).is_none()
        {
            return None;
        }
    }
    Some(pieces.into_iter().map(|(_, s, e)| (s, e)).collect())
}

fn unit_word(w: &str) -> Option<MoneyUnit> {
    let w = w.trim_start_matches('(').trim_end_matches(')');
    gongkai_format::MONEY_UNITS
        .iter()
        .find(|(s, _)| *s == w)
        .map(|(_, u)| *u)
}

/// Page numbers and similar lines that printing puts between table rows, and the rule lines
/// of Markdown tables (`|---|---|`).
pub(crate) fn is_furniture(line: &str) -> bool {
    let c: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    if c.is_empty() {
        return false;
    }
    if c.contains("---") && c.chars().all(|ch| matches!(ch, '|' | '-' | ':' | '+')) {
        return true;
    }
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
    // — 3 —, -3-
    if let Some(inner) = c.strip_prefix('-').map(|s| s.trim_start_matches('-'))
        && let Some(inner) = inner.strip_suffix('-').map(|s| s.trim_end_matches('-'))
        && digits(inner)
    {
        return true;
    }
    // 第3页, 第3页共10页, 第3页/共10页
    if let Some(rest) = c.strip_prefix('第') {
        let (n, rest) = rest.split_once('页').unwrap_or(("", ""));
        if digits(n) {
            let rest = rest.trim_start_matches(['/', ',']);
            if rest.is_empty() {
                return true;
            }
            if let Some(r) = rest.strip_prefix('共').and_then(|r| r.strip_suffix('页')) {
                return digits(r);
            }
        }
    }
    // 3/10
    if let Some((a, b)) = c.split_once('/') {
        return digits(a) && digits(b) && a.len() <= 3 && b.len() <= 3 && line.trim() == c;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_decode::{Document, Format};

    fn toks(text: &str, from: &str) -> Gap {
        let doc = Document::from_text(text.to_owned(), Format::Text, "utf-8", false);
        let v = View::new(&doc);
        let start = v.norm_str().find(from).map_or(0, |i| i + from.len());
        gap(&v, start..v.norm_str().len())
    }

    fn kinds(ts: &[Tok]) -> Vec<String> {
        ts.iter()
            .map(|t| match t.kind {
                TokKind::Value { num, .. } => num.to_string(),
                TokKind::Blank => "/".into(),
                TokKind::Empty => "_".into(),
                TokKind::Text => "T".into(),
                TokKind::Illegible => "〓".into(),
                TokKind::Run => "~".into(),
            })
            .collect()
    }

    #[test]
    fn pipe_rows_with_ragged_empties() {
        // `| ||`: one empty cell between two pipes, then a trailing pipe pair
        let g = toks("规章 | 0 | 0 | 0 | ||\n", "规章");
        assert_eq!(kinds(&g.inline), ["0", "0", "0", "_", "_"]);
    }

    #[test]
    fn trailing_blank_pipe_cell_is_a_cell() {
        let g = toks("| 四、结转 | 1 | 0 |  |\n", "结转");
        assert_eq!(kinds(&g.inline), ["1", "0", "_"]);
    }

    #[test]
    fn one_cell_per_line_with_blank_lines() {
        let g = toks("\t一、本年\n\t 2\n\t \n\t2 \n\n\t\n", "一、本年");
        assert!(g.inline.is_empty());
        let flat: Vec<_> = g.lines.iter().map(|l| kinds(l).join(",")).collect();
        assert_eq!(flat, ["2", "_", "2", "_"]);
    }

    #[test]
    fn page_furniture_is_dropped() {
        let g = toks("行政许可\n— 3 —\n第 3 页 共 9 页\n5\n", "行政许可");
        let flat: Vec<_> = g.lines.iter().flat_map(|l| kinds(l)).collect();
        assert_eq!(flat, ["5"]);
    }

    #[test]
    fn markdown_rule_lines_are_not_blank_cells() {
        let g = toks("| 规章 | 0 | 0 | 0 |\n|---|---|---|---|\n", "规章");
        assert_eq!(kinds(&g.inline), ["0", "0", "0"]);
        assert!(g.lines.is_empty());
    }

    #[test]
    fn text_run_into_numbers_is_split_off() {
        let text = "尚未审结 总计000000000000000";
        let g = toks(text, "尚未审结");
        assert_eq!(kinds(&g.inline), ["T", "0"]);
        assert_eq!(g.inline[1].span.len(), 15);
        let g = toks("x \"0000000", "x");
        assert_eq!(kinds(&g.inline), ["T", "0"]);
        assert_eq!(g.inline[1].span.len(), 7);
        let g = toks("x 2023年", "x");
        assert_eq!(kinds(&g.inline), ["T"]);
        let g = toks("x 3-1339", "x");
        assert_eq!(kinds(&g.inline), ["3", "-1339"]);
        let g = toks("x 0-5", "x");
        assert_eq!(kinds(&g.inline), ["0", "-5"]);
    }

    #[test]
    fn separate_units_join_their_number() {
        let g = toks("政府集中采购 9 93.8605 万元", "政府集中采购");
        assert_eq!(kinds(&g.inline), ["9", "93.8605"]);
        assert!(matches!(
            g.inline[1].kind,
            TokKind::Value {
                unit: Some(MoneyUnit::Wan),
                ..
            }
        ));
    }
}
