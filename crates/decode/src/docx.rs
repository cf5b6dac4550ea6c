//! DOCX (and WPS saved as DOCX): paragraphs and tables (gridSpan, vMerge) → layout text.
//!
//! `word/document.xml` is read with roxmltree and rendered in the shape `html.rs` gives a web
//! page, so the extractor sees one shape whatever the format: one line per paragraph, one line
//! per table row `| a | b |` with each merged cell once, in the row where it starts (cells a
//! vertical merge continues are left out, like the positions a `rowspan` covers). Runs of
//! whitespace collapse to one space (a tab between paragraph text stays a tab), rows without
//! visible text are dropped, empty cells are kept. Tables holding tables, single-cell frames
//! and tables with a cell too long to be a statistic are page layout: their cells are read as
//! paragraphs. Automatic numbering (`一、`, `（三）`, `1.`) is printed as Word prints it,
//! since section headings and row labels often carry it.
//!
//! Only the main document part is read, so headers, footers, footnotes and comments never
//! reach the extractor; text boxes, drawings, deleted text, field instructions and hidden runs
//! are skipped. The decoded text *is* the layout: offsets into XML would mean nothing to a user.
//!
//! The package helpers ([`Package`], [`parse_xml`], [`relationships`]) are shared with
//! `xlsx.rs`: every part is inflated through a budget so a zip bomb stops at the input limit.

use crate::document::Document;
use crate::error::{Damage, DecodeError, Limit};
use crate::{Format, Limits};
use roxmltree::{Document as Xml, Node, ParsingOptions};
use std::collections::HashMap;
use std::io::{Cursor, Read};

// ---------------------------------------------------------------------------------------------
// Package

/// An OOXML package being read. Everything inflated from it counts against one budget, so a
/// part that inflates beyond the input limit (a zip bomb) is an error, not an allocation.
pub(crate) struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Bytes that may still be inflated.
    budget: usize,
    /// The limit the budget started from.
    max_bytes: usize,
    /// Most XML nodes in one part.
    max_nodes: usize,
    /// `Docx` / `Xlsx`, for errors.
    pub(crate) format: Format,
}

impl<'a> Package<'a> {
    pub(crate) fn open(
        bytes: &'a [u8],
        limits: &Limits,
        format: Format,
    ) -> Result<Package<'a>, DecodeError> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| DecodeError::corrupt_by(format, None, Damage::Container, e))?;
        Ok(Package {
            zip,
            budget: limits.max_bytes,
            max_bytes: limits.max_bytes,
            max_nodes: limits.max_nodes,
            format,
        })
    }

    /// The entry named `name` (case-insensitive, `\` read as `/`, as OPC names are).
    fn index_of(&self, name: &str) -> Option<usize> {
        let want = name.trim_start_matches('/');
        if let Some(i) = self.zip.index_for_name(want) {
            return Some(i);
        }
        // Raw names: a writer may use `\` or another case; names are ASCII in practice.
        self.zip.file_names_raw().position(|n| {
            let n = n.strip_prefix(b"/").unwrap_or(n);
            n.len() == want.len()
                && n.iter()
                    .zip(want.bytes())
                    .all(|(&a, b)| a.eq_ignore_ascii_case(&b) || (a == b'\\' && b == b'/'))
        })
    }

    /// The bytes of a part, `None` when the package has no such part.
    pub(crate) fn bytes(&mut self, name: &str) -> Result<Option<Vec<u8>>, DecodeError> {
        let Some(i) = self.index_of(name) else {
            return Ok(None);
        };
        let format = self.format;
        let budget = self.budget;
        let max_bytes = self.max_bytes;
        let too_large = || DecodeError::too_large(Limit::Bytes, max_bytes);
        let entry = self
            .zip
            .by_index(i)
            .map_err(|e| DecodeError::corrupt_by(format, Some(name), Damage::Part, e))?;
        if usize::try_from(entry.size()).map_or(true, |s| s > budget) {
            return Err(too_large());
        }
        let mut buf = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0));
        // The declared size may lie: cap what is actually inflated.
        entry
            .take(budget as u64 + 1)
            .read_to_end(&mut buf)
            .map_err(|e| DecodeError::corrupt_by(format, Some(name), Damage::Part, e))?;
        if buf.len() > budget {
            return Err(too_large());
        }
        self.budget -= buf.len();
        Ok(Some(buf))
    }

    /// A part as text (UTF-8, or UTF-16 with its BOM), `None` when missing.
    pub(crate) fn text(&mut self, name: &str) -> Result<Option<String>, DecodeError> {
        let Some(bytes) = self.bytes(name)? else {
            return Ok(None);
        };
        xml_text(bytes)
            .map(Some)
            .map_err(|()| DecodeError::corrupt(self.format, Some(name), Damage::Encoding))
    }

    /// Parse a part's text as XML within the package's node limit.
    pub(crate) fn parse<'x>(&self, text: &'x str, part: &str) -> Result<Xml<'x>, DecodeError> {
        parse_xml(text, self.format, part, self.max_nodes)
    }

    /// Where the package's main part is (`_rels/.rels`, officeDocument), else `fallback`.
    pub(crate) fn main_part(&mut self, fallback: &str) -> Result<String, DecodeError> {
        let rels = relationships(self, "_rels/.rels", "")?;
        Ok(rels
            .into_iter()
            .find(|r| r.kind.ends_with("/officeDocument"))
            .map_or_else(|| fallback.to_owned(), |r| r.target))
    }
}

