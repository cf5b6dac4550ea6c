//! The two editions of the format and what each contains.

use crate::table2::{TABLE2_2019, TABLE2_2021, Table2Def};
use crate::table3::{TABLE3_2019, TABLE3_2021, Table3Def};
use crate::table4::{TABLE4, Table4Def};

/// An edition of the statutory format. The edition of a document is decided by the labels it
/// prints, never by its year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Edition {
    /// 国办公开办函〔2019〕60号 (trial format), report years 2019–2020.
    E2019,
    /// 国办公开办函〔2021〕30号, report years 2021 onward.
    E2021,
}

impl Edition {
    pub const ALL: [Edition; 2] = [Edition::E2019, Edition::E2021];

    pub fn as_str(self) -> &'static str {
        match self {
            Edition::E2019 => "2019",
            Edition::E2021 => "2021",
        }
    }

    pub fn parse(s: &str) -> Option<Edition> {
        match s {
            "2019" => Some(Edition::E2019),
            "2021" => Some(Edition::E2021),
            _ => None,
        }
    }

    /// The document that issued the edition.
    pub fn issued_by(self) -> &'static str {
        edition_def(self).issued_by
    }

    /// The edition a report for `year` must use.
    pub fn for_report_year(year: i32) -> Edition {
        if year >= 2021 {
            Edition::E2021
        } else {
            Edition::E2019
        }
    }

    pub fn other(self) -> Edition {
        match self {
            Edition::E2019 => Edition::E2021,
            Edition::E2021 => Edition::E2019,
        }
    }
}

impl std::fmt::Display for Edition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything one edition prescribes.
#[derive(Debug)]
pub struct EditionDef {
    pub edition: Edition,
    pub issued_by: &'static str,
    pub table2: &'static Table2Def,
    pub table3: &'static Table3Def,
    pub table4: &'static Table4Def,
}

static E2019: EditionDef = EditionDef {
    edition: Edition::E2019,
    issued_by: "国办公开办函〔2019〕60号",
    table2: &TABLE2_2019,
    table3: &TABLE3_2019,
    table4: &TABLE4,
};

static E2021: EditionDef = EditionDef {
    edition: Edition::E2021,
    issued_by: "国办公开办函〔2021〕30号",
    table2: &TABLE2_2021,
    table3: &TABLE3_2021,
    table4: &TABLE4,
};

pub fn edition_def(edition: Edition) -> &'static EditionDef {
    match edition {
        Edition::E2019 => &E2019,
        Edition::E2021 => &E2021,
    }
}
