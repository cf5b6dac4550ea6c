//! HTML pages → layout text.
//!
//! The page is parsed with html5ever (through `scraper`), which repairs what browsers repair
//! (unclosed `<td>`/`<tr>`, stray end tags, foster-parented text). The tree is then rendered to
//! the layout shape the extractor reads: one line per paragraph or block, one line per table
//! row with its cells between ` | `. html5ever keeps no source positions, so every text node is
//! found again in the source by a forward-only [`Locator`] that walks source and text together
//! (decoding entities, skipping tags and comments); every character of the layout maps to the
//! byte of the source it came from.
//!
//! Depth is guarded twice: the tree is walked with a threaded loop (parent/sibling links), so
//! nesting costs no stack, and elements nested deeper than [`MAX_DEPTH`] are made siblings
//! before parsing, because html5ever's time grows with the square of the depth.

use crate::Limits;
use crate::error::{DecodeError, Limit};
use crate::mapped::{MappedText, MappedTextBuilder};
use ego_tree::NodeRef;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};
use html5ever::data::{C1_REPLACEMENTS, NAMED_ENTITIES};
use scraper::{Html, Node};
use std::borrow::Cow;

type NRef<'a> = NodeRef<'a, Node>;

/// How far into the bytes a `<meta>` charset declaration is looked for. Browsers stop at 1 KB;
/// Chinese CMS pages often put scripts and styles first, so look further (a false find is
/// harmless: valid UTF-8 still wins over any declaration).
const PRESCAN: usize = 8 * 1024;

/// The charset a page declares in `<meta charset=…>` or
/// `<meta http-equiv="Content-Type" content="…; charset=…">` near its start.
pub(crate) fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN)];
    let mut from = 0;
    while let Some(i) = find_ascii_ci(&head[from..], b"<meta") {
        let start = from + i + b"<meta".len();
        let end = memchr::memchr(b'>', &head[start..]).map_or(head.len(), |e| start + e);
        if let Some(enc) = charset_in(&head[start..end]).and_then(crate::encoding_for_label) {
            // A declaration readable as ASCII cannot be UTF-16.
            return (enc != UTF_16LE && enc != UTF_16BE).then_some(enc);
        }
        from = end;
    }
    None
}

/// The label after `charset=` inside one meta tag's attributes.
fn charset_in(tag: &[u8]) -> Option<&str> {
    let i = find_ascii_ci(tag, b"charset")? + b"charset".len();
    let rest = &tag[i..];
    let rest = rest
        .trim_ascii_start()
        .strip_prefix(b"=")?
        .trim_ascii_start();
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let n = rest
        .iter()
        .position(|&b| matches!(b, b';' | b'"' | b'\'' | b'/' | b'>') || b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    std::str::from_utf8(&rest[..n])
        .ok()
        .filter(|l| !l.is_empty())
}

fn find_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// Render a decoded HTML page to layout text mapped onto `source`, within the budget: the page
/// is refused before it is parsed when it has more elements or table cells than the limits
/// allow (the parsed tree costs a few hundred bytes per element).
pub(crate) fn render(source: &str, limits: &Limits) -> Result<MappedText, DecodeError> {
    let (elements, cells) = count_tags(source.as_bytes());
    if elements > limits.max_nodes {
        return Err(DecodeError::too_large(Limit::Nodes, limits.max_nodes));
    }
    if cells > limits.max_cells {
        return Err(DecodeError::too_large(Limit::Cells, limits.max_cells));
    }
    let html = Html::parse_document(&parse_input(source));
    let mut r = Renderer {
        loc: Locator::new(source),
        out: Out::new(source.len() / 2),
        pos: Vec::new(),
        silent: 0,
        pre: 0,
    };
    r.walk(html.tree.root(), Mode::Flow);
    let layout = r.out.b.finish(source.len());
    if layout.as_str().len() > limits.max_text {
        return Err(DecodeError::too_large(Limit::Text, limits.max_text));
    }
    Ok(layout)
}

/// Start tags (`<` and a letter) and table cells (`<td`, `<th`) in a page: an upper bound of
/// what the parser will build (tags inside comments and scripts are counted too).
fn count_tags(b: &[u8]) -> (usize, usize) {
    let (mut elements, mut cells) = (0, 0);
    for i in memchr::memchr_iter(b'<', b) {
        if !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        elements += 1;
        let cell = b.get(i + 1..i + 3).is_some_and(|t| {
            t[0].eq_ignore_ascii_case(&b't') && matches!(t[1].to_ascii_lowercase(), b'd' | b'h')
        }) && !b.get(i + 3).is_some_and(u8::is_ascii_alphanumeric);
        cells += usize::from(cell);
    }
    (elements, cells)
}

// ---------------------------------------------------------------------------------------------
// Nesting guard

/// Deepest element nesting handed to html5ever. Its tree builder scans the stack of open
/// elements on many start tags, so time grows with the square of the depth (100,000 nested
/// `<div>`s took 46 s); browsers cap the depth as well (Blink at 512).
const MAX_DEPTH: usize = 512;

/// The text to parse: `source` itself, or, when elements nest deeper than [`MAX_DEPTH`], a
/// copy in which each start tag at that depth is preceded by an end tag for the deepest open
/// element, so that it becomes a sibling instead of a child (what browsers do). All text and
/// blocks stay; the locator reads the original source, so provenance is unaffected.
///
/// Depth is estimated with a small model of the parser's stack: void and raw-text elements are
/// not pushed, end tags pop to their element, and the implied ends that keep real pages
/// shallow (`<p>`, `<li>`, `<td>`, `<tr>` … left open, as Word does) pop too.
fn parse_input(source: &str) -> Cow<'_, str> {
    let loc = Locator::new(source);
    let b = source.as_bytes();
    let mut stack: Vec<&[u8]> = Vec::new();
    // (offset, name): insert `</name>` before the tag at offset.
    let mut closes: Vec<(usize, &[u8])> = Vec::new();
    let mut p = 0;
    while let Some(i) = memchr::memchr(b'<', &b[p..]) {
        let at = p + i;
        if !loc.is_markup(at) {
            p = at + 1;
            continue;
        }
        p = loc.skip_markup(at);
        match b.get(at + 1) {
            Some(b'/') => {
                let name = loc.tag_name(at + 2);
                if let Some(k) = stack.iter().rposition(|n| n.eq_ignore_ascii_case(name)) {
                    stack.truncate(k);
                }
            }
            Some(b'!' | b'?') => {}
            _ => {
                let name = loc.tag_name(at + 1);
                let lower = name.to_ascii_lowercase();
                let lower = std::str::from_utf8(&lower).unwrap_or("");
                if is_void(lower) || is_raw(lower) {
                    continue;
                }
                implied_ends(&mut stack, lower);
                if stack.len() >= MAX_DEPTH
                    && let Some(top) = stack.pop()
                {
                    closes.push((at, top));
                }
                stack.push(name);
            }
        }
    }
    if closes.is_empty() {
        return Cow::Borrowed(source);
    }
    let mut out = String::with_capacity(source.len() + closes.len() * 8);
    let mut from = 0;
    for (at, name) in closes {
        out.push_str(source.get(from..at).unwrap_or(""));
        out.push_str("</");
        out.push_str(std::str::from_utf8(name).unwrap_or(""));
        out.push('>');
        from = at;
    }
    out.push_str(source.get(from..).unwrap_or(""));
    Cow::Owned(out)
}

