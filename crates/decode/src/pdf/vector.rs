//! Table rules from the page's vector drawing: the lines and thin filled rectangles of the
//! content stream, in page points.
//!
//! pdftotext gives words but not the lines a table is drawn with; they are in the page's
//! content stream as path operators (`m`/`l`/`re`, then `S` or `f`). Reading them there costs a
//! few milliseconds per document, where rendering the table pages to find the rules in the
//! image cost as much as pdftotext itself (and far more for Type 3 fonts, which Chromium uses
//! for CJK text): see the PDF section of `docs/benchmarks.md`.
//!
//! The document structure (cross-reference, page tree, resources, stream filters) is read by
//! `lopdf`, with its limits on decompressed sizes; the content stream itself by the small
//! scanner below, which keeps only the operands of path, colour, transformation and clipping
//! operators (lopdf's own content parser builds an object for every operand of every text
//! operator: measured 20× slower on a Chromium print, as slow as pdftotext itself).
//!
//! What is a rule: an axis-aligned stroked segment, or an axis-aligned filled rectangle at most
//! [`THIN`] thick, in a dark colour (light fills are cell shading and page backgrounds), cut to
//! the clipping area (Chromium clips a table wider than the page at the margin; the path goes
//! on beyond it). Collinear pieces (one per cell when borders are drawn cell by cell) join, and
//! parallel rules closer than [`DOUBLE`] (the two lines of a separated double border) become
//! one, as the raster finder merges them.

use super::raster::{HRule, Rules, VRule};
use lopdf::{Dictionary, Document, Object, ObjectId};

/// Thickest filled rectangle that is a rule rather than a filled area, in points.
const THIN: f64 = 3.0;
/// Parallel rules closer than this are one (a separated double border), in points.
const DOUBLE: f64 = 4.0;
/// Collinear pieces of one rule with a gap up to this join (border spacing), in points.
const JOIN: f64 = 2.5;
/// Most decompressed content read per page (forms included).
const MAX_CONTENT: usize = 32 * 1024 * 1024;
/// Most form XObjects nested in one another.
const MAX_DEPTH: usize = 8;
/// Most path segments kept per page: a page drawn as millions of strokes is a drawing, not a
/// table, and its rules are left unknown.
const MAX_SEGMENTS: usize = 200_000;

/// Most rules kept per page (each layout step looks at every rule).
const MAX_RULES: usize = 4000;

/// Why rules could not be read from the drawing (the caller falls back to rendering).
#[derive(Debug)]
pub(crate) enum VectorError {
    /// lopdf could not read the document structure.
    Load,
    /// Page count differs from pdftotext's, a rotated page, or a limit hit.
    Unsupported,
}

/// A PDF whose pages' drawings can be read.
pub(crate) struct Drawing {
    doc: Document,
    pages: Vec<ObjectId>,
}

