//! An application (依申请公开) and its steps.

use gongkai_format::{Edition, RowDef, RowRole, T3_COLUMNS, edition_def};
use jiff::civil::Date;
use std::fmt;

/// How an application reached the office. 第三十一条 fixes the date of receipt per channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Channel {
    /// 当面提交.
    InPerson,
    /// By post with a signature on delivery (挂号信、邮政快递).
    Post,
    /// By ordinary letter, no signature (平常信函).
    Letter,
    /// Online (互联网渠道: website form, e-mail).
    Online,
    /// To the disclosure office's fax.
    Fax,
}

/// The event whose date is the date of receipt (第三十一条).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReceiptEvent {
    /// The day the applicant handed it in.
    Submitted,
    /// The day the office signed for the delivery.
    SignedFor,
    /// The day the office and the applicant confirmed the application.
    Confirmed,
}

/// The rule of 第三十一条 for one channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReceiptRule {
    pub event: ReceiptEvent,
    /// The item of 第三十一条 (1–3).
    pub item: u8,
    /// What the item says, in short.
    pub text: &'static str,
}

/// Dates recorded on arrival, from which the date of receipt follows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReceiptEvents {
    pub submitted: Option<Date>,
    pub signed_for: Option<Date>,
    pub confirmed: Option<Date>,
}

/// The event 第三十一条 needs for the channel was not recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MissingReceiptEvent {
    pub channel: Channel,
    pub needed: ReceiptEvent,
}

impl fmt::Display for MissingReceiptEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.needed {
            ReceiptEvent::Submitted => "the date it was handed in",
            ReceiptEvent::SignedFor => "the date the office signed for it",
            ReceiptEvent::Confirmed => "the date it was confirmed with the applicant",
        };
        write!(
            f,
            "an application by {} needs {what} (第三十一条)",
            self.channel.key()
        )
    }
}

impl std::error::Error for MissingReceiptEvent {}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::InPerson,
        Channel::Post,
        Channel::Letter,
        Channel::Online,
        Channel::Fax,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Channel::InPerson => "in_person",
            Channel::Post => "post",
            Channel::Letter => "letter",
            Channel::Online => "online",
            Channel::Fax => "fax",
        }
    }

    /// The label offices use in their ledgers.
    pub fn label(self) -> &'static str {
        match self {
            Channel::InPerson => "当面提交",
            Channel::Post => "邮寄（需签收）",
            Channel::Letter => "平常信函",
            Channel::Online => "互联网",
            Channel::Fax => "传真",
        }
    }

    /// Other spellings accepted on import.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Channel::InPerson => &["当面", "现场", "现场提交", "当面递交"],
            Channel::Post => &["邮寄", "邮政", "挂号信", "快递", "EMS"],
            Channel::Letter => &["信函", "平信", "普通信函"],
            Channel::Online => &[
                "网上",
                "网络",
                "在线",
                "互联网渠道",
                "网上申请",
                "电子邮件",
                "邮件",
            ],
            Channel::Fax => &["传真件"],
        }
    }

    /// A key, label or alias, ignoring case, spaces and half/full-width brackets.
    pub fn parse(s: &str) -> Option<Channel> {
        let s = normalise(s);
        Channel::ALL.into_iter().find(|c| {
            s.eq_ignore_ascii_case(c.key())
                || s == normalise(c.label())
                || c.aliases().iter().any(|a| s.eq_ignore_ascii_case(a))
        })
    }

    /// What fixes the date of receipt for this channel (第三十一条).
    pub fn receipt_rule(self) -> ReceiptRule {
        match self {
            Channel::InPerson => ReceiptRule {
                event: ReceiptEvent::Submitted,
                item: 1,
                text: "当面提交的，以提交之日为收到申请之日",
            },
            Channel::Post => ReceiptRule {
                event: ReceiptEvent::SignedFor,
                item: 2,
                text: "以邮寄方式提交的，以行政机关签收之日为收到申请之日",
            },
            Channel::Letter => ReceiptRule {
                event: ReceiptEvent::Confirmed,
                item: 2,
                text: "以平常信函等无需签收的邮寄方式提交的，应当于收到申请的当日与申请人确认，确认之日为收到申请之日",
            },
            Channel::Online | Channel::Fax => ReceiptRule {
                event: ReceiptEvent::Confirmed,
                item: 3,
                text: "通过互联网渠道或者政府信息公开工作机构的传真提交的，以双方确认之日为收到申请之日",
            },
        }
    }

    /// The date of receipt from the dates recorded on arrival (第三十一条).
    pub fn date_of_receipt(self, events: &ReceiptEvents) -> Result<Date, MissingReceiptEvent> {
        let needed = self.receipt_rule().event;
        let date = match needed {
            ReceiptEvent::Submitted => events.submitted,
            ReceiptEvent::SignedFor => events.signed_for,
            ReceiptEvent::Confirmed => events.confirmed,
        };
        date.ok_or(MissingReceiptEvent {
            channel: self,
            needed,
        })
    }
}

