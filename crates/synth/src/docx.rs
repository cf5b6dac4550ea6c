//! Reports as Word documents: a minimal OOXML package written with the `zip` crate. Tables
//! carry their merged cells as Word stores them (`w:gridSpan` across, `w:vMerge` restart and
//! continue down); the noise a reader must ignore is put in on purpose: headers and footers
//! with page numbers, a text box, deleted revisions, text split into runs with proofing and
//! bookmark marks, tables inside content controls; section headings are sometimes numbered
//! automatically (`numbering.xml`), as Word users number them.

use crate::model::SynthReport;
use crate::render::RenderOptions;
use crate::structured::{Block, TCell, Table, blocks};
use rand::{Rng, RngExt};
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office""#;

/// How this document is written.
#[derive(Clone, Copy, Debug)]
struct Style {
    /// Section headings numbered by `numbering.xml` instead of typed numerals.
    auto_numbering: bool,
    /// Text split into several runs, with proofing and bookmark marks between them.
    split_runs: bool,
    header_footer: bool,
    text_box: bool,
    /// Tables inside a block content control.
    sdt_tables: bool,
    /// Deleted and inserted revisions in value cells.
    revisions: bool,
    /// A header broken over lines as paragraphs of the cell (else a line break in one).
    header_paragraphs: bool,
}

/// Render a report as a DOCX package. Writing to memory does not fail in practice; an error
/// would come from the zip library.
pub fn render_docx<R: Rng + ?Sized>(
    report: &SynthReport,
    options: RenderOptions,
    rng: &mut R,
) -> zip::result::ZipResult<Vec<u8>> {
    let style = Style {
        auto_numbering: rng.random_bool(0.3) && report.structure.present.iter().all(|p| *p),
        split_runs: rng.random_bool(0.6),
        header_footer: rng.random_bool(0.7),
        text_box: rng.random_bool(0.25),
        sdt_tables: rng.random_bool(0.2),
        revisions: rng.random_bool(0.2),
        header_paragraphs: rng.random_bool(0.5),
    };
    let (body, _) = blocks(report, options.blank_cells, rng);
    let mut d = Doc {
        s: String::with_capacity(64 * 1024),
        style,
        rng,
        ids: 0,
    };
    d.body(report, &body);
    package(report, &d.s, style)
}

fn escape(s: &str) -> String {
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

struct Doc<'r, R: Rng + ?Sized> {
    s: String,
    style: Style,
    rng: &'r mut R,
    /// Ids of bookmarks and revisions.
    ids: u32,
}

