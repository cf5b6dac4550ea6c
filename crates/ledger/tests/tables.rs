//! Tables from cases: the sample township's 2024 table 3, the identities on random ledgers
//! (checked by the rules of `gongkai-check`), table 4, and the period lock.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use gongkai_format::{Edition, RowRole, T3_COLUMNS, edition_def};
use gongkai_ledger::{
    ApplicantKind, Case, Change, Channel, Ledger, LedgerError, Outcome, Proceeding, ProceedingCase,
    ProceedingResult, Reply, TableError, import, table3, table4,
};
use gongkai_report::{EditionSeen, Num, Report, Severity, Source, Table};
use jiff::civil::{Date, date};
use proptest::prelude::*;
use std::path::PathBuf;

fn sample() -> Vec<Case> {
    let p =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/ledger/township-2024.csv");
    import(&std::fs::read(p).unwrap()).unwrap()
}

fn v(t: &Table, row: &str, col: &str) -> i64 {
    t.value(row, col)
        .and_then(Num::as_int)
        .unwrap_or_else(|| panic!("{row}.{col}"))
}

#[test]
fn the_sample_township_table_3_for_2024() {
    let t = table3(&sample(), 2024, Edition::E2021).unwrap();
    assert_eq!(v(&t, "new_received", "total"), 30);
    assert_eq!(v(&t, "carried_over", "total"), 2);
    assert_eq!(v(&t, "total", "total"), 30);
    assert_eq!(v(&t, "carry_forward", "total"), 2);
    assert_eq!(v(&t, "new_received", "natural_person"), 22);
    assert_eq!(v(&t, "new_received", "commercial"), 3);
    assert_eq!(v(&t, "new_received", "research"), 1);
    assert_eq!(v(&t, "new_received", "social_welfare"), 1);
    assert_eq!(v(&t, "new_received", "legal_service"), 2);
    assert_eq!(v(&t, "new_received", "other_org"), 1);
    // The carried-over cases were answered in January 2024.
    assert_eq!(v(&t, "granted", "total"), 13);
    assert_eq!(v(&t, "partial", "total"), 5);
    assert_eq!(v(&t, "other_overdue_correction", "natural_person"), 1);
    assert_eq!(v(&t, "unable_unclear", "total"), 1);
    // Every row of the edition, in its order, with all seven columns.
    let def = edition_def(Edition::E2021).table3;
    let keys: Vec<&str> = t.rows.iter().map(|r| r.key).collect();
    let want: Vec<&str> = def.rows.iter().map(|r| r.key).collect();
    assert_eq!(keys, want);
    assert!(t.rows.iter().all(|r| r.cells.len() == T3_COLUMNS.len()));
    // The rules find nothing wrong.
    assert_eq!(t3_errors(&t, Edition::E2021), Vec::<String>::new());
}

#[test]
fn the_years_around_the_sample_chain() {
    let cases = sample();
    let t2023 = table3(&cases, 2023, Edition::E2021).unwrap();
    let t2025 = table3(&cases, 2025, Edition::E2021).unwrap();
    assert_eq!(v(&t2023, "new_received", "total"), 2);
    assert_eq!(v(&t2023, "carry_forward", "total"), 2);
    assert_eq!(v(&t2025, "carried_over", "total"), 2);
    assert_eq!(v(&t2025, "granted", "total"), 1);
    assert_eq!(v(&t2025, "carry_forward", "total"), 1);
}

#[test]
fn a_2019_edition_table_folds_the_three_other_rows() {
    let t = table3(&sample(), 2024, Edition::E2019).unwrap();
    assert_eq!(v(&t, "other", "total"), 1);
    assert!(t.row("other_overdue_correction").is_none());
    assert_eq!(t3_errors(&t, Edition::E2019), Vec::<String>::new());
    // A 2019-only outcome cannot be placed in a 2021 table.
    let mut c = sample().remove(0);
    c.reply.as_mut().unwrap().outcome = Outcome::from_key("other").unwrap();
    let e = table3(&[c], 2024, Edition::E2021).unwrap_err();
    assert!(matches!(
        e,
        TableError::OutcomeNotInEdition {
            outcome: "other",
            ..
        }
    ));
    assert_eq!(
        table3(&[], 12000, Edition::E2021).unwrap_err(),
        TableError::YearOutOfRange(12000)
    );
}

