//! From a name (and its document) to an identity.

use std::collections::HashMap;
use std::fmt;

use gongkai_report::BodyKind;

use crate::context::{Clues, Context, Evidence, FILLERS, TIERS};
use crate::divisions::{DivisionKind, Divisions, Idx, Level, Via, padded_code};
use crate::mapping::{Mapping, MappingError};
use crate::normalize::{expand_abbreviation, normalise};

/// One issuing body, the same across years and spellings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// Stable key: the region code for a government or street office (`110105`,
    /// `110112002`), `CODE/DEPARTMENT` for a department (`110105/教育委员会`), or the mapping
    /// file's `key` (`user:NAME` for a mapped body without one).
    pub key: String,
    /// What kind of body it is.
    pub kind: BodyKind,
    /// Canonical name: the path's names and the body's title (北京市朝阳区人民政府,
    /// 北京市朝阳区教育委员会), or the mapping file's name.
    pub name: String,
    /// Where it sits in the hierarchy (none for a mapped body outside the table).
    pub region: Option<Region>,
    /// For a department, its normalised name (教育委员会).
    pub department: Option<String>,
}

/// A division and its path from the province down.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Region {
    /// GB/T 2260-style code (6 digits down to counties, 9 for townships).
    pub code: String,
    /// Its level.
    pub level: Level,
    /// What it is.
    pub kind: DivisionKind,
    /// Province › city › county › township, ending with this division (levels that a
    /// division skips, such as the city of a municipality's district, are absent).
    pub path: Vec<Place>,
}

impl Region {
    /// The path for display: `北京市 › 朝阳区`.
    pub fn path_text(&self) -> String {
        self.path
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join(" › ")
    }
}

/// One division on a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// GB/T 2260-style code.
    pub code: String,
    /// Name as in the table.
    pub name: String,
}

/// What resolving a name gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// One identity.
    Identified(Identity),
    /// Several identities fit and nothing in the name or its context chooses: never guessed.
    Ambiguous(Vec<Identity>),
    /// No identity.
    Unresolved(Unresolved),
}

/// Why a name has no identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unresolved {
    /// Nothing left after normalisation.
    Empty,
    /// No division in the name and no level word to place it by (平潭综合实验区: add it to
    /// `bodies.toml`).
    NoDivision,
    /// A department named by its level alone (市教育局) whose context names no such division.
    NoRegion {
        /// The level word.
        word: String,
    },
    /// After the divisions read, the name goes on with what looks like a division that the
    /// table does not have there (灵丘县某某镇, 北京市崇文区: an old name, or a typo that
    /// fits several names): add a rename or an alias to `bodies.toml`.
    NotInTable {
        /// The divisions read.
        matched: String,
        /// The rest, which looks like a division.
        text: String,
    },
    /// The name puts a division under one that does not contain it (长春市海淀区).
    Inconsistent {
        /// The part read so far.
        matched: String,
        /// The division that does not fit under it.
        conflicting: String,
    },
}

impl fmt::Display for Unresolved {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unresolved::Empty => write!(f, "empty name"),
            Unresolved::NoDivision => write!(f, "no division of the table in the name"),
            Unresolved::NoRegion { word } if word.is_empty() => {
                write!(f, "no place in the name, none in the context")
            }
            Unresolved::NoRegion { word } => {
                write!(
                    f,
                    "level word “{word}”, but no such division in the context"
                )
            }
            Unresolved::NotInTable { matched, text } => {
                write!(f, "no division “{text}” within “{matched}” in the table")
            }
            Unresolved::Inconsistent {
                matched,
                conflicting,
            } => write!(f, "“{conflicting}” does not lie within “{matched}”"),
        }
    }
}

