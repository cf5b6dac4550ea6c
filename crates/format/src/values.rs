//! How cell values are written.

/// Cell contents that mean "blank / not applicable": they read as 0 but the report keeps that
/// the source said so.
pub static BLANK_MARKERS: [&str; 7] = ["/", "-", "—", "–", "无", "空", "——"];

/// Words that give a signed change its sign (2019 本年增/减: `减3` = −3).
pub static SIGN_WORDS: [(&str, i8); 4] = [("增加", 1), ("减少", -1), ("增", 1), ("减", -1)];

/// A unit written inside or next to a money cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoneyUnit {
    /// 万元 — the unit of the format.
    Wan,
    /// 元 — must be divided by 10 000.
    Yuan,
}

impl MoneyUnit {
    /// Factor to convert to 万元.
    pub fn to_wan(self) -> f64 {
        match self {
            MoneyUnit::Wan => 1.0,
            MoneyUnit::Yuan => 0.0001,
        }
    }
}

/// Unit spellings, longest first.
pub static MONEY_UNITS: [(&str, MoneyUnit); 2] =
    [("万元", MoneyUnit::Wan), ("元", MoneyUnit::Yuan)];

/// Words that sites converting pages to traditional characters change, not only their
/// characters (mainland → Taiwan usage), as they read once converted back character by
/// character, with the word of the format they stand for. Both sides have as many characters,
/// so a document's offsets survive the mapping.
pub static TRADITIONAL_VOCABULARY: [(&str, &str); 2] = [("档案", "文件"), ("资讯", "信息")];
