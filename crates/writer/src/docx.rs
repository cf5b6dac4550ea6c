//! DOCX: a WordprocessingML package written directly with `zip`.
//!
//! Why not `docx-rs`: the package is small and fixed (document, styles, settings, footer, core
//! and app properties), the statutory grid already knows every span, and the synthetic
//! generator writes its noisy Word documents the same way (revisions, content controls, text
//! boxes — what `docx-rs` cannot write); `zip` is already a dependency of the workspace and
//! `roxmltree` reads the result back in the tests. What Word, WPS and LibreOffice need is kept
//! to: every element in the order of the schema (ECMA-376 `CT_PPr`, `CT_RPr`, `CT_TblPr`,
//! `CT_TcPr`, `CT_SectPr`), every row covering the table grid (`w:gridSpan` across, `w:vMerge`
//! `restart` and continue down), a paragraph in every cell and after every table, the content
//! types and relationships of every part, Word 2013 compatibility mode.
//!
//! Layout follows the national standard for official documents (GB/T 9704): A4, margins
//! 37/35/28/26 mm, body in 仿宋 三号 with 28-point lines, headings in 黑体 and 楷体, the title in
//! 宋体 二号 bold, page numbers `— 1 —` in the footer. Tables are as wide as the text and their
//! columns are sized so that no number wraps and every label fits (LibreOffice clips a table
//! wider than the page when it prints to PDF); a table whose numbers are too long for 五号
//! type is set in a smaller size.

use crate::document::{Block, Document};
use crate::layout::{Content, Grid, RowKind};
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Page: A4 portrait, in twentieths of a point.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
const MARGIN_TOP: u32 = 2098;
const MARGIN_BOTTOM: u32 = 1984;
const MARGIN_LEFT: u32 = 1587;
const MARGIN_RIGHT: u32 = 1474;
/// The width tables are set to: the text width.
pub(crate) const TEXT_W: u32 = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT;
/// Left plus right cell margin.
const CELL_PAD: u32 = 2 * 57;

/// Text for XML content or a double-quoted attribute; characters XML 1.0 forbids are dropped.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

fn run(text: &str, size: Option<u32>) -> String {
    let rpr = size.map_or_else(String::new, |hp| {
        format!("<w:rPr><w:sz w:val=\"{hp}\"/><w:szCs w:val=\"{hp}\"/></w:rPr>")
    });
    format!(
        "<w:r>{rpr}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
        escape(text)
    )
}

fn para(style: Option<&str>, text: &str, keep_next: bool) -> String {
    let style = style.map_or_else(String::new, |s| format!("<w:pStyle w:val=\"{s}\"/>"));
    let keep = if keep_next { "<w:keepNext/>" } else { "" };
    let ppr = if style.is_empty() && keep.is_empty() {
        String::new()
    } else {
        format!("<w:pPr>{style}{keep}</w:pPr>")
    };
    format!("<w:p>{ppr}{}</w:p>", run(text, None))
}

/// The title on two lines, broken before `工作年度报告` (the reader joins a title broken there
/// with the line before it), in 二号 type or smaller so that the first line fits the width.
fn title(text: &str, break_at: usize) -> String {
    let (first, second) = text.split_at(break_at.min(text.len()));
    // The widest size, in half-points, from 二号 (22 pt) down to 三号 (16 pt).
    let hp = (32..=44)
        .rev()
        .find(|hp| text_w(first, *hp) <= TEXT_W * 15 / 16)
        .unwrap_or(32);
    let rpr = if hp == 44 {
        String::new()
    } else {
        format!("<w:rPr><w:sz w:val=\"{hp}\"/><w:szCs w:val=\"{hp}\"/></w:rPr>")
    };
    let mut runs = format!(
        "<w:r>{rpr}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
        escape(first)
    );
    if !second.is_empty() {
        runs.push_str(&format!(
            "<w:r>{rpr}<w:br/><w:t xml:space=\"preserve\">{}</w:t></w:r>",
            escape(second)
        ));
    }
    format!("<w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr>{runs}</w:p>")
}

