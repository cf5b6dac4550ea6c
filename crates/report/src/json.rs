//! The JSON contract of `gongkai parse --json` (see `docs/output.md`): `gongkai.report/1`.

use crate::{Cell, EditionSeen, Finding, Report, Row, Source, Table};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

pub const SCHEMA: &str = "gongkai.report/1";

#[derive(Serialize)]
struct SourceJson<'a> {
    path: &'a str,
    format: &'a str,
    encoding: &'a str,
    sha256: &'a str,
    bytes: u64,
}

impl<'a> From<&'a Source> for SourceJson<'a> {
    fn from(s: &'a Source) -> Self {
        SourceJson {
            path: &s.path,
            format: &s.format,
            encoding: &s.encoding,
            sha256: &s.sha256,
            bytes: s.bytes,
        }
    }
}

#[derive(Serialize)]
struct SectionJson<'a> {
    number: u8,
    title: &'a str,
    numbering: &'a str,
    line: u32,
}

/// Rows in template order: `{row: {col: value}}`.
struct TableJson<'a>(&'a Table);

impl Serialize for TableJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.rows.len()))?;
        for row in &self.0.rows {
            m.serialize_entry(row.key, &RowJson(row))?;
        }
        m.end()
    }
}

struct RowJson<'a>(&'a Row);

impl Serialize for RowJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.cells.len()))?;
        for c in &self.0.cells {
            m.serialize_entry(c.col, &c.value)?;
        }
        m.end()
    }
}

#[derive(Serialize)]
struct CellJson<'a> {
    table: &'static str,
    row: &'static str,
    col: &'static str,
    value: crate::Num,
    raw: &'a str,
    blank: bool,
    line: u32,
    span: [usize; 2],
    placement: &'static str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    converted_from_yuan: bool,
}

impl<'a> CellJson<'a> {
    fn new(table: &'static str, row: &'static str, c: &'a Cell) -> Self {
        CellJson {
            table,
            row,
            col: c.col,
            value: c.value,
            raw: &c.raw,
            blank: c.blank,
            line: c.line,
            span: [c.span.start, c.span.end],
            placement: c.placement.as_str(),
            converted_from_yuan: c.converted_from_yuan,
        }
    }
}

#[derive(Serialize)]
struct EvidenceJson<'a> {
    span: [usize; 2],
    line: u32,
    label: &'a str,
}

#[derive(Serialize)]
struct FindingJson<'a> {
    rule: &'static str,
    severity: &'static str,
    status: &'static str,
    message: &'a str,
    cells: &'a [String],
    line: Option<u32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    evidence: Vec<EvidenceJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

impl<'a> From<&'a Finding> for FindingJson<'a> {
    fn from(f: &'a Finding) -> Self {
        FindingJson {
            rule: f.rule,
            severity: f.severity.as_str(),
            status: if f.assessable {
                "violation"
            } else {
                "not_assessable"
            },
            message: &f.message,
            cells: &f.cells,
            line: f.line(),
            evidence: f
                .evidence
                .iter()
                .map(|e| EvidenceJson {
                    span: [e.span.start, e.span.end],
                    line: e.line,
                    label: &e.label,
                })
                .collect(),
            help: f.help.as_deref(),
        }
    }
}

/// Where each metadata value was read from.
#[derive(Serialize)]
struct MetaSourcesJson<'a> {
    title: Option<&'a str>,
    org: Option<&'a str>,
    year: Option<&'a str>,
    published: Option<&'a str>,
}

#[derive(Serialize)]
struct ReportJson<'a> {
    schema: &'static str,
    source: SourceJson<'a>,
    title: Option<&'a str>,
    org: Option<&'a str>,
    year: Option<i32>,
    published: Option<&'a str>,
    index_no: Option<&'a str>,
    body_kind: Option<&'static str>,
    meta_sources: MetaSourcesJson<'a>,
    edition: Option<&'static str>,
    sections: Vec<SectionJson<'a>>,
    table2: TableJson<'a>,
    table3: TableJson<'a>,
    table4: TableJson<'a>,
    cells: Vec<CellJson<'a>>,
    findings: Vec<FindingJson<'a>>,
}

/// The report as one line of JSON in the `gongkai.report/1` contract (keys in template order).
pub fn report_json(r: &Report) -> String {
    let m = &r.meta;
    let doc = ReportJson {
        schema: SCHEMA,
        source: (&r.source).into(),
        title: m.title.as_ref().map(|t| t.value.as_str()),
        org: m.org.as_ref().map(|t| t.value.as_str()),
        year: m.year.as_ref().map(|t| t.value),
        published: m.published.as_ref().map(|t| t.value.as_str()),
        index_no: m.index_no.as_ref().map(|t| t.value.as_str()),
        body_kind: m.body_kind.map(|k| k.as_str()),
        meta_sources: MetaSourcesJson {
            title: m.title_from.as_deref(),
            org: m.org_from.as_deref(),
            year: m.year_from.as_deref(),
            published: m.published_from.as_deref(),
        },
        edition: match r.edition {
            EditionSeen::Known(e) => Some(e.as_str()),
            EditionSeen::Mixed => Some("mixed"),
            EditionSeen::Unknown => None,
        },
        sections: r
            .sections
            .iter()
            .map(|s| SectionJson {
                number: s.number,
                title: &s.title,
                numbering: &s.numbering,
                line: s.line,
            })
            .collect(),
        table2: TableJson(&r.table2),
        table3: TableJson(&r.table3),
        table4: TableJson(&r.table4),
        cells: r
            .tables()
            .flat_map(|t| {
                t.rows.iter().flat_map(move |row| {
                    row.cells
                        .iter()
                        .map(move |c| CellJson::new(t.id.key(), row.key, c))
                })
            })
            .collect(),
        findings: r.findings.iter().map(FindingJson::from).collect(),
    };
    // Serialising these plain structs cannot fail (no maps with non-string keys, no I/O).
    serde_json::to_string(&doc).unwrap_or_default()
}

#[derive(Serialize)]
struct ErrorJson<'a> {
    schema: &'static str,
    source: SourceJson<'a>,
    error: ErrorBody<'a>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    kind: &'a str,
    message: &'a str,
}

/// The object written for a file that could not be read at all.
pub fn error_json(source: &Source, kind: &str, message: &str) -> String {
    let doc = ErrorJson {
        schema: SCHEMA,
        source: source.into(),
        error: ErrorBody { kind, message },
    };
    serde_json::to_string(&doc).unwrap_or_default()
}
