//! Data to write and the reading of what was written, the way `gongkai` reads any report.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use gongkai_format::{Edition, TableId};
use gongkai_pipeline::{Options as ReadOptions, process_bytes};
use gongkai_report::{EditionSeen, Report, Severity};
use gongkai_synth::{Spec, SynthReport, rng_for};
use gongkai_writer::ReportData;

/// Consistent data for a report of `year` in the edition in force, from `seed`.
pub fn data(seed: u64, year: i32) -> ReportData {
    let mut rng = rng_for(seed, "writer");
    let spec = Spec {
        year: Some(year),
        edition: Some(Edition::for_report_year(year)),
        ..Spec::default()
    };
    SynthReport::generate_with(&mut rng, &spec).report_data()
}

/// What `gongkai` reads from the bytes (decode → extract → check).
pub fn read(name: &str, bytes: Vec<u8>) -> Report {
    let o = process_bytes(name, bytes, &ReadOptions::default());
    match o.result {
        Ok(p) => p.report,
        Err(e) => panic!("{name}: cannot be read: {e:?}"),
    }
}

/// Whether blank cells can be told from written zeros in the format read back.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Blanks {
    Kept,
    Ignored,
}

/// Every difference between the data and what was read: cells (values, and blank or not
/// when `blanks` is `Kept`), rows read that the data lacks, year, body, edition, and every
/// error-level finding.
pub fn differences(
    data: &ReportData,
    zeros: gongkai_writer::Zeros,
    got: &Report,
    blanks: Blanks,
) -> Vec<String> {
    let mut out = Vec::new();
    for id in TableId::ALL {
        let want = data.table(id);
        let printed_empty = |row: &gongkai_report::Row, c: &gongkai_report::Cell| {
            let empty = |c: &gongkai_report::Cell| match zeros {
                gongkai_writer::Zeros::AsData => c.blank,
                gongkai_writer::Zeros::Blank => c.value.as_f64() == 0.0,
                gongkai_writer::Zeros::Zero => false,
            };
            // A row is never printed all empty (see `Zeros`).
            empty(c) && !row.cells.iter().all(empty)
        };
        let have = got.table(id);
        for row in &want.rows {
            let Some(r) = have.row(row.key) else {
                out.push(format!("{}.{}: not read", id.key(), row.key));
                continue;
            };
            for c in &row.cells {
                match r.cell(c.col) {
                    None => out.push(format!("{}.{}.{}: not read", id.key(), row.key, c.col)),
                    Some(x) => {
                        if !x.value.same(c.value) {
                            out.push(format!(
                                "{}.{}.{}: wrote {} read {}",
                                id.key(),
                                row.key,
                                c.col,
                                c.value,
                                x.value
                            ));
                        }
                        let blank = printed_empty(row, c);
                        if blanks == Blanks::Kept && x.blank != blank {
                            out.push(format!(
                                "{}.{}.{}: blank {} read blank {}",
                                id.key(),
                                row.key,
                                c.col,
                                blank,
                                x.blank
                            ));
                        }
                    }
                }
            }
        }
        for r in &have.rows {
            if want.row(r.key).is_none() {
                out.push(format!("{}.{}: read, not written", id.key(), r.key));
            }
        }
    }
    if got.meta.year.as_ref().map(|y| y.value) != Some(data.year) {
        out.push(format!(
            "year: wrote {} read {:?}",
            data.year, got.meta.year
        ));
    }
    if got.meta.org.as_ref().map(|o| o.value.as_str()) != Some(data.body.as_str()) {
        out.push(format!("body: wrote {} read {:?}", data.body, got.meta.org));
    }
    let published = got.meta.published.as_ref().map(|p| p.value.as_str());
    if published != data.published.as_deref() {
        out.push(format!(
            "published: wrote {:?} read {published:?}",
            data.published
        ));
    }
    if got.edition != EditionSeen::Known(data.edition()) {
        out.push(format!(
            "edition: wrote {} read {:?}",
            data.edition(),
            got.edition
        ));
    }
    if got.sections.len() != 6 {
        out.push(format!(
            "sections: read {:?}",
            got.sections.iter().map(|s| s.number).collect::<Vec<_>>()
        ));
    }
    for f in &got.findings {
        if f.assessable && f.severity == Severity::Error {
            out.push(format!("finding {}: {}", f.rule, f.message));
        }
    }
    out
}

/// The data as a data file in TOML (rows as tables of columns, blank cells listed).
pub fn to_toml(d: &ReportData) -> String {
    let mut s = format!("body = {:?}\nyear = {}\n", d.body, d.year);
    if let Some(p) = &d.published {
        s.push_str(&format!("published = {p:?}\n"));
    }
    let mut blank = Vec::new();
    for id in TableId::ALL {
        s.push_str(&format!("\n[{}]\n", id.key()));
        for r in &d.table(id).rows {
            let cols: Vec<String> = r
                .cells
                .iter()
                .map(|c| {
                    if c.blank {
                        blank.push(format!("{:?}", format!("{}.{}.{}", id.key(), r.key, c.col)));
                    }
                    match c.value {
                        gongkai_report::Num::Int(i) => format!("{} = {i}", c.col),
                        v => format!("{} = {:?}", c.col, v.as_f64()),
                    }
                })
                .collect();
            s.push_str(&format!("{} = {{ {} }}\n", r.key, cols.join(", ")));
        }
    }
    if !blank.is_empty() {
        // Top-level keys go before the first table.
        s = format!("blank = [{}]\n{s}", blank.join(", "));
    }
    s
}

/// Every cell of `a` has the same value and blankness in `b`, and `b` has no other row.
pub fn same_tables(a: &ReportData, b: &ReportData) -> Vec<String> {
    let mut out = Vec::new();
    for id in TableId::ALL {
        let (x, y) = (a.table(id), b.table(id));
        for r in &x.rows {
            for c in &r.cells {
                match y.cell(r.key, c.col) {
                    Some(z) if z.value.same(c.value) && z.blank == c.blank => {}
                    other => out.push(format!(
                        "{}.{}.{}: {} (blank {}) vs {:?}",
                        id.key(),
                        r.key,
                        c.col,
                        c.value,
                        c.blank,
                        other.map(|z| (z.value, z.blank))
                    )),
                }
            }
        }
        if x.rows.len() != y.rows.len() {
            out.push(format!(
                "{}: {} rows vs {}",
                id.key(),
                x.rows.len(),
                y.rows.len()
            ));
        }
    }
    out
}
