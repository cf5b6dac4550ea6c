//! Table 4 — administrative reconsideration and litigation (行政复议、行政诉讼情况).
//!
//! One row of fifteen cells in three groups of five; the same in both editions.

use crate::{ColumnDef, ValueKind};

/// A group of five cells.
#[derive(Debug)]
pub struct T4Group {
    pub key: &'static str,
    pub label: &'static str,
    /// The heading printed above the group (行政诉讼 spans the last two groups).
    pub parent: Option<&'static str>,
    pub variants: &'static [&'static str],
}

#[derive(Debug)]
pub struct Table4Def {
    pub groups: &'static [T4Group; 3],
    pub columns: &'static [ColumnDef; 5],
}

impl Table4Def {
    pub fn cells(&self) -> usize {
        self.groups.len() * self.columns.len()
    }

    pub fn total_column(&self) -> usize {
        self.columns.len() - 1
    }
}

const fn col(
    key: &'static str,
    label: &'static str,
    variants: &'static [&'static str],
) -> ColumnDef {
    ColumnDef::new(key, label, variants, ValueKind::Count)
}

pub static T4_GROUPS: [T4Group; 3] = [
    T4Group {
        key: "review",
        label: "行政复议",
        parent: None,
        variants: &[],
    },
    T4Group {
        key: "litigation_direct",
        label: "未经复议直接起诉",
        parent: Some("行政诉讼"),
        variants: &[],
    },
    T4Group {
        key: "litigation_after_review",
        label: "复议后起诉",
        parent: Some("行政诉讼"),
        variants: &[],
    },
];

/// Columns of each group; the last is the total of the other four.
pub static T4_COLUMNS: [ColumnDef; 5] = [
    col("upheld", "结果维持", &[]),
    col("corrected", "结果纠正", &[]),
    col("other", "其他结果", &[]),
    col("pending", "尚未审结", &[]),
    col("total", "总计", &[]),
];

/// Every label printed in the header of table 4: the headings above the groups, the groups,
/// the columns (derived from the data above, in printed order).
pub fn t4_header_labels() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = Vec::new();
    for g in &T4_GROUPS {
        for l in [g.parent, Some(g.label)].into_iter().flatten() {
            if !v.contains(&l) {
                v.push(l);
            }
        }
    }
    v.extend(T4_COLUMNS.iter().map(|c| c.label));
    v
}

pub(crate) static TABLE4: Table4Def = Table4Def {
    groups: &T4_GROUPS,
    columns: &T4_COLUMNS,
};
