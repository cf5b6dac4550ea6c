//! The office's own text: a Markdown file whose headings name the six sections, with
//! placeholders filled from the data.
//!
//! ```text
//! 本报告依据《中华人民共和国政府信息公开条例》编制。        ← before the first section: the opening
//!
//! ## 一、总体情况                                          ← a section, by number or title
//! {{year}}年，{{body}}共收到政府信息公开申请{{table3.new_received.total}}件。
//!
//! ### （一）主动公开                                       ← a sub-heading inside a section
//! …
//! ```
//!
//! - A heading (`#` …) is a section when its text, numbering aside, is a section's title, one
//!   of its variants, or has all of its keywords (`gongkai_format::SECTIONS`); the writer prints
//!   the official heading whatever the office wrote. Another heading inside a section is a
//!   sub-heading; a heading numbered like a section (`七、`) that names none is an error, and
//!   so is a second text for the same section. A heading naming the report itself (ending in
//!   `政府信息公开工作年度报告`) is passed over: the writer prints the title.
//! - Paragraphs are separated by blank lines; the lines of one paragraph are joined. Lines
//!   between `<!--` and `-->` are comments.
//! - Placeholders: `{{body}}`, `{{year}}`, `{{published}}`, and `{{table.row.col}}` for any cell
//!   of the edition in force (`{{table3.new_received.total}}`, `{{table2.fees.amount}}`,
//!   `{{table4.review.corrected}}`). An unknown name, or `{{` without `}}`, is an error that names
//!   its line and column.

use crate::data::{ReportData, columns_of};
use gongkai_format::{NUMERALS, SECTIONS, TITLE_VARIANTS, TableId, ValueKind};
use gongkai_report::Num;
use std::fmt;

/// A mistake in the office's text, with its place (1-based line and column, in characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextError {
    /// `{{name}}` with a name the writer does not know (or a cell the edition lacks).
    UnknownPlaceholder {
        line: usize,
        column: usize,
        name: String,
    },
    /// `{{` without its `}}` on the same line.
    UnclosedPlaceholder { line: usize, column: usize },
    /// A heading numbered like a section that names none of the six.
    UnknownSection { line: usize, heading: String },
    /// A second text for a section.
    DuplicateSection {
        line: usize,
        section: u8,
        first_line: usize,
    },
    /// A `<!--` comment never closed.
    UnclosedComment { line: usize },
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextError::UnknownPlaceholder { line, column, name } => {
                write!(
                    f,
                    "line {line}, column {column}: unknown placeholder {{{{{name}}}}}"
                )
            }
            TextError::UnclosedPlaceholder { line, column } => {
                write!(f, "line {line}, column {column}: `{{{{` without `}}}}`")
            }
            TextError::UnknownSection { line, heading } => write!(
                f,
                "line {line}: heading {heading:?} is not one of the six sections"
            ),
            TextError::DuplicateSection {
                line,
                section,
                first_line,
            } => write!(
                f,
                "line {line}: section {section} already has its text from line {first_line}"
            ),
            TextError::UnclosedComment { line } => {
                write!(f, "line {line}: `<!--` without `-->`")
            }
        }
    }
}

impl std::error::Error for TextError {}

/// What a piece of a section's text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PieceKind {
    Para,
    SubHeading,
}

/// Where a source line starts in a piece's joined text.
#[derive(Clone, Debug, PartialEq, Eq)]
struct LineStart {
    /// Byte offset in the joined text.
    at: usize,
    /// 1-based line in the file.
    line: usize,
    /// Characters trimmed from the front of the line.
    indent: usize,
}

/// A paragraph or sub-heading of the office's text, its lines joined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub kind: PieceKind,
    pub text: String,
    /// The line it starts on.
    pub line: usize,
    starts: Vec<LineStart>,
}

impl Piece {
    /// 1-based line and column (in characters) of byte `at` of the joined text.
    fn place(&self, at: usize) -> (usize, usize) {
        match self.starts.iter().rev().find(|s| s.at <= at) {
            Some(s) => (
                s.line,
                s.indent + self.text.get(s.at..at).map_or(0, |t| t.chars().count()) + 1,
            ),
            None => (self.line, 1),
        }
    }
}

/// The office's text for one section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionText {
    /// The line of its heading.
    pub line: usize,
    pub pieces: Vec<Piece>,
}

