use super::*;
use std::path::{Path, PathBuf};

#[test]
fn ids_are_unique() {
    let mut ids: Vec<_> = RULES.iter().map(|r| r.id).collect();
    ids.sort_unstable();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n);
}

#[test]
fn each_static_is_named_after_its_id() {
    assert_eq!(NAMES.len(), RULES.len());
    for (name, id) in NAMES {
        assert_eq!(name.replace('_', "-"), *id);
    }
}

#[test]
fn since_is_a_released_version() {
    for r in RULES {
        assert!(
            (1..=VERSION).contains(&r.since),
            "{}: since {}",
            r.id,
            r.since
        );
    }
}

#[test]
fn every_rule_of_the_spec_is_catalogued() {
    for id in [
        "T3-BALANCE",
        "T3-OUTCOMES",
        "T3-ROWSUM",
        "T3-NONNEG",
        "T3-EDITION",
        "T3-SUBTOTAL",
        "T4-GROUPSUM",
        "T4-NONNEG",
        "T2-NONNEG",
        "T2-FEE-UNIT",
        "T2-INFORCE",
        "T2-PUBLIC",
        "T2-REGULATIONS",
        "T2-HEADER",
        "S-SECTIONS",
        "S-NUMBERING",
        "S-TITLE",
        "E-EDITION-YEAR",
        "E-MIXED",
        "S-OVERVIEW",
        "D-DEADLINE",
        "D-TOWNSHIP",
        "D-PERIOD",
        "N-APPLICATIONS",
        "N-NONE",
        "N-LITIGATION",
        "N-TABLE2",
        "N-PERCENT",
        "N-FEES",
        "X-CARRY",
        "X-INFORCE",
        "X-PREVCOUNT",
        "X-COPY",
        "C-COPY",
        "C-OUTLIER",
        "R-SUMMARY",
    ] {
        assert!(rule(id).is_some(), "{id}");
    }
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn docs_rules_md_is_generated_from_the_catalogue() {
    let path = repo().join("docs/rules.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == markdown(),
        "docs/rules.md is stale: run `cargo run -q -p gongkai-check --example rules-md > docs/rules.md`"
    );
}

/// Every `.rs` file under a folder, recursively.
fn sources(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs")
            && let Ok(text) = std::fs::read_to_string(&p)
        {
            out.push((p, text));
        }
    }
}

/// `"P-…"` string literals: the ids the extractor writes by string.
fn reading_ids(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("\"P-") {
        let tail = &rest[at + 1..];
        let len = tail
            .find(|c: char| !(c.is_ascii_uppercase() || c == '-'))
            .unwrap_or(tail.len());
        if len > 2 && tail[len..].starts_with('"') {
            out.push(&tail[..len]);
        }
        rest = &tail[len..];
    }
    out
}

/// The extractor is another crate (and is edited by others): it names its rules by string.
/// An id it emits that the catalogue does not know fails here, and so does an entry of
/// [`EXTRACTOR`] it no longer emits.
#[test]
fn the_extractor_emits_only_catalogued_reading_rules() {
    let mut files = Vec::new();
    sources(&repo().join("crates/extract/src"), &mut files);
    assert!(!files.is_empty(), "crates/extract/src not found");
    let mut seen = Vec::new();
    for (path, text) in &files {
        for id in reading_ids(text) {
            let r = rule(id).unwrap_or_else(|| {
                panic!(
                    "{} emits {id}, which is not in the catalogue",
                    path.display()
                )
            });
            assert_eq!(r.scope, Scope::Reading, "{id}");
            assert!(
                EXTRACTOR.iter().any(|e| e.id == id),
                "{} emits {id}: add it to catalogue::EXTRACTOR",
                path.display()
            );
            seen.push(id.to_owned());
        }
    }
    for r in EXTRACTOR {
        assert!(
            seen.iter().any(|s| s == r.id),
            "{} is listed in catalogue::EXTRACTOR but the extractor no longer emits it",
            r.id
        );
    }
}

#[test]
fn reading_ids_are_found_in_source_text() {
    let src = r#"Finding::new("P-ROW-AMBIGUOUS", x); let s = "P-"; f("P-TEXT-CUT")"#;
    assert_eq!(reading_ids(src), ["P-ROW-AMBIGUOUS", "P-TEXT-CUT"]);
}
