//! HTML: a standalone page (UTF-8, print styles) and the statutory tables as `<table>` with
//! their `rowspan`/`colspan`, which the Markdown output embeds as well (Markdown tables cannot
//! merge cells; raw HTML is how Markdown writers such as pandoc keep them).

use crate::document::{Block, Document};
use crate::layout::{Content, Grid};
use std::fmt::Write;

/// Text for HTML content or a double-quoted attribute.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// A statutory table as HTML, one `<tr>` per line: header cells as `<th>`, labels and values
/// as `<td>` (labels with `class="label"`, values with `class="num"`), spans as attributes.
pub(crate) fn table(g: &Grid<String>) -> String {
    let mut s = format!("<table class=\"{}\">\n", g.table.key());
    for row in &g.rows {
        s.push_str("<tr>");
        for c in &row.cells {
            let (tag, class, text) = match &c.content {
                Content::Header(h) => ("th", None, *h),
                Content::Label(l) => ("td", Some("label"), *l),
                Content::Value(v) => ("td", Some("num"), v.as_str()),
            };
            let _ = write!(s, "<{tag}");
            if let Some(class) = class {
                let _ = write!(s, " class=\"{class}\"");
            }
            if c.rowspan > 1 {
                let _ = write!(s, " rowspan=\"{}\"", c.rowspan);
            }
            if c.colspan > 1 {
                let _ = write!(s, " colspan=\"{}\"", c.colspan);
            }
            let _ = write!(s, ">{}</{tag}>", escape(text));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</table>\n");
    s
}

const STYLE: &str = "body{font-family:\"FangSong\",\"仿宋\",\"Noto Serif CJK SC\",serif;font-size:16pt;line-height:1.8;max-width:52em;margin:2em auto;padding:0 1em}\
h1{font-family:\"SimSun\",\"宋体\",\"Noto Serif CJK SC\",serif;font-size:22pt;text-align:center;font-weight:bold}\
h2,h3{font-family:\"SimHei\",\"黑体\",\"Noto Sans CJK SC\",sans-serif;font-size:16pt}\
h3{font-family:\"KaiTi\",\"楷体\",serif}\
p{text-indent:2em;margin:0}\
div.signature{width:max-content;margin:2em 6em 0 auto}div.signature p{text-align:center;text-indent:0}\
table{border-collapse:collapse;margin:1em auto;font-family:\"SimSun\",\"宋体\",\"Noto Serif CJK SC\",serif;font-size:10.5pt;line-height:1.4}\
th,td{border:1px solid #000;padding:2px 4px;text-align:center;vertical-align:middle}\
td.label{text-align:left}\
@page{size:A4;margin:2.5cm 2.2cm}@media print{body{margin:0;max-width:none}table{page-break-inside:auto}tr{page-break-inside:avoid}}";

/// The report as a standalone HTML page.
pub fn render(doc: &Document) -> String {
    let mut s = String::with_capacity(32 * 1024);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"generator\" content=\"gongkai\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&doc.title)
    );
    for b in &doc.blocks {
        match b {
            Block::Title { text: t, .. } => {
                let _ = writeln!(s, "<h1>{}</h1>", escape(t));
            }
            Block::Heading { text, .. } => {
                let _ = writeln!(s, "<h2>{}</h2>", escape(text));
            }
            Block::SubHeading(t) => {
                let _ = writeln!(s, "<h3>{}</h3>", escape(t));
            }
            Block::Para(t) => {
                let _ = writeln!(s, "<p>{}</p>", escape(t));
            }
            Block::Table(g) => s.push_str(&table(g)),
            // As the DOCX sets it: the block six characters from the right margin, the lines
            // centred over each other. A line ending at the margin followed by the date would
            // read as one wrapped paragraph in PDF text (`…人民政府2024年…`).
            Block::Signature(lines) => {
                s.push_str("<div class=\"signature\">\n");
                for l in lines {
                    let _ = writeln!(s, "<p>{}</p>", escape(l));
                }
                s.push_str("</div>\n");
            }
        }
    }
    s.push_str("</body>\n</html>\n");
    s
}
