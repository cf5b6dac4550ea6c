//! The truth of a synthetic report: metadata and the three tables, generated so that every
//! identity of the format holds (row sums, outcome sums, the balance, table-4 group sums).

use crate::names;
use gongkai_format::{Edition, RowRole, T3_COLUMNS, T4_COLUMNS, T4_GROUPS, ValueKind, edition_def};
use gongkai_report::BodyKind;
use rand::{Rng, RngExt};
use serde_json::{Map, Value as Json, json};

/// Money is kept in ten-thousandths of 万元 so that generated amounts stay exact.
pub const MONEY_SCALE: i64 = 10_000;

/// A cell value with the kind of its column (the kind decides how it may be written).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Value {
    pub kind: ValueKind,
    /// The count, or for money the amount in ten-thousandths of 万元.
    pub n: i64,
}

impl Value {
    pub fn count(n: i64) -> Value {
        Value {
            kind: ValueKind::Count,
            n,
        }
    }

    pub fn as_f64(self) -> f64 {
        match self.kind {
            // Counts and amounts of a report are far below 2^53: the conversion is exact.
            ValueKind::Money => self.n as f64 / MONEY_SCALE as f64,
            ValueKind::Count | ValueKind::SignedCount => self.n as f64,
        }
    }

    pub fn is_zero(self) -> bool {
        self.n == 0
    }

    /// The value as JSON: whole numbers as integers, money as a decimal when it has a fraction.
    pub fn to_json(self) -> Json {
        match self.kind {
            ValueKind::Money if self.n % MONEY_SCALE != 0 => json!(self.as_f64()),
            ValueKind::Money => json!(self.n / MONEY_SCALE),
            ValueKind::Count | ValueKind::SignedCount => json!(self.n),
        }
    }
}

/// A calendar date (no validation beyond what the generator produces).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// One row of table 2 with its values in the order of its block's columns.
#[derive(Clone, Debug, PartialEq)]
pub struct T2Row {
    pub key: &'static str,
    pub values: Vec<(&'static str, Value)>,
}

/// Table 2 carries its own edition: a report may print it in another edition than table 3
/// (that is what E-MIXED is about).
#[derive(Clone, Debug, PartialEq)]
pub struct Table2 {
    pub edition: Edition,
    pub rows: Vec<T2Row>,
}

/// One row of table 3: the seven columns in format order (the last is the total).
#[derive(Clone, Debug, PartialEq)]
pub struct T3Row {
    pub key: &'static str,
    pub values: [i64; 7],
}

/// The six sections as the document will print them.
#[derive(Clone, Debug, PartialEq)]
pub struct Structure {
    /// Which sections are printed (index 0 = section 1).
    pub present: [bool; 6],
    /// Number the headings `（二）` instead of `二、`.
    pub paren_numbering: bool,
}

impl Default for Structure {
    fn default() -> Self {
        Structure {
            present: [true; 6],
            paren_numbering: false,
        }
    }
}

/// A generated report: everything a correct reader must recover.
#[derive(Clone, Debug, PartialEq)]
pub struct SynthReport {
    pub org: String,
    pub body_kind: BodyKind,
    pub year: i32,
    pub published: Date,
    /// The edition of table 3 (and of the document unless table 2 differs).
    pub edition: Edition,
    pub table2: Table2,
    pub table3: Vec<T3Row>,
    /// Groups in format order (`T4_GROUPS`), columns in `T4_COLUMNS` order.
    pub table4: [[i64; 5]; 3],
    pub structure: Structure,
    /// A mistake put into the prose (the tables stay right); `None` for a clean report.
    pub prose_error: Option<names::ProseError>,
}

/// What to fix when generating; everything left `None` is drawn at random.
#[derive(Clone, Debug, Default)]
pub struct Spec {
    pub year: Option<i32>,
    pub edition: Option<Edition>,
    pub table2_edition: Option<Edition>,
    pub body_kind: Option<BodyKind>,
    pub published: Option<Date>,
    /// Keep the 2019 本年增/减 non-negative (the same draws, signs dropped).
    pub nonnegative_changes: bool,
}

/// How busy the body is: most are townships with almost nothing, a few handle thousands.
#[derive(Clone, Copy, Debug)]
enum Scale {
    Idle,
    Small,
    Medium,
    Large,
}

impl Scale {
    fn draw<R: Rng + ?Sized>(rng: &mut R) -> Scale {
        match rng.random_range(0..100) {
            0..35 => Scale::Idle,
            35..75 => Scale::Small,
            75..93 => Scale::Medium,
            _ => Scale::Large,
        }
    }

