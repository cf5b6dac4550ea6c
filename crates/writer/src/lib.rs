//! Writes the annual report (政府信息公开工作年度报告) from data, in Markdown, HTML, DOCX and PDF.
//!
//! - [`ReportData`]: the body, the year and the three tables as `gongkai_report::Table` (what
//!   the ledger computes, what `gongkai parse --json` reads, what the store keeps), from a data
//!   file in TOML or JSON ([`ReportData::from_data_file`]), table 3 from the ledger's cases
//!   ([`table3_from_ledger`], computed by `gongkai-ledger`), or `parse --json` output
//!   ([`ReportData::from_report_json`]).
//! - [`OfficeText`]: the office's own prose, a Markdown file whose headings name the sections,
//!   with placeholders (`{{table3.new_received.total}}`) filled from the data.
//! - [`compose`]: the [`Document`] — the six sections in the statutory order under their
//!   official headings, the office's text or, where it wrote none, default sentences from the
//!   data, the tables in the [`layout`] of the edition in force for the year — and [`Note`]s
//!   for the office (sections written by default, statements that disagree with the tables).
//! - [`render`]: the document in a [`Format`]; PDF through Chromium (printing the HTML) or
//!   LibreOffice (converting the DOCX), whichever is installed ([`PdfOptions`], [`PdfTools`]).
//!
//! Invariants:
//! - the writer renders data and never reads a source document (no decode, no extract);
//! - the statutory layout of the tables lives in [`layout`] only, and the synthetic generator
//!   draws its documents on the same grids;
//! - every figure in default prose is a cell of the tables or a share computed from them;
//! - no environment, clock or terminal is read: the PDF programs, the temporary folder
//!   and the timeout are arguments.
//!
//! ```
//! use gongkai_format::{Edition, TableId};
//! use gongkai_report::{Num, Row, Table};
//! use gongkai_writer::{Format, OfficeText, Options, ReportData, compose, data_cell, render};
//!
//! // Every cell of the 2021 edition, all zero but 3 applications granted to natural persons.
//! fn table(id: TableId, rows: Vec<(&'static str, Vec<&'static str>)>) -> Table {
//!     let mut t = Table::new(id);
//!     for (key, cols) in rows {
//!         let cells = cols.into_iter().map(|c| data_cell(c, Num::ZERO, false)).collect();
//!         t.rows.push(Row { key, cells, label: None });
//!     }
//!     t
//! }
//! let e = gongkai_format::edition_def(Edition::E2021);
//! let t2 = table(TableId::Table2, e.table2.rows().map(|(b, r)| (r.key, b.columns.iter().map(|c| c.key).collect())).collect());
//! let cols3: Vec<_> = gongkai_format::T3_COLUMNS.iter().map(|c| c.key).collect();
//! let mut t3 = table(TableId::Table3, e.table3.rows.iter().map(|r| (r.key, cols3.clone())).collect());
//! for key in ["new_received", "granted", "total"] {
//!     let row = t3.rows.iter_mut().find(|r| r.key == key).unwrap();
//!     row.cells[0].value = Num::Int(3);
//!     row.cells[6].value = Num::Int(3);
//! }
//! let cols4: Vec<_> = gongkai_format::T4_COLUMNS.iter().map(|c| c.key).collect();
//! let t4 = table(TableId::Table4, gongkai_format::T4_GROUPS.iter().map(|g| (g.key, cols4.clone())).collect());
//! let data = ReportData { body: "青山县李溪镇人民政府".into(), year: 2023, published: None, table2: t2, table3: t3, table4: t4 };
//!
//! let text = OfficeText::parse("## 一、总体情况\n\n{{year}}年共收到申请{{table3.new_received.total}}件。\n").unwrap();
//! let doc = compose(&data, Some(&text), &Options::default()).unwrap();
//! let md = String::from_utf8(render(&doc, Format::Markdown, None).unwrap()).unwrap();
//! assert!(md.starts_with("# 青山县李溪镇人民政府2023年政府信息公开工作年度报告"));
//! assert!(md.contains("2023年共收到申请3件。"));
//! assert!(md.contains("## 三、收到和处理政府信息公开申请情况"));
//! ```