/// One step of how a resolution was derived, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// The name as matched, after folding traditional characters, full-width forms and
    /// spaces.
    Normalised {
        /// The folded name.
        name: String,
    },
    /// A bracketed remark set aside (`市科委` of `上海市科学技术委员会（市科委）`).
    Remark {
        /// The remark.
        text: String,
    },
    /// A rename of the mapping file applied.
    Renamed {
        /// Old name.
        from: String,
        /// New name.
        to: String,
        /// First year of the new name.
        year: i32,
        /// Line in the mapping file.
        line: usize,
    },
    /// The name is the name or an alias of a body of the mapping file.
    MappedName {
        /// Line of the body in the mapping file.
        line: usize,
    },
    /// The identity found is a body of the mapping file, whose name, kind and key apply.
    MappedBody {
        /// Line of the body in the mapping file.
        line: usize,
    },
    /// A part of the name is a division of the table.
    Division {
        /// The part.
        text: String,
        /// How it names the division.
        via: Via,
        /// The divisions it may be, after the parts before it.
        candidates: Vec<String>,
    },
    /// A part is one character off a division's name, the only such name below the part
    /// before it (or, for the first part, the only one of four characters or more).
    Typo {
        /// As written.
        written: String,
        /// The division's spelling.
        corrected: String,
        /// The divisions it names.
        candidates: Vec<String>,
    },
    /// A word passed over between two divisions (人民政府 in 甘州区人民政府西街街道办事处).
    Filler {
        /// The word.
        text: String,
    },
    /// An earlier part narrowed by a later one (朝阳区 in 朝阳区建外街道 is Beijing's).
    NarrowedByName {
        /// The earlier part.
        text: String,
        /// What is left of its candidates.
        kept: Vec<String>,
    },
    /// The name ends with the body's own title (`人民政府`, `政府`, nothing): the government of
    /// the division, or the street office.
    Government {
        /// The title as written (may be empty).
        suffix: String,
    },
    /// The name is the government's office (县人民政府办公室, 镇党政办公室), which compiles the
    /// government's annual report: given the government's identity.
    GovernmentOffice {
        /// The office's title as written.
        text: String,
    },
    /// The rest of the name is a department of the division.
    Department {
        /// As written.
        written: String,
        /// Normalised (abbreviations expanded: 科委 → 科学技术委员会).
        name: String,
    },
    /// The name starts with a level word instead of a place (市教育局): the division is
    /// taken from the context.
    LevelWord {
        /// The word (市, 区, 县 …), or empty for a department name with no level at all.
        word: String,
    },
    /// The context kept these candidates.
    Context {
        /// What is left.
        kept: Vec<String>,
        /// The evidence that supports them.
        evidence: Vec<Evidence>,
    },
    /// The kind given by the mapping file.
    KindOverride {
        /// The kind.
        kind: BodyKind,
        /// Line in the mapping file.
        line: usize,
    },
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Normalised { name } => write!(f, "read as “{name}”"),
            Step::Remark { text } => write!(f, "remark “{text}” set aside"),
            Step::Renamed {
                from,
                to,
                year,
                line,
            } => write!(f, "“{from}” renamed “{to}” in {year} (mapping line {line})"),
            Step::MappedName { line } => write!(f, "named in the mapping (line {line})"),
            Step::MappedBody { line } => write!(f, "identity of the mapping's body (line {line})"),
            Step::Division {
                text,
                via,
                candidates,
            } => {
                let via = match via {
                    Via::Name => "",
                    Via::ShortForm => " (short form)",
                    Via::Variant => " (variant)",
                };
                write!(f, "“{text}”{via} = {}", candidates.join(" | "))
            }
            Step::Typo {
                written,
                corrected,
                candidates,
            } => write!(
                f,
                "“{written}” read as “{corrected}” (one character off) = {}",
                candidates.join(" | ")
            ),
            Step::Filler { text } => write!(f, "“{text}” passed over"),
            Step::NarrowedByName { text, kept } => {
                write!(f, "“{text}” narrowed by the name to {}", kept.join(" | "))
            }
            Step::Government { suffix } if suffix.is_empty() => {
                write!(f, "the division's own body")
            }
            Step::Government { suffix } => write!(f, "“{suffix}”: the division's own body"),
            Step::GovernmentOffice { text } => {
                write!(
                    f,
                    "“{text}”: the government's office, given the government's identity"
                )
            }
            Step::Department { written, name } if written == name => {
                write!(f, "department “{name}”")
            }
            Step::Department { written, name } => write!(f, "department “{written}” = “{name}”"),
            Step::LevelWord { word } if word.is_empty() => {
                write!(
                    f,
                    "no place in the name: the division is taken from the context"
                )
            }
            Step::LevelWord { word } => {
                write!(
                    f,
                    "level word “{word}”: the division is taken from the context"
                )
            }
            Step::Context { kept, evidence } => {
                write!(f, "context kept {}", kept.join(" | "))?;
                if !evidence.is_empty() {
                    let ev: Vec<String> = evidence.iter().map(ToString::to_string).collect();
                    write!(f, " by {}", ev.join("; "))?;
                }
                Ok(())
            }
            Step::KindOverride { kind, line } => {
                write!(f, "kind {} (mapping line {line})", kind.as_str())
            }
        }
    }
}

/// A name resolved, with how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolution {
    /// The name as given.
    pub input: String,
    /// The result.
    pub outcome: Outcome,
    /// How it was derived.
    pub steps: Vec<Step>,
}

impl Resolution {
    /// The identity, if exactly one.
    pub fn identity(&self) -> Option<&Identity> {
        match &self.outcome {
            Outcome::Identified(i) => Some(i),
            _ => None,
        }
    }

    /// Whether the context took part (so the same name may resolve otherwise elsewhere).
    pub fn used_context(&self) -> bool {
        self.steps
            .iter()
            .any(|s| matches!(s, Step::Context { .. } | Step::LevelWord { .. }))
            || matches!(self.outcome, Outcome::Ambiguous(_))
            || matches!(
                self.outcome,
                Outcome::Unresolved(Unresolved::NoRegion { .. })
            )
    }

