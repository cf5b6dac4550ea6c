//! (case, today) → deadline, counted by hand on the 2024 calendar (国办发明电〔2023〕7号).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use gongkai_ledger::{
    ApplicantKind, Basis, Case, Channel, Consultation, ConsultationKind, Correction, Extension,
    Outcome, Reply, Status, deadline, import,
};
use jiff::civil::{Date, date};
use std::path::PathBuf;

fn case(received: Date) -> Case {
    Case::new(
        "T-1",
        received,
        Channel::Online,
        ApplicantKind::from_key("natural_person").unwrap(),
    )
}

fn replied(mut c: Case, on: Date) -> Case {
    c.reply = Some(Reply {
        date: on,
        outcome: Outcome::from_key("granted").unwrap(),
    });
    c
}

fn extended(mut c: Case, on: Option<Date>) -> Case {
    c.extension = Some(Extension { approved: on });
    c
}

fn corrected(mut c: Case, requested: Date, received: Option<Date>) -> Case {
    c.correction = Some(Correction {
        requested,
        received,
    });
    c
}

fn consulted(mut c: Case, sent: Date, answered: Option<Date>) -> Case {
    c.consultations.push(Consultation {
        kind: Some(ConsultationKind::ThirdParty),
        sent,
        answered,
    });
    c
}

/// Received the Friday before National Day 2024: due 2024-10-30.
fn friday() -> Case {
    case(date(2024, 9, 27))
}

/// Received Monday 2024-03-04, no holiday until 清明节.
fn march() -> Case {
    case(date(2024, 3, 4))
}

struct Row {
    what: &'static str,
    case: Case,
    today: Date,
    due: Option<Date>,
    status: Status,
}

fn rows() -> Vec<Row> {
    vec![
        Row {
            what: "open: 17 working days left after the holiday",
            case: friday(),
            today: date(2024, 10, 8),
            due: Some(date(2024, 10, 30)),
            status: Status::Open {
                working_days_left: 17,
            },
        },
        Row {
            what: "due soon",
            case: friday(),
            today: date(2024, 10, 24),
            due: Some(date(2024, 10, 30)),
            status: Status::DueSoon {
                working_days_left: 4,
            },
        },
        Row {
            what: "due today",
            case: friday(),
            today: date(2024, 10, 30),
            due: Some(date(2024, 10, 30)),
            status: Status::DueSoon {
                working_days_left: 0,
            },
        },
        Row {
            what: "overdue",
            case: friday(),
            today: date(2024, 11, 1),
            due: Some(date(2024, 10, 30)),
            status: Status::Overdue {
                working_days_late: Some(2),
            },
        },
        Row {
            what: "answered on the due date",
            case: replied(friday(), date(2024, 10, 30)),
            today: date(2025, 1, 31),
            due: Some(date(2024, 10, 30)),
            status: Status::AnsweredInTime {
                replied: date(2024, 10, 30),
            },
        },
        Row {
            what: "answered late",
            case: replied(friday(), date(2024, 11, 4)),
            today: date(2025, 1, 31),
            due: Some(date(2024, 10, 30)),
            status: Status::Late {
                replied: date(2024, 11, 4),
                working_days_late: Some(3),
            },
        },
        Row {
            what: "extension approved in time: +20 working days",
            case: replied(
                extended(friday(), Some(date(2024, 10, 21))),
                date(2024, 11, 20),
            ),
            today: date(2025, 1, 31),
            due: Some(date(2024, 11, 27)),
            status: Status::AnsweredInTime {
                replied: date(2024, 11, 20),
            },
        },
        Row {
            what: "extension without a recorded date is applied",
            case: extended(friday(), None),
            today: date(2024, 11, 1),
            due: Some(date(2024, 11, 27)),
            status: Status::Open {
                working_days_left: 18,
            },
        },
        Row {
            what: "extension approved after the period ended is not applied",
            case: replied(
                extended(friday(), Some(date(2024, 11, 1))),
                date(2024, 11, 20),
            ),
            today: date(2025, 1, 31),
            due: Some(date(2024, 10, 30)),
            status: Status::Late {
                replied: date(2024, 11, 20),
                working_days_late: Some(15),
            },
        },
        Row {
            what: "the period restarts from the correction's receipt, across 清明节 and its make-up Sunday",
            case: corrected(march(), date(2024, 3, 6), Some(date(2024, 3, 18))),
            today: date(2024, 4, 1),
            due: Some(date(2024, 4, 16)),
            status: Status::Open {
                working_days_left: 10,
            },
        },
        Row {
            what: "no period while the correction is awaited",
            case: corrected(march(), date(2024, 3, 6), None),
            today: date(2024, 4, 30),
            due: None,
            status: Status::AwaitingCorrection {
                requested: date(2024, 3, 6),
            },
        },
        Row {
            what: "closed as not corrected: answered, no period ran",
            case: replied(corrected(march(), date(2024, 3, 6), None), date(2024, 5, 6)),
            today: date(2024, 5, 6),
            due: None,
            status: Status::AnsweredInTime {
                replied: date(2024, 5, 6),
            },
        },
        Row {
            what: "consultation sent to answered (both included) is not counted",
            case: consulted(march(), date(2024, 3, 11), Some(date(2024, 3, 15))),
            today: date(2024, 3, 20),
            due: Some(date(2024, 4, 9)),
            status: Status::Open {
                working_days_left: 13,
            },
        },
        Row {
            what: "days left leave out a pause already known",
            case: consulted(friday(), date(2024, 10, 8), Some(date(2024, 10, 10))),
            today: date(2024, 10, 8),
            due: Some(date(2024, 11, 4)),
            status: Status::Open {
                working_days_left: 18,
            },
        },
        Row {
            what: "consultation out: paused, due shown as if answered today",
            case: consulted(march(), date(2024, 3, 11), None),
            today: date(2024, 3, 20),
            due: Some(date(2024, 4, 12)),
            status: Status::Paused {
                sent: date(2024, 3, 11),
                resumes_by: date(2024, 4, 1),
            },
        },
        Row {
            what: "no answer within the party's 15 working days: the clock runs again",
            case: consulted(march(), date(2024, 3, 11), None),
            today: date(2024, 4, 20),
            due: Some(date(2024, 4, 24)),
            status: Status::DueSoon {
                working_days_left: 3,
            },
        },
    ]
}

