//! Generators of hostile inputs (issue 7), small in the repository and built at test time:
//! each returns the bytes of one file. Used by `tests/hostile.rs` and by
//! `examples/hostile.rs`, which writes them all into a folder (fuzz seeds, manual runs).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{Cursor, Write};

/// A zip of `(name, content)` entries, deflated.
pub fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(false);
    for (name, content) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(content).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A zip written by hand with stored entries, names as raw bytes: duplicate names (which the
/// zip crate's writer refuses) and names that are not UTF-8.
pub fn raw_zip(entries: &[(&[u8], &[u8])]) -> Vec<u8> {
    let crc = |d: &[u8]| {
        let mut h = flate2::Crc::new();
        h.update(d);
        h.sum()
    };
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let offset = u32::try_from(out.len()).unwrap();
        let (n, len, c) = (
            u16::try_from(name.len()).unwrap(),
            u32::try_from(data.len()).unwrap(),
            crc(data),
        );
        out.extend_from_slice(b"PK\x03\x04");
        out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        out.extend_from_slice(&c.to_le_bytes());
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&n.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name);
        out.extend_from_slice(data);
        central.extend_from_slice(b"PK\x01\x02");
        central.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        central.extend_from_slice(&c.to_le_bytes());
        central.extend_from_slice(&len.to_le_bytes());
        central.extend_from_slice(&len.to_le_bytes());
        central.extend_from_slice(&n.to_le_bytes());
        central.extend_from_slice(&[0; 12]);
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name);
    }
    let cd_offset = u32::try_from(out.len()).unwrap();
    let count = u16::try_from(entries.len()).unwrap();
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&u32::try_from(central.len()).unwrap().to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#;
const SS_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// An XLSX with one sheet (`rows` of `<row>` XML) and the given shared strings.
fn xlsx(rows: &str, strings: &[&str]) -> Vec<u8> {
    let wb = format!(
        r#"<?xml version="1.0"?><workbook xmlns="{SS_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    );
    let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
    let root = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let mut sst = format!(r#"<?xml version="1.0"?><sst xmlns="{SS_NS}">"#);
    for s in strings {
        sst.push_str(&format!("<si><t>{s}</t></si>"));
    }
    sst.push_str("</sst>");
    let sheet = format!(
        r#"<?xml version="1.0"?><worksheet xmlns="{SS_NS}"><sheetData>{rows}</sheetData></worksheet>"#
    );
    zip(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", root.as_bytes()),
        ("xl/workbook.xml", wb.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
        ("xl/sharedStrings.xml", sst.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ])
}

/// A column's letters (0 → A).
fn col(mut c: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + u8::try_from(c % 26).unwrap());
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

/// Item 1: `cells` cells (in rows of `width`) all referencing one shared string of `len`
/// characters. 10,000 × 100,000 is 2.8 KB and was 1 GB of text (5.9 GB peak).
pub fn xlsx_shared_string_bomb(cells: usize, width: usize, len: usize) -> Vec<u8> {
    let mut rows = String::new();
    for r in 0..cells.div_ceil(width) {
        rows.push_str(&format!("<row r=\"{}\">", r + 1));
        for c in 0..width.min(cells - r * width) {
            rows.push_str(&format!(
                "<c r=\"{}{}\" t=\"s\"><v>0</v></c>",
                col(c),
                r + 1
            ));
        }
        rows.push_str("</row>");
    }
    xlsx(&rows, &["字".repeat(len).as_str()])
}

/// Item 14: `cells` numeric cells (in rows of 100).
pub fn xlsx_numeric_cells(cells: usize) -> Vec<u8> {
    let mut rows = String::with_capacity(cells * 20);
    for r in 0..cells.div_ceil(100) {
        rows.push_str("<row>");
        for _ in 0..100.min(cells - r * 100) {
            rows.push_str("<c><v>1</v></c>");
        }
        rows.push_str("</row>");
    }
    xlsx(&rows, &[])
}

/// Item 14: a DOCX of `n` empty paragraphs.
pub fn docx_empty_paragraphs(n: usize) -> Vec<u8> {
    let mut body = String::with_capacity(n * 6 + 200);
    body.push_str(&format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>"#
    ));
    for _ in 0..n {
        body.push_str("<w:p/>");
    }
    body.push_str("</w:body></w:document>");
    let root = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    zip(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", root.as_bytes()),
        ("word/document.xml", body.as_bytes()),
    ])
}

/// Item 14: an HTML page of `cells` table cells (in rows of 10).
pub fn html_many_cells(cells: usize) -> Vec<u8> {
    let mut s = String::with_capacity(cells * 10 + 100);
    s.push_str("<html><body><table>");
    for r in 0..cells.div_ceil(10) {
        s.push_str("<tr>");
        for _ in 0..10.min(cells - r * 10) {
            s.push_str("<td>1</td>");
        }
        s.push_str("</tr>");
    }
    s.push_str("</table></body></html>");
    s.into_bytes()
}

/// Item 14: a PDF whose one page's content stream inflates to `mb` MB of text-showing
/// operators (from a few hundred KB): pdftotext builds a word box for each.
pub fn pdf_flate_bomb(mb: usize) -> Vec<u8> {
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let line = b"BT /F1 1 Tf 10 10 Td (a) Tj (b) Tj (c) Tj (d) Tj (e) Tj (f) Tj (g) Tj (h) Tj ET\n";
    let mut written = 0;
    while written < mb << 20 {
        enc.write_all(line).unwrap();
        written += line.len();
    }
    let stream = enc.finish().unwrap();
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    let mut obj = |pdf: &mut Vec<u8>, body: &[u8]| {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", offsets.len()).as_bytes());
        pdf.extend_from_slice(body);
        pdf.extend_from_slice(b"\nendobj\n");
    };
    obj(&mut pdf, b"<< /Type /Catalog /Pages 2 0 R >>");
    obj(&mut pdf, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    obj(
        &mut pdf,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    );
    let mut content = format!(
        "<< /Length {} /Filter /FlateDecode >>\nstream\n",
        stream.len()
    )
    .into_bytes();
    content.extend_from_slice(&stream);
    content.extend_from_slice(b"\nendstream");
    obj(&mut pdf, &content);
    obj(
        &mut pdf,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    );
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).as_bytes(),
    );
    for o in &offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            offsets.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

/// Item 13: a UTF-8 report with one invalid byte inserted at the middle.
pub fn one_bad_byte(report: &str) -> Vec<u8> {
    let mut at = report.len() / 2;
    while !report.is_char_boundary(at) {
        at += 1;
    }
    let mut b = report.as_bytes().to_vec();
    b.insert(at, 0xFF);
    b
}

/// Item 10: a report whose text carries terminal escapes: a title change, a screen clear, a
/// colour, a carriage return that overwrites the line.
pub fn escapes_in_text(report: &str) -> Vec<u8> {
    let evil = "\x1b]0;pwned\x07\x1b[2J\x1b[31mFAKE\x1b[0m\rOVER";
    format!("{evil}\n{report}").into_bytes()
}

/// Item 8: a zip holding two entries of the same name and one good report.
pub fn zip_with_duplicates(good: &[u8]) -> Vec<u8> {
    raw_zip(&[
        (b"report.txt", b"first copy: never read"),
        (b"report.txt", good),
        (b"other.txt", good),
    ])
}

/// Item 10: a zip whose entry name carries a terminal escape.
pub fn zip_with_escape_name(good: &[u8]) -> Vec<u8> {
    raw_zip(&[(b"\x1b]0;pwned\x07.txt", good)])
}

/// Item 8: a zip of `n` tiny entries.
pub fn zip_many_entries(n: usize) -> Vec<u8> {
    let names: Vec<String> = (0..n).map(|i| format!("{i:06}.txt")).collect();
    let entries: Vec<(&[u8], &[u8])> = names
        .iter()
        .map(|n| (n.as_bytes(), b"x".as_slice()))
        .collect();
    raw_zip(&entries)
}