/// Pop what a start tag `name` implicitly ends: an open element of the same kind near the
/// top (`<li>` after `<li>`, `<td>` after `<th>`, `<tr>` after a row's cells), and an open
/// `<p>` before a block.
fn implied_ends(stack: &mut Vec<&[u8]>, name: &str) {
    let kin: &[&str] = match name {
        "p" => &["p"],
        "li" => &["li"],
        "dt" | "dd" => &["dt", "dd"],
        "option" => &["option"],
        "td" | "th" => &["td", "th"],
        "tr" => &["tr"],
        "thead" | "tbody" | "tfoot" => &["thead", "tbody", "tfoot"],
        _ => &[],
    };
    let near = stack.len().saturating_sub(3);
    if let Some(k) = stack[near..]
        .iter()
        .rposition(|n| kin.iter().any(|k| n.eq_ignore_ascii_case(k.as_bytes())))
    {
        stack.truncate(near + k);
    } else if is_block(name) && stack.last().is_some_and(|n| n.eq_ignore_ascii_case(b"p")) {
        stack.pop();
    }
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

// ---------------------------------------------------------------------------------------------
// Element classes

/// Elements whose content the tokenizer reads as raw text: never rendered, and skipped as a
/// whole by the locator.
fn is_raw(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "xmp"
            | "iframe"
            | "noembed"
            | "noframes"
            | "noscript"
            | "textarea"
            | "title"
            | "plaintext"
    )
}

/// Elements whose text is not part of the document's reading (forms, graphics, templates):
/// walked without output so that the locator still steps over their text.
fn is_silent(name: &str) -> bool {
    matches!(
        name,
        "select"
            | "datalist"
            | "svg"
            | "math"
            | "template"
            | "canvas"
            | "audio"
            | "video"
            | "object"
    )
}

/// Elements that start and end a line. `tbody` and friends are left out: their rows already do.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "legend"
            | "li"
            | "listing"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "option"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "td"
            | "th"
            | "tr"
            | "ul"
    )
}

fn element_name<'a>(n: &NRef<'a>) -> Option<&'a str> {
    match n.value() {
        Node::Element(e) => Some(e.name()),
        _ => None,
    }
}

fn is_cell(n: &NRef<'_>) -> bool {
    matches!(element_name(n), Some("td" | "th"))
}

// ---------------------------------------------------------------------------------------------
// Output with whitespace collapsing

/// The layout being written: runs of whitespace collapse to one space, and no line starts or
/// ends with one (nor does a cell), so the same page always gives the same lines.
struct Out {
    b: MappedTextBuilder,
    /// A space owed before the next visible character, and where it came from.
    pending: Option<usize>,
    /// At the start of a line or cell: whitespace is dropped.
    at_start: bool,
    /// Visible characters written so far (to tell empty rows).
    visible: usize,
}

impl Out {
    fn new(capacity: usize) -> Out {
        Out {
            b: MappedText::builder(capacity),
            pending: None,
            at_start: true,
            visible: 0,
        }
    }

    fn line_empty(&self) -> bool {
        matches!(self.b.last_char(), None | Some('\n'))
    }

    /// End the current line, if anything is on it. Never writes an empty line: blank lines
    /// mean blank cells in text layouts, and a page's spacing means nothing.
    fn newline(&mut self, at: usize) {
        self.pending = None;
        if !self.line_empty() {
            self.b.push('\n', at);
        }
        self.at_start = true;
    }

    fn space(&mut self, at: usize) {
        if !self.at_start && self.pending.is_none() {
            self.pending = Some(at);
        }
    }

    /// A cell separator: ends the cell's text, drops the space owed.
    fn sep(&mut self, s: &str, at: usize) {
        self.pending = None;
        self.b.push_str(s, at);
        self.at_start = true;
    }

    fn char(&mut self, c: char, at: usize) {
        if let Some(p) = self.pending.take() {
            self.b.push(' ', p);
        }
        self.b.push(c, at);
        self.at_start = false;
        self.visible += 1;
    }

    /// A character of preformatted text, whitespace kept.
    fn raw(&mut self, c: char, at: usize) {
        self.pending = None;
        self.b.push(c, at);
        self.at_start = false;
    }

    fn truncate(&mut self, len: usize) {
        self.b.truncate(len);
        self.pending = None;
        self.at_start = true;
    }
}

// ---------------------------------------------------------------------------------------------
// The renderer

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Document flow: blocks are lines, data tables are rendered row by row.
    Flow,
    /// Inside a table cell: everything stays on the row's line; blocks become spaces.
    Cell,
}

struct Renderer<'s> {
    loc: Locator<'s>,
    out: Out,
    /// Source offsets of the characters of the text node being written (reused buffer).
    pos: Vec<usize>,
    /// Depth inside elements whose text is located but not written.
    silent: usize,
    /// Depth inside `<pre>`: whitespace is kept and newlines are lines.
    pre: usize,
}