/// The signature as official documents set it: the date right-aligned, indented from the
/// margin, the body's name centred over it. Six characters of indent, not the four of
/// GB/T 9704: a line that ends within a few characters of the margin, followed by one that
/// starts with digits, reads as a wrapped paragraph in PDF text (`…人民政府2024年…`).
fn signature(lines: &[String]) -> String {
    const CHAR: u32 = 320; // 三号, 16 pt
    let widths: Vec<u32> = lines.iter().map(|l| text_w(l, 32)).collect();
    let widest = widths.iter().copied().max().unwrap_or(0);
    let mut out = String::new();
    let mut previous: Option<u32> = None;
    for (k, (l, w)) in lines.iter().zip(&widths).enumerate() {
        let keep = if k + 1 < lines.len() {
            "<w:keepNext/>"
        } else {
            ""
        };
        let mut right = 6 * CHAR + (widest - w) / 2;
        if previous.is_some_and(|p| p.abs_diff(right) < CHAR / 2) {
            right += CHAR;
        }
        previous = Some(right);
        out.push_str(&format!(
            "<w:p><w:pPr><w:pStyle w:val=\"Signature\"/>{keep}<w:ind w:right=\"{right}\" w:firstLineChars=\"0\" w:firstLine=\"0\"/></w:pPr>{}</w:p>",
            run(l, None)
        ));
    }
    out
}

// ---- table widths ---------------------------------------------------------------------------

/// Width of text in twips at `hp` half-points, on the safe side: CJK and full-width
/// characters one em, everything else 0.64 em (the digits of DejaVu, which LibreOffice puts in
/// for Times New Roman where it is not installed; Times and Noto are narrower).
fn text_w(s: &str, hp: u32) -> u32 {
    let em = hp * 10;
    s.chars()
        .map(|c| {
            if (c as u32) < 0x2000 {
                em * 16 / 25
            } else {
                em
            }
        })
        .sum()
}

/// Column widths (twips) and the type size (half-points) for a grid set `total` wide: value
/// columns as wide as their longest number (at least three characters, so headers wrap in
/// whole words of two or three), label columns the rest, the last label column taking what
/// the narrower ones leave; smaller type when the numbers do not fit otherwise.
pub(crate) fn plan(g: &Grid<String>, total: u32) -> (Vec<u32>, u32) {
    const SIZES: [u32; 4] = [21, 18, 15, 12];
    let mut last = (vec![total / g.width.max(1) as u32; g.width], SIZES[0]);
    for hp in SIZES {
        let em = hp * 10;
        let mut need = vec![0u32; g.width];
        for row in &g.rows {
            for c in &row.cells {
                if let (Content::Value(v), 1) = (&c.content, c.colspan)
                    && let Some(n) = need.get_mut(c.col)
                {
                    *n = (*n).max(text_w(v, hp) + CELL_PAD + 40);
                }
            }
        }
        let labels = g.label_columns.min(g.width);
        // Headers wrap in words of two characters (商业/企业, 结果/维持).
        let min_value = 2 * em + CELL_PAD;
        for n in need.iter_mut().skip(labels) {
            *n = (*n).max(min_value);
        }
        let widths = if labels == 0 {
            // Equal columns (table 4), if the widest number fits.
            let each = total / g.width.max(1) as u32;
            if need.iter().any(|n| *n > each) {
                last = (vec![each; g.width], hp);
                continue;
            }
            vec![each; g.width]
        } else {
            let values: u32 = need.iter().skip(labels).sum();
            let min_label = 3 * em + CELL_PAD;
            let narrow = (labels as u32 - 1) * min_label;
            if values + narrow + min_label > total {
                last = (need, hp);
                continue;
            }
            // The label area as wide as its longest one-column label, within what is left.
            let widest_label = g
                .rows
                .iter()
                .flat_map(|r| &r.cells)
                .filter(|c| c.col + c.colspan == labels && c.colspan == 1)
                .filter_map(|c| match c.content {
                    Content::Label(l) => Some(text_w(l, hp) + CELL_PAD + 40),
                    _ => None,
                })
                .max()
                .unwrap_or(min_label)
                .max(min_label);
            let label_last = widest_label.min(total - values - narrow);
            let spare = total - values - narrow - label_last;
            let value_cols = (g.width - labels) as u32;
            let mut w: Vec<u32> = (0..g.width)
                .map(|i| {
                    if i + 1 < labels {
                        min_label
                    } else if i + 1 == labels {
                        label_last
                    } else {
                        need[i] + spare / value_cols.max(1)
                    }
                })
                .collect();
            // Rounding: the last column takes the remainder so the table is exactly `total`.
            let sum: u32 = w.iter().sum();
            if let Some(x) = w.last_mut() {
                *x += total.saturating_sub(sum);
            }
            w
        };
        return (widths, hp);
    }
    last
}

// ---- the document ---------------------------------------------------------------------------