/// XML bytes as a string: BOMs honoured, UTF-16 decoded.
fn xml_text(bytes: Vec<u8>) -> Result<String, ()> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(&bytes) {
        if enc == encoding_rs::UTF_8 {
            return String::from_utf8(bytes[bom..].to_vec()).map_err(|_| ());
        }
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        return if had_errors {
            Err(())
        } else {
            Ok(text.into_owned())
        };
    }
    String::from_utf8(bytes).map_err(|_| ())
}

/// Parse a part with at most `max_nodes` nodes (a part made of millions of empty elements is
/// refused before it fills memory). A DTD is refused (OOXML never has one; entity tricks need
/// one).
pub(crate) fn parse_xml<'x>(
    text: &'x str,
    format: Format,
    part: &str,
    max_nodes: usize,
) -> Result<Xml<'x>, DecodeError> {
    // roxmltree reserves room for a node per `<` and an attribute per `=` before it parses
    // (about 100 and 50 bytes): bound both before it does, whatever the node limit says.
    let bytes = text.as_bytes();
    if memchr::memchr_iter(b'<', bytes).count() > max_nodes.saturating_mul(2)
        || memchr::memchr_iter(b'=', bytes).count() > max_nodes.saturating_mul(2)
    {
        return Err(DecodeError::too_large(Limit::Nodes, max_nodes));
    }
    let opt = ParsingOptions {
        allow_dtd: false,
        nodes_limit: u32::try_from(max_nodes).unwrap_or(u32::MAX),
        ..ParsingOptions::default()
    };
    Xml::parse_with_options(text, opt).map_err(|e| match e {
        roxmltree::Error::DtdDetected => DecodeError::corrupt(format, Some(part), Damage::Dtd),
        roxmltree::Error::NodesLimitReached => DecodeError::too_large(Limit::Nodes, max_nodes),
        e => DecodeError::corrupt_by(format, Some(part), Damage::Xml, e),
    })
}

/// One relationship of a part: its id, type URI and resolved target part name.
pub(crate) struct Relationship {
    pub(crate) id: String,
    pub(crate) kind: String,
    pub(crate) target: String,
}

/// The relationships in `rels_part`, targets resolved against the folder `base` (`word/`).
/// A missing relationships part is no relationships; external targets are left out.
pub(crate) fn relationships(
    pkg: &mut Package<'_>,
    rels_part: &str,
    base: &str,
) -> Result<Vec<Relationship>, DecodeError> {
    let Some(text) = pkg.text(rels_part)? else {
        return Ok(Vec::new());
    };
    let xml = pkg.parse(&text, rels_part)?;
    Ok(xml
        .root_element()
        .children()
        .filter(|n| n.tag_name().name() == "Relationship")
        .filter(|n| n.attribute("TargetMode") != Some("External"))
        .filter_map(|n| {
            Some(Relationship {
                id: n.attribute("Id")?.to_owned(),
                kind: n.attribute("Type").unwrap_or("").to_owned(),
                target: resolve(base, n.attribute("Target")?),
            })
        })
        .collect())
}

