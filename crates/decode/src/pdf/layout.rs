//! Word boxes of one page → layout lines: paragraphs as lines, table rows as `| a | b |` lines.
//!
//! PDF has no table structure, only positioned words. Rows are rebuilt from the values, which
//! are what a row is about; cells from the rules the table is drawn with when they are known
//! (from the page's drawing, [`super::vector`], or its image, [`super::raster`]), from the
//! alignment of the values when they are not:
//!
//! 1. **Lines and fragments.** Words whose vertical centres agree form a physical line; a line
//!    splits into fragments where the horizontal gap is wider than [`GAP`] line heights (wider
//!    than a space, narrower than two cell paddings), where a vertical rule runs between two
//!    words (however close: browsers pad cells by 1 pt), at `|` printed as text, and before a
//!    value set close to its label when more values follow (a tab stop just after the text).
//! 2. **Rows.** Fragments that read as values (`12`, `-183`, `2.5万元`, `/`) join into rows
//!    when their boxes overlap vertically: two rows never overlap, and the cells of one row do
//!    even when a cell's text wraps (a wrapped `2695`/`4` overlaps the `1718` centred beside
//!    it).
//! 3. **Stacks.** Text fragments stacked in one column — small vertical gap, similar height,
//!    sharing an edge or a centre, each the other's only neighbour, no rule between them — are
//!    a wrapped cell, or several cells of a column when the rows are tight (Word tables have no
//!    vertical padding, so wrapped lines and the next row's label sit alike). Lines walled in
//!    one ruled cell are that cell's whatever the line spacing (web pages set 2 em).
//! 4. **Labels to rows.** Each stack is cut into groups and each group given to the row it is
//!    aligned with (the page's cells all centred or all top-aligned), by a small dynamic
//!    programme; a group never reaches into another row, and only a full line wraps. Fragments
//!    no row fits stay free text; a free piece of a stack whose neighbours are placed is the
//!    rest of their cell. A stack placed in several rows that all have a label further right
//!    is a label spanning them (`三、本年度办理结果`): it goes whole to the first.
//! 5. **Cells** ([`mod@render`]). A row crossed by vertical rules gets one cell per space between
//!    them, empty ones as `|  |` (an empty value, or a cell covered by a label spanning rows),
//!    so the extractor reads cells by position; a row no rule closes on the right ends where
//!    its horizontal rules end. All rows of one ruled table share its column grid (a value
//!    across a boundary its row lacks is unread), and text cut at the page margin is unread
//!    (`〓`), never a shorter number. Without rules, the columns of a run of rows are where its
//!    values line up, widened by the header cells above it. A ruled line without values is a
//!    row too (all blank; runs of them however long), and at the top of a page the rest of a
//!    row the page break cut.
//! 6. **Free text.** Fragments no row takes are printed as lines: header cells side by side
//!    make one line, prose stacks are cut into paragraphs (a line that stops short of the right
//!    margin, or an indented next line, ends a paragraph).

mod render;

use super::bbox::Word;
use super::raster::{HRule, Rules, VRule};
use gongkai_format::{BLANK_MARKERS, MONEY_UNITS, SIGN_WORDS};
pub(crate) use render::{Carry, PageOut, row_line};
use render::{bare_rows, items, render};

/// A physical line: words whose vertical centres agree, left to right.
#[derive(Clone, Debug)]
pub(crate) struct Line {
    pub words: Vec<Word>,
}

impl Line {
    pub fn y0(&self) -> f64 {
        self.words
            .iter()
            .map(|w| w.y0)
            .fold(f64::INFINITY, f64::min)
    }

    pub fn y1(&self) -> f64 {
        self.words
            .iter()
            .map(|w| w.y1)
            .fold(f64::NEG_INFINITY, f64::max)
    }

    pub fn x0(&self) -> f64 {
        self.words
            .iter()
            .map(|w| w.x0)
            .fold(f64::INFINITY, f64::min)
    }

    pub fn x1(&self) -> f64 {
        self.words
            .iter()
            .map(|w| w.x1)
            .fold(f64::NEG_INFINITY, f64::max)
    }

    /// The words' text, without the spaces between them.
    pub fn compact(&self) -> String {
        self.words
            .iter()
            .flat_map(|w| w.text.chars())
            .filter(|c| !c.is_whitespace())
            .collect()
    }
}

