//! `gongkai.toml`: the project's configuration, found the way linters find theirs (the first
//! `gongkai.toml` in the given folder or one above it), or named explicitly.
//!
//! ```toml
//! [rules]                  # levels by rule id or prefix: allow | info | warn | deny
//! "T3-*" = "deny"
//! S-OVERVIEW = "allow"
//!
//! [thresholds]
//! copy_share = 0.5         # X-COPY / C-COPY: share of repeated prose that counts as copied
//! outlier_low = 0.01       # C-OUTLIER: quantiles outside which a value is an outlier
//! outlier_high = 0.99
//! [thresholds.deadline]    # local publication deadlines (month-day) by body kind
//! township = "03-31"
//! street_office = "03-31"
//!
//! [waivers]
//! file = "gongkai-waivers.toml"   # relative to this file; the default
//!
//! [score]
//! rubric = "rubrics/licheng-2020.toml"
//!
//! [bodies]
//! mapping = "bodies.toml"          # names the division table cannot place (gongkai-bodies)
//! ```
//!
//! Levels are applied from the least to the most specific pattern (a shorter prefix before a
//! longer one, prefixes before exact ids), so `"T3-*" = "deny"` with `T3-SUBTOTAL = "warn"`
//! leaves T3-SUBTOTAL a warning whatever the order in the file. Options on the command line
//! (`-A/-W/-D`) come after the file and so win.

use gongkai_check::{Config, Level};
use gongkai_report::BodyKind;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The name searched for.
pub const FILE_NAME: &str = "gongkai.toml";
/// The waiver file's default name, next to `gongkai.toml`.
pub const WAIVERS_FILE_NAME: &str = "gongkai-waivers.toml";

/// The configuration of a project: rule levels, thresholds, where waivers and the rubric are.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    /// The file it was read from (none for the defaults).
    pub path: Option<PathBuf>,
    /// `(pattern, level)` in the order they are applied (least specific first).
    pub levels: Vec<(String, Level)>,
    pub thresholds: Thresholds,
    /// The waiver file, resolved against the configuration's folder.
    pub waivers: Option<PathBuf>,
    /// The rubric, resolved against the configuration's folder.
    pub rubric: Option<PathBuf>,
    /// The `bodies.toml` mapping, resolved against the configuration's folder.
    pub bodies: Option<PathBuf>,
}

/// Thresholds of the rules that take one, read and checked here. Local deadlines are applied
/// by [`crate::local`]; `copy_share` and the outlier quantiles are for X-COPY, C-COPY and
/// C-OUTLIER, which this version does not implement (they are read, checked and kept for them).
#[derive(Clone, Debug, PartialEq)]
pub struct Thresholds {
    /// Share (0–1) of a report's prose repeated from another that counts as copied.
    /// Default 0.5: 宿迁 deducts for "more than 50 % of last year's" (spec/rubrics.md).
    pub copy_share: f64,
    /// Quantiles (0–1) outside which a value is far from comparable bodies.
    pub outlier_low: f64,
    pub outlier_high: f64,
    /// Local publication deadlines, as (month, day) of the year after the report's year.
    pub deadlines: Vec<(BodyKind, (u8, u8))>,
}

impl Thresholds {
    /// The local deadline of a body kind, if the configuration sets one.
    pub fn deadline(&self, kind: BodyKind) -> Option<(u8, u8)> {
        self.deadlines
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, d)| *d)
    }
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            copy_share: 0.5,
            outlier_low: 0.01,
            outlier_high: 0.99,
            deadlines: Vec::new(),
        }
    }
}