impl Renderer<'_> {
    /// Walk the subtree of `root` in document order without recursion: descend to the first
    /// child, else climb through parents to the next sibling.
    fn walk(&mut self, root: NRef<'_>, mode: Mode) {
        let mut node = root;
        loop {
            if self.enter(node, mode)
                && let Some(child) = node.first_child()
            {
                node = child;
                continue;
            }
            loop {
                self.leave(node, mode);
                if node.id() == root.id() {
                    return;
                }
                if let Some(next) = node.next_sibling() {
                    node = next;
                    break;
                }
                match node.parent() {
                    Some(parent) => node = parent,
                    None => return,
                }
            }
        }
    }

    /// Open a node; `true` to walk its children.
    fn enter(&mut self, n: NRef<'_>, mode: Mode) -> bool {
        let e = match n.value() {
            Node::Text(t) => {
                self.text(t, mode);
                return false;
            }
            Node::Element(e) => e,
            Node::Document | Node::Fragment => return true,
            _ => return false,
        };
        let name = e.name();
        if is_raw(name) || name == "head" {
            return false;
        }
        if is_silent(name) {
            self.silent += 1;
            return true;
        }
        if self.silent > 0 {
            return true;
        }
        match (mode, name) {
            (Mode::Flow, "br" | "hr") => {
                let at = self.loc.tag(name, false);
                self.out.newline(at);
            }
            (Mode::Flow, "table") if !is_layout_table(n) => {
                self.table(n);
                return false;
            }
            (Mode::Flow, _) if is_block(name) => {
                if matches!(name, "pre" | "listing") {
                    self.pre += 1;
                }
                let at = self.loc.tag(name, false);
                self.out.newline(at);
            }
            (Mode::Cell, _) if name == "br" || is_block(name) => {
                self.out.space(self.loc.cursor);
            }
            _ => {}
        }
        true
    }

    fn leave(&mut self, n: NRef<'_>, mode: Mode) {
        let Some(name) = element_name(&n) else {
            return;
        };
        if is_silent(name) {
            self.silent = self.silent.saturating_sub(1);
            return;
        }
        if self.silent > 0 || !is_block(name) {
            return;
        }
        match mode {
            Mode::Flow => {
                if matches!(name, "pre" | "listing") {
                    self.pre = self.pre.saturating_sub(1);
                }
                let at = self.loc.tag(name, true);
                self.out.newline(at);
            }
            Mode::Cell => self.out.space(self.loc.cursor),
        }
    }

    fn text(&mut self, t: &str, mode: Mode) {
        let mut pos = std::mem::take(&mut self.pos);
        self.loc.text(t, &mut pos);
        if self.silent == 0 {
            let pre = self.pre > 0 && mode == Mode::Flow;
            for (c, &at) in t.chars().zip(&pos) {
                match c {
                    '\n' if pre => self.out.newline(at),
                    '\r' => {}
                    c if pre && c.is_whitespace() => self.out.raw(c, at),
                    c if c.is_whitespace() => self.out.space(at),
                    c if c.is_control() => {}
                    // A `|` inside a cell would read as a separator.
                    '|' if mode == Mode::Cell => self.out.char('¦', at),
                    c => self.out.char(c, at),
                }
            }
        }
        self.pos = pos;
    }

    /// A data table: its caption on a line, then one line per row.
    fn table(&mut self, table: NRef<'_>) {
        let at = self.loc.tag("table", false);
        self.out.newline(at);
        let parts = table_parts(table);
        let rows: Vec<NRef<'_>> = parts
            .iter()
            .filter_map(|p| match p {
                Part::Row(r) => Some(*r),
                Part::Caption(_) => None,
            })
            .collect();
        let grid = Grid::build(&rows);
        let mut r = 0;
        for part in parts {
            match part {
                Part::Caption(c) => {
                    let at = self.loc.tag("caption", false);
                    self.out.newline(at);
                    self.walk(c, Mode::Cell);
                    let at = self.loc.tag("caption", true);
                    self.out.newline(at);
                }
                Part::Row(_) => {
                    self.row(&grid, r);
                    r += 1;
                }
            }
        }
    }

    /// One row: `| a | b |`, each cell once, in the row where it starts. Rows with no visible
    /// text (Word's spacer rows) are dropped.
    fn row(&mut self, grid: &Grid<'_>, r: usize) {
        let tr_at = self.loc.tag("tr", false);
        self.out.newline(tr_at);
        let cells = grid.row(r);
        if cells.is_empty() {
            return;
        }
        let mark = self.out.b.len();
        let visible = self.out.visible;
        for (i, cell) in cells.iter().enumerate() {
            let td_at = self.loc.tag_any(&["td", "th"], false);
            if i == 0 {
                self.out.sep("| ", tr_at);
            } else {
                self.out.sep(" | ", td_at);
            }
            self.walk(cell.node, Mode::Cell);
        }
        let end = self.loc.tag("tr", true);
        if self.out.visible == visible {
            self.out.truncate(mark);
        } else {
            self.out.sep(" |", end);
            self.out.newline(end);
        }
    }
}

/// Tables used for page layout are read as flow, not as rows: a table holding another table
/// (the nested one is the data; the outer cells become blocks, so the inner rows are lines of
/// their own and the outer cells' paragraphs stay paragraphs), a single-cell frame, or a table
/// with a cell too long to be a statistic.
fn is_layout_table(table: NRef<'_>) -> bool {
    /// Visible characters beyond which a cell is prose, not a table cell.
    const PROSE: usize = 500;
    // Nested tables first: the search stops at the first one, so a chain of nested layout
    // tables costs a few nodes per table, not the whole subtree each.
    if table
        .descendants()
        .skip(1)
        .any(|d| element_name(&d) == Some("table"))
    {
        return true;
    }
    let mut cells = 0usize;
    for cell in table.descendants().filter(is_cell) {
        cells += 1;
        let mut len = 0usize;
        for t in cell.descendants() {
            if let Node::Text(t) = t.value() {
                len += t.chars().filter(|c| !c.is_whitespace()).count();
                if len > PROSE {
                    return true;
                }
            }
        }
    }
    cells <= 1
}