/// Physical lines of a page's words, top to bottom. Words printed twice at almost the same
/// place (fake bold) are kept once.
pub(crate) fn lines(mut words: Vec<Word>) -> Vec<Line> {
    words.sort_by(|a, b| centre(a).total_cmp(&centre(b)).then(a.x0.total_cmp(&b.x0)));
    let mut out: Vec<Line> = Vec::new();
    let mut anchor = (f64::NEG_INFINITY, 0.0);
    for w in words {
        let (c, h) = (centre(&w), w.height());
        match out.last_mut() {
            Some(line) if (c - anchor.0).abs() <= 0.3 * h.min(anchor.1) => {
                let dup = line.words.iter().any(|v| {
                    v.text == w.text && (v.x0 - w.x0).abs() < 1.5 && (v.y0 - w.y0).abs() < 1.5
                });
                if !dup {
                    line.words.push(w);
                }
            }
            _ => {
                anchor = (c, h);
                out.push(Line { words: vec![w] });
            }
        }
    }
    for l in &mut out {
        l.words.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    out
}

fn centre(w: &Word) -> f64 {
    (w.y0 + w.y1) / 2.0
}

/// A piece of a physical line between wide gaps: a cell's line of text, or a prose line.
#[derive(Clone, Debug)]
struct Frag {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    text: String,
    value: bool,
    line: usize,
}

impl Frag {
    fn h(&self) -> f64 {
        self.y1 - self.y0
    }
}

fn x_overlap(a: (f64, f64), b: (f64, f64)) -> f64 {
    a.1.min(b.1) - a.0.max(b.0)
}

fn y_overlap(a: &Frag, b: &Frag) -> f64 {
    a.y1.min(b.y1) - a.y0.max(b.y0)
}

/// Widest gap inside a phrase, in line heights. A space is about a quarter of the height;
/// two cells are apart by their paddings and the rule between them, at least twice that
/// (measured: 7 pt between LibreOffice cells of 12 pt text, whose boxes are 15.6 pt high).
const GAP: f64 = 0.35;

/// Fragments of physical lines. A vertical rule between two words is a cell boundary whatever
/// the gap (Chromium sets cells 1 pt from their borders: the text of neighbouring cells can be
/// closer than a wide space).
fn fragments(lines: &[Line], vrules: &[VRule]) -> Vec<Frag> {
    let mut out = Vec::new();
    for (li, line) in lines.iter().enumerate() {
        let mut hs: Vec<f64> = line.words.iter().map(Word::height).collect();
        let h = median(&mut hs);
        let yc = (line.y0() + line.y1()) / 2.0;
        let ruled = |a: f64, b: f64| {
            vrules
                .iter()
                .any(|r| r.y0 - 1.0 <= yc && yc <= r.y1 + 1.0 && a - 0.5 <= r.x && r.x <= b + 0.5)
        };
        // Words of each fragment.
        let mut groups: Vec<Vec<&Word>> = Vec::new();
        let mut open = false;
        for w in &line.words {
            // A bar printed between words is a cell separator drawn as text.
            if matches!(w.text.as_str(), "|" | "｜" | "¦" | "||") {
                open = false;
                continue;
            }
            match groups.last_mut() {
                Some(g)
                    if open
                        && g.last()
                            .is_some_and(|p| w.x0 - p.x1 <= GAP * h && !ruled(p.x1, w.x0)) =>
                {
                    g.push(w)
                }
                _ => groups.push(vec![w]),
            }
            open = true;
        }
        // A value at the end of a fragment that is followed by more values is the first of
        // them, set close to its label (a tab stop just after the text).
        let mut k = 0;
        while k + 1 < groups.len() {
            let next_is_value = groups[k + 1].first().is_some_and(|w| is_value(&w.text));
            let g = &mut groups[k];
            if next_is_value && g.len() > 1 && g.last().is_some_and(|w| is_value(&w.text)) {
                let tail = g.pop().into_iter().collect();
                groups.insert(k + 1, tail);
            }
            k += 1;
        }
        for g in groups {
            let mut text = String::new();
            let mut prev: Option<&Word> = None;
            for w in &g {
                if prev.is_some_and(|p| w.x0 - p.x1 > 0.05 * h) {
                    text.push(' ');
                }
                text.push_str(w.text.trim());
                prev = Some(w);
            }
            out.push(Frag {
                x0: g.iter().map(|w| w.x0).fold(f64::INFINITY, f64::min),
                y0: g.iter().map(|w| w.y0).fold(f64::INFINITY, f64::min),
                x1: g.iter().map(|w| w.x1).fold(f64::NEG_INFINITY, f64::max),
                y1: g.iter().map(|w| w.y1).fold(f64::NEG_INFINITY, f64::max),
                value: is_value(&text),
                text,
                line: li,
            });
        }
    }
    out
}

fn median(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return 10.0;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Whether a cell's text reads as a value or a blank mark: digits with separators, a sign or
/// sign word, a unit (`万元`, `件`, `%`), or one of the format's blank marks.
pub(crate) fn is_value(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.as_str();
    if t.is_empty() {
        return false;
    }
    if BLANK_MARKERS.contains(&t) || t.chars().all(|c| matches!(c, '-' | '—' | '–' | '－')) {
        return true;
    }
    let mut t = t;
    if let Some(inner) = t.strip_suffix(['）', ')'])
        && let Some(open) = inner.rfind(['（', '('])
    {
        t = &inner[..open];
    }
    for (unit, _) in MONEY_UNITS {
        if let Some(r) = t.strip_suffix(unit) {
            t = r;
            break;
        }
    }
    for unit in ["件", "个", "项", "次", "条", "%", "％"] {
        if let Some(r) = t.strip_suffix(unit) {
            t = r;
            break;
        }
    }
    for (w, _) in SIGN_WORDS {
        if let Some(r) = t.strip_prefix(w) {
            t = r;
            break;
        }
    }
    let t = t.trim_start_matches(['+', '-', '－', '＋', '−']);
    let mut digits = 0;
    let mut dots = 0;
    for c in t.chars() {
        match c {
            '0'..='9' | '０'..='９' => digits += 1,
            '.' | '．' => dots += 1,
            ',' | '，' => {}
            _ => return false,
        }
    }
    digits > 0 && dots <= 1 && !t.ends_with(['.', '．']) && !t.starts_with([',', '，'])
}

/// A row of a table: values side by side, with the text groups aligned with it.
#[derive(Debug, Default)]
struct Row {
    y0: f64,
    y1: f64,
    /// The horizontal rules over and under the row's values, when the row is ruled alone
    /// between them: text between them is this row's, however it is aligned.
    band: Option<(f64, f64)>,
    values: Vec<usize>,
    /// Groups of text fragments (each a stacked cell), in no particular order.
    groups: Vec<Vec<usize>>,
}

impl Row {
    fn yc(&self) -> f64 {
        (self.y0 + self.y1) / 2.0
    }
}

/// Values overlapping vertically → rows, top to bottom.
fn rows(frags: &[Frag]) -> Vec<Row> {
    let mut vals: Vec<usize> = (0..frags.len()).filter(|&i| frags[i].value).collect();
    vals.sort_by(|&a, &b| frags[a].y0.total_cmp(&frags[b].y0));
    let mut parent: Vec<usize> = (0..vals.len()).collect();
    let mut active: Vec<usize> = Vec::new();
    for k in 0..vals.len() {
        let f = &frags[vals[k]];
        active.retain(|&j| frags[vals[j]].y1 > f.y0);
        for &j in &active {
            let g = &frags[vals[j]];
            if y_overlap(f, g) >= 0.3 * f.h().min(g.h()) {
                union(&mut parent, j, k);
            }
        }
        active.push(k);
    }
    let mut by_root: Vec<(usize, Row)> = Vec::new();
    for k in 0..vals.len() {
        let r = find(&mut parent, k);
        let f = &frags[vals[k]];
        match by_root.iter_mut().find(|(root, _)| *root == r) {
            Some((_, row)) => {
                row.values.push(vals[k]);
                row.y0 = row.y0.min(f.y0);
                row.y1 = row.y1.max(f.y1);
            }
            None => by_root.push((
                r,
                Row {
                    y0: f.y0,
                    y1: f.y1,
                    band: None,
                    values: vec![vals[k]],
                    groups: Vec::new(),
                },
            )),
        }
    }
    let mut out: Vec<Row> = by_root.into_iter().map(|(_, r)| r).collect();
    out.sort_by(|a, b| a.y0.total_cmp(&b.y0));
    out
}

fn find(p: &mut [usize], mut x: usize) -> usize {
    while p[x] != x {
        p[x] = p[p[x]];
        x = p[x];
    }
    x
}

fn union(p: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(p, a), find(p, b));
    if ra != rb {
        p[ra.max(rb)] = ra.min(rb);
    }
}

/// Text fragments stacked in columns, each stack top to bottom.
fn stacks(frags: &[Frag], rows: &[Row], right: f64, rules: &Rules) -> Vec<Vec<usize>> {
    let hrules = &rules.h[..];
    let mut text: Vec<usize> = (0..frags.len()).filter(|&i| !frags[i].value).collect();
    text.sort_by(|&a, &b| frags[a].y0.total_cmp(&frags[b].y0));
    // Fragments of each physical line, to tell a cell above one cell from a header above
    // several.
    let n_lines = frags.iter().map(|f| f.line + 1).max().unwrap_or(0);
    let mut on_line: Vec<Vec<usize>> = vec![Vec::new(); n_lines];
    for (i, f) in frags.iter().enumerate() {
        on_line[f.line].push(i);
    }
    // A line of several text cells and no values is a header: the cell under it alone on its
    // line is a label of its own, not the header's second line, and a wider title alone on
    // its line above it is not its first.
    let header_line = |l: usize| {
        on_line[l].len() > 1
            && on_line[l].iter().all(|&i| {
                let f = &frags[i];
                !f.value && rows.iter().all(|r| f.y1.min(r.y1) - f.y0.max(r.y0) <= 0.0)
            })
    };
    let mut out: Vec<Vec<usize>> = Vec::new();
    // Stacks whose last fragment may still be continued.
    let mut open: Vec<usize> = Vec::new();
    for &g in &text {
        let fg = &frags[g];
        let h = fg.h();
        open.retain(|&s| {
            out[s]
                .last()
                .is_some_and(|&t| frags[t].y1 >= fg.y0 - 2.0 * h)
        });
        let near: Vec<usize> = open
            .iter()
            .copied()
            .filter(|&s| {
                out[s].last().is_some_and(|&t| {
                    let ft = &frags[t];
                    let gap = fg.y0 - ft.y1;
                    let hh = ft.h().min(h);
                    // Inside one ruled cell, lines are that cell's whatever the line
                    // spacing, and a header line does not end it.
                    let walled = in_one_cell(ft, fg, rules);
                    ft.line != fg.line
                        && (ft.h() - h).abs() <= 0.25 * ft.h().max(h)
                        && gap >= -0.3 * hh
                        && (gap < 0.8 * hh || (walled && gap < 2.0 * hh))
                        && (walled
                            || !((header_line(ft.line) && on_line[fg.line].len() == 1)
                                || (on_line[ft.line].len() == 1
                                    && header_line(fg.line)
                                    && ft.x1 - ft.x0 > fg.x1 - fg.x0 + hh)))
                        && x_overlap((ft.x0, ft.x1), (fg.x0, fg.x1)) > 0.0
                        && (aligned(ft, fg, hh)
                            || (reaches_margin(ft, fg, right) && fg.x0 <= ft.x0 + 0.8 * hh))
                        && !ruled_apart(ft, fg, hrules)
                })
            })
            .collect();
        let joined = match near.as_slice() {
            [s] => {
                let t = out[*s].last().copied().unwrap_or(g);
                let ft = &frags[t];
                // Only g, on its line, sits under t: otherwise t spans several cells.
                let under = on_line[fg.line]
                    .iter()
                    .filter(|&&o| x_overlap((ft.x0, ft.x1), (frags[o].x0, frags[o].x1)) > 0.0)
                    .count();
                (under == 1).then_some(*s)
            }
            _ => None,
        };
        match joined {
            Some(s) => out[s].push(g),
            None => {
                out.push(vec![g]);
                open.push(out.len() - 1);
            }
        }
    }
    out
}

/// Whether line `a` was broken at the right margin `right`, so that `b` continues it: it ends
/// within a character or two of the margin, or within the width of the word `b` starts with
/// (digits and Latin letters do not break; a run of them moves to the next line whole).
fn reaches_margin(a: &Frag, b: &Frag, right: f64) -> bool {
    let h = a.h();
    let unbreakable = b
        .text
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | '-' | '%'))
        .count() as f64;
    a.x1 >= right - 1.5 * h - unbreakable * 0.5 * h
}

