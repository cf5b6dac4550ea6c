//! The data against the spec and against an independent source.
//!
//! `data/holidays.md` is a copy of the project's cross-checked list (from the notices, with
//! the two amendments). Its tables are parsed here, so every holiday and every make-up working
//! day of 2019–2026 is compared with `src/data.rs`, which was typed separately.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use gongkai_calendar::{Calendar, DayKind, Festival};
use jiff::civil::{Date, Weekday, date};
use std::collections::BTreeSet;

const SPEC: &str = include_str!("../data/holidays.md");

/// Every `YYYY-MM-DD` in `s`, with the weekday printed after it (`(Sat)`, `(Tue, 除夕)`), if any.
fn iso_dates(s: &str) -> Vec<(Date, Option<String>)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 10 <= b.len() {
        let w = &b[i..i + 10];
        let shape = w.iter().enumerate().all(|(k, c)| {
            if k == 4 || k == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
        let boundary = i == 0 || !b[i - 1].is_ascii_digit();
        if shape && boundary {
            let d: Date = s[i..i + 10].parse().unwrap();
            let rest = &s[i + 10..];
            let wd = rest
                .strip_prefix(" (")
                .map(|r| r.chars().take(3).collect::<String>());
            out.push((d, wd));
            i += 10;
        } else {
            i += 1;
        }
    }
    out
}

fn weekday_en(d: Date) -> &'static str {
    match d.weekday() {
        Weekday::Monday => "Mon",
        Weekday::Tuesday => "Tue",
        Weekday::Wednesday => "Wed",
        Weekday::Thursday => "Thu",
        Weekday::Friday => "Fri",
        Weekday::Saturday => "Sat",
        Weekday::Sunday => "Sun",
    }
}

/// Dates of a cell, each with its printed weekday checked.
fn checked_dates(cell: &str) -> Vec<Date> {
    iso_dates(cell)
        .into_iter()
        .map(|(d, wd)| {
            if let Some(wd) = wd {
                assert_eq!(wd, weekday_en(d), "weekday printed for {d} in `{cell}`");
            }
            d
        })
        .collect()
}

/// Remove `~~struck~~` text (a cancelled make-up day).
fn unstruck(s: &str) -> String {
    let mut out = String::new();
    for (i, part) in s.split("~~").enumerate() {
        if i % 2 == 0 {
            out.push_str(part);
        }
    }
    out
}

#[derive(Debug, PartialEq)]
struct SpecPeriod {
    festivals: Vec<Festival>,
    first: Date,
    last: Date,
    days: i32,
    make_up: Vec<Date>,
}

struct SpecYear {
    year: i16,
    periods: Vec<SpecPeriod>,
    total_off: i32,
    total_make_up: usize,
}

fn spec_years() -> Vec<SpecYear> {
    let mut years: Vec<SpecYear> = Vec::new();
    for line in SPEC.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            match h.parse::<i16>() {
                Ok(year) if h.len() == 4 => years.push(SpecYear {
                    year,
                    periods: Vec::new(),
                    total_off: -1,
                    total_make_up: usize::MAX,
                }),
                // The sections after the years (at a glance, sources) end the tables.
                _ if !years.is_empty() => break,
                _ => {}
            }
            continue;
        }
        let Some(y) = years.last_mut() else { continue };
        if let Some(t) = line.strip_prefix("Totals: ") {
            let nums: Vec<i64> = t
                .split(|c: char| !c.is_ascii_digit())
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().unwrap())
                .collect();
            y.total_off = i32::try_from(nums[0]).unwrap();
            y.total_make_up = usize::try_from(nums[1]).unwrap();
            continue;
        }
        if !line.starts_with("| ") || line.starts_with("| holiday") {
            continue;
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let (name, off, make_up) = (cells[1], cells[2], cells[3]);
        let festivals = name
            .trim_end_matches(" (merged)")
            .split('、')
            .map(|n| Festival::from_name_zh(n).unwrap_or_else(|| panic!("festival {n}")))
            .collect();
        // "A (Xxx) – B (Xxx), N days …": the dates and N before the first " day".
        let head = &off[..off.find(" day").expect("a day count")];
        let dates = checked_dates(head);
        let days: i32 = head.rsplit(' ').next().unwrap().parse().unwrap();
        let (first, last) = match dates.as_slice() {
            [one] => (*one, *one),
            [a, b] => (*a, *b),
            other => panic!("dates {other:?} in `{off}`"),
        };
        y.periods.push(SpecPeriod {
            festivals,
            first,
            last,
            days,
            make_up: checked_dates(&unstruck(make_up)),
        });
    }
    years
}

