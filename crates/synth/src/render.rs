//! Renderers: a [`SynthReport`] written out as a whole document in one family of layouts seen
//! in the wild. Tables are first laid out as a grid of cells (as the HTML or Word table would
//! hold them, with cells covered by merged cells marked), then each layout flattens the grid
//! its own way. Every label comes from `gongkai-format`.

use crate::model::{Date, MONEY_SCALE, SynthReport, Value};
use crate::names;
use gongkai_format::{
    BLANK_MARKERS, MONEY_UNITS, MoneyUnit, NUMERALS, REPORT_TITLE, SECTIONS, SectionDef,
    T3_COLUMNS, T4_COLUMNS, T4_GROUPS, ValueKind, edition_def,
};
use rand::seq::IndexedRandom;
use rand::{Rng, RngExt};

/// A family of layouts. Each renderer draws its variant (and its noise) from the rng.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layout {
    /// One cell per line, optionally with blank lines between cells (seed 000: HTML flattened).
    CellPerLine,
    /// One cell per line indented by a tab; blank cells and cells covered by merged cells are
    /// whitespace-only lines; zeros often written blank; values padded (seed 004).
    IndentedCells,
    /// A table row per line with `|` between cells: padded, compact, without outer pipes, with
    /// ragged runs of empty cells at the end (seed 001), or a bare `|` line after every cell.
    Pipes,
    /// A table row per line with tabs between cells; later rows lose their leading empty
    /// cells; Markdown headings (seed 003).
    TabRows,
    /// One cell per paragraph: cells separated by blank lines, rows by more blank lines.
    Paragraphs,
    /// Markdown tables with `| --- |` rules.
    Markdown,
    /// One of the line layouts with the noise of converted documents: labels split over lines
    /// or spaced out, traditional characters, full-width digits and spaces, page furniture,
    /// thousands separators, signed changes, money with its unit in the cell.
    Noisy,
    /// Everything on one line without separators between cells: digits of adjacent cells run
    /// together (a crawler's text dump, like pingtan2019). Not every row can be recovered.
    RunTogether,
}

impl Layout {
    pub const ALL: [Layout; 8] = [
        Layout::CellPerLine,
        Layout::IndentedCells,
        Layout::Pipes,
        Layout::TabRows,
        Layout::Paragraphs,
        Layout::Markdown,
        Layout::Noisy,
        Layout::RunTogether,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Layout::CellPerLine => "cell_per_line",
            Layout::IndentedCells => "indented_cells",
            Layout::Pipes => "pipes",
            Layout::TabRows => "tab_rows",
            Layout::Paragraphs => "paragraphs",
            Layout::Markdown => "markdown",
            Layout::Noisy => "noisy",
            Layout::RunTogether => "run_together",
        }
    }

    pub fn parse(s: &str) -> Option<Layout> {
        Layout::ALL.into_iter().find(|l| l.name() == s)
    }

    /// File extension of a rendered document.
    pub fn extension(self) -> &'static str {
        match self {
            Layout::TabRows | Layout::Markdown => "md",
            _ => "txt",
        }
    }

    /// Whether every row of a clean report can be read back from this layout.
    pub fn is_recoverable(self) -> bool {
        self != Layout::RunTogether
    }
}

/// Choices that narrow what a renderer may do (to tell apart which feature a reader fails on).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RenderOptions {
    /// Zeros may be written as blank cells (where the layout's family does that).
    pub blank_cells: bool,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions { blank_cells: true }
    }
}

/// Render a report in a layout of the given family.
pub fn render<R: Rng + ?Sized>(report: &SynthReport, layout: Layout, rng: &mut R) -> String {
    render_with(report, layout, RenderOptions::default(), rng)
}

/// Render with some features turned off. The rng is drawn from exactly as by [`render`], so a
/// seed gives the same document apart from the features turned off.
pub fn render_with<R: Rng + ?Sized>(
    report: &SynthReport,
    layout: Layout,
    options: RenderOptions,
    rng: &mut R,
) -> String {
    let kind = Kind::draw(layout, rng);
    let mut style = Style::draw(layout, kind, rng);
    if !options.blank_cells {
        style.blank_zero = 0.0;
    }
    let mut w = Writer {
        kind,
        style,
        rng,
        out: String::new(),
        page: 1,
    };
    w.document(report);
    w.out
}