enum Part<'a> {
    Caption(NRef<'a>),
    Row(NRef<'a>),
}

/// The caption and rows of a table (not of tables inside it), in document order.
fn table_parts(table: NRef<'_>) -> Vec<Part<'_>> {
    let mut parts = Vec::new();
    for child in table.children() {
        match element_name(&child) {
            Some("caption") => parts.push(Part::Caption(child)),
            Some("tr") => parts.push(Part::Row(child)),
            Some("thead" | "tbody" | "tfoot") => parts.extend(
                child
                    .children()
                    .filter(|r| element_name(r) == Some("tr"))
                    .map(Part::Row),
            ),
            _ => {}
        }
    }
    parts
}

// ---------------------------------------------------------------------------------------------
// Table grids

/// Widest span honoured; wider ones are page-layout accidents or hostile.
const MAX_COLSPAN: usize = 256;

/// A cell placed on the table's grid: its top-left corner and how far it spans.
#[derive(Clone, Copy, Debug)]
#[cfg_attr(
    not(test),
    expect(
        dead_code,
        reason = "rendering needs only the row a cell starts in; the geometry is what tests check"
    )
)]
struct GridCell<'a> {
    node: NRef<'a>,
    row: usize,
    col: usize,
    rows: usize,
    cols: usize,
}

/// The cells of a table placed on a grid honouring rowspan and colspan, as browsers place them.
/// A spanning cell is stored once, at its top-left corner, which is where it is rendered.
struct Grid<'a> {
    cells: Vec<GridCell<'a>>,
    /// `cells[row_end[r - 1]..row_end[r]]` start in row `r`.
    row_end: Vec<usize>,
}

