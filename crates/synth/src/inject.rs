//! Errors put into a report on purpose, each with the rule that must report it.

use crate::model::{Spec, SynthReport, late_for_department};
use crate::names::ProseError;
use gongkai_format::keys::t3;
use gongkai_format::{Edition, RowRole, edition_def};
use gongkai_report::BodyKind;
use rand::seq::IndexedRandom;
use rand::{Rng, RngExt};

/// One kind of error. Table errors keep the other identities where they can (breaking one
/// cell of table 3 breaks its column sums too; the property is only that the rule fires).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Injection {
    /// An applicant cell changed, the row's total not.
    RowSum,
    /// A column's new applications changed together with the row total: the balance breaks.
    Balance,
    /// An outcome changed together with its row total: the outcomes no longer make （七）总计.
    Outcomes,
    /// A negative number in table 3 (its row total follows).
    Negative,
    /// A table-4 group whose total is not the sum of its four results.
    GroupSum,
    /// A narrative section left out.
    DropSection,
    /// Sections numbered `（二）` instead of `二、`.
    ParenNumbering,
    /// A 2021+ report printed with the 2019 edition.
    EditionYear,
    /// Table 2 of one edition, table 3 of the other.
    MixedEditions,
    /// A department's report published after January 31.
    LateDepartment,
    /// The prose states more applications received than table 3.
    ProseApplications,
    /// The prose says no application was received; table 3 has some.
    ProseNone,
    /// The prose says there was no reconsideration or litigation; table 4 has cases.
    ProseNoCases,
    /// The prose states more documents issued than table 2.
    ProseDocuments,
    /// The prose states a share of applications granted that table 3 does not give.
    ProsePercent,
    /// Applications dropped for an unpaid fee, and section 6 silent about fees.
    ProseFees,
}

impl Injection {
    pub const ALL: [Injection; 16] = [
        Injection::RowSum,
        Injection::Balance,
        Injection::Outcomes,
        Injection::Negative,
        Injection::GroupSum,
        Injection::DropSection,
        Injection::ParenNumbering,
        Injection::EditionYear,
        Injection::MixedEditions,
        Injection::LateDepartment,
        Injection::ProseApplications,
        Injection::ProseNone,
        Injection::ProseNoCases,
        Injection::ProseDocuments,
        Injection::ProsePercent,
        Injection::ProseFees,
    ];

