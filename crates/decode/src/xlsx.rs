//! XLSX spreadsheets (and ET saved as XLSX): every sheet, row by row, merged cells honoured →
//! layout text.
//!
//! Some bodies fill the statutory tables in Excel. Each visible sheet, in workbook order, starts
//! with a line naming it; then every row with visible text is one line `| a | b |` in the shape
//! `html.rs` gives a table: a merged range's value once, at its top-left, and the positions it
//! covers left out (as a `rowspan`/`colspan` covers them), empty cells kept as empty cells so
//! columns stay aligned. A row runs from the sheet's first column with a value to its own last
//! cell (a blank cell inside a table is still written in the file, with its border), but not
//! past the sheet's last column with a value.
//!
//! Numbers are kept as written in the file (`93.8605`; `12.0` → `12`; binary noise past 15
//! significant digits rounded away, as Excel shows it); cells formatted as dates are written as
//! dates. Hidden sheets are left out: they hold scratch copies, not the published tables.

use crate::document::Document;
use crate::docx::{Budget, Out, Package, folder_of, relationships, rels_of};
use crate::error::{Damage, DecodeError};
use crate::{Format, Limits};
use roxmltree::Node;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

/// Columns one row may have in the layout (XLSX allows 16,384; a report's tables have a few
/// dozen). Keeps a sheet with one cell in A1 and one in XFD1 per row from exploding.
const MAX_COLUMNS: u32 = 1024;

/// Merged-range × row pairs considered; more are hostile (ranges are cosmetic past that).
const MAX_MERGE_ROWS: usize = 4_000_000;

/// Read an XLSX package.
pub fn decode(bytes: &[u8], limits: &Limits) -> Result<Document, DecodeError> {
    let mut pkg = Package::open(bytes, limits, Format::Xlsx)?;
    let wb_part = pkg.main_part("xl/workbook.xml")?;
    let Some(wb_text) = pkg.text(&wb_part)? else {
        return Err(DecodeError::corrupt(
            Format::Xlsx,
            Some(&wb_part),
            Damage::MissingPart,
        ));
    };
    let wb = pkg.parse(&wb_text, &wb_part)?;
    let base = folder_of(&wb_part).to_owned();
    let rels = relationships(&mut pkg, &rels_of(&wb_part), &base)?;
    let target = |suffix: &str, fallback: &str| {
        rels.iter()
            .find(|r| r.kind.ends_with(suffix))
            .map_or_else(|| format!("{base}{fallback}"), |r| r.target.clone())
    };
    let strings = match pkg.text(&target("/sharedStrings", "sharedStrings.xml"))? {
        Some(t) => shared_strings(&pkg.parse(&t, "sharedStrings.xml")?),
        None => Vec::new(),
    };
    // Styles only tell dates from numbers: a broken one is ignored.
    let dates = pkg
        .text(&target("/styles", "styles.xml"))
        .ok()
        .flatten()
        .and_then(|t| pkg.parse(&t, "styles.xml").ok().map(|x| date_styles(&x)))
        .unwrap_or_default();
    let root = wb.root_element();
    let date1904 = root
        .children()
        .find(|n| n.tag_name().name() == "workbookPr")
        .and_then(|n| n.attribute("date1904"))
        .is_some_and(|v| matches!(v, "1" | "true"));
    let sheets: Vec<(String, String)> = root
        .children()
        .filter(|n| n.tag_name().name() == "sheets")
        .flat_map(|s| s.children().filter(|n| n.tag_name().name() == "sheet"))
        .filter(|s| !matches!(s.attribute("state"), Some("hidden" | "veryHidden")))
        .filter_map(|s| {
            let id = s.attributes().find(|a| a.name() == "id")?.value();
            let part = rels.iter().find(|r| r.id == id)?.target.clone();
            Some((s.attribute("name").unwrap_or("").to_owned(), part))
        })
        .collect();
    let cx = Context {
        strings: &strings,
        dates: &dates,
        date1904,
    };
    let mut out = Out::new(wb_text.len());
    let mut budget = Budget::new(limits);
    for (name, part) in sheets {
        let Some(text) = pkg.text(&part)? else {
            continue;
        };
        let xml = pkg.parse(&text, &part)?;
        out.newline();
        out.cell_text(&format!("工作表：{name}"));
        out.newline();
        sheet(&xml, &cx, &mut out, &mut budget);
        if let Some(e) = budget.error() {
            return Err(e);
        }
    }
    out.newline();
    Ok(Document::from_text(out.s, Format::Xlsx, "utf-8", false))
}

