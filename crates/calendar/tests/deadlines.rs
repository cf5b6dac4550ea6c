//! Known working-day counts across holidays and make-up days, counted by hand from the notices.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use gongkai_calendar::{Calendar, DayKind, Festival, Pause, SkipReason, add_working_days};
use jiff::civil::{Date, date};

struct Case {
    what: &'static str,
    start: Date,
    days: u32,
    pauses: &'static [(Date, Date)],
    due: Date,
}

const CASES: &[Case] = &[
    Case {
        what: "Friday before National Day 2024: make-up Sunday 09-29 and Saturday 10-12 count",
        start: date(2024, 9, 27),
        days: 20,
        pauses: &[],
        due: date(2024, 10, 30),
    },
    Case {
        what: "the same case extended by 20 working days (第三十三条)",
        start: date(2024, 9, 27),
        days: 40,
        pauses: &[],
        due: date(2024, 11, 27),
    },
    Case {
        what: "merged 中秋节、国庆节 2023, two make-up days right after",
        start: date(2023, 9, 28),
        days: 20,
        pauses: &[],
        due: date(2023, 11, 1),
    },
    Case {
        what: "Spring Festival 2024 (除夕 02-09 a working day, make-up Sunday 02-18)",
        start: date(2024, 2, 8),
        days: 20,
        pauses: &[],
        due: date(2024, 3, 13),
    },
    Case {
        what: "Spring Festival 2020 extended to 02-02: make-up Saturday 02-01 cancelled",
        start: date(2020, 1, 20),
        days: 20,
        pauses: &[],
        due: date(2020, 2, 25),
    },
    Case {
        what: "Spring Festival 2025: make-up Sunday 01-26 and Saturday 02-08",
        start: date(2025, 1, 24),
        days: 20,
        pauses: &[],
        due: date(2025, 2, 27),
    },
    Case {
        what: "correction within 7 working days across National Day 2022 (make-up 10-08, 10-09)",
        start: date(2022, 9, 30),
        days: 7,
        pauses: &[],
        due: date(2022, 10, 14),
    },
    Case {
        what: "no pause, March 2024",
        start: date(2024, 3, 4),
        days: 20,
        pauses: &[],
        due: date(2024, 4, 1),
    },
    Case {
        what: "a consultation week not counted, then 清明节 2024 and its make-up Sunday 04-07",
        start: date(2024, 3, 4),
        days: 20,
        pauses: &[(date(2024, 3, 11), date(2024, 3, 15))],
        due: date(2024, 4, 9),
    },
    Case {
        what: "received on a day off (online, confirmed during National Day 2024)",
        start: date(2024, 10, 3),
        days: 1,
        pauses: &[],
        due: date(2024, 10, 8),
    },
    Case {
        what: "zero days: the start itself",
        start: date(2024, 10, 3),
        days: 0,
        pauses: &[],
        due: date(2024, 10, 3),
    },
    Case {
        what: "from the first day of the data, a make-up Saturday, across 元旦 2019",
        start: date(2018, 12, 29),
        days: 1,
        pauses: &[],
        due: date(2019, 1, 2),
    },
];

fn pauses(c: &Case) -> Vec<Pause> {
    c.pauses
        .iter()
        .map(|&(a, b)| Pause::new(a, b, "征求意见").unwrap())
        .collect()
}

#[test]
fn known_deadlines() {
    for c in CASES {
        let due = add_working_days(c.start, c.days, &pauses(c)).unwrap();
        assert_eq!(due.due, c.due, "{}", c.what);
        assert_eq!(due.counted.len(), c.days as usize, "{}", c.what);
        // Every day between start and due is either counted or skipped, once.
        let mut all: Vec<Date> = due.counted.iter().map(|d| d.date).collect();
        all.extend(due.skipped.iter().map(|s| s.date()));
        all.sort();
        let mut expect = Vec::new();
        let mut d = c.start;
        while d < c.due {
            d = d.tomorrow().unwrap();
            expect.push(d);
        }
        assert_eq!(all, expect, "{}", c.what);
    }
}