/// The office's text, parsed (placeholders still unfilled: they need the data).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OfficeText {
    /// Paragraphs before the first section: the opening, replacing the default one.
    pub opening: Vec<Piece>,
    /// Sections 1–6 (index 0 = section 1); `None`: the office wrote nothing for it.
    pub sections: [Option<SectionText>; 6],
}

/// The section a heading names, numbering aside.
fn section_of(heading: &str) -> Option<u8> {
    let compact: String = heading.chars().filter(|c| !c.is_whitespace()).collect();
    let text = strip_numbering(&compact);
    SECTIONS
        .iter()
        .find(|s| {
            s.title == text
                || s.variants.contains(&text)
                || (!s.keywords.is_empty() && s.keywords.iter().all(|k| text.contains(k)))
        })
        .map(|s| s.number)
}

/// `一、` `一.` `（一）` `(一)` `1.` `1、` removed from the front.
fn strip_numbering(s: &str) -> &str {
    let numeral = |t: &str| {
        NUMERALS
            .iter()
            .chain(["1", "2", "3", "4", "5", "6", "7", "8", "9"].iter())
            .find(|n| t.starts_with(**n))
            .map(|n| n.len())
    };
    for (open, close) in [("（", "）"), ("(", ")")] {
        if let Some(rest) = s.strip_prefix(open)
            && let Some(n) = numeral(rest)
            && let Some(after) = rest[n..].strip_prefix(close)
        {
            return after;
        }
    }
    if let Some(n) = numeral(s) {
        for sep in ["、", ".", "．"] {
            if let Some(after) = s[n..].strip_prefix(sep) {
                return after;
            }
        }
    }
    s
}

/// Numbered like a section of the report (`七、…`), whatever it says.
fn numbered_like_section(s: &str) -> bool {
    NUMERALS.iter().any(|n| s.starts_with(&format!("{n}、")))
}

/// Join the lines of a paragraph (each with its line number): directly between Chinese
/// characters, with a space between two words of Latin script.
fn join_lines(lines: &[(usize, &str)]) -> (String, Vec<LineStart>) {
    let mut out = String::new();
    let mut starts = Vec::new();
    for (n, l) in lines {
        let indent = l.chars().take_while(|c| c.is_whitespace()).count();
        let l = l.trim();
        if l.is_empty() {
            continue;
        }
        let latin_end = out
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric());
        let latin_start = l.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
        if latin_end && latin_start {
            out.push(' ');
        }
        starts.push(LineStart {
            at: out.len(),
            line: *n,
            indent,
        });
        out.push_str(l);
    }
    (out, starts)
}

impl OfficeText {
    /// Parse the office's Markdown. Placeholders are checked for their form here and for
    /// their names when filled ([`OfficeText::check_placeholders`] checks them early).
    pub fn parse(src: &str) -> Result<OfficeText, TextError> {
        let mut out = OfficeText::default();
        // Where pieces go: None = the opening, Some(i) = section i.
        let mut current: Option<usize> = None;
        let mut para: Vec<(usize, &str)> = Vec::new();
        let mut comment_from: Option<usize> = None;
        let flush =
            |out: &mut OfficeText, current: Option<usize>, para: &mut Vec<(usize, &str)>| {
                let (text, starts) = join_lines(para);
                para.clear();
                if let Some(first) = starts.first() {
                    let line = first.line;
                    push(
                        out,
                        current,
                        Piece {
                            kind: PieceKind::Para,
                            text,
                            line,
                            starts,
                        },
                    );
                }
            };
        for (i, raw) in src.lines().enumerate() {
            let n = i + 1;
            let line = raw.trim_start_matches('\u{feff}');
            let trimmed = line.trim();
            if let Some(from) = comment_from {
                let _ = from;
                if trimmed.contains("-->") {
                    comment_from = None;
                }
                continue;
            }
            if trimmed.starts_with("<!--") {
                if !trimmed.contains("-->") {
                    comment_from = Some(n);
                }
                continue;
            }
            if trimmed.is_empty() {
                flush(&mut out, current, &mut para);
                continue;
            }
            if let Some(h) = heading(trimmed) {
                flush(&mut out, current, &mut para);
                let compact: String = h.chars().filter(|c| !c.is_whitespace()).collect();
                if let Some(number) = section_of(h) {
                    let idx = usize::from(number - 1);
                    if let Some(Some(first)) = out.sections.get(idx) {
                        return Err(TextError::DuplicateSection {
                            line: n,
                            section: number,
                            first_line: first.line,
                        });
                    }
                    if let Some(slot) = out.sections.get_mut(idx) {
                        *slot = Some(SectionText {
                            line: n,
                            pieces: Vec::new(),
                        });
                    }
                    current = Some(idx);
                } else if TITLE_VARIANTS.iter().any(|t| compact.ends_with(t)) {
                    // The report's title: the writer prints its own.
                } else if numbered_like_section(&compact) || current.is_none() {
                    return Err(TextError::UnknownSection {
                        line: n,
                        heading: h.to_owned(),
                    });
                } else {
                    let indent = line.len() - line.trim_start().len();
                    let at_text = raw.find(h).map_or(indent, |b| raw[..b].chars().count());
                    push(
                        &mut out,
                        current,
                        Piece {
                            kind: PieceKind::SubHeading,
                            text: h.to_owned(),
                            line: n,
                            starts: vec![LineStart {
                                at: 0,
                                line: n,
                                indent: at_text,
                            }],
                        },
                    );
                }
                continue;
            }
            para.push((n, line));
        }
        if let Some(line) = comment_from {
            return Err(TextError::UnclosedComment { line });
        }
        flush(&mut out, current, &mut para);
        // Every placeholder must at least be well formed.
        for piece in out.pieces() {
            placeholders(piece)?;
        }
        Ok(out)
    }

