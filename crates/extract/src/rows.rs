//! From the cells after a label to the values of a row.
//!
//! A row needs exactly `n` values. When the cells say so plainly (as many filled cells as
//! columns) there is one reading. Otherwise every reading the layout allows is generated —
//! blank cells placed by position, digits that ran together split, missing blanks inserted —
//! and the row's own identity (total = sum of the parts) filters them. Readings that survive
//! go to the table-level solver; nothing is guessed.

use crate::tokens::{Gap, Tok, TokKind};
use gongkai_format::MoneyUnit;
use gongkai_report::{Num, Placement};
use std::ops::Range;

/// One value of a reading.
#[derive(Clone, Debug, PartialEq)]
pub struct Slot {
    pub num: Num,
    pub blank: bool,
    pub unit: Option<MoneyUnit>,
    /// Normalised range of the cell (empty when the blank has no cell of its own).
    pub span: Range<usize>,
    pub line: usize,
}

impl Slot {
    fn from_tok(t: &Tok) -> Slot {
        let (num, blank, unit) = match t.kind {
            TokKind::Value { num, unit } => (num, false, unit),
            _ => (Num::ZERO, true, None),
        };
        Slot {
            num,
            blank,
            unit,
            span: t.span.clone(),
            line: t.line,
        }
    }

    fn blank_at(at: usize, line: usize) -> Slot {
        Slot {
            num: Num::ZERO,
            blank: true,
            unit: None,
            span: at..at,
            line,
        }
    }

    /// The value in the table's unit (元 converted to 万元).
    pub fn value(&self) -> Num {
        match self.unit {
            Some(MoneyUnit::Yuan) => Num::Dec(self.num.as_f64() * MoneyUnit::Yuan.to_wan()),
            _ => self.num,
        }
    }
}

pub type Reading = Vec<Slot>;

/// The identity a row's values must satisfy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Identity {
    None,
    /// The last value is the sum of the others (table 3 rows).
    LastIsSum,
    /// Groups of `k`, each with its last value the sum of the others (table 4).
    GroupsOf(usize),
}

impl Identity {
    pub fn holds(self, r: &[Slot]) -> bool {
        match self {
            Identity::None => true,
            Identity::LastIsSum => last_is_sum(r),
            Identity::GroupsOf(k) => k > 1 && r.chunks(k).all(last_is_sum),
        }
    }
}

fn last_is_sum(r: &[Slot]) -> bool {
    match r.split_last() {
        Some((last, parts)) => Num::sum(parts.iter().map(Slot::value)).same(last.value()),
        None => true,
    }
}

/// All readings of a row, with how they were obtained.
#[derive(Clone, Debug, Default)]
pub struct Readings {
    pub list: Vec<Reading>,
    /// How each reading of `list` was obtained.
    pub kinds: Vec<Placement>,
    /// How the readings were obtained, for messages: the kind of the first.
    pub how: Option<Placement>,
    /// Readings that satisfy the row identity (a subset of `list` by index).
    pub consistent: Vec<usize>,
    /// Too many readings to enumerate.
    pub overflow: bool,
    /// A cell of the row could not be read (`〓`): the row has no reading at all.
    pub illegible: bool,
}

impl Readings {
    fn push(&mut self, r: Reading, how: Placement) {
        if self.how.is_none() {
            self.how = Some(how);
        }
        self.list.push(r);
        self.kinds.push(how);
    }

    /// The one reading, if the row is settled on its own: a single reading, several that all
    /// give the same values, or several of which those satisfying the identity agree. When
    /// the readings agree on the numbers but not on which printed cell is which column (a
    /// blank counts as 0), the row is settled with [`Placement::PositionUnknown`].
    pub fn settled(&self) -> Option<(Reading, Placement)> {
        let first = self.list.first()?;
        let kind = |i: usize| self.kinds.get(i).copied().unwrap_or(Placement::Resolved);
        let all: Vec<usize> = (0..self.list.len()).collect();
        if let Some(x) = self.agreed(&all, kind(0)) {
            return Some(x);
        }
        if let Some(&c0) = self.consistent.first() {
            let how = match kind(c0) {
                Placement::Split => Placement::Split,
                _ => Placement::Resolved,
            };
            if let Some(x) = self.agreed(&self.consistent, how) {
                return Some(x);
            }
            // Blank cells between explicit separators: the cells right after the label are the
            // columns, in order; empty cells beyond them are padding of a ragged row. The first
            // window that fits is the row as printed.
            if kind(c0) == Placement::Positional
                && self
                    .consistent
                    .iter()
                    .all(|&i| kind(i) == Placement::Positional)
            {
                return self
                    .list
                    .get(c0)
                    .map(|r| (r.clone(), Placement::Positional));
            }
        }
        let _ = first;
        None
    }

