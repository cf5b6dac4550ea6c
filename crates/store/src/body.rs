//! A report's body as the store keeps it, from what `gongkai-bodies` resolved.

use gongkai_bodies::{Divisions, Identity, Outcome, Resolution};
use gongkai_report::BodyKind;

/// How sure the identity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyStatus {
    /// One identity from the division table or the mapping file.
    Identified,
    /// Several identities fit; the reports are kept under the name as read until a mapping
    /// decides.
    Ambiguous,
    /// No identity; kept under the name as read.
    Unresolved,
}

impl BodyStatus {
    /// `identified`, `ambiguous`, `unresolved`.
    pub fn as_str(self) -> &'static str {
        match self {
            BodyStatus::Identified => "identified",
            BodyStatus::Ambiguous => "ambiguous",
            BodyStatus::Unresolved => "unresolved",
        }
    }

    pub(crate) fn parse(s: &str) -> BodyStatus {
        match s {
            "identified" => BodyStatus::Identified,
            "ambiguous" => BodyStatus::Ambiguous,
            _ => BodyStatus::Unresolved,
        }
    }
}

/// A body: its identity key, names, kind and region, and how it was derived.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BodyRecord {
    /// The identity key (`110105`, `110105/教育委员会`), or `name:NAME` for a name without
    /// one identity (ambiguous or unresolved: never guessed).
    pub key: String,
    /// Canonical name, or the name as read.
    pub name: String,
    /// Its kind, when known (for unidentified bodies: as the report says).
    pub kind: Option<BodyKind>,
    /// How sure.
    pub status: BodyStatus,
    /// GB/T 2260-style code of its region (6 or 9 digits).
    pub region_code: Option<String>,
    /// The code without the padding of provinces and cities (`11`, `1101`): every region
    /// within it starts with it.
    pub region_prefix: Option<String>,
    /// `北京市 › 朝阳区`.
    pub region_path: Option<String>,
    /// The department's name, for a department.
    pub department: Option<String>,
    /// The derivation, step by step.
    pub derivation: String,
    /// For an ambiguous name: the candidates, `KEY NAME | KEY NAME`.
    pub candidates: Option<String>,
}

/// The code without padding: `110000` → `11`, `130100` → `1301`, others as they are.
pub fn region_prefix(code: &str) -> String {
    if code.len() == 6 {
        if let Some(p) = code.strip_suffix("0000") {
            return p.to_owned();
        }
        if let Some(p) = code.strip_suffix("00") {
            return p.to_owned();
        }
    }
    code.to_owned()
}

impl BodyRecord {
    /// The record of an identity.
    pub fn from_identity(id: &Identity, derivation: String) -> BodyRecord {
        BodyRecord {
            key: id.key.clone(),
            name: id.name.clone(),
            kind: Some(id.kind),
            status: BodyStatus::Identified,
            region_code: id.region.as_ref().map(|r| r.code.clone()),
            region_prefix: id.region.as_ref().map(|r| region_prefix(&r.code)),
            region_path: id.region.as_ref().map(|r| r.path_text()),
            department: id.department.clone(),
            derivation,
            candidates: None,
        }
    }

    /// The record of a report's body name as resolved: an identity, or the name itself
    /// when it has none (`kind` is then the report's own reading of its kind).
    pub fn from_resolution(res: &Resolution, kind: Option<BodyKind>) -> BodyRecord {
        let derivation = res.derivation();
        match &res.outcome {
            Outcome::Identified(id) => BodyRecord::from_identity(id, derivation),
            Outcome::Ambiguous(ids) => BodyRecord {
                candidates: Some(
                    ids.iter()
                        .map(|i| format!("{} {}", i.key, i.name))
                        .collect::<Vec<_>>()
                        .join(" | "),
                ),
                ..BodyRecord::unplaced(&res.input, kind, BodyStatus::Ambiguous, derivation)
            },
            Outcome::Unresolved(why) => {
                let derivation = if derivation.is_empty() {
                    why.to_string()
                } else {
                    format!("{derivation}; {why}")
                };
                BodyRecord::unplaced(&res.input, kind, BodyStatus::Unresolved, derivation)
            }
        }
    }

    fn unplaced(
        name: &str,
        kind: Option<BodyKind>,
        status: BodyStatus,
        derivation: String,
    ) -> BodyRecord {
        let name: String = name.split_whitespace().collect();
        BodyRecord {
            key: format!("name:{name}"),
            name,
            kind,
            status,
            region_code: None,
            region_prefix: None,
            region_path: None,
            department: None,
            derivation,
            candidates: None,
        }
    }
}

/// A region named by the user (`--region`): a code (2/4/6/9 digits, or padded), or a name of
/// the division table. Returns the prefix to select by, or the candidates when a name fits
/// several divisions.
pub fn region_selector(table: &Divisions, text: &str) -> Result<String, Vec<(String, String)>> {
    let t = text.trim();
    if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) {
        return Ok(region_prefix(t));
    }
    let found = table.named(t);
    match found.as_slice() {
        [one] => Ok(one.short_code().to_owned()),
        [] => Err(Vec::new()),
        many => Err(many.iter().map(|d| (d.code(), d.full_name())).collect()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use gongkai_bodies::{Context, Resolver};

    #[test]
    fn identities_keep_their_region_and_names_without_one_are_not_guessed() {
        let table = Divisions::embedded().unwrap();
        let r = Resolver::new(table);
        let a = BodyRecord::from_resolution(
            &r.resolve("北京市朝阳区教育委员会", &Context::new()),
            None,
        );
        assert_eq!(a.key, "110105/教育委员会");
        assert_eq!(a.region_prefix.as_deref(), Some("110105"));
        assert_eq!(a.status, BodyStatus::Identified);
        let b = BodyRecord::from_resolution(&r.resolve("朝阳区教委", &Context::new()), None);
        assert_eq!(b.status, BodyStatus::Ambiguous);
        assert_eq!(b.key, "name:朝阳区教委");
        assert!(b.candidates.unwrap().contains("110105"));
    }

    #[test]
    fn regions_by_code_or_name() {
        let table = Divisions::embedded().unwrap();
        assert_eq!(region_selector(table, "110000").unwrap(), "11");
        assert_eq!(region_selector(table, "北京市").unwrap(), "11");
        assert!(region_selector(table, "朝阳区").unwrap_err().len() >= 2);
    }
}
