//! Row, group and column keys as constants, for code that names one cell (rules, the
//! narrative facts): a misspelt key then fails to compile instead of matching nothing.
//!
//! The edition tables in this crate are the definition; a test checks that every key they
//! use is here and every constant here is used by them.

/// Table 2 (主动公开政府信息情况).
pub mod t2 {
    /// Rows of table 2.
    pub mod row {
        /// 规章.
        pub const REGULATIONS: &str = "regulations";
        /// （行政）规范性文件.
        pub const NORMATIVE_DOCUMENTS: &str = "normative_documents";
        /// 行政许可.
        pub const LICENSING: &str = "licensing";
        /// 其他对外管理服务事项 (2019 edition).
        pub const OTHER_SERVICES: &str = "other_services";
        /// 行政处罚.
        pub const PUNISHMENT: &str = "punishment";
        /// 行政强制.
        pub const ENFORCEMENT: &str = "enforcement";
        /// 行政事业性收费.
        pub const FEES: &str = "fees";
        /// 政府集中采购 (2019 edition).
        pub const PROCUREMENT: &str = "procurement";
    }

    /// Columns of table 2.
    pub mod col {
        /// 本年制发件数 (2021).
        pub const ISSUED: &str = "issued";
        /// 本年废止件数 (2021).
        pub const ABOLISHED: &str = "abolished";
        /// 现行有效件数 (2021).
        pub const IN_FORCE: &str = "in_force";
        /// 本年新制作数量 (2019).
        pub const MADE: &str = "made";
        /// 本年新公开数量 (2019).
        pub const PUBLISHED: &str = "published";
        /// 对外公开总数量 (2019).
        pub const TOTAL_PUBLIC: &str = "total_public";
        /// 上一年项目数量 (2019).
        pub const PREV_COUNT: &str = "prev_count";
        /// 本年增/减 (2019).
        pub const CHANGE: &str = "change";
        /// （本年）处理决定数量.
        pub const DECISIONS: &str = "decisions";
        /// 本年收费金额 / 采购总金额 (万元).
        pub const AMOUNT: &str = "amount";
        /// 采购项目数量 (2019).
        pub const PROJECTS: &str = "projects";
    }
}

/// Table 3 (收到和处理政府信息公开申请情况).
pub mod t3 {
    /// Rows of table 3.
    pub mod row {
        /// 一、本年新收政府信息公开申请数量.
        pub const NEW_RECEIVED: &str = "new_received";
        /// 二、上年结转政府信息公开申请数量.
        pub const CARRIED_OVER: &str = "carried_over";
        /// （一）予以公开.
        pub const GRANTED: &str = "granted";
        /// （二）部分公开.
        pub const PARTIAL: &str = "partial";
        /// （三）1.属于国家秘密.
        pub const DENIED_STATE_SECRET: &str = "denied_state_secret";
        /// （三）2.其他法律行政法规禁止公开.
        pub const DENIED_LAW_PROHIBITED: &str = "denied_law_prohibited";
        /// （三）3.危及“三安全一稳定”.
        pub const DENIED_THREE_SAFETY: &str = "denied_three_safety";
        /// （三）4.保护第三方合法权益.
        pub const DENIED_THIRD_PARTY: &str = "denied_third_party";
        /// （三）5.属于三类内部事务信息.
        pub const DENIED_INTERNAL: &str = "denied_internal";
        /// （三）6.属于四类过程性信息.
        pub const DENIED_PROCESS: &str = "denied_process";
        /// （三）7.属于行政执法案卷.
        pub const DENIED_ENFORCEMENT_FILE: &str = "denied_enforcement_file";
        /// （三）8.属于行政查询事项.
        pub const DENIED_INQUIRY: &str = "denied_inquiry";
        /// （四）1.本机关不掌握相关政府信息.
        pub const UNABLE_NOT_HELD: &str = "unable_not_held";
        /// （四）2.没有现成信息需要另行制作.
        pub const UNABLE_NEEDS_CREATION: &str = "unable_needs_creation";
        /// （四）3.补正后申请内容仍不明确.
        pub const UNABLE_UNCLEAR: &str = "unable_unclear";
        /// （五）1.信访举报投诉类申请.
        pub const REJECTED_PETITION: &str = "rejected_petition";
        /// （五）2.重复申请.
        pub const REJECTED_REPEAT: &str = "rejected_repeat";
        /// （五）3.要求提供公开出版物.
        pub const REJECTED_PUBLICATION: &str = "rejected_publication";
        /// （五）4.无正当理由大量反复申请.
        pub const REJECTED_MASS: &str = "rejected_mass";
        /// （五）5.要求行政机关确认或重新出具已获取信息.
        pub const REJECTED_CONFIRM: &str = "rejected_confirm";
        /// （六）其他处理 (2019 edition: one row).
        pub const OTHER: &str = "other";
        /// （六）1.申请人无正当理由逾期不补正… (2021).
        pub const OTHER_OVERDUE_CORRECTION: &str = "other_overdue_correction";
        /// （六）2.申请人逾期未按收费通知要求缴纳费用… (2021).
        pub const OTHER_UNPAID_FEE: &str = "other_unpaid_fee";
        /// （六）3.其他 (2021).
        pub const OTHER_OTHER: &str = "other_other";
        /// （七）总计.
        pub const TOTAL: &str = "total";
        /// 四、结转下年度继续办理.
        pub const CARRY_FORWARD: &str = "carry_forward";
    }