struct Context<'a> {
    strings: &'a [String],
    /// Per cell style index: whether it formats numbers as dates.
    dates: &'a [bool],
    date1904: bool,
}

/// The text of each shared string: its runs (phonetic runs left out).
fn shared_strings(xml: &roxmltree::Document<'_>) -> Vec<String> {
    xml.root_element()
        .children()
        .filter(|n| n.tag_name().name() == "si")
        .map(|si| rich_text(&si))
        .collect()
}

/// `<t>` directly or inside `<r>` runs (`<si>`, `<is>`).
fn rich_text(n: &Node<'_, '_>) -> String {
    let mut s = String::new();
    for c in n.children() {
        match c.tag_name().name() {
            "t" => s.push_str(c.text().unwrap_or("")),
            "r" => {
                for t in c.children().filter(|t| t.tag_name().name() == "t") {
                    s.push_str(t.text().unwrap_or(""));
                }
            }
            _ => {}
        }
    }
    s
}

/// For each cell format (`cellXfs`), whether its number format shows a date.
fn date_styles(xml: &roxmltree::Document<'_>) -> Vec<bool> {
    let root = xml.root_element();
    let custom: HashMap<u32, bool> = root
        .children()
        .filter(|n| n.tag_name().name() == "numFmts")
        .flat_map(|n| n.children().filter(|f| f.tag_name().name() == "numFmt"))
        .filter_map(|f| {
            let id = f.attribute("numFmtId")?.parse().ok()?;
            Some((id, is_date_code(f.attribute("formatCode").unwrap_or(""))))
        })
        .collect();
    root.children()
        .filter(|n| n.tag_name().name() == "cellXfs")
        .flat_map(|n| n.children().filter(|x| x.tag_name().name() == "xf"))
        .map(|xf| {
            let id: u32 = xf
                .attribute("numFmtId")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            custom
                .get(&id)
                .copied()
                .unwrap_or(matches!(id, 14..=17 | 22 | 27..=31 | 34..=36 | 50..=58))
        })
        .collect()
}

/// A custom number format shows a date when it has year or day fields outside quoted text
/// and brackets (`yyyy"年"m"月"d"日"`, `[$-804]yyyy/m/d`).
fn is_date_code(code: &str) -> bool {
    let mut quoted = false;
    let mut bracket = false;
    let mut escaped = false;
    for c in code.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            'y' | 'Y' | 'd' | 'D' if !quoted && !bracket => return true,
            _ => {}
        }
    }
    false
}

/// A cell reference's column and row, 0-based (`B5` → (1, 4)).
fn cell_ref(r: &str) -> Option<(u32, u32)> {
    let letters = r.bytes().take_while(u8::is_ascii_alphabetic).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let mut col: u32 = 0;
    for b in r[..letters].bytes() {
        col = col * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1);
    }
    let row: u32 = r[letters..].parse().ok()?;
    Some((col - 1, row.checked_sub(1)?))
}

/// Rows of a sheet: row → (column → text); `None` text: a cell written without a value (a
/// blank cell). Text is borrowed from the sheet or the shared strings where it can be, so a
/// string shared by a million cells is held once.
type Rows<'a> = BTreeMap<u32, BTreeMap<u32, Option<Cow<'a, str>>>>;