/// Error findings of the table-3 rules (and rules not assessable), run as `gongkai check` runs
/// them on a report holding only this table.
fn t3_errors(t: &Table, edition: Edition) -> Vec<String> {
    let mut report = Report::new(Source::default());
    report.edition = EditionSeen::Known(edition);
    report.table3 = t.clone();
    gongkai_check::check(&report, "")
        .into_iter()
        .filter(|f| f.rule.starts_with("T3-"))
        .filter(|f| f.severity == Severity::Error || !f.assessable)
        .map(|f| format!("{} {}", f.rule, f.message))
        .collect()
}

fn t4_errors(t: &Table) -> Vec<String> {
    let mut report = Report::new(Source::default());
    report.edition = EditionSeen::Known(Edition::E2021);
    report.table4 = t.clone();
    gongkai_check::check(&report, "")
        .into_iter()
        .filter(|f| f.rule.starts_with("T4-"))
        .filter(|f| f.severity == Severity::Error || !f.assessable)
        .map(|f| format!("{} {}", f.rule, f.message))
        .collect()
}

#[test]
fn the_rules_would_see_a_broken_table() {
    // The property below can fail: break one cell and the rules say so.
    let mut t = table3(&sample(), 2024, Edition::E2021).unwrap();
    let row = t.rows.iter_mut().find(|r| r.key == "granted").unwrap();
    row.cells[0].value = Num::Int(99);
    let errors = t3_errors(&t, Edition::E2021);
    assert!(
        errors.iter().any(|e| e.starts_with("T3-OUTCOMES")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.starts_with("T3-ROWSUM")),
        "{errors:?}"
    );
}

fn day_in(lo: Date, days: i32) -> Date {
    lo.checked_add(jiff::Span::new().days(days)).unwrap()
}

prop_compose! {
    fn arb_case(i: usize)(
        received in 0i32..1400,
        applicant in 0usize..6,
        reply in proptest::option::of((0i32..500, 0usize..21)),
    ) -> Case {
        let received = day_in(date(2021, 6, 1), received);
        let applicant = ApplicantKind::all().nth(applicant).unwrap();
        let mut c = Case::new(format!("P-{i}"), received, Channel::Online, applicant);
        // Outcomes of the 2021 edition: they fold into the 2019 edition as well.
        c.reply = reply.map(|(after, o)| Reply {
            date: day_in(received, after),
            outcome: Outcome::all(Edition::E2021).nth(o).unwrap(),
        });
        c
    }
}

fn arb_ledger() -> impl Strategy<Value = Vec<Case>> {
    (0usize..60).prop_flat_map(|n| (0..n).map(arb_case).collect::<Vec<_>>())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn table_3_from_any_ledger_passes_every_t3_rule(cases in arb_ledger()) {
        for year in 2021i16..=2025 {
            for edition in Edition::ALL {
                let t = table3(&cases, year, edition).unwrap();
                prop_assert_eq!(t3_errors(&t, edition), Vec::<String>::new());
                let def = edition_def(edition).table3;
                // Rows of every role are present (the identities were assessed).
                for role in [RowRole::Input, RowRole::Outcome, RowRole::Total, RowRole::CarryForward] {
                    prop_assert!(def.rows_with_role(role).all(|r| t.row(r.key).is_some()));
                }
                // new_received counts exactly the cases received in the year.
                let received = cases.iter().filter(|c| c.received.year() == year).count();
                prop_assert_eq!(v(&t, "new_received", "total"), received as i64);
            }
            // X-CARRY by construction: this year's carried-over is last year's carry-forward.
            let prev = table3(&cases, year - 1, Edition::E2021).unwrap();
            let this = table3(&cases, year, Edition::E2021).unwrap();
            for col in T3_COLUMNS.iter().map(|c| c.key) {
                prop_assert_eq!(v(&prev, "carry_forward", col), v(&this, "carried_over", col));
            }
        }
    }

    #[test]
    fn table_4_from_any_proceedings_passes_every_t4_rule(
        raw in proptest::collection::vec((0usize..3, 0i32..1400, proptest::option::of((0i32..400, 0usize..3))), 0..40)
    ) {
        let cases: Vec<ProceedingCase> = raw.iter().enumerate().map(|(i, (k, filed, decided))| {
            let filed = day_in(date(2021, 6, 1), *filed);
            ProceedingCase {
                id: format!("R-{i}"),
                kind: Proceeding::all().nth(*k).unwrap(),
                filed,
                decided: decided.map(|(after, r)| (day_in(filed, after), ProceedingResult::all().nth(r).unwrap())),
                application: None,
            }
        }).collect();
        for year in 2021i16..=2025 {
            let t = table4(&cases, year, Edition::E2021).unwrap();
            prop_assert_eq!(t4_errors(&t), Vec::<String>::new());
        }
    }
}