    fn pieces(&self) -> impl Iterator<Item = &Piece> {
        self.opening
            .iter()
            .chain(self.sections.iter().flatten().flat_map(|s| &s.pieces))
    }

    /// Every placeholder filled from `data`: the first unknown name is an error naming its
    /// line and column.
    pub fn check_placeholders(&self, data: &ReportData) -> Result<(), TextError> {
        for p in self.pieces() {
            fill(p, data)?;
        }
        Ok(())
    }
}

fn push(out: &mut OfficeText, current: Option<usize>, piece: Piece) {
    match current.and_then(|i| out.sections.get_mut(i)) {
        Some(Some(s)) => s.pieces.push(piece),
        _ => out.opening.push(piece),
    }
}

/// The text of a Markdown heading line (`## 一、总体情况` → `一、总体情况`).
fn heading(line: &str) -> Option<&str> {
    let hashes = line.chars().take_while(|c| *c == '#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &line[hashes..];
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let text = rest.trim().trim_end_matches('#').trim();
    (!text.is_empty()).then_some(text)
}

/// A placeholder found in a piece: its name, its bytes (`{{…}}`) and its place in the file.
struct Found<'a> {
    name: &'a str,
    range: std::ops::Range<usize>,
    line: usize,
    column: usize,
}

/// The placeholders of a piece.
fn placeholders(piece: &Piece) -> Result<Vec<Found<'_>>, TextError> {
    let text = &piece.text;
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = text[at..].find("{{") {
        let start = at + i;
        let (line, column) = piece.place(start);
        // A placeholder does not run across lines.
        let line_end = piece
            .starts
            .iter()
            .find(|s| s.at > start)
            .map_or(text.len(), |s| s.at);
        let Some(j) = text[start + 2..line_end].find("}}") else {
            return Err(TextError::UnclosedPlaceholder { line, column });
        };
        let end = start + 2 + j + 2;
        out.push(Found {
            name: text[start + 2..start + 2 + j].trim(),
            range: start..end,
            line,
            column,
        });
        at = end;
    }
    Ok(out)
}

/// A number as prose prints it: counts whole, money with the decimals it has (at most six).
pub(crate) fn format_num(v: Num, kind: ValueKind) -> String {
    match (v, kind) {
        (Num::Int(i), _) => i.to_string(),
        (_, ValueKind::Count | ValueKind::SignedCount) if v.is_whole() => {
            v.as_int().map_or_else(|| v.to_string(), |i| i.to_string())
        }
        _ => {
            let s = format!("{:.6}", v.as_f64());
            let s = s.trim_end_matches('0').trim_end_matches('.');
            if s == "-0" {
                "0".to_owned()
            } else {
                s.to_owned()
            }
        }
    }
}

