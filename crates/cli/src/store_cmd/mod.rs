//! The store's commands: `ingest`, `import` (a flat table back), `list`, `show`, `compare`, `stats`, `export`, and
//! `ledger` (a body's application ledger kept in the store).
//!
//! The store is `--db DB`, else `$GONGKAI_DB`, else `./gongkai.db` (SQLite);
//! `postgres://…` is a PostgreSQL server.

mod export;
mod grid;
mod import;
mod ingest;
mod ledger;
mod query;

pub use export::{ExportArgs, export};
pub use import::{ImportArgs, import};
pub use ingest::{IngestArgs, ingest};
pub(crate) use ledger::ledger_report_json;
pub use ledger::{LedgerCmd, run as ledger};
pub(crate) use query::report_json_of;
pub use query::{CompareArgs, ListArgs, ShowArgs, StatsArgs, compare, list, show, stats};

use gongkai_bodies::{Divisions, Mapping, Resolver};
use gongkai_report::BodyKind;
use gongkai_store::{Selection, Store};
use grid::{OutFormat, Output};
use std::path::PathBuf;
use std::process::ExitCode;

/// Where the store is.
#[derive(clap::Args, Clone, Debug)]
pub struct DbArg {
    /// The store: an SQLite file or postgres://… (default: $GONGKAI_DB, else ./gongkai.db).
    #[arg(long, value_name = "DB")]
    db: Option<String>,
}

impl DbArg {
    /// The `--db` given, if any.
    #[cfg(feature = "web")]
    pub(crate) fn explicit(&self) -> Option<&str> {
        self.db.as_deref()
    }

    pub(crate) fn url(&self) -> String {
        self.db
            .clone()
            .or_else(|| std::env::var("GONGKAI_DB").ok().filter(|s| !s.is_empty()))
            .unwrap_or_else(|| "gongkai.db".into())
    }

    pub(crate) fn open(&self) -> Result<Store, String> {
        open_db(&self.url())
    }
}

/// Open a store, the error with its causes as one line.
pub(crate) fn open_db(url: &str) -> Result<Store, String> {
    Store::open(url).map_err(|e| {
        let mut msg = format!("{e}");
        let mut src = std::error::Error::source(&e);
        while let Some(s) = src {
            let s_msg = s.to_string();
            if !msg.contains(&s_msg) {
                msg.push_str(": ");
                msg.push_str(&s_msg);
            }
            src = s.source();
        }
        msg
    })
}

/// Which reports: `--year`, `--region`, `--kind`.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct SelectArgs {
    /// Report year.
    #[arg(long)]
    year: Option<i32>,
    /// Region: a division code (11, 110105, 110105001, or padded 110000) or a name of the
    /// division table (北京市, 灵丘县); bodies in it and below it.
    #[arg(long, value_name = "R")]
    region: Option<String>,
    /// Body kind: provincial_government, city_government, county_government, township,
    /// street_office, department (or 乡镇, 街道, 部门 …).
    #[arg(long, value_name = "K")]
    kind: Option<String>,
}

/// A kind named by key or in Chinese.
fn parse_kind(s: &str) -> Option<BodyKind> {
    let all = [
        BodyKind::ProvincialGovernment,
        BodyKind::CityGovernment,
        BodyKind::CountyGovernment,
        BodyKind::Township,
        BodyKind::StreetOffice,
        BodyKind::Department,
    ];
    let zh = |k: BodyKind| -> &'static [&'static str] {
        match k {
            BodyKind::ProvincialGovernment => &["省", "省政府", "省级"],
            BodyKind::CityGovernment => &["市", "市政府", "市级"],
            BodyKind::CountyGovernment => &["县", "区", "县政府", "县级"],
            BodyKind::Township => &["乡镇", "乡", "镇"],
            BodyKind::StreetOffice => &["街道", "街道办", "街道办事处"],
            BodyKind::Department => &["部门"],
        }
    };
    all.into_iter()
        .find(|k| k.as_str() == s || k.name_zh() == s || zh(*k).contains(&s))
}

impl SelectArgs {
    /// The selection, or a message (unknown kind, ambiguous region with its candidates).
    pub(crate) fn selection(&self) -> Result<Selection, String> {
        let kind = match &self.kind {
            Some(k) => Some(parse_kind(k).ok_or_else(|| {
                format!("未知的机关类型 (unknown kind) {k}: provincial_government, city_government, county_government, township, street_office, department")
            })?),
            None => None,
        };
        let region = match &self.region {
            None => None,
            Some(r) => {
                let table = Divisions::embedded().map_err(|e| e.to_string())?;
                match gongkai_store::region_selector(table, r) {
                    Ok(p) => Some(p),
                    Err(c) if c.is_empty() => {
                        return Err(format!("区划表中没有 (no division named) {r}"));
                    }
                    Err(c) => {
                        let list: Vec<String> = c
                            .iter()
                            .map(|(code, name)| format!("  {code}  {name}"))
                            .collect();
                        return Err(format!(
                            "{r} 有歧义，请用区划代码 (ambiguous: give the code):\n{}",
                            list.join("\n")
                        ));
                    }
                }
            }
        };
        Ok(Selection {
            year: self.year,
            region,
            kind,
            all_versions: false,
        })
    }
}

/// `--format` and `-o` of the query commands.
#[derive(clap::Args, Clone, Debug)]
pub struct OutArgs {
    /// Output format (table on a terminal).
    #[arg(long, value_enum, default_value_t = OutFormat::Table)]
    format: OutFormat,
    /// Write to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
}

impl OutArgs {
    fn output(&self) -> Output {
        Output {
            format: self.format,
            file: self.output.clone(),
        }
    }
}

/// A resolver with the mapping file, if one is given.
fn resolver(mapping: Option<&PathBuf>) -> Result<Resolver<'static>, String> {
    let table = Divisions::embedded().map_err(|e| format!("内部错误 (internal error): {e}"))?;
    let name = mapping.map_or_else(|| "bodies.toml".to_owned(), |p| p.display().to_string());
    let parsed = match mapping {
        None => Mapping::new(),
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| format!("{name}: 无法读取 (cannot read): {e}"))?;
            Mapping::parse(&text).map_err(|e| format!("{name}: {e}"))?
        }
    };
    Resolver::with_mapping(table, parsed).map_err(|e| format!("{name}: {e}"))
}

/// Print an error and return exit status 2.
pub(crate) fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("gongkai: {msg}");
    ExitCode::from(2)
}
