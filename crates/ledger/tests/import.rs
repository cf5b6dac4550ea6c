//! The ledger files: the sample imports cleanly, bad files import nothing and say why, the
//! XLSX template and export read back.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[cfg(feature = "xlsx")]
use gongkai_format::Edition;
use gongkai_ledger::{Case, ImportError, RowError, RowProblem, Step, import, import_csv};
#[cfg(feature = "xlsx")]
use gongkai_ledger::{import_xlsx, write_xlsx};
use jiff::civil::date;
use std::path::PathBuf;

fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/ledger")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn sample() -> Vec<Case> {
    import(&fixture("township-2024.csv")).unwrap()
}

fn row_errors(e: ImportError) -> Vec<RowError> {
    match e {
        ImportError::Rows(r) => r,
        other => panic!("expected row errors, got {other}"),
    }
}

#[test]
fn the_sample_ledger_imports_cleanly() {
    let cases = sample();
    assert_eq!(cases.len(), 32);
    let c = cases.iter().find(|c| c.id == "ZX-2023-043").unwrap();
    assert_eq!(c.received, date(2023, 12, 20));
    assert_eq!(c.channel.key(), "post");
    assert_eq!(c.applicant.key(), "natural_person");
    assert_eq!(c.consultations[0].kind.unwrap().key(), "other_body");
    assert_eq!(c.consultations[0].answered, Some(date(2024, 1, 10)));
    assert_eq!(c.reply.as_ref().unwrap().outcome.key(), "partial");
    // Keys and labels both work.
    let by_key = cases.iter().find(|c| c.id == "ZX-2024-002").unwrap();
    assert_eq!(by_key.applicant.key(), "commercial");
    assert_eq!(by_key.reply.as_ref().unwrap().outcome.key(), "granted");
    let fee = cases.iter().find(|c| c.id == "ZX-2024-016").unwrap();
    let f = fee.fee.as_ref().unwrap();
    assert_eq!((f.amount_fen, f.paid), (30000, Some(date(2024, 7, 1))));
    let ext = cases.iter().find(|c| c.id == "ZX-2024-009").unwrap();
    assert_eq!(
        ext.extension.as_ref().unwrap().approved,
        Some(date(2024, 4, 26))
    );
    let open = cases.iter().find(|c| c.id == "ZX-2024-030").unwrap();
    assert!(open.reply.is_none());
    let never_corrected = cases.iter().find(|c| c.id == "ZX-2024-017").unwrap();
    assert_eq!(never_corrected.correction.as_ref().unwrap().received, None);
    assert_eq!(
        never_corrected.reply.as_ref().unwrap().outcome.key(),
        "other_overdue_correction"
    );
    // Every kind of step is in the sample.
    let steps: std::collections::HashSet<Step> = cases
        .iter()
        .flat_map(|c| c.steps().into_iter().map(|(s, _)| s))
        .collect();
    assert_eq!(steps.len(), 9, "{steps:?}");
    let channels: std::collections::HashSet<_> = cases.iter().map(|c| c.channel).collect();
    assert_eq!(channels.len(), 5);
}

#[test]
fn every_bad_row_is_reported_and_nothing_is_imported() {
    let errors = row_errors(import(&fixture("bad-rows.csv")).unwrap_err());
    let got: Vec<(u64, Option<&str>, &RowProblem)> = errors
        .iter()
        .map(|e| (e.line, e.column, &e.problem))
        .collect();
    assert_eq!(
        got,
        [
            (
                2,
                Some("replied"),
                &RowProblem::DateOrder {
                    earlier: (Step::Received, date(2024, 3, 4)),
                    later: (Step::Replied, date(2024, 3, 1)),
                }
            ),
            (
                3,
                Some("consultation_answered"),
                &RowProblem::DateOrder {
                    earlier: (Step::ConsultationSent, date(2024, 3, 8)),
                    later: (Step::ConsultationAnswered, date(2024, 3, 6)),
                }
            ),
            (
                4,
                Some("channel"),
                &RowProblem::UnknownChannel("微信".into())
            ),
            (
                5,
                Some("applicant_type"),
                &RowProblem::UnknownApplicant("个体户".into())
            ),
            (
                6,
                Some("outcome"),
                &RowProblem::UnknownOutcome("已办结".into())
            ),
            (
                7,
                Some("received"),
                &RowProblem::BadDate("2024-02-30".into())
            ),
        ]
    );
    // The messages name the line and the reason.
    assert_eq!(
        errors[0].to_string(),
        "第 2 行（replied）：日期顺序不可能：答复（replied）2024-03-01 早于收到申请（received）2024-03-04"
    );
}

#[test]
fn a_duplicate_id_names_both_lines() {
    let errors = row_errors(import(&fixture("bad-duplicate.csv")).unwrap_err());
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].line, 4);
    assert_eq!(
        errors[0].problem,
        RowProblem::DuplicateId {
            id: "D-1".into(),
            first_line: 2
        }
    );
}