    /// Applications handled by the whole body in a year.
    fn applications<R: Rng + ?Sized>(self, rng: &mut R) -> i64 {
        match self {
            Scale::Idle => rng.random_range(0..=2),
            Scale::Small => rng.random_range(0..=15),
            Scale::Medium => rng.random_range(10..=200),
            Scale::Large => rng.random_range(200..=3000),
        }
    }

    /// A count for table 2 (decisions, documents), loosely following the scale.
    fn decisions<R: Rng + ?Sized>(self, rng: &mut R) -> i64 {
        if rng.random_bool(0.4) {
            return 0;
        }
        match self {
            Scale::Idle => rng.random_range(0..=5),
            Scale::Small => rng.random_range(0..=60),
            Scale::Medium => rng.random_range(0..=900),
            Scale::Large => rng.random_range(100..=20_000),
        }
    }
}

impl SynthReport {
    /// A clean report: consistent tables, the right edition for the year (with the odd
    /// 2021+ report still printed in the 2019 edition, as in the wild), published in time.
    pub fn generate<R: Rng + ?Sized>(rng: &mut R) -> SynthReport {
        SynthReport::generate_with(rng, &Spec::default())
    }

    pub fn generate_with<R: Rng + ?Sized>(rng: &mut R, spec: &Spec) -> SynthReport {
        let year = spec.year.unwrap_or_else(|| rng.random_range(2019..=2024));
        let edition = spec.edition.unwrap_or_else(|| {
            let due = Edition::for_report_year(year);
            // Only the 2019 edition is seen after its time; never the reverse.
            if due == Edition::E2021 && rng.random_bool(0.05) {
                Edition::E2019
            } else {
                due
            }
        });
        let body_kind = spec.body_kind.unwrap_or_else(|| names::body_kind(rng));
        let org = names::org(rng, body_kind);
        let published = spec
            .published
            .unwrap_or_else(|| in_time(rng, year, body_kind));
        let scale = match body_kind {
            BodyKind::Township | BodyKind::StreetOffice => {
                if rng.random_bool(0.85) {
                    Scale::Idle
                } else {
                    Scale::draw(rng)
                }
            }
            _ => Scale::draw(rng),
        };
        let mut table2 = gen_table2(
            rng,
            spec.table2_edition.unwrap_or(edition),
            scale,
            body_kind,
        );
        if spec.nonnegative_changes {
            for v in table2.rows.iter_mut().flat_map(|r| r.values.iter_mut()) {
                v.1.n = v.1.n.abs();
            }
        }
        let table3 = gen_table3(rng, edition, scale);
        let table4 = gen_table4(rng, scale);
        SynthReport {
            org,
            body_kind,
            year,
            published,
            edition,
            table2,
            table3,
            table4,
            structure: Structure::default(),
            prose_error: None,
        }
    }

    pub fn t3_row(&self, key: &str) -> Option<&T3Row> {
        self.table3.iter().find(|r| r.key == key)
    }

    pub fn t3_row_mut(&mut self, key: &str) -> Option<&mut T3Row> {
        self.table3.iter_mut().find(|r| r.key == key)
    }

