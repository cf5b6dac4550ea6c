//! What a statement says and which cells of which table it speaks about.

use gongkai_format::keys::{t2, t3, t4};
use gongkai_format::{CellRef, Edition, MoneyUnit, TableId, edition_def};
use std::ops::Range;

/// A row of table 3 the prose speaks about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AppRow {
    /// 收到、受理申请 N 件 (一、本年新收).
    Received,
    /// 上年结转 N 件 (二、上年结转).
    CarriedOver,
    /// 办结、答复 N 件 (（七）总计).
    Handled,
    /// 结转下年度 N 件 (四、结转下年度继续办理).
    CarriedForward,
    /// An outcome or a group of outcomes.
    Outcome(Outcome),
}

/// Outcomes of table 3 as the prose names them (groups, not their numbered items).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// 予以公开.
    Granted,
    /// 部分公开.
    Partial,
    /// 予以公开及部分公开 (the two together).
    GrantedOrPartial,
    /// 不予公开 (its eight items).
    Denied,
    /// 无法提供 (its three items).
    Unable,
    /// 不予处理 (its five items).
    Rejected,
    /// 其他处理 (one row in 2019, three in 2021).
    OtherHandling,
}

/// Which applicant columns of table 3.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Applicants {
    /// 总计.
    All,
    /// 自然人.
    NaturalPerson,
    /// 法人或其他组织: the five organisation columns.
    Organisations,
    /// 商业企业.
    Commercial,
    /// 科研机构.
    Research,
    /// 社会公益组织.
    SocialWelfare,
    /// 法律服务机构.
    LegalService,
}

/// A group of table 4, or several.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CaseGroup {
    /// 行政复议.
    Review,
    /// 行政诉讼: both litigation groups.
    Litigation,
    /// 未经复议直接起诉.
    LitigationDirect,
    /// 复议后起诉.
    LitigationAfterReview,
    /// 行政复议和行政诉讼 together.
    All,
}

/// A result column of table 4.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CaseResult {
    /// 结果维持.
    Upheld,
    /// 结果纠正.
    Corrected,
    /// 其他结果.
    Other,
    /// 尚未审结.
    Pending,
}

/// Documents of table 2 (第二十条第（一）项).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DocType {
    /// 规章.
    Regulations,
    /// （行政）规范性文件.
    Normative,
}

/// What is counted of the documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DocMeasure {
    /// 制发、印发、出台、制定 (2021 本年制发; 2019 本年新制作).
    Issued,
    /// 发布、公开 (2019 本年新公开; 2021 本年制发, since what is issued is published).
    Published,
    /// 废止、失效 (2021 本年废止).
    Abolished,
    /// 现行有效 (2021 现行有效).
    InForce,
}

/// Decisions of table 2 (第二十条第（五）（六）项).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Decision {
    /// 行政许可.
    Licensing,
    /// 行政处罚.
    Punishment,
    /// 行政强制.
    Enforcement,
}

/// What a percentage is a share of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ratio {
    /// 占 X%: an outcome's share of the applications received or handled, as the paragraph
    /// stated them.
    Share { part: Outcome, base: AppRow },
    /// 公开率: disclosed (予以公开 + 部分公开) among the applications; reports define the base
    /// differently, so several readings are accepted.
    Disclosure,
    /// 纠错率 of a table-4 group: 结果纠正 / 总计.
    Correction(CaseGroup),
}

/// What a statement is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A row of table 3, for some applicant columns.
    Applications { row: AppRow, who: Applicants },
    /// Table 4: the total of a group, or one of its results.
    Cases {
        group: CaseGroup,
        result: Option<CaseResult>,
    },
    /// Table 2 documents.
    Documents { doc: DocType, measure: DocMeasure },
    /// Table 2 decisions.
    Decisions(Decision),
    /// 行政事业性收费 collected (table 2, 万元).
    Fees,
    /// 信息处理费 collected for applications (no cell: section 6 reports it).
    ProcessingFee,
    /// A percentage recomputable from the tables.
    Percent(Ratio),
}

/// The value stated.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value {
    /// A count (`未收到申请` is `Count(0)` with [`Fact::negated`]).
    Count(u64),
    /// An amount, converted to 万元, with the unit it was written in.
    Money { wan: f64, unit: MoneyUnit },
    /// A percentage as written, with its number of decimals.
    Percent { value: f64, decimals: u8 },
}

