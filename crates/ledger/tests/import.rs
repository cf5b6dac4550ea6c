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

#[test]
fn proceedings_and_table2_figures_import_by_key_or_label() {
    let p = gongkai_ledger::import_proceedings(&fixture("township-2024-proceedings.csv")).unwrap();
    assert_eq!(p.len(), 4);
    let direct = p.iter().find(|c| c.id == "SS-2024-01").unwrap();
    assert_eq!(direct.kind.key(), "litigation_direct");
    assert!(direct.decided.is_none());
    let review = p.iter().find(|c| c.id == "FY-2024-02").unwrap();
    assert_eq!(
        review.decided.map(|(d, r)| (d, r.key())),
        Some((date(2024, 11, 28), "corrected"))
    );
    let t4 = gongkai_ledger::table4(&p, 2024, gongkai_format::Edition::E2021).unwrap();
    assert_eq!(t4.value("review", "total").map(|v| v.as_f64()), Some(2.0));
    assert_eq!(
        t4.value("litigation_after_review", "other")
            .map(|v| v.as_f64()),
        Some(1.0)
    );

    let t2 = gongkai_ledger::import_table2(&fixture("township-2024-table2.csv"), 2024).unwrap();
    assert_eq!(
        t2.get("normative_documents", "in_force")
            .map(|v| v.as_f64()),
        Some(12.0)
    );
    // Keys work as well as labels.
    let by_key =
        gongkai_ledger::import_table2(b"row,col,value\nlicensing,decisions,5\n", 2024).unwrap();
    assert_eq!(
        by_key.get("licensing", "decisions").map(|v| v.as_f64()),
        Some(5.0)
    );
}

#[test]
fn bad_proceedings_and_figures_name_their_lines_and_import_nothing() {
    let csv = "编号,类别,申请复议或起诉日期,结案日期,结果\n\
               A,行政复议,2024-01-05,2024-03-01,维持\n\
               B,信访,2024-01-05,,\n\
               C,行政复议,2024-02-30,,\n\
               D,行政复议,2024-04-01,2024-05-01,\n\
               A,行政复议,2024-01-05,,\n\
               E,行政复议,2024-04-01,2024-03-01,维持\n";
    let errors = row_errors(gongkai_ledger::import_proceedings(csv.as_bytes()).unwrap_err());
    let got: Vec<(u64, Option<&str>)> = errors.iter().map(|e| (e.line, e.column)).collect();
    assert_eq!(
        got,
        [
            (3, Some("kind")),
            (4, Some("filed")),
            (5, Some("decided")),
            (6, Some("id")),
            (7, Some("decided")),
        ]
    );
    assert!(matches!(errors[0].problem, RowProblem::UnknownProceeding(ref v) if v == "信访"));
    let t2 = "项目,栏目,数值\n行政许可,本年处理决定数量,-1\n规章,现行有效件数,x\n规章,不存在的栏,1\n外星,本年制发件数,1\n规章,本年制发件数,1\n规章,本年制发件数,2\n";
    let errors = row_errors(gongkai_ledger::import_table2(t2.as_bytes(), 2024).unwrap_err());
    let got: Vec<(u64, Option<&str>)> = errors.iter().map(|e| (e.line, e.column)).collect();
    assert_eq!(
        got,
        [
            (2, Some("value")),
            (3, Some("value")),
            (4, Some("col")),
            (5, Some("row")),
            (7, Some("row"))
        ]
    );
}

#[cfg(feature = "xlsx")]
#[test]
fn the_template_holds_the_three_sheets_and_reads_back_empty() {
    let bytes = write_xlsx(&[], Edition::E2021).unwrap();
    let names = gongkai_ledger::sheet_names(&bytes).unwrap();
    for s in [
        gongkai_ledger::SHEET,
        gongkai_ledger::PROCEEDINGS_SHEET,
        gongkai_ledger::TABLE2_SHEET,
    ] {
        assert!(names.iter().any(|n| n == s), "{s} in {names:?}");
    }
    assert!(
        gongkai_ledger::import_proceedings(&bytes)
            .unwrap()
            .is_empty()
    );
    // 表二 lists every cell of the edition with its value left to fill in: nothing to import.
    assert!(
        gongkai_ledger::import_table2(&bytes, 2024)
            .unwrap()
            .is_empty()
    );
    // Filled in (as an office would in Excel), the figures come back.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.set_name(gongkai_ledger::TABLE2_SHEET).unwrap();
    for (r, row) in [
        ["项目", "栏目", "数值"],
        ["行政许可", "本年处理决定数量", "45"],
    ]
    .iter()
    .enumerate()
    {
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    sheet.write_string(2, 0, "行政处罚").unwrap();
    sheet.write_string(2, 1, "本年处理决定数量").unwrap();
    sheet.write_number(2, 2, 7.0).unwrap();
    let filled = wb.save_to_buffer().unwrap();
    let t2 = gongkai_ledger::import_table2(&filled, 2024).unwrap();
    assert_eq!(
        t2.get("licensing", "decisions").map(|v| v.as_f64()),
        Some(45.0)
    );
    assert_eq!(
        t2.get("punishment", "decisions").map(|v| v.as_f64()),
        Some(7.0)
    );
}
