//! The rule catalogue: every rule with its id, default level, what it checks, why, and an
//! example. Ids and levels are public interface (users allow, warn or deny them by id).
//!
//! Each rule is declared once, as a named static ([`T3_BALANCE`] for `T3-BALANCE`), the way
//! clippy declares a lint: code that reports a rule refers to the static and makes its finding
//! from it ([`Rule::finding`]), so the level has one home and a misspelt or retired rule does
//! not compile. [`RULES`] lists them all in catalogue order; `docs/rules.md` and
//! `gongkai explain` are generated from the same entries ([`markdown`]).
//!
//! ```
//! use gongkai_check::catalogue::{T3_BALANCE, rule};
//! let f = T3_BALANCE.finding("表三 total 列不平衡");
//! assert_eq!((f.rule, f.severity), ("T3-BALANCE", T3_BALANCE.level));
//! assert!(std::ptr::eq(rule("t3-balance").unwrap(), &T3_BALANCE));
//! ```

use gongkai_report::{Finding, Severity};

/// The version of the catalogue: raised whenever a rule is added, retired, or changes what
/// it checks. The store records it with every checked report; a rule's `since` says from
/// which version on its findings mean what they mean today.
pub const VERSION: u32 = 2;

/// What a rule looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The extractor's own findings about reading the document.
    Reading,
    /// One report on its own.
    Document,
    /// The same body's reports of two consecutive years.
    AcrossYears,
    /// Reports of several bodies.
    AcrossBodies,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Reading => "reading",
            Scope::Document => "document",
            Scope::AcrossYears => "across-years",
            Scope::AcrossBodies => "across-bodies",
        }
    }
}

/// One entry of the catalogue. Entries are the statics of this module; code holds them as
/// `&'static Rule` handles.
#[derive(Debug)]
pub struct Rule {
    pub id: &'static str,
    /// The default level of its findings.
    pub level: Severity,
    pub scope: Scope,
    /// The catalogue [`VERSION`] from which this entry checks what it says (for a rule not
    /// implemented yet: the version that declared it).
    pub since: u32,
    /// One line, Chinese.
    pub title: &'static str,
    /// What is checked and why it matters.
    pub explanation: &'static str,
    /// A report excerpt that triggers the rule.
    pub example: &'static str,
}

impl Rule {
    /// A finding of this rule at its catalogue level.
    pub fn finding(&'static self, message: impl Into<String>) -> Finding {
        Finding::new(self.id, self.level, message)
    }

    /// A finding that says this rule could not be evaluated (its cells are missing).
    pub fn not_assessable(&'static self, message: impl Into<String>) -> Finding {
        Finding::not_assessable(self.id, message)
    }

    /// Whether this version checks the rule: a document rule is implemented when a rules
    /// module lists it among the rules it emits; a reading rule when the extractor emits it
    /// ([`EXTRACTOR`]). A document rule that is not says "not assessable" in every report.
    pub fn implemented(&self) -> bool {
        match self.scope {
            Scope::Reading => EXTRACTOR.iter().any(|r| std::ptr::eq(*r, self)),
            Scope::Document | Scope::AcrossYears | Scope::AcrossBodies => {
                crate::rules::implements(self)
            }
        }
    }
}

/// Declares each rule as a static named after its id and lists them all in [`RULES`].
macro_rules! catalogue {
    ($(
        $name:ident = $id:literal, $level:ident, $scope:ident, since $since:literal,
            $title:literal, $explanation:literal, $example:literal;
    )*) => {
        $(
            #[doc = concat!("`", $id, "` — ", $title)]
            pub static $name: Rule = Rule {
                id: $id,
                level: Severity::$level,
                scope: Scope::$scope,
                since: $since,
                title: $title,
                explanation: $explanation,
                example: $example,
            };
        )*

        /// Every rule, in catalogue order.
        pub static RULES: &[&Rule] = &[$(&$name),*];

        /// Static names beside ids, for the test that keeps them in step.
        #[cfg(test)]
        static NAMES: &[(&str, &str)] = &[$((stringify!($name), $id)),*];
    };
}

