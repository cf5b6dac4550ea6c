//! The State Council's holiday arrangements, 2019–2026, copied from the notices.
//!
//! This file is the data; nothing else in the crate holds a date. Each year cites the notice
//! it comes from, and the two mid-year amendments are cited by the periods they changed.
//! If this file and a notice ever disagree, the notice wins and this file must be fixed.
//!
//! Written as Rust statics rather than a parsed data file: a typo in a date is a compile error
//! (`jiff::civil::date` is checked at compile time), there is no parse step that could fail at
//! run time, and no parser dependency. `tests/holidays.rs` checks every entry against the
//! spec (`data/holidays.md`, a copy of the project's cross-checked list) and against an
//! independent crate.
//!
//! To add a year: copy the new notice's periods and make-up days below, cite the notice, add
//! the year to [`YEARS`], and add its section to `data/holidays.md`. A notice for year Y may
//! reach back into late December of Y−1 (the 2019 notice made 2018-12-29 a working day).

use crate::{Festival, Holiday, Notice, Year};
use jiff::civil::{Date, date};

use Festival::{DragonBoat, LabourDay, MidAutumn, NationalDay, NewYear, QingMing, SpringFestival};

const fn d(y: i16, m: i8, day: i8) -> Date {
    date(y, m, day)
}

const fn period(
    festivals: &'static [Festival],
    first: Date,
    last: Date,
    make_up: &'static [Date],
    sources: &'static [&'static Notice],
) -> Holiday {
    Holiday {
        festivals,
        first,
        last,
        make_up,
        sources,
        note: "",
    }
}

// ---- notices ------------------------------------------------------------------------------

static N2019: Notice = Notice {
    number: Some("国办发明电〔2018〕15号"),
    title: "国务院办公厅关于2019年部分节假日安排的通知",
    dated: d(2018, 12, 4),
    url: "http://www.gov.cn/xinwen/2018-12/06/content_5346287.htm",
    copies: &[
        "http://czj.gnzrmzf.gov.cn/info/1282/12573.htm",
        "http://news.china.com.cn/txt/2018-12/06/content_74247818.htm",
    ],
    note: "",
};

static N2019_LABOUR: Notice = Notice {
    number: Some("国办发明电〔2019〕3号"),
    title: "国务院办公厅关于调整2019年劳动节假期安排的通知",
    dated: d(2019, 3, 22),
    url: "http://www.gov.cn/zhengce/content/2019-03/22/content_5375877.htm",
    copies: &[
        "http://www.hxnews.com/news/gn/szxw/201903/22/1727059.shtml",
        "http://yongzhoudao.com/news/17259.html",
    ],
    note: "replaces item 4 of 国办发明电〔2018〕15号 (originally 5月1日放假, one day, no make-up day)",
};

static N2020: Notice = Notice {
    number: Some("国办发明电〔2019〕16号"),
    title: "国务院办公厅关于2020年部分节假日安排的通知",
    dated: d(2019, 11, 21),
    url: "http://www.gov.cn/zhengce/content/2019-11/21/content_5454164.htm",
    copies: &[
        "http://sh.banjia.la/news/45367.html",
        "http://kaixinit.com/news/3681.html",
    ],
    note: "",
};

static N2020_SPRING: Notice = Notice {
    number: Some("国办发明电〔2020〕1号"),
    title: "国务院办公厅关于延长2020年春节假期的通知",
    dated: d(2020, 1, 26),
    url: "http://www.gov.cn/zhengce/content/2020-01/27/content_5472352.htm",
    copies: &[
        "https://www.farmer.com.cn/2020/01/27/99847578.html",
        "http://www.yestaryl.com/law/1/34304.html",
    ],
    note: "published 2020-01-27; extends 春节 to 2月2日, work resumes 2月3日; the make-up day 2020-02-01 becomes a day off",
};

static N2021: Notice = Notice {
    number: Some("国办发明电〔2020〕27号"),
    title: "国务院办公厅关于2021年部分节假日安排的通知",
    dated: d(2020, 11, 25),
    url: "http://www.gov.cn/zhengce/content/2020-11/25/content_5564127.htm",
    copies: &[
        "http://www.cncaprc.cn/?c=i&a=lList_mod&myid=3&id=3366",
        "https://crainternational.com.cn/infor/view?id=5299",
    ],
    note: "",
};

