//! Small OOXML packages written in tests.

#![allow(dead_code)]

use gongkai_decode::{Tool, Tools};
use std::io::{Cursor, Write};

/// Whether `tool` is installed. When it is not: under CI (`CI=true`) the test fails, so that a
/// green CI run means the tool was exercised; elsewhere it says so on stderr and the caller
/// skips.
pub fn require_tool(tools: &Tools, tool: Tool) -> bool {
    let path = std::env::var_os("PATH");
    if tools.is_installed(tool, path.as_deref()) {
        return true;
    }
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    assert!(
        !ci,
        "{} is not installed and CI=true: run scripts/setup.sh",
        tool.program()
    );
    eprintln!("NOTICE: {} not installed: test skipped", tool.program());
    false
}
use zip::write::SimpleFileOptions;

/// A zip of `(name, content)` entries, deflated.
pub fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(content).unwrap();
    }
    w.finish().unwrap().into_inner()
}

pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A DOCX whose body is `body` (WordprocessingML without the `w:document`/`w:body` wrapper),
/// with extra parts (`word/numbering.xml`, headers …) and their relationships.
pub fn docx_with(body: &str, parts: &[(&str, &str, &str)]) -> Vec<u8> {
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (i, (name, kind, _)) in parts.iter().enumerate() {
        let target = name.trim_start_matches("word/");
        rels.push_str(&format!(
            r#"<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{target}"/>"#
        ));
    }
    rels.push_str("</Relationships>");
    let mut entries: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("word/document.xml", doc.as_bytes()),
        ("word/_rels/document.xml.rels", rels.as_bytes()),
    ];
    for (name, _, content) in parts {
        entries.push((name, content.as_bytes()));
    }
    zip(&entries)
}

pub fn docx(body: &str) -> Vec<u8> {
    docx_with(body, &[])
}

pub const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#;

pub const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// A paragraph of one run.
pub fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

/// A table cell: `span` grid columns, `vmerge` `Some("restart")`, `Some("")` (continue) or
/// `None`.
pub fn tc(text: &str, span: usize, vmerge: Option<&str>) -> String {
    let mut pr = String::new();
    if span > 1 {
        pr.push_str(&format!("<w:gridSpan w:val=\"{span}\"/>"));
    }
    match vmerge {
        Some("") => pr.push_str("<w:vMerge/>"),
        Some(v) => pr.push_str(&format!("<w:vMerge w:val=\"{v}\"/>")),
        None => {}
    }
    let body = if text.is_empty() {
        "<w:p/>".to_owned()
    } else {
        p(text)
    };
    format!("<w:tc><w:tcPr>{pr}</w:tcPr>{body}</w:tc>")
}

pub fn tr(cells: &[String]) -> String {
    format!("<w:tr>{}</w:tr>", cells.concat())
}

pub fn tbl(rows: &[String]) -> String {
    format!("<w:tbl><w:tblPr/><w:tblGrid/>{}</w:tbl>", rows.concat())
}

/// An XLSX with the given sheets `(name, sheet xml body inside <worksheet>, hidden)` and
/// shared strings.
pub fn xlsx(sheets: &[(&str, &str, bool)], strings: &[&str]) -> Vec<u8> {
    let ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    let rns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let mut wb = format!(r#"<?xml version="1.0"?><workbook xmlns="{ns}" xmlns:r="{rns}"><sheets>"#);
    let mut rels = String::from(
        r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    let mut parts: Vec<(String, String)> = Vec::new();
    for (i, (name, body, hidden)) in sheets.iter().enumerate() {
        let state = if *hidden { r#" state="hidden""# } else { "" };
        wb.push_str(&format!(
            r#"<sheet name="{name}" sheetId="{}" r:id="rId{i}"{state}/>"#,
            i + 1
        ));
        // Sheets named in reverse file order: the workbook's order must win.
        let file = format!("worksheets/sheet{}.xml", sheets.len() - i);
        rels.push_str(&format!(
            r#"<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="{file}"/>"#
        ));
        parts.push((
            format!("xl/{file}"),
            format!(r#"<?xml version="1.0"?><worksheet xmlns="{ns}">{body}</worksheet>"#),
        ));
    }
    wb.push_str("</sheets></workbook>");
    rels.push_str(r#"<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#);
    let mut sst = format!(r#"<?xml version="1.0"?><sst xmlns="{ns}">"#);
    for s in strings {
        sst.push_str(&format!("<si><t xml:space=\"preserve\">{s}</t></si>"));
    }
    sst.push_str("</sst>");
    // Style 0: General; style 1: a date; style 2: a custom Chinese date format.
    let styles = format!(
        r#"<?xml version="1.0"?><styleSheet xmlns="{ns}"><numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/></cellXfs></styleSheet>"#
    );
    let root_rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let mut entries: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", root_rels.as_bytes()),
        ("xl/workbook.xml", wb.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
        ("xl/sharedStrings.xml", sst.as_bytes()),
        ("xl/styles.xml", styles.as_bytes()),
    ];
    for (name, body) in &parts {
        entries.push((name, body.as_bytes()));
    }
    zip(&entries)
}