#[test]
fn deadlines_of_known_cases() {
    for r in rows() {
        let d = deadline(&r.case, r.today);
        assert_eq!(d.due_date(), r.due, "{}", r.what);
        assert_eq!(d.status, r.status, "{}\n{d}", r.what);
    }
}

#[test]
fn a_late_correction_request_is_flagged() {
    // Received Monday 2024-03-04: the 7th working day after it is 2024-03-13.
    let d = deadline(
        &corrected(march(), date(2024, 3, 15), Some(date(2024, 3, 18))),
        date(2024, 3, 20),
    );
    assert!(d.basis.contains(&Basis::CorrectionRequestedLate {
        requested: date(2024, 3, 15),
        limit: date(2024, 3, 13),
    }));
    assert!(d.basis.iter().any(|b| b.is_irregular()));
    assert!(d.to_string().contains("！"), "{d}");
}

#[test]
fn a_date_beyond_the_holiday_data_is_unknown_not_guessed() {
    let d = deadline(&case(date(2026, 12, 10)), date(2026, 12, 15));
    match d.status {
        Status::Unknown(e) => assert_eq!(e.date, date(2027, 1, 1)),
        other => panic!("{other:?}"),
    }
    assert_eq!(d.due_date(), None);
}

#[test]
fn the_explanation_cites_articles_and_calendar_entries() {
    let c = consulted(friday(), date(2024, 10, 8), Some(date(2024, 10, 10)));
    let text = deadline(&c, date(2024, 10, 8)).to_string();
    for needle in [
        "收到申请之日 2024-09-27（互联网",
        "第三十一条第（三）项",
        "自 2024-09-27 起 20 个工作日内答复",
        "第三十三条第一款",
        "征求第三方意见：2024-10-08 至 2024-10-10 不计算在答复期限内",
        "第三十二条、第三十三条第二款",
        "国庆节假期（国办发明电〔2023〕7号）",
        "2024-09-29（国庆节调休上班）",
    ] {
        assert!(text.contains(needle), "{needle}\n{text}");
    }
}

#[test]
fn the_sample_ledger_has_one_late_reply_and_one_overdue_case() {
    let p =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/ledger/township-2024.csv");
    let cases = import(&std::fs::read(p).unwrap()).unwrap();
    let today = date(2025, 1, 31);
    let mut other: Vec<(String, Status)> = Vec::new();
    for c in &cases {
        let d = deadline(c, today);
        match (c.id.as_str(), &d.status) {
            (
                "ZX-2024-024",
                Status::Late {
                    working_days_late: Some(3),
                    ..
                },
            )
            | (
                "ZX-2024-030",
                Status::Overdue {
                    working_days_late: Some(5),
                },
            )
            | (_, Status::AnsweredInTime { .. }) => {}
            _ => other.push((c.id.clone(), d.status)),
        }
    }
    assert!(other.is_empty(), "{other:?}");
}
