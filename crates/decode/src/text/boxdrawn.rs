//! Tables drawn with box characters, as text browsers print web pages (`w3m -dump`): each cell
//! is a rectangle between vertical rules (`│ ├ ┼`) and horizontal rules (`─`), its text
//! wrapped over as many lines as the column is narrow, merged cells drawn as wide or tall
//! rectangles. The grid is rebuilt cell by cell — a cell's lines joined, a cell spanning rows
//! kept once at its top — and each band between two rules becomes one line of `|`-separated
//! cells, the shape every decoder gives the extractor.
//!
//! Positions are display columns (a CJK character is two wide): the rules of one table line up
//! on screen, not in bytes. A line that does not fit the table's rules ends the table.

use super::{Piece, SrcLine, push_line, push_row, split_lines};
use crate::mapped::MappedTextBuilder;
use std::ops::Range;
use unicode_width::UnicodeWidthChar;

/// A cell being filled: its left and right rule positions, its pieces, the band it starts in.
struct OpenCell<'a> {
    x0: usize,
    x1: usize,
    band: usize,
    pieces: Vec<Piece<'a>>,
    /// Source offset of the rule before the cell on its first line (for the separator map).
    rule_at: usize,
}

/// A finished cell.
struct DoneCell<'a> {
    x0: usize,
    band: usize,
    pieces: Vec<Piece<'a>>,
    rule_at: usize,
}

fn is_box(c: char) -> bool {
    ('\u{2500}'..='\u{257F}').contains(&c)
}

fn is_horizontal(c: char) -> bool {
    matches!(
        c,
        '─' | '━'
            | '═'
            | '┄'
            | '┅'
            | '┈'
            | '┉'
            | '╌'
            | '╍'
            | '╴'
            | '╶'
            | '╸'
            | '╺'
            | '╼'
            | '╾'
    )
}

/// A rule between cells (vertical, or a junction).
fn is_separator(c: char) -> bool {
    is_box(c) && !is_horizontal(c)
}

/// A line of a drawn table: starts with a box character after indentation.
fn is_table_line(line: &str) -> bool {
    line.trim_start().chars().next().is_some_and(is_box)
}

/// A horizontal rule line: only box characters and spaces, at least one horizontal stroke.
fn is_rule_line(line: &str) -> bool {
    let t = line.trim();
    t.chars().any(is_horizontal) && t.chars().all(|c| is_box(c) || c == ' ')
}

/// The layout of `source` with its drawn tables rebuilt, or `None` when it has none.
pub fn layout(source: &str) -> Option<crate::MappedText> {
    let lines = split_lines(source);
    let tables = find_tables(&lines);
    if tables.is_empty() {
        return None;
    }
    let mut out = crate::MappedText::builder(source.len());
    let mut next = 0;
    for t in tables {
        for l in &lines[next..t.start] {
            push_line(&mut out, l);
        }
        rebuild(&lines[t.clone()], &mut out);
        next = t.end;
    }
    for l in &lines[next..] {
        push_line(&mut out, l);
    }
    Some(out.finish(source.len()))
}

/// Runs of at least three table lines with at least one rule line among them.
fn find_tables(lines: &[SrcLine<'_>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !is_table_line(lines[i].text) {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && is_table_line(lines[i].text) {
            i += 1;
        }
        let run = &lines[start..i];
        if run.len() >= 3 && run.iter().any(|l| is_rule_line(l.text)) {
            out.push(start..i);
        }
    }
    out
}

/// Segments of a line between its separators: (x0, x1, text, byte offset of the text, byte
/// offset of the separator before it).
fn segments<'a>(l: &SrcLine<'a>) -> Vec<(usize, usize, &'a str, usize, usize)> {
    let mut out = Vec::new();
    let mut x = 0usize;
    let mut prev: Option<(usize, usize)> = None; // (x, byte index) of the last separator
    for (i, c) in l.text.char_indices() {
        if is_separator(c) {
            if let Some((px, pi)) = prev {
                let from = pi + l.text[pi..].chars().next().map_or(1, char::len_utf8);
                out.push((px, x, &l.text[from..i], l.start + from, l.start + pi));
            }
            prev = Some((x, i));
        }
        x += c.width().unwrap_or(0);
    }
    out
}