/// Lower-case-free comparison form: no spaces, ASCII brackets and colon as full-width.
pub(crate) fn normalise(s: &str) -> String {
    s.trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            ':' => '：',
            c => c,
        })
        .collect()
}

/// Who applied: one of the six applicant columns of table 3 (keys and labels from
/// `gongkai-format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ApplicantKind(usize);

/// The applicant columns: all of table 3's columns but the last, which is their total.
fn applicant_columns() -> &'static [gongkai_format::ColumnDef] {
    &T3_COLUMNS[..T3_COLUMNS.len() - 1]
}

impl ApplicantKind {
    /// The six kinds, in the order of the table's columns.
    pub fn all() -> impl Iterator<Item = ApplicantKind> {
        (0..applicant_columns().len()).map(ApplicantKind)
    }

    /// The column key (`natural_person`, `commercial` …).
    pub fn key(self) -> &'static str {
        applicant_columns().get(self.0).map_or("", |c| c.key)
    }

    /// The column label (`自然人`, `商业企业` …).
    pub fn label(self) -> &'static str {
        applicant_columns().get(self.0).map_or("", |c| c.label)
    }

    /// Position among the six columns.
    pub fn index(self) -> usize {
        self.0
    }

    pub fn from_key(key: &str) -> Option<ApplicantKind> {
        applicant_columns()
            .iter()
            .position(|c| c.key == key)
            .map(ApplicantKind)
    }

    /// A key or a label (`其他` means the organisation column 其他).
    pub fn parse(s: &str) -> Option<ApplicantKind> {
        let s = normalise(s);
        applicant_columns()
            .iter()
            .position(|c| s.eq_ignore_ascii_case(c.key) || c.spellings().any(|l| normalise(l) == s))
            .map(ApplicantKind)
    }
}

/// How an application was answered: exactly an outcome row of table 3 (2019 or 2021 edition),
/// named by its row key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Outcome(&'static str);

fn outcome_rows(edition: Edition) -> impl Iterator<Item = &'static RowDef> {
    edition_def(edition).table3.rows_with_role(RowRole::Outcome)
}

impl Outcome {
    /// The outcomes of one edition, in table order.
    pub fn all(edition: Edition) -> impl Iterator<Item = Outcome> {
        outcome_rows(edition).map(|r| Outcome(r.key))
    }

    /// The outcome with this row key, in either edition.
    pub fn from_key(key: &str) -> Option<Outcome> {
        Edition::ALL
            .into_iter()
            .flat_map(outcome_rows)
            .find(|r| r.key == key)
            .map(|r| Outcome(r.key))
    }