#[test]
fn every_holiday_and_make_up_day_matches_the_spec() {
    let cal = Calendar::china();
    let spec = spec_years();
    assert_eq!(
        spec.iter().map(|y| y.year).collect::<Vec<_>>(),
        (2019..=2026).collect::<Vec<_>>()
    );
    assert_eq!(cal.years().len(), spec.len());
    for (sy, y) in spec.iter().zip(cal.years()) {
        assert_eq!(sy.year, y.year);
        assert_eq!(sy.periods.len(), y.holidays.len(), "{}: periods", y.year);
        for (sp, h) in sy.periods.iter().zip(y.holidays) {
            let ours = SpecPeriod {
                festivals: h.festivals.to_vec(),
                first: h.first,
                last: h.last,
                days: h.days(),
                make_up: h.make_up.to_vec(),
            };
            assert_eq!(&ours, sp, "{}: {}", y.year, h.name_zh());
            // And day by day through the public API.
            let mut d = h.first;
            while d <= h.last {
                assert_eq!(cal.day(d).unwrap().kind, DayKind::Holiday(h), "{d}");
                d = d.tomorrow().unwrap();
            }
            for &m in h.make_up {
                assert_eq!(cal.day(m).unwrap().kind, DayKind::MakeUpWorkday(h), "{m}");
                assert!(cal.is_working_day(m).unwrap());
            }
        }
        let off: i32 = y.holidays.iter().map(|h| h.days()).sum();
        let make_up: usize = y.holidays.iter().map(|h| h.make_up.len()).sum();
        assert_eq!(
            (off, make_up),
            (sy.total_off, sy.total_make_up),
            "{} totals",
            y.year
        );
    }
}

#[test]
fn the_at_a_glance_list_of_make_up_days_matches() {
    let cal = Calendar::china();
    let section = SPEC
        .split("## All make-up working days at a glance")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .unwrap();
    let mut seen = 0;
    for line in section.lines() {
        let Some(rest) = line.strip_prefix("- ") else {
            continue;
        };
        let (year, list) = rest.split_once(": ").unwrap();
        let year: i16 = year.parse().unwrap();
        // Drop "(02-01 Sat cancelled)".
        let list = list.split(" (").next().unwrap();
        let listed: BTreeSet<Date> = list
            .split(", ")
            .map(|item| {
                let (d, wd) = item.split_once(' ').unwrap();
                let d: Date = if d.len() == 10 {
                    d.parse().unwrap()
                } else {
                    format!("{year}-{d}").parse().unwrap()
                };
                assert_eq!(wd, weekday_en(d), "{item}");
                d
            })
            .collect();
        let ours: BTreeSet<Date> = cal
            .year(year)
            .unwrap()
            .holidays
            .iter()
            .flat_map(|h| h.make_up.iter().copied())
            .collect();
        assert_eq!(listed, ours, "{year}");
        seen += 1;
    }
    assert_eq!(seen, 8);
}

#[test]
fn every_year_cites_its_notice() {
    let cal = Calendar::china();
    for y in cal.years() {
        let main = y.notices[0];
        assert!(main.title.contains(&format!("{}年部分节假日安排", y.year)));
        assert!(main.url.contains("gov.cn"), "{}", main.url);
        assert!(
            main.dated.year() == y.year - 1,
            "{} notice dated {}",
            y.year,
            main.dated
        );
        for h in y.holidays {
            assert!(
                h.sources.iter().all(|n| y.notices.contains(n)),
                "{} {} cites a notice the year does not list",
                y.year,
                h.name_zh()
            );
        }
    }
    // The two amendments are cited by the periods they changed.
    let labour = &cal.year(2019).unwrap().holidays[3];
    assert_eq!(labour.citation(), "国办发明电〔2019〕3号");
    let spring = &cal.year(2020).unwrap().holidays[1];
    assert_eq!(
        spring.citation(),
        "国办发明电〔2019〕16号、国办发明电〔2020〕1号"
    );
    // 2026: no number printed by any copy consulted.
    assert_eq!(cal.year(2026).unwrap().notices[0].number, None);
}

#[test]
fn dates_outside_the_data_are_refused() {
    let cal = Calendar::china();
    for d in [date(2018, 12, 28), date(2027, 1, 1), date(2010, 6, 1)] {
        let e = cal.day(d).unwrap_err();
        assert_eq!(e.date, d);
        assert_eq!((e.first, e.last), (date(2018, 12, 29), date(2026, 12, 31)));
    }
    assert!(cal.day(date(2018, 12, 29)).unwrap().is_working_day());
    assert!(cal.day(date(2026, 12, 31)).unwrap().is_working_day());
}

