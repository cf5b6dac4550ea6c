//! The reply deadline of a case under 《中华人民共和国政府信息公开条例》, on China's working-day
//! calendar.
//!
//! - 第三十一条: the date of receipt depends on the channel.
//! - 第三十三条第一款: reply within 20 working days of receipt (the day of receipt not
//!   counted); an extension approved by the head of the disclosure office adds at most 20.
//! - 第三十三条第二款: the time spent consulting a third party (第三十二条) or another body
//!   (第三十四条) is not counted. Counted here as the days from sending the request to receiving
//!   the answer, both included (自发出之日起至收到之日止); with no answer, the pause ends when the
//!   15 working days the consulted party has (第三十二条、第三十四条) have run from the day the
//!   request was sent, or at the reply if it came first.
//! - 第三十条: a correction must be requested within 7 working days of receipt, and the period
//!   then runs from the receipt of the corrected application.
//!
//! Not modelled: the time a fee notice is outstanding (国办函〔2020〕109号); fees are recorded
//! on the case but do not pause the period here.

use crate::case::{Case, Channel, ConsultationKind, ReceiptRule};
use gongkai_calendar::{Calendar, Due, OutOfRange, Pause, weekday_zh};
use jiff::civil::Date;
use std::fmt;

/// The numbers of the rules, which the statute fixes; kept as options so a test or a future
/// amendment can change them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeadlineOptions {
    /// Working days to reply (第三十三条第一款): 20.
    pub period: u32,
    /// Working days an approved extension adds (第三十三条第一款): 20.
    pub extension: u32,
    /// Working days within which a correction must be requested (第三十条): 7.
    pub correction_limit: u32,
    /// Working days a consulted party has to answer (第三十二条、第三十四条): 15.
    pub consultation_limit: u32,
    /// An open case with this many working days left or fewer is "due soon".
    pub due_soon: u32,
}

impl Default for DeadlineOptions {
    fn default() -> DeadlineOptions {
        DeadlineOptions {
            period: 20,
            extension: 20,
            correction_limit: 7,
            consultation_limit: 15,
            due_soon: 5,
        }
    }
}

/// A provision of 《中华人民共和国政府信息公开条例》 (2019).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Article {
    pub article: u8,
    pub paragraph: Option<u8>,
    pub item: Option<u8>,
}

impl Article {
    pub const fn new(article: u8, paragraph: Option<u8>, item: Option<u8>) -> Article {
        Article {
            article,
            paragraph,
            item,
        }
    }
}

/// 1–99 in Chinese numerals.
fn numeral(n: u8) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let digit = |i: u8| D.get(usize::from(i)).copied().unwrap_or("");
    match n {
        0..=9 => digit(n).to_owned(),
        10 => "十".to_owned(),
        11..=19 => format!("十{}", digit(n % 10)),
        _ if n.is_multiple_of(10) => format!("{}十", digit(n / 10)),
        _ => format!("{}十{}", digit(n / 10), digit(n % 10)),
    }
}

impl fmt::Display for Article {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "第{}条", numeral(self.article))?;
        if let Some(p) = self.paragraph {
            write!(f, "第{}款", numeral(p))?;
        }
        if let Some(i) = self.item {
            write!(f, "第（{}）项", numeral(i))?;
        }
        Ok(())
    }
}

/// One step of the reasoning behind a deadline, with the provision it rests on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Basis {
    /// The date of receipt for the channel (第三十一条).
    Receipt {
        channel: Channel,
        date: Date,
        rule: ReceiptRule,
    },
    /// A correction was requested within the limit (第三十条).
    CorrectionRequested { requested: Date, limit: Date },
    /// A correction was requested after the 7 working days of 第三十条.
    CorrectionRequestedLate { requested: Date, limit: Date },
    /// The corrected application arrived: the period runs from then (第三十条).
    CorrectionReceived { received: Date },
    /// No corrected application yet: no period runs.
    CorrectionPending { requested: Date },
    /// The period and where it starts (第三十三条第一款).
    Period { start: Date, working_days: u32 },
    /// Consultation time not counted (第三十三条第二款, with 第三十二条 or 第三十四条).
    Consultation {
        kind: Option<ConsultationKind>,
        sent: Date,
        /// Last day not counted.
        until: Date,
        answered: Option<Date>,
        /// The last day of the consulted party's 15 working days, counted from the day sent.
        limit: Date,
    },
    /// An approved extension (第三十三条第一款).
    Extension {
        approved: Option<Date>,
        working_days: u32,
    },
    /// An extension approved after the period had ended: not applied.
    ExtensionTooLate { approved: Date, period_end: Date },
}

