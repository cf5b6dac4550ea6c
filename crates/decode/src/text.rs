//! The layout of plain-text and Markdown documents. Most are read as they are; text printed
//! by HTML-to-text converters keeps the page's tables in shapes of its own, which are rebuilt
//! here into the one layout every decoder gives the extractor (a table row per line, cells
//! between `|`), mapped back to the text byte by byte.

mod boxdrawn;
mod dashruled;
mod markup;

use crate::mapped::MappedTextBuilder;
use crate::{DecodeError, Limits, MappedText};
use unicode_width::UnicodeWidthChar;

/// The layout of a text document, when it differs from the text itself: tables drawn with box
/// characters (`w3m -dump`) or laid out under dashed rules (`pandoc -t plain`) rebuilt, or
/// HTML left in the text (`pandoc -t gfm`) rendered.
pub(crate) fn layout(text: &str, limits: &Limits) -> Result<Option<MappedText>, DecodeError> {
    if let Some(l) = boxdrawn::layout(text).or_else(|| dashruled::layout(text)) {
        return Ok(Some(l));
    }
    markup::layout(text, limits)
}

/// One line of the source with its byte offset (line break excluded).
struct SrcLine<'a> {
    text: &'a str,
    start: usize,
}

fn split_lines(source: &str) -> Vec<SrcLine<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in source.split_inclusive('\n') {
        out.push(SrcLine {
            text: piece.trim_end_matches(['\n', '\r']),
            start,
        });
        start += piece.len();
    }
    out
}

/// A piece of a cell's text on one line, with the byte offset where it starts in the source.
struct Piece<'a> {
    text: &'a str,
    at: usize,
}

/// Copy a source line as it is.
fn push_line(out: &mut MappedTextBuilder, l: &SrcLine<'_>) {
    for (i, c) in l.text.char_indices() {
        out.push(c, l.start + i);
    }
    out.push('\n', l.start + l.text.len());
}

/// One rebuilt table row: `| a | b |`, each cell the pieces of its lines joined (directly after
/// a wide character, with a space between narrow ones). `at` is where a cell's separators are
/// mapped (its rule, or its first character).
fn push_row(out: &mut MappedTextBuilder, cells: &[(&[Piece<'_>], usize)], row_at: usize) {
    out.push('|', row_at);
    for (pieces, at) in cells {
        out.push(' ', *at);
        let mut prev: Option<char> = None;
        for p in *pieces {
            if let (Some(a), Some(b)) = (prev, p.text.chars().next())
                && !(wide(a) || wide(b))
            {
                out.push(' ', p.at);
            }
            for (k, ch) in p.text.char_indices() {
                out.push(ch, p.at + k);
            }
            prev = p.text.chars().next_back();
        }
        out.push(' ', *at);
        out.push('|', *at);
    }
    out.push('\n', row_at);
}

/// Wide characters (CJK) join the next line's text directly; narrow ones with a space.
fn wide(c: char) -> bool {
    c.width().unwrap_or(0) > 1
}