    /// The tables in the shape the extractor reports them: `{table: {row: {col: number}}}`.
    pub fn expected(&self) -> Json {
        let mut t2 = Map::new();
        for r in &self.table2.rows {
            let cols: Map<String, Json> = r
                .values
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.to_json()))
                .collect();
            t2.insert(r.key.to_owned(), Json::Object(cols));
        }
        let mut t3 = Map::new();
        for r in &self.table3 {
            let cols: Map<String, Json> = T3_COLUMNS
                .iter()
                .zip(r.values)
                .map(|(c, v)| (c.key.to_owned(), json!(v)))
                .collect();
            t3.insert(r.key.to_owned(), Json::Object(cols));
        }
        let mut t4 = Map::new();
        for (g, vals) in T4_GROUPS.iter().zip(self.table4) {
            let cols: Map<String, Json> = T4_COLUMNS
                .iter()
                .zip(vals)
                .map(|(c, v)| (c.key.to_owned(), json!(v)))
                .collect();
            t4.insert(g.key.to_owned(), Json::Object(cols));
        }
        json!({"table2": t2, "table3": t3, "table4": t4})
    }

    /// Ground truth in the shape of `fixtures/corpus/truth/*.json` (table 3 rows as arrays of
    /// seven, table 4 groups as arrays of five, in column order).
    pub fn truth(&self, id: &str, source: &str, format: &str, notes: &str) -> Json {
        let t2 = self.expected().get("table2").cloned().unwrap_or(Json::Null);
        let t3: Map<String, Json> = self
            .table3
            .iter()
            .map(|r| (r.key.to_owned(), json!(r.values)))
            .collect();
        let t4: Map<String, Json> = T4_GROUPS
            .iter()
            .zip(self.table4)
            .map(|(g, v)| (g.key.to_owned(), json!(v)))
            .collect();
        json!({
            "id": id,
            "source": source,
            "format": format,
            "complete": true,
            "org": self.org,
            "year": self.year,
            "published": self.published.iso(),
            "edition": self.edition.as_str(),
            "table2": t2,
            "table3": t3,
            "table4": t4,
            "notes": notes,
        })
    }

    /// Applications received this year, all applicants (the narrative quotes it).
    pub fn new_received_total(&self) -> i64 {
        self.t3_row("new_received").map_or(0, |r| r.values[6])
    }
}

/// A publication date within the legal deadline for the body's kind.
fn in_time<R: Rng + ?Sized>(rng: &mut R, year: i32, kind: BodyKind) -> Date {
    let next = year + 1;
    match kind {
        BodyKind::Department => Date {
            year: next,
            month: 1,
            day: rng.random_range(5..=31),
        },
        _ => {
            let month = rng.random_range(1..=3);
            let day = rng.random_range(1..=if month == 2 { 28 } else { 31 });
            Date {
                year: next,
                month,
                day,
            }
        }
    }
}

/// A date after the deadline of a department (January 31 of the next year).
pub fn late_for_department<R: Rng + ?Sized>(rng: &mut R, year: i32) -> Date {
    let month = rng.random_range(2..=6);
    let day = rng.random_range(1..=28);
    Date {
        year: year + 1,
        month,
        day,
    }
}

fn gen_table2<R: Rng + ?Sized>(
    rng: &mut R,
    edition: Edition,
    scale: Scale,
    kind: BodyKind,
) -> Table2 {
    let def = edition_def(edition).table2;
    // Only governments above township level and departments make rules (T2-REGULATIONS).
    let makes_rules = matches!(
        kind,
        BodyKind::ProvincialGovernment | BodyKind::CityGovernment
    ) || (kind == BodyKind::Department && rng.random_bool(0.3));
    let mut rows = Vec::new();
    for (block, row) in def.rows() {
        let quiet = row.key == "regulations" && !makes_rules;
        let values = match block.columns.iter().map(|c| c.key).collect::<Vec<_>>()[..] {
            // Documents: 2021 issued/abolished/in force; 2019 made/published/total public.
            [a, b, c] if block.item == 1 => {
                let (x, y, z) = if quiet {
                    (0, 0, 0)
                } else {
                    doc_counts(rng, edition, scale)
                };
                vec![
                    (a, Value::count(x)),
                    (b, Value::count(y)),
                    (c, Value::count(z)),
                ]
            }
            _ => block
                .columns
                .iter()
                .map(|c| (c.key, t2_value(rng, c.key, c.kind, scale)))
                .collect(),
        };
        rows.push(T2Row {
            key: row.key,
            values,
        });
    }
    Table2 { edition, rows }
}