static N2022: Notice = Notice {
    number: Some("国办发明电〔2021〕11号"),
    title: "国务院办公厅关于2022年部分节假日安排的通知",
    dated: d(2021, 10, 25),
    url: "http://www.gov.cn/zhengce/content/2021-10/25/content_5644835.htm",
    copies: &[
        "http://www.beijing.gov.cn/zhengce/zhengcefagui/202110/t20211026_2520500.html",
        "http://hxnews.com/news/gn/gnxw/202110/26/2027632.shtml",
    ],
    note: "",
};

static N2023: Notice = Notice {
    number: Some("国办发明电〔2022〕16号"),
    title: "国务院办公厅关于2023年部分节假日安排的通知",
    dated: d(2022, 12, 8),
    url: "http://www.gov.cn/zhengce/content/2022-12/08/content_5730844.htm",
    copies: &[
        "国务院公报 2023年第1号",
        "http://big5.china.com.cn/gate/big5/news.china.com.cn/2022-12/09/content_85004315.htm",
    ],
    note: "",
};

static N2024: Notice = Notice {
    number: Some("国办发明电〔2023〕7号"),
    title: "国务院办公厅关于2024年部分节假日安排的通知",
    dated: d(2023, 10, 25),
    url: "https://www.gov.cn/zhengce/content/202310/content_6911527.htm",
    copies: &[
        "http://paper.people.com.cn/rmrb/html/2023-10/26/nw.D110000renmrb_20231026_3-06.htm",
        "国务院公报 2023年第31号",
    ],
    note: "除夕 2024-02-09 (Fri) is a working day: the notice only encourages employers to let staff rest",
};

static N2025: Notice = Notice {
    number: Some("国办发明电〔2024〕12号"),
    title: "国务院办公厅关于2025年部分节假日安排的通知",
    dated: d(2024, 11, 12),
    url: "https://www.gov.cn/zhengce/content/202411/content_6986382.htm",
    copies: &["https://m.gmw.cn/2024-11/12/content_1303894933.htm"],
    note: "first year under 国务院令第795号 (春节 4 statutory days, 劳动节 2); the number is printed by one reposted copy only",
};

static N2026: Notice = Notice {
    number: None,
    title: "国务院办公厅关于2026年部分节假日安排的通知",
    dated: d(2025, 11, 4),
    url: "https://www.gov.cn/zhengce/content/202511/content_7047090.htm",
    copies: &[
        "https://politics.gmw.cn/2025-11-04/content_38391083.htm",
        "https://epaper.zsnews.cn/epaper/zsrb/paperdate/20251105/part/1/articleid/3.html",
    ],
    note: "cited elsewhere as 国办发明电〔2025〕7号, but no copy consulted prints a number",
};

// ---- periods ------------------------------------------------------------------------------

static Y2019: [Holiday; 7] = [
    period(
        &[NewYear],
        d(2018, 12, 30),
        d(2019, 1, 1),
        &[d(2018, 12, 29)],
        &[&N2019],
    ),
    period(
        &[SpringFestival],
        d(2019, 2, 4),
        d(2019, 2, 10),
        &[d(2019, 2, 2), d(2019, 2, 3)],
        &[&N2019],
    ),
    Holiday {
        note: "与周末连休",
        ..period(&[QingMing], d(2019, 4, 5), d(2019, 4, 5), &[], &[&N2019])
    },
    Holiday {
        note: "changed by 国办发明电〔2019〕3号",
        ..period(
            &[LabourDay],
            d(2019, 5, 1),
            d(2019, 5, 4),
            &[d(2019, 4, 28), d(2019, 5, 5)],
            &[&N2019_LABOUR],
        )
    },
    Holiday {
        note: "与周末连休",
        ..period(&[DragonBoat], d(2019, 6, 7), d(2019, 6, 7), &[], &[&N2019])
    },
    Holiday {
        note: "与周末连休",
        ..period(&[MidAutumn], d(2019, 9, 13), d(2019, 9, 13), &[], &[&N2019])
    },
    period(
        &[NationalDay],
        d(2019, 10, 1),
        d(2019, 10, 7),
        &[d(2019, 9, 29), d(2019, 10, 12)],
        &[&N2019],
    ),
];