/// Whether a horizontal rule runs between fragment `a` and fragment `b` below it: they are in
/// different cells.
fn ruled_apart(a: &Frag, b: &Frag, hrules: &[HRule]) -> bool {
    let (lo, hi) = (a.y1.min(b.y0) - 2.0, a.y1.max(b.y0) + 2.0);
    let (x0, x1) = (a.x0.max(b.x0), a.x1.min(b.x1));
    hrules
        .iter()
        .any(|r| lo <= r.y && r.y <= hi && r.x0 <= x1 && x0 <= r.x1)
}

/// Whether fragment `a` and fragment `b` below it are walled in one cell: vertical rules (or
/// the ends of the horizontal ones, where the table is cut at the page margin) stand left and
/// right of both, a horizontal rule runs over `a` or under `b` (a cell cut by a page break
/// has only one of them), and none between them.
fn in_one_cell(a: &Frag, b: &Frag, rules: &Rules) -> bool {
    let (x0, x1) = (a.x0.min(b.x0), a.x1.max(b.x1));
    let covers = |r: &&HRule| r.x0 <= x0 + 1.0 && x1 - 1.0 <= r.x1;
    let over = rules
        .h
        .iter()
        .filter(covers)
        .filter(|r| r.y <= a.y0 + 1.0)
        .max_by(|p, q| p.y.total_cmp(&q.y));
    let under = rules
        .h
        .iter()
        .filter(covers)
        .filter(|r| r.y >= b.y1 - 1.0)
        .min_by(|p, q| p.y.total_cmp(&q.y));
    if over.is_none() && under.is_none() {
        return false;
    }
    let (top, bottom) = (over.map_or(a.y0, |r| r.y), under.map_or(b.y1, |r| r.y));
    let spans = |r: &&VRule| r.y0 <= top + 2.0 && r.y1 >= bottom - 2.0;
    let ends = |f: fn(&HRule) -> f64| over.iter().chain(under.iter()).map(move |r| f(r));
    let left = rules.v.iter().filter(spans).any(|r| r.x <= x0 + 1.0)
        || ends(|r| r.x0).any(|e| e <= x0 && e >= x0 - 2.0 * a.h());
    let right = rules.v.iter().filter(spans).any(|r| r.x >= x1 - 1.0)
        || ends(|r| r.x1).any(|e| e >= x1 && e <= x1 + 2.0 * a.h());
    left && right && !ruled_apart(a, b, &rules.h)
}

