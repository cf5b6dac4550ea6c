//! The application ledger (依申请公开台账): cases and their steps, statutory reply deadlines
//! on China's working-day calendar, the report's tables computed from the cases, import from
//! CSV/XLSX, the XLSX template, and period locks. No storage: the store persists what this
//! crate models.
//!
//! - [`Case`]: an application with its channel ([`Channel`], 第三十一条 fixes the date of
//!   receipt per channel), applicant kind ([`ApplicantKind`], exactly the six applicant
//!   columns of table 3), correction, consultations, extension, reply ([`Outcome`], exactly
//!   an outcome row of table 3) and fee.
//! - [`deadline`]: where a case stands on a given day, with the due date, the days skipped
//!   and the articles the reasoning rests on.
//! - [`table3`], [`table4`], [`Table2Figures`]: the tables as `gongkai_report::Table`.
//! - [`import()`], `write_xlsx`: the ledger file, all or nothing (XLSX with the default
//!   feature `xlsx`).
//! - [`Ledger`]: cases with locked years and recorded amendments.
//!
//! Invariants:
//! - "today" and the calendar are arguments: no clock, no environment, no IO (files come in
//!   as bytes);
//! - keys and labels of applicant kinds, outcomes and table cells come from `gongkai-format`;
//! - table 3 satisfies every identity of the format by construction (tested on random
//!   ledgers against the rules of `gongkai-check`);
//! - a ledger file with any bad row imports nothing.
//!
//! ```
//! use gongkai_ledger::{ApplicantKind, Case, Channel, Outcome, Reply, Status, deadline, table3};
//! use gongkai_format::Edition;
//! use jiff::civil::date;
//!
//! let person = ApplicantKind::from_key("natural_person").unwrap();
//! let mut case = Case::new("2024-001", date(2024, 9, 27), Channel::Online, person);
//! // Received the Friday before National Day: due 20 working days later.
//! let d = deadline(&case, date(2024, 10, 8));
//! assert_eq!(d.due_date(), Some(date(2024, 10, 30)));
//! assert!(matches!(d.status, Status::Open { working_days_left: 17 }));
//!
//! case.reply = Some(Reply { date: date(2024, 10, 25), outcome: Outcome::parse("予以公开").unwrap() });
//! let t = table3(&[case], 2024, Edition::E2021).unwrap();
//! assert_eq!(t.value("granted", "natural_person").and_then(|n| n.as_int()), Some(1));
//! ```

mod case;
mod deadline;
mod import;
mod lock;
mod sheets;
mod tables;
#[cfg(feature = "xlsx")]
mod template;

pub use case::{
    ApplicantKind, Case, CaseProblem, Channel, Consultation, ConsultationKind, Correction,
    Extension, Fee, MissingReceiptEvent, Outcome, ReceiptEvent, ReceiptEvents, ReceiptRule, Reply,
    Step,
};
pub use deadline::{Article, Basis, Deadline, DeadlineOptions, Status, deadline, deadline_with};
#[cfg(feature = "xlsx")]
pub use import::import_xlsx;
pub use import::{
    COLUMNS, CaseValue, ColumnKind, ColumnSpec, Format, ImportError, RowError, RowProblem,
    case_values, choices, column, import, import_csv, parse_date,
};
pub use lock::{Amendment, Change, Ledger, LedgerError, Lock, years_counted};
pub use sheets::{
    PROCEEDING_COLUMNS, PROCEEDINGS_SHEET, SHEET, TABLE2_COLUMNS, TABLE2_SHEET, Workbook,
    WorkbookError, import_proceedings, import_table2, import_workbook, sheet_names,
};
pub use tables::{
    Proceeding, ProceedingCase, ProceedingResult, Table2Error, Table2Figures, TableError, table3,
    table4,
};
#[cfg(feature = "xlsx")]
pub use template::{LISTS_SHEET, TEMPLATE_ROWS, TemplateError, write_xlsx};
