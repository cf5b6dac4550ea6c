//! China's working-day calendar: the State Council's yearly holiday and make-up working day
//! (调休) arrangements, and counting statutory periods in working days.
//!
//! A date is a working day if a notice makes it a make-up working day, or if it is Monday to
//! Friday and no notice puts it inside a days-off period; every other date is a rest day. The
//! data ([`Calendar::china`]) covers 2018-12-29 to 2026-12-31, each year citing the
//! 《国务院办公厅关于YYYY年部分节假日安排的通知》 it comes from, with the two mid-year amendments
//! (2019 劳动节, 2020 春节).
//!
//! Invariants:
//! - pure data and arithmetic: no IO, no clock, no environment; "today" is never assumed;
//! - a date outside the data is [`OutOfRange`], never a guess from weekdays or patterns: a
//!   year is answered only once its notice is in the data;
//! - national arrangements only (no provincial or local days off).
//!
//! Caveat: a notice for year Y can reach back into late December of Y−1 (the 2019 notice made
//! 2018-12-29 a working day). The last days of the last year in the data are answered from that
//! year's notice alone, as the spec asks; a later notice could still change them.
//!
//! ```
//! use gongkai_calendar::{Calendar, DayKind};
//! use jiff::civil::date;
//!
//! let cal = Calendar::china();
//! // A make-up Sunday before National Day 2024 is a working day.
//! let day = cal.day(date(2024, 9, 29)).unwrap();
//! assert!(day.is_working_day());
//! assert!(matches!(day.kind, DayKind::MakeUpWorkday(_)));
//! // Received on Friday 2024-09-27: the 20th working day after it, skipping the holiday.
//! let due = cal.add_working_days(date(2024, 9, 27), 20, &[]).unwrap();
//! assert_eq!(due.due, date(2024, 10, 30));
//! // 2027 has no notice yet.
//! assert!(cal.day(date(2027, 1, 4)).is_err());
//! ```

mod data;

use jiff::civil::{Date, Weekday};
use std::fmt;

/// A festival named by the notices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Festival {
    /// 元旦
    NewYear,
    /// 春节
    SpringFestival,
    /// 清明节
    QingMing,
    /// 劳动节
    LabourDay,
    /// 端午节
    DragonBoat,
    /// 中秋节
    MidAutumn,
    /// 国庆节
    NationalDay,
}

impl Festival {
    /// Every festival, in calendar order.
    pub const ALL: [Festival; 7] = [
        Festival::NewYear,
        Festival::SpringFestival,
        Festival::QingMing,
        Festival::LabourDay,
        Festival::DragonBoat,
        Festival::MidAutumn,
        Festival::NationalDay,
    ];

    /// The name as the notices print it.
    pub fn name_zh(self) -> &'static str {
        match self {
            Festival::NewYear => "元旦",
            Festival::SpringFestival => "春节",
            Festival::QingMing => "清明节",
            Festival::LabourDay => "劳动节",
            Festival::DragonBoat => "端午节",
            Festival::MidAutumn => "中秋节",
            Festival::NationalDay => "国庆节",
        }
    }

    /// A stable English key.
    pub fn key(self) -> &'static str {
        match self {
            Festival::NewYear => "new_year",
            Festival::SpringFestival => "spring_festival",
            Festival::QingMing => "qingming",
            Festival::LabourDay => "labour_day",
            Festival::DragonBoat => "dragon_boat",
            Festival::MidAutumn => "mid_autumn",
            Festival::NationalDay => "national_day",
        }
    }

    /// The festival a Chinese name denotes.
    pub fn from_name_zh(name: &str) -> Option<Festival> {
        Festival::ALL.into_iter().find(|f| f.name_zh() == name)
    }
}

/// A State Council notice that fixes (or amends) a year's arrangements.
#[derive(Debug, PartialEq, Eq)]
pub struct Notice {
    /// Document number (`国办发明电〔2018〕15号`); `None` where no copy consulted prints one.
    pub number: Option<&'static str>,
    /// The title, without book-title marks.
    pub title: &'static str,
    /// The date the notice is dated.
    pub dated: Date,
    /// The gov.cn address, as the data sets that cite the notice give it.
    pub url: &'static str,
    /// Reposted copies the dates were compared against.
    pub copies: &'static [&'static str],
    /// What else the record should say (amendments, doubts about the number).
    pub note: &'static str,
}