/// A relationship target as a part name: absolute (`/xl/a.xml`) or relative to `base`, with
/// `..` and `.` resolved.
pub(crate) fn resolve(base: &str, target: &str) -> String {
    let joined = if let Some(abs) = target.strip_prefix('/') {
        abs.to_owned()
    } else {
        format!("{base}{target}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for p in joined.split(['/', '\\']) {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The folder of a part name, with its trailing `/` (`word/` for `word/document.xml`).
pub(crate) fn folder_of(part: &str) -> &str {
    part.rfind('/').map_or("", |i| &part[..=i])
}

// ---------------------------------------------------------------------------------------------
// Layout output

/// The layout being written, with html.rs's whitespace rules: runs of whitespace collapse to
/// one space, no line or cell starts or ends with one, and no line is empty.
pub(crate) struct Out {
    pub(crate) s: String,
    /// Whitespace owed before the next visible character (a tab outranks a space).
    pending: Option<char>,
    /// At the start of a line or cell: whitespace is dropped.
    at_start: bool,
    /// Visible characters written so far (to tell empty rows).
    pub(crate) visible: usize,
}

impl Out {
    pub(crate) fn new(capacity: usize) -> Out {
        Out {
            s: String::with_capacity(capacity),
            pending: None,
            at_start: true,
            visible: 0,
        }
    }

    pub(crate) fn newline(&mut self) {
        self.pending = None;
        if !matches!(self.s.chars().next_back(), None | Some('\n')) {
            self.s.push('\n');
        }
        self.at_start = true;
    }

    pub(crate) fn space(&mut self, c: char) {
        if !self.at_start && self.pending != Some('\t') {
            self.pending = Some(c);
        }
    }

    /// A cell separator: ends the cell's text, drops the whitespace owed.
    pub(crate) fn sep(&mut self, s: &str) {
        self.pending = None;
        self.s.push_str(s);
        self.at_start = true;
    }

    pub(crate) fn char(&mut self, c: char) {
        if let Some(p) = self.pending.take() {
            self.s.push(p);
        }
        self.s.push(c);
        self.at_start = false;
        self.visible += 1;
    }

    /// Text of a table cell: whitespace collapses, `|` (which would read as a separator)
    /// becomes `¦`, control characters are dropped.
    pub(crate) fn cell_text(&mut self, t: &str) {
        for c in t.chars() {
            match c {
                c if c.is_whitespace() => self.space(' '),
                c if c.is_control() => {}
                '|' => self.char('¦'),
                c => self.char(c),
            }
        }
    }

    pub(crate) fn truncate(&mut self, len: usize) {
        if self.s.is_char_boundary(len) {
            self.s.truncate(len);
        }
        self.pending = None;
        self.at_start = true;
    }
}

// ---------------------------------------------------------------------------------------------
// Decoding

const W_NS: [&str; 2] = [
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];
const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Read a DOCX package.
pub fn decode(bytes: &[u8], limits: &Limits) -> Result<Document, DecodeError> {
    let mut pkg = Package::open(bytes, limits, Format::Docx)?;
    let main = pkg.main_part("word/document.xml")?;
    let Some(text) = pkg.text(&main)? else {
        return Err(DecodeError::corrupt(
            Format::Docx,
            Some(&main),
            Damage::MissingPart,
        ));
    };
    let xml = pkg.parse(&text, &main)?;
    let rels = relationships(&mut pkg, &rels_of(&main), folder_of(&main))?;
    let part_of = |suffix: &str| {
        rels.iter()
            .find(|r| r.kind.ends_with(suffix))
            .map(|r| r.target.clone())
    };
    // Numbering and styles only add list numbers: a broken one is ignored, not fatal.
    let numbering_xml = match part_of("/numbering") {
        Some(p) => pkg.text(&p).ok().flatten(),
        None => None,
    };
    let styles_xml = match part_of("/styles") {
        Some(p) => pkg.text(&p).ok().flatten(),
        None => None,
    };
    let numbering = numbering_xml
        .as_deref()
        .and_then(|t| pkg.parse(t, "numbering").ok())
        .map(|x| Numbering::read(&x))
        .unwrap_or_default();
    let styles = styles_xml
        .as_deref()
        .and_then(|t| pkg.parse(t, "styles").ok())
        .map(|x| Styles::read(&x))
        .unwrap_or_default();
    let layout = render(&xml, numbering, styles, limits)?;
    Ok(Document::from_text(layout, Format::Docx, "utf-8", false))
}

/// `word/_rels/document.xml.rels` for `word/document.xml`.
pub(crate) fn rels_of(part: &str) -> String {
    let (dir, file) = match part.rfind('/') {
        Some(i) => (&part[..=i], &part[i + 1..]),
        None => ("", part),
    };
    format!("{dir}_rels/{file}.rels")
}

fn is_w(n: &Node<'_, '_>, name: &str) -> bool {
    n.is_element()
        && n.tag_name().name() == name
        && n.tag_name()
            .namespace()
            .is_some_and(|ns| W_NS.contains(&ns))
}

fn is_mc(n: &Node<'_, '_>, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(MC_NS)
}

/// A `w:val` attribute (in the W namespace, or unqualified as some writers put it).
fn w_val<'a>(n: &Node<'a, '_>) -> Option<&'a str> {
    n.attributes()
        .find(|a| a.name() == "val")
        .map(|a| a.value())
}

fn w_attr<'a>(n: &Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.attributes().find(|a| a.name() == name).map(|a| a.value())
}

fn child<'a, 'i>(n: &Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| is_w(c, name))
}

/// An on/off property (`<w:vanish/>`, `<w:vanish w:val="false"/>`).
fn on(n: Option<Node<'_, '_>>) -> bool {
    n.is_some_and(|n| !matches!(w_val(&n), Some("0" | "false" | "off")))
}

/// Deepest nesting of tables and content controls rendered as structure; deeper content is
/// read as plain text, so hostile nesting costs no stack.
const MAX_DEPTH: usize = 32;

/// Widest span honoured (as in html.rs).
const MAX_COLSPAN: usize = 256;

/// Grid columns whose vertical merges are followed; real tables have a few dozen.
const MAX_GRID: usize = 4096;

/// Visible characters beyond which a cell is prose, not a table cell (as in html.rs).
const PROSE: usize = 500;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Flow,
    Cell,
}

/// Inline content of a paragraph, before it is written.
#[derive(Clone, Copy, Debug)]
enum Piece {
    Char(char),
    Space,
    Tab,
    Break,
}

struct Renderer {
    out: Out,
    numbering: Numbering,
    styles: Styles,
    pieces: Vec<Piece>,
    budget: Budget,
}

/// What may still be rendered; the first limit reached stops the rendering.
pub(crate) struct Budget {
    paragraphs: usize,
    cells: usize,
    max_text: usize,
    limits: Limits,
    /// The limit that was reached.
    pub(crate) over: Option<Limit>,
}

