//! Answers of the store's commands as grids: a readable table on a terminal, or CSV (UTF-8
//! with BOM), JSON or XLSX, to stdout or a file.

use clap::ValueEnum;
use gongkai_report::Num;
use std::io::Write;
use std::path::{Path, PathBuf};
use unicode_width::UnicodeWidthStr;

/// How a query command writes its answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutFormat {
    /// Aligned columns for a terminal.
    Table,
    /// CSV, UTF-8 with BOM (Excel/WPS); several tables are separated by a blank line.
    Csv,
    /// One JSON object: each table's rows as objects keyed by its headers.
    Json,
    /// XLSX, one sheet per table (needs -o FILE).
    Xlsx,
}

/// A value in a grid.
#[derive(Clone, Debug, PartialEq)]
pub enum V {
    Text(String),
    Num(Num),
    Float(f64),
    /// A share, shown as a percentage (a fraction in JSON, CSV and XLSX).
    Pct(f64),
    Empty,
}

impl V {
    pub fn text(s: impl Into<String>) -> V {
        V::Text(s.into())
    }

    pub fn opt(s: Option<impl Into<String>>) -> V {
        s.map_or(V::Empty, |s| V::Text(s.into()))
    }

    pub fn int(i: i64) -> V {
        V::Num(Num::Int(i))
    }

    fn shown(&self) -> String {
        match self {
            V::Text(s) => s.clone(),
            V::Num(n) => match n {
                Num::Int(i) => i.to_string(),
                Num::Dec(d) => format_dec(*d),
            },
            V::Float(f) => format!("{f:.4}"),
            V::Pct(f) => format!("{:.2}%", f * 100.0),
            V::Empty => String::new(),
        }
    }

    /// As written to CSV: shares as fractions.
    fn raw(&self) -> String {
        match self {
            V::Pct(f) => f.to_string(),
            v => v.shown(),
        }
    }

    fn is_number(&self) -> bool {
        matches!(self, V::Num(_) | V::Float(_) | V::Pct(_))
    }
}