/// One sheet's rows, written to `out` within the budget (cells kept, text written).
fn sheet<'a>(
    xml: &'a roxmltree::Document<'a>,
    cx: &'a Context<'a>,
    out: &mut Out,
    budget: &mut Budget,
) {
    let root = xml.root_element();
    let mut rows: Rows<'a> = BTreeMap::new();
    let mut next_row = 0u32;
    for row in root
        .children()
        .filter(|n| n.tag_name().name() == "sheetData")
        .flat_map(|d| d.children().filter(|r| r.tag_name().name() == "row"))
    {
        let r = row
            .attribute("r")
            .and_then(|v| v.parse::<u32>().ok())
            .and_then(|v| v.checked_sub(1))
            .unwrap_or(next_row);
        next_row = r.saturating_add(1);
        let cells = rows.entry(r).or_default();
        let mut next_col = 0u32;
        for c in row.children().filter(|c| c.tag_name().name() == "c") {
            if !budget.cell() {
                return;
            }
            let col = c
                .attribute("r")
                .and_then(cell_ref)
                .map_or(next_col, |(col, _)| col);
            next_col = col.saturating_add(1);
            let text = cell_value(&c, cx).filter(|t| !t.trim().is_empty());
            cells.insert(col, text);
        }
    }
    // Where the values are: the columns a row is written between.
    let with_value = || {
        rows.values()
            .flat_map(|cells| cells.iter().filter(|(_, t)| t.is_some()).map(|(c, _)| *c))
    };
    let (Some(first), Some(last)) = (with_value().min(), with_value().max()) else {
        return;
    };
    let last = last.min(first.saturating_add(MAX_COLUMNS - 1));
    let covered = covered_cells(&root, &rows);
    for (r, cells) in &rows {
        if !cells.values().any(Option::is_some) {
            continue;
        }
        if !budget.text(out.s.len()) {
            return;
        }
        let end = cells.keys().next_back().copied().unwrap_or(first).min(last);
        let covered_here = covered.get(r);
        out.newline();
        let mut started = false;
        for col in first..=end {
            if covered_here.is_some_and(|spans| spans.iter().any(|s| s.contains(&col))) {
                continue;
            }
            out.sep(if started { " | " } else { "| " });
            started = true;
            if let Some(Some(t)) = cells.get(&col) {
                out.cell_text(t);
                if !budget.text(out.s.len()) {
                    return;
                }
            }
        }
        if started {
            out.sep(" |");
        }
        out.newline();
    }
}

/// For each row, the column ranges covered by a merged range that starts elsewhere (every
/// cell of a range but its top-left one). Only rows that exist are listed.
fn covered_cells(
    root: &Node<'_, '_>,
    rows: &Rows<'_>,
) -> HashMap<u32, Vec<std::ops::RangeInclusive<u32>>> {
    let mut covered: HashMap<u32, Vec<std::ops::RangeInclusive<u32>>> = HashMap::new();
    let mut budget = MAX_MERGE_ROWS;
    let merges = root
        .children()
        .filter(|n| n.tag_name().name() == "mergeCells")
        .flat_map(|m| m.children().filter(|c| c.tag_name().name() == "mergeCell"))
        .filter_map(|m| {
            let (a, b) = m.attribute("ref")?.split_once(':')?;
            let (c0, r0) = cell_ref(a)?;
            let (c1, r1) = cell_ref(b)?;
            Some((c0.min(c1), r0.min(r1), c0.max(c1), r0.max(r1)))
        });
    for (c0, r0, c1, r1) in merges {
        for (&r, _) in rows.range(r0..=r1) {
            if budget == 0 {
                return covered;
            }
            budget -= 1;
            let spans = covered.entry(r).or_default();
            if r == r0 {
                if c1 > c0 {
                    spans.push(c0 + 1..=c1);
                }
            } else {
                spans.push(c0..=c1);
            }
        }
    }
    covered
}