    /// Group labels of table 3 (no numbers of their own).
    pub mod group {
        /// 三、本年度办理结果.
        pub const RESULTS: &str = "results";
        /// （三）不予公开.
        pub const DENIED: &str = "denied";
        /// （四）无法提供.
        pub const UNABLE: &str = "unable";
        /// （五）不予处理.
        pub const REJECTED: &str = "rejected";
        /// （六）其他处理 (a group in 2021; a row in 2019).
        pub const OTHER_HANDLING: &str = "other_handling";
    }

    /// Columns of table 3.
    pub mod col {
        /// 自然人.
        pub const NATURAL_PERSON: &str = "natural_person";
        /// 商业企业.
        pub const COMMERCIAL: &str = "commercial";
        /// 科研机构.
        pub const RESEARCH: &str = "research";
        /// 社会公益组织.
        pub const SOCIAL_WELFARE: &str = "social_welfare";
        /// 法律服务机构.
        pub const LEGAL_SERVICE: &str = "legal_service";
        /// 其他.
        pub const OTHER_ORG: &str = "other_org";
        /// 总计.
        pub const TOTAL: &str = "total";
    }
}

/// Table 4 (行政复议、行政诉讼情况).
pub mod t4 {
    /// The three groups of five cells.
    pub mod group {
        /// 行政复议.
        pub const REVIEW: &str = "review";
        /// 行政诉讼 — 未经复议直接起诉.
        pub const LITIGATION_DIRECT: &str = "litigation_direct";
        /// 行政诉讼 — 复议后起诉.
        pub const LITIGATION_AFTER_REVIEW: &str = "litigation_after_review";
    }

    /// Columns of each group.
    pub mod col {
        /// 结果维持.
        pub const UPHELD: &str = "upheld";
        /// 结果纠正.
        pub const CORRECTED: &str = "corrected";
        /// 其他结果.
        pub const OTHER: &str = "other";
        /// 尚未审结.
        pub const PENDING: &str = "pending";
        /// 总计.
        pub const TOTAL: &str = "total";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Edition, T3_COLUMNS, T4_COLUMNS, T4_GROUPS, edition_def};