    pub fn key(self) -> &'static str {
        self.0
    }

    /// The editions whose table 3 has this row.
    pub fn editions(self) -> Vec<Edition> {
        Edition::ALL
            .into_iter()
            .filter(|e| outcome_rows(*e).any(|r| r.key == self.0))
            .collect()
    }

    /// The row in `edition`'s table 3 this outcome is counted in. The three rows of the 2021
    /// edition's （六）其他处理 group fold into the 2019 edition's single （六）其他处理 row; the
    /// other way round has no answer (the 2019 row does not say which of the three it was).
    pub fn row_for(self, edition: Edition) -> Option<&'static RowDef> {
        if let Some(r) = outcome_rows(edition).find(|r| r.key == self.0) {
            return Some(r);
        }
        // The group this row is in, in the edition that has it …
        let group = Edition::ALL
            .into_iter()
            .flat_map(|e| {
                let def = edition_def(e).table3;
                def.rows
                    .iter()
                    .filter(|r| r.key == self.0)
                    .filter_map(|r| r.group)
                    .filter_map(move |g| def.groups.iter().find(|d| d.key == g))
            })
            .next()?;
        // … printed as a single row in `edition`.
        outcome_rows(edition).find(|r| r.core_text() == group.texts.first().copied().unwrap_or(""))
    }

    fn def(self) -> Option<(&'static RowDef, Option<&'static gongkai_format::GroupDef>)> {
        Edition::ALL.into_iter().rev().find_map(|e| {
            let def = edition_def(e).table3;
            let row = def.rows.iter().find(|r| r.key == self.0)?;
            let group = row
                .group
                .and_then(|g| def.groups.iter().find(|d| d.key == g))
                .filter(|g| g.parent.is_some());
            Some((row, group))
        })
    }

    /// The official row label (`1.属于国家秘密`).
    pub fn label(self) -> &'static str {
        self.def().map_or("", |(r, _)| r.label)
    }

    /// The label used in ledgers and drop-downs: the row text, after its group's name where
    /// the row sits in a group (`不予公开：属于国家秘密`, `其他处理：其他`).
    pub fn ledger_label(self) -> String {
        match self.def() {
            Some((r, Some(g))) => format!(
                "{}：{}",
                g.texts.first().copied().unwrap_or(""),
                r.core_text()
            ),
            Some((r, None)) => r.core_text().to_owned(),
            None => String::new(),
        }
    }

    /// A key, the official label, a row text (not the bare `其他`), or a ledger label.
    pub fn parse(s: &str) -> Option<Outcome> {
        let n = normalise(s);
        if n.is_empty() {
            return None;
        }
        if let Some(o) = Outcome::from_key(&n) {
            return Some(o);
        }
        Edition::ALL
            .into_iter()
            .rev()
            .flat_map(Outcome::all)
            .find(|o| {
                let Some((r, _)) = o.def() else { return false };
                normalise(r.label) == n
                    || normalise(&o.ledger_label()) == n
                    || (!r.needs_enumerator && r.texts.iter().any(|t| normalise(t) == n))
            })
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// A request for correction (第三十条).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Correction {
    /// The day the office asked for it.
    pub requested: Date,
    /// The day the corrected application arrived, if it did.
    pub received: Option<Date>,
}

/// Who was consulted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConsultationKind {
    /// A third party whose rights may be harmed (第三十二条).
    ThirdParty,
    /// Another administrative body that made the information jointly (第三十四条).
    OtherBody,
}

impl ConsultationKind {
    pub const ALL: [ConsultationKind; 2] =
        [ConsultationKind::ThirdParty, ConsultationKind::OtherBody];

    pub fn key(self) -> &'static str {
        match self {
            ConsultationKind::ThirdParty => "third_party",
            ConsultationKind::OtherBody => "other_body",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ConsultationKind::ThirdParty => "第三方",
            ConsultationKind::OtherBody => "其他机关",
        }
    }

    pub fn parse(s: &str) -> Option<ConsultationKind> {
        let s = normalise(s);
        ConsultationKind::ALL.into_iter().find(|k| {
            s.eq_ignore_ascii_case(k.key())
                || s == k.label()
                || (*k == ConsultationKind::OtherBody && s == "其他行政机关")
        })
    }
}