/// The rules the extractor (`gongkai-extract`) emits. A test reads the extractor's sources and
/// fails if it emits an id that is not here, or if one here is no longer emitted.
pub static EXTRACTOR: &[&Rule] = &[
    &P_TABLE_MISSING,
    &P_ROW_MISSING,
    &P_ROW_AMBIGUOUS,
    &P_CELL_ILLEGIBLE,
    &P_ROW_INFERRED,
    &P_TABLE_BLANK,
    &P_TEXT_CUT,
    &P_SPLIT_BY_TEXT,
    &P_LABEL_MISPRINT,
    &P_VALUES_UNPLACED,
    &P_NEEDS_OCR,
    &P_OCR,
    &P_DECODE_LOSSY,
];

catalogue! {
    // ---- reading ------------------------------------------------------------------------
    P_TABLE_MISSING = "P-TABLE-MISSING", Warning, Reading, since 1,
        "未找到统计表",
        "文中找不到该表的行标签。表格可能以图片嵌入（需要 OCR），或报告缺少该部分。不会填入任何数字。",
        "二、主动公开政府信息情况\n[图片]";
    P_ROW_MISSING = "P-ROW-MISSING", Warning, Reading, since 1,
        "统计表缺少行",
        "表格找到了，但版式规定的某些行没有出现，或无法与数字对应。缺失的行不参与勾稽检查。",
        "（表三中没有“（二）部分公开”一行）";
    P_ROW_AMBIGUOUS = "P-ROW-AMBIGUOUS", Warning, Reading, since 1,
        "行的数字无法唯一确定",
        "单元格之间的分隔丢失（数字连在一起）或空格位置不明，且表内勾稽关系也无法唯一确定数字的归属。该行不填数值，以免猜测。",
        "规范性文件898989  （可读作 89/89/89、8/98/989 …）";
    P_CELL_ILLEGIBLE = "P-CELL-ILLEGIBLE", Warning, Reading, since 1,
        "单元格无法识别",
        "某行有单元格的文字无法识别（扫描件 OCR 时两种识别结果不一致，记为〓）。该行不填数值，以免猜测。",
        "| 政府集中采购 | 47 | 〓 |";
    P_ROW_INFERRED = "P-ROW-INFERRED", Info, Reading, since 1,
        "行未印出任何单元格，按空白计 0",
        "文本提取时丢掉了空白单元格：某行标签后直接是下一行的标签，而同一表中其他行也丢了单元格（或整表没有数字）。这样的行按全空白读作 0，标记为 inferred。",
        "行政处罚\n行政强制\n第二十条第（八）项";
    P_TABLE_BLANK = "P-TABLE-BLANK", Warning, Reading, since 1,
        "表格未填写任何数字",
        "表格的行标签都在，但没有一个数字。法定格式要求逐项填写（没有发生的填 0）；各行按空白读作 0。",
        "四、政府信息公开行政复议、行政诉讼情况\n行政复议 … 总计\n（没有数字）";
    P_TEXT_CUT = "P-TEXT-CUT", Info, Reading, since 1,
        "文本在表格中途结束",
        "文档在表格的某一行中途结束（摘录、截断的网页文本）。被截断的行不填数值：缺的单元格可能有数字。",
        "（一）予以公开\n3\n（文末）";
    P_SPLIT_BY_TEXT = "P-SPLIT-BY-TEXT", Info, Reading, since 2,
        "连在一起的数字按正文所述拆分",
        "表二某行的数字之间分隔丢失，版式允许多种拆分；报告正文写明了同一项目的数字（如“制发规范性文件88件”），只有一种拆分与之相符，按此拆分（placement 为 prose），并指出正文所在。",
        "行政规范性文件8812698 … 正文：本年制发规范性文件88件，废止12件，现行有效698件";
    P_LABEL_MISPRINT = "P-LABEL-MISPRINT", Info, Reading, since 2,
        "行标签有错别字",
        "某行标签与法定标签相差一个字（错字或多打一字），但其位置与模板一致，按该行读取。",
        "行政事业型收费 | 0";
    P_VALUES_UNPLACED = "P-VALUES-UNPLACED", Info, Reading, since 1,
        "有数字不属于任何行",
        "表格区域中出现了无法归入任何行的数字（多余的行、页眉页脚残留等），未被使用。",
        "| 0 | 0 | … |\n1\n| 0 | 0 | … |";
    P_NEEDS_OCR = "P-NEEDS-OCR", Warning, Reading, since 1,
        "图片版/扫描件：需要 OCR",
        "PDF 的某些页没有文字层（扫描件或图片），其中的表格无法按文字读取。安装 tesseract-ocr 与 tesseract-ocr-chi-sim 后可尝试 OCR；否则这些页不产生任何数字。",
        "（PDF 第 3–4 页为扫描图片）";
    P_OCR = "P-OCR", Info, Reading, since 1,
        "数字由 OCR 识别",
        "这些页的文字由 OCR 从图片识别，数字可能误读；勾稽检查可帮助发现误读。",
        "（PDF 第 3 页经 OCR 识别）";
    P_DECODE_LOSSY = "P-DECODE-LOSSY", Warning, Reading, since 1,
        "文件编码有误",
        "部分字节在检测到的编码中无效，已替换为 U+FFFD。受影响的文字可能缺失，数字可能不全。",
        "（GBK 网页中夹杂损坏的字节）";
    // ---- table 3 ------------------------------------------------------------------------
    T3_BALANCE = "T3-BALANCE", Error, Document, since 1,
        "表三每列：第一项加第二项之和应等于第三项加第四项之和",
        "每一列：本年新收 + 上年结转 = 本年度办理结果总计 + 结转下年度继续办理。这是表格角注明示的勾稽关系。",
        "一、本年新收 5 | 二、上年结转 1 | （七）总计 4 | 四、结转下年度 1   → 6 ≠ 5";
    T3_OUTCOMES = "T3-OUTCOMES", Error, Document, since 1,
        "表三每列：各办理结果之和应等于（七）总计",
        "每一列：（一）至（六）各项办理结果之和等于（七）总计。分组标题本身不计数。",
        "（一）予以公开 3，（二）部分公开 1，其余 0；（七）总计 5";
    T3_ROWSUM = "T3-ROWSUM", Error, Document, since 1,
        "表三每行：总计列应等于六类申请人之和",
        "每一行：总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他。法人或其他组织没有小计列。",
        "一、本年新收 | 28 | 1 | 0 | 0 | 0 | 0 | 30";
    T3_NONNEG = "T3-NONNEG", Error, Document, since 1,
        "表三数值应为非负整数",
        "申请件数只能是 0 或正整数。",
        "（一）予以公开 | -1 | …";
    T3_EDITION = "T3-EDITION", Error, Document, since 1,
        "表三的行应属于同一版式",
        "2021 年版式有三行“其他处理”（逾期不补正、逾期未缴费、其他），2019 年版式只有一行。两种行同时出现说明表格拼接错误。",
        "（六）其他处理 | 0 …  以及  1.申请人无正当理由逾期不补正… | 0 …";
    T3_SUBTOTAL = "T3-SUBTOTAL", Warning, Document, since 1,
        "表三分组小计",
        "（三）不予公开、（四）无法提供、（五）不予处理、（六）其他处理是分组标题，不单独计数。若报告为其填写了小计，小计应等于其各项之和，且不能重复计入总计。",
        "（三）不予公开 | 3 | … （其下 1–8 项合计 2）";
    // ---- table 4 ------------------------------------------------------------------------
    T4_GROUPSUM = "T4-GROUPSUM", Error, Document, since 1,
        "表四每组：总计应等于维持、纠正、其他、尚未审结之和",
        "行政复议、未经复议直接起诉、复议后起诉三组，每组：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结。",
        "行政复议 | 1 | 0 | 0 | 0 | 2";
    T4_NONNEG = "T4-NONNEG", Error, Document, since 1,
        "表四数值应为非负整数",
        "案件数只能是 0 或正整数。",
        "结果维持 | 1.5";
    // ---- table 2 ------------------------------------------------------------------------
    T2_NONNEG = "T2-NONNEG", Error, Document, since 1,
        "表二数值应为非负（本年增/减除外）",
        "件数、决定数、金额不能为负；只有 2019 年版式的“本年增/减”可以为负。",
        "行政许可 | 处理决定数量 -3";
    T2_FEE_UNIT = "T2-FEE-UNIT", Warning, Document, since 1,
        "收费金额疑似以元填入万元栏",
        "行政事业性收费、政府集中采购金额的单位是万元。乡镇、街道的金额达到数千万元、或部门金额超过十亿元时，往往是把“元”直接填进了“万元”栏。",
        "行政事业性收费 | 本年收费金额（单位：万元）| 35600";
    T2_INFORCE = "T2-INFORCE", Warning, Document, since 1,
        "有本年制发但现行有效件数为 0",
        "2021 年版式：本年制发件数大于 0，则现行有效件数至少应包含这些新文件（除非当年即废止）。",
        "行政规范性文件 | 5 | 0 | 0";
    T2_PUBLIC = "T2-PUBLIC", Warning, Document, since 1,
        "对外公开总数量小于本年新公开数量",
        "2019 年版式：对外公开总数量包含本年新公开的文件，不应小于本年新公开数量。",
        "规范性文件 | 12 | 12 | 8";
    T2_REGULATIONS = "T2-REGULATIONS", Warning, Document, since 1,
        "无规章制定权的机关填报了规章",
        "乡镇人民政府、街道办事处没有规章制定权，规章栏应为 0 或“/”。",
        "（某镇）规章 | 2 | 0 | 2";
    T2_HEADER = "T2-HEADER", Warning, Document, since 1,
        "表二列标题与版式不符",
        "各分块的列标题应与所用版式一致，例如第二十条第（八）项应为“本年收费金额（单位：万元）”。标题错误常说明表格是从别处复制后改动的。",
        "第二十条第（八）项 | 信息内容 | 本年处理决定数量";
    // ---- structure and edition ----------------------------------------------------------
    S_SECTIONS = "S-SECTIONS", Error, Document, since 1,
        "六个部分应齐全且按顺序",
        "年度报告由六部分组成：总体情况；主动公开；收到和处理申请；行政复议、行政诉讼；存在的主要问题及改进情况；其他需要报告的事项。",
        "（报告缺少“五、存在的主要问题及改进情况”）";
    S_NUMBERING = "S-NUMBERING", Warning, Document, since 1,
        "部分标题编号不规范",
        "六个部分应依次编号为“一、”至“六、”。",
        "（二）主动公开政府信息情况";
    S_TITLE = "S-TITLE", Warning, Document, since 1,
        "标题不规范",
        "标题应为“机关名称 + 年份 + 政府信息公开工作年度报告”。",
        "一市镇2019年政府信息工作年度报告";
    S_OVERVIEW = "S-OVERVIEW", Info, Document, since 1,
        "总体情况未涉及全部分项",
        "“一、总体情况”应涉及主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障五方面。",
        "一、总体情况（只写了主动公开和依申请公开）";
    E_EDITION_YEAR = "E-EDITION-YEAR", Warning, Document, since 1,
        "所用版式与报告年度不符",
        "2021 年及以后的报告应使用国办公开办函〔2021〕30号的新版式；2019、2020 年度使用 2019 年试行版式。",
        "2021年度报告使用了“本年新制作数量”等 2019 年版式表头";
    E_MIXED = "E-MIXED", Error, Document, since 1,
        "同一报告混用两种版式",
        "同一张表（或同一份报告的各表）中同时出现两种版式特有的标签。",
        "表二同时有“本年制发件数”和“对外公开总数量”";
    // ---- dates --------------------------------------------------------------------------
    D_DEADLINE = "D-DEADLINE", Error, Document, since 1,
        "发布晚于法定期限",
        "条例第四十九条：县级以上人民政府部门应于每年1月31日前公布本部门上一年度报告；县级以上地方人民政府应于每年3月31日前公布本级政府上一年度报告。",
        "某局 2023 年度报告，发布日期 2024-02-20";
    D_TOWNSHIP = "D-TOWNSHIP", Info, Document, since 1,
        "乡镇、街道报告发布晚于3月31日",
        "国家层面未规定乡镇、街道的发布期限，各地规定不一；晚于3月31日值得关注。",
        "某镇 2022 年度报告，发布日期 2023-05-10";
    D_PERIOD = "D-PERIOD", Warning, Document, since 1,
        "统计期限不是报告年度的全年",
        "报告所列数据的统计期限应为报告年度1月1日至12月31日。",
        "本报告所列数据统计期限自2023年1月1日起至2023年11月30日止";
    // ---- narrative against tables (not yet implemented) ----------------------------------
    N_APPLICATIONS = "N-APPLICATIONS", Warning, Document, since 2,
        "正文申请数与表三不符",
        "正文所述收到、上年结转、办结、结转下年度的申请数，各办理结果（予以公开、不予公开、无法提供……）或各类申请人的件数，与表三不一致。只核对正文明确陈述的数字；约数、与上年比较、计划、所属单位的分项不核对。“受理”“办理”等口径不一的说法按几种常见口径核对，均不一致才报告。",
        "全年共收到政府信息公开申请12件（表三本年新收总计 10）";
    N_NONE = "N-NONE", Warning, Document, since 2,
        "正文称无申请但表三有数（或相反）",
        "正文称未收到政府信息公开申请（或收到 0 件），表三本年新收却有数；或正文称收到若干件，表三本年新收为 0。",
        "本年度未收到政府信息公开申请（表三本年新收 3）";
    N_LITIGATION = "N-LITIGATION", Warning, Document, since 2,
        "正文所述复议诉讼与表四不符",
        "正文称未发生行政复议、行政诉讼，表四却有案件；或正文所述复议、诉讼件数（及其维持、纠正、尚未审结件数）与表四不一致。只核对写明与政府信息公开有关、或写在第三、四部分的陈述；一审、应诉等表四不单列的口径不核对。",
        "未发生行政复议和行政诉讼（表四行政复议总计 1）";
    N_TABLE2 = "N-TABLE2", Warning, Document, since 2,
        "正文数字与表二不符",
        "正文所述制发、废止、现行有效的规章和规范性文件件数，作出的行政许可、行政处罚、行政强制决定数，或行政事业性收费金额，与表二不一致。“公开规范性文件N件”在 2019 年版式中对应本年新公开数量，在 2021 年版式中对应本年制发件数。金额按元、万元换算后比较。",
        "制发规范性文件5件（表二本年制发 3）";
    N_PERCENT = "N-PERCENT", Warning, Document, since 2,
        "正文百分比无法由表格算出",
        "正文给出的比例（各办理结果占比、公开率、复议纠错率）与按表格数字算出的不符，误差超过所写的最后一位。公开率的口径各地不一，按几种常见口径计算均不符才报告；答复率、满意率等表格算不出的比例不核对。",
        "予以公开30件，占75%（表三予以公开 30，总计 50：60%）";
    N_FEES = "N-FEES", Warning, Document, since 2,
        "表三有逾期未缴费但第六部分未说明收费",
        "2021 年版式：表三有申请因申请人逾期未按收费通知缴纳费用而终止，第六部分却未说明信息处理费的收取情况。",
        "2.申请人逾期未按收费通知要求缴纳费用… | 1（第六部分：无。）";
    // ---- across years and bodies (need several reports) -----------------------------------
    X_CARRY = "X-CARRY", Warning, AcrossYears, since 1,
        "上年结转与上一年结转下年度不符",
        "本年“上年结转”应等于上一年报告的“结转下年度继续办理”。",
        "2023年上年结转 2；2022年结转下年度 3";
    X_INFORCE = "X-INFORCE", Warning, AcrossYears, since 1,
        "现行有效件数不连续",
        "2021 年版式两年：现行有效 = 上年现行有效 + 本年制发 − 本年废止。",
        "2022年现行有效 10，2023年制发 2 废止 0，现行有效 9";
    X_PREVCOUNT = "X-PREVCOUNT", Warning, AcrossYears, since 1,
        "上一年项目数量不连续",
        "2019 年版式：上一年项目数量 = 上一年的上一年项目数量 + 本年增/减。",
        "";
    X_COPY = "X-COPY", Warning, AcrossYears, since 1,
        "与上一年报告大段重复",
        "正文与上一年报告重复超过一半，或所有表格数值与上一年完全相同。",
        "";
    C_COPY = "C-COPY", Warning, AcrossBodies, since 1,
        "与其他机关报告大段雷同",
        "正文与另一机关的报告实质相同（乡镇间互相套用）。",
        "";
    C_OUTLIER = "C-OUTLIER", Info, AcrossBodies, since 1,
        "数值明显偏离同类机关",
        "某数值远离同年份、同类机关的分布。",
        "";
    R_SUMMARY = "R-SUMMARY", Warning, AcrossBodies, since 1,
        "汇总报告与所属单位之和不符",
        "政府汇总报告声称覆盖所属单位时，其数字应等于各单位报告之和。",
        "";
}