#[test]
fn the_explanation_names_what_was_skipped() {
    let due = add_working_days(date(2024, 9, 27), 20, &[]).unwrap();
    let runs = due.skipped_runs();
    // Sat 09-28 weekend, 10-01..07 National Day, Sun 10-13, then the ordinary weekends.
    assert_eq!(runs[0].reason, SkipReason::Weekend);
    assert_eq!((runs[0].first, runs[0].days), (date(2024, 9, 28), 1));
    let SkipReason::Holiday(h) = runs[1].reason else {
        panic!("{:?}", runs[1])
    };
    assert_eq!(h.festivals, [Festival::NationalDay]);
    assert_eq!(
        (runs[1].first, runs[1].last, runs[1].days),
        (date(2024, 10, 1), date(2024, 10, 7), 7)
    );
    assert_eq!(runs[2].reason, SkipReason::Weekend);
    assert_eq!(runs[2].first, date(2024, 10, 13));
    let made_up: Vec<Date> = due
        .counted
        .iter()
        .filter(|d| matches!(d.kind, DayKind::MakeUpWorkday(_)))
        .map(|d| d.date)
        .collect();
    assert_eq!(made_up, [date(2024, 9, 29), date(2024, 10, 12)]);
    let text = due.to_string();
    assert!(
        text.contains("2024-10-01 至 2024-10-07（7 天）：国庆节假期（国办发明电〔2023〕7号）"),
        "{text}"
    );
    assert!(text.contains("2024-09-29（国庆节调休上班）"), "{text}");
}

#[test]
fn a_pause_is_reported_even_over_a_holiday() {
    let p = [Pause::new(date(2024, 4, 3), date(2024, 4, 8), "第三方征求意见").unwrap()];
    let due = add_working_days(date(2024, 4, 1), 3, &p).unwrap();
    // 04-02, 04-09, 04-10.
    assert_eq!(due.due, date(2024, 4, 10));
    let runs = due.skipped_runs();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].reason, SkipReason::Paused(0));
    assert_eq!(
        (runs[0].first, runs[0].last),
        (date(2024, 4, 3), date(2024, 4, 8))
    );
    // The calendar still says what each paused day was.
    assert!(matches!(due.skipped[1].day.kind, DayKind::Holiday(_)));
    assert!(due.to_string().contains("不计算：第三方征求意见"));
}

#[test]
fn counting_into_a_year_without_a_notice_is_an_error() {
    let e = add_working_days(date(2026, 12, 10), 20, &[]).unwrap_err();
    assert_eq!(e.date, date(2027, 1, 1));
    // A start outside the data is refused before anything is counted.
    let e = add_working_days(date(2027, 3, 1), 0, &[]).unwrap_err();
    assert_eq!(e.date, date(2027, 3, 1));
    let e = add_working_days(date(2018, 12, 28), 2, &[]).unwrap_err();
    assert_eq!(e.date, date(2018, 12, 28));
}

#[test]
fn inverted_pauses_are_refused() {
    assert!(Pause::new(date(2024, 3, 2), date(2024, 3, 1), "x").is_err());
}

#[test]
fn working_days_between_counts_the_far_end_only() {
    let cal = Calendar::china();
    assert_eq!(
        cal.working_days_between(date(2024, 9, 27), date(2024, 10, 30))
            .unwrap(),
        20
    );
    assert_eq!(
        cal.working_days_between(date(2024, 9, 27), date(2024, 9, 27))
            .unwrap(),
        0
    );
    assert_eq!(
        cal.working_days_between(date(2024, 10, 30), date(2024, 9, 27))
            .unwrap(),
        0
    );
    assert!(
        cal.working_days_between(date(2026, 12, 1), date(2027, 1, 5))
            .is_err()
    );
}
