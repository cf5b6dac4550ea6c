//! Cell slots: every (table, row, col) of the format numbered once per store (`cell_keys`).
//! The keys come from `gongkai-format`; a store written by a newer build may hold keys this
//! build does not know, which are carried as text.

use crate::db::{Conn, Val};
use crate::error::StoreError;
use gongkai_format::{CellRef, Edition, T3_COLUMNS, T4_COLUMNS, T4_GROUPS, TableId, edition_def};
use std::collections::HashMap;
use std::sync::OnceLock;

/// A cell's keys as stored.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CellKey {
    /// `table2`, `table3`, `table4`.
    pub table: String,
    /// Row key (table 4: the group).
    pub row: String,
    /// Column key.
    pub col: String,
}

impl CellKey {
    /// The format's reference for it, if this build knows the keys.
    pub fn cell_ref(&self) -> Option<CellRef> {
        format_index()
            .get(&(self.table.as_str(), self.row.as_str(), self.col.as_str()))
            .copied()
    }
}

impl std::fmt::Display for CellKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.table, self.row, self.col)
    }
}

/// Every cell of both editions, in template order (table 2, 3, 4; rows, then columns).
pub fn format_cells() -> &'static [CellRef] {
    static CELLS: OnceLock<Vec<CellRef>> = OnceLock::new();
    CELLS.get_or_init(|| {
        let mut v: Vec<CellRef> = Vec::new();
        let mut push = |c: CellRef| {
            if !v.contains(&c) {
                v.push(c);
            }
        };
        for e in [Edition::E2021, Edition::E2019] {
            for (block, row) in edition_def(e).table2.rows() {
                for col in block.columns {
                    push(CellRef {
                        table: TableId::Table2,
                        row: row.key,
                        col: col.key,
                    });
                }
            }
        }
        for e in [Edition::E2021, Edition::E2019] {
            for row in edition_def(e).table3.rows {
                for col in &T3_COLUMNS {
                    push(CellRef {
                        table: TableId::Table3,
                        row: row.key,
                        col: col.key,
                    });
                }
            }
        }
        for g in &T4_GROUPS {
            for col in &T4_COLUMNS {
                push(CellRef {
                    table: TableId::Table4,
                    row: g.key,
                    col: col.key,
                });
            }
        }
        v
    })
}

type Index = HashMap<(&'static str, &'static str, &'static str), CellRef>;

fn format_index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        format_cells()
            .iter()
            .map(|c| ((c.table.key(), c.row, c.col), *c))
            .collect()
    })
}

/// The store's slots.
#[derive(Clone, Debug, Default)]
pub(crate) struct Slots {
    by_slot: HashMap<i64, CellKey>,
    by_key: HashMap<(String, String, String), i64>,
    by_ref: HashMap<CellRef, i64>,
}

impl Slots {
    /// Read the store's slots and add the format's keys it lacks. In a transaction.
    pub fn sync(conn: &mut Conn) -> Result<Slots, StoreError> {
        let mut s = Slots::load(conn)?;
        let missing: Vec<&CellRef> = format_cells()
            .iter()
            .filter(|c| s.slot(c.table.key(), c.row, c.col).is_none())
            .collect();
        if missing.is_empty() {
            return Ok(s);
        }
        conn.begin()?;
        let r = (|| {
            // Re-read under the write lock: another process may have added them.
            s = Slots::load(conn)?;
            let mut next = s.by_slot.keys().max().map_or(1, |m| m + 1);
            let mut rows = Vec::new();
            for c in format_cells() {
                if s.slot(c.table.key(), c.row, c.col).is_none() {
                    rows.push(vec![
                        Val::Int(next),
                        Val::from(c.table.key()),
                        Val::from(c.row),
                        Val::from(c.col),
                    ]);
                    s.insert(next, c.table.key(), c.row, c.col);
                    next += 1;
                }
            }
            conn.insert_many("cell_keys", &["slot", "tbl", "row_key", "col"], &rows, "")
        })();
        match r {
            Ok(()) => conn.commit()?,
            Err(e) => {
                let _ = conn.rollback();
                return Err(e);
            }
        }
        Ok(s)
    }

    fn load(conn: &mut Conn) -> Result<Slots, StoreError> {
        let mut s = Slots::default();
        for r in conn.query("SELECT slot, tbl, row_key, col FROM cell_keys", &[])? {
            s.insert(r.int(0), &r.text(1), &r.text(2), &r.text(3));
        }
        Ok(s)
    }

    fn insert(&mut self, slot: i64, table: &str, row: &str, col: &str) {
        let key = CellKey {
            table: table.to_owned(),
            row: row.to_owned(),
            col: col.to_owned(),
        };
        self.by_key
            .insert((key.table.clone(), key.row.clone(), key.col.clone()), slot);
        if let Some(r) = key.cell_ref() {
            self.by_ref.insert(r, slot);
        }
        self.by_slot.insert(slot, key);
    }

    pub fn slot(&self, table: &str, row: &str, col: &str) -> Option<i64> {
        // Lookups by borrowed parts: the map is small (a few hundred keys).
        self.by_key
            .get(&(table.to_owned(), row.to_owned(), col.to_owned()))
            .copied()
    }

    /// The slot of a cell of the format (no allocation: the hot path of ingest).
    pub fn slot_of(&self, r: &CellRef) -> Option<i64> {
        self.by_ref.get(r).copied()
    }

    pub fn key(&self, slot: i64) -> Option<&CellKey> {
        self.by_slot.get(&slot)
    }

    /// Slots in template order (the format's order, then unknown keys by slot).
    pub fn ordered(&self) -> Vec<(i64, &CellKey)> {
        let mut v: Vec<(i64, &CellKey)> = self.by_slot.iter().map(|(s, k)| (*s, k)).collect();
        let pos = |k: &CellKey| {
            k.cell_ref()
                .and_then(|c| format_cells().iter().position(|f| *f == c))
                .unwrap_or(usize::MAX)
        };
        v.sort_by_key(|(s, k)| (pos(k), *s));
        v
    }
}
