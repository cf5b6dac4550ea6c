//! Rates computed from the tables, each with its definition written out from the format's
//! labels. A rate is numerator ÷ denominator, both sums of cells; over a selection the sums
//! are pooled (Σ numerators ÷ Σ denominators) over the reports that have every cell of the
//! rate and a denominator above zero.

use gongkai_format::{CellRef, Edition, T3_COLUMNS, T4_COLUMNS, T4_GROUPS, TableId, edition_def};

/// A term of a sum: a cell, added or subtracted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Term {
    /// The cell.
    pub cell: CellRef,
    /// +1 or −1.
    pub sign: i8,
}

/// A rate.
#[derive(Clone, Debug)]
pub struct Rate {
    /// Its name on the command line (`--rank disclosure_rate`).
    pub name: &'static str,
    /// What it measures, in Chinese.
    pub title: &'static str,
    /// What it measures, in English.
    pub title_en: &'static str,
    /// Numerator.
    pub numerator: Vec<Term>,
    /// Denominator.
    pub denominator: Vec<Term>,
}

fn t3(row: &'static str, col: &'static str) -> Term {
    Term {
        cell: CellRef {
            table: TableId::Table3,
            row,
            col,
        },
        sign: 1,
    }
}

fn t4(group: &'static str, col: &'static str, sign: i8) -> Term {
    Term {
        cell: CellRef {
            table: TableId::Table4,
            row: group,
            col,
        },
        sign,
    }
}

/// The key of table 3's 总计 column, and of its row.
fn total() -> &'static str {
    T3_COLUMNS.last().map_or("total", |c| c.key)
}

/// Keys of table 3 rows in a group (the same in both editions).
fn group_rows(group: &str) -> Vec<&'static str> {
    edition_def(Edition::E2021)
        .table3
        .rows
        .iter()
        .filter(|r| r.group == Some(group))
        .map(|r| r.key)
        .collect()
}

/// Table 4 columns by position: results 0–2, 尚未审结 3, 总计 4.
fn t4_col(i: usize) -> &'static str {
    T4_COLUMNS.get(i).map_or("", |c| c.key)
}

/// Every rate, in the order shown.
pub fn rates() -> Vec<Rate> {
    let t = total();
    let decided = vec![t3(t, t)];
    let granted = ["granted", "partial"].map(|r| t3(r, t)).to_vec();
    let denied: Vec<Term> = group_rows("denied").into_iter().map(|r| t3(r, t)).collect();
    let concluded = |groups: &[&'static str]| -> Vec<Term> {
        groups
            .iter()
            .flat_map(|g| [t4(g, t4_col(4), 1), t4(g, t4_col(3), -1)])
            .collect()
    };
    let corrected = |groups: &[&'static str]| -> Vec<Term> {
        groups.iter().map(|g| t4(g, t4_col(1), 1)).collect()
    };
    let review = [T4_GROUPS[0].key];
    let litigation = [T4_GROUPS[1].key, T4_GROUPS[2].key];
    vec![
        Rate {
            name: "disclosure_rate",
            title: "公开率：予以公开与部分公开占办理总数的比例",
            title_en: "share of decided applications disclosed fully or in part",
            numerator: granted,
            denominator: decided.clone(),
        },
        Rate {
            name: "refusal_rate",
            title: "不予公开率：不予公开占办理总数的比例",
            title_en: "share of decided applications refused (不予公开)",
            numerator: denied,
            denominator: decided,
        },
        Rate {
            name: "review_correction_rate",
            title: "行政复议纠错率：结果纠正占已审结行政复议的比例",
            title_en: "share of concluded administrative reconsiderations whose result was corrected",
            numerator: corrected(&review),
            denominator: concluded(&review),
        },
        Rate {
            name: "litigation_correction_rate",
            title: "行政诉讼纠错率：结果纠正占已审结行政诉讼的比例",
            title_en: "share of concluded lawsuits (with or without reconsideration first) whose result was corrected",
            numerator: corrected(&litigation),
            denominator: concluded(&litigation),
        },
    ]
}

/// A rate by name.
pub fn rate(name: &str) -> Option<Rate> {
    rates().into_iter().find(|r| r.name == name)
}

/// A cell's label: `（一）予以公开 / 总计`.
pub fn cell_label(c: &CellRef) -> String {
    match c.table {
        TableId::Table2 => {
            for e in [Edition::E2021, Edition::E2019] {
                if let Some((block, row)) = edition_def(e).table2.row(c.row)
                    && let Some(col) = block.columns.iter().find(|k| k.key == c.col)
                {
                    return format!("{} / {}", row.label, col.label);
                }
            }
            c.to_string()
        }
        TableId::Table3 => {
            let row = [Edition::E2021, Edition::E2019]
                .iter()
                .find_map(|e| edition_def(*e).table3.row(c.row))
                .map_or(c.row, |r| r.label);
            let col = T3_COLUMNS
                .iter()
                .find(|k| k.key == c.col)
                .map_or(c.col, |k| k.label);
            format!("{row} / {col}")
        }
        TableId::Table4 => {
            let g = T4_GROUPS.iter().find(|g| g.key == c.row);
            let group = g.map_or(c.row.to_owned(), |g| match g.parent {
                Some(p) => format!("{p}·{}", g.label),
                None => g.label.to_owned(),
            });
            let col = T4_COLUMNS
                .iter()
                .find(|k| k.key == c.col)
                .map_or(c.col, |k| k.label);
            format!("{group} / {col}")
        }
    }
}

impl Rate {
    /// The definition written out: `(A + B) ÷ C`, with the format's labels and keys.
    pub fn definition(&self) -> String {
        let side = |terms: &[Term]| -> String {
            let parts: Vec<String> = terms
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let op = match (i, t.sign) {
                        (0, s) if s < 0 => "− ",
                        (0, _) => "",
                        (_, s) if s < 0 => " − ",
                        _ => " + ",
                    };
                    format!("{op}{}〔{}〕", cell_label(&t.cell), t.cell)
                })
                .collect();
            if terms.len() > 1 {
                format!("({})", parts.concat())
            } else {
                parts.concat()
            }
        };
        format!("{} ÷ {}", side(&self.numerator), side(&self.denominator))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_name_the_format_cells() {
        let r = rate("disclosure_rate").unwrap_or_else(|| rates().remove(0));
        let d = r.definition();
        assert!(d.contains("（一）予以公开"), "{d}");
        assert!(d.contains("table3.total.total"), "{d}");
        let c = rate("review_correction_rate").unwrap_or_else(|| rates().remove(0));
        assert!(c.definition().contains("结果纠正"));
        assert!(
            c.definition().contains("− 行政复议 / 尚未审结"),
            "{}",
            c.definition()
        );
        assert_eq!(rate("refusal_rate").map(|r| r.numerator.len()), Some(8));
    }
}
