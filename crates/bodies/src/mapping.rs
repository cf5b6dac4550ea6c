//! The user mapping file, `bodies.toml`: names the division table cannot read, or reads
//! wrongly, fixed by hand. See the crate documentation for the format.

use std::fmt;

use gongkai_report::BodyKind;
use serde::Deserialize;
use toml::Spanned;

use crate::normalize::normalise;

/// A parsed `bodies.toml`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mapping {
    bodies: Vec<Body>,
    renames: Vec<Rename>,
}

/// A `[[body]]` entry: one identity and the names it goes by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Body {
    /// The canonical name (as written, normalised).
    pub name: String,
    /// Other names that stand for this body, normalised.
    pub aliases: Vec<String>,
    /// The region it belongs to (or is the government of): a code as given.
    pub region: Option<String>,
    /// Its kind, overriding what the name says.
    pub kind: Option<BodyKind>,
    /// An explicit identity key, overriding the derived one.
    pub key: Option<String>,
    /// 1-based line of the `[[body]]` entry.
    pub line: usize,
    /// 1-based lines of `name`, each alias, `region`.
    pub(crate) name_line: usize,
    pub(crate) alias_lines: Vec<usize>,
    pub(crate) region_line: usize,
}

/// A `[[rename]]` entry: a body's old name and the new one, from the year of the rename.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rename {
    /// The old name, or its distinctive part (`石家田乡`), normalised.
    pub from: String,
    /// What replaces it (`石家田镇`), normalised.
    pub to: String,
    /// The first year under the new name.
    pub year: i32,
    /// 1-based line of the entry.
    pub line: usize,
}

/// What is wrong with a mapping file; every variant names its 1-based line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MappingError {
    /// Not TOML, or not the shape of `bodies.toml` (unknown key, wrong type, missing field).
    Syntax {
        /// Line.
        line: usize,
        /// Column (1-based, in characters).
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// A name, alias, key or rename side that is empty.
    Empty {
        /// Line.
        line: usize,
        /// Which field.
        field: &'static str,
    },
    /// A `kind` that is not one of the body kinds.
    UnknownKind {
        /// Line.
        line: usize,
        /// What was written.
        kind: String,
    },
    /// A `region` that is not a code of 2, 4, 6, 9 or 12 digits.
    BadRegion {
        /// Line.
        line: usize,
        /// What was written.
        code: String,
    },
    /// A `region` code that the division table does not have.
    UnknownRegion {
        /// Line.
        line: usize,
        /// What was written.
        code: String,
    },
    /// A rename year outside 1949–2100.
    BadYear {
        /// Line.
        line: usize,
        /// What was written.
        year: i64,
    },
    /// A name or alias given to two bodies.
    DuplicateName {
        /// Line of the second.
        line: usize,
        /// The name.
        name: String,
        /// Line of the first.
        first_line: usize,
    },
    /// Two bodies with the same key, or that resolve to the same identity.
    DuplicateIdentity {
        /// Line of the second body.
        line: usize,
        /// The key.
        key: String,
        /// Line of the first body.
        first_line: usize,
    },
    /// A rename whose new name contains the old one (it would apply forever).
    RenameLoop {
        /// Line.
        line: usize,
        /// The old name.
        from: String,
    },
    /// A body whose name the table cannot read and that has neither `region` nor `kind`.
    Unplaceable {
        /// Line.
        line: usize,
        /// The name.
        name: String,
    },
    /// A body whose name fits several divisions and that has no `region`.
    AmbiguousBody {
        /// Line.
        line: usize,
        /// The name.
        name: String,
        /// The divisions it fits.
        candidates: Vec<String>,
    },
    /// A body whose name names a division outside its `region`.
    RegionMismatch {
        /// Line.
        line: usize,
        /// The name.
        name: String,
        /// The region given.
        code: String,
    },
}