    /// The rule id that must be among the findings.
    pub fn rule(self) -> &'static str {
        match self {
            Injection::RowSum => "T3-ROWSUM",
            Injection::Balance => "T3-BALANCE",
            Injection::Outcomes => "T3-OUTCOMES",
            Injection::Negative => "T3-NONNEG",
            Injection::GroupSum => "T4-GROUPSUM",
            Injection::DropSection => "S-SECTIONS",
            Injection::ParenNumbering => "S-NUMBERING",
            Injection::EditionYear => "E-EDITION-YEAR",
            Injection::MixedEditions => "E-MIXED",
            Injection::LateDepartment => "D-DEADLINE",
            Injection::ProseApplications => "N-APPLICATIONS",
            Injection::ProseNone => "N-NONE",
            Injection::ProseNoCases => "N-LITIGATION",
            Injection::ProseDocuments => "N-TABLE2",
            Injection::ProsePercent => "N-PERCENT",
            Injection::ProseFees => "N-FEES",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Injection::RowSum => "row_sum",
            Injection::Balance => "balance",
            Injection::Outcomes => "outcomes",
            Injection::Negative => "negative",
            Injection::GroupSum => "group_sum",
            Injection::DropSection => "drop_section",
            Injection::ParenNumbering => "paren_numbering",
            Injection::EditionYear => "edition_year",
            Injection::MixedEditions => "mixed_editions",
            Injection::LateDepartment => "late_department",
            Injection::ProseApplications => "prose_applications",
            Injection::ProseNone => "prose_none",
            Injection::ProseNoCases => "prose_no_cases",
            Injection::ProseDocuments => "prose_documents",
            Injection::ProsePercent => "prose_percent",
            Injection::ProseFees => "prose_fees",
        }
    }

    /// A report that carries this error (and is otherwise clean).
    pub fn generate<R: Rng + ?Sized>(self, rng: &mut R) -> SynthReport {
        let mut spec = Spec::default();
        match self {
            Injection::EditionYear => {
                spec.year = Some(rng.random_range(2021..=2024));
                spec.edition = Some(Edition::E2019);
            }
            Injection::MixedEditions => {
                let e = *Edition::ALL.choose(rng).unwrap_or(&Edition::E2021);
                spec.year = Some(match e {
                    Edition::E2019 => rng.random_range(2019..=2020),
                    Edition::E2021 => rng.random_range(2021..=2024),
                });
                spec.edition = Some(e);
                spec.table2_edition = Some(e.other());
            }
            Injection::LateDepartment => {
                let year = rng.random_range(2019..=2024);
                spec.year = Some(year);
                spec.body_kind = Some(BodyKind::Department);
                spec.published = Some(late_for_department(rng, year));
            }
            Injection::ProseFees => {
                // Only the 2021 edition has a row for applications dropped for the fee.
                spec.year = Some(rng.random_range(2021..=2024));
                spec.edition = Some(Edition::E2021);
            }
            _ => {}
        }
        let mut r = SynthReport::generate_with(rng, &spec);
        self.apply(&mut r, rng);
        r
    }

    fn apply<R: Rng + ?Sized>(self, r: &mut SynthReport, rng: &mut R) {
        let d = rng.random_range(1..=5);
        let col = rng.random_range(0..6);
        let keys_with = |role: Option<RowRole>| -> Vec<&'static str> {
            edition_def(r.edition)
                .table3
                .rows
                .iter()
                .filter(|x| role.is_none_or(|role| x.role == role))
                .map(|x| x.key)
                .collect()
        };
        match self {
            Injection::RowSum => {
                let key = keys_with(None).choose(rng).copied().unwrap_or("granted");
                if let Some(row) = r.t3_row_mut(key) {
                    row.values[col] += d;
                }
            }
            Injection::Balance => {
                if let Some(row) = r.t3_row_mut("new_received") {
                    row.values[col] += d;
                    row.values[6] += d;
                }
            }
            Injection::Outcomes => {
                let key = keys_with(Some(RowRole::Outcome))
                    .choose(rng)
                    .copied()
                    .unwrap_or("granted");
                if let Some(row) = r.t3_row_mut(key) {
                    row.values[col] += d;
                    row.values[6] += d;
                }
            }
            Injection::Negative => {
                let key = keys_with(None).choose(rng).copied().unwrap_or("granted");
                if let Some(row) = r.t3_row_mut(key) {
                    row.values[col] = -d;
                    row.values[6] = row.values[..6].iter().sum();
                }
            }
            Injection::GroupSum => {
                let g = rng.random_range(0..r.table4.len());
                if let Some(group) = r.table4.get_mut(g) {
                    group[4] += d;
                }
            }
            Injection::DropSection => {
                // A narrative section: the tables stay readable.
                let i = *[0usize, 4, 5].choose(rng).unwrap_or(&5);
                if let Some(p) = r.structure.present.get_mut(i) {
                    *p = false;
                }
            }
            Injection::ParenNumbering => r.structure.paren_numbering = true,
            Injection::EditionYear | Injection::MixedEditions | Injection::LateDepartment => {}
            Injection::ProseApplications => {
                ensure_applications(r);
                // Not the received and carried over together: that reading is accepted.
                let carried = r.t3_row(t3::row::CARRIED_OVER).map_or(0, |x| x.values[6]);
                let d = if d == carried { d + 1 } else { d };
                r.prose_error = Some(ProseError::Applications(d));
            }
            Injection::ProseNone => {
                ensure_applications(r);
                r.prose_error = Some(ProseError::NoneReceived);
            }
            Injection::ProseNoCases => {
                if r.table4.iter().all(|g| g[4] == 0) {
                    // One reconsideration (the first group of `T4_GROUPS`), upheld.
                    let review = &mut r.table4[0];
                    review[0] += 1;
                    review[4] += 1;
                }
                r.prose_error = Some(ProseError::NoCases);
            }
            Injection::ProseDocuments => r.prose_error = Some(ProseError::Documents(d)),
            Injection::ProsePercent => {
                ensure_applications(r);
                r.prose_error = Some(ProseError::Percent(rng.random_range(5..=20)));
            }
            Injection::ProseFees => {
                add_applications(r, t3::row::OTHER_UNPAID_FEE, 1);
                r.prose_error = Some(ProseError::FeesSilent);
            }
        }
    }
}

/// At least one application received this year and one granted (the tables' identities
/// kept).
fn ensure_applications(r: &mut SynthReport) {
    let none = |r: &SynthReport, key| r.t3_row(key).is_none_or(|x| x.values[6] == 0);
    if none(r, t3::row::NEW_RECEIVED) || none(r, t3::row::GRANTED) {
        add_applications(r, t3::row::GRANTED, 1);
    }
}

/// `n` more applications from natural persons, received this year and ended in `outcome`:
/// every identity of table 3 still holds.
fn add_applications(r: &mut SynthReport, outcome: &str, n: i64) {
    for key in [t3::row::NEW_RECEIVED, outcome, t3::row::TOTAL] {
        if let Some(row) = r.t3_row_mut(key) {
            row.values[0] += n;
            row.values[6] += n;
        }
    }
}
