//! Many names (all reports of a store) grouped into identities.

use std::collections::{BTreeMap, HashMap};

use crate::context::Context;
use crate::resolve::{Identity, Outcome, Resolution, Resolver, Step};

/// One identity and every name it was found under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The identity.
    pub identity: Identity,
    /// Each name as written → how often and how it was derived.
    pub names: BTreeMap<String, NameUse>,
    /// The mapping file's line, for an identity the mapping defines.
    pub mapped_line: Option<usize>,
}

/// A name as written and how it came to its identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameUse {
    /// Times added.
    pub count: usize,
    /// The derivation of its first occurrence.
    pub steps: Vec<Step>,
}

/// A name without a single identity: how often, and its (first) resolution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unplaced {
    /// Times added.
    pub count: usize,
    /// The first resolution (its outcome lists the candidates or says why none).
    pub resolution: Resolution,
}

/// Groups names into identities.
///
/// ```
/// use gongkai_bodies::{Context, Divisions, Registry, Resolver};
/// let table = Divisions::embedded().unwrap();
/// let resolver = Resolver::new(table);
/// let mut reg = Registry::new(&resolver);
/// reg.add("灵丘县石家田乡人民政府", &Context::new());
/// reg.add("灵丘县石家田乡", &Context::new());
/// reg.add("朝阳区人民政府", &Context::new());
/// assert_eq!(reg.entries().count(), 1);
/// assert_eq!(reg.ambiguous().count(), 1);
/// ```
#[derive(Debug)]
pub struct Registry<'r, 't> {
    resolver: &'r Resolver<'t>,
    entries: BTreeMap<String, Entry>,
    ambiguous: BTreeMap<String, Unplaced>,
    unresolved: BTreeMap<String, Unplaced>,
    /// Resolutions that did not depend on the context, by name.
    cache: HashMap<String, Resolution>,
}

impl<'r, 't> Registry<'r, 't> {
    /// An empty registry.
    pub fn new(resolver: &'r Resolver<'t>) -> Self {
        Registry {
            resolver,
            entries: BTreeMap::new(),
            ambiguous: BTreeMap::new(),
            unresolved: BTreeMap::new(),
            cache: HashMap::new(),
        }
    }

    /// A registry that lists every body of the mapping file, even before any name of it is
    /// added (so bodies that never reported show up).
    pub fn with_mapped_bodies(resolver: &'r Resolver<'t>) -> Self {
        let mut r = Registry::new(resolver);
        for (id, line) in resolver.mapped_identities() {
            r.entries.entry(id.key.clone()).or_insert_with(|| Entry {
                identity: id.clone(),
                names: BTreeMap::new(),
                mapped_line: Some(line),
            });
        }
        r
    }

    /// Resolve `name` in its document's context and file it.
    pub fn add(&mut self, name: &str, ctx: &Context) -> Resolution {
        let res = match self.cache.get(name) {
            Some(r) => r.clone(),
            None => {
                let r = self.resolver.resolve(name, ctx);
                if !r.used_context() {
                    self.cache.insert(name.to_string(), r.clone());
                }
                r
            }
        };
        match &res.outcome {
            Outcome::Identified(id) => {
                let mapped_line = res.steps.iter().find_map(|s| match s {
                    Step::MappedName { line } | Step::MappedBody { line } => Some(*line),
                    _ => None,
                });
                let e = self.entries.entry(id.key.clone()).or_insert_with(|| Entry {
                    identity: id.clone(),
                    names: BTreeMap::new(),
                    mapped_line,
                });
                e.names
                    .entry(name.to_string())
                    .or_insert_with(|| NameUse {
                        count: 0,
                        steps: res.steps.clone(),
                    })
                    .count += 1;
            }
            Outcome::Ambiguous(_) => file(&mut self.ambiguous, name, &res),
            Outcome::Unresolved(_) => file(&mut self.unresolved, name, &res),
        }
        res
    }

    /// Identities, by key.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.values()
    }

    /// Names that fit several identities, by name.
    pub fn ambiguous(&self) -> impl Iterator<Item = (&str, &Unplaced)> {
        self.ambiguous.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Names without identity, by name.
    pub fn unresolved(&self) -> impl Iterator<Item = (&str, &Unplaced)> {
        self.unresolved.iter().map(|(k, v)| (k.as_str(), v))
    }
}

fn file(map: &mut BTreeMap<String, Unplaced>, name: &str, res: &Resolution) {
    map.entry(name.to_string())
        .or_insert_with(|| Unplaced {
            count: 0,
            resolution: res.clone(),
        })
        .count += 1;
}