/// Two lines of one cell or paragraph share an edge or a centre: wrapped text is set left,
/// centred or right. A title over several cells and the header under it do not. (A paragraph
/// whose first line is indented continues when that line reaches the right margin.)
fn aligned(a: &Frag, b: &Frag, h: f64) -> bool {
    let tol = 0.8 * h;
    (a.x0 - b.x0).abs() <= tol
        || (a.x1 - b.x1).abs() <= tol
        || ((a.x0 + a.x1) / 2.0 - (b.x0 + b.x1) / 2.0).abs() <= tol
}

/// Most fragments a page is laid out from; a page with more (ten times a dense table page) is
/// printed line by line, since some steps take time growing with the square of the count.
const MAX_FRAGS: usize = 4000;
/// Cost of leaving one fragment as free text when a row could take it.
const FREE: f64 = 1.0;
/// Largest misalignment of a cell with its row, in line heights. Cells of one row are set the
/// same way to within rounding; half a line off is the next row's text in a tight table.
const ALIGN: f64 = 0.3;
/// Longest group of stacked lines one cell is assumed to hold.
const MAX_GROUP: usize = 16;

/// How cells of a table sit vertically in their rows. One table is printed one way; the page
/// takes the way that fits its stacks best. (Bottom alignment is left out: it is rare, and in
/// a tight table it would give every row the header line above it.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Valign {
    Middle,
    Top,
}

/// How far fragments `g` (a run of a stack) are from sitting in row `r` the `v` way, as a
/// fraction of the line height; `None` when too far, or when they reach into another row (a
/// cell never does).
#[allow(clippy::too_many_arguments)]
fn align(
    frags: &[Frag],
    g: &[usize],
    rows: &[Row],
    hrules: &[HRule],
    near: &[usize],
    r: usize,
    h: f64,
    v: Valign,
) -> Option<f64> {
    let top = g.iter().map(|&i| frags[i].y0).fold(f64::INFINITY, f64::min);
    let bot = g
        .iter()
        .map(|&i| frags[i].y1)
        .fold(f64::NEG_INFINITY, f64::max);
    let row = &rows[r];
    // In the row's ruled band, under and over rules that span the group too (a label spanning
    // several rows has no rule across its column there).
    let (gx0, gx1) = g
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &i| {
            (a.min(frags[i].x0), b.max(frags[i].x1))
        });
    let ruled_at = |y: f64| {
        hrules
            .iter()
            .any(|r| (r.y - y).abs() <= 1.0 && r.x0 <= gx0 + 1.0 && r.x1 >= gx1 - 1.0)
    };
    // No rule runs between the group and the row's values (the band is a whole table's when
    // only its outer border spans all the values).
    let (gap0, gap1) = if bot <= row.y0 {
        (bot, row.y0)
    } else if top >= row.y1 {
        (row.y1, top)
    } else {
        (0.0, 0.0)
    };
    let apart = hrules
        .iter()
        .any(|r| r.y > gap0 - 1.0 && r.y < gap1 + 1.0 && r.x0 < gx1 && r.x1 > gx0);
    let walled = !apart
        && row
            .band
            .is_some_and(|(t, b)| top >= t - 1.0 && bot <= b + 1.0 && ruled_at(t) && ruled_at(b));
    let err = match v {
        _ if walled => 0.0,
        Valign::Middle => ((top + bot) / 2.0 - row.yc()).abs(),
        Valign::Top => (top - row.y0).abs(),
    };
    if err > ALIGN * h {
        return None;
    }
    // Text wraps only when a line is full: every line but the last is about as wide as the
    // widest (a short line followed by another is a cell or paragraph of its own).
    let widest = g
        .iter()
        .map(|&i| frags[i].x1 - frags[i].x0)
        .fold(0.0, f64::max);
    if g.iter()
        .rev()
        .skip(1)
        .any(|&i| frags[i].x1 - frags[i].x0 < widest - 1.5 * h)
    {
        return None;
    }
    let intrudes = near.iter().any(|&k| {
        let o = &rows[k];
        k != r && bot.min(o.y1) - top.max(o.y0) >= 0.3 * h.min(o.y1 - o.y0)
    });
    (!intrudes).then_some(err / h)
}