impl Notice {
    /// The number if known, else the title and date: how the notice is cited.
    pub fn citation(&self) -> String {
        match self.number {
            Some(n) => n.to_owned(),
            None => format!("《{}》（{}）", self.title, self.dated),
        }
    }
}

/// One days-off period of a notice with the make-up working days that belong to it.
#[derive(Debug, PartialEq, Eq)]
pub struct Holiday {
    /// The festivals of the period, as the notice names them (two where merged: 国庆节、中秋节).
    pub festivals: &'static [Festival],
    /// First day off.
    pub first: Date,
    /// Last day off (inclusive).
    pub last: Date,
    /// Saturdays and Sundays made working days for this period (调休上班).
    pub make_up: &'static [Date],
    /// The notices the period comes from; a later amendment is listed after the notice it
    /// changes.
    pub sources: &'static [&'static Notice],
    /// 与周末连休, amendments and the like.
    pub note: &'static str,
}

impl Holiday {
    /// The period's name as the notices print it (`国庆节、中秋节`).
    pub fn name_zh(&self) -> String {
        self.festivals
            .iter()
            .map(|f| f.name_zh())
            .collect::<Vec<_>>()
            .join("、")
    }

    /// Whether `date` is one of the days off.
    pub fn contains(&self, date: Date) -> bool {
        self.first <= date && date <= self.last
    }

    /// Number of calendar days off, weekend days inside the range included.
    pub fn days(&self) -> i32 {
        self.first.until(self.last).map_or(0, |s| s.get_days()) + 1
    }

    /// The notices cited, joined (`国办发明电〔2019〕16号、国办发明电〔2020〕1号`).
    pub fn citation(&self) -> String {
        self.sources
            .iter()
            .map(|n| n.citation())
            .collect::<Vec<_>>()
            .join("、")
    }
}

/// One year's arrangements.
#[derive(Debug)]
pub struct Year {
    pub year: i16,
    /// The yearly notice first, then amendments.
    pub notices: &'static [&'static Notice],
    /// Days-off periods in date order.
    pub holidays: &'static [Holiday],
}

/// What a date is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayInfo {
    pub date: Date,
    pub kind: DayKind,
}

/// Why a date is, or is not, a working day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayKind {
    /// Monday to Friday outside any days-off period.
    Workday,
    /// Saturday or Sunday that no notice made a working day.
    Weekend,
    /// Inside a days-off period of a notice.
    Holiday(&'static Holiday),
    /// A Saturday or Sunday a notice made a working day for this period (调休上班).
    MakeUpWorkday(&'static Holiday),
}

impl DayInfo {
    pub fn is_working_day(&self) -> bool {
        matches!(self.kind, DayKind::Workday | DayKind::MakeUpWorkday(_))
    }

    /// The period this date belongs to, for holidays and make-up days.
    pub fn holiday(&self) -> Option<&'static Holiday> {
        match self.kind {
            DayKind::Holiday(h) | DayKind::MakeUpWorkday(h) => Some(h),
            DayKind::Workday | DayKind::Weekend => None,
        }
    }
}

/// 星期一 … 星期日.
pub fn weekday_zh(date: Date) -> &'static str {
    match date.weekday() {
        Weekday::Monday => "星期一",
        Weekday::Tuesday => "星期二",
        Weekday::Wednesday => "星期三",
        Weekday::Thursday => "星期四",
        Weekday::Friday => "星期五",
        Weekday::Saturday => "星期六",
        Weekday::Sunday => "星期日",
    }
}