    /// The derivation as one line: steps joined by `; `.
    pub fn derivation(&self) -> String {
        self.steps
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// What follows the last division of a name.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Tail {
    Own { suffix: String },
    Office { text: String },
    Department { written: String, name: String },
}

/// Titles of a division's own body.
const OWN_TITLES: [&str; 7] = [
    "",
    "人民政府",
    "政府",
    "管委会",
    "管理委员会",
    "行政公署",
    "行署",
];
/// Prefixes of an office's title that name the body it serves.
const OFFICE_OF: [&str; 4] = ["人民政府", "政府", "管委会", "管理委员会"];
/// Titles of the government's office after such a prefix (县人民政府办公室, 镇政府办).
const OFFICE_TITLES: [&str; 3] = ["办公室", "办公厅", "办"];
/// Titles of a township's or street office's general office, which compiles its report.
const PARTY_GOV_OFFICES: [&str; 5] = [
    "党政办公室",
    "党政综合办公室",
    "党政办",
    "党政综合办",
    "党政办公厅",
];
/// Words that end department names (for a department named without place or level).
const DEPARTMENT_ENDINGS: [&str; 14] = [
    "局",
    "委员会",
    "委",
    "办公室",
    "办",
    "厅",
    "署",
    "中心",
    "院",
    "所",
    "队",
    "站",
    "处",
    "管委会",
];
/// Level words that may stand for the place (市教育局, 区生态环境分局), longest first.
const LEVEL_WORDS: [&str; 10] = [
    "自治区",
    "街道",
    "地区",
    "省",
    "市",
    "州",
    "盟",
    "区",
    "县",
    "旗",
];
/// Words that start with a level character but are not one (市场监督管理局, 区域); 市政 is
/// one unless it is 市政府.
const NOT_LEVEL: [&str; 7] = ["市场", "市政", "市容", "市民", "区域", "县域", "市区"];
/// Central organs whose local bureaus carry the place after the organ's name
/// (国家税务总局北京市朝阳区税务局 is the department 税务局 of 朝阳区).
const VERTICAL_ORGANS: [&str; 4] = [
    "国家税务总局",
    "国家统计局",
    "国家金融监督管理总局",
    "国家外汇管理局",
];
/// Two-character names that are ordinary words (城区, 郊区): only read below a parent.
const GENERIC_SHORT: [&str; 8] = [
    "城区", "郊区", "矿区", "东区", "西区", "林场", "盐场", "街道",
];

fn classify(rest: &str) -> Tail {
    if OWN_TITLES.contains(&rest) {
        return Tail::Own {
            suffix: rest.to_string(),
        };
    }
    let (prefixed, body) = OFFICE_OF
        .iter()
        .find_map(|p| rest.strip_prefix(p).map(|b| (true, b)))
        .unwrap_or((false, rest));
    if (prefixed && OFFICE_TITLES.contains(&body)) || PARTY_GOV_OFFICES.contains(&body) {
        return Tail::Office {
            text: rest.to_string(),
        };
    }
    let dept = FILLERS
        .iter()
        .find_map(|p| rest.strip_prefix(p))
        .filter(|b| !b.is_empty())
        .unwrap_or(rest);
    let name = expand_abbreviation(dept).unwrap_or(dept).to_string();
    Tail::Department {
        written: rest.to_string(),
        name,
    }
}

/// The level word a placeless name starts with, if any, and what follows it.
fn level_word(text: &str) -> Option<(&'static str, &str)> {
    if NOT_LEVEL.iter().any(|w| text.starts_with(w)) && !text.starts_with("市政府") {
        return None;
    }
    LEVEL_WORDS
        .iter()
        .find_map(|w| text.strip_prefix(w).map(|r| (*w, r)))
        .filter(|(_, r)| !r.is_empty())
}

/// A part of the name that is a division.
#[derive(Clone, Debug)]
struct Seg {
    text: String,
    via: Via,
    typo: Option<String>,
    cands: Vec<Idx>,
}

#[derive(Debug, Default)]
struct Parsed {
    segs: Vec<Seg>,
    fillers: Vec<(usize, String)>,
    rest: String,
    conflict: Option<String>,
}

/// A body of the mapping file with its identity.
#[derive(Clone, Debug)]
struct MappedBody {
    identity: Identity,
    line: usize,
}

/// Resolves names against a division table and a mapping file.
#[derive(Debug)]
pub struct Resolver<'t> {
    table: &'t Divisions,
    mapping: Mapping,
    bodies: Vec<MappedBody>,
    /// Normalised name or alias → body.
    names: HashMap<String, usize>,
    /// Derived identity key → body that claims it.
    claims: HashMap<String, usize>,
}

impl<'t> Resolver<'t> {
    /// A resolver with no mapping file.
    pub fn new(table: &'t Divisions) -> Self {
        Resolver {
            table,
            mapping: Mapping::new(),
            bodies: Vec::new(),
            names: HashMap::new(),
            claims: HashMap::new(),
        }
    }

    /// A resolver with a mapping file; checks the file against the table (region codes
    /// exist, every body can be placed, no two bodies are one identity).
    pub fn with_mapping(table: &'t Divisions, mapping: Mapping) -> Result<Self, MappingError> {
        let mut r = Resolver::new(table);
        // Renames apply to the bodies' own names too.
        r.mapping = Mapping::with_renames(mapping.renames().to_vec());
        for (i, b) in mapping.bodies().iter().enumerate() {
            let (identity, natural_key) = r.body_identity(b)?;
            if let Some(&first) = r.claims.get(&natural_key) {
                let first_line = mapping.bodies().get(first).map_or(0, |f| f.line);
                return Err(MappingError::DuplicateIdentity {
                    line: b.line,
                    key: natural_key,
                    first_line,
                });
            }
            r.claims.insert(natural_key, i);
            for n in std::iter::once(&b.name).chain(b.aliases.iter()) {
                r.names.entry(n.clone()).or_insert(i);
            }
            r.bodies.push(MappedBody {
                identity,
                line: b.line,
            });
        }
        r.mapping = mapping;
        Ok(r)
    }