impl<'a> Grid<'a> {
    fn build(rows: &[NRef<'a>]) -> Grid<'a> {
        let mut cells = Vec::new();
        let mut row_end = Vec::with_capacity(rows.len());
        // busy[c]: the first row in which column c is no longer covered by a rowspan above.
        let mut busy: Vec<usize> = Vec::new();
        for (r, tr) in rows.iter().enumerate() {
            let left = rows.len() - r;
            let mut col = 0;
            for td in tr.children().filter(is_cell) {
                while busy.get(col).is_some_and(|&free| free > r) {
                    col += 1;
                }
                let (rs, cs) = match td.value() {
                    Node::Element(e) => (span(e.attr("rowspan")), span(e.attr("colspan"))),
                    _ => (Some(1), Some(1)),
                };
                // rowspan=0 runs to the end of the table.
                let rows_spanned = match rs {
                    Some(0) => left,
                    Some(n) => n.min(left),
                    None => 1,
                };
                let cols_spanned = cs.unwrap_or(1).clamp(1, MAX_COLSPAN);
                if busy.len() < col + cols_spanned {
                    busy.resize(col + cols_spanned, 0);
                }
                for b in &mut busy[col..col + cols_spanned] {
                    *b = (*b).max(r + rows_spanned);
                }
                cells.push(GridCell {
                    node: td,
                    row: r,
                    col,
                    rows: rows_spanned,
                    cols: cols_spanned,
                });
                col += cols_spanned;
            }
            row_end.push(cells.len());
        }
        Grid { cells, row_end }
    }

    /// The cells whose top-left corner is in row `r`, left to right.
    fn row(&self, r: usize) -> &[GridCell<'a>] {
        let start = r
            .checked_sub(1)
            .and_then(|p| self.row_end.get(p).copied())
            .unwrap_or(0);
        let end = self.row_end.get(r).copied().unwrap_or(start);
        self.cells.get(start..end).unwrap_or(&[])
    }
}

/// An HTML span attribute: leading digits after optional whitespace (`"2"`, `" 3px"`).
fn span(v: Option<&str>) -> Option<usize> {
    let v = v?.trim_start();
    let v = v.strip_prefix('+').unwrap_or(v);
    let digits = v.len() - v.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    // Spans above 65534 are clamped by browsers; stop there rather than overflow.
    v[..digits.min(6)]
        .parse::<usize>()
        .ok()
        .map(|n| n.min(65534))
}

// ---------------------------------------------------------------------------------------------
// Locating parsed text in the source

/// How many source text runs a text node may be looked for past the cursor before giving up.
/// Text is normally in the first run; later ones catch text the parser moved (foster-parented
/// out of a table) or dropped.
const MAX_RUNS: usize = 16;

/// How many tags [`Locator::tag_any`] looks through for the one that opened or closed an
/// element. Real pages put it within a few; implied tags are not there at all.
const MAX_TAGS: usize = 32;

/// Finds the source of parsed text with a forward-only cursor. The cursor only moves past
/// text and tags it has matched, so positions never decrease and a node that cannot be found
/// costs nothing but its own provenance (it maps to the cursor).
struct Locator<'s> {
    src: &'s str,
    bytes: &'s [u8],
    cursor: usize,
}

impl<'s> Locator<'s> {
    fn new(src: &'s str) -> Locator<'s> {
        Locator {
            src,
            bytes: src.as_bytes(),
            cursor: 0,
        }
    }

    fn char_at(&self, p: usize) -> Option<char> {
        self.src.get(p..).and_then(|s| s.chars().next())
    }

    /// Source offsets of each character of the text node `dom`, into `pos`.
    fn text(&mut self, dom: &str, pos: &mut Vec<usize>) {
        pos.clear();
        let body = dom.trim_start();
        let lead = dom[..dom.len() - body.len()].chars().count();
        if body.is_empty() {
            pos.resize(lead, self.cursor);
            return;
        }
        let mut p = self.cursor;
        for _ in 0..MAX_RUNS {
            let Some(start) = self.text_start(p) else {
                break;
            };
            pos.clear();
            pos.resize(lead, start);
            if let Some(end) = self.matches(body, start, pos) {
                self.cursor = end;
                return;
            }
            p = self.run_end(start);
        }
        pos.clear();
        pos.resize(dom.chars().count(), self.cursor);
    }

    /// Walk `dom` against the source from `start`, pushing the offset of each character.
    /// Entities are decoded, tags and comments skipped, CR LF read as LF.
    fn matches(&self, dom: &str, start: usize, pos: &mut Vec<usize>) -> Option<usize> {
        let n = self.bytes.len();
        let mut sp = start;
        let mut chars = dom.chars().peekable();
        while let Some(c) = chars.next() {
            loop {
                if sp >= n {
                    return None;
                }
                if self.bytes[sp] == b'&'
                    && let Some((c1, c2, end)) = self.entity(sp)
                    && c1 == c
                    && c2.is_none_or(|c2| chars.peek() == Some(&c2))
                {
                    pos.push(sp);
                    if c2.is_some() {
                        chars.next();
                        pos.push(sp);
                    }
                    sp = end;
                    break;
                }
                let sc = self.char_at(sp)?;
                if sc == c {
                    pos.push(sp);
                    sp += sc.len_utf8();
                    break;
                }
                if sc == '\r' && c == '\n' {
                    pos.push(sp);
                    sp += 1;
                    if self.bytes.get(sp) == Some(&b'\n') {
                        sp += 1;
                    }
                    break;
                }
                if self.is_markup(sp) {
                    sp = self.skip_markup(sp);
                    continue;
                }
                if sc == '\0' {
                    // The parser drops NUL in body text.
                    sp += 1;
                    continue;
                }
                return None;
            }
        }
        Some(sp)
    }

    /// The first text character at or after `p`, past whitespace and markup.
    fn text_start(&self, mut p: usize) -> Option<usize> {
        loop {
            p = self.skip_blank(p);
            if p >= self.bytes.len() {
                return None;
            }
            if !self.is_markup(p) {
                return Some(p);
            }
            p = self.skip_markup(p);
        }
    }

    /// The end of the text run starting at `p` (the next markup), at least one character on.
    fn run_end(&self, p: usize) -> usize {
        let mut q = p + self.char_at(p).map_or(1, char::len_utf8);
        while q < self.bytes.len() && !self.is_markup(q) {
            q += memchr::memchr(b'<', &self.bytes[q + 1..]).map_or(self.bytes.len() - q, |i| i + 1);
        }
        q.min(self.bytes.len())
    }

    /// Skip whitespace, written or as entities (`&nbsp;`, `&#12288;`).
    fn skip_blank(&self, mut p: usize) -> usize {
        while let Some(c) = self.char_at(p) {
            if c.is_whitespace() {
                p += c.len_utf8();
            } else if c == '&'
                && let Some((c1, c2, end)) = self.entity(p)
                && c1.is_whitespace()
                && c2.is_none_or(char::is_whitespace)
            {
                p = end;
            } else {
                break;
            }
        }
        p
    }

    /// Where the next tag named `name` starts, if only whitespace and other markup come
    /// before it; the cursor moves past it. Otherwise (the parser implied the tag) the cursor.
    fn tag(&mut self, name: &str, closing: bool) -> usize {
        self.tag_any(&[name], closing)
    }

    fn tag_any(&mut self, names: &[&str], closing: bool) -> usize {
        let mut p = self.cursor;
        // A tag the parser implied has no source; give up after a few tags rather than scan
        // every following tag for each implied one (quadratic on `<p><p><p>…`).
        for _ in 0..MAX_TAGS {
            p = self.skip_blank(p);
            if p >= self.bytes.len() || !self.is_markup(p) {
                return self.cursor;
            }
            let end = self.skip_markup(p);
            if self.tag_is(p, names, closing) {
                self.cursor = end;
                return p;
            }
            p = end;
        }
        self.cursor
    }

    fn tag_is(&self, p: usize, names: &[&str], closing: bool) -> bool {
        let start = p + 1 + usize::from(closing);
        if closing != (self.bytes.get(p + 1) == Some(&b'/')) {
            return false;
        }
        let name = self.tag_name(start);
        names
            .iter()
            .any(|n| n.as_bytes().eq_ignore_ascii_case(name))
    }

    fn tag_name(&self, start: usize) -> &'s [u8] {
        let rest = self.bytes.get(start..).unwrap_or(&[]);
        let n = rest
            .iter()
            .position(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
            .unwrap_or(rest.len());
        &rest[..n]
    }

    /// Is there a tag, end tag, comment, doctype or processing instruction at `p`? (A `<`
    /// followed by anything else is text.)
    fn is_markup(&self, p: usize) -> bool {
        if self.bytes.get(p) != Some(&b'<') {
            return false;
        }
        match self.bytes.get(p + 1) {
            Some(b) if b.is_ascii_alphabetic() || matches!(b, b'!' | b'?') => true,
            Some(b'/') => p + 2 < self.bytes.len(),
            _ => false,
        }
    }

    /// The end of the markup at `p` (see [`Self::is_markup`]). A raw-text element (`<script>`,
    /// `<style>` …) is skipped up to its end tag.
    fn skip_markup(&self, p: usize) -> usize {
        let b = self.bytes;
        let n = b.len();
        let after = |from: usize, needle: &[u8]| {
            memchr::memmem::find(b.get(from..).unwrap_or(&[]), needle)
                .map_or(n, |i| from + i + needle.len())
        };
        match b.get(p + 1) {
            Some(b'!') if b[p..].starts_with(b"<!--") => after(p + 2, b"-->"),
            Some(b'!' | b'?') => after(p + 1, b">"),
            Some(b'/') => self.tag_end(p + 2),
            _ => {
                let end = self.tag_end(p + 1);
                let name = self.tag_name(p + 1);
                let raw = std::str::from_utf8(name).is_ok_and(|s| is_raw(&s.to_ascii_lowercase()));
                if !raw {
                    end
                } else if name.eq_ignore_ascii_case(b"plaintext") {
                    n
                } else {
                    self.raw_end(end, name)
                }
            }
        }
    }

    /// The `>` ending a tag whose name starts at `from`, past quoted attribute values.
    fn tag_end(&self, from: usize) -> usize {
        let b = self.bytes;
        let n = b.len();
        let mut i = from;
        while i < n {
            match b[i] {
                b'>' => return i + 1,
                b'=' => {
                    i += 1;
                    while i < n && b[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    if i < n && matches!(b[i], b'"' | b'\'') {
                        let q = b[i];
                        i = memchr::memchr(q, &b[i + 1..]).map_or(n, |j| i + 1 + j + 1);
                    }
                }
                _ => i += 1,
            }
        }
        n
    }

    /// Where the end tag `</name` of a raw-text element starts (the end of input if none).
    fn raw_end(&self, from: usize, name: &[u8]) -> usize {
        let b = self.bytes;
        let mut i = from;
        while let Some(j) = memchr::memmem::find(b.get(i..).unwrap_or(&[]), b"</") {
            let at = i + j;
            let tail = &b[at + 2..];
            if tail.len() >= name.len()
                && tail[..name.len()].eq_ignore_ascii_case(name)
                && tail
                    .get(name.len())
                    .is_none_or(|&c| c.is_ascii_whitespace() || c == b'/' || c == b'>')
            {
                return at;
            }
            i = at + 2;
        }
        b.len()
    }

    /// The character reference at `p` (a `&`) as the tokenizer reads it in text: the
    /// character(s) it stands for and where it ends. `None` when it is a literal `&`.
    fn entity(&self, p: usize) -> Option<(char, Option<char>, usize)> {
        let b = self.bytes;
        if b.get(p + 1) == Some(&b'#') {
            return self.numeric_entity(p);
        }
        // Longest match, growing the name one character at a time while it is a prefix of
        // some entity (the table holds the prefixes), as html5ever does.
        let mut best = None;
        let mut i = p + 1;
        while i < b.len() && i - p <= 40 {
            let c = b[i];
            if !(c.is_ascii_alphanumeric() || c == b';') {
                break;
            }
            let name = self.src.get(p + 1..=i)?;
            match NAMED_ENTITIES.get(name) {
                Some(&(c1, c2)) => {
                    if c1 != 0 {
                        best = Some((c1, c2, i + 1));
                    }
                }
                None => break,
            }
            if c == b';' {
                break;
            }
            i += 1;
        }
        let (c1, c2, end) = best?;
        let c1 = char::from_u32(c1)?;
        let c2 = if c2 == 0 { None } else { char::from_u32(c2) };
        Some((c1, c2, end))
    }

    fn numeric_entity(&self, p: usize) -> Option<(char, Option<char>, usize)> {
        let b = self.bytes;
        let (hex, start) = match b.get(p + 2) {
            Some(b'x' | b'X') => (true, p + 3),
            _ => (false, p + 2),
        };
        let mut i = start;
        let mut v: u32 = 0;
        while let Some(&d) = b.get(i) {
            let digit = if hex {
                (d as char).to_digit(16)
            } else {
                (d as char).to_digit(10)
            };
            let Some(digit) = digit else { break };
            v = v
                .saturating_mul(if hex { 16 } else { 10 })
                .saturating_add(digit);
            i += 1;
        }
        if i == start {
            return None;
        }
        if b.get(i) == Some(&b';') {
            i += 1;
        }
        let c = match v {
            0 | 0xD800..=0xDFFF | 0x11_0000.. => '\u{FFFD}',
            0x80..=0x9F => C1_REPLACEMENTS[(v - 0x80) as usize]
                .or_else(|| char::from_u32(v))
                .unwrap_or('\u{FFFD}'),
            v => char::from_u32(v).unwrap_or('\u{FFFD}'),
        };
        Some((c, None, i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(html: &str) -> String {
        render(html, &Limits::default())
            .unwrap()
            .as_str()
            .to_owned()
    }

    fn grid_of(html: &str) -> Vec<(String, usize, usize, usize, usize)> {
        let doc = Html::parse_document(html);
        let table = doc
            .tree
            .root()
            .descendants()
            .find(|n| element_name(n) == Some("table"))
            .unwrap();
        let rows: Vec<_> = table_parts(table)
            .into_iter()
            .filter_map(|p| match p {
                Part::Row(r) => Some(r),
                Part::Caption(_) => None,
            })
            .collect();
        let g = Grid::build(&rows);
        g.cells
            .iter()
            .map(|c| {
                let text: String = c
                    .node
                    .descendants()
                    .filter_map(|d| match d.value() {
                        Node::Text(t) => Some(t.to_string()),
                        _ => None,
                    })
                    .collect();
                (text.trim().to_owned(), c.row, c.col, c.rows, c.cols)
            })
            .collect()
    }

    /// Every layout character maps to a source byte holding that very character, for the
    /// characters that are written literally in the source.
    fn assert_literal_provenance(html: &str) {
        let m = render(html, &Limits::default()).unwrap();
        for (i, c) in m.as_str().char_indices() {
            if c == '\n' || c == '|' || c == ' ' || c == '¦' {
                continue;
            }
            let at = m.base_offset(i);
            let src = html[at..].chars().next().unwrap();
            if src != '&' {
                assert_eq!(src, c, "layout byte {i} ({c}) maps to {at} ({src})");
            }
        }
    }

    #[test]
    fn header_cell_spanning_two_rows() {
        let h = "<table><tr><td rowspan=2>信息内容</td><td colspan=2>数量</td></tr>\
                 <tr><td>新制作</td><td>新公开</td></tr><tr><td>规章</td><td>1</td><td>2</td></tr></table>";
        let g = grid_of(h);
        assert_eq!(g[0], ("信息内容".into(), 0, 0, 2, 1));
        assert_eq!(g[1], ("数量".into(), 0, 1, 1, 2));
        assert_eq!(g[2], ("新制作".into(), 1, 1, 1, 1));
        assert_eq!(g[3], ("新公开".into(), 1, 2, 1, 1));
        assert_eq!(g[4], ("规章".into(), 2, 0, 1, 1));
        assert_eq!(
            layout(h),
            "| 信息内容 | 数量 |\n| 新制作 | 新公开 |\n| 规章 | 1 | 2 |\n"
        );
        assert_literal_provenance(h);
    }

    #[test]
    fn applicant_header_spanning_five_columns() {
        let h = "<table>\
            <tr><td rowspan='3' colspan='3'>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>\
                <td colspan='7'>申请人情况</td></tr>\
            <tr><td rowspan='2'>自然人</td><td colspan='5'>法人或其他组织</td><td rowspan='2'>总计</td></tr>\
            <tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>\
            </table>";
        let g = grid_of(h);
        let find = |t: &str| g.iter().find(|c| c.0 == t).unwrap().clone();
        assert_eq!(
            find("法人或其他组织"),
            ("法人或其他组织".into(), 1, 4, 1, 5)
        );
        assert_eq!(find("总计"), ("总计".into(), 1, 9, 2, 1));
        assert_eq!(find("商业企业").2, 4);
        assert_eq!(find("其他").2, 8);
        let l = layout(h);
        let lines: Vec<&str> = l.lines().collect();
        assert_eq!(lines[1], "| 自然人 | 法人或其他组织 | 总计 |");
        assert_eq!(
            lines[2],
            "| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |"
        );
    }

    #[test]
    fn row_labels_spanning_eight_rows() {
        let mut h = String::from(
            "<table><tr><td rowspan=8>（三）不予公开</td><td>1.属于国家秘密</td><td>5</td></tr>",
        );
        for i in 2..=8 {
            h.push_str(&format!("<tr><td>{i}.理由</td><td>{i}</td></tr>"));
        }
        h.push_str("<tr><td colspan=2>（四）无法提供</td><td>9</td></tr></table>");
        let g = grid_of(&h);
        assert_eq!(g[0].3, 8);
        // Rows 1..8 start at column 1; the row after the span starts at column 0 again.
        assert!(g.iter().filter(|c| (1..8).contains(&c.1)).all(|c| c.2 >= 1));
        assert_eq!(g.last().unwrap().1, 8);
        assert_eq!(g[g.len() - 2], ("（四）无法提供".into(), 8, 0, 1, 2));
        let l = layout(&h);
        let lines: Vec<&str> = l.lines().collect();
        assert_eq!(lines[0], "| （三）不予公开 | 1.属于国家秘密 | 5 |");
        assert_eq!(lines[1], "| 2.理由 | 2 |");
        assert_eq!(lines[8], "| （四）无法提供 | 9 |");
        assert_literal_provenance(&h);
    }

    #[test]
    fn a_colspan_value_appears_once() {
        let h = "<table><tr><td>行政许可</td><td colspan='2'>893</td><td>-183</td><td>12854581</td></tr></table>";
        assert_eq!(layout(h), "| 行政许可 | 893 | -183 | 12854581 |\n");
    }

    #[test]
    fn hostile_spans_are_clamped() {
        let h = "<table><tr><td rowspan=99999999999 colspan=100000>a</td><td>b</td></tr><tr><td>c</td></tr></table>";
        let g = grid_of(h);
        assert_eq!(g[0].3, 2);
        assert_eq!(g[0].4, MAX_COLSPAN);
        // "c" in the second row is pushed right of "a", which spans both rows.
        assert_eq!(g[2].2, MAX_COLSPAN);
        assert_eq!(span(Some(" 3px")), Some(3));
        assert_eq!(span(Some("x")), None);
    }

    #[test]
    fn unclosed_cells_and_rows_as_word_writes_them() {
        let h = "<html><body><table border=1>\
                 <tr><td><p class=MsoNormal>规章<o:p></o:p></p>\
                 <td><p class=MsoNormal><span lang=EN-US>12</span>\
                 <td>0\
                 <tr><td>规范性文件<td>&nbsp;<td>3\
                 </table></body></html>";
        assert_eq!(layout(h), "| 规章 | 12 | 0 |\n| 规范性文件 |  | 3 |\n");
        assert_literal_provenance(h);
    }

    #[test]
    fn entities_map_to_their_start() {
        let h = "<p>A&amp;B&nbsp;&#20320;&#x597D;&lt;</p>";
        let m = render(h, &Limits::default()).unwrap();
        assert_eq!(m.as_str(), "A&B 你好<\n");
        let at = |needle: &str| m.base_offset(m.as_str().find(needle).unwrap());
        assert_eq!(at("&"), h.find("&amp;").unwrap());
        assert_eq!(at("你"), h.find("&#20320;").unwrap());
        assert_eq!(at("好"), h.find("&#x597D;").unwrap());
        assert_eq!(at("<"), h.find("&lt;").unwrap());
        // Legacy entities without `;`, and a literal ampersand.
        assert_eq!(layout("<p>&copy 2020 AT&T</p>"), "© 2020 AT&T\n");
    }

    #[test]
    fn blocks_are_lines_and_inline_elements_are_not() {
        let h = "<div><h1>标题</h1><p>一、<b>总体</b>情况</p>第一行<br>第二行<ul><li>甲</li><li>乙</li></ul></div>";
        assert_eq!(layout(h), "标题\n一、总体情况\n第一行\n第二行\n甲\n乙\n");
        assert_literal_provenance(h);
    }

    #[test]
    fn cell_content_stays_on_the_row_line() {
        let h = "<table><tr><td><p>本年新<br> &nbsp; 制作数量</p></td><td><div>a</div><div>b|c</div></td></tr></table>";
        assert_eq!(layout(h), "| 本年新 制作数量 | a b¦c |\n");
    }

    #[test]
    fn scripts_styles_and_comments_are_skipped() {
        let h = "<html><head><title>标题</title><style>p{color:red}</style>\
                 <script>var s = '<p>12</p>';</script></head>\
                 <body><!-- <p>99</p> --><p>12</p><script>document.write('<td>3</td>')</script><p>3</p></body></html>";
        assert_eq!(layout(h), "12\n3\n");
        let m = render(h, &Limits::default()).unwrap();
        let three = m.as_str().find('3').unwrap();
        assert_eq!(m.base_offset(three), h.find("<p>3").unwrap() + 3);
        let twelve = m.as_str().find("12").unwrap();
        assert_eq!(m.base_offset(twelve), h.find("--><p>12").unwrap() + 6);
    }

    #[test]
    fn nested_tables_keep_their_rows() {
        let h = "<table><tr><td><p>正文</p>\
                   <table><tr><td>规章</td><td>12</td></tr><tr><td>规范性文件</td><td>5</td></tr></table>\
                 </td><td>侧栏</td></tr></table>";
        assert_eq!(layout(h), "正文\n| 规章 | 12 |\n| 规范性文件 | 5 |\n侧栏\n");
        assert_literal_provenance(h);
    }

    #[test]
    fn single_cell_frames_are_flow() {
        let h = "<table><tr><td><p>一、总体情况</p><p>内容</p></td></tr></table>";
        assert_eq!(layout(h), "一、总体情况\n内容\n");
    }

    #[test]
    fn empty_rows_are_dropped_but_empty_cells_kept() {
        let h = "<table><tr><td></td><td> </td></tr><tr><td>a</td><td></td><td>&nbsp;</td></tr></table>";
        assert_eq!(layout(h), "| a |  |  |\n");
    }

    #[test]
    fn preformatted_text_keeps_its_lines() {
        let h = "<pre>\n项目  数量\n规章  12\n</pre>";
        assert_eq!(layout(h), "项目  数量\n规章  12\n");
        assert_literal_provenance(h);
    }

    #[test]
    fn crlf_and_foster_parented_text_do_not_lose_the_cursor() {
        let h = "<p>一\r\n二</p><table><tr>孤<td>1</td><td>2</td></tr></table><p>三</p>";
        let m = render(h, &Limits::default()).unwrap();
        assert!(m.as_str().contains("一 二"));
        assert!(m.as_str().contains('孤'));
        assert!(m.as_str().contains("| 1 | 2 |"));
        let three = m.as_str().find('三').unwrap();
        assert_eq!(m.base_offset(three), h.find('三').unwrap());
        let two = m.as_str().find('2').unwrap();
        assert_eq!(m.base_offset(two), h.find('2').unwrap());
    }

    #[test]
    fn unlocatable_text_maps_to_the_cursor_and_is_kept() {
        let mut loc = Locator::new("<p>abc</p>");
        let mut pos = Vec::new();
        loc.text("xyz", &mut pos);
        assert_eq!(pos, vec![0, 0, 0]);
        loc.text("abc", &mut pos);
        assert_eq!(pos, vec![3, 4, 5]);
        assert_eq!(loc.cursor, 6);
    }

    #[test]
    fn map_is_monotone() {
        let h = "<div>x<table><tr><td rowspan=2>a<td>b<tr><td>c</table>y<p>z<b>w</b></div>";
        let m = render(h, &Limits::default()).unwrap();
        let offs: Vec<usize> = (0..=m.len()).map(|i| m.base_offset(i)).collect();
        assert!(offs.windows(2).all(|w| w[0] <= w[1]), "{offs:?}");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let n = 10_000;
        let mut h = String::with_capacity(n * 12);
        for _ in 0..n {
            h.push_str("<div>");
        }
        h.push_str("<p>深处</p>");
        for _ in 0..n {
            h.push_str("</div>");
        }
        let m = render(&h, &Limits::default()).unwrap();
        assert_eq!(m.as_str(), "深处\n");
        assert_eq!(m.base_offset(0), h.find("深处").unwrap());
        // Unclosed, and tables inside tables.
        let mut h = String::new();
        for _ in 0..2_000 {
            h.push_str("<table><tr><td>");
        }
        h.push('1');
        assert!(
            render(&h, &Limits::default())
                .unwrap()
                .as_str()
                .contains('1')
        );
    }

    #[test]
    fn nesting_beyond_the_guard_is_flattened_not_lost() {
        // Quadratic in html5ever without the guard: 46 s in release for these 100,000 levels.
        let n = 100_000;
        let mut h = String::with_capacity(n * 12);
        for i in 0..n {
            h.push_str("<div>");
            if i % 10_000 == 0 {
                h.push_str(&format!("<p>第{i}层</p>"));
            }
        }
        for _ in 0..n {
            h.push_str("</div>");
        }
        h.push_str("<p>之后</p>");
        let input = parse_input(&h);
        assert!(input.len() > h.len());
        let m = render(&h, &Limits::default()).unwrap();
        let lines: Vec<&str> = m.as_str().lines().collect();
        assert_eq!(lines.len(), 11);
        assert_eq!(lines[9], "第90000层");
        assert_eq!(lines[10], "之后");
        let at = m.as_str().find("之后").unwrap();
        assert_eq!(m.base_offset(at), h.find("之后").unwrap());
    }

    #[test]
    fn the_guard_leaves_real_pages_alone() {
        let word = "<table><tr><td>a<td>b<tr><td>c<td>d".repeat(2_000);
        assert!(matches!(parse_input(&word), Cow::Borrowed(_)));
        let ps = "<div><p>段落<ul><li>甲<li>乙</ul>".repeat(1_000) + &"</div>".repeat(1_000);
        assert!(matches!(parse_input(&ps), Cow::Owned(_)));
        let flat = "<div><p>段落<ul><li>甲<li>乙</ul></div>".repeat(1_000);
        assert!(matches!(parse_input(&flat), Cow::Borrowed(_)));
    }

    #[test]
    fn empty_pages() {
        assert_eq!(layout(""), "");
        assert_eq!(layout("<html><body></body></html>"), "");
        assert_eq!(layout("<table></table><table><tr></tr></table>"), "");
    }

    #[test]
    fn charset_declarations() {
        let f = |s: &str| declared_charset(s.as_bytes()).map(|e| e.name());
        assert_eq!(f("<meta charset=\"gb2312\">"), Some("gb18030"));
        assert_eq!(
            f("<META http-equiv='Content-Type' content='text/html; charset=GBK'>"),
            Some("gb18030")
        );
        assert_eq!(f("<meta charset=utf-8 />"), Some("UTF-8"));
        assert_eq!(f("<meta charset=big5>"), Some("Big5"));
        assert_eq!(f("<meta charset=utf-16>"), None);
        assert_eq!(f("<meta name=keywords content=x>"), None);
        assert_eq!(f("charset=gbk"), None);
    }
}