/// Document counts that pass the plausibility warnings (in force ≥ issued; public ≥ published).
fn doc_counts<R: Rng + ?Sized>(rng: &mut R, edition: Edition, scale: Scale) -> (i64, i64, i64) {
    let made = match scale {
        Scale::Idle => rng.random_range(0..=2),
        Scale::Small => rng.random_range(0..=8),
        Scale::Medium => rng.random_range(0..=40),
        Scale::Large => rng.random_range(5..=300),
    };
    match edition {
        Edition::E2021 => {
            let abolished = rng.random_range(0..=made / 2 + 1);
            let in_force = made + rng.random_range(0..=made * 5 + 3);
            (made, abolished, in_force)
        }
        Edition::E2019 => {
            let published = rng.random_range(0..=made);
            let total = published + rng.random_range(0..=made * 5 + 3);
            (made, published, total)
        }
    }
}

fn t2_value<R: Rng + ?Sized>(rng: &mut R, col: &str, kind: ValueKind, scale: Scale) -> Value {
    let n = match kind {
        ValueKind::Money => money(rng, scale),
        ValueKind::SignedCount => {
            if rng.random_bool(0.5) {
                0
            } else {
                let m = scale.decisions(rng).min(500) + 1;
                rng.random_range(-m..=m)
            }
        }
        ValueKind::Count if col == "projects" => scale.decisions(rng).min(400),
        ValueKind::Count => scale.decisions(rng),
    };
    Value { kind, n }
}

/// An amount in ten-thousandths of 万元: mostly none; otherwise up to four decimals.
fn money<R: Rng + ?Sized>(rng: &mut R, scale: Scale) -> i64 {
    if rng.random_bool(0.5) {
        return 0;
    }
    let max = match scale {
        Scale::Idle => 5 * MONEY_SCALE,
        Scale::Small => 100 * MONEY_SCALE,
        Scale::Medium => 5_000 * MONEY_SCALE,
        Scale::Large => 200_000 * MONEY_SCALE,
    };
    let n = rng.random_range(1..=max);
    // Fewer decimals now and then (12.5, 3.75, 100).
    match rng.random_range(0..4) {
        0 => n - n % MONEY_SCALE,
        1 => n - n % 100,
        _ => n,
    }
}

/// Table 3 built from its identities: per applicant column, the handled applications are
/// split over a few outcome rows; carried over / carried forward are drawn and the new ones
/// follow from the balance; the total column is the sum of the six others.
fn gen_table3<R: Rng + ?Sized>(rng: &mut R, edition: Edition, scale: Scale) -> Vec<T3Row> {
    let def = edition_def(edition).table3;
    let n_rows = def.rows.len();
    let mut grid = vec![[0i64; 7]; n_rows];
    let outcome_idx: Vec<usize> = def
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.role == RowRole::Outcome)
        .map(|(i, _)| i)
        .collect();
    let idx = |role: RowRole| def.rows.iter().position(|r| r.role == role);
    let inputs: Vec<usize> = def
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.role == RowRole::Input)
        .map(|(i, _)| i)
        .collect();
    let (Some(total_i), Some(cf_i), &[new_i, carried_i]) = (
        idx(RowRole::Total),
        idx(RowRole::CarryForward),
        inputs.as_slice(),
    ) else {
        return Vec::new();
    };
    let all = scale.applications(rng);
    // Natural persons file most applications; companies some; the others rarely.
    let shares = applicant_split(rng, all);
    for (c, handled) in shares.into_iter().enumerate() {
        for (k, part) in partition(rng, handled, &outcome_idx) {
            grid[k][c] += part;
        }
        grid[total_i][c] = handled;
        let cf = if handled > 0 && rng.random_bool(0.25) {
            rng.random_range(0..=handled / 5 + 1)
        } else {
            0
        };
        let carried = if rng.random_bool(0.25) {
            rng.random_range(0..=(handled + cf) / 4 + 1)
                .min(handled + cf)
        } else {
            0
        };
        grid[cf_i][c] = cf;
        grid[carried_i][c] = carried;
        grid[new_i][c] = handled + cf - carried;
    }
    for row in &mut grid {
        row[6] = row[..6].iter().sum();
    }
    def.rows
        .iter()
        .zip(grid)
        .map(|(r, values)| T3Row { key: r.key, values })
        .collect()
}