impl Budget {
    pub(crate) fn new(limits: &Limits) -> Budget {
        Budget {
            paragraphs: limits.max_paragraphs,
            cells: limits.max_cells,
            max_text: limits.max_text,
            limits: *limits,
            over: None,
        }
    }

    fn take(left: &mut usize, over: &mut Option<Limit>, limit: Limit) -> bool {
        if *left == 0 {
            over.get_or_insert(limit);
            return false;
        }
        *left -= 1;
        true
    }

    /// One more paragraph; false when over the limit.
    pub(crate) fn paragraph(&mut self) -> bool {
        Budget::take(&mut self.paragraphs, &mut self.over, Limit::Paragraphs)
    }

    /// One more cell; false when over the limit.
    pub(crate) fn cell(&mut self) -> bool {
        Budget::take(&mut self.cells, &mut self.over, Limit::Cells)
    }

    /// Whether text of `len` bytes is within the limit.
    pub(crate) fn text(&mut self, len: usize) -> bool {
        if len > self.max_text {
            self.over.get_or_insert(Limit::Text);
            return false;
        }
        true
    }

    pub(crate) fn exhausted(&self) -> bool {
        self.over.is_some()
    }

    /// The error for the limit reached, if one was.
    pub(crate) fn error(&self) -> Option<DecodeError> {
        self.over.map(|l| {
            let max = match l {
                Limit::Paragraphs => self.limits.max_paragraphs,
                Limit::Cells => self.limits.max_cells,
                Limit::Text => self.limits.max_text,
                _ => 0,
            };
            DecodeError::too_large(l, max)
        })
    }
}

fn render(
    xml: &Xml<'_>,
    numbering: Numbering,
    styles: Styles,
    limits: &Limits,
) -> Result<String, DecodeError> {
    let mut r = Renderer {
        out: Out::new(0),
        numbering,
        styles,
        pieces: Vec::new(),
        budget: Budget::new(limits),
    };
    let root = xml.root_element();
    if let Some(body) = child(&root, "body") {
        r.blocks(body, Mode::Flow, 0);
    }
    if let Some(e) = r.budget.error() {
        return Err(e);
    }
    r.out.newline();
    Ok(r.out.s)
}

impl Renderer {
    /// Block-level content: paragraphs and tables, through content controls and revisions.
    fn blocks(&mut self, parent: Node<'_, '_>, mode: Mode, depth: usize) {
        if self.budget.exhausted() {
            return;
        }
        if depth > MAX_DEPTH {
            self.plain(parent, mode);
            return;
        }
        for n in parent.children().filter(Node::is_element) {
            if self.budget.exhausted() || !self.budget.text(self.out.s.len()) {
                return;
            }
            if is_w(&n, "p") {
                if !self.budget.paragraph() {
                    return;
                }
                self.paragraph(n, mode);
            } else if is_w(&n, "tbl") {
                self.table(n, mode, depth + 1);
            } else if is_w(&n, "sdt")
                && let Some(c) = child(&n, "sdtContent")
            {
                self.blocks(c, mode, depth + 1);
            } else if is_w(&n, "customXml") || is_w(&n, "ins") || is_w(&n, "moveTo") {
                self.blocks(n, mode, depth + 1);
            } else if is_mc(&n, "AlternateContent")
                && let Some(c) = n.children().find(|c| is_mc(c, "Choice"))
            {
                self.blocks(c, mode, depth + 1);
            }
        }
    }

    /// Everything under `n` as one run of text (past the nesting guard).
    fn plain(&mut self, n: Node<'_, '_>, mode: Mode) {
        if mode == Mode::Flow {
            self.out.newline();
        } else {
            self.out.space(' ');
        }
        for d in n.descendants().filter(|d| is_w(d, "t")) {
            if let Some(t) = d.text() {
                self.out.cell_text(t);
            }
            self.out.space(' ');
        }
        if mode == Mode::Flow {
            self.out.newline();
        }
    }

    fn paragraph(&mut self, p: Node<'_, '_>, mode: Mode) {
        let mut pieces = std::mem::take(&mut self.pieces);
        pieces.clear();
        inline(p, &mut pieces);
        let visible = pieces.iter().any(|x| match x {
            Piece::Char(c) => !c.is_whitespace(),
            _ => false,
        });
        // The number is counted even for an empty paragraph (Word does), but printed only
        // before text: a lone `3.` line would read as a value.
        let number = self.number_of(p);
        match mode {
            Mode::Flow => self.out.newline(),
            Mode::Cell => self.out.space(' '),
        }
        if visible {
            if let Some((text, suffix)) = number {
                self.write_pieces(text.chars().map(Piece::Char), mode);
                if let Some(s) = suffix {
                    self.write_pieces(std::iter::once(s), mode);
                }
            }
            self.write_pieces(pieces.iter().copied(), mode);
        }
        match mode {
            Mode::Flow => self.out.newline(),
            Mode::Cell => self.out.space(' '),
        }
        self.pieces = pieces;
    }