impl Value {
    /// The number in the tables' units (counts, 万元, percent points).
    pub fn as_f64(self) -> f64 {
        match self {
            // Counts in reports are far below 2^53: the conversion is exact.
            Value::Count(n) => n as f64,
            Value::Money { wan, .. } => wan,
            Value::Percent { value, .. } => value,
        }
    }
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Count(n) => write!(f, "{n}"),
            Value::Money { wan, .. } => write!(f, "{wan}万元"),
            Value::Percent { value, decimals } => {
                write!(f, "{value:.prec$}%", prec = usize::from(*decimals))
            }
        }
    }
}

/// One statement of the prose that the tables can confirm.
#[derive(Clone, Debug, PartialEq)]
pub struct Fact {
    pub kind: Kind,
    pub value: Value,
    /// Bytes of the statement (subject and number) in the text given.
    pub span: Range<usize>,
    /// Bytes of the sentence it belongs to.
    pub sentence: Range<usize>,
    /// Stated by negation (`未收到`, `未发生`): the value is 0.
    pub negated: bool,
    /// A year the statement names (`2023年收到…`); a caller compares it with the report's.
    pub year: Option<i32>,
    /// The sentence says the cases are about information disclosure (`因政府信息公开…引起的`);
    /// a table-4 statement without it is about disclosure only inside section 4.
    pub about_disclosure: bool,
}

/// A reading of a percentage: numerator cells over denominator cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RatioCells {
    pub numerator: Vec<CellRef>,
    pub denominator: Vec<CellRef>,
}

impl Fact {
    /// A short stable name of what the fact is about (`received`, `outcome.granted`,
    /// `cases.review.corrected`, `docs.normative.issued`, `percent.granted/handled` …), used
    /// by the labelled set and in messages.
    pub fn label(&self) -> String {
        self.kind.label()
    }

    /// The cells whose sum the value states, in `edition`; empty when the edition has no
    /// such cell (or the fact has none: percentages, 信息处理费).
    pub fn cells(&self, edition: Edition) -> Vec<CellRef> {
        self.readings(edition)
            .into_iter()
            .next()
            .unwrap_or_default()
    }

    /// Whether the statement gives the value of exactly this one cell in its usual reading
    /// (`制发规范性文件88件` states `table2.normative_documents.issued` in the 2021 edition).
    /// The extractor uses such statements to choose between splits of digits that ran
    /// together.
    pub fn states(&self, cell: &CellRef, edition: Edition) -> bool {
        self.cells(edition).as_slice() == [*cell]
    }