fn table(g: &Grid<String>) -> String {
    let (widths, hp) = plan(g, TEXT_W);
    let size = (hp != 21).then_some(hp);
    let total: u32 = widths.iter().sum();
    let span_w = |col: usize, span: usize| -> u32 { widths.iter().skip(col).take(span).sum() };
    let border = "w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"";
    let mut s = format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"{total}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblBorders><w:top {border}/><w:left {border}/><w:bottom {border}/><w:right {border}/><w:insideH {border}/><w:insideV {border}/></w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>"
    );
    for w in &widths {
        s.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
    }
    s.push_str("</w:tblGrid>");
    for (r, row) in g.rows.iter().enumerate() {
        // A row never breaks across pages (a label stays beside its numbers); header rows
        // keep with the row after them, and so does the first row after a header, so that a
        // page never ends with a header.
        s.push_str("<w:tr><w:trPr><w:cantSplit/><w:jc w:val=\"center\"/></w:trPr>");
        let is_header = |i: usize| g.rows.get(i).is_some_and(|x| x.kind == RowKind::Header);
        let keep = if r + 1 < g.rows.len() && (is_header(r) || (r > 0 && is_header(r - 1))) {
            "<w:keepNext/>"
        } else {
            ""
        };
        let mut col = 0;
        while col < g.width {
            if let Some(c) = row.cells.iter().find(|c| c.col == col) {
                let grid_span = if c.colspan > 1 {
                    format!("<w:gridSpan w:val=\"{}\"/>", c.colspan)
                } else {
                    String::new()
                };
                let vmerge = if c.rowspan > 1 {
                    "<w:vMerge w:val=\"restart\"/>"
                } else {
                    ""
                };
                let (text, jc) = match &c.content {
                    Content::Label(l) => (*l, "left"),
                    Content::Header(h) => (*h, "center"),
                    Content::Value(v) => (v.as_str(), "center"),
                };
                let runs = if text.is_empty() {
                    String::new()
                } else {
                    run(text, size)
                };
                s.push_str(&format!(
                    "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/>{grid_span}{vmerge}<w:vAlign w:val=\"center\"/></w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/>{keep}<w:jc w:val=\"{jc}\"/></w:pPr>{runs}</w:p></w:tc>",
                    span_w(c.col, c.colspan)
                ));
                col += c.colspan.max(1);
            } else if let Some(c) = g.covering(r, col) {
                // The continuation of a cell merged down from a row above.
                let grid_span = if c.colspan > 1 {
                    format!("<w:gridSpan w:val=\"{}\"/>", c.colspan)
                } else {
                    String::new()
                };
                s.push_str(&format!(
                    "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/>{grid_span}<w:vMerge/><w:vAlign w:val=\"center\"/></w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/>{keep}</w:pPr></w:p></w:tc>",
                    span_w(c.col, c.colspan)
                ));
                col = c.col + c.colspan.max(1);
            } else {
                // Not reached for the statutory grids (they are rectangular); an empty cell
                // keeps the row whole if a grid ever has a hole.
                s.push_str(&format!(
                    "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/></w:tcPr><w:p/></w:tc>",
                    span_w(col, 1)
                ));
                col += 1;
            }
        }
        s.push_str("</w:tr>");
    }
    s.push_str("</w:tbl>");
    // Word joins two tables that touch, and a table must not end the body.
    s.push_str("<w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr></w:p>");
    s
}

fn body(doc: &Document) -> String {
    let mut s = String::with_capacity(64 * 1024);
    // From the last paragraph of section 5 to the signature, every paragraph keeps with the
    // next: a signature on a page of short lines (`无。`) is read as one wrapped line with its
    // date, the page having no full line to show where the margin is.
    let last_section = doc
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Heading { number: 6, .. }))
        .unwrap_or(doc.blocks.len());
    let keep_from = last_section.saturating_sub(1);
    for (i, b) in doc.blocks.iter().enumerate() {
        let keep = i >= keep_from && !matches!(b, Block::Signature(_));
        match b {
            Block::Title { text, break_at } => s.push_str(&title(text, *break_at)),
            Block::Heading { text, .. } => s.push_str(&para(Some("Heading1"), text, keep)),
            Block::SubHeading(t) => s.push_str(&para(Some("Heading2"), t, keep)),
            Block::Para(t) => s.push_str(&para(None, t, keep)),
            Block::Table(g) => s.push_str(&table(g)),
            Block::Signature(lines) => s.push_str(&signature(lines)),
        }
    }
    s.push_str(&format!(
        "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/><w:pgSz w:w=\"{PAGE_W}\" w:h=\"{PAGE_H}\"/><w:pgMar w:top=\"{MARGIN_TOP}\" w:right=\"{MARGIN_RIGHT}\" w:bottom=\"{MARGIN_BOTTOM}\" w:left=\"{MARGIN_LEFT}\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/><w:cols w:space=\"425\"/><w:docGrid w:type=\"lines\" w:linePitch=\"312\"/></w:sectPr>"
    ));
    s
}