    /// The readings `idx` as one, if they agree: exactly (`how`), or on the numbers only.
    fn agreed(&self, idx: &[usize], how: Placement) -> Option<(Reading, Placement)> {
        let rs: Vec<&Reading> = idx.iter().filter_map(|&i| self.list.get(i)).collect();
        let first = *rs.first()?;
        if rs.iter().all(|r| same_values(r, first)) {
            return Some((first.clone(), how));
        }
        if rs.iter().all(|r| same_numbers(r, first)) {
            return Some((unlocated(&rs), Placement::PositionUnknown));
        }
        None
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// Same numbers, a blank counting as 0.
pub fn same_numbers(a: &[Slot], b: &[Slot]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.value().same(y.value()))
}

/// Readings that agree on the numbers but not on the cells: each value spans all the printed
/// cells of the row, and is blank only where every reading leaves it blank.
pub fn unlocated(rs: &[&Reading]) -> Reading {
    let printed: Vec<&Slot> = rs
        .iter()
        .flat_map(|r| r.iter())
        .filter(|s| !s.span.is_empty())
        .collect();
    let span = match (
        printed.iter().map(|s| s.span.start).min(),
        printed.iter().map(|s| s.span.end).max(),
    ) {
        (Some(a), Some(b)) => a..b,
        _ => rs
            .first()
            .and_then(|r| r.first())
            .map_or(0..0, |s| s.span.start..s.span.start),
    };
    let line = printed.first().map_or(0, |s| s.line);
    let Some(first) = rs.first() else {
        return Vec::new();
    };
    first
        .iter()
        .enumerate()
        .map(|(i, s)| Slot {
            num: s.num,
            blank: rs.iter().all(|r| r.get(i).is_some_and(|x| x.blank)),
            unit: s.unit,
            span: span.clone(),
            line,
        })
        .collect()
}

pub fn same_values(a: &[Slot], b: &[Slot]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.value().same(y.value()) && x.blank == y.blank)
}

/// Cap on readings enumerated for one row.
const MAX_READINGS: usize = 20_000;

/// What the columns of a row accept: `signed[i]` when column `i` may be negative (2019
/// 本年增/减). A reading that puts a negative number elsewhere is not consistent.
#[derive(Clone, Copy, Debug)]
pub struct Shape<'a> {
    pub n: usize,
    pub identity: Identity,
    pub signed: &'a [bool],
}

impl Shape<'_> {
    pub fn counts(n: usize, identity: Identity) -> Shape<'static> {
        Shape {
            n,
            identity,
            signed: &[],
        }
    }

    fn fits(&self, r: &[Slot]) -> bool {
        self.identity.holds(r)
            && r.iter()
                .enumerate()
                .all(|(i, s)| !s.num.is_negative() || self.signed.get(i).copied().unwrap_or(false))
    }
}