    /// The division table.
    pub fn divisions(&self) -> &'t Divisions {
        self.table
    }

    /// The identities the mapping file defines, with their lines.
    pub fn mapped_identities(&self) -> impl Iterator<Item = (&Identity, usize)> {
        self.bodies.iter().map(|b| (&b.identity, b.line))
    }

    /// Resolve `name`, using `ctx` only where the name alone fits several divisions or names
    /// none (a department named by its level).
    pub fn resolve(&self, name: &str, ctx: &Context) -> Resolution {
        let mut steps = Vec::new();
        let outcome = self.resolve_steps(name, ctx, &mut steps);
        Resolution {
            input: name.to_string(),
            outcome,
            steps,
        }
    }

    fn resolve_steps(&self, name: &str, ctx: &Context, steps: &mut Vec<Step>) -> Outcome {
        let norm = normalise(name);
        if norm.text != name {
            steps.push(Step::Normalised {
                name: norm.text.clone(),
            });
        }
        for r in &norm.remarks {
            steps.push(Step::Remark { text: r.clone() });
        }
        if norm.text.is_empty() {
            return Outcome::Unresolved(Unresolved::Empty);
        }
        if let Some(o) = self.mapped_name(&norm.text, steps) {
            return o;
        }
        let (text, renamed) = self.renamed(norm.text, steps);
        if renamed && let Some(o) = self.mapped_name(&text, steps) {
            return o;
        }
        let outcome = self.identify(&text, ctx, None, None, steps);
        match outcome {
            Outcome::Identified(id) => Outcome::Identified(self.claimed(id, steps)),
            Outcome::Ambiguous(ids) => {
                let mut none = Vec::new();
                Outcome::Ambiguous(
                    ids.into_iter()
                        .map(|i| self.claimed(i, &mut none))
                        .collect(),
                )
            }
            o => o,
        }
    }

    /// Apply the renames, each at most once, until none applies (a chain of renames
    /// follows through in any file order). Whether any applied.
    fn renamed(&self, mut text: String, steps: &mut Vec<Step>) -> (String, bool) {
        let renames = self.mapping.renames();
        let mut applied = vec![false; renames.len()];
        for _ in 0..renames.len() {
            let mut changed = false;
            for (r, done) in renames.iter().zip(applied.iter_mut()) {
                if !*done && text.contains(&r.from) {
                    text = text.replacen(&r.from, &r.to, 1);
                    *done = true;
                    changed = true;
                    steps.push(Step::Renamed {
                        from: r.from.clone(),
                        to: r.to.clone(),
                        year: r.year,
                        line: r.line,
                    });
                }
            }
            if !changed {
                break;
            }
        }
        let any = applied.iter().any(|a| *a);
        (text, any)
    }

    fn mapped_name(&self, text: &str, steps: &mut Vec<Step>) -> Option<Outcome> {
        let b = self.bodies.get(*self.names.get(text)?)?;
        steps.push(Step::MappedName { line: b.line });
        Some(Outcome::Identified(b.identity.clone()))
    }

    fn claimed(&self, id: Identity, steps: &mut Vec<Step>) -> Identity {
        match self.claims.get(&id.key).and_then(|&i| self.bodies.get(i)) {
            Some(b) => {
                steps.push(Step::MappedBody { line: b.line });
                b.identity.clone()
            }
            None => id,
        }
    }

    /// The identity of a mapping body, and the key the table gives it (which it claims).
    fn body_identity(&self, b: &crate::mapping::Body) -> Result<(Identity, String), MappingError> {
        let region = match &b.region {
            Some(code) => {
                Some(
                    self.table
                        .by_code(code)
                        .ok_or_else(|| MappingError::UnknownRegion {
                            line: b.region_line,
                            code: code.clone(),
                        })?,
                )
            }
            None => None,
        };
        let mut steps = Vec::new();
        let (name, _) = self.renamed(b.name.clone(), &mut steps);
        let outcome = self.identify(
            &name,
            &Context::new(),
            region.map(|r| r.idx()),
            b.kind,
            &mut steps,
        );
        let mut identity = match outcome {
            Outcome::Identified(id) => id,
            Outcome::Ambiguous(ids) => {
                return Err(MappingError::AmbiguousBody {
                    line: b.name_line,
                    name: b.name.clone(),
                    candidates: ids
                        .iter()
                        .map(|i| i.region.as_ref().map_or(i.key.clone(), |r| r.code.clone()))
                        .collect(),
                });
            }
            Outcome::Unresolved(Unresolved::Inconsistent { .. }) if region.is_some() => {
                return Err(MappingError::RegionMismatch {
                    line: b.region_line,
                    name: b.name.clone(),
                    code: b.region.clone().unwrap_or_default(),
                });
            }
            Outcome::Unresolved(_) => match b.kind {
                Some(kind) => Identity {
                    key: format!("user:{}", b.name),
                    kind,
                    name: b.name.clone(),
                    region: None,
                    department: None,
                },
                None => {
                    return Err(MappingError::Unplaceable {
                        line: b.name_line,
                        name: b.name.clone(),
                    });
                }
            },
        };
        let natural = identity.key.clone();
        if let Some(k) = b.kind {
            identity.kind = k;
        }
        if let Some(k) = &b.key {
            identity.key = k.clone();
        }
        identity.name = b.name.clone();
        Ok((identity, natural))
    }

    /// Resolve a normalised name. For a mapping body: `pin`, its region (the name's
    /// divisions must lie in it; a name without one is the region's), and `forced`, its kind.
    fn identify(
        &self,
        text: &str,
        ctx: &Context,
        pin: Option<Idx>,
        forced: Option<BodyKind>,
        steps: &mut Vec<Step>,
    ) -> Outcome {
        let t = self.table;
        let mut parsed = self.parse(text);
        if parsed.segs.is_empty()
            && let Some(organ) = VERTICAL_ORGANS.iter().find(|o| text.starts_with(*o))
        {
            let below = self.parse(&text[organ.len()..]);
            if !below.segs.is_empty() {
                steps.push(Step::Filler {
                    text: organ.to_string(),
                });
                parsed = below;
            }
        }
        if parsed.segs.is_empty() {
            if let Some(region) = pin {
                let tail = self.tail_for(text, forced, true);
                return Outcome::Identified(self.make_identity(region, &tail, steps));
            }
            return self.placeless(text, ctx, steps);
        }
        let mut filler_iter = parsed.fillers.iter().peekable();
        for (k, seg) in parsed.segs.iter().enumerate() {
            while let Some((_, f)) = filler_iter.next_if(|(at, _)| *at == k) {
                steps.push(Step::Filler { text: f.clone() });
            }
            let candidates = self.codes(&seg.cands);
            match &seg.typo {
                Some(corrected) => steps.push(Step::Typo {
                    written: seg.text.clone(),
                    corrected: corrected.clone(),
                    candidates,
                }),
                None => steps.push(Step::Division {
                    text: seg.text.clone(),
                    via: seg.via,
                    candidates,
                }),
            }
        }
        if let Some(conflicting) = parsed.conflict {
            let matched: String = parsed.segs.iter().map(|s| s.text.as_str()).collect();
            return Outcome::Unresolved(Unresolved::Inconsistent {
                matched,
                conflicting,
            });
        }
        // Later parts narrow earlier ones: 朝阳区 in 朝阳区建外街道 is Beijing's.
        let mut segs = parsed.segs;
        for k in (0..segs.len().saturating_sub(1)).rev() {
            let next: Vec<Idx> = segs.get(k + 1).map(|s| s.cands.clone()).unwrap_or_default();
            if let Some(seg) = segs.get_mut(k) {
                let before = seg.cands.len();
                seg.cands
                    .retain(|&c| next.iter().any(|&n| t.is_ancestor(c, n)));
                if seg.cands.len() < before {
                    steps.push(Step::NarrowedByName {
                        text: seg.text.clone(),
                        kept: self.codes(&seg.cands),
                    });
                }
            }
        }
        if forced.is_none()
            && let Some(text) = looks_like_division(&parsed.rest)
        {
            return Outcome::Unresolved(Unresolved::NotInTable {
                matched: segs.iter().map(|s| s.text.as_str()).collect(),
                text: text.to_string(),
            });
        }
        let tail = self.tail_for(&parsed.rest, forced, false);
        let mut cands = segs.last().map(|s| s.cands.clone()).unwrap_or_default();
        if let Some(region) = pin {
            cands.retain(|&c| c == region || t.is_ancestor(region, c));
            if cands.is_empty() {
                return Outcome::Unresolved(Unresolved::Inconsistent {
                    matched: segs.iter().map(|s| s.text.as_str()).collect(),
                    conflicting: t.name_of(region).to_string(),
                });
            }
        }
        if cands.len() > 1 {
            let clues = Clues::new(t, ctx);
            cands = self.choose(cands, &clues, steps, |c, d| t.related(c, d));
        }
        self.finish(cands, &tail, steps)
    }

    /// The tail of a name, with a mapping's kind applied: a department kind turns the
    /// government's office (or a placeless name) into a department of that name.
    fn tail_for(&self, rest: &str, forced: Option<BodyKind>, placeless: bool) -> Tail {
        let tail = if placeless {
            match forced {
                Some(BodyKind::Department) => Tail::Department {
                    written: rest.to_string(),
                    name: rest.to_string(),
                },
                _ => Tail::Own {
                    suffix: String::new(),
                },
            }
        } else {
            classify(rest)
        };
        match (forced, tail) {
            (Some(BodyKind::Department), Tail::Office { text }) => {
                let name = OFFICE_OF
                    .iter()
                    .find_map(|p| text.strip_prefix(p))
                    .unwrap_or(&text)
                    .to_string();
                Tail::Department {
                    written: text,
                    name,
                }
            }
            (_, t) => t,
        }
    }

    fn finish(&self, cands: Vec<Idx>, tail: &Tail, steps: &mut Vec<Step>) -> Outcome {
        match cands.as_slice() {
            [] => Outcome::Unresolved(Unresolved::NoDivision),
            [one] => Outcome::Identified(self.make_identity(*one, tail, steps)),
            many => {
                let mut none = Vec::new();
                let ids = many
                    .iter()
                    .map(|&c| self.make_identity(c, tail, &mut none))
                    .collect();
                if let Some(s) = none.into_iter().next() {
                    steps.push(s);
                }
                Outcome::Ambiguous(ids)
            }
        }
    }

    /// A department (or government) named by its level word alone, or by no place at all:
    /// the division comes from the context.
    fn placeless(&self, text: &str, ctx: &Context, steps: &mut Vec<Step>) -> Outcome {
        let t = self.table;
        let (word, rest) = match level_word(text) {
            Some((w, r)) => (w, r),
            None if DEPARTMENT_ENDINGS.iter().any(|e| text.ends_with(e)) => ("", text),
            None => return Outcome::Unresolved(Unresolved::NoDivision),
        };
        steps.push(Step::LevelWord {
            word: word.to_string(),
        });
        let tail = classify(rest);
        let clues = Clues::new(t, ctx);
        let project = |d: Idx| -> Option<Idx> { self.project(d, word) };
        let mut cands: Vec<Idx> = Vec::new();
        for tier in TIERS {
            for c in clues.tier(tier) {
                for &d in &c.divs {
                    if let Some(p) = project(d)
                        && !cands.contains(&p)
                    {
                        cands.push(p);
                    }
                }
            }
            if !cands.is_empty() {
                break;
            }
        }
        if word.is_empty() && cands.len() > 1 {
            // No level: the deepest place, if the places named lie on one line of descent.
            let deepest = cands
                .iter()
                .copied()
                .find(|&c| cands.iter().all(|&o| o == c || t.is_ancestor(o, c)));
            if let Some(d) = deepest {
                cands = vec![d];
            }
        }
        if cands.is_empty() {
            return Outcome::Unresolved(Unresolved::NoRegion {
                word: word.to_string(),
            });
        }
        if cands.len() > 1 {
            cands = self.choose(cands, &clues, steps, |c, d| project(d) == Some(c));
        } else {
            let evidence = TIERS
                .iter()
                .flat_map(|&k| clues.tier(k))
                .filter(|cl| {
                    cl.divs
                        .iter()
                        .any(|&d| project(d) == cands.first().copied())
                })
                .take(3)
                .map(|cl| cl.evidence(t))
                .collect();
            steps.push(Step::Context {
                kept: self.codes(&cands),
                evidence,
            });
        }
        self.finish(cands, &tail, steps)
    }

    /// The division a level word refers to, seen from `d`: `d` or the nearest division above
    /// it at that level (市: a city, a municipality or a county-level city).
    fn project(&self, d: Idx, word: &str) -> Option<Idx> {
        let t = self.table;
        let fits = |i: Idx| -> bool {
            let level = t.level_of(i);
            let name = t.name_of(i);
            match word {
                "" => true,
                "省" => level == Level::Province && name.ends_with('省'),
                "自治区" => level == Level::Province && name.ends_with("自治区"),
                "市" => level == Level::City || (level != Level::Township && name.ends_with('市')),
                "州" | "盟" | "地区" => level == Level::City,
                "区" | "县" | "旗" => level == Level::County,
                "街道" => t.kind_of(i) == DivisionKind::Street,
                _ => false,
            }
        };
        let mut cur = Some(d);
        while let Some(c) = cur {
            if fits(c) {
                return Some(c);
            }
            cur = t.parent_of(c);
        }
        None
    }

    /// Narrow `cands` tier by tier with the context's evidence; never below what evidence
    /// supports.
    fn choose(
        &self,
        mut cands: Vec<Idx>,
        clues: &Clues<'_>,
        steps: &mut Vec<Step>,
        supports: impl Fn(Idx, Idx) -> bool,
    ) -> Vec<Idx> {
        for tier in TIERS {
            if cands.len() <= 1 {
                break;
            }
            let in_tier = clues.tier(tier);
            let kept: Vec<Idx> = cands
                .iter()
                .copied()
                .filter(|&c| {
                    in_tier
                        .iter()
                        .any(|cl| cl.divs.iter().any(|&d| supports(c, d)))
                })
                .collect();
            if !kept.is_empty() && kept.len() < cands.len() {
                let evidence = in_tier
                    .iter()
                    .filter(|cl| {
                        cl.divs
                            .iter()
                            .any(|&d| kept.iter().any(|&c| supports(c, d)))
                    })
                    .take(3)
                    .map(|cl| cl.evidence(self.table))
                    .collect();
                steps.push(Step::Context {
                    kept: self.codes(&kept),
                    evidence,
                });
                cands = kept;
            }
        }
        cands
    }

    fn codes(&self, idx: &[Idx]) -> Vec<String> {
        idx.iter().map(|&i| self.table.handle(i).code()).collect()
    }

    fn make_identity(&self, idx: Idx, tail: &Tail, steps: &mut Vec<Step>) -> Identity {
        let t = self.table;
        let d = t.handle(idx);
        let path: Vec<Place> = d
            .path()
            .iter()
            .map(|p| Place {
                code: p.code(),
                name: p.name().to_string(),
            })
            .collect();
        let full: String = path.iter().map(|p| p.name.as_str()).collect();
        let region = Region {
            code: d.code(),
            level: d.level(),
            kind: d.kind(),
            path,
        };
        let own = || {
            let kind = match d.kind() {
                DivisionKind::Province => BodyKind::ProvincialGovernment,
                DivisionKind::City => BodyKind::CityGovernment,
                DivisionKind::County => BodyKind::CountyGovernment,
                DivisionKind::Town | DivisionKind::Township => BodyKind::Township,
                DivisionKind::Street => BodyKind::StreetOffice,
                DivisionKind::OtherTownshipUnit => BodyKind::Department,
            };
            Identity {
                key: padded_code(d.short_code()),
                kind,
                name: own_title(&full, d.kind()),
                region: Some(region.clone()),
                department: None,
            }
        };
        match tail {
            Tail::Own { suffix } => {
                steps.push(Step::Government {
                    suffix: suffix.clone(),
                });
                own()
            }
            Tail::Office { text } => {
                steps.push(Step::GovernmentOffice { text: text.clone() });
                own()
            }
            Tail::Department { written, name } => {
                steps.push(Step::Department {
                    written: written.clone(),
                    name: name.clone(),
                });
                Identity {
                    key: format!("{}/{}", d.code(), name),
                    kind: BodyKind::Department,
                    name: format!("{full}{name}"),
                    region: Some(region),
                    department: Some(name.clone()),
                }
            }
        }
    }

    /// Split a normalised name into divisions, fillers between them, and the rest.
    fn parse(&self, s: &str) -> Parsed {
        let bounds: Vec<usize> = s
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(s.len()))
            .collect();
        let n = bounds.len() - 1;
        let at = |c: usize| bounds.get(c).copied().unwrap_or(s.len());
        let mut out = Parsed::default();
        let mut pos = 0usize;
        while pos < n {
            let parent: Option<Vec<Idx>> = out.segs.last().map(|s| s.cands.clone());
            let mut starts: Vec<(usize, Option<&str>)> = vec![(pos, None)];
            if parent.is_some() {
                for f in FILLERS {
                    if s[at(pos)..].starts_with(f) {
                        starts.push((pos + f.chars().count(), Some(f)));
                        break;
                    }
                }
            }
            let mut found = None;
            let mut conflict = None;
            for &(st, filler) in &starts {
                let (m, c) = self.longest_key(s, &bounds, st, parent.as_deref());
                if conflict.is_none() {
                    conflict = c;
                }
                if let Some(m) = m {
                    found = Some((filler, m));
                    break;
                }
            }
            // A typo is looked for only where the rest is not the body's own title.
            let titled = matches!(
                classify(&s[at(pos)..]),
                Tail::Own { .. } | Tail::Office { .. }
            );
            if found.is_none() && !titled {
                for &(st, filler) in &starts {
                    if let Some(m) = self.fuzzy_key(s, &bounds, st, parent.as_deref()) {
                        found = Some((filler, m));
                        break;
                    }
                }
            }
            match found {
                Some((filler, (seg, end))) => {
                    if let Some(f) = filler {
                        out.fillers.push((out.segs.len(), f.to_string()));
                    }
                    out.segs.push(seg);
                    pos = end;
                }
                None => {
                    out.conflict = conflict;
                    break;
                }
            }
        }
        out.rest = s[at(pos)..].to_string();
        out
    }

    /// The longest division name at char `st`, below `parent` if given. Also returns a
    /// name of three characters or more found there that does not fit below `parent`.
    fn longest_key(
        &self,
        s: &str,
        bounds: &[usize],
        st: usize,
        parent: Option<&[Idx]>,
    ) -> (Option<(Seg, usize)>, Option<String>) {
        let t = self.table;
        let n = bounds.len() - 1;
        let mut conflict = None;
        let max = t.max_chars().min(n.saturating_sub(st));
        for len in (2..=max).rev() {
            let (Some(&a), Some(&b)) = (bounds.get(st), bounds.get(st + len)) else {
                continue;
            };
            let key = &s[a..b];
            let Some(list) = t.lookup(key) else {
                continue;
            };
            if parent.is_none() && len == 2 && GENERIC_SHORT.contains(&key) {
                continue;
            }
            let cands: Vec<(Idx, Via)> = list
                .iter()
                .copied()
                .filter(|&(c, _)| match parent {
                    // Farms and zones only directly below their county: 宣城市开发区 is
                    // not a zone of one of the city's counties.
                    Some(p) if t.kind_of(c) == DivisionKind::OtherTownshipUnit => {
                        t.parent_of(c).is_some_and(|q| p.contains(&q))
                    }
                    Some(p) => p.iter().any(|&q| t.is_ancestor(q, c)),
                    // Farms and zones at township level have generic names (开发区,
                    // 工业园区): read first only when the name is long and theirs alone.
                    None => {
                        t.kind_of(c) != DivisionKind::OtherTownshipUnit
                            || (len >= 5 && list.len() == 1)
                    }
                })
                .collect();
            if cands.is_empty() {
                if len >= 3 && conflict.is_none() {
                    conflict = Some(key.to_string());
                }
                continue;
            }
            let via = cands
                .iter()
                .map(|c| c.1)
                .find(|v| *v == Via::Name)
                .unwrap_or(cands.first().map_or(Via::Name, |c| c.1));
            let seg = Seg {
                text: key.to_string(),
                via,
                typo: None,
                cands: cands.into_iter().map(|c| c.0).collect(),
            };
            return (Some((seg, st + len)), None);
        }
        (None, conflict)
    }

    /// A name one character off a division's spelling at char `st`: below `parent`, or, with
    /// no parent, among all spellings of four characters or more. The differing character
    /// is never the last (the level word: 镇, 乡, 街道 …), and exactly one spelling may fit.
    fn fuzzy_key(
        &self,
        s: &str,
        bounds: &[usize],
        st: usize,
        parent: Option<&[Idx]>,
    ) -> Option<(Seg, usize)> {
        let t = self.table;
        let rest: Vec<char> = s[bounds.get(st).copied().unwrap_or(s.len())..]
            .chars()
            .collect();
        let Some(parent) = parent else {
            let mut hits = Vec::new();
            for len in 4..=rest.len() {
                let Some(&last) = rest.get(len - 1) else {
                    continue;
                };
                for k in t.fuzzy_bucket(len, last) {
                    if one_off(k, &rest) {
                        for &(d, _) in t.lookup(k).unwrap_or_default() {
                            if t.kind_of(d) != DivisionKind::OtherTownshipUnit {
                                hits.push((k.to_string(), d));
                            }
                        }
                    }
                }
            }
            return self.fuzzy_seg(&rest, st, hits);
        };
        let mut hits = Vec::new();
        for &q in parent {
            for d in t.descendants(q) {
                if t.kind_of(d) == DivisionKind::OtherTownshipUnit {
                    continue;
                }
                for (sp, _) in t.spellings(d) {
                    if one_off(sp, &rest) && sp.chars().count() >= 3 {
                        hits.push((sp.clone(), d));
                    }
                }
            }
        }
        self.fuzzy_seg(&rest, st, hits)
    }

    /// One correction from `hits` (spelling, division): the longest spelling, if every other
    /// spelling hit names only divisions it names too (西街街道 and 西街街道办事处 are one).
    fn fuzzy_seg(
        &self,
        rest: &[char],
        st: usize,
        hits: Vec<(String, Idx)>,
    ) -> Option<(Seg, usize)> {
        let longest = hits
            .iter()
            .map(|h| &h.0)
            .max_by_key(|k| k.chars().count())?
            .clone();
        let mut cands: Vec<Idx> = hits
            .iter()
            .filter(|h| h.0 == longest)
            .map(|h| h.1)
            .collect();
        cands.sort_unstable();
        cands.dedup();
        if hits.iter().any(|(_, d)| !cands.contains(d)) {
            return None;
        }
        let len = longest.chars().count();
        let written: String = rest.iter().take(len).collect();
        Some((
            Seg {
                text: written,
                via: Via::Name,
                typo: Some(longest),
                cands,
            },
            st + len,
        ))
    }
}