impl Basis {
    /// The provisions the step rests on.
    pub fn articles(&self) -> Vec<Article> {
        match self {
            Basis::Receipt { rule, .. } => vec![Article::new(31, None, Some(rule.item))],
            Basis::CorrectionRequested { .. }
            | Basis::CorrectionRequestedLate { .. }
            | Basis::CorrectionReceived { .. }
            | Basis::CorrectionPending { .. } => vec![Article::new(30, None, None)],
            Basis::Period { .. } | Basis::Extension { .. } | Basis::ExtensionTooLate { .. } => {
                vec![Article::new(33, Some(1), None)]
            }
            Basis::Consultation { kind, .. } => {
                let mut v: Vec<Article> = kind
                    .iter()
                    .map(|k| match k {
                        ConsultationKind::ThirdParty => Article::new(32, None, None),
                        ConsultationKind::OtherBody => Article::new(34, None, None),
                    })
                    .collect();
                v.push(Article::new(33, Some(2), None));
                v
            }
        }
    }

    /// A problem the office should look at (not a reason for the due date).
    pub fn is_irregular(&self) -> bool {
        matches!(
            self,
            Basis::CorrectionRequestedLate { .. } | Basis::ExtensionTooLate { .. }
        )
    }
}

impl fmt::Display for Basis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Basis::Receipt {
                channel,
                date,
                rule,
            } => write!(
                f,
                "收到申请之日 {date}（{}：{}）",
                channel.label(),
                rule.text
            )?,
            Basis::CorrectionRequested { requested, limit } => write!(
                f,
                "{requested} 告知补正，在收到申请之日起 7 个工作日内（最迟 {limit}）"
            )?,
            Basis::CorrectionRequestedLate { requested, limit } => write!(
                f,
                "{requested} 告知补正，晚于收到申请之日起 7 个工作日（最迟应为 {limit}）"
            )?,
            Basis::CorrectionReceived { received } => {
                write!(f, "{received} 收到补正，答复期限自收到补正之日起计算")?
            }
            Basis::CorrectionPending { requested } => {
                write!(f, "{requested} 告知补正，尚未收到补正，答复期限暂不计算")?
            }
            Basis::Period {
                start,
                working_days,
            } => write!(f, "自 {start} 起 {working_days} 个工作日内答复（当日不计）")?,
            Basis::Consultation {
                kind,
                sent,
                until,
                answered,
                limit,
            } => {
                write!(
                    f,
                    "征求{}意见：{sent} 至 {until} 不计算在答复期限内",
                    kind.map_or("", |k| k.label())
                )?;
                match answered {
                    Some(a) => write!(f, "（{a} 收到意见）")?,
                    None => write!(f, "（尚未收到意见；征求意见期限最迟 {limit}）")?,
                }
            }
            Basis::Extension {
                approved,
                working_days,
            } => {
                match approved {
                    Some(d) => write!(f, "{d} 批准延长答复期限")?,
                    None => f.write_str("批准延长答复期限（批准日期未记录）")?,
                }
                write!(f, " {working_days} 个工作日")?
            }
            Basis::ExtensionTooLate {
                approved,
                period_end,
            } => write!(
                f,
                "{approved} 批准延期，但答复期限已于 {period_end} 届满，延期不予计入"
            )?,
        }
        let cites: Vec<String> = self.articles().iter().map(|a| a.to_string()).collect();
        write!(f, "〔{}〕", cites.join("、"))
    }
}

