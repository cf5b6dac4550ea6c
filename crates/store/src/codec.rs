//! How a report's parts are written into their columns: the cells (JSON), the figures (a
//! packed vector for sums), the layout (JSON) and a finding's evidence (JSON). These are the
//! store's own counterpart types; the model types derive nothing.

use crate::error::StoreError;
use crate::slots::Slots;
use gongkai_format::{CellRef, Edition, TableId};
use gongkai_report::{Cell, Evidence, Located, Metadata, Num, Placement, Report, Section};
use serde::{Deserialize, Serialize};
use std::ops::Range;

pub(crate) const PLACEMENTS: [Placement; 7] = [
    Placement::Labelled,
    Placement::Positional,
    Placement::Split,
    Placement::Resolved,
    Placement::Ordered,
    Placement::PositionUnknown,
    Placement::Inferred,
];

fn placement_code(p: Placement) -> u8 {
    PLACEMENTS.iter().position(|x| *x == p).unwrap_or(0) as u8
}

/// A value: JSON integer for whole-number cells, JSON float for decimal ones.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
#[serde(untagged)]
enum V {
    I(i64),
    F(f64),
}

impl From<Num> for V {
    fn from(n: Num) -> V {
        match n {
            Num::Int(i) => V::I(i),
            Num::Dec(d) => V::F(d),
        }
    }
}

impl From<V> for Num {
    fn from(v: V) -> Num {
        match v {
            V::I(i) => Num::Int(i),
            V::F(d) => Num::Dec(d),
        }
    }
}

/// `[slot, value, blank, raw, start, end, line, placement, converted_from_yuan]`.
#[derive(Serialize, Deserialize)]
struct CellRec(i64, V, u8, String, usize, usize, u32, u8, u8);

/// A cell read back: its key (slot) and the model cell.
pub(crate) struct StoredCell {
    pub slot: i64,
    pub cell: Cell,
}

/// The cells of a report, in the report's order, as JSON. Cells whose keys the store has no
/// slot for cannot occur: every key of the format has one.
pub(crate) fn encode_cells(r: &Report, slots: &Slots) -> String {
    let mut recs = Vec::new();
    for t in r.tables() {
        for row in &t.rows {
            for c in &row.cells {
                let key = CellRef {
                    table: t.id,
                    row: row.key,
                    col: c.col,
                };
                let Some(slot) = slots.slot_of(&key) else {
                    continue;
                };
                recs.push(CellRec(
                    slot,
                    c.value.into(),
                    u8::from(c.blank),
                    c.raw.clone(),
                    c.span.start,
                    c.span.end,
                    c.line,
                    placement_code(c.placement),
                    u8::from(c.converted_from_yuan),
                ));
            }
        }
    }
    serde_json::to_string(&recs).unwrap_or_else(|_| "[]".into())
}

pub(crate) fn decode_cells(json: &str, what: &str) -> Result<Vec<StoredCell>, StoreError> {
    let recs: Vec<CellRec> =
        serde_json::from_str(json).map_err(|e| StoreError::corrupt(what, e.to_string()))?;
    Ok(recs
        .into_iter()
        .map(|r| StoredCell {
            slot: r.0,
            cell: Cell {
                col: "",
                value: r.1.into(),
                blank: r.2 != 0,
                raw: r.3,
                span: r.4..r.5,
                line: r.6,
                placement: PLACEMENTS
                    .get(usize::from(r.7))
                    .copied()
                    .unwrap_or(Placement::Labelled),
                converted_from_yuan: r.8 != 0,
            },
        })
        .collect())
}

