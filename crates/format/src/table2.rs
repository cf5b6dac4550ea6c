//! Table 2 — proactive disclosure under article 20 (主动公开政府信息情况).

use crate::table3::RowRole;
use crate::{ColumnDef, Enumerator, RowDef, ValueKind};

/// One block of table 2: an item of article 20 with its column headers and rows.
#[derive(Debug)]
pub struct BlockDef {
    /// The item of article 20 (一 = 1, 五 = 5 …).
    pub item: u8,
    /// The block marker as printed: `第二十条第（一）项`.
    pub marker: &'static str,
    pub columns: &'static [ColumnDef],
    pub rows: &'static [RowDef],
}

#[derive(Debug)]
pub struct Table2Def {
    pub blocks: &'static [BlockDef],
    /// The header of the first column of every block.
    pub row_header: &'static str,
}

impl Table2Def {
    pub fn rows(&self) -> impl Iterator<Item = (&'static BlockDef, &'static RowDef)> + '_ {
        self.blocks
            .iter()
            .flat_map(|b| b.rows.iter().map(move |r| (b, r)))
    }

    pub fn row(&self, key: &str) -> Option<(&'static BlockDef, &'static RowDef)> {
        self.rows().find(|(_, r)| r.key == key)
    }
}

const fn row(key: &'static str, label: &'static str, texts: &'static [&'static str]) -> RowDef {
    RowDef {
        key,
        label,
        enumerator: Enumerator::None,
        texts,
        needs_enumerator: false,
        group: None,
        role: RowRole::Plain,
    }
}

const fn col(
    key: &'static str,
    label: &'static str,
    variants: &'static [&'static str],
    kind: ValueKind,
) -> ColumnDef {
    ColumnDef::new(key, label, variants, kind)
}

// ---- 2021 edition -------------------------------------------------------------------------

static COLS_2021_DOCS: [ColumnDef; 3] = [
    col("issued", "本年制发件数", &[], ValueKind::Count),
    col("abolished", "本年废止件数", &[], ValueKind::Count),
    col("in_force", "现行有效件数", &[], ValueKind::Count),
];
static COLS_2021_DECISIONS: [ColumnDef; 1] =
    [col("decisions", "本年处理决定数量", &[], ValueKind::Count)];
static COLS_2021_FEES: [ColumnDef; 1] = [col(
    "amount",
    "本年收费金额（单位：万元）",
    &[
        "本年收费金额（单位：万元，保留4位小数）",
        "本年收费金额（万元）",
    ],
    ValueKind::Money,
)];

static ROWS_2021_DOCS: [RowDef; 2] = [
    row("regulations", "规章", &["规章"]),
    row(
        "normative_documents",
        "行政规范性文件",
        &["行政规范性文件", "规范性文件"],
    ),
];
static ROWS_LICENSING_2021: [RowDef; 1] = [row("licensing", "行政许可", &["行政许可"])];
static ROWS_PUNISH: [RowDef; 2] = [
    row("punishment", "行政处罚", &["行政处罚"]),
    row("enforcement", "行政强制", &["行政强制"]),
];
static ROWS_FEES: [RowDef; 1] = [row("fees", "行政事业性收费", &["行政事业性收费"])];

static BLOCKS_2021: [BlockDef; 4] = [
    BlockDef {
        item: 1,
        marker: "第二十条第（一）项",
        columns: &COLS_2021_DOCS,
        rows: &ROWS_2021_DOCS,
    },
    BlockDef {
        item: 5,
        marker: "第二十条第（五）项",
        columns: &COLS_2021_DECISIONS,
        rows: &ROWS_LICENSING_2021,
    },
    BlockDef {
        item: 6,
        marker: "第二十条第（六）项",
        columns: &COLS_2021_DECISIONS,
        rows: &ROWS_PUNISH,
    },
    BlockDef {
        item: 8,
        marker: "第二十条第（八）项",
        columns: &COLS_2021_FEES,
        rows: &ROWS_FEES,
    },
];

pub(crate) static TABLE2_2021: Table2Def = Table2Def {
    blocks: &BLOCKS_2021,
    row_header: "信息内容",
};

// ---- 2019 edition -------------------------------------------------------------------------

static COLS_2019_DOCS: [ColumnDef; 3] = [
    col("made", "本年新制作数量", &[], ValueKind::Count),
    col("published", "本年新公开数量", &[], ValueKind::Count),
    col("total_public", "对外公开总数量", &[], ValueKind::Count),
];
static COLS_2019_ITEMS: [ColumnDef; 3] = [
    col("prev_count", "上一年项目数量", &[], ValueKind::Count),
    // `本年增/` is a truncation seen in the wild (seed 000).
    ColumnDef {
        misprints: &["本年增/"],
        ..col("change", "本年增/减", &[], ValueKind::SignedCount)
    },
    col("decisions", "处理决定数量", &[], ValueKind::Count),
];
static COLS_2019_FEES: [ColumnDef; 2] = [
    col("prev_count", "上一年项目数量", &[], ValueKind::Count),
    ColumnDef {
        misprints: &["本年增/"],
        ..col("change", "本年增/减", &[], ValueKind::SignedCount)
    },
];
static COLS_2019_PROCUREMENT: [ColumnDef; 2] = [
    col("projects", "采购项目数量", &[], ValueKind::Count),
    col("amount", "采购总金额", &[], ValueKind::Money),
];

static ROWS_2019_DOCS: [RowDef; 2] = [
    row("regulations", "规章", &["规章"]),
    row(
        "normative_documents",
        "规范性文件",
        &["规范性文件", "行政规范性文件"],
    ),
];
static ROWS_LICENSING_2019: [RowDef; 2] = [
    row("licensing", "行政许可", &["行政许可"]),
    row(
        "other_services",
        "其他对外管理服务事项",
        &["其他对外管理服务事项"],
    ),
];
static ROWS_PROCUREMENT: [RowDef; 1] = [row("procurement", "政府集中采购", &["政府集中采购"])];

static BLOCKS_2019: [BlockDef; 5] = [
    BlockDef {
        item: 1,
        marker: "第二十条第（一）项",
        columns: &COLS_2019_DOCS,
        rows: &ROWS_2019_DOCS,
    },
    BlockDef {
        item: 5,
        marker: "第二十条第（五）项",
        columns: &COLS_2019_ITEMS,
        rows: &ROWS_LICENSING_2019,
    },
    BlockDef {
        item: 6,
        marker: "第二十条第（六）项",
        columns: &COLS_2019_ITEMS,
        rows: &ROWS_PUNISH,
    },
    BlockDef {
        item: 8,
        marker: "第二十条第（八）项",
        columns: &COLS_2019_FEES,
        rows: &ROWS_FEES,
    },
    BlockDef {
        item: 9,
        marker: "第二十条第（九）项",
        columns: &COLS_2019_PROCUREMENT,
        rows: &ROWS_PROCUREMENT,
    },
];

pub(crate) static TABLE2_2019: Table2Def = Table2Def {
    blocks: &BLOCKS_2019,
    row_header: "信息内容",
};