    /// Every reading of the statement in `edition`, the usual one first: the statement is
    /// consistent with the tables when one reading sums to its value. (`受理申请36件` may
    /// count the carried-over ones too; `办理` may mean all on hand.)
    pub fn readings(&self, edition: Edition) -> Vec<Vec<CellRef>> {
        match self.kind {
            Kind::Applications { row, who } => {
                let rows: Vec<Vec<&'static str>> = match row {
                    AppRow::Received => vec![
                        vec![t3::row::NEW_RECEIVED],
                        vec![t3::row::NEW_RECEIVED, t3::row::CARRIED_OVER],
                    ],
                    AppRow::Handled => vec![
                        vec![t3::row::TOTAL],
                        vec![t3::row::NEW_RECEIVED, t3::row::CARRIED_OVER],
                    ],
                    AppRow::CarriedOver => vec![vec![t3::row::CARRIED_OVER]],
                    AppRow::CarriedForward => vec![vec![t3::row::CARRY_FORWARD]],
                    AppRow::Outcome(o) => vec![outcome_rows(o, edition)],
                };
                rows.into_iter()
                    .filter(|r| !r.is_empty())
                    .map(|r| t3_cells(&r, who))
                    .collect()
            }
            Kind::Cases { group, result } => {
                let col = match result {
                    None => t4::col::TOTAL,
                    Some(CaseResult::Upheld) => t4::col::UPHELD,
                    Some(CaseResult::Corrected) => t4::col::CORRECTED,
                    Some(CaseResult::Other) => t4::col::OTHER,
                    Some(CaseResult::Pending) => t4::col::PENDING,
                };
                vec![
                    case_groups(group)
                        .iter()
                        .map(|g| CellRef {
                            table: TableId::Table4,
                            row: g,
                            col,
                        })
                        .collect(),
                ]
            }
            Kind::Documents { doc, measure } => {
                let row = match doc {
                    DocType::Regulations => t2::row::REGULATIONS,
                    DocType::Normative => t2::row::NORMATIVE_DOCUMENTS,
                };
                let col = match (edition, measure) {
                    (Edition::E2021, DocMeasure::Issued | DocMeasure::Published) => {
                        Some(t2::col::ISSUED)
                    }
                    (Edition::E2021, DocMeasure::Abolished) => Some(t2::col::ABOLISHED),
                    (Edition::E2021, DocMeasure::InForce) => Some(t2::col::IN_FORCE),
                    (Edition::E2019, DocMeasure::Issued) => Some(t2::col::MADE),
                    (Edition::E2019, DocMeasure::Published) => Some(t2::col::PUBLISHED),
                    (Edition::E2019, DocMeasure::Abolished | DocMeasure::InForce) => None,
                };
                col.map(|col| t2_cell(edition, row, col))
                    .into_iter()
                    .flatten()
                    .map(|c| vec![c])
                    .collect()
            }
            Kind::Decisions(d) => {
                let row = match d {
                    Decision::Licensing => t2::row::LICENSING,
                    Decision::Punishment => t2::row::PUNISHMENT,
                    Decision::Enforcement => t2::row::ENFORCEMENT,
                };
                t2_cell(edition, row, t2::col::DECISIONS)
                    .map(|c| vec![c])
                    .into_iter()
                    .collect()
            }
            Kind::Fees => t2_cell(edition, t2::row::FEES, t2::col::AMOUNT)
                .map(|c| vec![c])
                .into_iter()
                .collect(),
            Kind::ProcessingFee | Kind::Percent(_) => Vec::new(),
        }
    }

    /// For a percentage: the readings of its numerator and denominator in `edition` (several
    /// where reports define the ratio differently). Empty for other facts.
    pub fn ratios(&self, edition: Edition) -> Vec<RatioCells> {
        let Kind::Percent(ratio) = self.kind else {
            return Vec::new();
        };
        let t3 = |rows: &[&'static str]| t3_cells(rows, Applicants::All);
        let mut out = Vec::new();
        match ratio {
            Ratio::Share { part, base } => {
                let num = outcome_rows(part, edition);
                let den: &[&'static str] = match base {
                    AppRow::Received => &[t3::row::NEW_RECEIVED],
                    AppRow::Handled => &[t3::row::TOTAL],
                    _ => &[],
                };
                if !num.is_empty() && !den.is_empty() {
                    out.push(RatioCells {
                        numerator: t3(&num),
                        denominator: t3(den),
                    });
                }
            }
            Ratio::Disclosure => {
                let num = outcome_rows(Outcome::GrantedOrPartial, edition);
                let denied = outcome_rows(Outcome::Denied, edition);
                let mut decided = num.clone();
                decided.extend(denied);
                for den in [vec![t3::row::TOTAL], vec![t3::row::NEW_RECEIVED], decided] {
                    out.push(RatioCells {
                        numerator: t3(&num),
                        denominator: t3(&den),
                    });
                }
            }
            Ratio::Correction(group) => {
                let cells = |col| {
                    case_groups(group)
                        .iter()
                        .map(|g| CellRef {
                            table: TableId::Table4,
                            row: g,
                            col,
                        })
                        .collect()
                };
                out.push(RatioCells {
                    numerator: cells(t4::col::CORRECTED),
                    denominator: cells(t4::col::TOTAL),
                });
            }
        }
        out
    }
}

impl Kind {
    /// See [`Fact::label`].
    pub fn label(&self) -> String {
        match *self {
            Kind::Applications { row, who } => {
                let r = app_row_label(row);
                match who {
                    Applicants::All => r,
                    _ => format!("{r}.{}", applicants_label(who)),
                }
            }
            Kind::Cases { group, result } => {
                let g = case_group_label(group);
                match result {
                    None => format!("cases.{g}"),
                    Some(r) => format!("cases.{g}.{}", case_result_label(r)),
                }
            }
            Kind::Documents { doc, measure } => format!(
                "docs.{}.{}",
                match doc {
                    DocType::Regulations => "regulations",
                    DocType::Normative => "normative",
                },
                match measure {
                    DocMeasure::Issued => "issued",
                    DocMeasure::Published => "published",
                    DocMeasure::Abolished => "abolished",
                    DocMeasure::InForce => "in_force",
                }
            ),
            Kind::Decisions(d) => format!(
                "decisions.{}",
                match d {
                    Decision::Licensing => "licensing",
                    Decision::Punishment => "punishment",
                    Decision::Enforcement => "enforcement",
                }
            ),
            Kind::Fees => "fees".to_owned(),
            Kind::ProcessingFee => "processing_fee".to_owned(),
            Kind::Percent(Ratio::Share { part, base }) => {
                format!("percent.{}/{}", outcome_label(part), app_row_label(base))
            }
            Kind::Percent(Ratio::Disclosure) => "percent.disclosure".to_owned(),
            Kind::Percent(Ratio::Correction(g)) => {
                format!("percent.correction.{}", case_group_label(g))
            }
        }
    }