impl fmt::Display for MappingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MappingError::Syntax {
                line,
                column,
                message,
            } => write!(f, "line {line}, column {column}: {message}"),
            MappingError::Empty { line, field } => write!(f, "line {line}: `{field}` is empty"),
            MappingError::UnknownKind { line, kind } => write!(
                f,
                "line {line}: unknown kind `{kind}` (one of {})",
                KINDS
                    .iter()
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            MappingError::BadRegion { line, code } => write!(
                f,
                "line {line}: region `{code}` is not a division code (2, 4, 6, 9 or 12 digits)"
            ),
            MappingError::UnknownRegion { line, code } => {
                write!(
                    f,
                    "line {line}: region `{code}` is not in the division table"
                )
            }
            MappingError::BadYear { line, year } => {
                write!(
                    f,
                    "line {line}: year {year} is not a year between 1949 and 2100"
                )
            }
            MappingError::DuplicateName {
                line,
                name,
                first_line,
            } => write!(
                f,
                "line {line}: “{name}” is already given to the body of line {first_line}"
            ),
            MappingError::DuplicateIdentity {
                line,
                key,
                first_line,
            } => write!(
                f,
                "line {line}: identity `{key}` is already the body of line {first_line}"
            ),
            MappingError::RenameLoop { line, from } => write!(
                f,
                "line {line}: the new name contains the old one “{from}”: the rename would repeat"
            ),
            MappingError::Unplaceable { line, name } => write!(
                f,
                "line {line}: “{name}” is not in the division table: give `region` or `kind`"
            ),
            MappingError::AmbiguousBody {
                line,
                name,
                candidates,
            } => write!(
                f,
                "line {line}: “{name}” fits several divisions ({}): give `region`",
                candidates.join(", ")
            ),
            MappingError::RegionMismatch { line, name, code } => {
                write!(
                    f,
                    "line {line}: “{name}” names no division within region {code}"
                )
            }
        }
    }
}

impl std::error::Error for MappingError {}