    fn write_pieces(&mut self, pieces: impl Iterator<Item = Piece>, mode: Mode) {
        for piece in pieces {
            match (piece, mode) {
                (Piece::Char(c), _) if c.is_whitespace() => self.out.space(' '),
                (Piece::Char(c), _) if c.is_control() => {}
                (Piece::Char('|'), Mode::Cell) => self.out.char('¦'),
                (Piece::Char(c), _) => self.out.char(c),
                (Piece::Space, _) | (Piece::Tab | Piece::Break, Mode::Cell) => self.out.space(' '),
                (Piece::Tab, Mode::Flow) => self.out.space('\t'),
                (Piece::Break, Mode::Flow) => self.out.newline(),
            }
        }
    }

    /// The list number of a paragraph and what follows it, from its own or its style's
    /// numbering properties.
    fn number_of(&mut self, p: Node<'_, '_>) -> Option<(String, Option<Piece>)> {
        let ppr = child(&p, "pPr");
        let own = ppr.and_then(|ppr| child(&ppr, "numPr"));
        let (mut num_id, mut ilvl) = (None, None);
        if let Some(np) = own {
            num_id = child(&np, "numId")
                .and_then(|n| w_val(&n))
                .map(str::to_owned);
            ilvl = child(&np, "ilvl")
                .and_then(|n| w_val(&n))
                .and_then(|v| v.parse::<usize>().ok());
        }
        if num_id.is_none() {
            let style = ppr
                .and_then(|ppr| child(&ppr, "pStyle"))
                .and_then(|s| w_val(&s));
            let (sid, slvl) = self.styles.numbering(style)?;
            num_id = Some(sid.to_owned());
            ilvl = ilvl.or(slvl);
        }
        let num_id = num_id?;
        self.numbering.next(&num_id, ilvl.unwrap_or(0).min(8))
    }

    fn table(&mut self, tbl: Node<'_, '_>, mode: Mode, depth: usize) {
        if depth > MAX_DEPTH {
            self.plain(tbl, mode);
            return;
        }
        let rows = rows_of(tbl);
        if mode == Mode::Cell {
            // A table inside a cell's text (only past layout tables): its text stays inline.
            for row in &rows {
                for cell in cells_of(*row) {
                    self.blocks(cell, Mode::Cell, depth + 1);
                }
            }
            return;
        }
        if is_layout_table(tbl, &rows) {
            self.out.newline();
            for row in &rows {
                for cell in cells_of(*row) {
                    self.blocks(cell, Mode::Flow, depth + 1);
                    self.out.newline();
                }
            }
            return;
        }
        self.out.newline();
        // merged[c]: grid column c is inside a vertical merge in the row above.
        let mut merged: Vec<bool> = Vec::new();
        for row in rows {
            self.out.newline();
            let mark = self.out.s.len();
            let visible = self.out.visible;
            let mut col = row_props(row, "gridBefore");
            let mut first = true;
            let mut next = Vec::with_capacity(merged.len());
            for cell in cells_of(row) {
                if !self.budget.cell() {
                    return;
                }
                let tcpr = child(&cell, "tcPr");
                let span = tcpr
                    .and_then(|p| child(&p, "gridSpan"))
                    .and_then(|s| w_val(&s))
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, MAX_COLSPAN);
                let vmerge = tcpr.and_then(|p| child(&p, "vMerge"));
                let hmerge_continue = tcpr
                    .and_then(|p| child(&p, "hMerge"))
                    .is_some_and(|h| w_val(&h) != Some("restart"));
                let continues = vmerge.is_some_and(|v| w_val(&v) != Some("restart"))
                    && merged.get(col).copied().unwrap_or(false);
                // Merges are tracked over the first MAX_GRID columns (hostile rows are wider).
                let tracked = col.min(MAX_GRID)..(col + span).min(MAX_GRID);
                if next.len() < tracked.end {
                    next.resize(tracked.end, false);
                }
                next[tracked].fill(vmerge.is_some());
                col += span;
                if continues || hmerge_continue {
                    continue;
                }
                self.out.sep(if first { "| " } else { " | " });
                first = false;
                self.blocks(cell, Mode::Cell, depth + 1);
            }
            merged = next;
            if first || self.out.visible == visible {
                self.out.truncate(mark);
            } else {
                self.out.sep(" |");
                self.out.newline();
            }
        }
        self.out.newline();
    }
}

/// `w:gridBefore` of a row: grid columns skipped before its first cell.
fn row_props(row: Node<'_, '_>, name: &str) -> usize {
    child(&row, "trPr")
        .and_then(|p| child(&p, name))
        .and_then(|g| w_val(&g))
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(0)
        .min(MAX_COLSPAN)
}

/// Children named `name`, looking through content controls, custom XML and insertions that
/// wrap them (a row inside `w:sdt/w:sdtContent`, a cell inside `w:customXml`).
fn wrapped<'a, 'i>(parent: Node<'a, 'i>, name: &str) -> Vec<Node<'a, 'i>> {
    fn collect<'a, 'i>(n: Node<'a, 'i>, name: &str, depth: usize, out: &mut Vec<Node<'a, 'i>>) {
        for c in n.children().filter(Node::is_element) {
            if is_w(&c, name) {
                out.push(c);
            } else if depth < 8
                && (is_w(&c, "sdt")
                    || is_w(&c, "sdtContent")
                    || is_w(&c, "customXml")
                    || is_w(&c, "ins")
                    || is_w(&c, "moveTo"))
            {
                collect(c, name, depth + 1, out);
            }
        }
    }
    let mut out = Vec::new();
    collect(parent, name, 0, &mut out);
    out
}