impl Drawing {
    /// Parse the document structure; `pages` is the page count pdftotext saw.
    pub(crate) fn load(bytes: &[u8], pages: usize) -> Result<Drawing, VectorError> {
        let options = lopdf::LoadOptions {
            max_decompressed_size: Some(MAX_CONTENT),
            ..lopdf::LoadOptions::default()
        };
        // lopdf is well fuzzed, but a panic on a hostile file must not end the batch: the
        // rules are then found by rendering, as before.
        let doc = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            Document::load_mem_with_options(bytes, options)
        }))
        .map_err(|_| VectorError::Load)?
        .map_err(|_| VectorError::Load)?;
        let ids: Vec<ObjectId> = doc.get_pages().into_values().collect();
        if ids.len() != pages {
            return Err(VectorError::Unsupported);
        }
        Ok(Drawing { doc, pages: ids })
    }

    /// The rules of page `index` (0-based), `min_len` points long at least.
    pub(crate) fn rules(&self, index: usize, min_len: f64) -> Result<Rules, VectorError> {
        let id = *self.pages.get(index).ok_or(VectorError::Unsupported)?;
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.page_rules(id, min_len)
        }))
        .map_err(|_| VectorError::Unsupported)?
    }

    fn page_rules(&self, id: ObjectId, min_len: f64) -> Result<Rules, VectorError> {
        let page = self
            .doc
            .get_dictionary(id)
            .map_err(|_| VectorError::Unsupported)?;
        let rotate = self
            .inherited(page, b"Rotate")
            .and_then(number)
            .unwrap_or(0.0);
        if rotate.rem_euclid(360.0) != 0.0 {
            return Err(VectorError::Unsupported);
        }
        let media = self
            .inherited(page, b"MediaBox")
            .and_then(|o| self.rect(o))
            .unwrap_or(Rect {
                x0: 0.0,
                y0: 0.0,
                x1: 612.0,
                y1: 792.0,
            });
        let crop = self
            .inherited(page, b"CropBox")
            .and_then(|o| self.rect(o))
            .and_then(|c| c.intersect(&media))
            .unwrap_or(media);
        let content = self
            .doc
            .get_page_content_with_limit(id, MAX_CONTENT)
            .map_err(|_| VectorError::Unsupported)?;
        let resources = self.page_resources(id);
        let mut painter = Painter {
            drawing: self,
            budget: MAX_CONTENT.saturating_sub(content.len()),
            segs: Vec::new(),
        };
        let state = State {
            clip: crop,
            ..State::default()
        };
        painter.run(&content, &resources, state, 0)?;
        Ok(painter.rules(&crop, min_len))
    }

    /// An entry of the page dictionary, or of the nearest ancestor that has it.
    fn inherited<'a>(&'a self, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
        let mut node = page;
        for _ in 0..32 {
            if let Ok(o) = node.get(key) {
                return self.doc.dereference(o).ok().map(|(_, o)| o);
            }
            let parent = node.get(b"Parent").ok()?;
            node = self.doc.dereference(parent).ok()?.1.as_dict().ok()?;
        }
        None
    }

    fn rect(&self, o: &Object) -> Option<Rect> {
        let a = o.as_array().ok()?;
        let v: Vec<f64> = a
            .iter()
            .filter_map(|x| self.doc.dereference(x).ok().and_then(|(_, x)| number(x)))
            .collect();
        let [x0, y0, x1, y1] = v.as_slice() else {
            return None;
        };
        Some(Rect {
            x0: x0.min(*x1),
            y0: y0.min(*y1),
            x1: x0.max(*x1),
            y1: y0.max(*y1),
        })
    }

    /// The page's resource dictionaries, nearest first.
    fn page_resources(&self, id: ObjectId) -> Vec<&Dictionary> {
        let Ok((direct, ids)) = self.doc.get_page_resources(id) else {
            return Vec::new();
        };
        direct
            .into_iter()
            .chain(
                ids.into_iter()
                    .filter_map(|r| self.doc.get_dictionary(r).ok()),
            )
            .collect()
    }

    /// The form XObject `name` in `resources`: its content, matrix and resources.
    fn form<'a>(
        &'a self,
        resources: &[&'a Dictionary],
        name: &[u8],
        budget: usize,
    ) -> Option<(Vec<u8>, [f64; 6], Vec<&'a Dictionary>)> {
        let xobject = resources.iter().find_map(|r| {
            let x = r.get(b"XObject").ok()?;
            let x = self.doc.dereference(x).ok()?.1.as_dict().ok()?;
            let o = x.get(name).ok()?;
            self.doc.dereference(o).ok()?.1.as_stream().ok()
        })?;
        let subtype = xobject.dict.get(b"Subtype").ok()?.as_name().ok()?;
        if subtype != b"Form" {
            return None;
        }
        let content = xobject.decompressed_content_with_limit(budget).ok()?;
        let mut matrix = IDENTITY;
        if let Ok(m) = xobject.dict.get(b"Matrix").and_then(Object::as_array) {
            let v: Vec<f64> = m.iter().filter_map(number).collect();
            if let [a, b, c, d, e, f] = v.as_slice() {
                matrix = [*a, *b, *c, *d, *e, *f];
            }
        }
        let own = xobject
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|r| self.doc.dereference(r).ok())
            .and_then(|(_, r)| r.as_dict().ok());
        // A form without resources of its own uses its parent's.
        let res = match own {
            Some(d) => vec![d],
            None => resources.to_vec(),
        };
        Some((content, matrix, res))
    }
}