/// Why a configuration could not be used. Each names the file and, where known, the line.
#[derive(Debug)]
pub enum ConfigError {
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    Syntax {
        path: PathBuf,
        line: Option<usize>,
        source: Box<toml::de::Error>,
    },
    /// A pattern under `[rules]` that names no rule of the catalogue.
    UnknownRule {
        path: PathBuf,
        line: usize,
        pattern: String,
    },
    BadLevel {
        path: PathBuf,
        line: usize,
        rule: String,
        value: String,
    },
    BadThreshold {
        path: PathBuf,
        line: usize,
        name: String,
        why: &'static str,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Read { path, source } => {
                write!(f, "{}: cannot read: {source}", path.display())
            }
            ConfigError::Syntax { path, line, source } => {
                write!(f, "{}", path.display())?;
                if let Some(l) = line {
                    write!(f, ":{l}")?;
                }
                write!(f, ": {}", source.message())
            }
            ConfigError::UnknownRule {
                path,
                line,
                pattern,
            } => write!(
                f,
                "{}:{line}: [rules] {pattern} names no rule of the catalogue",
                path.display()
            ),
            ConfigError::BadLevel {
                path,
                line,
                rule,
                value,
            } => write!(
                f,
                "{}:{line}: [rules] {rule} = {value:?}: the level must be allow, info, warn or deny",
                path.display()
            ),
            ConfigError::BadThreshold {
                path,
                line,
                name,
                why,
            } => write!(f, "{}:{line}: [thresholds] {name}: {why}", path.display()),
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConfigError::Read { source, .. } => Some(source),
            ConfigError::Syntax { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

/// The first `gongkai.toml` in `start` or a folder above it.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// 1-based line of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()
        .iter()
        .take(offset)
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    thresholds: Option<RawThresholds>,
    #[serde(default)]
    waivers: Option<RawWaivers>,
    #[serde(default)]
    score: Option<RawScore>,
    #[serde(default)]
    bodies: Option<RawBodies>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBodies {
    mapping: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawThresholds {
    copy_share: Option<Spanned<f64>>,
    outlier_low: Option<Spanned<f64>>,
    outlier_high: Option<Spanned<f64>>,
    #[serde(default)]
    deadline: BTreeMap<Spanned<String>, Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWaivers {
    file: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScore {
    rubric: String,
}

impl Settings {
    /// Read a configuration file.
    pub fn load(path: &Path) -> Result<Settings, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        Settings::parse(&text, path)
    }

    /// Parse the text of a configuration; `path` names it in errors and resolves the relative
    /// paths it gives.
    pub fn parse(text: &str, path: &Path) -> Result<Settings, ConfigError> {
        let raw: Raw = toml::from_str(text).map_err(|e| ConfigError::Syntax {
            path: path.to_owned(),
            line: e.span().map(|s| line_of(text, s.start)),
            source: Box::new(e),
        })?;
        let line = |s: std::ops::Range<usize>| line_of(text, s.start);
        let mut levels = Vec::new();
        for (k, v) in &raw.rules {
            let pattern = k.get_ref().trim().to_ascii_uppercase();
            let Some(level) = Level::parse(v.get_ref()) else {
                return Err(ConfigError::BadLevel {
                    path: path.to_owned(),
                    line: line(v.span()),
                    rule: pattern,
                    value: v.get_ref().clone(),
                });
            };
            let mut probe = Config::default();
            probe.set(&pattern, level);
            if !probe.unknown_patterns().is_empty() {
                return Err(ConfigError::UnknownRule {
                    path: path.to_owned(),
                    line: line(k.span()),
                    pattern,
                });
            }
            levels.push((pattern, level));
        }
        levels.sort_by_key(|(p, _)| specificity(p));
        let mut thresholds = Thresholds::default();
        if let Some(t) = raw.thresholds {
            let bad = |name: &str, s: std::ops::Range<usize>, why| ConfigError::BadThreshold {
                path: path.to_owned(),
                line: line(s),
                name: name.to_owned(),
                why,
            };
            for (name, v, slot) in [
                ("copy_share", t.copy_share, &mut thresholds.copy_share),
                ("outlier_low", t.outlier_low, &mut thresholds.outlier_low),
                ("outlier_high", t.outlier_high, &mut thresholds.outlier_high),
            ] {
                if let Some(v) = v {
                    if !(0.0..=1.0).contains(v.get_ref()) {
                        return Err(bad(name, v.span(), "must be between 0 and 1"));
                    }
                    *slot = *v.get_ref();
                }
            }
            if thresholds.outlier_low >= thresholds.outlier_high {
                return Err(ConfigError::BadThreshold {
                    path: path.to_owned(),
                    line: 1,
                    name: "outlier_low".to_owned(),
                    why: "must be below outlier_high",
                });
            }
            for (k, v) in &t.deadline {
                let Some(kind) = body_kind(k.get_ref()) else {
                    return Err(bad(
                        &format!("deadline.{}", k.get_ref()),
                        k.span(),
                        "not a body kind (provincial_government, city_government, county_government, township, street_office, department)",
                    ));
                };
                if !crate::local::local_kind(kind) {
                    return Err(bad(
                        &format!("deadline.{}", k.get_ref()),
                        k.span(),
                        "article 49 sets this deadline; local deadlines are for township and street_office",
                    ));
                }
                let Some(md) = month_day(v.get_ref()) else {
                    return Err(bad(
                        &format!("deadline.{}", k.get_ref()),
                        v.span(),
                        "must be a month and day, \"MM-DD\"",
                    ));
                };
                thresholds.deadlines.retain(|(k, _)| *k != kind);
                thresholds.deadlines.push((kind, md));
            }
        }
        let dir = path.parent().unwrap_or(Path::new(""));
        Ok(Settings {
            path: Some(path.to_owned()),
            levels,
            thresholds,
            waivers: Some(
                dir.join(
                    raw.waivers
                        .as_ref()
                        .map_or(WAIVERS_FILE_NAME, |w| w.file.as_str()),
                ),
            ),
            rubric: raw.score.map(|s| dir.join(s.rubric)),
            bodies: raw.bodies.map(|b| dir.join(b.mapping)),
        })
    }

    /// The rule levels as a check configuration; options given later (`-A/-W/-D`) win.
    pub fn rule_config(&self) -> Config {
        let mut c = Config::default();
        for (p, l) in &self.levels {
            c.set(p, *l);
        }
        c
    }
}

/// Sort key: prefixes before exact ids, shorter prefixes first.
fn specificity(pattern: &str) -> (bool, usize) {
    match pattern.strip_suffix('*') {
        Some(prefix) => (false, prefix.len()),
        None => (true, pattern.len()),
    }
}

fn body_kind(s: &str) -> Option<BodyKind> {
    [
        BodyKind::ProvincialGovernment,
        BodyKind::CityGovernment,
        BodyKind::CountyGovernment,
        BodyKind::Township,
        BodyKind::StreetOffice,
        BodyKind::Department,
    ]
    .into_iter()
    .find(|k| k.as_str() == s)
}

fn month_day(s: &str) -> Option<(u8, u8)> {
    let (m, d) = s.split_once('-')?;
    let (m, d): (u8, u8) = (m.parse().ok()?, d.parse().ok()?);
    let days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let max = *days.get(usize::from(m).checked_sub(1)?)?;
    (1..=max).contains(&d).then_some((m, d))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn parse(t: &str) -> Result<Settings, ConfigError> {
        Settings::parse(t, Path::new("/p/gongkai.toml"))
    }

    #[test]
    fn levels_apply_from_general_to_specific() {
        let s = parse("[rules]\nT3-SUBTOTAL = \"warn\"\n\"T3-*\" = \"deny\"\n\"*\" = \"info\"\n")
            .unwrap();
        let c = s.rule_config();
        assert_eq!(c.level_of("T3-SUBTOTAL"), Some(Level::Warn));
        assert_eq!(c.level_of("T3-BALANCE"), Some(Level::Deny));
        assert_eq!(c.level_of("S-TITLE"), Some(Level::Info));
        assert_eq!(s.waivers, Some(PathBuf::from("/p/gongkai-waivers.toml")));
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("[rules]\nT3-BALANCE = \"deny\"\nT9-NOPE = \"warn\"\n").unwrap_err();
        assert!(matches!(e, ConfigError::UnknownRule { line: 3, .. }), "{e}");
        assert_eq!(
            e.to_string(),
            "/p/gongkai.toml:3: [rules] T9-NOPE names no rule of the catalogue"
        );
        let e = parse("[rules]\nT3-BALANCE = \"loud\"\n").unwrap_err();
        assert!(matches!(e, ConfigError::BadLevel { line: 2, .. }), "{e}");
        let e = parse("[thresholds]\ncopy_share = 1.5\n").unwrap_err();
        assert!(
            matches!(e, ConfigError::BadThreshold { line: 2, .. }),
            "{e}"
        );
        let e = parse("[thresholds.deadline]\ntownship = \"02-30\"\n").unwrap_err();
        assert!(
            matches!(e, ConfigError::BadThreshold { line: 2, .. }),
            "{e}"
        );
        let e = parse("[thresholds.deadline]\ndepartment = \"01-15\"\n").unwrap_err();
        assert!(
            matches!(e, ConfigError::BadThreshold { line: 2, .. }),
            "{e}"
        );
        let e = parse("[rule]\n").unwrap_err();
        assert!(
            matches!(e, ConfigError::Syntax { line: Some(1), .. }),
            "{e}"
        );
    }

    #[test]
    fn thresholds_and_paths() {
        let s = parse(
            "[thresholds]\ncopy_share = 0.6\n[thresholds.deadline]\ntownship = \"04-30\"\n\
             [waivers]\nfile = \"w/x.toml\"\n[score]\nrubric = \"r.toml\"\n[bodies]\nmapping = \"b.toml\"\n",
        )
        .unwrap();
        assert_eq!(s.thresholds.copy_share, 0.6);
        assert_eq!(s.thresholds.deadline(BodyKind::Township), Some((4, 30)));
        assert_eq!(s.waivers, Some(PathBuf::from("/p/w/x.toml")));
        assert_eq!(s.rubric, Some(PathBuf::from("/p/r.toml")));
        assert_eq!(s.bodies, Some(PathBuf::from("/p/b.toml")));
    }

    #[test]
    fn discovered_upward() {
        let d = tempfile::tempdir().unwrap();
        let deep = d.path().join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(discover(&deep), None);
        std::fs::write(d.path().join(FILE_NAME), "").unwrap();
        assert_eq!(discover(&deep), Some(d.path().join(FILE_NAME)));
    }
}