/// The festival `chinese_holiday` names, if any.
fn their_festival(k: chinese_holiday::DayKind) -> Option<Festival> {
    use chinese_holiday::DayKind as K;
    Some(match k {
        K::NewYearsDayHoliday | K::NewYearsDayWorkday => Festival::NewYear,
        K::SpringFestivalHoliday | K::SpringFestivalWorkday => Festival::SpringFestival,
        K::ChingMingFestivalHoliday | K::ChingMingFestivalWorkday => Festival::QingMing,
        K::InternationalWorkersDayHoliday | K::InternationalWorkersDayWorkday => {
            Festival::LabourDay
        }
        K::DragonBoatFestivalHoliday | K::DragonBoatFestivalWorkday => Festival::DragonBoat,
        K::MidAutumnFestivalHoliday | K::MidAutumnFestivalWorkday => Festival::MidAutumn,
        K::NationalDayHoliday | K::NationalDayWorkday => Festival::NationalDay,
        K::NormalWorkday | K::NormalHoliday | K::OtherHoliday | K::OtherWorkday => return None,
    })
}

/// The crate asserts (panics) on any date after this one.
const THEIR_LAST: Date = date(2026, 12, 25);

/// Days the independent source marks as festival days off that are plain weekend days here:
/// the weekends joined to 2019's single-day holidays (holidays.md, cross-checks 3 and 4).
/// The working-day answer is the same.
const JOINED_WEEKENDS_2019: [Date; 6] = [
    date(2019, 4, 6),
    date(2019, 4, 7),
    date(2019, 6, 8),
    date(2019, 6, 9),
    date(2019, 9, 14),
    date(2019, 9, 15),
];

#[test]
fn agrees_with_the_chinese_holiday_crate_on_every_date() {
    let cal = Calendar::china();
    let (first, _) = cal.coverage();
    let mut d = first;
    let mut checked = 0;
    let mut make_up = 0;
    while d <= THEIR_LAST {
        let (y, m, dd) = (d.year(), d.month(), d.day());
        let theirs = chinese_holiday::chinese_holiday((
            u16::try_from(y).unwrap(),
            u8::try_from(m).unwrap(),
            u8::try_from(dd).unwrap(),
        ));
        let ours = cal.day(d).unwrap();
        assert_eq!(
            ours.is_working_day(),
            theirs.is_workday(),
            "{d}: {theirs:?}"
        );
        match ours.kind {
            DayKind::Workday | DayKind::Weekend => {
                if JOINED_WEEKENDS_2019.contains(&d) {
                    assert!(theirs.is_holiday() && their_festival(theirs).is_some());
                } else {
                    assert!(
                        matches!(
                            theirs,
                            chinese_holiday::DayKind::NormalWorkday
                                | chinese_holiday::DayKind::NormalHoliday
                        ),
                        "{d}: plain day here, {theirs:?} there"
                    );
                }
            }
            DayKind::Holiday(h) | DayKind::MakeUpWorkday(h) => {
                if matches!(ours.kind, DayKind::MakeUpWorkday(_)) {
                    make_up += 1;
                }
                let f = their_festival(theirs);
                assert!(
                    f.is_some_and(|f| h.festivals.contains(&f)),
                    "{d}: {} here, {theirs:?} there",
                    h.name_zh()
                );
            }
        }
        checked += 1;
        d = d.tomorrow().unwrap();
    }
    // 2018-12-29 … 2026-12-25, and every make-up day of the data is in that span.
    assert_eq!(checked, 2919);
    assert_eq!(make_up, 7 + 6 + 7 + 7 + 7 + 8 + 5 + 6);
}

#[test]
fn the_2020_extension_cancelled_a_make_up_day() {
    let cal = Calendar::china();
    let d = cal.day(date(2020, 2, 1)).unwrap();
    assert!(!d.is_working_day());
    assert!(matches!(d.kind, DayKind::Holiday(h) if h.festivals == [Festival::SpringFestival]));
    // The resumption day is an ordinary Monday, not a make-up day.
    assert_eq!(cal.day(date(2020, 2, 3)).unwrap().kind, DayKind::Workday);
    // 除夕 2024 was a working day.
    assert_eq!(cal.day(date(2024, 2, 9)).unwrap().kind, DayKind::Workday);
}