/// A consultation (征求意见) sent, and its answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consultation {
    /// Who was consulted, if recorded (the pause is the same; the article cited differs).
    pub kind: Option<ConsultationKind>,
    pub sent: Date,
    pub answered: Option<Date>,
}

/// An extension of the reply period approved by the head of the disclosure office (第三十三条).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extension {
    /// The day it was approved, if recorded.
    pub approved: Option<Date>,
}

/// The reply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    pub date: Date,
    pub outcome: Outcome,
}

/// 信息处理费 (国办函〔2020〕109号).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fee {
    /// Amount in fen (分), exact.
    pub amount_fen: i64,
    /// The day the fee notice was sent.
    pub notified: Option<Date>,
    /// The day the applicant paid.
    pub paid: Option<Date>,
}

/// One application with its steps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    /// The office's number for it.
    pub id: String,
    /// The date of receipt as 第三十一条 fixes it for the channel.
    pub received: Date,
    pub channel: Channel,
    pub applicant: ApplicantKind,
    /// What was asked.
    pub request: String,
    pub correction: Option<Correction>,
    pub consultations: Vec<Consultation>,
    pub extension: Option<Extension>,
    pub reply: Option<Reply>,
    pub fee: Option<Fee>,
    /// The office's remarks (备注).
    pub note: String,
}

/// A dated step of a case, for messages about date order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    Received,
    CorrectionRequested,
    CorrectionReceived,
    ConsultationSent,
    ConsultationAnswered,
    ExtensionApproved,
    Replied,
    FeeNotified,
    FeePaid,
}

impl Step {
    /// The ledger column that holds the step's date.
    pub fn column(self) -> &'static str {
        match self {
            Step::Received => "received",
            Step::CorrectionRequested => "correction_requested",
            Step::CorrectionReceived => "correction_received",
            Step::ConsultationSent => "consultation_sent",
            Step::ConsultationAnswered => "consultation_answered",
            Step::ExtensionApproved => "extended",
            Step::Replied => "replied",
            Step::FeeNotified => "fee_notified",
            Step::FeePaid => "fee_paid",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Step::Received => "收到申请",
            Step::CorrectionRequested => "告知补正",
            Step::CorrectionReceived => "收到补正",
            Step::ConsultationSent => "发出征求意见",
            Step::ConsultationAnswered => "收到意见",
            Step::ExtensionApproved => "批准延期",
            Step::Replied => "答复",
            Step::FeeNotified => "发出收费通知",
            Step::FeePaid => "缴费",
        }
    }
}

/// Something impossible in a case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaseProblem {
    /// `later` is dated before `earlier`, which must come first.
    DateOrder {
        earlier: (Step, Date),
        later: (Step, Date),
    },
    /// A fee below zero.
    NegativeFee { amount_fen: i64 },
    /// The id is empty.
    EmptyId,
}

impl fmt::Display for CaseProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CaseProblem::DateOrder { earlier, later } => write!(
                f,
                "{}（{}）{} 早于{}（{}）{}",
                later.0.label(),
                later.0.column(),
                later.1,
                earlier.0.label(),
                earlier.0.column(),
                earlier.1
            ),
            CaseProblem::NegativeFee { amount_fen } => {
                write!(f, "信息处理费为负数（{amount_fen} 分）")
            }
            CaseProblem::EmptyId => f.write_str("编号为空"),
        }
    }
}

impl Case {
    /// A case received on `received` with no steps yet.
    pub fn new(
        id: impl Into<String>,
        received: Date,
        channel: Channel,
        applicant: ApplicantKind,
    ) -> Case {
        Case {
            id: id.into(),
            received,
            channel,
            applicant,
            request: String::new(),
            correction: None,
            consultations: Vec::new(),
            extension: None,
            reply: None,
            fee: None,
            note: String::new(),
        }
    }

