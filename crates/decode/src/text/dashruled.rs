//! Tables laid out under dashed rules, as `pandoc -t plain` prints them (and Markdown's
//! simple and multiline tables): a line of dash runs (`------ ---- ------`) marks each column's
//! extent in display columns; the lines up to the closing rule are the rows — one line each,
//! or, when blank lines separate them, blocks of lines whose cells wrap. A cell is the text
//! under its column's dashes (running on to the next column's start); blank positions are
//! empty cells, so the columns of a row's values are known.

use super::{Piece, SrcLine, push_line, push_row, split_lines};
use crate::mapped::MappedTextBuilder;
use std::ops::Range;
use unicode_width::UnicodeWidthChar;

/// Column extents of a rule line (display columns), when it is one: at least two runs of three
/// or more dashes, separated by spaces, nothing else.
fn rule_columns(line: &str) -> Option<Vec<Range<usize>>> {
    let mut cols = Vec::new();
    let mut x = 0usize;
    let mut run: Option<usize> = None;
    for c in line.chars() {
        match c {
            '-' => {
                if run.is_none() {
                    run = Some(x);
                }
            }
            ' ' => {
                if let Some(s) = run.take() {
                    cols.push(s..x);
                }
            }
            _ => return None,
        }
        x += 1;
    }
    if let Some(s) = run {
        cols.push(s..x);
    }
    (cols.len() >= 2 && cols.iter().all(|c| c.len() >= 3)).then_some(cols)
}

/// The layout with dash-ruled tables rebuilt, or `None` when there is none.
pub fn layout(source: &str) -> Option<crate::MappedText> {
    let lines = split_lines(source);
    let mut tables: Vec<(Range<usize>, Vec<Range<usize>>)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(cols) = rule_columns(lines[i].text.trim_end()) else {
            i += 1;
            continue;
        };
        // The closing rule: the same columns, before anything that is not a row.
        let close = (i + 1..lines.len())
            .find(|&j| rule_columns(lines[j].text.trim_end()).as_ref() == Some(&cols));
        match close {
            Some(j) if j > i + 1 => {
                tables.push((i..j + 1, cols));
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    if tables.is_empty() {
        return None;
    }
    let mut out = crate::MappedText::builder(source.len());
    let mut next = 0;
    for (range, cols) in tables {
        for l in &lines[next..range.start] {
            push_line(&mut out, l);
        }
        rebuild(&lines[range.start + 1..range.end - 1], &cols, &mut out);
        next = range.end;
    }
    for l in &lines[next..] {
        push_line(&mut out, l);
    }
    Some(out.finish(source.len()))
}

/// The pieces of a line under each column.
fn cells_of<'a>(l: &SrcLine<'a>, cols: &[Range<usize>]) -> Vec<Option<Piece<'a>>> {
    let mut out: Vec<Option<Piece<'a>>> = (0..cols.len()).map(|_| None).collect();
    // Column k owns display positions from its start to the next column's start.
    let owner = |x: usize| cols.iter().rposition(|c| c.start <= x);
    let mut x = 0usize;
    let mut cur: Option<(usize, usize, usize)> = None; // (column, from byte, to byte)
    let flush = |cur: &mut Option<(usize, usize, usize)>, out: &mut Vec<Option<Piece<'a>>>| {
        if let Some((k, a, b)) = cur.take() {
            let text = l.text[a..b].trim();
            if !text.is_empty() {
                let lead = l.text[a..b].len() - l.text[a..b].trim_start().len();
                if let Some(slot) = out.get_mut(k) {
                    *slot = Some(Piece {
                        text,
                        at: l.start + a + lead,
                    });
                }
            }
        }
    };
    let mut in_word = false;
    for (i, c) in l.text.char_indices() {
        let k = owner(x);
        let space = c.is_whitespace();
        match (&mut cur, k) {
            // A word that runs past its column's end stays in its column.
            (Some((_, _, to)), _) if in_word && !space => *to = i + c.len_utf8(),
            (Some((ck, _, to)), Some(k)) if *ck == k => *to = i + c.len_utf8(),
            (_, Some(k)) => {
                flush(&mut cur, &mut out);
                cur = Some((k, i, i + c.len_utf8()));
            }
            (_, None) => {}
        }
        in_word = !space && cur.is_some();
        x += c.width().unwrap_or(0);
    }
    flush(&mut cur, &mut out);
    out
}

fn rebuild(rows: &[SrcLine<'_>], cols: &[Range<usize>], out: &mut MappedTextBuilder) {
    // Multiline tables separate every row by a blank line; a simple table may hold a stray
    // blank row (a spacer row of the page), which is not a separator.
    let blank = rows.iter().filter(|l| l.text.trim().is_empty()).count();
    let multiline = blank > 0 && blank * 2 >= rows.len() - blank;
    let blocks: Vec<&[SrcLine<'_>]> = if multiline {
        rows.split(|l| l.text.trim().is_empty())
            .filter(|b| !b.is_empty())
            .collect()
    } else {
        rows.chunks(1).collect()
    };
    for block in blocks {
        let mut cells: Vec<Vec<Piece<'_>>> = (0..cols.len()).map(|_| Vec::new()).collect();
        for l in block {
            for (k, p) in cells_of(l, cols).into_iter().enumerate() {
                if let (Some(p), Some(c)) = (p, cells.get_mut(k)) {
                    c.push(p);
                }
            }
        }
        let row_at = block.first().map_or(0, |l| l.start);
        let ats: Vec<usize> = cells
            .iter()
            .map(|c| c.first().map_or(row_at, |p| p.at))
            .collect();
        let spec: Vec<(&[Piece<'_>], usize)> = cells
            .iter()
            .zip(ats)
            .map(|(c, at)| (c.as_slice(), at))
            .collect();
        push_row(out, &spec, row_at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_come_from_the_dashes() {
        let src = "前\n  -------- ------ ------\n  规章     0             \n  行政规范性文件 1      3\n  -------- ------ ------\n后\n";
        let m = layout(src).unwrap();
        let rows: Vec<&str> = m.as_str().lines().collect();
        assert_eq!(rows[0], "前");
        assert_eq!(rows[1], "| 规章 | 0 |  |");
        // a label running past its column stays in it
        assert_eq!(rows[2], "| 行政规范性文件 | 1 | 3 |");
        assert_eq!(rows[3], "后");
        let at = m.as_str().find('3').unwrap();
        assert_eq!(&src[m.base_range(at..at + 1, src)], "3");
    }

    #[test]
    fn multiline_rows_are_joined() {
        let src = "---------- ----\n（二）部分公 0\n开\n\n（三）不予 1\n\n---------- ----\n";
        let m = layout(src).unwrap();
        assert_eq!(m.as_str(), "| （二）部分公开 | 0 |\n| （三）不予 | 1 |\n");
    }
}