/// A decimal without float noise (sums of money to 6 places, trailing zeros dropped).
fn format_dec(d: f64) -> String {
    let s = format!("{d:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_owned() }
}

/// A table with a title.
#[derive(Clone, Debug, Default)]
pub struct Grid {
    /// Shown above the table; the sheet name in XLSX.
    pub title: String,
    /// Lines shown under the title on a terminal (and kept in JSON).
    pub notes: Vec<String>,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<V>>,
}

impl Grid {
    pub fn new(title: impl Into<String>, headers: &[&str]) -> Grid {
        Grid {
            title: title.into(),
            notes: Vec::new(),
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<V>) {
        self.rows.push(row);
    }
}

/// Where and how to write.
pub struct Output {
    pub format: OutFormat,
    pub file: Option<PathBuf>,
}

fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Columns wider than this are cut on a terminal (with …).
const MAX_COL: usize = 40;

fn cut(s: &str, w: usize) -> String {
    if width(s) <= w {
        return s.to_owned();
    }
    let mut out = String::new();
    for c in s.chars() {
        if width(&out) + width(c.encode_utf8(&mut [0; 4])) + 1 > w {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

pub fn terminal(grids: &[Grid]) -> String {
    let mut o = String::new();
    for (i, g) in grids.iter().enumerate() {
        if i > 0 {
            o.push('\n');
        }
        if !g.title.is_empty() {
            o.push_str(&g.title);
            o.push('\n');
        }
        for n in &g.notes {
            o.push_str("  ");
            o.push_str(n);
            o.push('\n');
        }
        if g.rows.is_empty() {
            o.push_str("  （无 none）\n");
            continue;
        }
        let cells: Vec<Vec<String>> = g
            .rows
            .iter()
            .map(|r| {
                // The last column is never cut: it is where long text (paths, definitions) goes.
                let last = r.len().saturating_sub(1);
                r.iter()
                    .enumerate()
                    .map(|(j, v)| {
                        if j == last {
                            v.shown()
                        } else {
                            cut(&v.shown(), MAX_COL)
                        }
                    })
                    .collect()
            })
            .collect();
        let mut widths: Vec<usize> = g.headers.iter().map(|h| width(h)).collect();
        for r in &cells {
            for (j, c) in r.iter().enumerate() {
                if let Some(w) = widths.get_mut(j) {
                    *w = (*w).max(width(c));
                }
            }
        }
        let line = |o: &mut String, vals: &[String], numeric: &[bool]| {
            o.push_str("  ");
            for (j, v) in vals.iter().enumerate() {
                let w = widths.get(j).copied().unwrap_or(0);
                let pad = " ".repeat(w.saturating_sub(width(v)));
                if numeric.get(j).copied().unwrap_or(false) {
                    o.push_str(&pad);
                    o.push_str(v);
                } else {
                    o.push_str(v);
                    if j + 1 < vals.len() {
                        o.push_str(&pad);
                    }
                }
                if j + 1 < vals.len() {
                    o.push_str("  ");
                }
            }
            o.push('\n');
        };
        let numeric: Vec<bool> = (0..g.headers.len())
            .map(|j| g.rows.iter().any(|r| r.get(j).is_some_and(V::is_number)))
            .collect();
        line(&mut o, &g.headers, &numeric);
        let n = widths.len();
        let rule: Vec<String> = widths
            .iter()
            .enumerate()
            .map(|(j, w)| "─".repeat(if j + 1 == n { (*w).min(MAX_COL) } else { *w }))
            .collect();
        line(&mut o, &rule, &numeric);
        for r in &cells {
            line(&mut o, r, &numeric);
        }
    }
    o
}

fn csv(grids: &[Grid]) -> Result<Vec<u8>, String> {
    let mut buf = b"\xEF\xBB\xBF".to_vec();
    for (i, g) in grids.iter().enumerate() {
        if i > 0 {
            buf.extend_from_slice(b"\r\n");
        }
        if grids.len() > 1 {
            buf.extend_from_slice(format!("# {}\r\n", g.title).as_bytes());
        }
        let mut w = csv_writer(&mut buf);
        w.write_record(&g.headers).map_err(|e| e.to_string())?;
        for r in &g.rows {
            w.write_record(r.iter().map(V::raw))
                .map_err(|e| e.to_string())?;
        }
        w.flush().map_err(|e| e.to_string())?;
    }
    Ok(buf)
}

fn csv_writer<W: Write>(w: W) -> ::csv::Writer<W> {
    ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(w)
}

fn json(grids: &[Grid]) -> String {
    use serde_json::{Map, Value, json};
    let mut top = Map::new();
    for g in grids {
        let rows: Vec<Value> = g
            .rows
            .iter()
            .map(|r| {
                let mut m = Map::new();
                for (h, v) in g.headers.iter().zip(r) {
                    let v = match v {
                        V::Text(s) => json!(s),
                        V::Num(n) => json!(n),
                        V::Float(f) | V::Pct(f) => json!(f),
                        V::Empty => Value::Null,
                    };
                    m.insert(h.clone(), v);
                }
                Value::Object(m)
            })
            .collect();
        let key = if g.title.is_empty() {
            "rows".to_owned()
        } else {
            g.title.clone()
        };
        top.insert(key, json!({"notes": g.notes, "rows": rows}));
    }
    Value::Object(top).to_string()
}

fn xlsx(grids: &[Grid], path: &Path) -> Result<(), String> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let mut names = std::collections::HashSet::new();
    for (i, g) in grids.iter().enumerate() {
        let sheet = book.add_worksheet();
        let mut name: String = g
            .title
            .chars()
            .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\' | '\''))
            .take(28)
            .collect();
        if name.is_empty() || !names.insert(name.clone()) {
            name = format!("{}~{}", name.chars().take(25).collect::<String>(), i + 1);
        }
        sheet.set_name(&name).map_err(|e| e.to_string())?;
        let mut row = 0u32;
        for n in &g.notes {
            sheet.write_string(row, 0, n).map_err(|e| e.to_string())?;
            row += 1;
        }
        for (j, h) in g.headers.iter().enumerate() {
            sheet
                .write_string_with_format(row, j as u16, h, &bold)
                .map_err(|e| e.to_string())?;
        }
        row += 1;
        for r in &g.rows {
            for (j, v) in r.iter().enumerate() {
                let c = j as u16;
                let res = match v {
                    V::Text(s) => sheet.write_string(row, c, s).map(|_| ()),
                    V::Num(n) => sheet.write_number(row, c, n.as_f64()).map(|_| ()),
                    V::Float(f) | V::Pct(f) => sheet.write_number(row, c, *f).map(|_| ()),
                    V::Empty => Ok(()),
                };
                res.map_err(|e| e.to_string())?;
            }
            row += 1;
        }
    }
    book.save(path)
        .map_err(|e| format!("{}: {e}", path.display()))
}

impl Output {
    /// Write the grids; an error message on failure.
    pub fn emit(&self, grids: &[Grid]) -> Result<(), String> {
        let bytes = match self.format {
            OutFormat::Xlsx => {
                let Some(path) = &self.file else {
                    return Err("--format xlsx needs -o FILE".into());
                };
                return xlsx(grids, path);
            }
            OutFormat::Table => terminal(grids).into_bytes(),
            OutFormat::Csv => csv(grids)?,
            OutFormat::Json => (json(grids) + "\n").into_bytes(),
        };
        match &self.file {
            Some(p) => std::fs::write(p, bytes).map_err(|e| format!("{}: {e}", p.display())),
            None => {
                let mut out = std::io::stdout().lock();
                // A closed pipe (`| head`) is not an error.
                let _ = out.write_all(&bytes);
                let _ = out.flush();
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_tables_align_cjk_and_numbers() {
        let mut g = Grid::new("t", &["机关", "n"]);
        g.push(vec![V::text("石家田乡"), V::int(12)]);
        g.push(vec![V::text("ab"), V::int(3)]);
        let s = terminal(&[g]);
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines[3], "  石家田乡  12");
        assert_eq!(lines[4], "  ab         3");
        assert_eq!(format_dec(93.860_500_000_1), "93.8605");
    }
}
