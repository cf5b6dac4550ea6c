//! A report as readable tables on a terminal (`gongkai parse` without `--json`).

use gongkai_format::{ColumnDef, Edition, T3_COLUMNS, T4_COLUMNS, T4_GROUPS, edition_def};
use gongkai_report::{Cell, EditionSeen, Report, Severity, Table};
use std::fmt::Write;
use unicode_width::UnicodeWidthStr;

const LABEL_WIDTH: usize = 30;

fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Pad or cut to a display width.
fn fit(s: &str, w: usize) -> String {
    if width(s) <= w {
        return format!("{s}{}", " ".repeat(w - width(s)));
    }
    let mut out = String::new();
    for c in s.chars() {
        if width(&out) + width(c.encode_utf8(&mut [0; 4])) + 1 > w {
            break;
        }
        out.push(c);
    }
    out.push('…');
    format!("{out}{}", " ".repeat(w.saturating_sub(width(&out))))
}

fn right(s: &str, w: usize) -> String {
    format!("{}{s}", " ".repeat(w.saturating_sub(width(s))))
}

fn show(c: Option<&Cell>) -> String {
    match c {
        None => "?".into(),
        Some(c) if c.blank => {
            if c.raw.trim().is_empty() {
                "·".into()
            } else {
                c.raw.trim().to_owned()
            }
        }
        Some(c) => c.value.to_string(),
    }
}

pub fn render(r: &Report) -> String {
    let mut o = String::new();
    let m = &r.meta;
    let _ = writeln!(o, "{}", r.source.path);
    let org = m.org.as_ref().map_or("?", |x| x.value.as_str());
    let kind = m
        .body_kind
        .map_or(String::new(), |k| format!("（{}）", k.name_zh()));
    let _ = writeln!(o, "  机关  {org}{kind}");
    let edition = match r.edition {
        EditionSeen::Known(e) => e.as_str().to_owned(),
        EditionSeen::Mixed => "混用".to_owned(),
        EditionSeen::Unknown => "?".to_owned(),
    };
    let year = m
        .year
        .as_ref()
        .map_or("?".to_owned(), |y| y.value.to_string());
    let published = m.published.as_ref().map_or("?".to_owned(), |p| {
        format!(
            "{}（{}）",
            p.value,
            m.published_from.as_deref().unwrap_or("")
        )
    });
    let _ = write!(o, "  年度  {year}    版式  {edition}    发布  {published}");
    if let Some(i) = &m.index_no {
        let _ = write!(o, "    索引号  {}", i.value);
    }
    let _ = writeln!(o);
    let found: Vec<String> = r.sections.iter().map(|s| s.number.to_string()).collect();
    let _ = writeln!(
        o,
        "  部分  {}",
        if found.is_empty() {
            "未找到".into()
        } else {
            found.join(" ")
        }
    );

    let ed = r.edition.known().unwrap_or(Edition::E2021);
    table2(&mut o, &r.table2, r.table2.edition.unwrap_or(ed));
    table3(&mut o, &r.table3, r.table3.edition.unwrap_or(ed));
    table4(&mut o, &r.table4);

    let count = |s: Severity| {
        r.findings
            .iter()
            .filter(|f| f.assessable && f.severity == s)
            .count()
    };
    let _ = writeln!(
        o,
        "\n  发现  {} 错误，{} 警告，{} 提示（gongkai check 查看详情）",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    );
    o
}

fn header(o: &mut String, title: &str, cols: &[&ColumnDef]) -> Vec<usize> {
    let widths: Vec<usize> = cols.iter().map(|c| width(c.label).max(6)).collect();
    let _ = write!(o, "    {}", fit(title, LABEL_WIDTH));
    for (c, w) in cols.iter().zip(&widths) {
        let _ = write!(o, " {}", right(c.label, *w));
    }
    let _ = writeln!(o);
    widths
}

/// One row: its label, then each column's value right-aligned.
fn row(o: &mut String, t: &Table, key: &str, label: &str, cols: &[&ColumnDef], widths: &[usize]) {
    let row = t.row(key);
    let _ = write!(o, "    {}", fit(label, LABEL_WIDTH));
    for (c, w) in cols.iter().zip(widths) {
        let v = row.map_or("-".to_owned(), |r| show(r.cell(c.key)));
        let _ = write!(o, " {}", right(&v, *w));
    }
    let _ = writeln!(o);
}

/// The table's title; false (and a note) when it was not found.
fn title(o: &mut String, t: &Table, name: &str) -> bool {
    let _ = writeln!(o, "\n  {name}");
    if t.span.is_none() {
        let _ = writeln!(o, "    （未找到）");
        return false;
    }
    true
}

fn table2(o: &mut String, t: &Table, e: Edition) {
    if !title(o, t, "表二 主动公开政府信息情况") {
        return;
    }
    for block in edition_def(e).table2.blocks {
        let cols: Vec<&ColumnDef> = block.columns.iter().collect();
        let widths = header(o, block.marker, &cols);
        for rd in block.rows {
            row(o, t, rd.key, rd.label, &cols, &widths);
        }
    }
}

fn table3(o: &mut String, t: &Table, e: Edition) {
    if !title(o, t, "表三 收到和处理政府信息公开申请情况") {
        return;
    }
    let cols: Vec<&ColumnDef> = T3_COLUMNS.iter().collect();
    let widths = header(o, "", &cols);
    for rd in edition_def(e).table3.rows {
        row(o, t, rd.key, rd.label, &cols, &widths);
    }
}

fn table4(o: &mut String, t: &Table) {
    if !title(o, t, "表四 行政复议、行政诉讼情况") {
        return;
    }
    let cols: Vec<&ColumnDef> = T4_COLUMNS.iter().collect();
    let widths = header(o, "", &cols);
    for g in &T4_GROUPS {
        row(o, t, g.key, g.label, &cols, &widths);
    }
}