/// Every reading of `toks` as a row of `shape.n` values.
pub fn readings(toks: &[Tok], shape: Shape<'_>, norm: &str) -> Readings {
    let n = shape.n;
    let cells: Vec<&Tok> = toks.iter().filter(|t| t.is_cell()).collect();
    let filled: Vec<&Tok> = cells.iter().copied().filter(|t| t.is_filled()).collect();
    let k = filled.len();
    let mut out = Readings::default();
    if n == 0 || cells.is_empty() {
        return out;
    }
    if cells.iter().any(|t| t.kind == TokKind::Illegible) || text_cell_among_values(toks) {
        out.illegible = true;
        return out;
    }
    if k == n {
        out.push(
            filled.iter().map(|t| Slot::from_tok(t)).collect(),
            Placement::Labelled,
        );
    } else if k > n {
        for w in filled.windows(n) {
            out.push(
                w.iter().map(|t| Slot::from_tok(t)).collect(),
                Placement::Labelled,
            );
        }
    } else {
        // Fewer filled cells than columns. Explicit cells (empty ones between separators)
        // give positions; a trailing run of bare separators counts only when it makes the row
        // exactly as wide as the table.
        let hard: Vec<&Tok> = cells.iter().copied().filter(|t| !t.soft).collect();
        let explicit: Option<&[&Tok]> = if cells.len() == n {
            Some(&cells)
        } else if hard.len() >= n {
            Some(&hard)
        } else {
            None
        };
        if let Some(explicit) = explicit {
            let first = explicit.iter().position(|t| t.is_filled());
            let last = explicit.iter().rposition(|t| t.is_filled());
            for (s, w) in explicit.windows(n).enumerate() {
                let covers = match (first, last) {
                    (Some(f), Some(l)) => s <= f && l < s + n,
                    _ => true,
                };
                if covers {
                    out.push(
                        w.iter().map(|t| Slot::from_tok(t)).collect(),
                        Placement::Positional,
                    );
                }
                if k == 0 {
                    break;
                }
            }
        }
        if out.list.is_empty() && k > 0 {
            // Positions unknown: the values in order with blanks anywhere, and, where the
            // separators between cells were lost, runs of digits split into several values.
            // Only the identities (or readings that agree) decide between them.
            if let Some(list) = splits(&filled, n, norm) {
                match list {
                    Some(list) => {
                        for r in list {
                            out.push(r, Placement::Split);
                        }
                    }
                    None => out.overflow = true,
                }
            }
            if !out.overflow && filled.iter().all(|t| whole_number(t, norm)) {
                for r in placements(&filled, n) {
                    out.push(r, Placement::Resolved);
                }
            }
        }
    }
    out.consistent = (0..out.list.len())
        .filter(|&i| out.list.get(i).is_some_and(|r| shape.fits(r)))
        .collect();
    out
}

/// A cell of its own (between separators) holding text, with values on both sides on its line:
/// a value cell whose content is unreadable (`0政`, text a converter spilled over from the
/// label column). Reading around it would shift every later value by one column.
fn text_cell_among_values(toks: &[Tok]) -> bool {
    toks.iter().enumerate().any(|(i, t)| {
        t.kind == TokKind::Text
            && t.sealed
            && toks[..i].iter().any(|p| p.is_filled() && p.line == t.line)
            && toks[i + 1..]
                .iter()
                .any(|n| n.is_filled() && n.line == t.line)
    })
}

/// Whether a token can be one number as printed: `000` or `05` cannot (cells that ran
/// together), `0`, `50` and `0.50` can.
fn whole_number(t: &Tok, norm: &str) -> bool {
    let raw = norm.get(t.span.clone()).unwrap_or("").trim();
    let digits = raw.trim_start_matches(['-', '+']);
    !(digits.len() > 1 && digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit()))
}

/// A token that may be several cells run together: its digits and the sign before them.
struct Run<'a> {
    /// Text of the digits (after the sign).
    digits: &'a str,
    /// Normalised offset of the first digit.
    at: usize,
    negative: bool,
}

/// Readings that split runs of digits (`230 000023` → 23 0 0 0 0 0 23; `-1339` → −1 339 …; a
/// sign belongs to the first number of its run). `None` when no token can be split or the
/// counts cannot reach `n`; `Some(None)` when there are too many.
#[allow(clippy::type_complexity)]
fn splits(filled: &[&Tok], n: usize, norm: &str) -> Option<Option<Vec<Reading>>> {
    let runs: Vec<Option<Run<'_>>> = filled
        .iter()
        .map(|t| {
            let raw = norm.get(t.span.clone()).unwrap_or("");
            let lead = raw.len() - raw.trim_start().len();
            let text = raw.trim();
            // A cell between explicit separators is one number, whatever its digits, unless
            // no table prints it as one (`00`, `023`: cells that ran together).
            if (t.sealed && whole_number(t, norm))
                || !matches!(t.kind, TokKind::Value { unit: None, .. })
            {
                return None;
            }
            let sign = crate::value::digit_run(text)?;
            Some(Run {
                digits: &text[sign..],
                at: t.span.start + lead + sign,
                negative: text.starts_with('-'),
            })
        })
        .collect();
    if runs.iter().all(Option::is_none) {
        return None;
    }
    let max: usize = runs
        .iter()
        .map(|r| r.as_ref().map_or(1, |r| r.digits.len()))
        .sum();
    if max < n || filled.len() > n {
        return None;
    }
    let mut out = Vec::new();
    let mut acc = Vec::with_capacity(n);
    let ok = split_rec(filled, &runs, 0, n, &mut acc, &mut out);
    Some(ok.then_some(out))
}