/// Rebuild one drawn table into layout lines.
fn rebuild<'a>(lines: &[SrcLine<'a>], out: &mut MappedTextBuilder) {
    let mut open: Vec<OpenCell<'a>> = Vec::new();
    let mut done: Vec<DoneCell<'a>> = Vec::new();
    let mut band = 0usize;
    for l in lines {
        let mut ruled = false;
        for (x0, x1, text, at, rule_at) in segments(l) {
            let stroke = text.trim();
            if !stroke.is_empty() && stroke.chars().all(|c| is_horizontal(c) || is_box(c)) {
                // A stretch of horizontal rule closes the cells above it; a blank stretch in a
                // rule line leaves a cell that spans rows open.
                let (closing, keep): (Vec<_>, Vec<_>) =
                    open.drain(..).partition(|c| c.x0 < x1 && x0 < c.x1);
                open = keep;
                for c in closing {
                    close(c, &mut done);
                }
                ruled = true;
                continue;
            }
            if text.trim().is_empty() && is_rule_line(l.text) {
                continue;
            }
            let same = open.iter().position(|c| c.x0 == x0 && c.x1 == x1);
            let idx = match same {
                Some(i) => i,
                None => {
                    // Rules that moved without a rule line between (a cell split or merged)
                    // end the cells they cut.
                    let (cut, keep): (Vec<_>, Vec<_>) =
                        open.drain(..).partition(|c| c.x0 < x1 && x0 < c.x1);
                    open = keep;
                    for c in cut {
                        close(c, &mut done);
                    }
                    open.push(OpenCell {
                        x0,
                        x1,
                        band,
                        pieces: Vec::new(),
                        rule_at,
                    });
                    open.len() - 1
                }
            };
            let trimmed = text.trim();
            if !trimmed.is_empty() {
                let lead = text.len() - text.trim_start().len();
                open[idx].pieces.push(Piece {
                    text: trimmed,
                    at: at + lead,
                });
            }
        }
        if ruled {
            band += 1;
        }
    }
    for c in open {
        close(c, &mut done);
    }
    done.sort_by_key(|c| (c.band, c.x0));
    let line_end = lines.last().map_or(0, |l| l.start + l.text.len());
    let mut i = 0;
    while i < done.len() {
        let b = done[i].band;
        let row: Vec<&DoneCell<'_>> = done[i..].iter().take_while(|c| c.band == b).collect();
        i += row.len();
        let first_rule = row.first().map_or(line_end, |c| c.rule_at);
        let cells: Vec<(&[Piece<'_>], usize)> = row
            .iter()
            .map(|c| (c.pieces.as_slice(), c.rule_at))
            .collect();
        push_row(out, &cells, first_rule);
    }
}

fn close<'a>(c: OpenCell<'a>, done: &mut Vec<DoneCell<'a>>) {
    done.push(DoneCell {
        x0: c.x0,
        band: c.band,
        pieces: c.pieces,
        rule_at: c.rule_at,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(src: &str) -> Vec<String> {
        let m = layout(src).unwrap();
        m.as_str().lines().map(str::to_owned).collect()
    }

    #[test]
    fn wrapped_cells_and_row_spans_are_rebuilt() {
        let src = "\
before
┌────┬──────┬──┐
│    │(一)予│3 │
│(六)│以公开│  │
│其他├──────┼──┤
│处理│1.申请│0 │
│    │人逾期│  │
└────┴──────┴──┘
after";
        assert_eq!(
            rows(src),
            [
                "before",
                "| (六)其他处理 | (一)予以公开 | 3 |",
                "| 1.申请人逾期 | 0 |",
                "after"
            ]
        );
    }

    #[test]
    fn offsets_point_into_the_source() {
        let src = "┌──┬──┐\n│ab│12│\n│cd│  │\n└──┴──┘\n";
        let m = layout(src).unwrap();
        let at = m.as_str().find("12").unwrap();
        let r = m.base_range(at..at + 2, src);
        assert_eq!(&src[r], "12");
        assert!(m.as_str().contains("| ab cd | 12 |"), "{}", m.as_str());
    }

    #[test]
    fn text_without_drawn_tables_is_left_alone() {
        assert!(layout("一、总体情况\n| a | b |\n").is_none());
    }
}