/// Groups of a stack, each for one row or free (`None`).
type Groups = Vec<(Vec<usize>, Option<usize>)>;

/// Cut a stack into groups, each for one row (in order) or free, at least cost; and the cost.
fn assign(
    frags: &[Frag],
    stack: &[usize],
    rows: &[Row],
    hrules: &[HRule],
    v: Valign,
) -> (Groups, f64) {
    let n = stack.len();
    let mut hs: Vec<f64> = stack.iter().map(|&i| frags[i].h()).collect();
    let h = median(&mut hs).max(1.0);
    let top = stack
        .iter()
        .map(|&i| frags[i].y0)
        .fold(f64::INFINITY, f64::min);
    let bot = stack
        .iter()
        .map(|&i| frags[i].y1)
        .fold(f64::NEG_INFINITY, f64::max);
    let cands: Vec<usize> = (0..rows.len())
        .filter(|&r| rows[r].y1 >= top - 2.0 * h && rows[r].y0 <= bot + 2.0 * h)
        .collect();
    if cands.is_empty() {
        return (vec![(stack.to_vec(), None)], 0.0);
    }
    let m = cands.len();
    // dp[i][j]: least cost with i fragments placed and candidate j-1 the last row used (0:
    // none yet). back[i][j]: (previous i, previous j, row given to fragments prev_i..i).
    let mut dp = vec![vec![f64::INFINITY; m + 1]; n + 1];
    let mut back: Vec<Vec<(usize, usize, Option<usize>)>> = vec![vec![(0, 0, None); m + 1]; n + 1];
    dp[0][0] = 0.0;
    for i in 0..n {
        for j in 0..=m {
            let base = dp[i][j];
            if !base.is_finite() {
                continue;
            }
            if base + FREE < dp[i + 1][j] {
                dp[i + 1][j] = base + FREE;
                back[i + 1][j] = (i, j, None);
            }
            for k in i + 1..=n.min(i + MAX_GROUP) {
                for c in j..m {
                    let Some(cost) =
                        align(frags, &stack[i..k], rows, hrules, &cands, cands[c], h, v)
                    else {
                        continue;
                    };
                    // A small bonus per group: when alignment cannot tell, more rows win.
                    let total = base + cost - 0.05;
                    if total < dp[k][c + 1] {
                        dp[k][c + 1] = total;
                        back[k][c + 1] = (i, j, Some(cands[c]));
                    }
                }
            }
        }
    }
    let mut j = (0..=m)
        .min_by(|&a, &b| dp[n][a].total_cmp(&dp[n][b]))
        .unwrap_or(0);
    let cost = dp[n][j];
    let mut i = n;
    let mut groups = Vec::new();
    while i > 0 {
        let (pi, pj, row) = back[i][j];
        if pi >= i {
            break;
        }
        groups.push((stack[pi..i].to_vec(), row));
        i = pi;
        j = pj;
    }
    groups.reverse();
    // Free neighbours merge back into one group, so a paragraph stays whole.
    let mut merged: Groups = Vec::new();
    for (g, r) in groups {
        match merged.last_mut() {
            Some((prev, None)) if r.is_none() => prev.extend(g),
            _ => merged.push((g, r)),
        }
    }
    (merged, cost)
}

/// Whether a page holds a table (and is worth rendering to find its rules): a value beside
/// something else on its line.
pub(crate) fn has_table(lines: &[Line]) -> bool {
    let frags = fragments(lines, &[]);
    let rows = rows(&frags);
    let beside = |r: &Row| {
        r.values.iter().any(|&v| {
            frags
                .iter()
                .enumerate()
                .any(|(j, g)| j != v && g.line == frags[v].line)
        })
    };
    // A row of values set apart from their text (a table continued from the page before may
    // show a single row), or a row of several values.
    rows.iter().any(beside) || rows.iter().any(|r| r.values.len() >= 3)
}