    /// The table the fact is about, if any.
    pub fn table(&self) -> Option<TableId> {
        match self {
            Kind::Applications { .. } => Some(TableId::Table3),
            Kind::Percent(Ratio::Share { .. } | Ratio::Disclosure) => Some(TableId::Table3),
            Kind::Cases { .. } | Kind::Percent(Ratio::Correction(_)) => Some(TableId::Table4),
            Kind::Documents { .. } | Kind::Decisions(_) | Kind::Fees => Some(TableId::Table2),
            Kind::ProcessingFee => None,
        }
    }
}

fn app_row_label(row: AppRow) -> String {
    match row {
        AppRow::Received => "received".to_owned(),
        AppRow::CarriedOver => "carried_over".to_owned(),
        AppRow::Handled => "handled".to_owned(),
        AppRow::CarriedForward => "carried_forward".to_owned(),
        AppRow::Outcome(o) => format!("outcome.{}", outcome_label(o)),
    }
}

fn outcome_label(o: Outcome) -> &'static str {
    match o {
        Outcome::Granted => "granted",
        Outcome::Partial => "partial",
        Outcome::GrantedOrPartial => "granted_or_partial",
        Outcome::Denied => "denied",
        Outcome::Unable => "unable",
        Outcome::Rejected => "rejected",
        Outcome::OtherHandling => "other_handling",
    }
}

fn applicants_label(a: Applicants) -> &'static str {
    match a {
        Applicants::All => t3::col::TOTAL,
        Applicants::NaturalPerson => t3::col::NATURAL_PERSON,
        Applicants::Organisations => "organisations",
        Applicants::Commercial => t3::col::COMMERCIAL,
        Applicants::Research => t3::col::RESEARCH,
        Applicants::SocialWelfare => t3::col::SOCIAL_WELFARE,
        Applicants::LegalService => t3::col::LEGAL_SERVICE,
    }
}

fn case_group_label(g: CaseGroup) -> &'static str {
    match g {
        CaseGroup::Review => t4::group::REVIEW,
        CaseGroup::Litigation => "litigation",
        CaseGroup::LitigationDirect => t4::group::LITIGATION_DIRECT,
        CaseGroup::LitigationAfterReview => t4::group::LITIGATION_AFTER_REVIEW,
        CaseGroup::All => "all",
    }
}

fn case_result_label(r: CaseResult) -> &'static str {
    match r {
        CaseResult::Upheld => t4::col::UPHELD,
        CaseResult::Corrected => t4::col::CORRECTED,
        CaseResult::Other => t4::col::OTHER,
        CaseResult::Pending => t4::col::PENDING,
    }
}

fn case_groups(g: CaseGroup) -> &'static [&'static str] {
    use t4::group::{LITIGATION_AFTER_REVIEW, LITIGATION_DIRECT, REVIEW};
    match g {
        CaseGroup::Review => &[REVIEW],
        CaseGroup::Litigation => &[LITIGATION_DIRECT, LITIGATION_AFTER_REVIEW],
        CaseGroup::LitigationDirect => &[LITIGATION_DIRECT],
        CaseGroup::LitigationAfterReview => &[LITIGATION_AFTER_REVIEW],
        CaseGroup::All => &[REVIEW, LITIGATION_DIRECT, LITIGATION_AFTER_REVIEW],
    }
}

/// The table-3 rows of an outcome in an edition, read from the format's groups.
fn outcome_rows(o: Outcome, edition: Edition) -> Vec<&'static str> {
    let def = edition_def(edition).table3;
    let in_group = |g: &str| -> Vec<&'static str> {
        def.rows
            .iter()
            .filter(|r| r.group == Some(g))
            .map(|r| r.key)
            .collect()
    };
    match o {
        Outcome::Granted => vec![t3::row::GRANTED],
        Outcome::Partial => vec![t3::row::PARTIAL],
        Outcome::GrantedOrPartial => vec![t3::row::GRANTED, t3::row::PARTIAL],
        Outcome::Denied => in_group(t3::group::DENIED),
        Outcome::Unable => in_group(t3::group::UNABLE),
        Outcome::Rejected => in_group(t3::group::REJECTED),
        Outcome::OtherHandling => match edition {
            Edition::E2019 => vec![t3::row::OTHER],
            Edition::E2021 => in_group(t3::group::OTHER_HANDLING),
        },
    }
}

