//! Decoded document → report: the statutory tables read from the template, sections, metadata.
//!
//! The reader is driven by the format's labels, never by positions in a particular layout:
//! 1. every label of the format is found in a compact view of the text ([`labels`]);
//! 2. each table is located where its labels cluster ([`regions`]);
//! 3. the cells after each row label are tokenised ([`tokens`]) and turned into the readings
//!    the layout allows ([`rows`]);
//! 4. rows without label are placed by the statutory order, and rows with several readings
//!    are decided by the table's identities ([`solve`]) — or reported as ambiguous, with no
//!    numbers. Nothing is invented.

mod blanks;
mod labels;
mod meta;
mod regions;
mod rows;
mod sections;
mod solve;
mod table2;
mod table3;
mod table4;
mod tokens;
mod value;
mod view;

pub use meta::{body_kind, date_at};

use gongkai_decode::Document;
use gongkai_format::{Edition, TableId, edition_def};
use gongkai_report::{Cell, EditionSeen, Finding, Placement, Report, Severity, Source, Table};
use rows::{Readings, Slot};
use std::ops::Range;
use view::View;

/// Read a decoded document.
pub fn extract(doc: &Document, source: Source) -> Report {
    let view = View::new(doc);
    let mut report = Report::new(source);
    let mut problems = Problems::default();
    if doc.lossy {
        problems.push(Finding::new(
            "P-DECODE-LOSSY",
            Severity::Warning,
            format!(
                "部分字节不符合 {} 编码，已替换为 U+FFFD；相关文字可能缺失",
                doc.encoding
            ),
        ));
    }
    for n in &doc.notices {
        if let Some(f) = notice_finding(n) {
            problems.push(f);
        }
    }
    let heads = sections::find(&view);
    report.meta = meta::read(&view, &heads);
    report.sections = heads.sections.clone();

    let cat = labels::Catalogue::get();
    let compact = view.compact_str();
    let mut hits = cat.scan(compact);
    let mut regions = regions::locate(cat, &hits, &heads, compact);
    // Row labels misprinted by one character, where the template expects them.
    let mut misprinted = Vec::new();
    for r in [&regions.t2, &regions.t3].into_iter().flatten() {
        let mut from = r.start.saturating_sub(300);
        while !compact.is_char_boundary(from) {
            from += 1;
        }
        misprinted.extend(cat.misprints(compact, from..r.end, &hits, &template_place));
    }
    // A label starts its cell: at a line's start or after a separator.
    misprinted.retain(|h| {
        let at = view.norm_offset(h.start);
        let before = view.norm_str()[..at].trim_end_matches([' ', '\u{3000}']);
        before.is_empty() || before.ends_with(['\n', '|', '\t'])
    });
    if !misprinted.is_empty() {
        hits.extend(misprinted.iter().copied());
        hits.sort_by_key(|h| h.start);
        regions = regions::locate(cat, &hits, &heads, compact);
        for h in &misprinted {
            let inside = [&regions.t2, &regions.t3]
                .into_iter()
                .flatten()
                .any(|r| r.hits.contains(h));
            if inside {
                problems.misprint(&view, cat, h);
            }
        }
    }
    let year_hint = report
        .meta
        .year
        .as_ref()
        .map(|y| Edition::for_report_year(y.value));

    if let Some(r) = &regions.t2 {
        report.table2 = table2::read(&view, r, year_hint, &mut problems);
    }
    let t2_marked = marked_edition(&report.table2);
    if let Some(r) = &regions.t3 {
        report.table3 = table3::read(&view, r, t2_marked.or(year_hint), &mut problems);
    }
    if let Some(r) = &regions.t4 {
        report.table4 = table4::read(&view, r, &mut problems);
    }
    report.edition = document_edition(&report);
    for id in TableId::ALL {
        problems.missing(&view, &report, id);
    }
    report.findings = problems.findings;
    report
}

/// A row label's place in the statutory order of its table (both editions merged; a group
/// label just before its first row), for telling whether a misprinted label sits where the
/// template expects it.
fn template_place(m: &labels::Meaning) -> Option<usize> {
    use gongkai_format::Edition;
    use labels::Meaning;
    let first = |f: &dyn Fn(Edition) -> Option<usize>| Edition::ALL.into_iter().find_map(f);
    match m {
        Meaning::T2Row { key, .. } => first(&|e| {
            edition_def(e)
                .table2
                .rows()
                .position(|(_, r)| r.key == *key)
                .map(|i| 2 * i + 1)
        }),
        Meaning::T3Row { key, .. } => first(&|e| {
            edition_def(e)
                .table3
                .rows
                .iter()
                .position(|r| r.key == *key)
                .map(|i| 2 * i + 1)
        }),
        Meaning::T3Group { key, .. } => first(&|e| {
            let t3 = edition_def(e).table3;
            t3.rows
                .iter()
                .position(|r| r.group == Some(*key))
                .map(|i| 2 * i)
        }),
        _ => None,
    }
}