/// Lay out one page. `carry`: the table the previous page ended in; `rules`: the rules drawn on
/// the page, if known.
pub(crate) fn page(lines: &[Line], carry: &Carry, rules: &Rules) -> PageOut {
    // Lines that print their own cell separators are a text table already: kept as printed,
    // since their columns need not line up.
    let (barred, lines): (Vec<&Line>, Vec<&Line>) = lines.iter().partition(|l| {
        l.words
            .iter()
            .filter(|w| matches!(w.text.as_str(), "|" | "｜" | "||"))
            .count()
            >= 2
    });
    let verbatim: Vec<(f64, String)> = barred
        .iter()
        .map(|l| {
            let text: Vec<&str> = l.words.iter().map(|w| w.text.as_str()).collect();
            (l.y0(), text.join(" "))
        })
        .collect();
    let lines: Vec<Line> = lines.into_iter().cloned().collect();
    let frags = fragments(&lines, &rules.v);
    if frags.is_empty() && verbatim.is_empty() {
        return PageOut::default();
    }
    if frags.len() > MAX_FRAGS {
        // Not a report page: printed line by line, so that time stays bounded.
        let lines = lines
            .iter()
            .map(|l| {
                let words: Vec<&str> = l.words.iter().map(|w| w.text.as_str()).collect();
                words.join(" ")
            })
            .collect();
        return PageOut {
            lines,
            ..PageOut::default()
        };
    }
    let mut rows = rows(&frags);
    bands(&frags, &mut rows, &rules.h);
    let right = right_margin(&frags);
    let stacks = stacks(&frags, &rows, right, rules);
    let mut best: Option<(f64, Vec<Groups>)> = None;
    for v in [Valign::Middle, Valign::Top] {
        let mut total = 0.0;
        let mut placed = Vec::with_capacity(stacks.len());
        for st in &stacks {
            let (g, cost) = assign(&frags, st, &rows, &rules.h, v);
            total += cost;
            placed.push(g);
        }
        if best.as_ref().is_none_or(|(b, _)| total < *b - 1e-9) {
            best = Some((total, placed));
        }
    }
    let mut placed = best.map(|(_, p)| p).unwrap_or_default();
    adopt_strays(&frags, &mut placed);
    spanning_labels(&frags, &rows, &stacks, &mut placed);
    let mut free_blocks: Vec<Vec<usize>> = Vec::new();
    for groups in placed {
        for (g, r) in groups {
            match r {
                Some(r) => rows[r].groups.push(g),
                None => free_blocks.extend(paragraphs(&frags, g, right)),
            }
        }
    }
    let mut items = items(&frags, &rows, free_blocks, verbatim);
    bare_rows(&frags, &mut rows, &mut items, rules);
    render(&frags, &rows, &items, carry, rules)
}

/// The ruled band of each row: the nearest horizontal rules over and under its values that
/// span them, when no other row has values between them.
fn bands(frags: &[Frag], rows: &mut [Row], hrules: &[HRule]) {
    let spans: Vec<Option<(f64, f64)>> = rows
        .iter()
        .map(|row| {
            let x0 = row
                .values
                .iter()
                .map(|&v| frags[v].x0)
                .fold(f64::INFINITY, f64::min);
            let x1 = row
                .values
                .iter()
                .map(|&v| frags[v].x1)
                .fold(f64::NEG_INFINITY, f64::max);
            let covers = |r: &&HRule| r.x0 <= x0 + 1.0 && r.x1 >= x1 - 1.0;
            let over = hrules
                .iter()
                .filter(covers)
                .filter(|r| r.y <= row.y0 + 1.0)
                .map(|r| r.y)
                .fold(None, |m: Option<f64>, y| Some(m.map_or(y, |m| m.max(y))))?;
            let under = hrules
                .iter()
                .filter(covers)
                .filter(|r| r.y >= row.y1 - 1.0)
                .map(|r| r.y)
                .fold(None, |m: Option<f64>, y| Some(m.map_or(y, |m| m.min(y))))?;
            Some((over, under))
        })
        .collect();
    for (k, band) in spans.into_iter().enumerate() {
        let alone = band.is_some_and(|(t, b)| {
            rows.iter()
                .enumerate()
                .all(|(j, o)| j == k || o.y1 <= t + 1.0 || o.y0 >= b - 1.0)
        });
        rows[k].band = band.filter(|_| alone);
    }
}

/// The right edge of the page's text: where full lines end.
fn right_margin(frags: &[Frag]) -> f64 {
    // The rightmost text of the page: a line that reaches it was broken by the margin. (Short
    // one-line paragraphs of equal length must not look full: so not the end of the longest
    // prose lines.)
    frags.iter().map(|f| f.x1).fold(0.0, f64::max)
}