fn rows_of<'a, 'i>(tbl: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    wrapped(tbl, "tr")
}

fn cells_of<'a, 'i>(tr: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    wrapped(tr, "tc")
}

/// Tables used for page layout are read as paragraphs (as html.rs reads them): a table holding
/// another table, a single-cell frame, or a table with a cell too long to be a statistic.
fn is_layout_table(tbl: Node<'_, '_>, rows: &[Node<'_, '_>]) -> bool {
    if tbl.descendants().skip(1).any(|d| is_w(&d, "tbl")) {
        return true;
    }
    let mut cells = 0usize;
    for row in rows {
        for cell in cells_of(*row) {
            cells += 1;
            let mut len = 0usize;
            for t in cell.descendants().filter(|d| is_w(d, "t")) {
                len += t
                    .text()
                    .unwrap_or("")
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .count();
                if len > PROSE {
                    return true;
                }
            }
        }
    }
    cells <= 1
}

/// The inline content of a paragraph in document order, without recursion.
fn inline(p: Node<'_, '_>, pieces: &mut Vec<Piece>) {
    let mut stack: Vec<Node<'_, '_>> = p.children().rev().collect();
    while let Some(n) = stack.pop() {
        if !n.is_element() {
            continue;
        }
        if is_w(&n, "r") {
            run(n, pieces);
        } else if is_w(&n, "hyperlink")
            || is_w(&n, "smartTag")
            || is_w(&n, "customXml")
            || is_w(&n, "ins")
            || is_w(&n, "moveTo")
            || is_w(&n, "fldSimple")
            || is_w(&n, "sdtContent")
            || is_w(&n, "dir")
            || is_w(&n, "bdo")
        {
            stack.extend(n.children().rev());
        } else if is_w(&n, "sdt")
            && let Some(c) = child(&n, "sdtContent")
        {
            stack.push(c);
        } else if is_mc(&n, "AlternateContent")
            && let Some(c) = n.children().find(|c| is_mc(c, "Choice"))
        {
            stack.extend(c.children().rev());
        }
        // w:del, w:moveFrom, w:pPr, bookmarks, proofing marks, math: nothing shown.
    }
}

/// One run: its text, tabs and breaks. Hidden runs, drawings and text boxes, deleted text and
/// field instructions are not the document's reading.
fn run(r: Node<'_, '_>, pieces: &mut Vec<Piece>) {
    if let Some(rpr) = child(&r, "rPr")
        && on(child(&rpr, "vanish"))
    {
        return;
    }
    for n in r.children().filter(Node::is_element) {
        if is_w(&n, "t") {
            for c in n.text().unwrap_or("").chars() {
                pieces.push(match c {
                    '\t' => Piece::Tab,
                    '\n' | '\r' => Piece::Break,
                    c if c.is_whitespace() => Piece::Space,
                    c => Piece::Char(c),
                });
            }
        } else if is_w(&n, "tab") || is_w(&n, "ptab") {
            pieces.push(Piece::Tab);
        } else if is_w(&n, "br") || is_w(&n, "cr") {
            pieces.push(Piece::Break);
        } else if is_w(&n, "noBreakHyphen") {
            pieces.push(Piece::Char('-'));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Automatic numbering

#[derive(Clone, Debug, Default)]
struct Level {
    start: i64,
    format: String,
    text: String,
    /// `w:suff`: what follows the number (tab by default).
    suffix: Option<Piece>,
    /// `w:isLgl`: every number of the label in Arabic digits.
    legal: bool,
}

#[derive(Default)]
struct Numbering {
    /// numId → (abstractNumId, start overrides by level).
    nums: HashMap<String, (String, Vec<(usize, i64)>)>,
    abstracts: HashMap<String, Vec<Level>>,
    /// Counters by abstractNumId, one per level (`None`: not started).
    counters: HashMap<String, [Option<i64>; 9]>,
    /// numIds whose start overrides have been applied.
    started: Vec<String>,
}

impl Numbering {
    fn read(xml: &Xml<'_>) -> Numbering {
        let mut n = Numbering::default();
        let root = xml.root_element();
        for a in root.children().filter(|c| is_w(c, "abstractNum")) {
            let Some(id) = w_attr(&a, "abstractNumId") else {
                continue;
            };
            let mut levels = vec![Level::default(); 9];
            for l in a.children().filter(|c| is_w(c, "lvl")) {
                let Some(i) = w_attr(&l, "ilvl")
                    .and_then(|v| v.parse::<usize>().ok())
                    .filter(|&i| i < 9)
                else {
                    continue;
                };
                levels[i] = read_level(&l);
            }
            n.abstracts.insert(id.to_owned(), levels);
        }
        for num in root.children().filter(|c| is_w(c, "num")) {
            let (Some(id), Some(abs)) = (
                w_attr(&num, "numId"),
                child(&num, "abstractNumId").and_then(|a| w_val(&a)),
            ) else {
                continue;
            };
            let overrides = num
                .children()
                .filter(|c| is_w(c, "lvlOverride"))
                .filter_map(|o| {
                    let lvl = w_attr(&o, "ilvl")?.parse::<usize>().ok()?;
                    let start = child(&o, "startOverride")
                        .and_then(|s| w_val(&s))?
                        .parse::<i64>()
                        .ok()?;
                    (lvl < 9).then_some((lvl, start))
                })
                .collect();
            n.nums.insert(id.to_owned(), (abs.to_owned(), overrides));
        }
        n
    }

    /// Count a paragraph of list `num_id` at level `ilvl` and give its label, `None` for no
    /// number (numId 0, unknown lists, bullets).
    fn next(&mut self, num_id: &str, ilvl: usize) -> Option<(String, Option<Piece>)> {
        let (abs, overrides) = self.nums.get(num_id)?;
        let levels = self.abstracts.get(abs)?;
        let counters = self.counters.entry(abs.clone()).or_insert([None; 9]);
        if !self.started.iter().any(|s| s == num_id) {
            self.started.push(num_id.to_owned());
            for &(l, _) in overrides {
                counters[l] = None;
            }
        }
        let start = |l: usize| {
            overrides
                .iter()
                .find(|(o, _)| *o == l)
                .map_or_else(|| levels.get(l).map_or(1, |x| x.start), |(_, s)| *s)
        };
        counters[ilvl] = Some(counters[ilvl].map_or(start(ilvl), |v| v.saturating_add(1)));
        for c in counters.iter_mut().skip(ilvl + 1) {
            *c = None;
        }
        let level = levels.get(ilvl)?;
        if level.format == "bullet" {
            return None;
        }
        let mut label = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(d @ 1..=9)) => {
                    chars.next();
                    let l = (d - 1) as usize;
                    let value = counters[l].unwrap_or_else(|| start(l));
                    let format = if level.legal {
                        "decimal"
                    } else {
                        levels.get(l).map_or("decimal", |x| x.format.as_str())
                    };
                    label.push_str(&format_number(value, format));
                }
                (c, _) => label.push(c),
            }
        }
        Some((label, level.suffix))
    }
}