mod data;
mod document;
mod docx;
mod html;
pub mod layout;
mod markdown;
mod pdf;
mod prose;
mod text;

pub use data::{DataError, FIRST_YEAR, Given, ReportData, Syntax, data_cell, table3_from_ledger};
pub use document::{Block, ComposeError, Document, Note, Options, Zeros, compose};
pub use docx::Fonts;
pub use pdf::{PdfEngine, PdfError, PdfOptions, PdfTools, docx_to_pdf, html_to_pdf};
pub use text::{OfficeText, Piece, PieceKind, SectionText, TextError};

use std::fmt;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Markdown,
    Html,
    Docx,
    Pdf,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Markdown, Format::Html, Format::Docx, Format::Pdf];

    /// `md`, `html`, `docx`, `pdf`: the name on the command line and the file extension.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "docx" => Some(Format::Docx),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a document could not be rendered.
#[derive(Debug)]
pub enum RenderError {
    /// Writing the DOCX package (the zip library).
    Package(zip::result::ZipError),
    /// PDF asked for without [`PdfOptions`] (which programs, where to work).
    NoPdfOptions,
    Pdf(PdfError),
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::Package(e) => write!(f, "writing the DOCX package: {e}"),
            RenderError::NoPdfOptions => write!(f, "PDF asked for without PDF options"),
            RenderError::Pdf(e) => write!(f, "PDF: {e}"),
        }
    }
}

impl std::error::Error for RenderError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RenderError::Package(e) => Some(e),
            RenderError::Pdf(e) => Some(e),
            RenderError::NoPdfOptions => None,
        }
    }
}

/// The document as the bytes of a file in `format`. PDF needs `pdf` (which programs are
/// installed: Chromium prints the HTML, else LibreOffice converts a DOCX); the other formats
/// ignore it. Markdown and HTML are UTF-8; DOCX is set in the Windows fonts offices have
/// ([`Fonts::WINDOWS`]), the DOCX behind a PDF in Noto CJK ([`Fonts::NOTO`]).
/// [`docx_with_fonts`] sets a DOCX in other fonts.
pub fn render(
    doc: &Document,
    format: Format,
    pdf: Option<&PdfOptions>,
) -> Result<Vec<u8>, RenderError> {
    let creator = creator(doc);
    match format {
        Format::Markdown => Ok(markdown::render(doc).into_bytes()),
        Format::Html => Ok(html::render(doc).into_bytes()),
        Format::Docx => docx::render(doc, &creator, &Fonts::WINDOWS).map_err(RenderError::Package),
        Format::Pdf => {
            let opts = pdf.ok_or(RenderError::NoPdfOptions)?;
            match opts.tools.engine() {
                Some(PdfEngine::Chromium) => {
                    html_to_pdf(&html::render(doc), opts).map_err(RenderError::Pdf)
                }
                Some(PdfEngine::LibreOffice) => {
                    // Set in the fonts the converting machine has (the Windows names are not
                    // there).
                    let docx =
                        docx::render(doc, &creator, &Fonts::NOTO).map_err(RenderError::Package)?;
                    docx_to_pdf(&docx, opts).map_err(RenderError::Pdf)
                }
                None => Err(RenderError::Pdf(PdfError::NoTool)),
            }
        }
    }
}

/// The document as DOCX set in `fonts` (the bytes of the `.docx` file).
pub fn docx_with_fonts(doc: &Document, fonts: &Fonts) -> Result<Vec<u8>, RenderError> {
    docx::render(doc, &creator(doc), fonts).map_err(RenderError::Package)
}

/// The issuing body, for the document properties: the first line of the signature.
fn creator(doc: &Document) -> String {
    doc.blocks
        .iter()
        .find_map(|b| match b {
            Block::Signature(lines) => lines.first().cloned(),
            _ => None,
        })
        .unwrap_or_default()
}
