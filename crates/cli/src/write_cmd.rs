//! `gongkai write DATA -o FILE`: the annual report written from data, a thin layer over
//! `gongkai-writer` (and `gongkai-ledger` for `--ledger`).
//!
//! DATA is a data file (`.toml`, or `.json` with the same shape), or the JSON Lines that
//! `gongkai parse --json` prints (then `--body` and `--year` pick the report). The format is
//! `--format` or the extension of the output file. PDF: Chromium if installed, else
//! LibreOffice (`GONGKAI_CHROMIUM`, `GONGKAI_SOFFICE` name other programs).

use clap::{Args, ValueEnum};
use gongkai_writer::{
    DataError, Format, Given, OfficeText, Options, PdfOptions, PdfTools, ReportData, Syntax, Zeros,
    compose, render, table3_from_ledger,
};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

#[derive(Args)]
pub struct WriteArgs {
    /// The data: a data file (TOML or JSON: body, year, the tables by the format's keys), or
    /// the JSON Lines of `gongkai parse --json` (with --body and --year). Without it, the
    /// current report of --body and --year in the store (--from-store).
    #[arg(required_unless_present_any = ["from_store", "from_ledger"])]
    data: Option<PathBuf>,
    /// Take the tables from the store: the current report of --body for --year.
    #[arg(long, requires_all = ["body", "year"], conflicts_with = "data")]
    from_store: bool,
    /// Compute tables 2–4 from --body's ledger in the store for --year (applications, the
    /// reconsiderations and lawsuits, the table 2 figures: `gongkai ledger import`).
    #[arg(long, requires_all = ["body", "year"], conflicts_with_all = ["data", "from_store", "ledger"])]
    from_ledger: bool,
    #[command(flatten)]
    db: crate::store_cmd::DbArg,
    /// Where to write the report.
    #[arg(short, long)]
    output: PathBuf,
    /// md, html, docx or pdf; by default the output file's extension.
    #[arg(long, value_parser = parse_format)]
    format: Option<Format>,
    /// The application ledger (CSV or XLSX, as `gongkai ledger import` reads it): table 3 is
    /// computed from its cases instead of taken from the data.
    #[arg(long)]
    ledger: Option<PathBuf>,
    /// The office's own text (Markdown, headings naming the sections, placeholders such as
    /// {{table3.new_received.total}}); sections it leaves out get default sentences.
    #[arg(long)]
    text: Option<PathBuf>,
    /// The issuing body (if the data does not name it).
    #[arg(long)]
    body: Option<String>,
    /// The report year (if the data does not give it).
    #[arg(long)]
    year: Option<i32>,
    /// Publication date YYYY-MM-DD, printed under the signature.
    #[arg(long)]
    published: Option<String>,
    /// How zeros are printed in the tables.
    #[arg(long, value_enum, default_value_t = ZerosArg::AsData)]
    zeros: ZerosArg,
    /// The program a PDF is made with; by default Chromium if installed, else LibreOffice.
    #[arg(long, value_enum)]
    pdf_with: Option<PdfWith>,
    /// Longest PDF conversion, in seconds.
    #[arg(long, default_value_t = 180)]
    timeout: u64,
}

#[derive(Clone, Copy, ValueEnum)]
enum ZerosArg {
    /// Blank where the data marks a cell blank, every other value printed.
    AsData,
    /// Every zero left empty.
    Blank,
    /// Every cell printed, 0 included.
    Zero,
}

#[derive(Clone, Copy, ValueEnum)]
enum PdfWith {
    /// Chromium prints the HTML.
    Chromium,
    /// LibreOffice converts the DOCX.
    Libreoffice,
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s).ok_or_else(|| format!("unknown format {s:?} (md, html, docx, pdf)"))
}

fn fail(place: &Path, e: impl std::fmt::Display) -> ExitCode {
    eprintln!("gongkai write: {}: {e}", place.display());
    ExitCode::from(2)
}

