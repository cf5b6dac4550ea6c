//! Table 3 — applications received and handled (收到和处理政府信息公开申请情况).

use crate::{ColumnDef, Enumerator, RowDef, ValueKind};

/// The part a row plays in the identities of table 3.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RowRole {
    /// Table 2 rows: no identity.
    Plain,
    /// 一、本年新收 and 二、上年结转: the left side of the balance.
    Input,
    /// An outcome (三、本年度办理结果 items): their sum is （七）总计.
    Outcome,
    /// （七）总计.
    Total,
    /// 四、结转下年度继续办理.
    CarryForward,
}

/// A group label of table 3: printed before its rows, carries no numbers of its own.
#[derive(Debug)]
pub struct GroupDef {
    pub key: &'static str,
    pub label: &'static str,
    pub enumerator: Enumerator,
    /// Label text without enumerator, then variants.
    pub texts: &'static [&'static str],
    /// The group this one is printed inside (（三）不予公开 sits in 三、本年度办理结果).
    pub parent: Option<&'static str>,
}

#[derive(Debug)]
pub struct Table3Def {
    pub columns: &'static [ColumnDef; 7],
    pub rows: &'static [RowDef],
    pub groups: &'static [GroupDef],
    /// Printed above all seven columns.
    pub applicants: &'static str,
    /// Printed above the five organisation columns (商业企业 … 其他), which have no subtotal.
    pub organisations: &'static str,
    /// The caption that states the balance.
    pub caption: &'static str,
}

impl Table3Def {
    pub fn row(&self, key: &str) -> Option<&'static RowDef> {
        self.rows.iter().find(|r| r.key == key)
    }

    pub fn row_index(&self, key: &str) -> Option<usize> {
        self.rows.iter().position(|r| r.key == key)
    }

    pub fn rows_with_role(&self, role: RowRole) -> impl Iterator<Item = &'static RowDef> + '_ {
        self.rows.iter().filter(move |r| r.role == role)
    }

    /// Index of the 总计 column.
    pub fn total_column(&self) -> usize {
        self.columns.len() - 1
    }

    /// Header labels above the columns, in printed order (申请人情况 on the first header row;
    /// 自然人, 法人或其他组织, 总计 on the second; the organisation columns on the third).
    pub fn header_labels(&self) -> [&'static str; 3] {
        [self.applicants, self.columns[0].label, self.organisations]
    }

    /// Columns under 法人或其他组织.
    pub fn organisation_columns(&self) -> std::ops::Range<usize> {
        1..self.columns.len() - 1
    }
}

const fn col(
    key: &'static str,
    label: &'static str,
    variants: &'static [&'static str],
) -> ColumnDef {
    ColumnDef::new(key, label, variants, ValueKind::Count)
}

/// The seven data columns, in order; the last is the total of the other six.
pub static T3_COLUMNS: [ColumnDef; 7] = [
    col("natural_person", "自然人", &[]),
    col("commercial", "商业企业", &[]),
    col("research", "科研机构", &[]),
    col("social_welfare", "社会公益组织", &[]),
    col("legal_service", "法律服务机构", &[]),
    col("other_org", "其他", &[]),
    col("total", "总计", &[]),
];

#[allow(clippy::too_many_arguments)]
const fn row(
    key: &'static str,
    label: &'static str,
    enumerator: Enumerator,
    texts: &'static [&'static str],
    group: Option<&'static str>,
    role: RowRole,
) -> RowDef {
    RowDef {
        key,
        label,
        enumerator,
        texts,
        needs_enumerator: false,
        group,
        role,
    }
}

const fn outcome(
    key: &'static str,
    label: &'static str,
    enumerator: Enumerator,
    texts: &'static [&'static str],
    group: &'static str,
) -> RowDef {
    row(key, label, enumerator, texts, Some(group), RowRole::Outcome)
}

use crate::keys::t3::group::{
    DENIED as G_DENIED, OTHER_HANDLING as G_OTHER, REJECTED as G_REJECTED, RESULTS as G_RESULTS,
    UNABLE as G_UNABLE,
};

const NEW_RECEIVED: RowDef = row(
    "new_received",
    "一、本年新收政府信息公开申请数量",
    Enumerator::Top(1),
    &["本年新收政府信息公开申请数量", "本年新收政府信息公开申请"],
    None,
    RowRole::Input,
);
const CARRIED_OVER: RowDef = row(
    "carried_over",
    "二、上年结转政府信息公开申请数量",
    Enumerator::Top(2),
    &["上年结转政府信息公开申请数量", "上年结转政府信息公开申请"],
    None,
    RowRole::Input,
);
const TOTAL: RowDef = RowDef {
    key: "total",
    label: "（七）总计",
    enumerator: Enumerator::Paren(7),
    texts: &["总计"],
    needs_enumerator: true,
    group: Some(G_RESULTS),
    role: RowRole::Total,
};
const CARRY_FORWARD: RowDef = row(
    "carry_forward",
    "四、结转下年度继续办理",
    Enumerator::Top(4),
    &["结转下年度继续办理"],
    None,
    RowRole::CarryForward,
);

