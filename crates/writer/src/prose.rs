//! Default sentences, written from the data where the office wrote nothing: every figure is a
//! cell of the tables (or a share computed from them), worded the way `gongkai-narrative`
//! reads statements, so that the N-rules of `gongkai-check` find the prose and the tables in
//! agreement. The words avoid the tables' own row labels (`予以公开`, `结转下年度继续办理`) so
//! that a reader never takes a sentence for a table row.
//!
//! Only what the data says is stated. Section 5 (problems and improvements) has no data: the
//! default there asks for the office's text instead of inventing it.

use crate::data::ReportData;
use gongkai_format::keys::{t2, t3, t4};
use gongkai_format::{Edition, T4_GROUPS, TableId, ValueKind};
use gongkai_report::Num;

fn int(v: Option<Num>) -> i64 {
    v.and_then(Num::as_int).unwrap_or(0)
}

fn t3_total(d: &ReportData, row: &str) -> i64 {
    int(d.value(TableId::Table3, row, t3::col::TOTAL))
}

fn t2_value(d: &ReportData, row: &str, col: &str) -> Option<Num> {
    d.value(TableId::Table2, row, col)
}

fn count(d: &ReportData, row: &str, col: &str) -> i64 {
    int(t2_value(d, row, col))
}

/// The opening paragraph: the legal basis and the period.
pub(crate) fn opening(d: &ReportData) -> String {
    let y = d.year;
    format!(
        "本报告由{}编制，所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。本报告依据《中华人民共和国政府信息公开条例》和政府信息公开工作年度报告格式（{}）编写。",
        d.body.trim(),
        d.edition().issued_by()
    )
}

/// A piece of a default section.
pub(crate) enum Default {
    Para(String),
    SubHeading(String),
}

/// Section 1: a sentence on the year, then proactive disclosure (table 2) and applications
/// (table 3) in figures, under the sub-headings of the format's sub-topics; the other three
/// sub-topics (information management, platforms, oversight) have no data and ask for the
/// office's text, as section 5 does.
pub(crate) fn overview(d: &ReportData) -> Vec<Default> {
    vec![
        Default::Para(format!(
            "{}年，{}认真贯彻落实《中华人民共和国政府信息公开条例》，依法做好政府信息公开工作。",
            d.year, d.body
        )),
        Default::SubHeading("（一）主动公开".to_owned()),
        Default::Para(proactive(d)),
        Default::SubHeading("（二）依申请公开".to_owned()),
        Default::Para(applications(d)),
        Default::SubHeading("（三）政府信息管理".to_owned()),
        Default::Para("【待补充：本机关政府信息管理工作情况】".to_owned()),
        Default::SubHeading("（四）政府信息公开平台建设".to_owned()),
        Default::Para("【待补充：政府信息公开平台建设情况】".to_owned()),
        Default::SubHeading("（五）监督保障".to_owned()),
        Default::Para("【待补充：政府信息公开监督保障工作情况】".to_owned()),
    ]
}