fn split_rec(
    filled: &[&Tok],
    runs: &[Option<Run<'_>>],
    i: usize,
    remaining: usize,
    acc: &mut Reading,
    out: &mut Vec<Reading>,
) -> bool {
    let Some(tok) = filled.get(i) else {
        if remaining == 0 {
            out.push(acc.clone());
        }
        return out.len() <= MAX_READINGS;
    };
    let rest_min = filled.len() - i - 1;
    let rest_max: usize = runs[i + 1..]
        .iter()
        .map(|r| r.as_ref().map_or(1, |r| r.digits.len()))
        .sum();
    let Some(run) = &runs[i] else {
        if remaining < 1 || remaining - 1 < rest_min || remaining - 1 > rest_max {
            return true;
        }
        acc.push(Slot::from_tok(tok));
        let ok = split_rec(filled, runs, i + 1, remaining - 1, acc, out);
        acc.pop();
        return ok;
    };
    for p in 1..=run.digits.len() {
        if p > remaining || remaining - p < rest_min || remaining - p > rest_max {
            continue;
        }
        let mut parts = Vec::new();
        if !digit_parts(run.digits, p, 0, &mut parts, &mut |parts: &[(
            usize,
            usize,
        )]| {
            let before = acc.len();
            for (k, &(s, e)) in parts.iter().enumerate() {
                let v = run.digits[s..e].parse::<i64>().unwrap_or(0);
                let first_negative = k == 0 && run.negative;
                // The sign is part of the first number's text.
                let start = if first_negative {
                    run.at - 1
                } else {
                    run.at + s
                };
                acc.push(Slot {
                    num: Num::Int(if first_negative { -v } else { v }),
                    blank: false,
                    unit: None,
                    span: start..run.at + e,
                    line: tok.line,
                });
            }
            let ok = split_rec(filled, runs, i + 1, remaining - p, acc, out);
            acc.truncate(before);
            ok
        }) {
            return false;
        }
    }
    true
}

/// Called with each split as byte ranges; returns false to stop.
type OnSplit<'a> = dyn FnMut(&[(usize, usize)]) -> bool + 'a;

/// Split `s[from..]` into `p` numbers without leading zeros; call `f` with each split.
fn digit_parts(
    s: &str,
    p: usize,
    from: usize,
    parts: &mut Vec<(usize, usize)>,
    f: &mut OnSplit<'_>,
) -> bool {
    let len = s.len();
    if p == 0 {
        return if from == len { f(parts) } else { true };
    }
    if len - from < p {
        return true;
    }
    let max_end = len - (p - 1);
    let bytes = s.as_bytes();
    for end in from + 1..=max_end {
        // "0" alone is fine; "03" is not a number a table prints.
        if end - from > 1 && bytes[from] == b'0' {
            break;
        }
        if end - from > 15 {
            break;
        }
        parts.push((from, end));
        let ok = digit_parts(s, p - 1, end, parts, f);
        parts.pop();
        if !ok {
            return false;
        }
    }
    true
}

/// Readings that put `k < n` values into `n` columns in order, blanks elsewhere.
fn placements(filled: &[&Tok], n: usize) -> Vec<Reading> {
    let mut out = Vec::new();
    let mut pos = Vec::with_capacity(filled.len());
    place_rec(filled, n, 0, &mut pos, &mut out);
    out
}

fn place_rec(filled: &[&Tok], n: usize, from: usize, pos: &mut Vec<usize>, out: &mut Vec<Reading>) {
    if out.len() > MAX_READINGS {
        return;
    }
    if pos.len() == filled.len() {
        let mut r = Vec::with_capacity(n);
        let mut next = 0;
        for col in 0..n {
            if pos.get(next) == Some(&col) {
                r.push(Slot::from_tok(filled[next]));
                next += 1;
            } else {
                let near = filled
                    .get(next)
                    .or(filled.last())
                    .map_or((0, 0), |t| (t.span.start, t.line));
                r.push(Slot::blank_at(near.0, near.1));
            }
        }
        out.push(r);
        return;
    }
    let left = filled.len() - pos.len();
    for col in from..=n - left {
        pos.push(col);
        place_rec(filled, n, col + 1, pos, out);
        pos.pop();
    }
}

/// How the cells after a label belong to it.
#[derive(Debug, Default)]
pub struct Attached {
    /// The row's own cells, if the label owns any.
    pub row: Option<Vec<Tok>>,
    /// Groups of cells that are not the label's: rows printed without a label, in order.
    pub orphans: Vec<Vec<Tok>>,
}

/// Decide which cells after a label are its row:
/// - values on the label's own line are its row; whole lines of values after it are rows of
///   their own (printed without a label);
/// - a label alone on its line followed by lines of one cell each owns them (one cell per
///   line layouts);
/// - a label alone on its line followed by a line of several cells does not own it: layouts
///   converted from PDF print labels and number rows apart, and the order decides.
pub fn attach(gap: &Gap, n: usize) -> Attached {
    let mut a = Attached::default();
    let filled = |ts: &[Tok]| ts.iter().any(Tok::is_filled);
    // A row whose cells are all empty (`| 规章 |  |  |  |`) is a row of blanks — unless the
    // lines after it hold the row one value per line (`行政处罚\t` / `5\t`: the label's
    // empty cell was only its terminator).
    let one_per_line = !gap.lines.is_empty()
        && gap
            .lines
            .iter()
            .all(|l| l.iter().filter(|t| t.is_cell()).count() <= 1)
        && gap.lines.iter().flatten().any(Tok::is_filled);
    let all_blank_row = gap.inline.iter().filter(|t| t.is_cell()).count() >= n && !one_per_line;
    if filled(&gap.inline) || all_blank_row {
        a.row = Some(gap.inline.clone());
        a.orphans
            .extend(gap.lines.iter().filter(|l| filled(l)).cloned());
    } else if !gap.lines.is_empty()
        && gap
            .lines
            .iter()
            .all(|l| l.iter().filter(|t| t.is_cell()).count() <= 1)
    {
        // A line of text after the row's first cell is the next row's label (one the
        // catalogue did not recognise, a misprint): the row ends there.
        let mut seen_cell = false;
        let end = gap
            .lines
            .iter()
            .position(|l| {
                let text_line = seen_cell
                    && !l.iter().any(Tok::is_cell)
                    && l.iter().any(|t| t.kind == TokKind::Text);
                seen_cell |= l.iter().any(Tok::is_cell);
                text_line
            })
            .unwrap_or(gap.lines.len());
        let cells_of = |ls: &[Vec<Tok>]| -> Vec<Tok> {
            ls.iter()
                .flatten()
                .filter(|t| t.is_cell())
                .cloned()
                .collect()
        };
        let cells = cells_of(&gap.lines[..end]);
        let after = cells_of(&gap.lines[end..]);
        if filled(&after) {
            a.orphans.push(after);
        }
        if filled(&cells) {
            // One cell per line: the first n filled cells (and the blanks among them) are the
            // row; what follows is a row without label.
            let mut seen = 0;
            let cut = cells
                .iter()
                .position(|t| {
                    if t.is_filled() {
                        seen += 1;
                    }
                    seen > n
                })
                .unwrap_or(cells.len());
            let (row, rest) = cells.split_at(cut);
            // Empty cells after the row's last value, beyond its width, are a spacer row's
            // (`5\t` then a line `\t\t`), not this row's.
            let mut row = row.to_vec();
            while row.len() > n && row.last().is_some_and(|t| !t.is_filled()) {
                row.pop();
            }
            a.row = Some(row);
            if filled(rest) {
                a.orphans.push(rest.to_vec());
            }
        } else if !cells.is_empty() {
            a.row = Some(cells);
        }
    } else {
        a.orphans
            .extend(gap.lines.iter().filter(|l| filled(l)).cloned());
    }
    if filled(&gap.before_next) {
        a.orphans.push(gap.before_next.clone());
    }
    a
}

/// Whether a group of cells without label can be a row of `n` values.
pub fn could_be_row(toks: &[Tok], n: usize, norm: &str) -> bool {
    let cells = toks.iter().filter(|t| t.is_cell()).count();
    let filled: Vec<&Tok> = toks.iter().filter(|t| t.is_filled()).collect();
    if filled.len() == n || (filled.len() < n && cells >= n && !filled.is_empty()) {
        return true;
    }
    let max: usize = filled
        .iter()
        .map(|t| {
            let s = norm.get(t.span.clone()).unwrap_or("");
            crate::value::digit_run(s).map_or(1, |sign| s.trim().len() - sign)
        })
        .sum();
    filled.len() < n && max >= n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(spec: &str) -> (String, Vec<Tok>) {
        // spec: words separated by spaces; "_" is an empty cell
        let mut norm = String::new();
        let mut v = Vec::new();
        for w in spec.split(' ') {
            let s = norm.len();
            norm.push_str(w);
            let kind = if w == "_" {
                TokKind::Empty
            } else {
                match crate::value::parse(w) {
                    Some(crate::value::Parsed::Number { num, unit, .. }) => {
                        TokKind::Value { num, unit }
                    }
                    Some(crate::value::Parsed::Blank) => TokKind::Blank,
                    None => TokKind::Text,
                }
            };
            v.push(Tok {
                kind,
                span: s..norm.len(),
                line: 0,
                sealed: false,
                soft: false,
            });
            norm.push(' ');
        }
        (norm, v)
    }

    fn vals(r: &Reading) -> Vec<String> {
        r.iter()
            .map(|s| {
                if s.blank {
                    "_".into()
                } else {
                    s.value().to_string()
                }
            })
            .collect()
    }

    #[test]
    fn exact_rows_have_one_reading() {
        let (norm, t) = toks("7 0 0 0 0 0 7");
        let r = readings(&t, Shape::counts(7, Identity::LastIsSum), &norm);
        assert_eq!(r.list.len(), 1);
        assert_eq!(r.settled().map(|x| x.1), Some(Placement::Labelled));
    }

    #[test]
    fn blanks_are_placed_by_position() {
        let (norm, t) = toks("2 _ _ _ _ _ 2 _");
        let r = readings(&t, Shape::counts(7, Identity::LastIsSum), &norm);
        let (s, how) = r.settled().unwrap();
        assert_eq!(vals(&s), ["2", "_", "_", "_", "_", "_", "2"]);
        assert_eq!(how, Placement::Positional);
    }

    #[test]
    fn run_together_digits_split_by_the_identity() {
        let (norm, t) = toks("230 000023");
        let r = readings(&t, Shape::counts(7, Identity::LastIsSum), &norm);
        let (s, how) = r.settled().unwrap();
        assert_eq!(vals(&s), ["23", "0", "0", "0", "0", "0", "23"]);
        assert_eq!(how, Placement::Split);
        // each value points at its own digits
        assert_eq!(&norm[s[0].span.clone()], "23");
        assert_eq!(&norm[s[6].span.clone()], "23");
    }

    #[test]
    fn ambiguous_splits_are_not_settled() {
        let (norm, t) = toks("898989");
        let r = readings(&t, Shape::counts(3, Identity::None), &norm);
        assert!(r.list.len() > 1);
        assert!(r.settled().is_none());
    }

    #[test]
    fn forced_splits_need_no_identity() {
        let (norm, t) = toks("000");
        let r = readings(&t, Shape::counts(3, Identity::None), &norm);
        assert_eq!(vals(&r.settled().unwrap().0), ["0", "0", "0"]);
    }

    #[test]
    fn a_stray_value_before_the_row_is_left_out_by_the_identity() {
        let (norm, t) = toks("1 0 0 0 0 0 0 0");
        let r = readings(&t, Shape::counts(7, Identity::LastIsSum), &norm);
        assert_eq!(
            vals(&r.settled().unwrap().0),
            ["0", "0", "0", "0", "0", "0", "0"]
        );
    }

    #[test]
    fn table4_groups() {
        let (norm, t) = toks("110024001510102");
        let r = readings(&t, Shape::counts(15, Identity::GroupsOf(5)), &norm);
        assert_eq!(
            vals(&r.settled().unwrap().0).join(" "),
            "1 1 0 0 2 4 0 0 1 5 1 0 1 0 2"
        );
    }
}