/// Where a case stands against its deadline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Open, more than the "due soon" margin left.
    Open { working_days_left: u32 },
    /// Open, the due date is near (or today).
    DueSoon { working_days_left: u32 },
    /// Open after the due date. The count is missing when "today" is outside the calendar.
    Overdue { working_days_late: Option<u32> },
    /// Answered on or before the due date (or while no period was running).
    AnsweredInTime { replied: Date },
    /// Answered after the due date.
    Late {
        replied: Date,
        working_days_late: Option<u32>,
    },
    /// A correction was requested and has not arrived: no period runs.
    AwaitingCorrection { requested: Date },
    /// A consultation is out: the period stands still until the answer arrives, at the latest
    /// until `resumes_by`. The due date shown assumes the answer arrives today.
    Paused { sent: Date, resumes_by: Date },
    /// A date the calculation needs is outside the holiday data.
    Unknown(OutOfRange),
}

impl Status {
    /// A stable key (`open`, `due_soon`, `overdue`, `answered_in_time`, `late`,
    /// `awaiting_correction`, `paused`, `unknown`).
    pub fn key(&self) -> &'static str {
        match self {
            Status::Open { .. } => "open",
            Status::DueSoon { .. } => "due_soon",
            Status::Overdue { .. } => "overdue",
            Status::AnsweredInTime { .. } => "answered_in_time",
            Status::Late { .. } => "late",
            Status::AwaitingCorrection { .. } => "awaiting_correction",
            Status::Paused { .. } => "paused",
            Status::Unknown(_) => "unknown",
        }
    }

    /// No reply yet.
    pub fn is_open(&self) -> bool {
        !matches!(self, Status::AnsweredInTime { .. } | Status::Late { .. })
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = |n: &Option<u32>| n.map_or_else(|| "?".to_owned(), |n| n.to_string());
        match self {
            Status::Open { working_days_left } => {
                write!(f, "办理中，剩余 {working_days_left} 个工作日")
            }
            Status::DueSoon { working_days_left } => {
                write!(f, "即将到期，剩余 {working_days_left} 个工作日")
            }
            Status::Overdue { working_days_late } => {
                write!(f, "已逾期 {} 个工作日", days(working_days_late))
            }
            Status::AnsweredInTime { replied } => write!(f, "已按期答复（{replied}）"),
            Status::Late {
                replied,
                working_days_late,
            } => write!(
                f,
                "逾期答复（{replied}，超过期限 {} 个工作日）",
                days(working_days_late)
            ),
            Status::AwaitingCorrection { requested } => {
                write!(f, "等待补正（{requested} 告知补正）")
            }
            Status::Paused { sent, resumes_by } => {
                write!(f, "征求意见中（{sent} 发出），最迟 {resumes_by} 后恢复计算")
            }
            Status::Unknown(e) => write!(f, "无法计算：{e}"),
        }
    }
}

/// The deadline of a case on a given day, with its explanation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deadline {
    pub case_id: String,
    pub status: Status,
    /// The due date with the days skipped (weekends, holidays with their notices, pauses);
    /// `None` while no period runs or when it could not be computed.
    pub due: Option<Due>,
    /// The reasoning, step by step, each citing its article.
    pub basis: Vec<Basis>,
}

impl Deadline {
    pub fn due_date(&self) -> Option<Date> {
        self.due.as_ref().map(|d| d.due)
    }
}

impl fmt::Display for Deadline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}：{}", self.case_id, self.status)?;
        for b in &self.basis {
            let mark = if b.is_irregular() { "！" } else { "·" };
            write!(f, "\n  {mark} {b}")?;
        }
        if let Some(due) = &self.due {
            write!(f, "\n  截止日期 {} {}", due.due, weekday_zh(due.due))?;
            for line in due.to_string().lines().skip(1) {
                write!(f, "\n  {line}")?;
            }
        }
        Ok(())
    }
}

/// The deadline of `case` on `today`, on the national calendar with the statutory numbers.
pub fn deadline(case: &Case, today: Date) -> Deadline {
    deadline_with(&Calendar::china(), &DeadlineOptions::default(), case, today)
}

/// The deadline of `case` on `today`. A date outside the calendar gives [`Status::Unknown`].
pub fn deadline_with(cal: &Calendar, opts: &DeadlineOptions, case: &Case, today: Date) -> Deadline {
    let mut basis = vec![Basis::Receipt {
        channel: case.channel,
        date: case.received,
        rule: case.channel.receipt_rule(),
    }];
    let (status, due) = match compute(cal, opts, case, today, &mut basis) {
        Ok(r) => r,
        Err(e) => (Status::Unknown(e), None),
    };
    Deadline {
        case_id: case.id.clone(),
        status,
        due,
        basis,
    }
}