/// A free group stacked next to a group placed in a row is the rest of that cell, printed out
/// of line with the row (a label centred over many rows, a cell cut at a page break): it
/// joins the nearer placed neighbour when whatever is beside it belongs to rows too, or when
/// nothing is beside it and it lies within the column of its neighbours (not a heading after
/// the table).
fn adopt_strays(frags: &[Frag], placed: &mut [Groups]) {
    let mut placed_frag = vec![false; frags.len()];
    for groups in placed.iter() {
        for (g, r) in groups {
            if r.is_some() {
                for &i in g {
                    placed_frag[i] = true;
                }
            }
        }
    }
    for groups in placed.iter_mut() {
        if groups.len() < 2 || groups.iter().all(|(_, r)| r.is_none()) {
            continue;
        }
        let (mut cx0, mut cx1) = (f64::INFINITY, f64::NEG_INFINITY);
        for (g, r) in groups.iter() {
            if r.is_some() {
                let (x0, _, x1, _) = block_box(frags, g);
                cx0 = cx0.min(x0);
                cx1 = cx1.max(x1);
            }
        }
        for k in 0..groups.len() {
            if groups[k].1.is_some() {
                continue;
            }
            let (x0, y0, x1, y1) = block_box(frags, &groups[k].0);
            let h = frags[groups[k].0[0]].h();
            let beside: Vec<usize> = (0..frags.len())
                .filter(|&i| {
                    !groups[k].0.contains(&i)
                        && frags[i].y1.min(y1) - frags[i].y0.max(y0) >= 0.3 * frags[i].h()
                })
                .collect();
            // With nothing beside, only the rest of a wrapped cell: right under a placed
            // group whose last line is full, within its column.
            let continues = k > 0
                && groups[k - 1].1.is_some()
                && groups[k - 1].0.last().is_some_and(|&p| {
                    let widest = groups[k - 1]
                        .0
                        .iter()
                        .map(|&i| frags[i].x1 - frags[i].x0)
                        .fold(0.0, f64::max);
                    frags[p].x1 - frags[p].x0 >= widest - 1.5 * h
                        && frags[p].x1 - frags[p].x0 > x1 - x0
                });
            let ok = if beside.is_empty() {
                continues && x0 >= cx0 - 0.5 * h && x1 <= cx1 + 0.5 * h
            } else {
                beside.iter().all(|&i| placed_frag[i] || frags[i].value)
            };
            if !ok {
                continue;
            }
            let gap = |j: usize| {
                let (_, b0, _, b1) = block_box(frags, &groups[j].0);
                if b1 <= y0 { y0 - b1 } else { b0 - y1 }
            };
            let above = (k > 0 && groups[k - 1].1.is_some()).then(|| (gap(k - 1), k - 1));
            let below = groups
                .get(k + 1)
                .is_some_and(|g| g.1.is_some())
                .then(|| (gap(k + 1), k + 1));
            let target = match (above, below) {
                (Some(a), Some(b)) => Some(if a.0 < b.0 { a.1 } else { b.1 }),
                (a, b) => a.or(b).map(|x| x.1),
            };
            if let Some(t) = target {
                groups[k].1 = groups[t].1;
            }
        }
        // Neighbours now in the same row become one group.
        let mut merged: Groups = Vec::new();
        for (g, r) in groups.drain(..) {
            match merged.last_mut() {
                Some((prev, pr)) if r.is_some() && *pr == r => prev.extend(g),
                _ => merged.push((g, r)),
            }
        }
        *groups = merged;
    }
}

/// Consecutive groups of a stack placed in rows that each have another label to their right
/// are one label spanning those rows (a group such as `三、本年度办理结果` or `（三）不予公开`):
/// they go whole to the first of those rows.
fn spanning_labels(frags: &[Frag], rows: &[Row], stacks: &[Vec<usize>], placed: &mut [Groups]) {
    let mut row_of: Vec<Option<usize>> = vec![None; frags.len()];
    for groups in placed.iter() {
        for (g, r) in groups {
            for &i in g {
                row_of[i] = *r;
            }
        }
    }
    for (st, groups) in stacks.iter().zip(placed.iter_mut()) {
        if groups.iter().filter(|(_, r)| r.is_some()).count() < 2 {
            continue;
        }
        let label_right = |g: &[usize], r: usize| {
            let x1 = g
                .iter()
                .map(|&i| frags[i].x1)
                .fold(f64::NEG_INFINITY, f64::max);
            let first_value = rows[r]
                .values
                .iter()
                .map(|&v| frags[v].x0)
                .fold(f64::INFINITY, f64::min);
            (0..frags.len()).any(|i| {
                row_of[i] == Some(r)
                    && !st.contains(&i)
                    && frags[i].x0 >= x1 - 0.1 * frags[i].h()
                    && frags[i].x1 <= first_value
            })
        };
        // Runs of groups whose rows have a label to the right (free groups inside a run join
        // it); a run over two rows or more is a spanning label.
        let mut out: Groups = Vec::new();
        let mut run: Vec<(Vec<usize>, Option<usize>)> = Vec::new();
        let flush = |run: &mut Groups, out: &mut Groups| {
            let rows_in: Vec<usize> = run.iter().filter_map(|(_, r)| *r).collect();
            let distinct = rows_in.windows(2).filter(|w| w[0] != w[1]).count() + 1;
            if rows_in.len() >= 2 && distinct >= 2 {
                let ids: Vec<usize> = run.drain(..).flat_map(|(g, _)| g).collect();
                out.push((ids, rows_in.first().copied()));
            } else {
                out.append(run);
            }
        };
        for (g, r) in groups.drain(..) {
            match r {
                Some(r) if label_right(&g, r) => run.push((g, Some(r))),
                None if !run.is_empty() => run.push((g, None)),
                _ => {
                    flush(&mut run, &mut out);
                    out.push((g, r));
                }
            }
        }
        flush(&mut run, &mut out);
        *groups = out;
    }
}

/// Cut a free group into blocks: a table header cell (text beside it) stays whole; prose is
/// cut into paragraphs.
fn paragraphs(frags: &[Frag], g: Vec<usize>, right: f64) -> Vec<Vec<usize>> {
    let (_, y0, _, y1) = block_box(frags, &g);
    let beside = frags
        .iter()
        .enumerate()
        .any(|(i, f)| !g.contains(&i) && f.y1.min(y1) - f.y0.max(y0) >= 0.3 * f.h());
    if beside {
        return vec![g];
    }
    let left = g.iter().map(|&i| frags[i].x0).fold(f64::INFINITY, f64::min);
    let mut out: Vec<Vec<usize>> = Vec::new();
    for i in g {
        let f = &frags[i];
        let cont = out.last().and_then(|b| b.last()).is_some_and(|&p| {
            let p = &frags[p];
            reaches_margin(p, f, right) && f.x0 <= left + 0.8 * f.h()
        });
        match out.last_mut() {
            Some(b) if cont => b.push(i),
            _ => out.push(vec![i]),
        }
    }
    out
}