/// Documents, decisions and fees of table 2.
fn proactive(d: &ReportData) -> String {
    let mut parts = Vec::new();
    match d.edition() {
        Edition::E2021 => {
            let regs = count(d, t2::row::REGULATIONS, t2::col::ISSUED);
            if regs > 0 {
                parts.push(format!("制定规章{regs}件"));
            }
            let (a, b, c) = (
                count(d, t2::row::NORMATIVE_DOCUMENTS, t2::col::ISSUED),
                count(d, t2::row::NORMATIVE_DOCUMENTS, t2::col::ABOLISHED),
                count(d, t2::row::NORMATIVE_DOCUMENTS, t2::col::IN_FORCE),
            );
            parts.push(format!(
                "全年制发行政规范性文件{a}件，废止{b}件，现行有效{c}件"
            ));
        }
        Edition::E2019 => {
            let regs = count(d, t2::row::REGULATIONS, t2::col::MADE);
            if regs > 0 {
                parts.push(format!("制定规章{regs}件"));
            }
            let (a, b) = (
                count(d, t2::row::NORMATIVE_DOCUMENTS, t2::col::MADE),
                count(d, t2::row::NORMATIVE_DOCUMENTS, t2::col::PUBLISHED),
            );
            parts.push(format!("全年制发规范性文件{a}件，公开规范性文件{b}件"));
        }
    }
    for (row, what) in [
        (t2::row::LICENSING, "行政许可"),
        (t2::row::PUNISHMENT, "行政处罚"),
        (t2::row::ENFORCEMENT, "行政强制"),
    ] {
        let n = count(d, row, t2::col::DECISIONS);
        if n > 0 {
            parts.push(format!("作出{what}决定{n}件"));
        }
    }
    if d.edition() == Edition::E2021
        && let Some(fee) = t2_value(d, t2::row::FEES, t2::col::AMOUNT)
        && fee.as_f64() > 0.0
    {
        parts.push(format!(
            "收取行政事业性收费{}万元",
            crate::text::format_num(fee, ValueKind::Money)
        ));
    }
    format!("{}。", parts.join("，"))
}

/// Applications of table 3: received, carried over, handled and the share granted, carried
/// forward.
fn applications(d: &ReportData) -> String {
    let new = t3_total(d, t3::row::NEW_RECEIVED);
    let carried = t3_total(d, t3::row::CARRIED_OVER);
    let handled = t3_total(d, t3::row::TOTAL);
    let granted = t3_total(d, t3::row::GRANTED);
    let forward = t3_total(d, t3::row::CARRY_FORWARD);
    let mut parts = Vec::new();
    parts.push(if new > 0 {
        format!("本年度共收到政府信息公开申请{new}件")
    } else {
        "本年度未收到政府信息公开申请".to_owned()
    });
    if carried > 0 {
        parts.push(format!("上年度结转申请{carried}件"));
    }
    if handled > 0 {
        let mut s = format!("全年办结政府信息公开申请{handled}件");
        if granted > 0 {
            // Counts of a report are far below 2^53: the conversion is exact.
            let share = 100.0 * granted as f64 / handled as f64;
            s.push_str(&format!("，其中同意公开{granted}件，占{share:.2}%"));
        }
        parts.push(s);
    }
    if forward > 0 {
        parts.push(format!("转入下一年度办理{forward}件"));
    }
    format!("{}。", parts.join("；"))
}

/// Section 4: the cases of table 4.
pub(crate) fn cases(d: &ReportData) -> String {
    let total = |g: &str| int(d.value(TableId::Table4, g, t4::col::TOTAL));
    let review = T4_GROUPS.first().map_or(0, |g| total(g.key));
    let litigation: i64 = T4_GROUPS.iter().skip(1).map(|g| total(g.key)).sum();
    match (review, litigation) {
        (0, 0) => "本年度未发生因政府信息公开引起的行政复议、行政诉讼案件。".to_owned(),
        _ => format!(
            "本年度因政府信息公开引起的复议、诉讼案件共{}件。",
            review + litigation
        ),
    }
}

/// Section 5 has no data: the office must write it.
pub(crate) fn problems() -> String {
    "【待补充：本机关政府信息公开工作存在的主要问题及改进情况】".to_owned()
}

/// Section 6: applications ended for a fee not paid (the 2021 edition counts them), since the
/// format asks section 6 to report the information processing fee; otherwise nothing to add.
pub(crate) fn other_matters(d: &ReportData) -> String {
    let unpaid = match d.edition() {
        Edition::E2021 => t3_total(d, t3::row::OTHER_UNPAID_FEE),
        Edition::E2019 => 0,
    };
    if unpaid > 0 {
        // Worded so that it is not read as a count of applications handled (`54件申请因…`
        // would be).
        format!(
            "本年度发出信息处理费收费通知后，申请人逾期未缴纳费用的情形有{unpaid}件，本机关已不再处理。"
        )
    } else {
        "无。".to_owned()
    }
}