fn compute(
    cal: &Calendar,
    opts: &DeadlineOptions,
    case: &Case,
    today: Date,
    basis: &mut Vec<Basis>,
) -> Result<(Status, Option<Due>), OutOfRange> {
    let replied = case.reply.as_ref().map(|r| r.date);
    let mut start = case.received;
    if let Some(c) = &case.correction {
        let limit = cal
            .add_working_days(case.received, opts.correction_limit, &[])?
            .due;
        basis.push(if c.requested > limit {
            Basis::CorrectionRequestedLate {
                requested: c.requested,
                limit,
            }
        } else {
            Basis::CorrectionRequested {
                requested: c.requested,
                limit,
            }
        });
        match c.received {
            Some(r) => {
                basis.push(Basis::CorrectionReceived { received: r });
                start = r;
            }
            None => {
                basis.push(Basis::CorrectionPending {
                    requested: c.requested,
                });
                let status = match replied {
                    Some(replied) => Status::AnsweredInTime { replied },
                    None => Status::AwaitingCorrection {
                        requested: c.requested,
                    },
                };
                return Ok((status, None));
            }
        }
    }
    basis.push(Basis::Period {
        start,
        working_days: opts.period,
    });

    let mut pauses = Vec::new();
    let mut pending: Option<(Date, Date)> = None;
    for c in &case.consultations {
        let limit = cal
            .add_working_days(c.sent, opts.consultation_limit, &[])?
            .due;
        let until = match c.answered {
            Some(a) => a,
            None => {
                let end = replied.unwrap_or(today).min(limit);
                if replied.is_none() && today <= limit {
                    pending = Some((c.sent, limit));
                }
                end
            }
        };
        // A consultation "sent" after today (or after the reply) pauses nothing yet.
        let Ok(p) = Pause::new(
            c.sent,
            until,
            format!(
                "征求{}意见（第三十三条第二款）",
                c.kind.map_or("", |k| k.label())
            ),
        ) else {
            continue;
        };
        pauses.push(p);
        basis.push(Basis::Consultation {
            kind: c.kind,
            sent: c.sent,
            until,
            answered: c.answered,
            limit,
        });
    }

    let mut due = cal.add_working_days(start, opts.period, &pauses)?;
    if let Some(ext) = &case.extension {
        match ext.approved {
            Some(approved) if approved > due.due => basis.push(Basis::ExtensionTooLate {
                approved,
                period_end: due.due,
            }),
            approved => {
                due = cal.add_working_days(start, opts.period + opts.extension, &pauses)?;
                basis.push(Basis::Extension {
                    approved,
                    working_days: opts.extension,
                });
            }
        }
    }

    let status = match replied {
        Some(replied) if replied <= due.due => Status::AnsweredInTime { replied },
        Some(replied) => Status::Late {
            replied,
            working_days_late: cal.working_days_between(due.due, replied).ok(),
        },
        None => match pending {
            Some((sent, resumes_by)) => Status::Paused { sent, resumes_by },
            None if today > due.due => Status::Overdue {
                working_days_late: cal.working_days_between(due.due, today).ok(),
            },
            None => {
                // Days still to be counted: pauses already left out.
                let left = u32::try_from(due.counted.iter().filter(|d| d.date > today).count())
                    .unwrap_or(u32::MAX);
                if left <= opts.due_soon {
                    Status::DueSoon {
                        working_days_left: left,
                    }
                } else {
                    Status::Open {
                        working_days_left: left,
                    }
                }
            }
        },
    };
    Ok((status, Some(due)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_are_cited_in_chinese() {
        assert_eq!(
            Article::new(33, Some(2), None).to_string(),
            "第三十三条第二款"
        );
        assert_eq!(
            Article::new(31, None, Some(3)).to_string(),
            "第三十一条第（三）项"
        );
        assert_eq!(numeral(30), "三十");
        assert_eq!(numeral(14), "十四");
    }
}
