//! What a finding is about, and its stable id.
//!
//! A finding's identity is what it is about — the body, the report year, the rule and the
//! cells — not the run or the file that produced it, so a waiver keyed by it survives re-runs,
//! re-ingests and renamed files. Its *fingerprint* is what it says (message and evidence
//! labels, which carry the values): the same id with another fingerprint is the same question
//! with another answer, and a waiver given for the old answer no longer applies.

use gongkai_bodies::{Context, Outcome, Resolver};
use gongkai_report::{Finding, Report};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;

/// The body and year a report is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subject {
    /// The body's key: its identity (`110105/教育委员会`, `350128`), or, when its name could
    /// not be resolved, `name:NAME`; `file:SHA256` when the report names no body.
    pub body: String,
    /// The name to show.
    pub name: String,
    pub year: Option<i32>,
    /// How the key was found (`identity`, `unresolved name`, `ambiguous name`, `no body name`).
    pub how: &'static str,
}

/// Characters of a report's text given to the resolver as context (the body names itself
/// early; the same window `gongkai bodies` uses).
const CONTEXT_CHARS: usize = 4000;

impl Subject {
    /// The subject of a report: its body resolved to an identity (`gongkai-bodies`) with the
    /// title, path and beginning of the text as context.
    pub fn of(report: &Report, text: Option<&str>, resolver: &Resolver<'_>) -> Subject {
        Subject::resolved(report, text, resolver).0
    }

    /// The subject, and whether the resolution depended on the document (not only its name).
    fn resolved(report: &Report, text: Option<&str>, resolver: &Resolver<'_>) -> (Subject, bool) {
        let year = report.meta.year.as_ref().map(|y| y.value);
        let Some(org) = report.meta.org.as_ref().map(|o| o.value.trim()) else {
            let s = Subject {
                body: format!("file:{}", file_key(report)),
                name: report.source.path.clone(),
                year,
                how: "no body name",
            };
            return (s, true);
        };
        let mut ctx = Context::new().source(report.source.path.clone());
        if let Some(t) = &report.meta.title {
            ctx = ctx.title(t.value.clone());
        }
        if let Some(text) = text {
            ctx = ctx.text(text.chars().take(CONTEXT_CHARS).collect::<String>());
        }
        let r = resolver.resolve(org, &ctx);
        let s = match (&r.outcome, r.identity()) {
            (_, Some(id)) => Subject {
                body: id.key.clone(),
                name: id.name.clone(),
                year,
                how: "identity",
            },
            (Outcome::Ambiguous(_), None) => Subject::by_name(org, year, "ambiguous name"),
            _ => Subject::by_name(org, year, "unresolved name"),
        };
        (s, r.used_context())
    }

    fn by_name(org: &str, year: Option<i32>, how: &'static str) -> Subject {
        let name: String = org.chars().filter(|c| !c.is_whitespace()).collect();
        Subject {
            body: format!("name:{name}"),
            name,
            year,
            how,
        }
    }

    /// A subject given directly (tests, the store).
    pub fn new(body: impl Into<String>, name: impl Into<String>, year: Option<i32>) -> Subject {
        Subject {
            body: body.into(),
            name: name.into(),
            year,
            how: "given",
        }
    }
}

/// [`Subject::of`] for a batch: names that resolved without their document's context are
/// remembered (a batch repeats its bodies' names, and resolving a name costs more than
/// checking a report); the same answers as [`Subject::of`].
#[derive(Debug, Default)]
pub struct Subjects {
    known: Mutex<HashMap<String, Subject>>,
}

impl Subjects {
    pub fn of(&self, report: &Report, text: Option<&str>, resolver: &Resolver<'_>) -> Subject {
        let year = report.meta.year.as_ref().map(|y| y.value);
        let org = report.meta.org.as_ref().map(|o| o.value.trim().to_owned());
        if let Some(org) = &org
            && let Some(s) = self.known.lock().ok().and_then(|k| k.get(org).cloned())
        {
            return Subject { year, ..s };
        }
        let (s, used) = Subject::resolved(report, text, resolver);
        if let Some(org) = org
            && !used
            && let Ok(mut k) = self.known.lock()
        {
            k.insert(org, s.clone());
        }
        s
    }
}

fn file_key(report: &Report) -> String {
    if report.source.sha256.is_empty() {
        hex(&Sha256::digest(report.source.path.as_bytes()))
    } else {
        report.source.sha256.clone()
    }
}

/// A finding's stable id: `GK-` and 12 hex digits (see `docs/output.md`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FindingId(pub String);