impl fmt::Display for DayInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}：", self.date, weekday_zh(self.date))?;
        match self.kind {
            DayKind::Workday => f.write_str("工作日"),
            DayKind::Weekend => f.write_str("周末休息日"),
            DayKind::Holiday(h) => write!(
                f,
                "{}假期（{} 至 {}，{}）",
                h.name_zh(),
                h.first,
                h.last,
                h.citation()
            ),
            DayKind::MakeUpWorkday(h) => write!(
                f,
                "调休上班日，属{}假期安排（{}）",
                h.name_zh(),
                h.citation()
            ),
        }
    }
}

/// A date the data does not cover.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutOfRange {
    pub date: Date,
    /// First date the data covers.
    pub first: Date,
    /// Last date the data covers.
    pub last: Date,
}

impl fmt::Display for OutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} is outside the holiday data ({} – {}): no State Council notice for it is in the data",
            self.date, self.first, self.last
        )
    }
}

impl std::error::Error for OutOfRange {}

/// A problem in calendar data (see [`Calendar::from_static`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DataError {
    /// No year at all.
    Empty,
    /// Years must follow each other without a gap.
    YearsNotConsecutive { previous: i16, next: i16 },
    /// A year without its notice.
    NoNotice { year: i16 },
    /// A period that ends before it starts.
    InvertedPeriod { year: i16, first: Date, last: Date },
    /// Periods must be in date order and must not overlap.
    PeriodsOverlap { year: i16, at: Date },
    /// A date outside the span a year's notice may reach (December of the year before to the
    /// end of the year).
    OutsideYear { year: i16, date: Date },
    /// A make-up working day that is not a Saturday or Sunday, or lies inside days off.
    BadMakeUpDay { year: i16, date: Date },
    /// A period that cites no notice.
    NoSource { year: i16, first: Date },
    /// A year outside what dates can hold (1 to 9999).
    YearOutOfRange { year: i16 },
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DataError::Empty => f.write_str("the calendar data has no year"),
            DataError::YearsNotConsecutive { previous, next } => {
                write!(
                    f,
                    "year {next} follows {previous}: years must be consecutive"
                )
            }
            DataError::NoNotice { year } => write!(f, "year {year} cites no notice"),
            DataError::InvertedPeriod { year, first, last } => {
                write!(f, "{year}: period {first} – {last} ends before it starts")
            }
            DataError::PeriodsOverlap { year, at } => {
                write!(f, "{year}: periods overlap or are out of order at {at}")
            }
            DataError::OutsideYear { year, date } => {
                write!(f, "{year}: {date} is outside the span of the year's notice")
            }
            DataError::BadMakeUpDay { year, date } => write!(
                f,
                "{year}: make-up working day {date} is not a Saturday or Sunday outside the days off"
            ),
            DataError::NoSource { year, first } => {
                write!(f, "{year}: the period from {first} cites no notice")
            }
            DataError::YearOutOfRange { year } => write!(f, "year {year} is out of range"),
        }
    }
}

impl std::error::Error for DataError {}

/// An interval in which working days are not counted (a consultation, a suspension), both ends
/// included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pause {
    first: Date,
    last: Date,
    label: String,
}

/// A pause whose end is before its start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvertedPause {
    pub first: Date,
    pub last: Date,
}

impl fmt::Display for InvertedPause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "pause {} – {} ends before it starts",
            self.first, self.last
        )
    }
}

impl std::error::Error for InvertedPause {}

impl Pause {
    /// A pause from `first` to `last`, both included; `label` says what it is.
    pub fn new(first: Date, last: Date, label: impl Into<String>) -> Result<Pause, InvertedPause> {
        if last < first {
            return Err(InvertedPause { first, last });
        }
        Ok(Pause {
            first,
            last,
            label: label.into(),
        })
    }

    pub fn first(&self) -> Date {
        self.first
    }

    pub fn last(&self) -> Date {
        self.last
    }

    pub fn label(&self) -> &str {
        &self.label
    }

    pub fn contains(&self, date: Date) -> bool {
        self.first <= date && date <= self.last
    }
}

/// A day between the start and the due date that was not counted, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Skip {
    /// What the calendar says of the day.
    pub day: DayInfo,
    /// Index (into the pauses given) of the pause covering the day, if any. A day in a pause
    /// is skipped even when it is a working day.
    pub pause: Option<usize>,
}