/// Findings for what the decoder noticed.
fn notice_finding(n: &gongkai_decode::Notice) -> Option<Finding> {
    use gongkai_decode::Notice;
    let pages = |p: &[u32]| p.iter().map(u32::to_string).collect::<Vec<_>>().join("、");
    match n {
        Notice::NeedsOcr { pages: p } => Some(
            Finding::new(
                "P-NEEDS-OCR",
                Severity::Warning,
                format!(
                    "图片版/扫描件：第 {} 页没有文字层，其中的表格需要 OCR 才能读取",
                    pages(p)
                ),
            )
            .with_help("安装 tesseract-ocr 和 tesseract-ocr-chi-sim 后重新读取，或提供文字版"),
        ),
        Notice::Ocr { pages: p } => Some(Finding::new(
            "P-OCR",
            Severity::Info,
            format!("第 {} 页的文字由 OCR 识别，数字可能误读", pages(p)),
        )),
        Notice::ConvertedBy(_) => None,
    }
}

/// The edition a table's own labels show, if they show one.
fn marked_edition(t: &Table) -> Option<Edition> {
    let has = |e: Edition| t.marks.iter().any(|m| m.edition == e);
    match (has(Edition::E2019), has(Edition::E2021)) {
        (true, false) => Some(Edition::E2019),
        (false, true) => Some(Edition::E2021),
        _ => None,
    }
}

/// The document's edition: the one all its tables' labels agree on; mixed when labels of both
/// editions appear; the edition used to read the tables when no label decides.
fn document_edition(r: &Report) -> EditionSeen {
    let mut seen: Vec<Edition> = Vec::new();
    for t in r.tables() {
        for m in &t.marks {
            if !seen.contains(&m.edition) {
                seen.push(m.edition);
            }
        }
    }
    match seen.as_slice() {
        [e] => EditionSeen::Known(*e),
        [_, _, ..] => EditionSeen::Mixed,
        [] => r
            .tables()
            .filter(|t| !t.is_empty())
            .find_map(|t| t.edition)
            .map_or(EditionSeen::Unknown, EditionSeen::Known),
    }
}

/// A cell with its provenance in the source.
pub(crate) fn cell_of(view: &View<'_>, col: &'static str, s: &Slot, how: Placement) -> Cell {
    Cell {
        col,
        value: s.value(),
        blank: s.blank,
        raw: view.source_text(s.span.clone()).to_owned(),
        span: view.to_source(s.span.clone()),
        line: view.source_line(s.span.start),
        placement: how,
        converted_from_yuan: s.unit == Some(gongkai_format::MoneyUnit::Yuan),
    }
}

/// Findings of the extractor itself (ids `P-…`).
#[derive(Default)]
pub(crate) struct Problems {
    findings: Vec<Finding>,
    ambiguous: Vec<(TableId, &'static str)>,
}

impl Problems {
    fn push(&mut self, f: Finding) {
        self.findings.push(f);
    }