/// A section heading as a report prints it: a title variant now and then (titles vary in the
/// wild; the format lists the variants seen), numbered `二、` or, by mistake, `（二）`.
/// Returns the title printed and the whole heading.
pub(crate) fn section_heading<R: Rng + ?Sized>(
    def: &SectionDef,
    r: &SynthReport,
    rng: &mut R,
) -> (&'static str, String) {
    let title = match def.variants.choose(rng) {
        Some(v) if rng.random_bool(0.2) => *v,
        _ => def.title,
    };
    let heading = if r.structure.paren_numbering {
        format!("{}{title}", paren_numeral(usize::from(def.number)))
    } else if title == def.title {
        def.official_heading()
    } else {
        let numeral = NUMERALS
            .get(usize::from(def.number).saturating_sub(1))
            .copied()
            .unwrap_or("");
        format!("{numeral}、{title}")
    };
    (title, heading)
}

/// `（二）`: the bracketed numeral used for sub-headings (and by mistake for sections).
pub fn paren_numeral(n: usize) -> String {
    let x = NUMERALS.get(n.saturating_sub(1)).copied().unwrap_or("十");
    format!("（{x}）")
}

// ---- grid ---------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug)]
pub(crate) enum Cell {
    Label(&'static str),
    /// A column header (may be split over lines like `本年新\n制作数量`).
    Header(&'static str),
    Value(Value),
    /// A cell covered by a merged cell above or to the left.
    Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RowKind {
    /// A block marker (`第二十条第（一）项`) or a header row.
    Header,
    /// A row of values; `grouped` when it sits under group labels (table 3 results).
    Data { grouped: bool },
}

#[derive(Clone, Debug)]
pub(crate) struct GridRow {
    pub(crate) kind: RowKind,
    pub(crate) cells: Vec<Cell>,
}

impl GridRow {
    fn header(cells: Vec<Cell>) -> GridRow {
        GridRow {
            kind: RowKind::Header,
            cells,
        }
    }
}

pub(crate) type Grid = Vec<GridRow>;

/// Table 2: one grid per block (marker, header, rows).
pub(crate) fn grids_table2(r: &SynthReport) -> Vec<Grid> {
    let def = edition_def(r.table2.edition).table2;
    def.blocks
        .iter()
        .map(|b| {
            let mut g = vec![
                GridRow::header(vec![Cell::Label(b.marker)]),
                GridRow::header(
                    std::iter::once(Cell::Header(def.row_header))
                        .chain(b.columns.iter().map(|c| Cell::Header(c.label)))
                        .collect(),
                ),
            ];
            for row in b.rows {
                let Some(data) = r.table2.rows.iter().find(|x| x.key == row.key) else {
                    continue;
                };
                let mut cells = vec![Cell::Label(row.label)];
                cells.extend(data.values.iter().map(|(_, v)| Cell::Value(*v)));
                g.push(GridRow {
                    kind: RowKind::Data { grouped: false },
                    cells,
                });
            }
            g
        })
        .collect()
}

/// Table 3 as the official table has it: caption and a three-row header, then the rows with
/// their group labels in front; a group label is printed once (rowspan), the rows after it
/// have a covered cell there.
pub(crate) fn grid_table3(r: &SynthReport) -> Grid {
    let def = edition_def(r.edition).table3;
    let cols = &T3_COLUMNS;
    let (applicants, legal_persons) = (def.applicants, def.organisations);
    let mut g = vec![
        GridRow::header(vec![Cell::Label(def.caption), Cell::Header(applicants)]),
        GridRow::header(vec![
            Cell::Span,
            Cell::Header(cols[0].label),
            Cell::Header(legal_persons),
            Cell::Header(cols[6].label),
        ]),
        GridRow::header(
            [Cell::Span, Cell::Span]
                .into_iter()
                .chain(cols[1..6].iter().map(|c| Cell::Header(c.label)))
                .chain([Cell::Span])
                .collect(),
        ),
    ];
    // The outer group (三、本年度办理结果); the other groups nest inside it.
    let results = def
        .groups
        .iter()
        .find(|g| g.parent.is_none())
        .map(|g| g.key);
    let mut printed: Vec<&str> = Vec::new();
    for row in def.rows {
        let Some(data) = r.t3_row(row.key) else {
            continue;
        };
        let mut cells = Vec::new();
        let mut group_cell = |key: &'static str, cells: &mut Vec<Cell>| {
            if printed.contains(&key) {
                cells.push(Cell::Span);
            } else {
                printed.push(key);
                let label = def.groups.iter().find(|x| x.key == key).map(|x| x.label);
                cells.push(label.map_or(Cell::Span, Cell::Label));
            }
        };
        if let Some(group) = row.group {
            if let Some(res) = results {
                group_cell(res, &mut cells);
            }
            if Some(group) != results {
                group_cell(group, &mut cells);
            }
        }
        let grouped = !cells.is_empty();
        cells.push(Cell::Label(row.label));
        cells.extend(data.values.iter().map(|&n| Cell::Value(Value::count(n))));
        g.push(GridRow {
            kind: RowKind::Data { grouped },
            cells,
        });
    }
    g
}

/// Table 4: 行政复议 and 行政诉讼 over their groups, the five headers per group, one row of 15.
pub(crate) fn grid_table4(r: &SynthReport) -> Grid {
    let [review, direct, after] = &T4_GROUPS;
    let litigation = direct.parent.or(after.parent).unwrap_or("");
    let heads = || T4_COLUMNS.iter().map(|c| Cell::Header(c.label));
    vec![
        GridRow::header(vec![Cell::Header(review.label), Cell::Header(litigation)]),
        GridRow::header(
            heads()
                .chain([Cell::Header(direct.label), Cell::Header(after.label)])
                .collect(),
        ),
        GridRow::header(
            std::iter::repeat_n(Cell::Span, 5)
                .chain(heads())
                .chain(heads())
                .collect(),
        ),
        GridRow {
            kind: RowKind::Data { grouped: false },
            cells: r
                .table4
                .iter()
                .flatten()
                .map(|&n| Cell::Value(Value::count(n)))
                .collect(),
        },
    ]
}

// ---- layout variants and style ------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PipeStyle {
    /// `| a | b |`
    Padded,
    /// `|a|b|`
    Compact,
    /// `a | b`
    NoOuter,
    /// `a | b |` with ragged runs of empty cells at the end (`| ||`).
    Ragged,
    /// a bare `|` on its own line after every cell.
    BareLines,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    CellPerLine {
        gap: bool,
    },
    Indented,
    Pipes {
        style: PipeStyle,
        /// Covered cells written as empty cells (HTML rowspans flattened).
        spans: bool,
    },
    TabRows {
        /// Empty cells between a grouped row's label and its values (merged label columns).
        label_pad: usize,
    },
    Paragraphs {
        indent: bool,
    },
    Markdown,
    RunTogether,
}

impl Kind {
    fn draw<R: Rng + ?Sized>(layout: Layout, rng: &mut R) -> Kind {
        let pipes = |rng: &mut R, styles: &[PipeStyle]| Kind::Pipes {
            style: styles.choose(rng).copied().unwrap_or(PipeStyle::Padded),
            spans: rng.random_bool(0.3),
        };
        match layout {
            Layout::CellPerLine => Kind::CellPerLine {
                gap: rng.random_bool(0.5),
            },
            Layout::IndentedCells => Kind::Indented,
            Layout::Pipes => pipes(
                rng,
                &[
                    PipeStyle::Padded,
                    PipeStyle::Compact,
                    PipeStyle::NoOuter,
                    PipeStyle::Ragged,
                    PipeStyle::BareLines,
                ],
            ),
            Layout::TabRows => Kind::TabRows {
                label_pad: rng.random_range(0..=3),
            },
            Layout::Paragraphs => Kind::Paragraphs {
                indent: rng.random_bool(0.5),
            },
            Layout::Markdown => Kind::Markdown,
            Layout::Noisy => match rng.random_range(0..3) {
                0 => Kind::CellPerLine {
                    gap: rng.random_bool(0.5),
                },
                1 => Kind::Indented,
                _ => pipes(
                    rng,
                    &[PipeStyle::Padded, PipeStyle::NoOuter, PipeStyle::Ragged],
                ),
            },
            Layout::RunTogether => Kind::RunTogether,
        }
    }
}

/// How values and labels are written. Probabilities are per cell or per label.
#[derive(Clone, Debug, Default)]
struct Style {
    /// A zero written as an empty cell.
    blank_zero: f64,
    /// A zero written as a not-applicable mark (`/`, `-`, `无`).
    mark_zero: f64,
    /// Values padded with no-break or full-width spaces (one-cell-per-line exports).
    pad_values: bool,
    fullwidth_digits: f64,
    fullwidth_space: f64,
    thousands: bool,
    /// `+19`, `增19`, `减3` for the 2019 本年增/减.
    sign_words: bool,
    /// `93.8605（万元）` / `93.8605万元`.
    money_unit: f64,
    /// Money always with four decimals (`0.0000`, `12.5000`).
    money_fixed: bool,
    split_labels: f64,
    split_headers: f64,
    space_labels: f64,
    traditional: f64,
    /// Page furniture before a table row.
    furniture: f64,
    /// The title broken over two lines.
    split_title: f64,
}

impl Style {
    fn draw<R: Rng + ?Sized>(layout: Layout, kind: Kind, rng: &mut R) -> Style {
        let mut s = Style {
            money_fixed: rng.random_bool(0.2),
            ..Style::default()
        };
        let sometimes = |rng: &mut R, p: f64| if rng.random_bool(0.5) { p } else { 0.0 };
        match kind {
            Kind::Indented => {
                s.blank_zero = sometimes(rng, 0.7);
                s.pad_values = true;
                s.split_headers = sometimes(rng, 0.4);
            }
            Kind::Pipes { style, .. } if style != PipeStyle::BareLines => {
                s.blank_zero = sometimes(rng, 0.5);
            }
            Kind::Paragraphs { .. } | Kind::Markdown => {
                s.blank_zero = sometimes(rng, 0.5);
            }
            _ => {}
        }
        if layout == Layout::Noisy {
            let on = |rng: &mut R| rng.random_bool(0.5);
            s.mark_zero = if on(rng) { 0.3 } else { 0.0 };
            s.fullwidth_digits = if on(rng) { 0.5 } else { 0.0 };
            s.fullwidth_space = if on(rng) { 0.5 } else { 0.0 };
            s.thousands = on(rng);
            s.sign_words = on(rng);
            s.money_unit = if on(rng) { 0.7 } else { 0.0 };
            s.split_labels = if on(rng) { 0.3 } else { 0.0 };
            s.split_headers = if on(rng) { 0.4 } else { 0.0 };
            s.space_labels = if on(rng) { 0.3 } else { 0.0 };
            s.traditional = if on(rng) { 0.3 } else { 0.0 };
            s.furniture = if on(rng) { 0.15 } else { 0.0 };
            s.split_title = 0.3;
        }
        s
    }
}

// ---- text noise ---------------------------------------------------------------------------

/// A few simplified → traditional pairs, enough to print labels like 結轉下年度繼續辦理.
/// Each pair must fold back under the decoder's traditional → simplified conversion (tested).
pub const TRADITIONAL: [(char, char); 30] = [
    ('结', '結'),
    ('转', '轉'),
    ('继', '繼'),
    ('续', '續'),
    ('办', '辦'),
    ('处', '處'),
    ('开', '開'),
    ('请', '請'),
    ('数', '數'),
    ('计', '計'),
    ('总', '總'),
    ('项', '項'),
    ('费', '費'),
    ('规', '規'),
    ('务', '務'),
    ('审', '審'),
    ('维', '維'),
    ('纠', '糾'),
    ('议', '議'),
    ('诉', '訴'),
    ('讼', '訟'),
    ('许', '許'),
    ('罚', '罰'),
    ('现', '現'),
    ('业', '業'),
    ('机', '機'),
    ('构', '構'),
    ('织', '織'),
    ('国', '國'),
    ('关', '關'),
];

pub fn to_traditional(s: &str) -> String {
    s.chars()
        .map(|c| {
            TRADITIONAL
                .iter()
                .find(|(simp, _)| *simp == c)
                .map_or(c, |(_, trad)| *trad)
        })
        .collect()
}

/// Characters a label may start with as its enumerator (`（三）`, `2.`, `一、`): noise is put
/// after them so that the enumerator stays whole.
fn enumerator_len(s: &str) -> usize {
    s.chars()
        .take_while(|c| "一二三四五六七八九十（）()、.0123456789".contains(*c))
        .count()
}

/// Insert `ins` at a random character position inside the label's text (not inside its
/// enumerator, not at either end).
pub(crate) fn insert_inside<R: Rng + ?Sized>(s: &str, ins: &str, rng: &mut R) -> String {
    let chars: Vec<char> = s.chars().collect();
    let lo = enumerator_len(s) + 1;
    let hi = chars.len();
    if lo >= hi {
        return s.to_owned();
    }
    let at = rng.random_range(lo..hi);
    let mut out: String = chars[..at].iter().collect();
    out.push_str(ins);
    out.extend(&chars[at..]);
    out
}

/// `商业 企业`, or for short labels `行    政    诉    讼`.
fn spaced<R: Rng + ?Sized>(s: &str, rng: &mut R) -> String {
    let n = s.chars().count();
    if n <= 4 && enumerator_len(s) == 0 && rng.random_bool(0.5) {
        let chars: Vec<String> = s.chars().map(String::from).collect();
        return chars.join("    ");
    }
    let ins = [" ", "  ", "\u{3000}"].choose(rng).copied().unwrap_or(" ");
    insert_inside(s, ins, rng)
}

fn fullwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(u32::from(c) - u32::from('0') + 0xFF10).unwrap_or(c),
            _ => c,
        })
        .collect()
}