impl Skip {
    pub fn date(&self) -> Date {
        self.day.date
    }
}

/// Why consecutive skipped days were skipped (see [`Due::skipped_runs`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SkipReason {
    Weekend,
    Holiday(&'static Holiday),
    /// Index into the pauses given.
    Paused(usize),
}

/// Consecutive skipped days with the same reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SkipRun {
    pub first: Date,
    pub last: Date,
    /// Number of days in the run.
    pub days: u32,
    pub reason: SkipReason,
}

/// The result of counting working days: the due date and how it was reached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Due {
    /// The day counting starts after (not counted itself).
    pub start: Date,
    /// Working days counted.
    pub working_days: u32,
    /// The last counted working day (the start itself when zero days are counted).
    pub due: Date,
    /// The working days counted, in order (`counted.len() == working_days`); make-up working
    /// days among them say so.
    pub counted: Vec<DayInfo>,
    /// Every day after the start up to the due date that was not counted.
    pub skipped: Vec<Skip>,
    /// The pauses the count was given (skips refer to them by index).
    pub pauses: Vec<Pause>,
}

impl Due {
    /// Skipped days grouped into runs of consecutive days with one reason: a pause first, then
    /// the period a holiday belongs to, then weekend.
    pub fn skipped_runs(&self) -> Vec<SkipRun> {
        let mut runs: Vec<SkipRun> = Vec::new();
        for s in &self.skipped {
            let reason = match (s.pause, s.day.kind) {
                (Some(i), _) => SkipReason::Paused(i),
                (None, DayKind::Holiday(h)) => SkipReason::Holiday(h),
                // Working days are only skipped inside a pause; keep the match total.
                (None, _) => SkipReason::Weekend,
            };
            if let Some(last) = runs.last_mut() {
                let next = last.last.tomorrow().ok();
                if last.reason == reason && next == Some(s.date()) {
                    last.last = s.date();
                    last.days += 1;
                    continue;
                }
            }
            runs.push(SkipRun {
                first: s.date(),
                last: s.date(),
                days: 1,
                reason,
            });
        }
        runs
    }
}

impl fmt::Display for Due {
    /// The due date, then one line per holiday or pause skipped, one line for the weekend
    /// days, one for the make-up working days counted (Chinese, for people).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} 起算（当日不计）第 {} 个工作日：{} {}",
            self.start,
            self.working_days,
            self.due,
            weekday_zh(self.due)
        )?;
        let mut weekend_days = 0;
        for run in self.skipped_runs() {
            let span = if run.first == run.last {
                format!("{}", run.first)
            } else {
                format!("{} 至 {}", run.first, run.last)
            };
            let why = match run.reason {
                SkipReason::Weekend => {
                    weekend_days += run.days;
                    continue;
                }
                SkipReason::Holiday(h) => format!("{}假期（{}）", h.name_zh(), h.citation()),
                SkipReason::Paused(i) => self
                    .pauses
                    .get(i)
                    .map_or_else(|| "暂停计算".to_owned(), |p| format!("不计算：{}", p.label)),
            };
            write!(f, "\n  跳过 {span}（{} 天）：{why}", run.days)?;
        }
        if weekend_days > 0 {
            write!(f, "\n  跳过周末 {weekend_days} 天")?;
        }
        let made_up: Vec<String> = self
            .counted
            .iter()
            .filter_map(|d| match d.kind {
                DayKind::MakeUpWorkday(h) => Some(format!("{}（{}调休上班）", d.date, h.name_zh())),
                _ => None,
            })
            .collect();
        if !made_up.is_empty() {
            write!(f, "\n  计入调休上班日：{}", made_up.join("、"))?;
        }
        Ok(())
    }
}

/// The working-day calendar over some years of notices.
#[derive(Clone, Copy, Debug)]
pub struct Calendar {
    years: &'static [Year],
}

impl Calendar {
    /// The national calendar built into this crate (2019–2026, see `src/data.rs`).
    pub fn china() -> Calendar {
        Calendar {
            years: &data::YEARS,
        }
    }

