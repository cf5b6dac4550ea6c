//! The six sections of the report, in their fixed order, and the report title.

/// A section of the report.
#[derive(Debug)]
pub struct SectionDef {
    /// 1-based position.
    pub number: u8,
    /// The official title without its numbering: `总体情况`.
    pub title: &'static str,
    /// Other titles seen in the wild.
    pub variants: &'static [&'static str],
    /// A heading that contains all of these words is also this section (titles vary a lot).
    pub keywords: &'static [&'static str],
}

impl SectionDef {
    /// The heading as the format prints it: `一、总体情况`.
    pub fn official_heading(&self) -> String {
        let numeral = NUMERALS
            .get(usize::from(self.number).saturating_sub(1))
            .copied()
            .unwrap_or("?");
        format!("{numeral}、{}", self.title)
    }
}

/// Chinese numerals used for section numbering.
pub static NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

pub static SECTIONS: [SectionDef; 6] = [
    SectionDef {
        number: 1,
        title: "总体情况",
        variants: &[],
        keywords: &["总体情况"],
    },
    SectionDef {
        number: 2,
        title: "主动公开政府信息情况",
        variants: &["主动公开政府信息的情况"],
        keywords: &[],
    },
    SectionDef {
        number: 3,
        title: "收到和处理政府信息公开申请情况",
        variants: &["收到和处理政府信息公开申请的情况"],
        keywords: &["收到", "处理", "申请情况"],
    },
    SectionDef {
        number: 4,
        title: "政府信息公开行政复议、行政诉讼情况",
        variants: &[
            "政府信息公开工作被申请行政复议、提起行政诉讼情况",
            "政府信息公开行政复议及行政诉讼情况",
            "因政府信息公开申请行政复议、提起行政诉讼的情况",
        ],
        keywords: &["行政复议", "行政诉讼"],
    },
    SectionDef {
        number: 5,
        title: "存在的主要问题及改进情况",
        variants: &[
            "存在的主要问题及改进措施",
            "当前存在的主要问题及下步改进措施",
            "政府信息公开工作存在的主要问题及改进情况",
        ],
        keywords: &["存在的主要问题"],
    },
    SectionDef {
        number: 6,
        title: "其他需要报告的事项",
        variants: &[],
        keywords: &["其他需要报告"],
    },
];

/// The report title after the body and year: «body + year + 政府信息公开工作年度报告».
pub const REPORT_TITLE: &str = "政府信息公开工作年度报告";

/// Title endings that identify a report's title line even when it deviates from the format.
pub static TITLE_VARIANTS: [&str; 4] = [
    "政府信息公开工作年度报告",
    "政府信息公开年度报告",
    "政府信息公开工作报告",
    "政府信息工作年度报告",
];