fn read_level(l: &Node<'_, '_>) -> Level {
    let val = |name: &str| child(l, name).and_then(|n| w_val(&n)).map(str::to_owned);
    Level {
        start: val("start").and_then(|s| s.parse().ok()).unwrap_or(0),
        format: val("numFmt").unwrap_or_else(|| "decimal".to_owned()),
        text: val("lvlText").unwrap_or_default(),
        suffix: match val("suff").as_deref() {
            Some("space") => Some(Piece::Space),
            Some("nothing") => None,
            _ => Some(Piece::Tab),
        },
        legal: on(child(l, "isLgl")),
    }
}

/// A list number in one of Word's number formats (the ones Chinese documents use; anything
/// else in Arabic digits).
fn format_number(n: i64, format: &str) -> String {
    const TIANGAN: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
    const ZODIAC: [char; 12] = [
        '子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥',
    ];
    let nth = |chars: &[char]| {
        usize::try_from(n - 1)
            .ok()
            .and_then(|i| chars.get(i))
            .map(char::to_string)
    };
    let offset = |base: u32, max: i64| {
        (1..=max)
            .contains(&n)
            .then(|| char::from_u32(base + u32::try_from(n - 1).unwrap_or(0)))
            .flatten()
            .map(String::from)
    };
    let s = match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "japaneseCounting"
        | "koreanCounting" => chinese(n),
        "chineseLegalSimplified" => chinese(n).map(|s| {
            s.chars()
                .map(|c| match c {
                    '一' => '壹',
                    '二' => '贰',
                    '三' => '叁',
                    '四' => '肆',
                    '五' => '伍',
                    '六' => '陆',
                    '七' => '柒',
                    '八' => '捌',
                    '九' => '玖',
                    '十' => '拾',
                    '百' => '佰',
                    '千' => '仟',
                    c => c,
                })
                .collect()
        }),
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => Some(
            n.to_string()
                .chars()
                .map(|c| match c.to_digit(10) {
                    Some(d) => {
                        ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'][d as usize]
                    }
                    None => c,
                })
                .collect(),
        ),
        "ideographTraditional" => nth(&TIANGAN),
        "ideographZodiac" => nth(&ZODIAC),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" | "ideographEnclosedCircle" => {
            offset(0x2460, 20)
        }
        "decimalEnclosedParen" => offset(0x2474, 20),
        "decimalEnclosedFullstop" => offset(0x2488, 20),
        "decimalFullWidth" | "decimalFullWidth2" => Some(
            n.to_string()
                .chars()
                .map(|c| match c.to_digit(10) {
                    Some(d) => char::from_u32(0xFF10 + d).unwrap_or(c),
                    None => c,
                })
                .collect(),
        ),
        "decimalZero" => Some(format!("{n:02}")),
        "upperLetter" | "lowerLetter" => letters(n).map(|s| {
            if format == "lowerLetter" {
                s.to_ascii_lowercase()
            } else {
                s
            }
        }),
        "upperRoman" | "lowerRoman" => roman(n).map(|s| {
            if format == "lowerRoman" {
                s.to_ascii_lowercase()
            } else {
                s
            }
        }),
        "none" => Some(String::new()),
        _ => None,
    };
    s.unwrap_or_else(|| n.to_string())
}