    const T2_ROWS: [&str; 8] = [
        t2::row::REGULATIONS,
        t2::row::NORMATIVE_DOCUMENTS,
        t2::row::LICENSING,
        t2::row::OTHER_SERVICES,
        t2::row::PUNISHMENT,
        t2::row::ENFORCEMENT,
        t2::row::FEES,
        t2::row::PROCUREMENT,
    ];
    const T2_COLS: [&str; 11] = [
        t2::col::ISSUED,
        t2::col::ABOLISHED,
        t2::col::IN_FORCE,
        t2::col::MADE,
        t2::col::PUBLISHED,
        t2::col::TOTAL_PUBLIC,
        t2::col::PREV_COUNT,
        t2::col::CHANGE,
        t2::col::DECISIONS,
        t2::col::AMOUNT,
        t2::col::PROJECTS,
    ];
    const T3_ROWS: [&str; 26] = [
        t3::row::NEW_RECEIVED,
        t3::row::CARRIED_OVER,
        t3::row::GRANTED,
        t3::row::PARTIAL,
        t3::row::DENIED_STATE_SECRET,
        t3::row::DENIED_LAW_PROHIBITED,
        t3::row::DENIED_THREE_SAFETY,
        t3::row::DENIED_THIRD_PARTY,
        t3::row::DENIED_INTERNAL,
        t3::row::DENIED_PROCESS,
        t3::row::DENIED_ENFORCEMENT_FILE,
        t3::row::DENIED_INQUIRY,
        t3::row::UNABLE_NOT_HELD,
        t3::row::UNABLE_NEEDS_CREATION,
        t3::row::UNABLE_UNCLEAR,
        t3::row::REJECTED_PETITION,
        t3::row::REJECTED_REPEAT,
        t3::row::REJECTED_PUBLICATION,
        t3::row::REJECTED_MASS,
        t3::row::REJECTED_CONFIRM,
        t3::row::OTHER,
        t3::row::OTHER_OVERDUE_CORRECTION,
        t3::row::OTHER_UNPAID_FEE,
        t3::row::OTHER_OTHER,
        t3::row::TOTAL,
        t3::row::CARRY_FORWARD,
    ];
    const T3_GROUPS: [&str; 5] = [
        t3::group::RESULTS,
        t3::group::DENIED,
        t3::group::UNABLE,
        t3::group::REJECTED,
        t3::group::OTHER_HANDLING,
    ];
    const T3_COLS: [&str; 7] = [
        t3::col::NATURAL_PERSON,
        t3::col::COMMERCIAL,
        t3::col::RESEARCH,
        t3::col::SOCIAL_WELFARE,
        t3::col::LEGAL_SERVICE,
        t3::col::OTHER_ORG,
        t3::col::TOTAL,
    ];
    const T4_GROUP_KEYS: [&str; 3] = [
        t4::group::REVIEW,
        t4::group::LITIGATION_DIRECT,
        t4::group::LITIGATION_AFTER_REVIEW,
    ];
    const T4_COLS: [&str; 5] = [
        t4::col::UPHELD,
        t4::col::CORRECTED,
        t4::col::OTHER,
        t4::col::PENDING,
        t4::col::TOTAL,
    ];

    fn same_set(name: &str, mut used: Vec<&str>, consts: &[&str]) {
        used.sort_unstable();
        used.dedup();
        let mut consts = consts.to_vec();
        consts.sort_unstable();
        assert_eq!(
            used, consts,
            "{name}: the constants and the edition tables differ"
        );
    }

    #[test]
    fn the_constants_are_exactly_the_keys_of_the_editions() {
        let defs = Edition::ALL.map(edition_def);
        same_set(
            "table 2 rows",
            defs.iter()
                .flat_map(|d| d.table2.rows().map(|(_, r)| r.key))
                .collect(),
            &T2_ROWS,
        );
        same_set(
            "table 2 columns",
            defs.iter()
                .flat_map(|d| d.table2.blocks.iter())
                .flat_map(|b| b.columns.iter().map(|c| c.key))
                .collect(),
            &T2_COLS,
        );
        same_set(
            "table 3 rows",
            defs.iter()
                .flat_map(|d| d.table3.rows.iter().map(|r| r.key))
                .collect(),
            &T3_ROWS,
        );
        same_set(
            "table 3 groups",
            defs.iter()
                .flat_map(|d| d.table3.groups.iter().map(|g| g.key))
                .collect(),
            &T3_GROUPS,
        );
        same_set(
            "table 3 columns",
            T3_COLUMNS.iter().map(|c| c.key).collect(),
            &T3_COLS,
        );
        same_set(
            "table 4 groups",
            T4_GROUPS.iter().map(|g| g.key).collect(),
            &T4_GROUP_KEYS,
        );
        same_set(
            "table 4 columns",
            T4_COLUMNS.iter().map(|c| c.key).collect(),
            &T4_COLS,
        );
    }
}
