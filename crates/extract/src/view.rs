//! The views of one document the extractor works on, and the maps between them:
//! compact (labels) → normalised (numbers, layout) → layout → source (provenance).

use gongkai_decode::{Document, LineIndex, MappedText, compact, normalize};
use std::ops::Range;

pub struct View<'d> {
    pub doc: &'d Document,
    /// The layout text normalised; maps to layout offsets.
    pub norm: MappedText,
    /// `norm` without whitespace and separators; maps to `norm` offsets.
    pub compact: MappedText,
    norm_lines: LineIndex,
    pipe_terminated: bool,
    tab_terminated: bool,
    blank_separated: bool,
}

impl<'d> View<'d> {
    pub fn new(doc: &'d Document) -> View<'d> {
        let norm = normalize(doc.layout());
        let compact = compact(&norm);
        let norm_lines = LineIndex::new(norm.as_str());
        let pipe_terminated = terminated(norm.as_str(), '|');
        let tab_terminated = terminated(norm.as_str(), '\t');
        let blank_separated = blank_separated(norm.as_str());
        View {
            doc,
            norm,
            compact,
            norm_lines,
            pipe_terminated,
            tab_terminated,
            blank_separated,
        }
    }

    /// Whether this document writes one cell per line with every value line ending in a tab
    /// (`5\t`): a trailing tab then ends the cell and is not an empty cell after it.
    pub fn tab_terminated(&self) -> bool {
        self.tab_terminated
    }

    /// Whether lines of blanks separate every line of this document (each text node of the
    /// page on its own line, the whitespace between elements kept): such a line is then a
    /// separator, not an empty cell.
    pub fn blank_separated(&self) -> bool {
        self.blank_separated
    }

    /// Whether this document writes one cell per line with every value line ending in ` |`
    /// (`0 |`): then a bare `|` line is an empty cell.
    pub fn pipe_terminated(&self) -> bool {
        self.pipe_terminated
    }

    pub fn norm_str(&self) -> &str {
        self.norm.as_str()
    }

    pub fn compact_str(&self) -> &str {
        self.compact.as_str()
    }

    /// Compact range → normalised range.
    pub fn to_norm(&self, r: Range<usize>) -> Range<usize> {
        self.compact.base_range(r, self.norm.as_str())
    }

    /// Compact offset → normalised offset.
    pub fn norm_offset(&self, compact_offset: usize) -> usize {
        self.compact.base_offset(compact_offset)
    }

    /// Normalised range → source range.
    pub fn to_source(&self, r: Range<usize>) -> Range<usize> {
        self.doc
            .source_range(self.norm.base_range(r, self.doc.layout()))
    }

    /// 1-based line in the source of a normalised offset.
    pub fn source_line(&self, norm_offset: usize) -> u32 {
        let s = self.to_source(norm_offset..norm_offset);
        self.doc.line_of(s.start)
    }

    /// 0-based line of the normalised text (the layout's lines: one table row, or one
    /// paragraph, per line).
    pub fn norm_line(&self, norm_offset: usize) -> usize {
        self.norm_lines.line_of(norm_offset) as usize - 1
    }

    /// Source text of a normalised range.
    pub fn source_text(&self, r: Range<usize>) -> &str {
        let s = self.to_source(r);
        self.doc.text.get(s).unwrap_or("")
    }

    /// Compact offset of the first compact character at or after normalised offset `n`.
    pub fn compact_at_or_after(&self, n: usize) -> usize {
        let c = self.compact_str();
        // Compact offsets map monotonically onto normalised offsets: binary search.
        let (mut lo, mut hi) = (0usize, c.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.compact.base_offset(mid) < n {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        while lo < c.len() && !c.is_char_boundary(lo) {
            lo += 1;
        }
        lo
    }
}

/// One cell per line, each value line ending with `sep` (`12 |`, `12\t`), and hardly any value
/// line without one.
fn terminated(norm: &str, sep: char) -> bool {
    let number = |s: &str| {
        let s = s.trim();
        !s.is_empty()
            && s.len() <= 24
            && s.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+'))
            && s.bytes().any(|b| b.is_ascii_digit())
    };
    let (mut ended, mut bare) = (0usize, 0usize);
    for line in norm.lines() {
        let t = if sep == '\t' {
            line.trim_start_matches(' ').trim_end_matches(' ')
        } else {
            line.trim()
        };
        if let Some(v) = t.strip_suffix(sep) {
            if !v.contains(sep) && number(v) {
                ended += 1;
            }
        } else if number(t) && !(sep == '\t' && t.contains(sep)) {
            // A value led by the separator (`\t2`) is another table's style, not evidence.
            bare += 1;
        }
    }
    ended >= 3 && ended >= 4 * bare
}

/// Most lines with text are followed by a line of nothing but blanks (`4` / ` ` / `-1` / ` `).
/// One-cell-per-line layouts that write an empty cell as a line of blanks follow only some
/// value lines so, and hardly ever a label.
fn blank_separated(norm: &str) -> bool {
    let (mut content, mut followed) = (0usize, 0usize);
    let mut lines = norm.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim().is_empty() {
            continue;
        }
        content += 1;
        if lines
            .peek()
            .is_some_and(|n| !n.is_empty() && n.trim().is_empty())
        {
            followed += 1;
        }
    }
    content >= 20 && followed * 10 >= content * 7
}
