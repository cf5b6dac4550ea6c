//! HTML left inside text: Markdown converters (`pandoc -t gfm`) keep a table with merged cells
//! as a raw `<table>` and wrap styled cell text in `<span style=…>`. A table is rendered the way
//! the HTML reader renders a page (a row per line, cells between `|`); other tags are dropped —
//! their attributes (`font-size: 12px`) must not be read as numbers.

use crate::mapped::MappedTextBuilder;
use crate::{DecodeError, Limits};

/// Element names whose tags are markup, not text (`<政府信息>` or `a<b` are text).
const TAGS: [&str; 32] = [
    "a",
    "b",
    "big",
    "blockquote",
    "br",
    "caption",
    "center",
    "col",
    "colgroup",
    "div",
    "em",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "hr",
    "i",
    "img",
    "li",
    "o:p",
    "ol",
    "p",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "tbody",
    "thead",
    "u",
    "ul",
];
/// Tags that end a line.
const BLOCKS: [&str; 14] = [
    "blockquote",
    "br",
    "caption",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "ul",
    "center",
];

/// A tag at byte `at` of `text`: its end and lower-case name, when it is one of [`TAGS`] or a
/// table tag.
fn tag_at(text: &str, at: usize) -> Option<(usize, String)> {
    let rest = text.get(at..)?;
    let inner = rest.strip_prefix('<')?;
    let inner = inner.strip_prefix('/').unwrap_or(inner);
    let name: String = inner
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == ':')
        .collect::<String>()
        .to_ascii_lowercase();
    if name.is_empty() {
        return None;
    }
    // The name ends the way a tag name does: `<b>`, `<b class=…>`, `<br/>`, not `<b 与 …`.
    let after = inner[name.len()..].chars().next();
    let attrs = inner[name.len()..].trim_start();
    let ends = match after {
        Some('>' | '/') => true,
        Some(c) if c.is_whitespace() => {
            attrs.starts_with(|c: char| c.is_ascii_alphabetic() || c == '>' || c == '/')
        }
        _ => false,
    };
    if !ends {
        return None;
    }
    let known =
        TAGS.contains(&name.as_str()) || matches!(name.as_str(), "table" | "tr" | "td" | "th");
    if !known {
        return None;
    }
    // Tags may wrap over lines; a `>` within a few hundred bytes closes them.
    let mut limit = rest.len().min(2048);
    while !rest.is_char_boundary(limit) {
        limit -= 1;
    }
    let close = rest[..limit].find('>')?;
    Some((at + close + 1, name))
}

/// The layout of `text` with its HTML rendered or dropped, or `None` when it has none.
pub fn layout(text: &str, limits: &Limits) -> Result<Option<crate::MappedText>, DecodeError> {
    if !has_markup(text) {
        return Ok(None);
    }
    let mut out = crate::MappedText::builder(text.len());
    let mut pos = 0;
    let bytes = text.as_bytes();
    while pos < text.len() {
        let Some(i) = memchr::memchr(b'<', &bytes[pos..]) else {
            push_plain(&mut out, text, pos, text.len());
            break;
        };
        let at = pos + i;
        push_plain(&mut out, text, pos, at);
        match tag_at(text, at) {
            Some((_, name)) if name == "table" && !text[at..].starts_with("</") => {
                let end = table_end(text, at);
                render_table(&mut out, text, at, end, limits)?;
                pos = end;
            }
            Some((end, name)) => {
                if BLOCKS.contains(&name.as_str()) && out.last_char() != Some('\n') {
                    out.push('\n', at);
                }
                pos = end;
            }
            None => {
                out.push('<', at);
                pos = at + 1;
            }
        }
    }
    Ok(Some(out.finish(text.len())))
}

fn has_markup(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr_iter(b'<', b).any(|i| tag_at(text, i).is_some())
}

fn push_plain(out: &mut MappedTextBuilder, text: &str, from: usize, to: usize) {
    for (k, c) in text[from..to].char_indices() {
        out.push(c, from + k);
    }
}

/// End of the table starting at `at`: after its matching `</table>` (nested tables counted), or
/// the end of the text.
fn table_end(text: &str, at: usize) -> usize {
    let lower = text[at..].to_ascii_lowercase();
    let mut depth = 0usize;
    let mut pos = 0;
    while let Some(i) = lower[pos..].find("table") {
        let k = pos + i;
        pos = k + 5;
        if k >= 1 && &lower[k - 1..k] == "<" {
            depth += 1;
        } else if k >= 2 && &lower[k - 2..k] == "</" {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                let close = lower[k..].find('>').map_or(lower.len(), |j| k + j + 1);
                return at + close;
            }
        }
    }
    text.len()
}

#[cfg(feature = "html")]
fn render_table(
    out: &mut MappedTextBuilder,
    text: &str,
    from: usize,
    to: usize,
    limits: &Limits,
) -> Result<(), DecodeError> {
    let rendered = crate::html::render(&text[from..to], limits)?;
    if out.last_char().is_some_and(|c| c != '\n') {
        out.push('\n', from);
    }
    let s = rendered.as_str();
    for (k, c) in s.char_indices() {
        out.push(c, from + rendered.base_offset(k));
    }
    if out.last_char() != Some('\n') {
        out.push('\n', to);
    }
    Ok(())
}

#[cfg(not(feature = "html"))]
fn render_table(
    out: &mut MappedTextBuilder,
    text: &str,
    from: usize,
    to: usize,
    _limits: &Limits,
) -> Result<(), DecodeError> {
    // Without the HTML reader the table's text is kept, tags dropped.
    let mut pos = from;
    while pos < to {
        match text[pos..to].find('<') {
            Some(i) => {
                push_plain(out, text, pos, pos + i);
                let end = tag_at(text, pos + i).map_or(pos + i + 1, |(e, _)| e);
                out.push(' ', pos + i);
                pos = end.min(to);
            }
            None => {
                push_plain(out, text, pos, to);
                break;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styled_cells_lose_their_tags() {
        let t = "| 行政处罚 | <span style=\"font-size: 12px\">3</span> |\n";
        let m = layout(t, &Limits::default()).unwrap().unwrap();
        assert_eq!(m.as_str(), "| 行政处罚 | 3 |\n");
        let at = m.as_str().find('3').unwrap();
        assert_eq!(&t[m.base_range(at..at + 1, t)], "3");
    }

    #[test]
    fn text_without_markup_is_left_alone() {
        assert!(
            layout("《条例》规定 a<b 与 <政府信息>\n", &Limits::default())
                .unwrap()
                .is_none()
        );
    }

    #[cfg(feature = "html")]
    #[test]
    fn raw_tables_are_rendered_as_rows() {
        let t = "前文\n<table>\n<tr><td rowspan=\"2\">行政复议</td><td>1</td></tr>\n<tr>\n<td>2</td></tr>\n</table>\n后文";
        let m = layout(t, &Limits::default()).unwrap().unwrap();
        assert!(m.as_str().contains("| 行政复议 | 1 |"), "{}", m.as_str());
        assert!(m.as_str().starts_with("前文\n"));
        assert!(m.as_str().ends_with("后文"));
        let at = m.as_str().find('2').unwrap();
        assert_eq!(&t[m.base_range(at..at + 1, t)], "2");
    }
}