// ---- figures ------------------------------------------------------------------------------
//
// The values alone, for sums over many reports without reading JSON: version byte 1, then
// per cell in slot order: varint(slot − previous slot), then varint(2·zigzag(v)) for a whole
// number or varint(1) and 8 bytes of little-endian f64 for a decimal.

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn get_varint(b: &[u8], i: &mut usize) -> Option<u64> {
    let mut v: u64 = 0;
    let mut shift = 0;
    loop {
        let byte = *b.get(*i)?;
        *i += 1;
        v |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(v);
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
}

pub(crate) fn encode_figures(values: &mut [(i64, Num)]) -> Vec<u8> {
    values.sort_by_key(|(s, _)| *s);
    let mut out = Vec::with_capacity(values.len() * 2 + 1);
    out.push(1);
    let mut prev = 0i64;
    for (slot, v) in values.iter() {
        put_varint(&mut out, (slot - prev).max(0) as u64);
        prev = *slot;
        match v {
            Num::Int(i) => put_varint(&mut out, (((i << 1) ^ (i >> 63)) as u64) << 1),
            Num::Dec(d) => {
                put_varint(&mut out, 1);
                out.extend_from_slice(&d.to_le_bytes());
            }
        }
    }
    out
}

/// Calls `f(slot, value)` for each figure; false if the bytes are not figures.
pub(crate) fn each_figure(b: &[u8], mut f: impl FnMut(i64, Num)) -> bool {
    if b.first() != Some(&1) {
        return b.is_empty();
    }
    let mut i = 1;
    let mut slot = 0i64;
    while i < b.len() {
        let Some(d) = get_varint(b, &mut i) else {
            return false;
        };
        slot += d as i64;
        let Some(v) = get_varint(b, &mut i) else {
            return false;
        };
        if v & 1 == 1 {
            let Some(bytes) = b.get(i..i + 8) else {
                return false;
            };
            i += 8;
            let mut a = [0u8; 8];
            a.copy_from_slice(bytes);
            f(slot, Num::Dec(f64::from_le_bytes(a)));
        } else {
            let z = v >> 1;
            let n = ((z >> 1) as i64) ^ -((z & 1) as i64);
            f(slot, Num::Int(n));
        }
    }
    true
}

// ---- layout -------------------------------------------------------------------------------

/// A table's edition, span and row labels (row key, span).
pub(crate) type TableParts = (
    Option<Edition>,
    Option<Range<usize>>,
    Vec<(String, Range<usize>)>,
);

#[derive(Serialize, Deserialize, Default)]
pub(crate) struct Layout {
    tables: Vec<TableLayout>,
    sections: Vec<SectionRec>,
    #[serde(default)]
    meta: MetaSpans,
}

#[derive(Serialize, Deserialize)]
struct TableLayout {
    table: String,
    edition: Option<String>,
    span: Option<[usize; 2]>,
    /// Row key → where its label was printed.
    labels: Vec<(String, usize, usize)>,
}

#[derive(Serialize, Deserialize)]
struct SectionRec {
    number: u8,
    title: String,
    numbering: String,
    printed: Option<u8>,
    line: u32,
    span: [usize; 2],
}

/// `[start, end, line]` of each piece of metadata.
#[derive(Serialize, Deserialize, Default)]
struct MetaSpans {
    title: Option<[usize; 3]>,
    org: Option<[usize; 3]>,
    year: Option<[usize; 3]>,
    published: Option<[usize; 3]>,
    index_no: Option<[usize; 3]>,
    /// Where the title, body and year were read from (`Metadata::*_from`); absent in
    /// layouts stored before the reader recorded them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    title_from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    org_from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    year_from: Option<String>,
}

fn at<T>(l: &Option<Located<T>>) -> Option<[usize; 3]> {
    l.as_ref()
        .map(|l| [l.span.start, l.span.end, l.line as usize])
}

pub(crate) fn encode_layout(r: &Report) -> String {
    let layout = Layout {
        tables: r
            .tables()
            .map(|t| TableLayout {
                table: t.id.key().to_owned(),
                edition: t.edition.map(|e| e.as_str().to_owned()),
                span: t.span.as_ref().map(|s| [s.start, s.end]),
                labels: t
                    .rows
                    .iter()
                    .filter_map(|row| {
                        row.label
                            .as_ref()
                            .map(|l| (row.key.to_owned(), l.start, l.end))
                    })
                    .collect(),
            })
            .collect(),
        sections: r
            .sections
            .iter()
            .map(|s| SectionRec {
                number: s.number,
                title: s.title.clone(),
                numbering: s.numbering.clone(),
                printed: s.printed_number,
                line: s.line,
                span: [s.span.start, s.span.end],
            })
            .collect(),
        meta: MetaSpans {
            title: at(&r.meta.title),
            org: at(&r.meta.org),
            year: at(&r.meta.year),
            published: at(&r.meta.published),
            index_no: at(&r.meta.index_no),
            title_from: r.meta.title_from.clone(),
            org_from: r.meta.org_from.clone(),
            year_from: r.meta.year_from.clone(),
        },
    };
    serde_json::to_string(&layout).unwrap_or_else(|_| "{}".into())
}

pub(crate) fn decode_layout(json: &str, what: &str) -> Result<Layout, StoreError> {
    serde_json::from_str(json).map_err(|e| StoreError::corrupt(what, e.to_string()))
}

fn located<T>(value: Option<T>, s: Option<[usize; 3]>) -> Option<Located<T>> {
    let value = value?;
    let [a, b, line] = s.unwrap_or([0, 0, 0]);
    Some(Located {
        value,
        span: a..b,
        line: u32::try_from(line).unwrap_or(0),
    })
}

/// Metadata values as stored in columns, put back with their places.
pub(crate) struct MetaValues {
    pub title: Option<String>,
    pub org: Option<String>,
    pub year: Option<i32>,
    pub published: Option<String>,
    pub published_from: Option<String>,
    pub index_no: Option<String>,
    pub body_kind: Option<gongkai_report::BodyKind>,
}

impl Layout {
    pub fn metadata(&self, m: MetaValues) -> Metadata {
        Metadata {
            title: located(m.title, self.meta.title),
            org: located(m.org, self.meta.org),
            year: located(m.year, self.meta.year),
            published: located(m.published, self.meta.published),
            published_from: m.published_from,
            title_from: self.meta.title_from.clone(),
            org_from: self.meta.org_from.clone(),
            year_from: self.meta.year_from.clone(),
            index_no: located(m.index_no, self.meta.index_no),
            body_kind: m.body_kind,
        }
    }

    pub fn sections(&self) -> Vec<Section> {
        self.sections
            .iter()
            .map(|s| Section {
                number: s.number,
                title: s.title.clone(),
                numbering: s.numbering.clone(),
                printed_number: s.printed,
                line: s.line,
                span: s.span[0]..s.span[1],
            })
            .collect()
    }

    /// Edition, span and row labels of a table.
    pub fn table(&self, id: TableId) -> TableParts {
        match self.tables.iter().find(|t| t.table == id.key()) {
            None => (None, None, Vec::new()),
            Some(t) => (
                t.edition.as_deref().and_then(Edition::parse),
                t.span.map(|s| s[0]..s[1]),
                t.labels
                    .iter()
                    .map(|(k, a, b)| (k.clone(), *a..*b))
                    .collect(),
            ),
        }
    }
}

// ---- findings -----------------------------------------------------------------------------

#[derive(Serialize, Deserialize)]
struct EvidenceRec(usize, usize, u32, String);

pub(crate) fn encode_evidence(e: &[Evidence]) -> String {
    let v: Vec<EvidenceRec> = e
        .iter()
        .map(|e| EvidenceRec(e.span.start, e.span.end, e.line, e.label.clone()))
        .collect();
    serde_json::to_string(&v).unwrap_or_else(|_| "[]".into())
}

pub(crate) fn decode_evidence(json: &str, what: &str) -> Result<Vec<Evidence>, StoreError> {
    let v: Vec<EvidenceRec> =
        serde_json::from_str(json).map_err(|e| StoreError::corrupt(what, e.to_string()))?;
    Ok(v.into_iter()
        .map(|e| Evidence {
            span: e.0..e.1,
            line: e.2,
            label: e.3,
        })
        .collect())
}

pub(crate) fn encode_strings(v: &[String]) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

pub(crate) fn decode_strings(json: &str, what: &str) -> Result<Vec<String>, StoreError> {
    serde_json::from_str(json).map_err(|e| StoreError::corrupt(what, e.to_string()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn figures_round_trip() {
        let mut v = vec![
            (7, Num::Int(0)),
            (3, Num::Int(-183)),
            (300, Num::Dec(93.8605)),
            (301, Num::Int(i64::from(i32::MAX) * 4)),
            (302, Num::Dec(3.0)),
        ];
        let b = encode_figures(&mut v);
        let mut back = Vec::new();
        assert!(each_figure(&b, |s, n| back.push((s, n))));
        assert_eq!(back, v);
        assert!(!each_figure(&[1, 0x80], |_, _| {}));
    }

    #[test]
    fn values_keep_whole_and_decimal_apart() {
        let s = serde_json::to_string(&[V::I(3), V::F(3.0), V::F(0.1)]).unwrap();
        assert_eq!(s, "[3,3.0,0.1]");
        let back: Vec<V> = serde_json::from_str(&s).unwrap();
        assert_eq!(back, [V::I(3), V::F(3.0), V::F(0.1)]);
    }
}