fn block_box(frags: &[Frag], b: &[usize]) -> (f64, f64, f64, f64) {
    b.iter().fold(
        (
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ),
        |(x0, y0, x1, y1), &i| {
            let f = &frags[i];
            (x0.min(f.x0), y0.min(f.y0), x1.max(f.x1), y1.max(f.y1))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(x0: f64, y0: f64, x1: f64, text: &str) -> Word {
        Word {
            x0,
            y0,
            x1,
            y1: y0 + 15.6,
            text: text.into(),
        }
    }

    fn lay(words: Vec<Word>) -> Vec<String> {
        page(&lines(words), &Carry::default(), &Rules::default()).lines
    }

    #[test]
    fn values_are_recognised() {
        for v in [
            "0",
            "12",
            "1,234",
            "-183",
            "+5174",
            "减3",
            "2.5万元",
            "27225290916 元",
            "/",
            "—",
            "无",
            "93.8605（万元）",
            "12%",
        ] {
            assert!(is_value(v), "{v}");
        }
        for t in ["1.", "（一）", "2020年", "数量", "2021-03-30", "3/10", ""] {
            assert!(!is_value(t), "{t}");
        }
    }

    #[test]
    fn a_wrapped_label_and_a_wrapped_number_make_one_row() {
        // The sh2020 layout: label on two lines, 2695/4 wrapped, other numbers centred.
        let words = vec![
            w(64.0, 153.0, 232.0, "一、本年新收政府信息公开申请"),
            w(251.0, 153.0, 281.0, "2695"),
            w(296.0, 160.0, 326.0, "1718"),
            w(351.0, 160.0, 366.0, "13"),
            w(64.0, 170.0, 88.0, "数量"),
            w(251.0, 167.0, 259.0, "4"),
            w(64.0, 198.0, 232.0, "二、上年结转政府信息公开申请"),
            w(251.0, 205.0, 281.0, "1327"),
            w(351.0, 205.0, 359.0, "0"),
            w(64.0, 215.0, 88.0, "数量"),
        ];
        assert_eq!(
            lay(words),
            [
                "| 一、本年新收政府信息公开申请数量 | 26954 | 1718 | 13 |",
                "| 二、上年结转政府信息公开申请数量 | 1327 |  | 0 |",
            ]
        );
    }

    #[test]
    fn tight_rows_split_a_stack_of_labels() {
        // Word tables: no padding, so labels of consecutive rows stack like wrapped lines.
        let mut words = Vec::new();
        let labels = [
            "1.属于国家秘密",
            "2.其他法律行政法",
            "规禁止公开",
            "3.危及稳定",
        ];
        for (i, l) in labels.iter().enumerate() {
            words.push(w(144.0, 100.0 + 17.0 * i as f64, 240.0, l));
        }
        // Numbers centred on rows: row 1 line 0, row 2 between lines 1 and 2, row 3 line 3.
        for (y, v) in [(100.0, "58"), (125.5, "87"), (151.0, "21")] {
            words.push(w(258.0, y, 274.0, v));
            words.push(w(307.0, y, 315.0, "0"));
        }
        assert_eq!(
            lay(words),
            [
                "| 1.属于国家秘密 | 58 | 0 |",
                "| 2.其他法律行政法规禁止公开 | 87 | 0 |",
                "| 3.危及稳定 | 21 | 0 |",
            ]
        );
    }

    #[test]
    fn a_group_label_spanning_rows_goes_to_its_first_row() {
        let words = vec![
            w(68.0, 243.0, 92.0, "三、"),
            w(101.0, 248.0, 185.0, "（一）予以公开"),
            w(251.0, 247.0, 281.0, "10"),
            w(68.0, 260.0, 92.0, "本年"),
            w(68.0, 277.0, 92.0, "度办"),
            w(101.0, 281.0, 233.0, "（二）部分公开"),
            w(251.0, 281.0, 281.0, "5"),
            w(68.0, 294.0, 92.0, "理结"),
            w(68.0, 311.0, 80.0, "果"),
            w(101.0, 311.0, 233.0, "（三）不予公开"),
            w(251.0, 311.0, 281.0, "2"),
        ];
        assert_eq!(
            lay(words),
            [
                "| 三、本年度办理结果 | （一）予以公开 | 10 |",
                "| （二）部分公开 | 5 |",
                "| （三）不予公开 | 2 |",
            ]
        );
    }

    #[test]
    fn a_value_set_close_to_its_label_is_a_cell() {
        let words = vec![
            w(56.0, 100.0, 140.0, "行政规范性文件"),
            w(141.0, 100.0, 147.0, "0"),
            w(200.0, 100.0, 206.0, "0"),
            w(56.0, 130.0, 110.0, "2020"),
            w(113.0, 130.0, 160.0, "年，本机关"),
        ];
        assert_eq!(
            lay(words),
            ["| 行政规范性文件 | 0 | 0 |", "2020 年，本机关"]
        );
    }

    #[test]
    fn prose_is_cut_into_paragraphs() {
        let words = vec![
            w(56.0, 100.0, 128.0, "一、总体情况"),
            w(
                80.0,
                130.0,
                560.0,
                "2020年，上海市坚持以习近平新时代中国特色社会主义思想为指导",
            ),
            w(56.0, 147.0, 300.0, "政府工作透明度进一步提高。"),
            w(
                80.0,
                164.0,
                560.0,
                "按照要求，坚持以公开为常态、不公开为例外，围绕决策、执行",
            ),
            w(56.0, 181.0, 200.0, "公开。"),
        ];
        assert_eq!(
            lay(words),
            [
                "一、总体情况",
                "2020年，上海市坚持以习近平新时代中国特色社会主义思想为指导政府工作透明度进一步提高。",
                "按照要求，坚持以公开为常态、不公开为例外，围绕决策、执行公开。",
            ]
        );
    }
}