impl<R: Rng + ?Sized> Doc<'_, R> {
    fn next_id(&mut self) -> u32 {
        self.ids += 1;
        self.ids
    }

    /// Runs of `text`, split at random places when the style says so.
    fn runs(&mut self, text: &str, bold: bool) -> String {
        let rpr = if bold {
            "<w:rPr><w:rFonts w:hint=\"eastAsia\"/><w:b/></w:rPr>"
        } else {
            "<w:rPr><w:rFonts w:hint=\"eastAsia\"/></w:rPr>"
        };
        let chars: Vec<char> = text.chars().collect();
        let mut cuts = vec![0, chars.len()];
        if self.style.split_runs && chars.len() > 2 {
            for _ in 0..self.rng.random_range(0..3) {
                cuts.push(self.rng.random_range(1..chars.len()));
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        let mut out = String::new();
        for (i, w) in cuts.windows(2).enumerate() {
            if i > 0 {
                match self.rng.random_range(0..3) {
                    0 => out.push_str("<w:proofErr w:type=\"gramStart\"/>"),
                    1 => {
                        let id = self.next_id();
                        out.push_str(&format!(
                            "<w:bookmarkStart w:id=\"{id}\" w:name=\"_Toc{id}\"/><w:bookmarkEnd w:id=\"{id}\"/>"
                        ));
                    }
                    _ => {}
                }
            }
            let piece: String = chars[w[0]..w[1]].iter().collect();
            out.push_str(&format!(
                "<w:r>{rpr}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
                escape(&piece)
            ));
        }
        out
    }

    fn para(&mut self, ppr: &str, text: &str, bold: bool) {
        let runs = self.runs(text, bold);
        self.s
            .push_str(&format!("<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>"));
    }

    fn body(&mut self, r: &SynthReport, blocks: &[Block]) {
        for (i, b) in blocks.iter().enumerate() {
            match b {
                Block::Title(t) => {
                    self.para("<w:jc w:val=\"center\"/>", t, true);
                    if self.style.text_box {
                        self.text_box(r);
                    }
                }
                Block::DateLine(t) => self.para("<w:jc w:val=\"center\"/>", t, false),
                Block::Heading { text, title, paren } => {
                    if i > 3 && self.rng.random_bool(0.2) {
                        self.s
                            .push_str("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>");
                    }
                    if self.style.auto_numbering {
                        let num = if *paren { 2 } else { 1 };
                        let ppr = format!(
                            "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"{num}\"/></w:numPr><w:ind w:firstLine=\"640\"/>"
                        );
                        // The number comes from numbering.xml; the text is the title alone.
                        self.para(&ppr, title, true);
                    } else {
                        self.para("<w:ind w:firstLine=\"640\"/>", text, true);
                    }
                }
                Block::SubHeading(t) => self.para("<w:ind w:firstLine=\"640\"/>", t, true),
                Block::Para(t) => self.para("<w:ind w:firstLine=\"640\"/>", t, false),
                Block::Table(t) => self.table(t),
            }
        }
        let refs = if self.style.header_footer {
            "<w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/>"
        } else {
            ""
        };
        self.s.push_str(&format!(
            "<w:sectPr>{refs}<w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1440\" w:right=\"1800\" w:bottom=\"1440\" w:left=\"1800\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/></w:sectPr>"
        ));
    }

    /// A floating text box (a stamp-like note) whose text is not part of the reading.
    fn text_box(&mut self, r: &SynthReport) {
        self.s.push_str(&format!(
            "<w:p><w:r><w:pict><v:shape id=\"TextBox1\" o:spid=\"_x0000_s1026\" type=\"#_x0000_t202\" style=\"position:absolute;margin-left:330pt;margin-top:-40pt;width:110pt;height:28pt;z-index:1\"><v:textbox><w:txbxContent><w:p><w:r><w:t>内部资料 {} 第 3 号</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>",
            r.year
        ));
    }

    fn table(&mut self, t: &Table) {
        let sdt = self.style.sdt_tables;
        if sdt {
            self.s
                .push_str("<w:sdt><w:sdtPr><w:id w:val=\"1\"/></w:sdtPr><w:sdtContent>");
        }
        let col_w = 8300 / t.width.max(1);
        self.s.push_str(
            "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/><w:jc w:val=\"center\"/><w:tblBorders>\
             <w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
             <w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
             <w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
             </w:tblBorders><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>",
        );
        for _ in 0..t.width {
            self.s.push_str(&format!("<w:gridCol w:w=\"{col_w}\"/>"));
        }
        self.s.push_str("</w:tblGrid>");
        for (r, row) in t.rows.iter().enumerate() {
            self.s
                .push_str("<w:tr><w:trPr><w:jc w:val=\"center\"/></w:trPr>");
            let mut col = 0;
            while col < t.width {
                if let Some(c) = row.iter().find(|c| c.col == col) {
                    self.cell(c, col_w);
                    col += c.colspan.max(1);
                } else if let Some(c) = t.covered_from_above(r, col) {
                    let span = c.colspan.max(1);
                    self.s.push_str(&format!(
                        "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/>{}<w:vMerge/></w:tcPr><w:p/></w:tc>",
                        col_w * span,
                        grid_span(span)
                    ));
                    col += span;
                } else {
                    col += 1;
                }
            }
            self.s.push_str("</w:tr>");
        }
        self.s.push_str("</w:tbl>");
        if sdt {
            self.s.push_str("</w:sdtContent></w:sdt>");
        }
        // Word needs a paragraph between two tables, or it joins them.
        self.s.push_str("<w:p/>");
    }

    fn cell(&mut self, c: &TCell, col_w: usize) {
        let vmerge = if c.rowspan > 1 {
            "<w:vMerge w:val=\"restart\"/>"
        } else {
            ""
        };
        self.s.push_str(&format!(
            "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/>{}{vmerge}<w:vAlign w:val=\"center\"/></w:tcPr>",
            col_w * c.colspan.max(1),
            grid_span(c.colspan)
        ));
        let ppr = "<w:pPr><w:jc w:val=\"center\"/></w:pPr>";
        match c.lines.as_slice() {
            [] => {
                if self.rng.random_bool(0.5) {
                    self.s.push_str(&format!("<w:p>{ppr}</w:p>"));
                } else {
                    self.s.push_str(&format!(
                        "<w:p>{ppr}<w:r><w:t xml:space=\"preserve\"></w:t></w:r></w:p>"
                    ));
                }
            }
            [one] => {
                let mut runs = String::new();
                if c.numeric && self.style.revisions && self.rng.random_bool(0.3) {
                    // A corrected number: the old one deleted, the new one inserted.
                    let id = self.next_id();
                    runs.push_str(&format!(
                        "<w:del w:id=\"{id}\" w:author=\"user\" w:date=\"2024-01-10T09:00:00Z\"><w:r><w:delText>{}</w:delText></w:r></w:del>",
                        self.rng.random_range(1..999u32)
                    ));
                    let id = self.next_id();
                    let inner = self.runs(one, false);
                    runs.push_str(&format!(
                        "<w:ins w:id=\"{id}\" w:author=\"user\" w:date=\"2024-01-10T09:00:00Z\">{inner}</w:ins>"
                    ));
                } else {
                    runs = self.runs(one, c.header);
                }
                self.s.push_str(&format!("<w:p>{ppr}{runs}</w:p>"));
            }
            lines => {
                if self.style.header_paragraphs {
                    for l in lines {
                        let runs = self.runs(l, c.header);
                        self.s.push_str(&format!("<w:p>{ppr}{runs}</w:p>"));
                    }
                } else {
                    let runs: Vec<String> = lines.iter().map(|l| self.runs(l, c.header)).collect();
                    self.s.push_str(&format!(
                        "<w:p>{ppr}{}</w:p>",
                        runs.join("<w:r><w:br/></w:r>")
                    ));
                }
            }
        }
        self.s.push_str("</w:tc>");
    }
}

fn grid_span(span: usize) -> String {
    if span > 1 {
        format!("<w:gridSpan w:val=\"{span}\"/>")
    } else {
        String::new()
    }
}

/// The package around `document.xml`'s body.
fn package(r: &SynthReport, body: &str, style: Style) -> zip::result::ZipResult<Vec<u8>> {
    let mut parts: Vec<(&str, String)> = Vec::new();
    let mut overrides = String::from(
        r#"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>"#,
    );
    let mut rels = String::from(
        r#"<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
    );
    parts.push((
        "word/document.xml",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {NS}><w:body>{body}</w:body></w:document>"#
        ),
    ));
    parts.push(("word/styles.xml", STYLES.replace("{NS}", NS)));
    if style.auto_numbering {
        overrides.push_str(r#"<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>"#);
        rels.push_str(r#"<Relationship Id="rIdNumbering" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>"#);
        parts.push(("word/numbering.xml", NUMBERING.replace("{NS}", NS)));
    }
    if style.header_footer {
        overrides.push_str(r#"<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>"#);
        rels.push_str(r#"<Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>"#);
        parts.push((
            "word/header1.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr {NS}><w:p><w:pPr><w:jc w:val="right"/></w:pPr><w:r><w:t>{} {} 年度报告 第 1 版</w:t></w:r></w:p></w:hdr>"#,
                escape(&r.org),
                r.year
            ),
        ));
        parts.push((
            "word/footer1.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr {NS}><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t xml:space="preserve">— </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>"#
            ),
        ));
    }
    let content_types = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>"#
    );
    let root_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let doc_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
    );
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    w.start_file("[Content_Types].xml", opts)?;
    w.write_all(content_types.as_bytes())?;
    w.start_file("_rels/.rels", opts)?;
    w.write_all(root_rels.as_bytes())?;
    w.start_file("word/_rels/document.xml.rels", opts)?;
    w.write_all(doc_rels.as_bytes())?;
    for (name, text) in parts {
        w.start_file(name, opts)?;
        w.write_all(text.as_bytes())?;
    }
    Ok(w.finish()?.into_inner())
}

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {NS}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="宋体" w:hAnsi="Times New Roman"/><w:sz w:val="24"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:style></w:styles>"#;

/// List 1 numbers headings `一、`, list 2 `（一）`.
const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {NS}><w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="（%1）"/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#;