#[test]
fn table_4_counts_decided_and_pending() {
    let review = Proceeding::from_key("review").unwrap();
    let direct = Proceeding::from_key("litigation_direct").unwrap();
    let upheld = ProceedingResult::from_key("upheld").unwrap();
    let corrected = ProceedingResult::from_key("corrected").unwrap();
    let p = |id: &str, kind, filed, decided| ProceedingCase {
        id: id.into(),
        kind,
        filed,
        decided,
        application: Some("ZX-2024-005".into()),
    };
    let cases = [
        p(
            "R1",
            review,
            date(2024, 4, 1),
            Some((date(2024, 6, 1), upheld)),
        ),
        p(
            "R2",
            review,
            date(2024, 9, 1),
            Some((date(2025, 1, 10), corrected)),
        ),
        p(
            "L1",
            direct,
            date(2023, 11, 1),
            Some((date(2024, 3, 1), corrected)),
        ),
        p(
            "L2",
            direct,
            date(2022, 5, 1),
            Some((date(2023, 2, 1), upheld)),
        ),
    ];
    let t = table4(&cases, 2024, Edition::E2021).unwrap();
    assert_eq!(v(&t, "review", "upheld"), 1);
    assert_eq!(v(&t, "review", "pending"), 1);
    assert_eq!(v(&t, "review", "total"), 2);
    assert_eq!(v(&t, "litigation_direct", "corrected"), 1);
    assert_eq!(v(&t, "litigation_direct", "total"), 1);
    assert_eq!(v(&t, "litigation_after_review", "total"), 0);
}

#[test]
fn a_locked_year_refuses_silent_changes_and_records_amendments() {
    let mut ledger = Ledger::from_parts(sample(), vec![], vec![]).unwrap();
    let published = ledger.table3(2024, Edition::E2021).unwrap();
    let at: jiff::Timestamp = "2025-01-20T09:00:00Z".parse().unwrap();
    ledger.lock(2024, "王主任", at).unwrap();
    assert_eq!(
        ledger.lock(2024, "王主任", at),
        Err(LedgerError::AlreadyLocked(2024))
    );

    // A reply recorded wrongly: a silent change is refused …
    let mut fixed = ledger.case("ZX-2024-004").unwrap().clone();
    fixed.reply.as_mut().unwrap().outcome = Outcome::from_key("granted").unwrap();
    assert_eq!(
        ledger.update(fixed.clone()),
        Err(LedgerError::Locked {
            case_id: "ZX-2024-004".into(),
            years: vec![2024]
        })
    );
    assert_eq!(ledger.table3(2024, Edition::E2021).unwrap(), published);
    // … an amendment is recorded with who, when and why, and shows in the tables.
    let later: jiff::Timestamp = "2025-03-02T10:30:00Z".parse().unwrap();
    let a = ledger
        .amend(
            Change::Update(fixed.clone()),
            "李科员",
            later,
            "答复书为全部公开，台账录入有误",
        )
        .unwrap();
    assert_eq!(a.years, [2024]);
    assert_eq!(
        a.before
            .as_ref()
            .unwrap()
            .reply
            .as_ref()
            .unwrap()
            .outcome
            .key(),
        "partial"
    );
    assert_eq!(ledger.amendments_for(2024).count(), 1);
    let now = ledger.table3(2024, Edition::E2021).unwrap();
    assert_eq!(
        v(&now, "granted", "total"),
        v(&published, "granted", "total") + 1
    );
    assert_eq!(
        v(&now, "partial", "total"),
        v(&published, "partial", "total") - 1
    );

    // A case still open at the end of 2024 is counted in 2024: locked too.
    assert!(matches!(
        ledger.remove("ZX-2024-030"),
        Err(LedgerError::Locked { .. })
    ));
    // A new case received in 2025 is not.
    let c = Case::new(
        "ZX-2025-001",
        date(2025, 1, 6),
        Channel::InPerson,
        ApplicantKind::from_key("natural_person").unwrap(),
    );
    ledger.add(c.clone()).unwrap();
    assert_eq!(
        ledger.amend(Change::Remove(c.id.clone()), "李科员", later, "误录"),
        Err(LedgerError::NotLocked {
            case_id: c.id.clone()
        })
    );
    // An amendment needs a reason.
    assert_eq!(
        ledger.amend(Change::Update(fixed), "李科员", later, " "),
        Err(LedgerError::MissingAuthorOrReason)
    );
    // Bad cases and duplicate ids are refused.
    assert!(matches!(ledger.add(c), Err(LedgerError::DuplicateId(_))));
}