    /// Still open (no reply) at the end of `date`.
    pub fn open_on(&self, date: Date) -> bool {
        self.received <= date && self.reply.as_ref().is_none_or(|r| r.date > date)
    }

    /// Every dated step, in the order the steps happen in a well-formed case.
    pub fn steps(&self) -> Vec<(Step, Date)> {
        let mut v = vec![(Step::Received, self.received)];
        if let Some(c) = &self.correction {
            v.push((Step::CorrectionRequested, c.requested));
            if let Some(d) = c.received {
                v.push((Step::CorrectionReceived, d));
            }
        }
        for c in &self.consultations {
            v.push((Step::ConsultationSent, c.sent));
            if let Some(d) = c.answered {
                v.push((Step::ConsultationAnswered, d));
            }
        }
        if let Some(d) = self.extension.as_ref().and_then(|e| e.approved) {
            v.push((Step::ExtensionApproved, d));
        }
        if let Some(f) = &self.fee {
            if let Some(d) = f.notified {
                v.push((Step::FeeNotified, d));
            }
            if let Some(d) = f.paid {
                v.push((Step::FeePaid, d));
            }
        }
        if let Some(r) = &self.reply {
            v.push((Step::Replied, r.date));
        }
        v
    }

    /// What is impossible in the case: steps out of order, a negative fee, no id.
    pub fn problems(&self) -> Vec<CaseProblem> {
        let mut out = Vec::new();
        if self.id.trim().is_empty() {
            out.push(CaseProblem::EmptyId);
        }
        let mut order = |a: (Step, Date), b: Option<(Step, Date)>| {
            if let Some(b) = b
                && b.1 < a.1
            {
                out.push(CaseProblem::DateOrder {
                    earlier: a,
                    later: b,
                });
            }
        };
        let received = (Step::Received, self.received);
        let replied = self.reply.as_ref().map(|r| (Step::Replied, r.date));
        // Everything happens on or after receipt …
        for s in self.steps().into_iter().skip(1) {
            order(received, Some(s));
        }
        // … and before the reply; answers follow their requests.
        if let Some(c) = &self.correction {
            let req = (Step::CorrectionRequested, c.requested);
            let rec = c.received.map(|d| (Step::CorrectionReceived, d));
            order(req, rec);
            if let Some(rec) = rec {
                order(rec, replied);
            } else {
                order(req, replied);
            }
        }
        for c in &self.consultations {
            let sent = (Step::ConsultationSent, c.sent);
            let ans = c.answered.map(|d| (Step::ConsultationAnswered, d));
            order(sent, ans);
            order(ans.unwrap_or(sent), replied);
        }
        if let Some(d) = self.extension.as_ref().and_then(|e| e.approved) {
            order((Step::ExtensionApproved, d), replied);
        }
        if let Some(f) = &self.fee {
            let notified = f.notified.map(|d| (Step::FeeNotified, d));
            let paid = f.paid.map(|d| (Step::FeePaid, d));
            if let Some(n) = notified {
                order(n, paid);
                order(n, replied);
            }
            if let Some(p) = paid {
                order(p, replied);
            }
            if f.amount_fen < 0 {
                out.push(CaseProblem::NegativeFee {
                    amount_fen: f.amount_fen,
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use jiff::civil::date;

    #[test]
    fn applicant_kinds_are_the_six_columns_of_table_3() {
        let keys: Vec<&str> = ApplicantKind::all().map(|a| a.key()).collect();
        let want: Vec<&str> = T3_COLUMNS.iter().map(|c| c.key).take(6).collect();
        assert_eq!(keys, want);
        assert_eq!(
            ApplicantKind::parse("自然人").unwrap().key(),
            "natural_person"
        );
        assert_eq!(ApplicantKind::parse("other_org").unwrap().label(), "其他");
        assert!(ApplicantKind::parse("总计").is_none());
        assert!(ApplicantKind::parse("total").is_none());
    }

    #[test]
    fn outcomes_are_the_outcome_rows_of_each_edition() {
        assert_eq!(Outcome::all(Edition::E2021).count(), 21);
        assert_eq!(Outcome::all(Edition::E2019).count(), 19);
        for s in ["granted", "予以公开", "（一）予以公开", "(一)予以公开"] {
            assert_eq!(Outcome::parse(s).unwrap().key(), "granted", "{s}");
        }
        assert_eq!(Outcome::parse("部分公开").unwrap().key(), "partial");
        assert_eq!(
            Outcome::parse("不予公开：属于国家秘密").unwrap().key(),
            "denied_state_secret"
        );
        assert_eq!(
            Outcome::parse("其他处理：其他").unwrap().key(),
            "other_other"
        );
        assert_eq!(Outcome::parse("3.其他").unwrap().key(), "other_other");
        // The bare 其他 names no row.
        assert!(Outcome::parse("其他").is_none());
        assert!(Outcome::parse("不予公开").is_none());
        // Every ledger label parses back to its outcome.
        for e in Edition::ALL {
            for o in Outcome::all(e) {
                assert_eq!(Outcome::parse(&o.ledger_label()), Some(o), "{o}");
                assert_eq!(Outcome::parse(o.label()), Some(o), "{o}");
            }
        }
    }

    #[test]
    fn other_handling_folds_into_the_2019_row() {
        let o = Outcome::from_key("other_unpaid_fee").unwrap();
        assert_eq!(o.row_for(Edition::E2019).unwrap().key, "other");
        assert_eq!(o.row_for(Edition::E2021).unwrap().key, "other_unpaid_fee");
        let old = Outcome::from_key("other").unwrap();
        assert_eq!(old.editions(), [Edition::E2019]);
        assert!(old.row_for(Edition::E2021).is_none());
        assert_eq!(
            Outcome::from_key("granted")
                .unwrap()
                .row_for(Edition::E2019)
                .unwrap()
                .key,
            "granted"
        );
    }

    #[test]
    fn receipt_dates_follow_article_31() {
        let ev = ReceiptEvents {
            submitted: Some(date(2024, 3, 1)),
            signed_for: Some(date(2024, 3, 4)),
            confirmed: None,
        };
        assert_eq!(
            Channel::Post.date_of_receipt(&ev).unwrap(),
            date(2024, 3, 4)
        );
        assert_eq!(
            Channel::InPerson.date_of_receipt(&ev).unwrap(),
            date(2024, 3, 1)
        );
        let e = Channel::Online.date_of_receipt(&ev).unwrap_err();
        assert_eq!(e.needed, ReceiptEvent::Confirmed);
        assert_eq!(Channel::Fax.receipt_rule().item, 3);
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.key()), Some(c));
            assert_eq!(Channel::parse(c.label()), Some(c));
        }
        assert_eq!(Channel::parse("邮寄(需签收)"), Some(Channel::Post));
    }

    #[test]
    fn impossible_date_orders_are_found() {
        let mut c = Case::new(
            "A1",
            date(2024, 3, 4),
            Channel::Online,
            ApplicantKind::from_key("natural_person").unwrap(),
        );
        assert!(c.problems().is_empty());
        c.reply = Some(Reply {
            date: date(2024, 3, 1),
            outcome: Outcome::from_key("granted").unwrap(),
        });
        c.consultations.push(Consultation {
            kind: Some(ConsultationKind::ThirdParty),
            sent: date(2024, 3, 6),
            answered: Some(date(2024, 3, 5)),
        });
        let p = c.problems();
        assert!(p.contains(&CaseProblem::DateOrder {
            earlier: (Step::Received, date(2024, 3, 4)),
            later: (Step::Replied, date(2024, 3, 1)),
        }));
        assert!(p.contains(&CaseProblem::DateOrder {
            earlier: (Step::ConsultationSent, date(2024, 3, 6)),
            later: (Step::ConsultationAnswered, date(2024, 3, 5)),
        }));
    }
}
