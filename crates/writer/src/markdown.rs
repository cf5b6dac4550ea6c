//! Markdown: `#` for the title, `##` for the six sections, `###` for sub-headings, a blank
//! line between paragraphs; the statutory tables as HTML tables (Markdown's pipe tables cannot
//! merge cells, and the format's headers are merged), as pandoc writes them and as Markdown
//! viewers render them.

use crate::document::{Block, Document};

/// The report as Markdown.
pub fn render(doc: &Document) -> String {
    let mut parts: Vec<String> = Vec::new();
    for b in &doc.blocks {
        match b {
            Block::Title { text: t, .. } => parts.push(format!("# {}", one_line(t))),
            Block::Heading { text, .. } => parts.push(format!("## {}", one_line(text))),
            Block::SubHeading(t) => parts.push(format!("### {}", one_line(t))),
            Block::Para(t) => parts.push(one_line(t)),
            Block::Table(g) => parts.push(crate::html::table(g).trim_end().to_owned()),
            Block::Signature(lines) => parts.extend(lines.iter().map(|l| one_line(l))),
        }
    }
    let mut s = parts.join("\n\n");
    s.push('\n');
    s
}

/// A paragraph on one line (a line break inside would end a heading).
fn one_line(s: &str) -> String {
    s.split(['\n', '\r'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