fn applicant_split<R: Rng + ?Sized>(rng: &mut R, all: i64) -> [i64; 6] {
    const WEIGHTS: [u32; 6] = [80, 12, 2, 2, 2, 2];
    let mut out = [0i64; 6];
    if all <= 50 {
        for _ in 0..all {
            out[weighted(rng, &WEIGHTS)] += 1;
        }
        return out;
    }
    let mut left = all;
    for (c, w) in WEIGHTS.iter().enumerate().skip(1) {
        let cap = (all * i64::from(*w) * 2 / 100).min(left);
        let v = if rng.random_bool(0.5) {
            0
        } else {
            rng.random_range(0..=cap)
        };
        out[c] = v;
        left -= v;
    }
    out[0] = left;
    out
}

fn weighted<R: Rng + ?Sized>(rng: &mut R, weights: &[u32]) -> usize {
    let sum: u32 = weights.iter().sum();
    let mut x = rng.random_range(0..sum.max(1));
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    0
}

/// Split `total` over a few of `rows` (granted and not-held are the usual outcomes).
fn partition<R: Rng + ?Sized>(rng: &mut R, total: i64, rows: &[usize]) -> Vec<(usize, i64)> {
    if total == 0 || rows.is_empty() {
        return Vec::new();
    }
    let weights: Vec<u32> = (0..rows.len())
        .map(|i| match i {
            0 => 50,      // granted
            1 => 10,      // partial
            10 => 20,     // not held (first row of 无法提供)
            12 | 13 => 6, // unclear / petition
            _ => 2,
        })
        .collect();
    let k = rng.random_range(1..=rows.len().min(5));
    let mut picked: Vec<usize> = Vec::new();
    for _ in 0..k {
        let i = weighted(rng, &weights);
        if !picked.contains(&i) {
            picked.push(i);
        }
    }
    let mut cuts: Vec<i64> = (1..picked.len())
        .map(|_| rng.random_range(0..=total))
        .collect();
    cuts.push(0);
    cuts.push(total);
    cuts.sort_unstable();
    picked
        .iter()
        .zip(cuts.windows(2))
        .filter_map(|(&i, w)| Some((*rows.get(i)?, w.get(1)? - w.first()?)))
        .collect()
}

fn gen_table4<R: Rng + ?Sized>(rng: &mut R, scale: Scale) -> [[i64; 5]; 3] {
    let mut out = [[0i64; 5]; 3];
    for g in &mut out {
        if rng.random_bool(0.7) {
            continue;
        }
        let n = match scale {
            Scale::Idle | Scale::Small => rng.random_range(0..=3),
            Scale::Medium => rng.random_range(0..=20),
            Scale::Large => rng.random_range(0..=150),
        };
        for _ in 0..n {
            g[weighted(rng, &[6, 2, 1, 2])] += 1;
        }
        g[4] = g[..4].iter().sum();
    }
    out
}