    /// A row whose cells allow several readings that the identities could not decide.
    pub(crate) fn ambiguous(
        &mut self,
        view: &View<'_>,
        table: TableId,
        keys: &[&'static str],
        label: &str,
        r: &Readings,
        label_span: Option<Range<usize>>,
    ) {
        self.ambiguous.extend(keys.iter().map(|k| (table, *k)));
        if r.illegible {
            let mut f = Finding::new(
                "P-CELL-ILLEGIBLE",
                Severity::Warning,
                format!(
                    "{} 行 {}（{}）有无法识别的单元格；未填入数值",
                    table.key(),
                    keys.join("、"),
                    label,
                ),
            )
            .with_cells(keys.iter().map(|k| format!("{}.{}", table.key(), k)))
            .with_help(format!(
                "扫描件经 OCR 识别时，两种识别结果不一致的字符记为{}；转换工具也可能把文字挤进数字单元格。请核对原件",
                gongkai_decode::ILLEGIBLE
            ));
            if let Some(l) = label_span {
                f = f.with_evidence(
                    view.to_source(l.clone()),
                    view.source_line(l.start),
                    "行标签",
                );
            }
            self.push(f);
            return;
        }
        let show = |reading: &[Slot]| -> String {
            let v: Vec<String> = reading
                .iter()
                .map(|s| {
                    if s.blank {
                        "空".into()
                    } else {
                        s.value().to_string()
                    }
                })
                .collect();
            format!("[{}]", v.join(", "))
        };
        let examples: Vec<String> = r.list.iter().take(3).map(|x| show(x)).collect();
        let n = if r.overflow {
            "过多".to_owned()
        } else {
            r.list.len().to_string()
        };
        let mut f = Finding::new(
            "P-ROW-AMBIGUOUS",
            Severity::Warning,
            format!(
                "{} 行 {}（{}）的数字无法唯一确定：有 {} 种读法符合版式{}{}；未填入数值",
                table.key(),
                keys.join("、"),
                label,
                n,
                if examples.is_empty() { "" } else { "，如 " },
                examples.join(" 或 ")
            ),
        )
        .with_cells(keys.iter().map(|k| format!("{}.{}", table.key(), k)))
        .with_help(
            "数字之间的分隔已丢失或空格不明；请核对原文，或提供带表格结构的版本（HTML/Word/PDF）",
        );
        if let Some(l) = label_span {
            f = f.with_evidence(
                view.to_source(l.clone()),
                view.source_line(l.start),
                "行标签",
            );
        }
        let cells: Vec<&Slot> = r
            .list
            .first()
            .map(|x| x.iter().filter(|s| !s.span.is_empty()).collect())
            .unwrap_or_default();
        if let (Some(a), Some(b)) = (cells.first(), cells.last()) {
            let span = a.span.start..b.span.end;
            f = f.with_evidence(
                view.to_source(span.clone()),
                view.source_line(span.start),
                "无法唯一拆分的数字",
            );
        }
        self.push(f);
    }

    /// A row that the end of the text cut off: no values.
    pub(crate) fn cut(
        &mut self,
        view: &View<'_>,
        table: TableId,
        key: &'static str,
        label: &str,
        label_span: Range<usize>,
    ) {
        self.ambiguous.push((table, key));
        self.push(
            Finding::new(
                "P-TEXT-CUT",
                Severity::Info,
                format!(
                    "文本在{} 行 {}（{}）中途结束，该行可能不完整；未填入数值",
                    table.key(),
                    key,
                    label
                ),
            )
            .with_cells([format!("{}.{}", table.key(), key)])
            .with_evidence(
                view.to_source(label_span.clone()),
                view.source_line(label_span.start),
                "被截断的行",
            ),
        );
    }

    /// A row label printed with one character wrong or doubled, read where the template puts it.
    fn misprint(&mut self, view: &View<'_>, cat: &labels::Catalogue, h: &labels::Hit) {
        let printed = view.compact_str().get(h.start..h.end).unwrap_or("");
        let official = cat.patterns.get(h.pattern).map_or("", |p| p.text.as_str());
        let r = view.to_norm(h.start..h.end);
        self.push(
            Finding::new(
                "P-LABEL-MISPRINT",
                Severity::Info,
                format!("行标签“{printed}”与法定标签“{official}”相差一个字，按该行读取"),
            )
            .with_evidence(
                view.to_source(r.clone()),
                view.source_line(r.start),
                "行标签",
            ),
        );
    }

    /// A row decided by the figures its text states.
    pub(crate) fn stated(
        &mut self,
        view: &View<'_>,
        key: &'static str,
        label: &str,
        statements: &[Range<usize>],
        reading: &[rows::Slot],
    ) {
        let values: Vec<String> = reading.iter().map(|s| s.value().to_string()).collect();
        let mut f = Finding::new(
            "P-SPLIT-BY-TEXT",
            Severity::Info,
            format!(
                "table2 行 {key}（{label}）的数字连在一起，按正文所述数字拆分为 [{}]",
                values.join(", ")
            ),
        )
        .with_cells([format!("table2.{key}")]);
        for s in statements {
            f = f.with_evidence(
                view.to_source(s.clone()),
                view.source_line(s.start),
                "正文所述",
            );
        }
        if let (Some(a), Some(b)) = (reading.first(), reading.last()) {
            let span = a.span.start..b.span.end;
            f = f.with_evidence(
                view.to_source(span.clone()),
                view.source_line(span.start),
                "表中数字",
            );
        }
        self.push(f);
    }

    /// Rows read as blank because nothing was printed for them.
    pub(crate) fn inferred(&mut self, table: TableId, keys: &[&'static str], no_number: bool) {
        if no_number {
            self.push(
                Finding::new(
                    "P-TABLE-BLANK",
                    Severity::Warning,
                    format!("{}未填写任何数字：各行按空白读作 0", table_zh(table)),
                )
                .with_help("法定格式要求逐项填写，没有发生的事项填 0"),
            );
        }
        if keys.is_empty() {
            return;
        }
        self.push(
            Finding::new(
                "P-ROW-INFERRED",
                Severity::Info,
                format!(
                    "{} 行 {} 没有印出任何单元格；文档丢弃了空白单元格，按空白读作 0",
                    table.key(),
                    keys.join("、")
                ),
            )
            .with_cells(keys.iter().map(|k| format!("{}.{}", table.key(), k))),
        );
    }

    /// Numbers in a table that belong to no row.
    pub(crate) fn unplaced(&mut self, view: &View<'_>, table: TableId, span: Range<usize>) {
        let text = view.source_text(span.clone()).to_owned();
        let shown: String = text.chars().take(40).collect();
        self.push(
            Finding::new(
                "P-VALUES-UNPLACED",
                Severity::Info,
                format!(
                    "{} 中有数字不属于任何行，未使用：「{}」",
                    table.key(),
                    shown.trim()
                ),
            )
            .with_evidence(
                view.to_source(span.clone()),
                view.source_line(span.start),
                "未归属的数字",
            ),
        );
    }

    /// A table not found, or rows of its template not found.
    fn missing(&mut self, view: &View<'_>, report: &Report, id: TableId) {
        let t = report.table(id);
        if t.span.is_none() {
            self.push(
                Finding::new(
                    "P-TABLE-MISSING",
                    Severity::Warning,
                    format!(
                        "未找到{}（{}）：文中没有该表的行标签。若表格是图片或扫描件，需要 OCR",
                        table_zh(id),
                        id.name_zh()
                    ),
                )
                .with_help("检查报告是否包含该表；图片版表格无法读取，不会填入任何数字"),
            );
            return;
        }
        let Some(edition) = t.edition.or(report.edition.known()) else {
            return;
        };
        let def = edition_def(edition);
        let keys: Vec<(&'static str, &'static str)> = match id {
            TableId::Table2 => def.table2.rows().map(|(_, r)| (r.key, r.label)).collect(),
            TableId::Table3 => def.table3.rows.iter().map(|r| (r.key, r.label)).collect(),
            TableId::Table4 => def.table4.groups.iter().map(|g| (g.key, g.label)).collect(),
        };
        let missing: Vec<String> = keys
            .iter()
            .filter(|(k, _)| t.row(k).is_none() && !self.ambiguous.contains(&(id, *k)))
            .map(|(k, l)| format!("{k}（{l}）"))
            .collect();
        if missing.is_empty() {
            return;
        }
        let mut f = Finding::new(
            "P-ROW-MISSING",
            Severity::Warning,
            format!(
                "{}缺少 {} 行（{} 版式）：{}",
                table_zh(id),
                missing.len(),
                edition,
                missing.join("、")
            ),
        )
        .with_cells(
            missing
                .iter()
                .map(|m| format!("{}.{}", id.key(), m.split('（').next().unwrap_or(""))),
        );
        if let Some(span) = &t.span {
            f = f.with_evidence(
                span.start..span.start,
                view.doc.line_of(span.start),
                "表格所在位置",
            );
        }
        self.push(f);
    }
}

fn table_zh(id: TableId) -> &'static str {
    match id {
        TableId::Table2 => "表二",
        TableId::Table3 => "表三",
        TableId::Table4 => "表四",
    }
}

/// A dump of what the reader saw (labels found, the region of each table), for debugging a
/// document: `cargo run -p gongkai-extract --example trace FILE`.
#[doc(hidden)]
pub fn trace(doc: &Document) -> String {
    use std::fmt::Write;
    let view = View::new(doc);
    let cat = labels::Catalogue::get();
    let compact = view.compact_str();
    let hits = cat.scan(compact);
    let heads = sections::find(&view);
    let regions = regions::locate(cat, &hits, &heads, compact);
    let mut out = String::new();
    for h in &hits {
        let line = view.source_line(view.norm_offset(h.start));
        let _ = writeln!(
            out,
            "{:>6} L{line:<5} {} {:?}",
            h.start,
            &compact[h.start..h.end],
            cat.meanings(h)
        );
    }
    let _ = writeln!(out, "headings: {:?}", heads.starts);
    for (name, r) in [
        ("t2", &regions.t2),
        ("t3", &regions.t3),
        ("t4", &regions.t4),
    ] {
        if let Some(r) = r {
            let _ = writeln!(
                out,
                "{name}: {}..{} ({} labels)",
                r.start,
                r.end,
                r.hits.len()
            );
        }
    }
    out
}