/// Whether the text is the JSON Lines of `gongkai parse --json` rather than a data file.
fn is_report_json(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .and_then(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .is_some_and(|v| {
            v.get("schema").and_then(serde_json::Value::as_str) == Some(gongkai_report::SCHEMA)
        })
}

/// The PDF programs: found on `PATH`, or named by `GONGKAI_CHROMIUM` / `GONGKAI_SOFFICE`.
fn pdf_tools() -> PdfTools {
    let mut t = PdfTools::find(std::env::var_os("PATH").as_deref());
    if let Some(p) = std::env::var_os("GONGKAI_CHROMIUM") {
        t.chromium = Some(p.into());
    }
    if let Some(p) = std::env::var_os("GONGKAI_SOFFICE") {
        t.soffice = Some(p.into());
    }
    t
}

pub fn run(a: &WriteArgs) -> ExitCode {
    let format = match a.format.or_else(|| {
        a.output
            .extension()
            .and_then(|e| e.to_str())
            .and_then(Format::parse)
    }) {
        Some(f) => f,
        None => {
            return fail(
                &a.output,
                "cannot tell the format from the extension: give --format md|html|docx|pdf",
            );
        }
    };
    let (text, place, body) = match (&a.data, &a.body, a.year) {
        (Some(data), _, _) => match std::fs::read(data).map(String::from_utf8) {
            Ok(Ok(t)) => (t, data.clone(), a.body.clone()),
            Ok(Err(e)) => return fail(data, format!("not UTF-8 text: {e}")),
            Err(e) => return fail(data, e),
        },
        (None, Some(body), Some(year)) if a.from_ledger => {
            let place = PathBuf::from(a.db.url());
            match crate::store_cmd::ledger_report_json(&a.db, body, year) {
                Ok((json, name)) => (json, place, Some(name)),
                Err(e) => return fail(&place, e),
            }
        }
        (None, Some(body), Some(year)) => {
            let place = PathBuf::from(a.db.url());
            match crate::store_cmd::report_json_of(&a.db, body, year) {
                Ok((json, name)) => (json, place, Some(name)),
                Err(e) => return fail(&place, e),
            }
        }
        // clap requires DATA or --from-store with --body and --year.
        (None, _, _) => {
            return fail(
                &a.output,
                "give DATA, or --from-store / --from-ledger with --body B --year Y",
            );
        }
    };
    let syntax = match place.extension().and_then(|e| e.to_str()) {
        Some("json" | "jsonl") => Syntax::Json,
        _ => Syntax::Toml,
    };
    let table3 = match &a.ledger {
        None => None,
        Some(path) => {
            let Some(year) = a.year.or_else(|| year_in(&text, syntax)) else {
                // The file's own mistake first, if it has one (its line and column).
                if let Err(e @ (DataError::Toml { .. } | DataError::Json { .. })) =
                    ReportData::from_data_file(&text, syntax, Given::default())
                {
                    return fail(&place, e);
                }
                return fail(&place, "no report year (`year`, or --year) for the ledger");
            };
            let bytes = match std::fs::read(path) {
                Ok(b) => b,
                Err(e) => return fail(path, e),
            };
            let cases = match gongkai_ledger::import(&bytes) {
                Ok(c) => c,
                Err(e) => return fail(path, e),
            };
            match table3_from_ledger(&cases, year) {
                Ok(t) => Some(t),
                Err(e) => return fail(path, e),
            }
        }
    };
    let data = if is_report_json(&text) {
        if a.ledger.is_some() {
            return fail(
                &place,
                "--ledger goes with a data file, not with `parse --json` output",
            );
        }
        let (Some(body), Some(year)) = (&body, a.year) else {
            return fail(
                &place,
                "output of `gongkai parse --json`: give --body and --year",
            );
        };
        ReportData::from_report_json(&text, body, year).and_then(|mut d| {
            if a.published.is_some() {
                d.published.clone_from(&a.published);
            }
            d.validate().map(|()| d)
        })
    } else {
        ReportData::from_data_file(
            &text,
            syntax,
            Given {
                body: a.body.clone(),
                year: a.year,
                published: a.published.clone(),
                table3,
            },
        )
    };
    let data = match data {
        Ok(d) => d,
        Err(e) => return fail(&place, e),
    };
    let office = match &a.text {
        None => None,
        Some(p) => match std::fs::read_to_string(p)
            .map_err(|e| e.to_string())
            .and_then(|t| OfficeText::parse(&t).map_err(|e| e.to_string()))
        {
            Ok(t) => Some(t),
            Err(e) => return fail(p, e),
        },
    };
    let zeros = match a.zeros {
        ZerosArg::AsData => Zeros::AsData,
        ZerosArg::Blank => Zeros::Blank,
        ZerosArg::Zero => Zeros::Zero,
    };
    let doc = match compose(&data, office.as_ref(), &Options { zeros }) {
        Ok(d) => d,
        Err(e) => return fail(a.text.as_deref().unwrap_or(&place), e),
    };
    let mut tools = pdf_tools();
    match a.pdf_with {
        Some(PdfWith::Chromium) => tools.soffice = None,
        Some(PdfWith::Libreoffice) => tools.chromium = None,
        None => {}
    }
    let pdf = (format == Format::Pdf).then(|| PdfOptions {
        tools,
        temp_parent: std::env::temp_dir(),
        timeout: Duration::from_secs(a.timeout),
    });
    let bytes = match render(&doc, format, pdf.as_ref()) {
        Ok(b) => b,
        Err(e) => return fail(&a.output, e),
    };
    if let Err(e) = std::fs::write(&a.output, bytes) {
        return fail(&a.output, e);
    }
    let defaults: Vec<String> = doc
        .notes
        .iter()
        .filter_map(|n| match n {
            gongkai_writer::Note::DefaultText { section } => Some(section.to_string()),
            _ => None,
        })
        .collect();
    if !defaults.is_empty() {
        eprintln!(
            "note: no text given for section {}: default sentences written",
            defaults.join(", ")
        );
    }
    for n in &doc.notes {
        if !matches!(n, gongkai_writer::Note::DefaultText { .. }) {
            eprintln!("note: {n}");
        }
    }
    let engine = pdf
        .as_ref()
        .and_then(|p| p.tools.engine())
        .map(|e| format!(" (PDF by {e})"))
        .unwrap_or_default();
    eprintln!(
        "wrote {} ({} {}, {} edition){engine}",
        a.output.display(),
        data.body,
        data.year,
        doc.edition
    );
    ExitCode::SUCCESS
}

/// The `year` of a data file, for the ledger (which needs it before the file is read whole).
fn year_in(text: &str, syntax: Syntax) -> Option<i32> {
    let v: serde_json::Value = match syntax {
        Syntax::Json => serde_json::from_str(text).ok()?,
        Syntax::Toml => toml::from_str(text).ok()?,
    };
    v.get("year")?.as_i64().and_then(|y| i32::try_from(y).ok())
}