    /// A calendar over other data (a test, or a year added before a release), checked first.
    pub fn from_static(years: &'static [Year]) -> Result<Calendar, DataError> {
        validate(years)?;
        Ok(Calendar { years })
    }

    /// The years of the data.
    pub fn years(&self) -> &'static [Year] {
        self.years
    }

    /// The arrangements of one year, if the data has it.
    pub fn year(&self, year: i16) -> Option<&'static Year> {
        self.years.iter().find(|y| y.year == year)
    }

    /// First and last date covered (both included).
    pub fn coverage(&self) -> (Date, Date) {
        let first = self.years.first().map_or(Date::MIN, |y| {
            let jan1 = Date::constant(y.year, 1, 1);
            y.holidays
                .iter()
                .flat_map(|h| std::iter::once(h.first).chain(h.make_up.iter().copied()))
                .fold(jan1, Date::min)
        });
        let last = self
            .years
            .last()
            .map_or(Date::MIN, |y| Date::constant(y.year, 12, 31));
        (first, last)
    }

    fn check(&self, date: Date) -> Result<(), OutOfRange> {
        let (first, last) = self.coverage();
        if self.years.is_empty() || date < first || date > last {
            return Err(OutOfRange { date, first, last });
        }
        Ok(())
    }

    /// What `date` is: working day or not, and why.
    pub fn day(&self, date: Date) -> Result<DayInfo, OutOfRange> {
        self.check(date)?;
        // A notice reaches at most into the December before its year: look at this year and
        // the next.
        let years = self
            .years
            .iter()
            .filter(|y| y.year == date.year() || y.year == date.year().saturating_add(1));
        for y in years {
            for h in y.holidays {
                if h.contains(date) {
                    return Ok(DayInfo {
                        date,
                        kind: DayKind::Holiday(h),
                    });
                }
                if h.make_up.contains(&date) {
                    return Ok(DayInfo {
                        date,
                        kind: DayKind::MakeUpWorkday(h),
                    });
                }
            }
        }
        let kind = match date.weekday() {
            Weekday::Saturday | Weekday::Sunday => DayKind::Weekend,
            _ => DayKind::Workday,
        };
        Ok(DayInfo { date, kind })
    }

    /// Whether `date` is a working day.
    pub fn is_working_day(&self, date: Date) -> Result<bool, OutOfRange> {
        self.day(date).map(|d| d.is_working_day())
    }

    /// The `n`-th working day after `start` (the start itself not counted), skipping rest days
    /// and every day inside a pause. Fails if any day it has to look at is outside the data.
    pub fn add_working_days(
        &self,
        start: Date,
        n: u32,
        pauses: &[Pause],
    ) -> Result<Due, OutOfRange> {
        self.check(start)?;
        let mut counted = Vec::new();
        let mut skipped = Vec::new();
        let mut day = start;
        while counted.len() < n as usize {
            day = self.next(day)?;
            let info = self.day(day)?;
            let pause = pauses.iter().position(|p| p.contains(day));
            if pause.is_none() && info.is_working_day() {
                counted.push(info);
            } else {
                skipped.push(Skip { day: info, pause });
            }
        }
        Ok(Due {
            start,
            working_days: n,
            due: day,
            counted,
            skipped,
            pauses: pauses.to_vec(),
        })
    }

    /// Working days after `after` up to and including `through` (0 if `through <= after`).
    pub fn working_days_between(&self, after: Date, through: Date) -> Result<u32, OutOfRange> {
        let mut n = 0;
        let mut day = after;
        while day < through {
            day = self.next(day)?;
            if self.day(day)?.is_working_day() {
                n += 1;
            }
        }
        Ok(n)
    }

    fn next(&self, day: Date) -> Result<Date, OutOfRange> {
        let (first, last) = self.coverage();
        day.tomorrow().map_err(|_| OutOfRange {
            date: day,
            first,
            last,
        })
    }
}

/// [`Calendar::day`] on the built-in national calendar.
pub fn day(date: Date) -> Result<DayInfo, OutOfRange> {
    Calendar::china().day(date)
}