/// The value of a placeholder, if the name is known.
fn resolve(name: &str, data: &ReportData) -> Option<String> {
    match name {
        "body" => return Some(data.body.clone()),
        "year" => return Some(data.year.to_string()),
        "published" => return data.published.as_deref().map(crate::document::zh_date),
        _ => {}
    }
    let mut parts = name.split('.');
    let (Some(t), Some(r), Some(c), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let table = TableId::ALL.into_iter().find(|x| x.key() == t)?;
    let col = columns_of(table, data.edition(), r)?
        .iter()
        .find(|x| x.key == c)?;
    let v = data.value(table, r, c)?;
    Some(format_num(v, col.kind))
}

/// The text of a piece with its placeholders filled.
pub(crate) fn fill(piece: &Piece, data: &ReportData) -> Result<String, TextError> {
    let text = &piece.text;
    let found = placeholders(piece)?;
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in found {
        let Some(value) = resolve(f.name, data) else {
            return Err(TextError::UnknownPlaceholder {
                line: f.line,
                column: f.column,
                name: f.name.to_owned(),
            });
        };
        out.push_str(&text[at..f.range.start]);
        out.push_str(&value);
        at = f.range.end;
    }
    out.push_str(&text[at..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_name_sections_by_number_or_title() {
        assert_eq!(section_of("一、总体情况"), Some(1));
        assert_eq!(section_of("（五）存在的主要问题及改进措施"), Some(5));
        assert_eq!(section_of("政府信息公开行政复议、行政诉讼情况"), Some(4));
        assert_eq!(section_of("三、收到和处理政府信息公开申请情况"), Some(3));
        assert_eq!(section_of("（一）主动公开"), None);
        assert_eq!(section_of("其他需要报告的事项"), Some(6));
    }

    #[test]
    fn paragraphs_sections_and_comments() {
        let src = "# 某镇2023年政府信息公开工作年度报告\n\n开头第一行\n第二行\n\n<!-- 注释\n多行 -->\n## 一、总体情况\n\n### （一）主动公开\n\n正文 {{year}}\n\n## 五、存在的主要问题及改进情况\n问题。\n";
        let t = OfficeText::parse(src).unwrap();
        let brief = |p: &Piece| (p.kind, p.line, p.text.clone());
        assert_eq!(
            t.opening.iter().map(brief).collect::<Vec<_>>(),
            vec![(PieceKind::Para, 3, "开头第一行第二行".to_owned())]
        );
        let s1 = t.sections[0].as_ref().unwrap();
        assert_eq!(s1.line, 8);
        assert_eq!(
            s1.pieces.iter().map(brief).collect::<Vec<_>>(),
            vec![
                (PieceKind::SubHeading, 10, "（一）主动公开".to_owned()),
                (PieceKind::Para, 12, "正文 {{year}}".to_owned())
            ]
        );
        assert!(t.sections[1].is_none());
        assert_eq!(t.sections[4].as_ref().unwrap().pieces.len(), 1);
    }

    #[test]
    fn errors_name_their_line() {
        assert_eq!(
            OfficeText::parse("## 一、总体情况\n\n文字 {{year\n"),
            Err(TextError::UnclosedPlaceholder { line: 3, column: 4 })
        );
        // The second line of a paragraph, indented: its own line and column.
        assert_eq!(
            OfficeText::parse("## 一、总体情况\n\n第一行\n  第二 {{year\n}}\n"),
            Err(TextError::UnclosedPlaceholder { line: 4, column: 6 })
        );
        assert_eq!(
            OfficeText::parse("## 七、附件\n"),
            Err(TextError::UnknownSection {
                line: 1,
                heading: "七、附件".into()
            })
        );
        assert_eq!(
            OfficeText::parse("## 一、总体情况\n\n## 总体情况\n"),
            Err(TextError::DuplicateSection {
                line: 3,
                section: 1,
                first_line: 1
            })
        );
        assert_eq!(
            OfficeText::parse("<!-- never closed\n"),
            Err(TextError::UnclosedComment { line: 1 })
        );
    }

    #[test]
    fn numbers_in_prose() {
        assert_eq!(format_num(Num::Int(12), ValueKind::Count), "12");
        assert_eq!(format_num(Num::Dec(12.0), ValueKind::Count), "12");
        assert_eq!(format_num(Num::Dec(93.8605), ValueKind::Money), "93.8605");
        assert_eq!(format_num(Num::Dec(3.0), ValueKind::Money), "3");
        assert_eq!(format_num(Num::Dec(0.1 + 0.2), ValueKind::Money), "0.3");
    }
}
