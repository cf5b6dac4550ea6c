//! `gongkai calendar`: working days on China's holiday calendar.
//!
//! - `deadline --received DATE [--days 20] [--pause FROM..TO]...`: the due date and why.
//! - `workday DATE`: whether a date is a working day and why; exit status 0 for a working day,
//!   1 for a day off, 2 for a date outside the holiday data (like `test`).

use clap::Subcommand;
use gongkai_calendar::{Calendar, DayInfo, Pause, weekday_zh};
use jiff::civil::Date;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum CalendarCmd {
    /// The due date N working days after receipt (the day of receipt not counted), and the
    /// days skipped: weekends, holidays (with their notice), pauses.
    Deadline {
        /// Date of receipt, YYYY-MM-DD.
        #[arg(long, value_parser = parse_date)]
        received: Date,
        /// Working days to count (20: 第三十三条; 40 with an extension).
        #[arg(long, default_value_t = 20)]
        days: u32,
        /// Days not counted, both ends included (a consultation: 第三十三条第二款).
        #[arg(long, value_name = "FROM..TO", value_parser = parse_pause)]
        pause: Vec<Pause>,
    },
    /// Whether DATE is a working day, and why. Exit status 0: working day; 1: day off; 2: a
    /// date outside the holiday data.
    Workday {
        /// YYYY-MM-DD.
        #[arg(value_parser = parse_date)]
        date: Date,
    },
}

fn parse_date(s: &str) -> Result<Date, String> {
    s.trim()
        .parse::<Date>()
        .map_err(|e| format!("not a date YYYY-MM-DD: {e}"))
}

fn parse_pause(s: &str) -> Result<Pause, String> {
    let (from, to) = s
        .split_once("..")
        .ok_or_else(|| format!("expected FROM..TO, got {s}"))?;
    let (from, to) = (parse_date(from)?, parse_date(to)?);
    Pause::new(from, to, format!("暂停计算 {from} 至 {to}")).map_err(|e| e.to_string())
}

pub fn run(cmd: CalendarCmd) -> ExitCode {
    let cal = Calendar::china();
    match cmd {
        CalendarCmd::Deadline {
            received,
            days,
            pause,
        } => match cal.add_working_days(received, days, &pause) {
            Ok(due) => {
                println!("截止日期 (due): {} {}", due.due, weekday_zh(due.due));
                println!("{due}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("gongkai: {e}");
                ExitCode::from(2)
            }
        },
        CalendarCmd::Workday { date } => match cal.day(date) {
            Ok(day) => {
                print_day(&day);
                if day.is_working_day() {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                }
            }
            Err(e) => {
                eprintln!("gongkai: {e}");
                ExitCode::from(2)
            }
        },
    }
}

fn print_day(day: &DayInfo) {
    let what = if day.is_working_day() {
        "工作日 (working day)"
    } else {
        "休息日 (day off)"
    };
    println!("{what}");
    println!("{day}");
    if let Some(h) = day.holiday() {
        for n in h.sources {
            let number = n.number.map(|x| format!(" {x}")).unwrap_or_default();
            println!(
                "依据 (source): 《{}》{number}（{}） {}",
                n.title, n.dated, n.url
            );
        }
        if !h.note.is_empty() {
            println!("说明 (note): {}", h.note);
        }
    }
}