static Y2020: [Holiday; 6] = [
    period(&[NewYear], d(2020, 1, 1), d(2020, 1, 1), &[], &[&N2020]),
    Holiday {
        note: "originally 01-24 – 01-30 with make-up days 01-19 and 02-01; extended to 02-02 by 国办发明电〔2020〕1号, which cancelled the make-up day 02-01",
        ..period(
            &[SpringFestival],
            d(2020, 1, 24),
            d(2020, 2, 2),
            &[d(2020, 1, 19)],
            &[&N2020, &N2020_SPRING],
        )
    },
    period(&[QingMing], d(2020, 4, 4), d(2020, 4, 6), &[], &[&N2020]),
    period(
        &[LabourDay],
        d(2020, 5, 1),
        d(2020, 5, 5),
        &[d(2020, 4, 26), d(2020, 5, 9)],
        &[&N2020],
    ),
    period(
        &[DragonBoat],
        d(2020, 6, 25),
        d(2020, 6, 27),
        &[d(2020, 6, 28)],
        &[&N2020],
    ),
    period(
        &[NationalDay, MidAutumn],
        d(2020, 10, 1),
        d(2020, 10, 8),
        &[d(2020, 9, 27), d(2020, 10, 10)],
        &[&N2020],
    ),
];

static Y2021: [Holiday; 7] = [
    period(&[NewYear], d(2021, 1, 1), d(2021, 1, 3), &[], &[&N2021]),
    period(
        &[SpringFestival],
        d(2021, 2, 11),
        d(2021, 2, 17),
        &[d(2021, 2, 7), d(2021, 2, 20)],
        &[&N2021],
    ),
    period(&[QingMing], d(2021, 4, 3), d(2021, 4, 5), &[], &[&N2021]),
    period(
        &[LabourDay],
        d(2021, 5, 1),
        d(2021, 5, 5),
        &[d(2021, 4, 25), d(2021, 5, 8)],
        &[&N2021],
    ),
    period(
        &[DragonBoat],
        d(2021, 6, 12),
        d(2021, 6, 14),
        &[],
        &[&N2021],
    ),
    period(
        &[MidAutumn],
        d(2021, 9, 19),
        d(2021, 9, 21),
        &[d(2021, 9, 18)],
        &[&N2021],
    ),
    period(
        &[NationalDay],
        d(2021, 10, 1),
        d(2021, 10, 7),
        &[d(2021, 9, 26), d(2021, 10, 9)],
        &[&N2021],
    ),
];

static Y2022: [Holiday; 7] = [
    period(&[NewYear], d(2022, 1, 1), d(2022, 1, 3), &[], &[&N2022]),
    period(
        &[SpringFestival],
        d(2022, 1, 31),
        d(2022, 2, 6),
        &[d(2022, 1, 29), d(2022, 1, 30)],
        &[&N2022],
    ),
    period(
        &[QingMing],
        d(2022, 4, 3),
        d(2022, 4, 5),
        &[d(2022, 4, 2)],
        &[&N2022],
    ),
    period(
        &[LabourDay],
        d(2022, 4, 30),
        d(2022, 5, 4),
        &[d(2022, 4, 24), d(2022, 5, 7)],
        &[&N2022],
    ),
    period(&[DragonBoat], d(2022, 6, 3), d(2022, 6, 5), &[], &[&N2022]),
    period(&[MidAutumn], d(2022, 9, 10), d(2022, 9, 12), &[], &[&N2022]),
    period(
        &[NationalDay],
        d(2022, 10, 1),
        d(2022, 10, 7),
        &[d(2022, 10, 8), d(2022, 10, 9)],
        &[&N2022],
    ),
];

static Y2023: [Holiday; 6] = [
    period(&[NewYear], d(2022, 12, 31), d(2023, 1, 2), &[], &[&N2023]),
    period(
        &[SpringFestival],
        d(2023, 1, 21),
        d(2023, 1, 27),
        &[d(2023, 1, 28), d(2023, 1, 29)],
        &[&N2023],
    ),
    period(&[QingMing], d(2023, 4, 5), d(2023, 4, 5), &[], &[&N2023]),
    period(
        &[LabourDay],
        d(2023, 4, 29),
        d(2023, 5, 3),
        &[d(2023, 4, 23), d(2023, 5, 6)],
        &[&N2023],
    ),
    period(
        &[DragonBoat],
        d(2023, 6, 22),
        d(2023, 6, 24),
        &[d(2023, 6, 25)],
        &[&N2023],
    ),
    period(
        &[MidAutumn, NationalDay],
        d(2023, 9, 29),
        d(2023, 10, 6),
        &[d(2023, 10, 7), d(2023, 10, 8)],
        &[&N2023],
    ),
];