/// [`Calendar::add_working_days`] on the built-in national calendar.
pub fn add_working_days(start: Date, n: u32, pauses: &[Pause]) -> Result<Due, OutOfRange> {
    Calendar::china().add_working_days(start, n, pauses)
}

fn validate(years: &'static [Year]) -> Result<(), DataError> {
    if years.is_empty() {
        return Err(DataError::Empty);
    }
    for pair in years.windows(2) {
        if let [a, b] = pair
            && a.year.checked_add(1) != Some(b.year)
        {
            return Err(DataError::YearsNotConsecutive {
                previous: a.year,
                next: b.year,
            });
        }
    }
    // Checked first: the dates built below from the years must exist.
    if let Some(y) = years.iter().find(|y| !(1..=9999).contains(&y.year)) {
        return Err(DataError::YearOutOfRange { year: y.year });
    }
    let mut previous_last: Option<Date> = None;
    for y in years {
        if y.notices.is_empty() {
            return Err(DataError::NoNotice { year: y.year });
        }
        let span_first = Date::constant(y.year.saturating_sub(1), 12, 1);
        let span_last = Date::constant(y.year, 12, 31);
        for h in y.holidays {
            let year = y.year;
            if h.last < h.first {
                return Err(DataError::InvertedPeriod {
                    year,
                    first: h.first,
                    last: h.last,
                });
            }
            if h.sources.is_empty() {
                return Err(DataError::NoSource {
                    year,
                    first: h.first,
                });
            }
            if previous_last.is_some_and(|p| h.first <= p) {
                return Err(DataError::PeriodsOverlap { year, at: h.first });
            }
            previous_last = Some(h.last);
            for date in [h.first, h.last].iter().chain(h.make_up) {
                if *date < span_first || *date > span_last {
                    return Err(DataError::OutsideYear { year, date: *date });
                }
            }
            for &date in h.make_up {
                let weekend = matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday);
                let inside = years
                    .iter()
                    .flat_map(|y| y.holidays)
                    .any(|o| o.contains(date));
                if !weekend || inside {
                    return Err(DataError::BadMakeUpDay { year, date });
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use jiff::civil::date;

    #[test]
    fn the_built_in_data_is_valid() {
        validate(&data::YEARS).unwrap();
        assert_eq!(
            Calendar::china().coverage(),
            (date(2018, 12, 29), date(2026, 12, 31))
        );
    }

    #[test]
    fn period_length_spans_a_new_year() {
        let h = &data::YEARS[0].holidays[0];
        assert_eq!((h.first, h.days()), (date(2018, 12, 30), 3));
    }

    static BAD_WEEKDAY: [Holiday; 1] = [Holiday {
        festivals: &[Festival::NewYear],
        first: date(2030, 1, 1),
        last: date(2030, 1, 1),
        make_up: &[date(2030, 1, 2)],
        sources: &[],
        note: "",
    }];
    static BAD_WEEKDAY_NOTICE: Notice = Notice {
        number: None,
        title: "test",
        dated: date(2029, 11, 1),
        url: "",
        copies: &[],
        note: "",
    };
    static BAD_YEARS: [Year; 1] = [Year {
        year: 2030,
        notices: &[&BAD_WEEKDAY_NOTICE],
        holidays: &BAD_WEEKDAY,
    }];

    static YEAR_ZERO: [Year; 1] = [Year {
        year: 0,
        notices: &[&BAD_WEEKDAY_NOTICE],
        holidays: &[],
    }];

    #[test]
    fn bad_data_is_refused() {
        assert_eq!(
            Calendar::from_static(&YEAR_ZERO).unwrap_err(),
            DataError::YearOutOfRange { year: 0 }
        );
        // No source is the first problem found.
        assert_eq!(
            Calendar::from_static(&BAD_YEARS).unwrap_err(),
            DataError::NoSource {
                year: 2030,
                first: date(2030, 1, 1)
            }
        );
        assert_eq!(Calendar::from_static(&[]).unwrap_err(), DataError::Empty);
    }
}