#[test]
fn outcomes_need_reply_dates_and_answers_need_requests() {
    let csv = "id,received,channel,applicant_type,outcome,replied,extended,correction_requested,correction_received,consultation_sent,consultation_answered\n\
               X-1,2024-03-04,online,natural_person,granted,,,,,,\n\
               X-2,2024-03-04,online,natural_person,,2024-03-05,,,,,\n\
               X-3,2024-03-04,online,natural_person,,,,,2024-03-06,,2024-03-07\n\
               X-4,2024-03-04,online,natural_person,,,maybe,,,,\n\
               ,,online,natural_person,,,,,,,\n";
    let errors = row_errors(import_csv(csv.as_bytes()).unwrap_err());
    let got: Vec<(u64, Option<&str>, &RowProblem)> = errors
        .iter()
        .map(|e| (e.line, e.column, &e.problem))
        .collect();
    assert_eq!(
        got,
        [
            (2, Some("outcome"), &RowProblem::OutcomeWithoutReply),
            (3, Some("replied"), &RowProblem::ReplyWithoutOutcome),
            (
                4,
                Some("correction_received"),
                &RowProblem::AnswerWithoutRequest
            ),
            (
                4,
                Some("consultation_answered"),
                &RowProblem::AnswerWithoutRequest
            ),
            (5, Some("extended"), &RowProblem::BadFlag("maybe".into())),
            (6, Some("id"), &RowProblem::Missing),
            (6, Some("received"), &RowProblem::Missing),
        ]
    );
}

#[test]
fn a_file_without_the_required_columns_says_which_are_missing() {
    let csv = "id,received,channel,applicant_type,outcome\nA,2024-01-02,online,自然人,\n";
    match import_csv(csv.as_bytes()).unwrap_err() {
        ImportError::NoHeader { missing } => assert_eq!(
            missing,
            [
                "correction_requested",
                "correction_received",
                "consultation_sent",
                "consultation_answered",
                "extended",
                "replied"
            ]
        ),
        other => panic!("{other}"),
    }
    assert!(matches!(import_csv(b"").unwrap_err(), ImportError::Empty));
}

#[test]
fn titles_above_the_header_and_gb18030_are_read() {
    let text = String::from_utf8(fixture("township-2024.csv")).unwrap();
    let titled = format!("某镇人民政府依申请公开台账（2024年）,,\n\n{text}");
    let (gbk, _, lossy) = encoding_rs::GB18030.encode(&titled);
    assert!(!lossy);
    let cases = import_csv(&gbk).unwrap();
    assert_eq!(cases, sample());
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    assert_eq!(import_csv(&bom).unwrap(), sample());
}

#[cfg(feature = "xlsx")]
#[test]
fn the_template_reads_back_as_an_empty_ledger() {
    let bytes = write_xlsx(&[], Edition::E2021).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"));
    assert_eq!(import(&bytes).unwrap(), Vec::<Case>::new());
}

#[cfg(feature = "xlsx")]
#[test]
fn an_xlsx_export_reads_back_to_the_same_cases() {
    let cases = sample();
    let bytes = write_xlsx(&cases, Edition::E2021).unwrap();
    assert_eq!(import_xlsx(&bytes).unwrap(), cases);
}

#[cfg(feature = "xlsx")]
#[test]
fn the_template_has_drop_downs_for_every_enumeration() {
    let bytes = write_xlsx(&[], Edition::E2021).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut sheet,
    )
    .unwrap();
    // Lists for channel, applicant, consultation kind and outcome; a date check on each date
    // column.
    assert_eq!(sheet.matches("type=\"list\"").count(), 4, "{sheet}");
    let dates = gongkai_ledger::COLUMNS
        .iter()
        .filter(|c| c.kind == gongkai_ledger::ColumnKind::Date)
        .count();
    assert_eq!(sheet.matches("type=\"date\"").count(), dates);
    let mut lists = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/sharedStrings.xml").unwrap(),
        &mut lists,
    )
    .unwrap();
    for label in [
        "互联网",
        "法律服务机构",
        "不予公开：属于国家秘密",
        "其他处理：其他",
        "其他机关",
    ] {
        assert!(lists.contains(label), "{label}");
    }
}

#[cfg(not(feature = "xlsx"))]
#[test]
fn without_the_feature_an_xlsx_file_is_a_clear_error() {
    assert!(matches!(
        import(b"PK\x03\x04rest"),
        Err(ImportError::XlsxNotSupported)
    ));
}

#[cfg(feature = "xlsx")]
#[test]
fn the_ledger_sheet_is_found_by_name_and_text_dates_work() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let notes = wb.add_worksheet();
    notes.set_name("填表说明").unwrap();
    notes.write_string(0, 0, "日期按 YYYY-MM-DD 填写").unwrap();
    let sheet = wb.add_worksheet();
    sheet.set_name("台账").unwrap();
    let header = gongkai_ledger::COLUMNS.iter().filter(|c| c.required);
    for (col, c) in (0u16..).zip(header) {
        sheet.write_string(0, col, c.label).unwrap();
    }
    // id as a number, dates as text.
    for (col, v) in (0u16..).zip(["", "2024-05-06", "传真", "科研机构"]) {
        if col == 0 {
            sheet.write_number(1, 0, 17).unwrap();
        } else {
            sheet.write_string(1, col, v).unwrap();
        }
    }
    let bytes = wb.save_to_buffer().unwrap();
    let cases = import(&bytes).unwrap();
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].id, "17");
    assert_eq!(cases[0].received, date(2024, 5, 6));
    assert_eq!(cases[0].applicant.key(), "research");
}