fn t3_cells(rows: &[&'static str], who: Applicants) -> Vec<CellRef> {
    use t3::col;
    let cols: &[&'static str] = match who {
        Applicants::All => &[col::TOTAL],
        Applicants::NaturalPerson => &[col::NATURAL_PERSON],
        Applicants::Organisations => &[
            col::COMMERCIAL,
            col::RESEARCH,
            col::SOCIAL_WELFARE,
            col::LEGAL_SERVICE,
            col::OTHER_ORG,
        ],
        Applicants::Commercial => &[col::COMMERCIAL],
        Applicants::Research => &[col::RESEARCH],
        Applicants::SocialWelfare => &[col::SOCIAL_WELFARE],
        Applicants::LegalService => &[col::LEGAL_SERVICE],
    };
    rows.iter()
        .flat_map(|r| {
            cols.iter().map(move |c| CellRef {
                table: TableId::Table3,
                row: r,
                col: c,
            })
        })
        .collect()
}

/// A table-2 cell if the edition has it.
fn t2_cell(edition: Edition, row: &'static str, col: &'static str) -> Option<CellRef> {
    let (block, _) = edition_def(edition).table2.row(row)?;
    block
        .columns
        .iter()
        .any(|c| c.key == col)
        .then_some(CellRef {
            table: TableId::Table2,
            row,
            col,
        })
}

impl Kind {
    /// What the fact is about, in Chinese, for messages (`收到申请`, `行政复议`, `制发行政规范性文件`).
    pub fn name_zh(&self) -> String {
        match *self {
            Kind::Applications { row, who } => {
                let r = app_row_zh(row);
                match who {
                    Applicants::All => r.to_owned(),
                    _ => format!("{r}（{}）", applicants_zh(who)),
                }
            }
            Kind::Cases { group, result } => match result {
                None => case_group_zh(group).to_owned(),
                Some(r) => format!("{}{}", case_group_zh(group), case_result_zh(r)),
            },
            Kind::Documents { doc, measure } => format!(
                "{}{}",
                match measure {
                    DocMeasure::Issued => "制发",
                    DocMeasure::Published => "公开",
                    DocMeasure::Abolished => "废止",
                    DocMeasure::InForce => "现行有效",
                },
                match doc {
                    DocType::Regulations => "规章",
                    DocType::Normative => "行政规范性文件",
                }
            ),
            Kind::Decisions(d) => match d {
                Decision::Licensing => "行政许可决定",
                Decision::Punishment => "行政处罚决定",
                Decision::Enforcement => "行政强制决定",
            }
            .to_owned(),
            Kind::Fees => "行政事业性收费".to_owned(),
            Kind::ProcessingFee => "信息处理费".to_owned(),
            Kind::Percent(Ratio::Share { part, base }) => {
                format!("{}占{}的比例", outcome_zh(part), app_row_zh(base))
            }
            Kind::Percent(Ratio::Disclosure) => "公开率".to_owned(),
            Kind::Percent(Ratio::Correction(g)) => format!("{}纠错率", case_group_zh(g)),
        }
    }
}

fn app_row_zh(row: AppRow) -> &'static str {
    match row {
        AppRow::Received => "收到申请",
        AppRow::CarriedOver => "上年结转申请",
        AppRow::Handled => "办结申请",
        AppRow::CarriedForward => "结转下年度申请",
        AppRow::Outcome(o) => outcome_zh(o),
    }
}

fn outcome_zh(o: Outcome) -> &'static str {
    match o {
        Outcome::Granted => "予以公开",
        Outcome::Partial => "部分公开",
        Outcome::GrantedOrPartial => "予以公开及部分公开",
        Outcome::Denied => "不予公开",
        Outcome::Unable => "无法提供",
        Outcome::Rejected => "不予处理",
        Outcome::OtherHandling => "其他处理",
    }
}

fn applicants_zh(a: Applicants) -> &'static str {
    match a {
        Applicants::All => "总计",
        Applicants::NaturalPerson => "自然人",
        Applicants::Organisations => "法人或其他组织",
        Applicants::Commercial => "商业企业",
        Applicants::Research => "科研机构",
        Applicants::SocialWelfare => "社会公益组织",
        Applicants::LegalService => "法律服务机构",
    }
}

fn case_group_zh(g: CaseGroup) -> &'static str {
    match g {
        CaseGroup::Review => "行政复议",
        CaseGroup::Litigation => "行政诉讼",
        CaseGroup::LitigationDirect => "未经复议直接起诉",
        CaseGroup::LitigationAfterReview => "复议后起诉",
        CaseGroup::All => "行政复议和行政诉讼",
    }
}

fn case_result_zh(r: CaseResult) -> &'static str {
    match r {
        CaseResult::Upheld => "结果维持",
        CaseResult::Corrected => "结果纠正",
        CaseResult::Other => "其他结果",
        CaseResult::Pending => "尚未审结",
    }
}