fn group_thousands(digits: &str) -> String {
    // The first group has one to three digits, the others three.
    let lead = match digits.len() % 3 {
        0 => 3.min(digits.len()),
        r => r,
    };
    let (head, rest) = digits.split_at(lead);
    let mut out = head.to_owned();
    for group in rest.as_bytes().chunks(3) {
        out.push(',');
        out.push_str(std::str::from_utf8(group).unwrap_or(""));
    }
    out
}

// ---- writer -------------------------------------------------------------------------------

struct Writer<'r, R: Rng + ?Sized> {
    kind: Kind,
    style: Style,
    rng: &'r mut R,
    out: String,
    page: u32,
}

impl<R: Rng + ?Sized> Writer<'_, R> {
    fn p(&mut self, p: f64) -> bool {
        p > 0.0 && self.rng.random_bool(p.min(1.0))
    }

    fn run_together(&self) -> bool {
        self.kind == Kind::RunTogether
    }

    fn markdown_headings(&self) -> bool {
        matches!(self.kind, Kind::TabRows { .. } | Kind::Markdown)
    }

    /// Start a new block of text (paragraph, heading, table).
    fn block(&mut self, text: &str) {
        if self.run_together() {
            if !self.out.is_empty() && self.rng.random_bool(0.5) {
                self.out.push(' ');
            }
            self.out.push_str(text);
            return;
        }
        if !self.out.is_empty() {
            if !self.out.ends_with('\n') {
                self.out.push('\n');
            }
            // Pipe exports (web pages flattened) have no blank lines between blocks.
            if !matches!(self.kind, Kind::Pipes { .. }) {
                self.out.push('\n');
            }
        }
        self.out.push_str(text);
    }

    fn document(&mut self, r: &SynthReport) {
        let year = if self.rng.random_bool(0.3) {
            format!("{}年度", r.year)
        } else {
            format!("{}年", r.year)
        };
        let gap = if self.rng.random_bool(0.2) { " " } else { "" };
        let title = format!("{}{gap}{year}{REPORT_TITLE}", r.org);
        let date_form = self.rng.random_range(0..4);
        if self.run_together() {
            // A crawler's header lines, then the whole page on one line.
            self.out.push_str(&format!("标题: {title}\n"));
            self.out
                .push_str(&format!("发布时间: {} 15:22\n", r.published.iso()));
            self.out
                .push_str("==================== 正文 ====================\n");
            self.out.push_str(&title);
        } else {
            let hash = if self.markdown_headings() { "# " } else { "" };
            if self.p(self.style.split_title) {
                // A title broken inside the report name (seed 002: `…年度政府信息` / `公开工作报告`).
                let name: Vec<char> = REPORT_TITLE.chars().collect();
                let at = self
                    .rng
                    .random_range(2..name.len().saturating_sub(2).max(3));
                let head: String = name[..at].iter().collect();
                let tail: String = name[at..].iter().collect();
                self.block(&format!("{hash}{}{gap}{year}{head}", r.org));
                self.block(&tail);
            } else {
                self.block(&format!("{hash}{title}"));
            }
            match date_form {
                0 => self.block(&format!("日期:{}", r.published.iso())),
                1 if matches!(self.kind, Kind::Pipes { .. }) => self.block(&format!(
                    "生成日期 | {} 09:51:00 | 是否有效 |",
                    r.published.iso()
                )),
                1 => self.block(&format!("发布日期：{}", zh_date(r.published))),
                2 => self.block(&format!("发布时间：{} 10:00", r.published.iso())),
                _ => {}
            }
        }
        let intro = names::intro(self.rng, r);
        self.block(&intro);
        for (i, def) in SECTIONS.iter().enumerate() {
            if !r.structure.present.get(i).copied().unwrap_or(true) {
                continue;
            }
            let (_, heading) = section_heading(def, r, self.rng);
            self.heading(&heading, 2);
            self.section_body(r, def.number);
        }
        if date_form == 3 && !self.run_together() {
            // Signature: the body and the date at the end.
            self.block(&r.org);
            self.block(&zh_date(r.published));
        }
        if !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    fn heading(&mut self, text: &str, level: usize) {
        if self.markdown_headings() {
            let hashes = "#".repeat(level);
            self.block(&format!("{hashes} {text}"));
        } else {
            self.block(text);
        }
    }

    fn section_body(&mut self, r: &SynthReport, number: u8) {
        match number {
            1 => {
                for p in names::overview(self.rng, r) {
                    // Sub-headings `（一）主动公开方面` become Markdown sub-headings.
                    if p.starts_with('（') && p.chars().count() < 16 {
                        self.heading(&p, 3);
                    } else {
                        self.block(&p);
                    }
                }
            }
            2 => {
                if let Some(s) = names::before_table2(self.rng, r) {
                    self.block(&s);
                }
                let grids = grids_table2(r);
                self.table(&grids);
            }
            3 => {
                if let Some(s) = names::before_table3(self.rng, r) {
                    self.block(&s);
                }
                let g = grid_table3(r);
                self.table(&[g]);
            }
            4 => {
                if let Some(s) = names::before_table4(self.rng, r) {
                    self.block(&s);
                }
                let g = grid_table4(r);
                self.table(&[g]);
            }
            5 => {
                for p in names::problems(self.rng) {
                    self.block(&p);
                }
            }
            _ => {
                for p in names::other_matters(self.rng, r) {
                    self.block(&p);
                }
            }
        }
    }

    // ---- cells ----

    /// A label as printed, with the style's noise.
    fn label(&mut self, l: &'static str, header: bool) -> String {
        let mut s = l.to_owned();
        if self.p(self.style.traditional) {
            s = to_traditional(&s);
        }
        if self.p(self.style.space_labels) {
            s = spaced(&s, self.rng);
        }
        let split = if header {
            self.style.split_headers.max(self.style.split_labels)
        } else {
            self.style.split_labels
        };
        if s.chars().count() >= 4 && self.p(split) {
            s = insert_inside(&s, "\n", self.rng);
        }
        s
    }

    /// A value as printed; `None` for a blank cell.
    fn value(&mut self, v: Value) -> Option<String> {
        if v.is_zero() {
            if self.p(self.style.blank_zero) {
                return None;
            }
            if self.p(self.style.mark_zero) {
                return BLANK_MARKERS.choose(self.rng).map(|m| (*m).to_owned());
            }
        }
        Some(self.written(v))
    }

    /// A value written out (never blank).
    fn written(&mut self, v: Value) -> String {
        let mut s = match v.kind {
            ValueKind::Money => self.money(v.n),
            ValueKind::SignedCount => self.signed(v.n),
            ValueKind::Count => self.count(v.n),
        };
        if self.p(self.style.fullwidth_digits) {
            s = fullwidth(&s);
        }
        if self.p(self.style.fullwidth_space) {
            s = format!("\u{3000}\u{3000}{s}");
        } else if self.style.pad_values {
            s = match self.rng.random_range(0..4) {
                0 => format!("\u{3000}\u{3000}{s}"),
                1 => format!("\u{a0}{s}"),
                2 => format!("{s}\u{a0}"),
                _ => s,
            };
        }
        s
    }

    fn count(&mut self, n: i64) -> String {
        let digits = n.unsigned_abs().to_string();
        let body = if self.style.thousands && digits.len() > 3 {
            group_thousands(&digits)
        } else {
            digits
        };
        if n < 0 { format!("-{body}") } else { body }
    }

    fn signed(&mut self, n: i64) -> String {
        let body = self.count(n.abs());
        if !self.style.sign_words {
            return if n < 0 { format!("-{body}") } else { body };
        }
        let (plus, minus) = (sign_word(1), sign_word(-1));
        match (n.signum(), self.rng.random_range(0..3)) {
            (0, _) => body,
            (1, 0) => format!("+{body}"),
            (1, 1) => format!("{plus}{body}"),
            (1, _) => body,
            (_, 0) => format!("{minus}{body}"),
            _ => format!("-{body}"),
        }
    }

    fn money(&mut self, n: i64) -> String {
        let int = (n / MONEY_SCALE).to_string();
        let frac = n % MONEY_SCALE;
        let int = if self.style.thousands && int.len() > 3 {
            group_thousands(&int)
        } else {
            int
        };
        let mut s = if self.style.money_fixed {
            format!("{int}.{frac:04}")
        } else if frac == 0 {
            int
        } else {
            let f = format!("{frac:04}");
            format!("{int}.{}", f.trim_end_matches('0'))
        };
        if self.p(self.style.money_unit) {
            let wan = MONEY_UNITS
                .iter()
                .find(|(_, u)| *u == MoneyUnit::Wan)
                .map_or("", |(s, _)| *s);
            s = if self.rng.random_bool(0.5) {
                format!("{s}（{wan}）")
            } else {
                format!("{s}{wan}")
            };
        }
        s
    }

    /// Every cell of a row as text: `None` for a covered cell, `Some("")` for a blank one.
    fn row_texts(&mut self, row: &GridRow) -> Vec<Option<String>> {
        row.cells
            .iter()
            .map(|c| match *c {
                Cell::Label(l) => Some(self.label(l, false)),
                Cell::Header(l) => Some(self.label(l, true)),
                Cell::Value(v) => Some(self.value(v).unwrap_or_default()),
                Cell::Span => None,
            })
            .collect()
    }

    fn furniture(&mut self) -> Option<String> {
        if !self.p(self.style.furniture) {
            return None;
        }
        self.page += 1;
        let p = self.page;
        Some(if self.rng.random_bool(0.5) {
            format!("— {p} —")
        } else {
            format!("第 {p} 页")
        })
    }

    // ---- tables ----

    fn table(&mut self, grids: &[Grid]) {
        let text = match self.kind {
            Kind::CellPerLine { gap } => self.cell_lines(grids, gap),
            Kind::Indented => self.indented(grids),
            Kind::Pipes { style, spans } => self.pipes(grids, style, spans),
            Kind::TabRows { label_pad } => self.tab_rows(grids, label_pad),
            Kind::Paragraphs { indent } => self.paragraphs(grids, indent),
            Kind::Markdown => self.markdown(grids),
            Kind::RunTogether => self.run(grids),
        };
        self.block(&text);
    }

    fn cell_lines(&mut self, grids: &[Grid], gap: bool) -> String {
        let sep = if gap { "\n\n" } else { "\n" };
        let mut lines = Vec::new();
        for row in grids.iter().flatten() {
            if let Some(f) = self.furniture() {
                lines.push(f);
            }
            for t in self.row_texts(row).into_iter().flatten() {
                lines.push(t);
            }
        }
        lines.join(sep)
    }

    fn indented(&mut self, grids: &[Grid]) -> String {
        let mut rows = Vec::new();
        for row in grids.iter().flatten() {
            let mut lines = Vec::new();
            if let Some(f) = self.furniture() {
                lines.push(f);
            }
            for t in self.row_texts(row) {
                lines.push(match t {
                    None => "\t".to_owned(),
                    Some(t) if t.is_empty() => "\t\u{a0}".to_owned(),
                    Some(t) => format!("\t{t}"),
                });
            }
            rows.push(lines.join("\n"));
        }
        rows.join("\n\n")
    }

    fn pipes(&mut self, grids: &[Grid], style: PipeStyle, spans: bool) -> String {
        let mut lines = Vec::new();
        for row in grids.iter().flatten() {
            if let Some(f) = self.furniture() {
                lines.push(f);
            }
            let mut cells: Vec<String> = self
                .row_texts(row)
                .into_iter()
                .filter_map(|t| match t {
                    None if spans && style == PipeStyle::Padded => Some(String::new()),
                    other => other,
                })
                .collect();
            // Without an outer pipe an empty first (or, without a trailing pipe, last) cell
            // would not be there at all: `| 1` reads as a leading pipe. Exporters of these
            // styles write such cells.
            let edges = match style {
                PipeStyle::NoOuter => [true, true],
                PipeStyle::Ragged => [true, false],
                _ => [false, false],
            };
            let last = cells.len().saturating_sub(1);
            for (at, fix) in [(0, edges[0]), (last, edges[1])] {
                if fix
                    && cells.get(at).is_some_and(String::is_empty)
                    && let Some(Cell::Value(v)) = row
                        .cells
                        .iter()
                        .filter(|c| !matches!(c, Cell::Span))
                        .nth(at)
                {
                    let v = *v;
                    cells[at] = self.written(v);
                }
            }
            match style {
                PipeStyle::Padded => lines.push(format!("| {} |", cells.join(" | "))),
                PipeStyle::Compact => lines.push(format!("|{}|", cells.join("|"))),
                PipeStyle::NoOuter => lines.push(cells.join(" | ")),
                PipeStyle::Ragged => {
                    let extra = "|".repeat(self.rng.random_range(0..=3));
                    lines.push(format!("{} |{extra}", cells.join(" | ")));
                }
                PipeStyle::BareLines => {
                    for c in cells {
                        lines.push(c);
                        lines.push("|".to_owned());
                    }
                }
            }
        }
        lines.join("\n")
    }

    fn tab_rows(&mut self, grids: &[Grid], label_pad: usize) -> String {
        let mut lines = Vec::new();
        for grid in grids {
            let width = grid.iter().map(|r| r.cells.len()).max().unwrap_or(0);
            // From this row on, leading covered cells are no longer written.
            let cut = self.rng.random_range(0..=grid.len());
            for (i, row) in grid.iter().enumerate() {
                // A grouped row's values follow the merged label columns: empty cells after
                // its label.
                let label_at = match row.kind {
                    RowKind::Data { grouped: true } => {
                        row.cells.iter().rposition(|c| matches!(c, Cell::Label(_)))
                    }
                    _ => None,
                };
                let texts = self.row_texts(row);
                let mut cells: Vec<String> = Vec::new();
                let mut leading = true;
                for (j, t) in texts.into_iter().enumerate() {
                    match t {
                        None if leading && i >= cut => {}
                        None => cells.push(String::new()),
                        Some(t) => {
                            leading = false;
                            cells.push(t);
                        }
                    }
                    if label_at == Some(j) {
                        cells.extend(std::iter::repeat_n(String::new(), label_pad));
                    }
                }
                if row.kind == RowKind::Header || self.rng.random_bool(0.3) {
                    while cells.len() < width {
                        cells.push(String::new());
                    }
                }
                lines.push(cells.join("\t"));
            }
        }
        lines.join("\n")
    }

    fn paragraphs(&mut self, grids: &[Grid], indent: bool) -> String {
        let pre = if indent { "\t" } else { "" };
        let mut rows = Vec::new();
        for row in grids.iter().flatten() {
            let cells: Vec<String> = self
                .row_texts(row)
                .into_iter()
                .flatten()
                .map(|t| {
                    if t.is_empty() {
                        format!("{pre}\u{3000}")
                    } else {
                        format!("{pre}{t}")
                    }
                })
                .collect();
            rows.push(cells.join("\n\n"));
        }
        rows.join("\n\n\n")
    }

    fn markdown(&mut self, grids: &[Grid]) -> String {
        let rows: Vec<&GridRow> = grids.iter().flatten().collect();
        let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
        let mut lines = Vec::new();
        for (i, row) in rows.into_iter().enumerate() {
            let mut cells: Vec<String> = self
                .row_texts(row)
                .into_iter()
                .map(Option::unwrap_or_default)
                .collect();
            cells.resize(width, String::new());
            lines.push(format!("| {} |", cells.join(" | ")));
            if i == 0 {
                lines.push(format!("|{}|", vec![" --- "; width].join("|")));
            }
        }
        lines.join("\n")
    }

    fn run(&mut self, grids: &[Grid]) -> String {
        let mut s = String::new();
        for row in grids.iter().flatten() {
            for t in self.row_texts(row).into_iter().flatten() {
                if !s.is_empty() && self.rng.random_bool(0.03) {
                    s.push(' ');
                }
                s.push_str(&t);
            }
        }
        s
    }
}