/// Level words that end the names of divisions (not of departments).
const DIVISION_ENDINGS: [&str; 9] = ["镇", "乡", "街道", "苏木", "区", "县", "旗", "市", "办事处"];

/// The rest of a name, without its own title, if it reads as a division's name.
fn looks_like_division(rest: &str) -> Option<&str> {
    let stem = OWN_TITLES
        .iter()
        .filter(|t| !t.is_empty())
        .find_map(|t| rest.strip_suffix(t))
        .unwrap_or(rest);
    (stem.chars().count() >= 2 && DIVISION_ENDINGS.iter().any(|e| stem.ends_with(e)))
        .then_some(stem)
}

/// `key` equals the start of `rest` but for one character, which is not its last.
fn one_off(key: &str, rest: &[char]) -> bool {
    let mut diff = None;
    let mut n = 0;
    for (i, a) in key.chars().enumerate() {
        let Some(b) = rest.get(i) else {
            return false;
        };
        if a != *b {
            if diff.is_some() {
                return false;
            }
            diff = Some(i);
        }
        n = i + 1;
    }
    matches!(diff, Some(i) if i + 1 < n)
}

/// The canonical name of a division's own body.
fn own_title(full: &str, kind: DivisionKind) -> String {
    match kind {
        DivisionKind::Street => {
            if let Some(stem) = full.strip_suffix("街道") {
                format!("{stem}街道办事处")
            } else {
                full.to_string()
            }
        }
        DivisionKind::OtherTownshipUnit => full.to_string(),
        _ => {
            const ZONES: [&str; 7] = [
                "开发区",
                "园区",
                "管理区",
                "新区",
                "实验区",
                "示范区",
                "工业区",
            ];
            if full.ends_with("地区") || full.ends_with('盟') {
                format!("{full}行政公署")
            } else if ZONES.iter().any(|z| full.ends_with(z))
                || full.ends_with("委员会")
                || full.ends_with("管委会")
            {
                full.to_string()
            } else {
                format!("{full}人民政府")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    /// A small table: two 朝阳区, a county with two townships one character apart.
    const TABLE: &str = "\
11\t北京市
110105\t朝阳区
110105001\t建外街道
22\t吉林省
2201\t长春市
220104\t朝阳区
220104001\t前进街道
14\t山西省
1402\t大同市
140224\t灵丘县
140224100\t甲乙镇
140224101\t甲丙镇
140224102\t石家田乡
";

    fn outcome(t: &Divisions, name: &str) -> Outcome {
        Resolver::new(t).resolve(name, &Context::new()).outcome
    }

    fn key(o: &Outcome) -> &str {
        match o {
            Outcome::Identified(i) => &i.key,
            o => panic!("{o:?}"),
        }
    }

    #[test]
    fn a_typo_that_fits_two_names_is_not_corrected() {
        let t = Divisions::parse(TABLE).unwrap();
        assert_eq!(key(&outcome(&t, "灵丘县甲乙镇")), "140224100");
        assert_eq!(key(&outcome(&t, "灵丘县石家天乡政府")), "140224102");
        assert_eq!(
            outcome(&t, "灵丘县甲丁镇人民政府"),
            Outcome::Unresolved(Unresolved::NotInTable {
                matched: "灵丘县".into(),
                text: "甲丁镇".into()
            })
        );
        // The level word is never the corrected character.
        assert!(matches!(
            outcome(&t, "灵丘县石家田镇"),
            Outcome::Unresolved(Unresolved::NotInTable { .. })
        ));
    }

    #[test]
    fn later_parts_narrow_earlier_ones() {
        let t = Divisions::parse(TABLE).unwrap();
        assert!(matches!(outcome(&t, "朝阳区"), Outcome::Ambiguous(ref v) if v.len() == 2));
        assert_eq!(key(&outcome(&t, "朝阳区前进街道")), "220104001");
        assert_eq!(key(&outcome(&t, "前进街道办事处")), "220104001");
        assert!(matches!(
            outcome(&t, "北京市前进街道"),
            Outcome::Unresolved(Unresolved::Inconsistent { .. })
        ));
    }

    #[test]
    fn tails() {
        assert_eq!(
            classify("人民政府办公室"),
            Tail::Office {
                text: "人民政府办公室".into()
            }
        );
        assert_eq!(
            classify("党政办"),
            Tail::Office {
                text: "党政办".into()
            }
        );
        assert!(matches!(classify("办公室"), Tail::Department { .. }));
        assert_eq!(
            classify("人民政府国有资产监督管理委员会"),
            Tail::Department {
                written: "人民政府国有资产监督管理委员会".into(),
                name: "国有资产监督管理委员会".into()
            }
        );
        assert_eq!(level_word("市场监督管理局"), None);
        assert_eq!(level_word("市政府"), Some(("市", "政府")));
        assert_eq!(level_word("区教委"), Some(("区", "教委")));
        assert_eq!(looks_like_division("崇文区人民政府"), Some("崇文区"));
        assert_eq!(looks_like_division("教育局"), None);
    }
}