macro_rules! t3_rows {
    ($($other:expr),* $(,)?) => {
        [
            NEW_RECEIVED,
            CARRIED_OVER,
            outcome("granted", "（一）予以公开", Enumerator::Paren(1), &["予以公开"], G_RESULTS),
            outcome(
                "partial",
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                Enumerator::Paren(2),
                &["部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开"],
                G_RESULTS,
            ),
            outcome("denied_state_secret", "1.属于国家秘密", Enumerator::Arabic(1), &["属于国家秘密"], G_DENIED),
            outcome(
                "denied_law_prohibited",
                "2.其他法律行政法规禁止公开",
                Enumerator::Arabic(2),
                &["其他法律行政法规禁止公开", "其他法律法规禁止公开"],
                G_DENIED,
            ),
            outcome(
                "denied_three_safety",
                "3.危及“三安全一稳定”",
                Enumerator::Arabic(3),
                &["危及“三安全一稳定”"],
                G_DENIED,
            ),
            outcome("denied_third_party", "4.保护第三方合法权益", Enumerator::Arabic(4), &["保护第三方合法权益"], G_DENIED),
            outcome("denied_internal", "5.属于三类内部事务信息", Enumerator::Arabic(5), &["属于三类内部事务信息"], G_DENIED),
            outcome("denied_process", "6.属于四类过程性信息", Enumerator::Arabic(6), &["属于四类过程性信息"], G_DENIED),
            outcome("denied_enforcement_file", "7.属于行政执法案卷", Enumerator::Arabic(7), &["属于行政执法案卷"], G_DENIED),
            outcome("denied_inquiry", "8.属于行政查询事项", Enumerator::Arabic(8), &["属于行政查询事项"], G_DENIED),
            outcome(
                "unable_not_held",
                "1.本机关不掌握相关政府信息",
                Enumerator::Arabic(1),
                &["本机关不掌握相关政府信息"],
                G_UNABLE,
            ),
            outcome(
                "unable_needs_creation",
                "2.没有现成信息需要另行制作",
                Enumerator::Arabic(2),
                &["没有现成信息需要另行制作"],
                G_UNABLE,
            ),
            outcome(
                "unable_unclear",
                "3.补正后申请内容仍不明确",
                Enumerator::Arabic(3),
                &["补正后申请内容仍不明确"],
                G_UNABLE,
            ),
            outcome(
                "rejected_petition",
                "1.信访举报投诉类申请",
                Enumerator::Arabic(1),
                &["信访举报投诉类申请", "举报投诉类申请"],
                G_REJECTED,
            ),
            outcome("rejected_repeat", "2.重复申请", Enumerator::Arabic(2), &["重复申请"], G_REJECTED),
            outcome(
                "rejected_publication",
                "3.要求提供公开出版物",
                Enumerator::Arabic(3),
                &["要求提供公开出版物"],
                G_REJECTED,
            ),
            outcome(
                "rejected_mass",
                "4.无正当理由大量反复申请",
                Enumerator::Arabic(4),
                &["无正当理由大量反复申请"],
                G_REJECTED,
            ),
            outcome(
                "rejected_confirm",
                "5.要求行政机关确认或重新出具已获取信息",
                Enumerator::Arabic(5),
                &["要求行政机关确认或重新出具已获取信息"],
                G_REJECTED,
            ),
            $($other,)*
            TOTAL,
            CARRY_FORWARD,
        ]
    };
}

static ROWS_2021: [RowDef; 25] = t3_rows![
    outcome(
        "other_overdue_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        Enumerator::Arabic(1),
        &[
            "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "申请人无正当理由逾期不补正",
        ],
        G_OTHER,
    ),
    outcome(
        "other_unpaid_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        Enumerator::Arabic(2),
        &[
            "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "申请人逾期未按收费通知要求缴纳费用",
        ],
        G_OTHER,
    ),
    RowDef {
        key: "other_other",
        label: "3.其他",
        enumerator: Enumerator::Arabic(3),
        texts: &["其他"],
        needs_enumerator: true,
        group: Some(G_OTHER),
        role: RowRole::Outcome,
    },
];

static ROWS_2019: [RowDef; 23] = t3_rows![outcome(
    "other",
    "（六）其他处理",
    Enumerator::Paren(6),
    &["其他处理"],
    G_RESULTS,
)];

const fn group(
    key: &'static str,
    label: &'static str,
    enumerator: Enumerator,
    texts: &'static [&'static str],
) -> GroupDef {
    GroupDef {
        key,
        label,
        enumerator,
        texts,
        parent: Some(G_RESULTS),
    }
}

const RESULTS: GroupDef = GroupDef {
    key: G_RESULTS,
    label: "三、本年度办理结果",
    enumerator: Enumerator::Top(3),
    texts: &["本年度办理结果"],
    parent: None,
};

const DENIED: GroupDef = group(
    G_DENIED,
    "（三）不予公开",
    Enumerator::Paren(3),
    &["不予公开"],
);
const UNABLE: GroupDef = group(
    G_UNABLE,
    "（四）无法提供",
    Enumerator::Paren(4),
    &["无法提供"],
);
const REJECTED: GroupDef = group(
    G_REJECTED,
    "（五）不予处理",
    Enumerator::Paren(5),
    &["不予处理"],
);

/// Group labels of the 2019 edition (its （六）其他处理 is a row, not a group).
pub static T3_GROUPS_2019: [GroupDef; 4] = [RESULTS, DENIED, UNABLE, REJECTED];

/// Group labels of the 2021 edition.
pub static T3_GROUPS_2021: [GroupDef; 5] = [
    RESULTS,
    DENIED,
    UNABLE,
    REJECTED,
    group(
        G_OTHER,
        "（六）其他处理",
        Enumerator::Paren(6),
        &["其他处理"],
    ),
];

const CAPTION: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

pub(crate) static TABLE3_2021: Table3Def = Table3Def {
    columns: &T3_COLUMNS,
    rows: &ROWS_2021,
    groups: &T3_GROUPS_2021,
    applicants: "申请人情况",
    organisations: "法人或其他组织",
    caption: CAPTION,
};

pub(crate) static TABLE3_2019: Table3Def = Table3Def {
    columns: &T3_COLUMNS,
    rows: &ROWS_2019,
    groups: &T3_GROUPS_2019,
    applicants: "申请人情况",
    organisations: "法人或其他组织",
    caption: CAPTION,
};