const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// The typefaces of a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fonts {
    /// Latin letters and digits.
    pub latin: &'static str,
    /// Body text (仿宋 in official documents).
    pub body: &'static str,
    /// The title (小标宋; 宋体 bold where it is missing).
    pub title: &'static str,
    /// Section headings (黑体).
    pub heading: &'static str,
    /// Sub-headings (楷体).
    pub subheading: &'static str,
    /// Tables (宋体).
    pub table: &'static str,
}

impl Fonts {
    /// The Windows names offices have (Word and WPS): what the DOCX is published with.
    pub const WINDOWS: Fonts = Fonts {
        latin: "Times New Roman",
        body: "仿宋",
        title: "宋体",
        heading: "黑体",
        subheading: "楷体",
        table: "宋体",
    };

    /// Noto CJK (Debian `fonts-noto-cjk`), for LibreOffice on a server making the PDF: the
    /// Windows names are not installed there, and its fallback picks Japanese glyph forms.
    pub const NOTO: Fonts = Fonts {
        latin: "Noto Serif CJK SC",
        body: "Noto Serif CJK SC",
        title: "Noto Serif CJK SC",
        heading: "Noto Sans CJK SC",
        subheading: "Noto Serif CJK SC",
        table: "Noto Serif CJK SC",
    };
}

fn styles(f: &Fonts) -> String {
    let fonts = |east: &str| {
        format!(
            "<w:rFonts w:ascii=\"{l}\" w:eastAsia=\"{e}\" w:hAnsi=\"{l}\" w:cs=\"{l}\"/>",
            l = escape(f.latin),
            e = escape(east)
        )
    };
    format!(
        "{XML_DECL}<w:styles xmlns:w=\"{W_NS}\">\
<w:docDefaults><w:rPrDefault><w:rPr>{body}<w:kern w:val=\"2\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>\
<w:pPrDefault><w:pPr><w:widowControl w:val=\"0\"/><w:jc w:val=\"both\"/></w:pPr></w:pPrDefault></w:docDefaults>\
<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/><w:pPr><w:spacing w:line=\"560\" w:lineRule=\"exact\"/><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/></w:pPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:spacing w:before=\"240\" w:after=\"480\" w:line=\"700\" w:lineRule=\"exact\"/><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"center\"/></w:pPr><w:rPr>{title}<w:b/><w:bCs/><w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr>{heading}</w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val=\"1\"/></w:pPr><w:rPr>{sub}</w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"TableText\"><w:name w:val=\"Table Text\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr><w:spacing w:line=\"240\" w:lineRule=\"auto\"/><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"center\"/></w:pPr><w:rPr>{table}<w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Signature\"><w:name w:val=\"Signature\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"right\"/></w:pPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:line=\"240\" w:lineRule=\"auto\"/><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"center\"/></w:pPr><w:rPr>{table}<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr></w:style>\
</w:styles>",
        body = fonts(f.body),
        title = fonts(f.title),
        heading = fonts(f.heading),
        sub = fonts(f.subheading),
        table = fonts(f.table),
    )
}

fn footer() -> String {
    format!(
        "{XML_DECL}<w:ftr xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr><w:r><w:t xml:space=\"preserve\">— </w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>"
    )
}

fn settings() -> String {
    format!(
        "{XML_DECL}<w:settings xmlns:w=\"{W_NS}\"><w:defaultTabStop w:val=\"420\"/><w:characterSpacingControl w:val=\"compressPunctuation\"/><w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat></w:settings>"
    )
}

fn core(doc: &Document, creator: &str) -> String {
    format!(
        "{XML_DECL}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:creator>{}</dc:creator></cp:coreProperties>",
        escape(&doc.title),
        escape(creator)
    )
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/><Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/><Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/><Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/><Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/></Types>";

const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/><Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/></Relationships>";

const DOC_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/><Relationship Id=\"rIdSettings\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/><Relationship Id=\"rIdFooter\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/></Relationships>";

const APP: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>gongkai</Application></Properties>";

/// The report as a DOCX package (the bytes of the `.docx` file) set in `fonts`. `creator`
/// goes into the document properties (the issuing body). Fails only if the zip library does.
pub fn render(doc: &Document, creator: &str, fonts: &Fonts) -> zip::result::ZipResult<Vec<u8>> {
    let document = format!(
        "{XML_DECL}<w:document xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:body>{}</w:body></w:document>",
        body(doc)
    );
    let parts: [(&str, &str); 9] = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("docProps/core.xml", &core(doc, creator)),
        ("docProps/app.xml", APP),
        ("word/_rels/document.xml.rels", DOC_RELS),
        ("word/document.xml", &document),
        ("word/styles.xml", &styles(fonts)),
        ("word/settings.xml", &settings()),
        ("word/footer1.xml", &footer()),
    ];
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in parts {
        w.start_file(name, opts)?;
        w.write_all(text.as_bytes())?;
    }
    Ok(w.finish()?.into_inner())
}