/// The text of a cell as the sheet shows it; `None` for no value.
fn cell_value<'a>(c: &Node<'a, '_>, cx: &'a Context<'a>) -> Option<Cow<'a, str>> {
    let v = || {
        c.children()
            .find(|n| n.tag_name().name() == "v")
            .and_then(|n| n.text())
    };
    match c.attribute("t").unwrap_or("n") {
        "s" => {
            let i: usize = v()?.trim().parse().ok()?;
            cx.strings.get(i).map(|s| Cow::Borrowed(s.as_str()))
        }
        "inlineStr" => c
            .children()
            .find(|n| n.tag_name().name() == "is")
            .map(|is| Cow::Owned(rich_text(&is))),
        "str" | "e" => v().map(|t| Cow::Owned(t.to_owned())),
        "b" => v().map(|b| Cow::Borrowed(if b.trim() == "1" { "TRUE" } else { "FALSE" })),
        _ => {
            let raw = v()?.trim();
            let style = c
                .attribute("s")
                .and_then(|s| s.parse::<usize>().ok())
                .unwrap_or(0);
            if cx.dates.get(style).copied().unwrap_or(false)
                && let Some(d) = raw.parse::<f64>().ok().and_then(|x| date(x, cx.date1904))
            {
                return Some(Cow::Owned(d));
            }
            Some(Cow::Owned(number(raw)))
        }
    }
}

/// A number as written in the file, without the noise of binary floating point: `12.0` →
/// `12`, `0.30000000000000004` → `0.3`, `1E3` → `1000`. Anything not a number is kept.
pub(crate) fn number(raw: &str) -> String {
    let Ok(x) = raw.parse::<f64>() else {
        return raw.to_owned();
    };
    if !x.is_finite() {
        return raw.to_owned();
    }
    let digits = raw.bytes().filter(u8::is_ascii_digit).count();
    let plain = !raw.contains(['e', 'E']);
    let s = if plain && digits <= 15 {
        raw.trim_start_matches('+').to_owned()
    } else {
        // Fifteen significant digits, as Excel shows a number; Display gives the shortest
        // decimal that reads back the same, without an exponent.
        let rounded: f64 = format!("{x:.14e}").parse().unwrap_or(x);
        format!("{rounded}")
    };
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    };
    if s == "-0" { "0".to_owned() } else { s }
}

/// An Excel date serial as `2024-01-15` (with the time when it has one).
fn date(serial: f64, date1904: bool) -> Option<String> {
    if !(0.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor();
    // Whole days since 1970-01-01. The 1900 system counts a 29 February 1900 that never was.
    let (epoch, days) = if date1904 {
        (-24_107, days)
    } else if days >= 61.0 {
        (-25_569, days)
    } else {
        (-25_568, days)
    };
    let z = epoch + days as i64;
    let (y, m, d) = civil(z);
    let secs = ((serial - days) * 86_400.0).round() as i64;
    Some(if secs == 0 || secs >= 86_400 {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        format!(
            "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    })
}

/// Year, month, day of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_written() {
        assert_eq!(number("93.8605"), "93.8605");
        assert_eq!(number("12.0"), "12");
        assert_eq!(number("12"), "12");
        assert_eq!(number("0.30000000000000004"), "0.3");
        assert_eq!(number("93.860500000000002"), "93.8605");
        assert_eq!(number("1E3"), "1000");
        assert_eq!(number("-0"), "0");
        assert_eq!(number("-183"), "-183");
        assert_eq!(number("abc"), "abc");
    }

    #[test]
    fn references() {
        assert_eq!(cell_ref("A1"), Some((0, 0)));
        assert_eq!(cell_ref("AB12"), Some((27, 11)));
        assert_eq!(cell_ref("XFD1048576"), Some((16383, 1_048_575)));
        assert_eq!(cell_ref("1A"), None);
        assert_eq!(cell_ref("A0"), None);
    }

    #[test]
    fn dates() {
        assert_eq!(date(45306.0, false).as_deref(), Some("2024-01-15"));
        assert_eq!(date(1.0, false).as_deref(), Some("1900-01-01"));
        assert_eq!(date(61.0, false).as_deref(), Some("1900-03-01"));
        assert_eq!(date(45306.5, false).as_deref(), Some("2024-01-15 12:00:00"));
        assert!(is_date_code("yyyy\"年\"m\"月\"d\"日\""));
        assert!(!is_date_code("0.00_ ;[Red]\\-0.00\\ "));
        assert!(!is_date_code("\"day\"0"));
    }
}