/// `十一`, `二十`, `一百零五`: counting numerals up to 9999.
fn chinese(n: i64) -> Option<String> {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if !(1..=9999).contains(&n) {
        return None;
    }
    let n = usize::try_from(n).ok()?;
    let parts = [
        (n / 1000, "千"),
        (n / 100 % 10, "百"),
        (n / 10 % 10, "十"),
        (n % 10, ""),
    ];
    let mut s = String::new();
    let mut zero = false;
    for (d, unit) in parts {
        if d == 0 {
            zero = !s.is_empty();
            continue;
        }
        if zero {
            s.push('零');
            zero = false;
        }
        // 十一, not 一十一.
        if !(d == 1 && unit == "十" && s.is_empty()) {
            s.push_str(DIGITS[d]);
        }
        s.push_str(unit);
    }
    Some(s)
}

/// `A` … `Z`, `AA`, `BB` … as Word letters lists.
fn letters(n: i64) -> Option<String> {
    let i = usize::try_from(n.checked_sub(1)?)
        .ok()
        .filter(|&i| i < 780)?;
    let c = char::from(b'A' + u8::try_from(i % 26).ok()?);
    Some(std::iter::repeat_n(c, i / 26 + 1).collect())
}

fn roman(n: i64) -> Option<String> {
    if !(1..=3999).contains(&n) {
        return None;
    }
    let mut n = n;
    let mut s = String::new();
    for (v, r) in [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ] {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    Some(s)
}

// ---------------------------------------------------------------------------------------------
// Paragraph styles (numbering carried by a style, as headings often are)

/// A paragraph style's numbering: basedOn, numId, ilvl.
type StyleNumbering = (Option<String>, Option<String>, Option<usize>);

#[derive(Default)]
struct Styles {
    /// styleId → its numbering properties.
    styles: HashMap<String, StyleNumbering>,
    default: Option<String>,
}

impl Styles {
    fn read(xml: &Xml<'_>) -> Styles {
        let mut s = Styles::default();
        for st in xml.root_element().children().filter(|c| is_w(c, "style")) {
            if w_attr(&st, "type") != Some("paragraph") {
                continue;
            }
            let Some(id) = w_attr(&st, "styleId") else {
                continue;
            };
            if matches!(w_attr(&st, "default"), Some("1" | "true" | "on")) {
                s.default = Some(id.to_owned());
            }
            let based = child(&st, "basedOn")
                .and_then(|b| w_val(&b))
                .map(str::to_owned);
            let np = child(&st, "pPr").and_then(|p| child(&p, "numPr"));
            let num = np
                .and_then(|np| child(&np, "numId"))
                .and_then(|n| w_val(&n))
                .map(str::to_owned);
            let lvl = np
                .and_then(|np| child(&np, "ilvl"))
                .and_then(|n| w_val(&n))
                .and_then(|v| v.parse().ok());
            s.styles.insert(id.to_owned(), (based, num, lvl));
        }
        s
    }

    /// The list a paragraph of `style` (or of the default style) is numbered in.
    fn numbering(&self, style: Option<&str>) -> Option<(&str, Option<usize>)> {
        let mut id = style.or(self.default.as_deref())?;
        let mut lvl = None;
        for _ in 0..16 {
            let (based, num, l) = self.styles.get(id)?;
            lvl = lvl.or(*l);
            if let Some(num) = num {
                return Some((num.as_str(), lvl));
            }
            id = based.as_deref()?;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_word_formats() {
        assert_eq!(format_number(3, "chineseCounting"), "三");
        assert_eq!(format_number(11, "chineseCounting"), "十一");
        assert_eq!(format_number(20, "chineseCountingThousand"), "二十");
        assert_eq!(format_number(105, "chineseCounting"), "一百零五");
        assert_eq!(format_number(3, "ideographTraditional"), "丙");
        assert_eq!(format_number(2, "decimalEnclosedCircle"), "②");
        assert_eq!(format_number(4, "lowerRoman"), "iv");
        assert_eq!(format_number(28, "upperLetter"), "BB");
        assert_eq!(format_number(7, "decimal"), "7");
        assert_eq!(format_number(7, "somethingNew"), "7");
    }

    #[test]
    fn relationship_targets() {
        assert_eq!(resolve("word/", "media/a.png"), "word/media/a.png");
        assert_eq!(
            resolve("xl/", "/xl/worksheets/s.xml"),
            "xl/worksheets/s.xml"
        );
        assert_eq!(
            resolve("xl/worksheets/", "../sharedStrings.xml"),
            "xl/sharedStrings.xml"
        );
        assert_eq!(rels_of("word/document.xml"), "word/_rels/document.xml.rels");
        assert_eq!(folder_of("word/document.xml"), "word/");
    }
}