static Y2024: [Holiday; 7] = [
    Holiday {
        note: "与周末连休 (off Sat 2023-12-30 – Mon 2024-01-01)",
        ..period(&[NewYear], d(2024, 1, 1), d(2024, 1, 1), &[], &[&N2024])
    },
    period(
        &[SpringFestival],
        d(2024, 2, 10),
        d(2024, 2, 17),
        &[d(2024, 2, 4), d(2024, 2, 18)],
        &[&N2024],
    ),
    period(
        &[QingMing],
        d(2024, 4, 4),
        d(2024, 4, 6),
        &[d(2024, 4, 7)],
        &[&N2024],
    ),
    period(
        &[LabourDay],
        d(2024, 5, 1),
        d(2024, 5, 5),
        &[d(2024, 4, 28), d(2024, 5, 11)],
        &[&N2024],
    ),
    Holiday {
        note: "与周末连休 (off Sat 06-08 – Mon 06-10)",
        ..period(
            &[DragonBoat],
            d(2024, 6, 10),
            d(2024, 6, 10),
            &[],
            &[&N2024],
        )
    },
    period(
        &[MidAutumn],
        d(2024, 9, 15),
        d(2024, 9, 17),
        &[d(2024, 9, 14)],
        &[&N2024],
    ),
    period(
        &[NationalDay],
        d(2024, 10, 1),
        d(2024, 10, 7),
        &[d(2024, 9, 29), d(2024, 10, 12)],
        &[&N2024],
    ),
];

static Y2025: [Holiday; 6] = [
    Holiday {
        note: "不调休",
        ..period(&[NewYear], d(2025, 1, 1), d(2025, 1, 1), &[], &[&N2025])
    },
    period(
        &[SpringFestival],
        d(2025, 1, 28),
        d(2025, 2, 4),
        &[d(2025, 1, 26), d(2025, 2, 8)],
        &[&N2025],
    ),
    period(&[QingMing], d(2025, 4, 4), d(2025, 4, 6), &[], &[&N2025]),
    period(
        &[LabourDay],
        d(2025, 5, 1),
        d(2025, 5, 5),
        &[d(2025, 4, 27)],
        &[&N2025],
    ),
    period(&[DragonBoat], d(2025, 5, 31), d(2025, 6, 2), &[], &[&N2025]),
    period(
        &[NationalDay, MidAutumn],
        d(2025, 10, 1),
        d(2025, 10, 8),
        &[d(2025, 9, 28), d(2025, 10, 11)],
        &[&N2025],
    ),
];

static Y2026: [Holiday; 7] = [
    period(
        &[NewYear],
        d(2026, 1, 1),
        d(2026, 1, 3),
        &[d(2026, 1, 4)],
        &[&N2026],
    ),
    period(
        &[SpringFestival],
        d(2026, 2, 15),
        d(2026, 2, 23),
        &[d(2026, 2, 14), d(2026, 2, 28)],
        &[&N2026],
    ),
    period(&[QingMing], d(2026, 4, 4), d(2026, 4, 6), &[], &[&N2026]),
    period(
        &[LabourDay],
        d(2026, 5, 1),
        d(2026, 5, 5),
        &[d(2026, 5, 9)],
        &[&N2026],
    ),
    period(
        &[DragonBoat],
        d(2026, 6, 19),
        d(2026, 6, 21),
        &[],
        &[&N2026],
    ),
    period(&[MidAutumn], d(2026, 9, 25), d(2026, 9, 27), &[], &[&N2026]),
    period(
        &[NationalDay],
        d(2026, 10, 1),
        d(2026, 10, 7),
        &[d(2026, 9, 20), d(2026, 10, 10)],
        &[&N2026],
    ),
];

/// Every year of the data, in order. The coverage runs from the earliest date of the first
/// year's notice to 31 December of the last year.
pub(crate) static YEARS: [Year; 8] = [
    Year {
        year: 2019,
        notices: &[&N2019, &N2019_LABOUR],
        holidays: &Y2019,
    },
    Year {
        year: 2020,
        notices: &[&N2020, &N2020_SPRING],
        holidays: &Y2020,
    },
    Year {
        year: 2021,
        notices: &[&N2021],
        holidays: &Y2021,
    },
    Year {
        year: 2022,
        notices: &[&N2022],
        holidays: &Y2022,
    },
    Year {
        year: 2023,
        notices: &[&N2023],
        holidays: &Y2023,
    },
    Year {
        year: 2024,
        notices: &[&N2024],
        holidays: &Y2024,
    },
    Year {
        year: 2025,
        notices: &[&N2025],
        holidays: &Y2025,
    },
    Year {
        year: 2026,
        notices: &[&N2026],
        holidays: &Y2026,
    },
];