/// Every body kind, for parsing `kind`.
const KINDS: [BodyKind; 6] = [
    BodyKind::ProvincialGovernment,
    BodyKind::CityGovernment,
    BodyKind::CountyGovernment,
    BodyKind::Township,
    BodyKind::StreetOffice,
    BodyKind::Department,
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileToml {
    #[serde(default)]
    body: Vec<Spanned<BodyToml>>,
    #[serde(default)]
    rename: Vec<Spanned<RenameToml>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BodyToml {
    name: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    region: Option<Spanned<String>>,
    kind: Option<Spanned<String>>,
    key: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RenameToml {
    from: Spanned<String>,
    to: Spanned<String>,
    year: Spanned<i64>,
}

/// 1-based (line, column in characters) of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

impl Mapping {
    /// An empty mapping.
    pub fn new() -> Self {
        Self::default()
    }

    /// Parse `bodies.toml`. Checks what needs no division table (codes are checked when a
    /// [`crate::Resolver`] is made).
    pub fn parse(text: &str) -> Result<Mapping, MappingError> {
        let line = |offset: usize| line_col(text, offset).0;
        let file: FileToml = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
            MappingError::Syntax {
                line,
                column,
                message: e.message().trim().to_string(),
            }
        })?;
        let mut bodies = Vec::new();
        let mut seen: Vec<(String, usize)> = Vec::new();
        let mut keys: Vec<(String, usize)> = Vec::new();
        for b in file.body {
            let entry_line = line(b.span().start);
            let b = b.into_inner();
            let name_line = line(b.name.span().start);
            let name = normalise(b.name.get_ref()).text;
            if name.is_empty() {
                return Err(MappingError::Empty {
                    line: name_line,
                    field: "name",
                });
            }
            let mut aliases = Vec::new();
            let mut alias_lines = Vec::new();
            for a in &b.aliases {
                let l = line(a.span().start);
                let n = normalise(a.get_ref()).text;
                if n.is_empty() {
                    return Err(MappingError::Empty {
                        line: l,
                        field: "aliases",
                    });
                }
                aliases.push(n);
                alias_lines.push(l);
            }
            for (n, l) in std::iter::once((&name, name_line))
                .chain(aliases.iter().zip(alias_lines.iter().copied()))
            {
                if let Some((_, first)) = seen.iter().find(|(s, _)| s == n) {
                    // The same name twice within one entry is harmless.
                    if *first != entry_line {
                        return Err(MappingError::DuplicateName {
                            line: l,
                            name: n.clone(),
                            first_line: *first,
                        });
                    }
                } else {
                    seen.push((n.clone(), entry_line));
                }
            }
            let (region, region_line) = match &b.region {
                Some(r) => {
                    let l = line(r.span().start);
                    let code = r.get_ref().trim().to_string();
                    if !code.bytes().all(|c| c.is_ascii_digit())
                        || ![2, 4, 6, 9, 12].contains(&code.len())
                    {
                        return Err(MappingError::BadRegion { line: l, code });
                    }
                    (Some(code), l)
                }
                None => (None, entry_line),
            };
            let kind = match &b.kind {
                Some(k) => {
                    let l = line(k.span().start);
                    let s = k.get_ref().trim();
                    Some(
                        KINDS
                            .iter()
                            .copied()
                            .find(|x| x.as_str() == s)
                            .ok_or_else(|| MappingError::UnknownKind {
                                line: l,
                                kind: s.to_string(),
                            })?,
                    )
                }
                None => None,
            };
            let key = match &b.key {
                Some(k) => {
                    let l = line(k.span().start);
                    let s = k.get_ref().trim().to_string();
                    if s.is_empty() {
                        return Err(MappingError::Empty {
                            line: l,
                            field: "key",
                        });
                    }
                    if let Some((_, first)) = keys.iter().find(|(x, _)| *x == s) {
                        return Err(MappingError::DuplicateIdentity {
                            line: l,
                            key: s,
                            first_line: *first,
                        });
                    }
                    keys.push((s.clone(), entry_line));
                    Some(s)
                }
                None => None,
            };
            bodies.push(Body {
                name,
                aliases,
                region,
                kind,
                key,
                line: entry_line,
                name_line,
                alias_lines,
                region_line,
            });
        }
        let mut renames = Vec::new();
        for r in file.rename {
            let entry_line = line(r.span().start);
            let r = r.into_inner();
            let from = normalise(r.from.get_ref()).text;
            let to = normalise(r.to.get_ref()).text;
            if from.is_empty() {
                return Err(MappingError::Empty {
                    line: line(r.from.span().start),
                    field: "from",
                });
            }
            if to.is_empty() {
                return Err(MappingError::Empty {
                    line: line(r.to.span().start),
                    field: "to",
                });
            }
            if to.contains(&from) {
                return Err(MappingError::RenameLoop {
                    line: entry_line,
                    from,
                });
            }
            let y = *r.year.get_ref();
            if !(1949..=2100).contains(&y) {
                return Err(MappingError::BadYear {
                    line: line(r.year.span().start),
                    year: y,
                });
            }
            renames.push(Rename {
                from,
                to,
                year: y as i32,
                line: entry_line,
            });
        }
        Ok(Mapping { bodies, renames })
    }

    /// Only these renames.
    pub(crate) fn with_renames(renames: Vec<Rename>) -> Self {
        Mapping {
            bodies: Vec::new(),
            renames,
        }
    }

    /// The `[[body]]` entries, in file order.
    pub fn bodies(&self) -> &[Body] {
        &self.bodies
    }

    /// The `[[rename]]` entries, in file order.
    pub fn renames(&self) -> &[Rename] {
        &self.renames
    }

    /// Whether the file defines nothing.
    pub fn is_empty(&self) -> bool {
        self.bodies.is_empty() && self.renames.is_empty()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn parses_a_full_file() {
        let m = Mapping::parse(
            r#"
# comment
[[body]]
name = "平潭综合实验区管委会"
aliases = ["平潭综合实验区", "平潭综合實驗區管委會辦公室"]
region = "350128"
kind = "county_government"

[[body]]
name = "北京市人民政府办公厅"
kind = "department"
key = "bj-office"

[[rename]]
from = "石家田乡"
to = "石家田镇"
year = 2022
"#,
        )
        .unwrap();
        assert_eq!(m.bodies().len(), 2);
        let b = &m.bodies()[0];
        assert_eq!(b.line, 3);
        assert_eq!(b.aliases[1], "平潭综合实验区管委会办公室");
        assert_eq!(b.kind, Some(BodyKind::CountyGovernment));
        assert_eq!(m.bodies()[1].key.as_deref(), Some("bj-office"));
        assert_eq!(m.renames()[0].year, 2022);
        assert_eq!(m.renames()[0].line, 14);
    }
}