fn sign_word(sign: i8) -> &'static str {
    // The shortest word of that sign: `增` / `减`.
    gongkai_format::SIGN_WORDS
        .iter()
        .filter(|(_, s)| *s == sign)
        .map(|(w, _)| *w)
        .min_by_key(|w| w.len())
        .unwrap_or("")
}

pub(crate) fn zh_date(d: Date) -> String {
    format!("{}年{}月{}日", d.year, d.month, d.day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    #[test]
    fn thousands() {
        assert_eq!(group_thousands("1"), "1");
        assert_eq!(group_thousands("123"), "123");
        assert_eq!(group_thousands("1234"), "1,234");
        assert_eq!(group_thousands("123456"), "123,456");
        assert_eq!(group_thousands("1234567"), "1,234,567");
    }

    #[test]
    fn noise_keeps_the_enumerator_whole() {
        let mut rng = StdRng::seed_from_u64(5);
        for _ in 0..200 {
            let s = insert_inside("（二）部分公开", "\n", &mut rng);
            assert!(s.starts_with("（二）部"), "{s}");
            let s = insert_inside("2.重复申请", " ", &mut rng);
            assert!(s.starts_with("2.重"), "{s}");
        }
    }

    #[test]
    fn fullwidth_digits() {
        assert_eq!(fullwidth("10.5"), "１０.５");
    }

    #[test]
    fn traditional_labels() {
        assert_eq!(to_traditional("结转下年度继续办理"), "結轉下年度繼續辦理");
    }
}