/// The entry of an id (case-insensitive).
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.id.eq_ignore_ascii_case(id))
}

/// The catalogue as Markdown, in the style of clippy's lint list: `docs/rules.md` is this
/// (`gongkai rules --markdown`), and a test keeps the file in step.
pub fn markdown() -> String {
    use std::fmt::Write as _;
    let mut o = format!(
        "# Rule catalogue\n\nGenerated by `gongkai rules --markdown` from `crates/check/src/catalogue.rs`; do not edit by hand. \
         Catalogue version {VERSION}.\n\n\
         Levels: `error` (the report contradicts itself or the law), `warning` (implausible or non-standard), \
         `info` (worth a look). Change a level with `-A RULE` (allow), `-W RULE` (warn), `-D RULE` (deny); \
         prefixes work (`-A N-*`). A rule whose cells are missing reports *not assessable*. \
         *since* is the catalogue version from which a rule checks what it says.\n\n\
         | id | level | scope | since | status | title |\n|---|---|---|---|---|---|\n",
    );
    for r in RULES {
        let status = if r.implemented() {
            "implemented"
        } else {
            "not implemented (not assessable)"
        };
        let _ = writeln!(
            o,
            "| [{}](#{}) | {} | {} | {} | {} | {} |",
            r.id,
            r.id.to_lowercase(),
            r.level.as_str(),
            r.scope.as_str(),
            r.since,
            status,
            r.title
        );
    }
    for r in RULES {
        let _ = write!(
            o,
            "\n## {}\n\n**{}** · level `{}` · scope `{}` · since {}",
            r.id,
            r.title,
            r.level.as_str(),
            r.scope.as_str(),
            r.since
        );
        if !r.implemented() {
            o.push_str(" · *not implemented in this version*");
        }
        let _ = write!(o, "\n\n{}\n", r.explanation);
        if !r.example.is_empty() {
            let _ = write!(o, "\nExample:\n\n```text\n{}\n```\n", r.example);
        }
    }
    o
}

#[cfg(test)]
mod tests;