impl fmt::Display for FindingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FindingId {
    /// The id of what a finding is about: SHA-256 over `gongkai.finding/1`, the body key, the
    /// year (`-` if unknown), the rule id and the sorted, de-duplicated cells, one per line;
    /// the first 12 hex digits. The `n`th (from 2) finding of one report with the same key
    /// (a rule that reports several places without cells) gets `-n` appended.
    pub fn new(subject: &Subject, rule: &str, cells: &[String], n: usize) -> FindingId {
        let mut cells: Vec<&str> = cells.iter().map(String::as_str).collect();
        cells.sort_unstable();
        cells.dedup();
        let year = subject
            .year
            .map_or_else(|| "-".to_owned(), |y| y.to_string());
        let key = format!(
            "gongkai.finding/1\n{}\n{year}\n{rule}\n{}",
            subject.body,
            cells.join("\n")
        );
        let h = hex(&Sha256::digest(key.as_bytes()));
        let short = h.get(..12).unwrap_or(&h);
        if n > 1 {
            FindingId(format!("GK-{short}-{n}"))
        } else {
            FindingId(format!("GK-{short}"))
        }
    }

    /// Whether a string has the shape of an id (to refuse typos early).
    pub fn is_well_formed(s: &str) -> bool {
        let Some(rest) = s.strip_prefix("GK-") else {
            return false;
        };
        let (hash, n) = match rest.split_once('-') {
            Some((h, n)) => (h, Some(n)),
            None => (rest, None),
        };
        hash.len() == 12
            && hash
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
            && n.is_none_or(|n| n.parse::<usize>().is_ok_and(|n| n > 1))
    }
}

/// What a finding says: 12 hex digits of SHA-256 over its message and evidence labels.
pub fn fingerprint(f: &Finding) -> String {
    let mut h = Sha256::new();
    h.update(f.message.as_bytes());
    for e in &f.evidence {
        h.update(b"\n");
        h.update(e.label.as_bytes());
    }
    let h = hex(&h.finalize());
    h.get(..12).unwrap_or(&h).to_owned()
}

/// Ids of a report's findings, in order: repeated keys numbered in the order the checks
/// emitted them.
pub fn ids(subject: &Subject, findings: &[Finding]) -> Vec<FindingId> {
    let mut seen: HashMap<FindingId, usize> = HashMap::new();
    findings
        .iter()
        .map(|f| {
            let base = FindingId::new(subject, f.rule, &f.cells, 1);
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            if *n == 1 {
                base
            } else {
                FindingId::new(subject, f.rule, &f.cells, *n)
            }
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    use fmt::Write as _;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use gongkai_report::Severity;

    #[test]
    fn ids_depend_on_what_the_finding_is_about_only() {
        let s = Subject::new("110105", "北京市朝阳区人民政府", Some(2023));
        let a = FindingId::new(&s, "T3-BALANCE", &["b".into(), "a".into()], 1);
        let b = FindingId::new(&s, "T3-BALANCE", &["a".into(), "b".into(), "a".into()], 1);
        assert_eq!(a, b, "cell order and repeats do not matter");
        assert!(FindingId::is_well_formed(&a.0), "{a}");
        let other_year = Subject::new("110105", "x", Some(2022));
        assert_ne!(
            a,
            FindingId::new(&other_year, "T3-BALANCE", &["a".into()], 1)
        );
        assert_ne!(
            a,
            FindingId::new(&s, "T3-ROWSUM", &["a".into(), "b".into()], 1)
        );
        // a fixed vector (computed apart from this code, by the recipe in docs/output.md), so
        // the documented recipe and the code cannot drift
        assert_eq!(FindingId::new(&s, "S-TITLE", &[], 1).0, "GK-dcc514db55b2");
        assert!(!FindingId::is_well_formed("GK-ABC"));
        assert!(!FindingId::is_well_formed("GK-0123456789ab-1"));
        assert!(FindingId::is_well_formed("GK-0123456789ab-2"));
    }

    #[test]
    fn remembered_subjects_are_those_of_subject_of() {
        use gongkai_bodies::Divisions;
        use gongkai_report::{Located, Source};
        let resolver = Resolver::new(Divisions::embedded().unwrap());
        let report = |org: &str, year: i32| {
            let mut r = Report::new(Source::default());
            r.meta.org = Some(Located {
                value: org.into(),
                span: 0..0,
                line: 1,
            });
            r.meta.year = Some(Located {
                value: year,
                span: 0..0,
                line: 1,
            });
            r
        };
        let subjects = Subjects::default();
        for (org, year) in [
            ("北京市朝阳区教育委员会", 2022),
            ("北京市朝阳区教育委员会", 2023),
            ("朝阳区教委", 2023),
            ("某某公司", 2021),
        ] {
            let r = report(org, year);
            assert_eq!(
                subjects.of(&r, None, &resolver),
                Subject::of(&r, None, &resolver),
                "{org} {year}"
            );
        }
    }

    #[test]
    fn repeated_keys_are_numbered_and_fingerprints_follow_the_values() {
        let s = Subject::new("b", "b", None);
        let f = |m: &str| Finding::new("S-NUMBERING", Severity::Warning, m);
        let ids = ids(&s, &[f("x"), f("y"), f("z")]);
        assert_eq!(ids[1].0, format!("{}-2", ids[0].0));
        assert_eq!(ids[2].0, format!("{}-3", ids[0].0));
        assert_ne!(fingerprint(&f("x")), fingerprint(&f("y")));
        assert_eq!(fingerprint(&f("x")), fingerprint(&f("x")));
    }
}