fn number(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

/// An axis-aligned rectangle in PDF user space (y up).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Rect {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Rect {
    fn intersect(&self, o: &Rect) -> Option<Rect> {
        let r = Rect {
            x0: self.x0.max(o.x0),
            y0: self.y0.max(o.y0),
            x1: self.x1.min(o.x1),
            y1: self.y1.min(o.y1),
        };
        (r.x0 <= r.x1 && r.y0 <= r.y1).then_some(r)
    }
}

const IDENTITY: [f64; 6] = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m` then `n`: first `m`, then `n` (PDF's row-vector convention).
fn concat(m: &[f64; 6], n: &[f64; 6]) -> [f64; 6] {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

fn apply(m: &[f64; 6], x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// The graphics state that matters for rules.
#[derive(Clone, Debug)]
struct State {
    ctm: [f64; 6],
    line_width: f64,
    stroke_dark: bool,
    fill_dark: bool,
    clip: Rect,
}

impl Default for State {
    fn default() -> State {
        State {
            ctm: IDENTITY,
            line_width: 1.0,
            stroke_dark: true,
            fill_dark: true,
            clip: Rect {
                x0: f64::NEG_INFINITY,
                y0: f64::NEG_INFINITY,
                x1: f64::INFINITY,
                y1: f64::INFINITY,
            },
        }
    }
}

/// Dark enough to be a rule: as in the raster finder, darker than the light fills of header
/// cells (rules are often grey).
fn dark(lum: f64) -> bool {
    lum < 170.0 / 255.0
}

fn colour_dark(v: &[f64]) -> bool {
    match v {
        [g] => dark(*g),
        [r, g, b] => dark(0.3 * r + 0.59 * g + 0.11 * b),
        [c, m, y, k] => {
            let (r, g, b) = (
                (1.0 - c) * (1.0 - k),
                (1.0 - m) * (1.0 - k),
                (1.0 - y) * (1.0 - k),
            );
            dark(0.3 * r + 0.59 * g + 0.11 * b)
        }
        // A pattern or an unknown space: not a rule colour.
        _ => false,
    }
}

/// A straight piece of a rule in user space: horizontal (`y`, `a..b` in x) or vertical (`x`,
/// `a..b` in y).
#[derive(Clone, Copy, Debug)]
struct Seg {
    vertical: bool,
    at: f64,
    a: f64,
    b: f64,
    /// The far end (`b`) was cut by the clipping area.
    cut: bool,
}

struct Painter<'d> {
    drawing: &'d Drawing,
    budget: usize,
    segs: Vec<Seg>,
}

/// A subpath: its points in user space, whether it was closed, and whether it has curves.
#[derive(Default)]
struct Sub {
    pts: Vec<(f64, f64)>,
    closed: bool,
    curved: bool,
}

impl<'d> Painter<'d> {
    fn run(
        &mut self,
        content: &[u8],
        resources: &[&'d Dictionary],
        mut gs: State,
        depth: usize,
    ) -> Result<(), VectorError> {
        let mut stack: Vec<State> = Vec::new();
        let mut path: Vec<Sub> = Vec::new();
        let mut pending_clip = false;
        let mut nums: Vec<f64> = Vec::with_capacity(8);
        let mut name: Vec<u8> = Vec::new();
        let mut lex = Lexer { s: content, i: 0 };
        while let Some(tok) = lex.next() {
            let op = match tok {
                Tok::Num(n) => {
                    nums.push(n);
                    continue;
                }
                Tok::Name(n) => {
                    name.clear();
                    name.extend_from_slice(n);
                    continue;
                }
                Tok::Other => continue,
                Tok::Op(op) => op,
            };
            let pt = |x: f64, y: f64, gs: &State| apply(&gs.ctm, x, y);
            match op {
                b"q" if stack.len() < 256 => stack.push(gs.clone()),
                b"Q" => {
                    if let Some(s) = stack.pop() {
                        gs = s;
                    }
                }
                b"cm" => {
                    if let [a, b, c, d, e, f] = nums[..] {
                        gs.ctm = concat(&[a, b, c, d, e, f], &gs.ctm);
                    }
                }
                b"w" => {
                    if let [w] = nums[..] {
                        gs.line_width = w;
                    }
                }
                b"G" | b"RG" | b"K" | b"SC" | b"SCN" => gs.stroke_dark = colour_dark(&nums),
                b"g" | b"rg" | b"k" | b"sc" | b"scn" => gs.fill_dark = colour_dark(&nums),
                // A new colour space starts black, except patterns.
                b"CS" => gs.stroke_dark = name != b"Pattern",
                b"cs" => gs.fill_dark = name != b"Pattern",
                b"m" => {
                    if let [x, y] = nums[..] {
                        path.push(Sub {
                            pts: vec![pt(x, y, &gs)],
                            ..Sub::default()
                        });
                    }
                }
                b"l" => {
                    if let ([x, y], Some(sub)) = (&nums[..], path.last_mut()) {
                        sub.pts.push(pt(*x, *y, &gs));
                    }
                }
                b"c" | b"v" | b"y" => {
                    if let (Some(&y), Some(&x), Some(sub)) =
                        (nums.last(), nums.iter().rev().nth(1), path.last_mut())
                    {
                        sub.pts.push(pt(x, y, &gs));
                        sub.curved = true;
                    }
                }
                b"h" => {
                    if let Some(sub) = path.last_mut() {
                        sub.closed = true;
                    }
                }
                b"re" => {
                    if let [x, y, w, h] = nums[..] {
                        path.push(Sub {
                            pts: vec![
                                pt(x, y, &gs),
                                pt(x + w, y, &gs),
                                pt(x + w, y + h, &gs),
                                pt(x, y + h, &gs),
                            ],
                            closed: true,
                            curved: false,
                        });
                    }
                }
                b"W" | b"W*" => pending_clip = true,
                b"S" | b"s" | b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" | b"n" => {
                    let close = matches!(op, b"s" | b"b" | b"b*");
                    let stroke = matches!(op, b"S" | b"s" | b"B" | b"B*" | b"b" | b"b*");
                    let fill = matches!(op, b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*");
                    if stroke && gs.stroke_dark {
                        self.stroke(&path, close, &gs);
                    }
                    if fill && gs.fill_dark {
                        self.fill(&path, &gs);
                    }
                    if pending_clip {
                        if let Some(b) = bbox(&path) {
                            gs.clip = gs.clip.intersect(&b).unwrap_or(Rect {
                                x0: 0.0,
                                y0: 0.0,
                                x1: 0.0,
                                y1: 0.0,
                            });
                        }
                        pending_clip = false;
                    }
                    path.clear();
                    if self.segs.len() > MAX_SEGMENTS {
                        return Err(VectorError::Unsupported);
                    }
                }
                b"Do" => {
                    if depth < MAX_DEPTH
                        && let Some((content, matrix, res)) =
                            self.drawing.form(resources, &name, self.budget)
                    {
                        self.budget = self.budget.saturating_sub(content.len());
                        let mut inner = gs.clone();
                        inner.ctm = concat(&matrix, &gs.ctm);
                        self.run(&content, &res, inner, depth + 1)?;
                    }
                }
                b"BI" => lex.skip_inline_image(),
                _ => {}
            }
            nums.clear();
            name.clear();
        }
        Ok(())
    }

    fn push(&mut self, gs: &State, (x0, y0): (f64, f64), (x1, y1): (f64, f64)) {
        let c = &gs.clip;
        if (y0 - y1).abs() < 0.5 {
            let y = (y0 + y1) / 2.0;
            let (a, b) = (x0.min(x1).max(c.x0), x0.max(x1).min(c.x1));
            if y >= c.y0 && y <= c.y1 && a < b {
                self.segs.push(Seg {
                    vertical: false,
                    at: y,
                    a,
                    b,
                    cut: x0.max(x1) > c.x1 + 0.5,
                });
            }
        } else if (x0 - x1).abs() < 0.5 {
            let x = (x0 + x1) / 2.0;
            let (a, b) = (y0.min(y1).max(c.y0), y0.max(y1).min(c.y1));
            if x >= c.x0 && x <= c.x1 && a < b {
                self.segs.push(Seg {
                    vertical: true,
                    at: x,
                    a,
                    b,
                    cut: false,
                });
            }
        }
    }

    fn stroke(&mut self, path: &[Sub], close: bool, gs: &State) {
        for sub in path.iter().filter(|s| !s.curved) {
            for w in sub.pts.windows(2) {
                self.push(gs, w[0], w[1]);
            }
            if (close || sub.closed)
                && sub.pts.len() > 2
                && let (Some(&a), Some(&b)) = (sub.pts.last(), sub.pts.first())
            {
                self.push(gs, a, b);
            }
        }
    }

    /// A filled subpath that is a thin bar (a rule drawn as a rectangle): its centre line.
    fn fill(&mut self, path: &[Sub], gs: &State) {
        for sub in path.iter().filter(|s| !s.curved && s.pts.len() >= 2) {
            let Some(b) = bbox(std::slice::from_ref(sub)) else {
                continue;
            };
            let (w, h) = (b.x1 - b.x0, b.y1 - b.y0);
            if w <= THIN && h > w {
                let x = (b.x0 + b.x1) / 2.0;
                self.push(gs, (x, b.y0), (x, b.y1));
            } else if h <= THIN && w > h {
                let y = (b.y0 + b.y1) / 2.0;
                self.push(gs, (b.x0, y), (b.x1, y));
            }
        }
    }

    /// Joined, merged rules in page points (y down from the crop box's top), at least
    /// `min_len` long.
    fn rules(&mut self, crop: &Rect, min_len: f64) -> Rules {
        let (mut v, mut h): (Vec<Seg>, Vec<Seg>) = self.segs.drain(..).partition(|s| s.vertical);
        let v = merge(&mut v, min_len);
        let h = merge(&mut h, min_len);
        if v.len() + h.len() > MAX_RULES {
            // A drawing, not a table: its columns are left to the values' alignment.
            return Rules::default();
        }
        Rules {
            v: v.into_iter()
                .map(|s| VRule {
                    x: s.at - crop.x0,
                    y0: crop.y1 - s.b,
                    y1: crop.y1 - s.a,
                })
                .collect(),
            h: h.into_iter()
                .map(|s| HRule {
                    y: crop.y1 - s.at,
                    x0: s.a - crop.x0,
                    x1: s.b - crop.x0,
                    cut: Some(s.cut),
                })
                .collect(),
        }
    }
}

/// Rules from segments of one direction: parallel ones closer than [`DOUBLE`] that overlap
/// (or nearly touch) along their length become one, at the position of the first; pieces
/// shorter than `min_len` after joining are dropped.
fn merge(segs: &mut [Seg], min_len: f64) -> Vec<Seg> {
    segs.sort_by(|p, q| p.at.total_cmp(&q.at).then(p.a.total_cmp(&q.a)));
    // Clusters of positions closer than DOUBLE to the cluster's first.
    let mut out: Vec<Seg> = Vec::new();
    let mut start = 0;
    while start < segs.len() {
        let at = segs[start].at;
        let mut end = start;
        while end < segs.len() && segs[end].at - at < DOUBLE {
            end += 1;
        }
        let cluster = &mut segs[start..end];
        cluster.sort_by(|p, q| p.a.total_cmp(&q.a));
        let mut cur: Option<Seg> = None;
        for s in cluster.iter() {
            match cur.as_mut() {
                Some(c) if s.a <= c.b + JOIN => {
                    if s.b >= c.b {
                        c.cut = s.cut || (c.cut && s.b == c.b);
                        c.b = s.b;
                    }
                }
                _ => {
                    if let Some(c) = cur.take() {
                        out.push(c);
                    }
                    cur = Some(Seg { at, ..*s });
                }
            }
        }
        out.extend(cur);
        start = end;
    }
    out.retain(|s| s.b - s.a >= min_len);
    out
}

fn bbox(path: &[Sub]) -> Option<Rect> {
    let mut it = path.iter().flat_map(|s| s.pts.iter());
    let &(x, y) = it.next()?;
    let mut r = Rect {
        x0: x,
        y0: y,
        x1: x,
        y1: y,
    };
    for &(x, y) in it {
        r.x0 = r.x0.min(x);
        r.y0 = r.y0.min(y);
        r.x1 = r.x1.max(x);
        r.y1 = r.y1.max(y);
    }
    Some(r)
}

/// A token of a content stream: what the painter needs, and everything else skipped.
enum Tok<'a> {
    Num(f64),
    Name(&'a [u8]),
    Op(&'a [u8]),
    /// Strings, arrays, dictionaries: operands of operators that draw no rules.
    Other,
}

struct Lexer<'a> {
    s: &'a [u8],
    i: usize,
}

fn is_white(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\0')
}

fn is_delim(c: u8) -> bool {
    matches!(
        c,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

impl<'a> Lexer<'a> {
    fn next(&mut self) -> Option<Tok<'a>> {
        let s = self.s;
        loop {
            let c = *s.get(self.i)?;
            if is_white(c) {
                self.i += 1;
            } else if c == b'%' {
                while self.i < s.len() && !matches!(s[self.i], b'\n' | b'\r') {
                    self.i += 1;
                }
            } else {
                break;
            }
        }
        let start = self.i;
        let c = s[start];
        match c {
            b'/' => {
                self.i += 1;
                while self.i < s.len() && !is_white(s[self.i]) && !is_delim(s[self.i]) {
                    self.i += 1;
                }
                Some(Tok::Name(&s[start + 1..self.i]))
            }
            b'(' => {
                let mut depth = 0usize;
                while self.i < s.len() {
                    match s[self.i] {
                        b'\\' => self.i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                self.i += 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                    self.i += 1;
                }
                Some(Tok::Other)
            }
            b'<' => {
                self.i += 1;
                if s.get(self.i) == Some(&b'<') {
                    self.i += 1;
                } else {
                    while self.i < s.len() && s[self.i] != b'>' {
                        self.i += 1;
                    }
                    self.i += 1;
                }
                Some(Tok::Other)
            }
            b'>' | b'[' | b']' | b'{' | b'}' | b')' => {
                self.i += 1;
                Some(Tok::Other)
            }
            b'0'..=b'9' | b'+' | b'-' | b'.' => {
                self.i += 1;
                while self.i < s.len() && matches!(s[self.i], b'0'..=b'9' | b'.') {
                    self.i += 1;
                }
                let text = std::str::from_utf8(&s[start..self.i]).unwrap_or("");
                Some(match text.parse::<f64>() {
                    Ok(n) if n.is_finite() => Tok::Num(n),
                    _ => Tok::Other,
                })
            }
            _ => {
                while self.i < s.len() && !is_white(s[self.i]) && !is_delim(s[self.i]) {
                    self.i += 1;
                }
                if self.i == start {
                    self.i += 1;
                    return Some(Tok::Other);
                }
                Some(Tok::Op(&s[start..self.i]))
            }
        }
    }

    /// After `BI`: the image dictionary, `ID`, binary data, `EI` (delimited by white space).
    fn skip_inline_image(&mut self) {
        let s = self.s;
        while let Some(t) = self.next() {
            if let Tok::Op(b"ID") = t {
                break;
            }
        }
        self.i += 1;
        while self.i + 2 <= s.len() {
            if &s[self.i..self.i + 2] == b"EI"
                && self.i > 0
                && is_white(s[self.i - 1])
                && s.get(self.i + 2).is_none_or(|&c| is_white(c))
            {
                self.i += 2;
                return;
            }
            self.i += 1;
        }
        self.i = s.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(content: &[u8]) -> Rules {
        let doc = Document::with_version("1.4");
        let drawing = Drawing {
            doc,
            pages: Vec::new(),
        };
        let mut p = Painter {
            drawing: &drawing,
            budget: 0,
            segs: Vec::new(),
        };
        let crop = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 600.0,
            y1: 800.0,
        };
        let gs = State {
            clip: crop,
            ..State::default()
        };
        p.run(content, &[], gs, 0).unwrap_or(());
        p.rules(&crop, 10.0)
    }

    #[test]
    fn stroked_lines_and_thin_rectangles_are_rules() {
        let r = segs(
            b"0.5 w 100 700 m 100 600 l S\n\
              1 1 1 rg 0 0 600 800 re f\n\
              0 g 200 600 0.75 100 re f\n\
              BT /F1 12 Tf (a 1 2 re f) Tj ET\n\
              100 700 m 300 700 l S",
        );
        let xs: Vec<f64> = r.v.iter().map(|v| v.x).collect();
        assert_eq!(xs.len(), 2, "{r:?}");
        assert!((xs[0] - 100.0).abs() < 1e-9 && (xs[1] - 200.375).abs() < 1e-9);
        assert!((r.v[0].y0 - 100.0).abs() < 1e-9 && (r.v[0].y1 - 200.0).abs() < 1e-9);
        assert_eq!(r.h.len(), 1);
        assert!((r.h[0].y - 100.0).abs() < 1e-9);
    }

    #[test]
    fn double_borders_and_cell_pieces_join() {
        // Two lines 1.5 pt apart (a separated double border), each drawn cell by cell with
        // 1.5 pt gaps.
        let r = segs(
            b"100 700 m 100 690 l S 100 688.5 m 100 678 l S\n\
              101.5 700 m 101.5 690 l S 101.5 688.5 m 101.5 678 l S",
        );
        assert_eq!(r.v.len(), 1, "{r:?}");
        assert!((r.v[0].y1 - r.v[0].y0 - 22.0).abs() < 1e-9);
    }

    #[test]
    fn rules_are_cut_at_the_clip_and_transformed() {
        let r = segs(b"q 0 0 300 800 re W n 2 0 0 2 0 0 cm 10 300 m 400 300 l S Q");
        assert_eq!(r.h.len(), 1);
        assert_eq!(r.h[0].cut, Some(true));
        assert!((r.h[0].x0 - 20.0).abs() < 1e-9 && (r.h[0].x1 - 300.0).abs() < 1e-9);
        assert!((r.h[0].y - 200.0).abs() < 1e-9);
    }

    proptest::proptest! {
        /// Any bytes as a content stream: no panic, and every rule found lies in the page.
        #[test]
        fn any_content_is_scanned_safely(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2000),
                                         ops in proptest::collection::vec(0usize..12, 0..200)) {
            const OPS: [&str; 12] = ["q", "Q", "1 0 0 1 5 5 cm", "10 10 m", "300 10 l", "S",
                "10 10 2 500 re", "f", "W n", "(x) Tj", "BI /W 1 ID", "0 g"];
            let mut content = bytes;
            for o in ops {
                content.extend_from_slice(OPS[o].as_bytes());
                content.push(b' ');
            }
            let r = segs(&content);
            for v in &r.v {
                proptest::prop_assert!(v.x >= 0.0 && v.x <= 600.0 && v.y0 <= v.y1);
            }
            for h in &r.h {
                proptest::prop_assert!(h.y >= 0.0 && h.y <= 800.0 && h.x0 <= h.x1);
            }
        }
    }

    #[test]
    fn light_and_curved_paths_are_not_rules() {
        let r = segs(
            b"0.9 G 100 700 m 100 600 l S 0 G 100 700 m 100 650 150 600 100 600 c S\n\
              BI /W 2 /H 2 ID \x00EI\x01 l S EI 50 700 m 50 600 l S",
        );
        assert_eq!(r.v.len(), 1, "{r:?}");
        assert!((r.v[0].x - 50.0).abs() < 1e-9);
    }
}
